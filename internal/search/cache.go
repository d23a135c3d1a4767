package search

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Cache keeps what Build computed from pages and the files it compressed, so
// that building mostly the same pages again (in watch mode, after one edit)
// redoes only what changed. Entries that a build does not use are dropped.
// The zero value is ready to use. It is safe for concurrent use, but builds
// that share a Cache evict each other's entries.
type Cache struct {
	mu    sync.Mutex
	pages map[[32]byte]analysis
	gz    map[[32]byte][]byte
}

// docKey hashes everything of a page that its analysis depends on.
func docKey(d *Doc) [32]byte {
	h := sha256.New()
	var n [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	list := func(l []string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(l)))
		h.Write(n[:])
		for _, s := range l {
			str(s)
		}
	}
	str(d.Kind)
	str(d.Title)
	str(d.Summary)
	list(d.Tags)
	list(d.Organisations)
	list(d.People)
	binary.LittleEndian.PutUint64(n[:], uint64(len(d.Sections)))
	h.Write(n[:])
	for _, s := range d.Sections {
		str(s.Heading)
		str(s.Text)
	}
	var key [32]byte
	h.Sum(key[:0])
	return key
}

// analyse analyses docs, taking unchanged pages from the cache (if c is
// not nil) and keeping only this build's pages in it.
func (c *Cache) analyse(ctx context.Context, docs []Doc) ([]analysis, error) {
	if c == nil {
		return analyseAll(ctx, docs)
	}
	keys := make([][32]byte, len(docs))
	if err := parallel(ctx, len(docs), func(i int) { keys[i] = docKey(&docs[i]) }); err != nil {
		return nil, err
	}
	out := make([]analysis, len(docs))
	var miss []int
	c.mu.Lock()
	for i, k := range keys {
		a, ok := c.pages[k]
		if ok {
			out[i] = a
		} else {
			miss = append(miss, i)
		}
	}
	c.mu.Unlock()
	missed := make([]Doc, len(miss))
	for j, i := range miss {
		missed[j] = docs[i]
	}
	fresh, err := analyseAll(ctx, missed)
	if err != nil {
		return nil, err
	}
	for j, i := range miss {
		out[i] = fresh[j]
	}
	pages := make(map[[32]byte]analysis, len(docs))
	for i, k := range keys {
		pages[k] = out[i]
	}
	c.mu.Lock()
	c.pages = pages
	c.mu.Unlock()
	return out, nil
}

// compress gzips the files' data, reusing earlier results for identical
// data when c is not nil.
func (c *Cache) compress(ctx context.Context, raw []File) ([]File, error) {
	out := make([]File, len(raw))
	var gz gzipper
	if c == nil {
		err := parallel(ctx, len(raw), func(i int) {
			out[i] = File{Path: raw[i].Path, Data: gz.gzip(raw[i].Data)}
		})
		return out, err
	}
	keys := make([][32]byte, len(raw))
	c.mu.Lock()
	old := c.gz
	c.mu.Unlock()
	err := parallel(ctx, len(raw), func(i int) {
		keys[i] = sha256.Sum256(raw[i].Data)
		data, ok := old[keys[i]]
		if !ok {
			data = gz.gzip(raw[i].Data)
		}
		out[i] = File{Path: raw[i].Path, Data: data}
	})
	if err != nil {
		return nil, err
	}
	kept := make(map[[32]byte][]byte, len(raw))
	for i, k := range keys {
		kept[k] = out[i].Data
	}
	c.mu.Lock()
	c.gz = kept
	c.mu.Unlock()
	return out, nil
}
