package search

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"
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
	// excerpts are the excerpts of the pages' cards, by page key, in
	// lexicon stems of lex.
	excerpts map[[32]byte][]excerptRec
	// gen numbers the maps pages has held; last is what the last build
	// that read its pages with lex scored (nil if none), for the next
	// to reuse (scoring).
	gen  uint64
	last *scoring
	// coded is the encoding the Cache was decoded from, if it was, and
	// copied how many of its chunks the last AppendBinary copied.
	coded  *coded
	copied int
}

// scoring is what a build scored, for the next one to score only the
// pages that need it: a page's postings (its score and rank for each of
// its stems) depend on nothing but the page, the number of pages, the
// corpus averages (quantised, so that one edit seldom moves them) and the
// number of pages of each of its stems. A page whose key, and all of
// these, are the same takes its postings from here; the others are read
// and scored again.
type scoring struct {
	lex    *lexicon               // the word ids of pages
	gen    uint64                 // of the Cache's pages map it was made with
	pages  map[[32]byte]*pageText // those pages, for the words of a page that is gone
	counts map[[32]byte]int32     // how many of the docs had each key
	stats  stats
	stemDF []int32 // lexicon stem → pages that have it
	wordDF []int32 // lexicon word → pages that have it
	// posts holds each page's postings, by key: for the i-th of its
	// stems (pageText.stems), score<<16 | rank.
	posts map[[32]byte][]uint32
}

// excerptRec is the excerpt of a card: of section sec of its page (-1 for
// the summary) around the first word of lexicon stem stem. A page's are
// sorted by section, then stem.
type excerptRec struct {
	sec, stem int32
	at        excerptAt
}

// findExcerpt returns the record of section sec and stem in recs, sorted
// as a page's are.
func findExcerpt(recs []excerptRec, sec, stem int32) (excerptRec, bool) {
	i, ok := slices.BinarySearchFunc(recs, excerptRec{sec: sec, stem: stem}, cmpExcerpt)
	if !ok {
		return excerptRec{}, false
	}
	return recs[i], true
}

func cmpExcerpt(x, y excerptRec) int {
	if c := cmp.Compare(x.sec, y.sec); c != 0 {
		return c
	}
	return cmp.Compare(x.stem, y.stem)
}

// docKey fingerprints everything of a page that its pageText (and the
// excerpts kept with it) depends on: a 64-bit xxhash digest of it, then its
// number of sections, of strings and the length of its texts. The fields
// are hashed with their lengths, so that no two pages hash the same bytes.
// It takes two fifths of the time of the SHA-256 of the same bytes that
// it replaced. It is not meant to resist pages
// made to collide: two different pages of a site share a key with a
// chance of about one in 2^64 (a page from the cache is still checked
// against its doc where a mismatch could do harm).
func docKey(d *Doc) [32]byte {
	h := xxhash.New()
	var n [8]byte
	var total, strs uint64
	num := func(v int) {
		binary.LittleEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	str := func(s string) {
		num(len(s))
		h.WriteString(s)
		total += uint64(len(s))
		strs++
	}
	list := func(l []string) {
		num(len(l))
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
	num(len(d.Sections))
	for _, s := range d.Sections {
		str(s.Heading)
		str(s.Text)
	}
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], h.Sum64())
	binary.LittleEndian.PutUint64(key[8:], uint64(len(d.Sections)))
	binary.LittleEndian.PutUint64(key[16:], strs)
	binary.LittleEndian.PutUint64(key[24:], total)
	return key
}

// read reads b's docs into b.pages, taking unchanged pages from the cache
// (if c is not nil) and keeping only this build's pages in it. It sets the
// lexicon that numbers their words and the synonyms compiled against it
// (nil if none), and with a cache the pages' keys and the excerpts the
// cache had.
func (c *Cache) read(ctx context.Context, b *builder) error {
	docs, lexers, synonyms := b.docs, b.lexers, b.opt.Synonyms
	if c == nil {
		lex := newLexicon()
		syn := compileSynonyms(lex, synonyms)
		pages, err := readPages(ctx, lex, syn, docs, lexers)
		b.pages, b.lex, b.syn = pages, lex, syn
		return err
	}
	keys := make([][32]byte, len(docs))
	if err := parallel(ctx, len(lexers), len(docs), func(_, i int) { keys[i] = docKey(&docs[i]) }); err != nil {
		return err
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
		// The pages count the synonyms' keys where they have their terms,
		// and excerpts are read with the synonyms.
		c.pages, c.excerpts, c.syn, c.last = nil, nil, sum, nil
	}
	// What the last build scored, if it read its pages as this one does.
	if c.last != nil && c.last.lex == lex {
		b.last = c.last
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
	b.oldExcerpts = c.excerpts
	c.mu.Unlock()
	missed := make([]Doc, len(miss))
	for j, i := range miss {
		missed[j] = docs[i]
	}
	fresh, err := readPages(ctx, lex, syn, missed, lexers)
	if err != nil {
		return err
	}
	for j, i := range miss {
		out[i] = fresh[j]
	}
	pages := make(map[[32]byte]*pageText, len(docs))
	for i, k := range keys {
		pages[k] = out[i]
	}
	c.mu.Lock()
	// Not replaced by UnmarshalBinary, or by a build with other
	// synonyms, meanwhile.
	if c.lex == lex && c.syn == sum {
		c.pages = pages
		c.gen++
		b.gen = c.gen
	}
	c.mu.Unlock()
	b.pages, b.keys, b.lex, b.syn, b.synSum, b.pageSet = out, keys, lex, syn, sum, pages
	return nil
}

// keepExcerpts keeps the excerpts of a build that read its pages with lex
// and the synonyms of fingerprint sum, unless UnmarshalBinary or a build
// with other synonyms replaced them meanwhile.
func (c *Cache) keepExcerpts(lex *lexicon, sum [32]byte, excerpts map[[32]byte][]excerptRec) {
	c.mu.Lock()
	if c.lex == lex && c.syn == sum {
		c.excerpts = excerpts
	}
	c.mu.Unlock()
}

// keepScoring keeps what a build that read its pages with lex and the
// synonyms of fingerprint sum scored, unless UnmarshalBinary or a build
// with other synonyms replaced them meanwhile.
func (c *Cache) keepScoring(lex *lexicon, sum [32]byte, s *scoring) {
	c.mu.Lock()
	if c.lex == lex && c.syn == sum && s.lex == lex {
		c.last = s
	}
	c.mu.Unlock()
}

// fileKey fingerprints a file's data as docKey does a page: its 64-bit
// xxhash digest and its length.
func fileKey(data []byte) [32]byte {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], xxhash.Sum64(data))
	binary.LittleEndian.PutUint64(key[8:], uint64(len(data)))
	return key
}

// compress gzips the files' data in place, so that the uncompressed data
// can go as it is done with, reusing earlier results for identical data
// when c is not nil. It returns the files and the fingerprint (fileKey)
// of each one's uncompressed data.
func (c *Cache) compress(ctx context.Context, workers int, raw []File) ([]File, [][32]byte, error) {
	var gz gzipper
	keys := make([][32]byte, len(raw))
	var old map[[32]byte][]byte
	if c != nil {
		c.mu.Lock()
		old = c.gz
		c.mu.Unlock()
	}
	err := parallel(ctx, workers, len(raw), func(_, i int) {
		keys[i] = fileKey(raw[i].Data)
		data, ok := old[keys[i]]
		if !ok {
			data = gz.gzip(raw[i].Data)
		}
		raw[i].Data = data
	})
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return raw, keys, nil
	}
	kept := make(map[[32]byte][]byte, len(raw))
	for i, k := range keys {
		kept[k] = raw[i].Data
	}
	c.mu.Lock()
	c.gz = kept
	c.mu.Unlock()
	return raw, keys, nil
}
