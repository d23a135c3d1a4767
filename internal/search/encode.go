package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"sync"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/signpost-kb/signpost/internal/jsonstring"
)

// The binary files are sequences of unsigned LEB128 varints, bytes and
// strings (a varint byte length, then UTF-8).

type encoder struct{ b []byte }

func (e *encoder) uint(v int) { e.b = binary.AppendUvarint(e.b, uint64(v)) }

// uvarintLen is the number of bytes encoder.uint writes for v.
func uvarintLen(v int) int         { return max(1, (bits.Len64(uint64(v))+6)/7) }
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
// writers. It is safe for concurrent use. It uses klauspost/compress's
// stateless level, which keeps no match tables between calls: the files
// are small, and clearing those tables was most of the time of the
// standard library's fastest level, which took 2.6 times as long (300 ms
// of CPU against 115 ms for the 18 MB of a 10,000-page index) for 1.4 %
// fewer bytes; the better levels save a few percent more for a third more
// time again.
type gzipper struct{ pool sync.Pool }

func (g *gzipper) gzip(p []byte) []byte {
	buf := bytes.NewBuffer(make([]byte, 0, len(p)/2+64))
	zw, _ := g.pool.Get().(*kgzip.Writer)
	if zw == nil {
		zw, _ = kgzip.NewWriterLevel(buf, kgzip.StatelessCompression)
	} else {
		zw.Reset(buf)
	}
	zw.Write(p)
	zw.Close()
	g.pool.Put(zw)
	return buf.Bytes()
}

// gzipBest compresses p at the best level, deterministically.
func gzipBest(p []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(p)
	zw.Close()
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

// appendJSONString appends s as a JSON string, as marshalJSON writes it
// (no HTML escaping).
func appendJSONString(buf []byte, s string) []byte { return jsonstring.Append(buf, s, false) }

// bitWriter packs bits least significant first.
type bitWriter struct {
	b    []byte
	nbit int
}

func (w *bitWriter) write(v uint64, n int) {
	for range n {
		if w.nbit%8 == 0 {
			w.b = append(w.b, 0)
		}
		if v&1 != 0 {
			w.b[len(w.b)-1] |= 1 << (w.nbit % 8)
		}
		v >>= 1
		w.nbit++
	}
}

// rice writes v as v>>k one bits, a zero bit, and the low k bits of v.
func (w *bitWriter) rice(v uint64, k int) {
	for q := v >> k; q > 0; q-- {
		w.write(1, 1)
	}
	w.write(0, 1)
	w.write(v, k)
}

func (w *bitWriter) bytes() []byte { return w.b }

// bitReader reads what bitWriter wrote; reading past the end is an error.
type bitReader struct {
	b    []byte
	nbit int
	err  error
}

func (r *bitReader) read(n int) uint64 {
	var v uint64
	for i := range n {
		if r.nbit >= 8*len(r.b) {
			r.err = errShort
			return 0
		}
		if r.b[r.nbit/8]&(1<<(r.nbit%8)) != 0 {
			v |= 1 << i
		}
		r.nbit++
	}
	return v
}

func (r *bitReader) rice(k int) uint64 {
	var q uint64
	for r.read(1) == 1 && r.err == nil {
		q++
	}
	return q<<k | r.read(k)
}
