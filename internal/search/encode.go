package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// The binary files are sequences of unsigned LEB128 varints, bytes and
// strings (a varint byte length, then UTF-8).

type encoder struct{ b []byte }

func (e *encoder) uint(v int)      { e.b = binary.AppendUvarint(e.b, uint64(v)) }
func (e *encoder) byte(v byte)     { e.b = append(e.b, v) }
func (e *encoder) bytes(p []byte)  { e.b = append(e.b, p...) }
func (e *encoder) string(s string) { e.uint(len(s)); e.b = append(e.b, s...) }
func (e *encoder) strings(s []string) {
	e.uint(len(s))
	for _, x := range s {
		e.string(x)
	}
}

// decoder reads what encoder wrote; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("search: index file is truncated or corrupt: rebuild the site")

func (d *decoder) uint() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > 1<<31 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) byte() byte {
	p := d.bytes(1)
	if len(p) == 0 {
		return 0
	}
	return p[0]
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = errShort
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) string() string { return string(d.bytes(d.uint())) }

// gzipper compresses deterministically (no name, no time), reusing its
// writers. It is safe for concurrent use.
type gzipper struct{ pool sync.Pool }

func (g *gzipper) gzip(p []byte) []byte {
	var buf bytes.Buffer
	zw, _ := g.pool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.BestCompression)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(p)
	zw.Close()
	g.pool.Put(zw)
	return buf.Bytes()
}

// gunzip decompresses p if it starts with the gzip magic number, as the
// runtime does (a server may already have removed the compression).
func gunzip(p []byte) ([]byte, error) {
	if len(p) < 2 || p[0] != 0x1f || p[1] != 0x8b {
		return p, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(p))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return io.ReadAll(zr)
}

// marshalJSON encodes v without HTML escaping and without a final newline.
func marshalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only our own types are encoded
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
