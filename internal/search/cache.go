package search

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Cache keeps what Build read from pages and the files it compressed, so
// that building mostly the same pages again (in watch mode, after one edit)
// redoes only what changed. Entries that a build does not use are dropped.
// The zero value is ready to use. It is safe for concurrent use, but builds
// that share a Cache evict each other's entries. AppendBinary and
// UnmarshalBinary carry it to a build in another process.
type Cache struct {
	mu    sync.Mutex
	lex   *lexicon // the word ids of pages
	pages map[[32]byte]*pageText
	gz    map[[32]byte][]byte
	syn   [32]byte // fingerprint of the synonyms the pages were read with
}

// docKey hashes everything of a page that its pageText depends on.
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

// read reads docs, taking unchanged pages from the cache (if c is not nil)
// and keeping only this build's pages in it. It returns the lexicon that
// numbers their words and the synonyms compiled against it (nil if none).
func (c *Cache) read(ctx context.Context, docs []Doc, lexers []*lexer, synonyms [][]string) ([]*pageText, *lexicon, *synTable, error) {
	if c == nil {
		lex := newLexicon()
		syn := compileSynonyms(lex, synonyms)
		pages, err := readPages(ctx, lex, syn, docs, lexers)
		return pages, lex, syn, err
	}
	keys := make([][32]byte, len(docs))
	if err := parallel(ctx, len(lexers), len(docs), func(_, i int) { keys[i] = docKey(&docs[i]) }); err != nil {
		return nil, nil, nil, err
	}
	out := make([]*pageText, len(docs))
	var miss []int
	c.mu.Lock()
	if c.lex == nil {
		c.lex = newLexicon()
	}
	lex := c.lex
	syn := compileSynonyms(lex, synonyms)
	var sum [32]byte
	if syn != nil {
		sum = syn.sum
	}
	if sum != c.syn {
		// The pages count the synonyms' keys where they have their terms.
		c.pages, c.syn = nil, sum
	}
	for i, k := range keys {
		// A page from UnmarshalBinary is checked against its doc too,
		// so that even data forged to match a key cannot name a section
		// the doc does not have.
		if p, ok := c.pages[k]; ok && len(p.secLens) == len(docs[i].Sections) {
			out[i] = p
		} else {
			miss = append(miss, i)
		}
	}
	c.mu.Unlock()
	missed := make([]Doc, len(miss))
	for j, i := range miss {
		missed[j] = docs[i]
	}
	fresh, err := readPages(ctx, lex, syn, missed, lexers)
	if err != nil {
		return nil, nil, nil, err
	}
	for j, i := range miss {
		out[i] = fresh[j]
	}
	pages := make(map[[32]byte]*pageText, len(docs))
	for i, k := range keys {
		pages[k] = out[i]
	}
	c.mu.Lock()
	if c.lex == lex { // not replaced by UnmarshalBinary meanwhile
		c.pages = pages
	}
	c.mu.Unlock()
	return out, lex, syn, nil
}

// compress gzips the files' data in place, so that the uncompressed data
// can go as it is done with, reusing earlier results for identical data
// when c is not nil.
func (c *Cache) compress(ctx context.Context, workers int, raw []File) ([]File, error) {
	var gz gzipper
	if c == nil {
		err := parallel(ctx, workers, len(raw), func(_, i int) {
			raw[i].Data = gz.gzip(raw[i].Data)
		})
		return raw, err
	}
	out := raw
	keys := make([][32]byte, len(raw))
	c.mu.Lock()
	old := c.gz
	c.mu.Unlock()
	err := parallel(ctx, workers, len(raw), func(_, i int) {
		keys[i] = sha256.Sum256(raw[i].Data)
		data, ok := old[keys[i]]
		if !ok {
			data = gz.gzip(raw[i].Data)
		}
		raw[i].Data = data
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
