package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"strings"

	par "github.com/signpost-kb/signpost/internal/parallel"
)

// A Cache is encoded as
//
//	"srch", the format version (one byte), a CRC-32C of what follows
//	(four bytes, little-endian), then
//	the synonyms' fingerprint (32 bytes)
//	the stems: their count, each one's length, then their bytes
//	the words: their count, each one's length and stem<<2 | stop<<1 | differ,
//	  then their bytes
//	1 if what the last build scored follows (scoring), else 0; then the
//	  number of pages, the corpus averages (eight float64 bits, little-
//	  endian: the fields', then the sections'), the pages of each stem
//	  and of each word
//	the pages, by key, in chunks of chunkPages encoded and decoded in
//	  parallel: the number of chunks, then each one's length, and in it
//	  the number of its pages and the totals of their spans, sections,
//	  codes and stems, then each page's key (32 bytes), identity (one
//	  byte), the numbers of its tags, people, organisations and sections,
//	  and for each of its texts the number of its codes, for a section's
//	  text its offset, and the codes; then the number of its cards'
//	  excerpts, and for each, by section and stem, its section plus 1
//	  (0 for the summary), its stem, the byte offset of its start in the
//	  text, its length in bytes, and 1 if an ellipsis precedes it plus 2
//	  if one follows it; with what was scored, the number of the docs
//	  that were this page, and the number of its postings (0, or one
//	  for each of its stems, in the order of their first word) and for
//	  each its score and rank
//	the compressed files: their count, each one's key (32 bytes) and
//	  length, then their bytes
//
// where a number is a uvarint. A code is written as its word id plus 2, or
// 0 and the number of positions skipped, or 1, how many positions before
// the next the joined form (or synonym key) is, and its word id.
//
// Only the words and stems of the pages are written, numbered afresh, the
// most used first, so the encoding is deterministic and small, and the
// lexicon does not grow from one process to the next with the words of
// pages that are gone. A page's lengths and lexicon stems follow from its
// codes and are computed again when it is read.
//
// The compressed files are kept although they are two fifths of the bytes
// (9 of 23 MB for the 10,000-page corpus): without them the next build
// compresses every file again, which took a quarter of its time.
//
// The decoder checks every number against what the rest needs, so that
// corrupt or hostile data gives an error rather than a panic, a code that
// indexes out of range when the index is built, or an allocation out of
// proportion to the data (at most a few tens of times its length;
// a real encoding decodes to about three times its length).
//
// The encoding does not record the rules that read the pages (the
// tokenizer, the stemmer, the stop words): a program that reads pages
// otherwise must not decode what another wrote. cacheVersion changes with
// the layout of the encoding.

const (
	cacheMagic   = "srch"
	cacheVersion = 4
	cacheHeader  = len(cacheMagic) + 1 + 4
	// maxPos bounds the word positions of a decoded page, far above any
	// real page, so that no position overflows an int32.
	maxPos = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errCache is what UnmarshalBinary returns for data it cannot use.
var errCache = errors.New("search: the cache is corrupt or from another version")

// AppendBinary appends an encoding of the cache to b (as
// encoding.BinaryAppender does), for UnmarshalBinary in another process.
func (c *Cache) AppendBinary(b []byte) ([]byte, error) {
	return c.appendBinary(b, true)
}

// appendBinary is AppendBinary; with reuse, a chunk of pages that are all
// as the encoding the cache was decoded from had them is copied from it
// rather than encoded again (the bytes are the same).
func (c *Cache) appendBinary(b []byte, reuse bool) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	start := len(b)
	b = append(b, cacheMagic...)
	b = append(b, cacheVersion, 0, 0, 0, 0)
	b = append(b, c.syn[:]...)

	keys := make([][32]byte, 0, len(c.pages))
	for k := range c.pages {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [32]byte) int { return bytes.Compare(x[:], y[:]) })

	var words []lexEntry
	var stems []string
	if c.lex != nil {
		words, stems = c.lex.snapshot()
	}
	pages := make([]*pageText, len(keys))
	for i, k := range keys {
		pages[i] = c.pages[k]
	}
	last := c.last
	if last != nil && (last.gen != c.gen || last.lex != c.lex) {
		// Not what these pages were scored with.
		last = nil
	}
	chunks := chunkBounds(keys)
	workers := min(par.Workers(0), max(1, len(chunks)))
	var wordID, stemID, order, stemOrder []int32
	stable := c.coded != nil && c.coded.lex == c.lex && last != nil && fewUnused(last, len(words), len(stems))
	if stable {
		// The numbers the cache was decoded with (and those of the words
		// new since), so that the chunks of unchanged pages are the bytes
		// they were.
		wordID, stemID = identity(len(words)), identity(len(stems))
		order, stemOrder = wordID, stemID
	} else {
		wordID, stemID, order, stemOrder = renumber(c.lex, pages, chunks, workers)
	}

	b = binary.AppendUvarint(b, uint64(len(stemOrder)))
	for _, s := range stemOrder {
		b = binary.AppendUvarint(b, uint64(len(stems[s])))
	}
	for _, s := range stemOrder {
		b = append(b, stems[s]...)
	}
	b = binary.AppendUvarint(b, uint64(len(order)))
	for _, id := range order {
		e := &words[id]
		v := uint64(stemID[e.stem]) << 2
		if e.stop {
			v |= 2
		}
		if e.differ {
			v |= 1
		}
		b = binary.AppendUvarint(b, uint64(len(e.word)))
		b = binary.AppendUvarint(b, v)
	}
	for _, id := range order {
		b = append(b, words[id].word...)
	}
	if last == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(last.stats.docs))
		for _, v := range last.stats.avgLen {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(last.stats.avgSec))
		for _, s := range stemOrder {
			b = binary.AppendUvarint(b, uint64(at(last.stemDF, s)))
		}
		for _, id := range order {
			b = binary.AppendUvarint(b, uint64(at(last.wordDF, id)))
		}
	}

	buckets := bucketsFor(len(keys))
	var old map[int]*codedChunk // by bucket
	if reuse && stable {
		old = c.coded.byBucket(buckets)
	}
	bodies := make([][]byte, len(chunks))
	copied := make([]bool, len(chunks))
	parallel(context.Background(), workers, len(chunks), func(_, i int) {
		lo, hi := chunks[i][0], chunks[i][1]
		if oc := old[bucketOf(keys[lo], buckets)]; oc != nil && oc.same(c, last, keys[lo:hi]) {
			bodies[i], copied[i] = oc.body, true
			return
		}
		bodies[i] = appendChunk(nil, wordID, stemID, keys[lo:hi], pages[lo:hi], c.excerpts, last)
	})
	c.copied = 0
	for _, ok := range copied {
		if ok {
			c.copied++
		}
	}
	gzBytes := 0
	for _, data := range c.gz {
		gzBytes += len(data) + 40
	}
	size := 0
	for _, body := range bodies {
		size += len(body) + 5
	}
	b = slices.Grow(b, size+gzBytes)
	b = binary.AppendUvarint(b, uint64(len(bodies)))
	for _, body := range bodies {
		b = binary.AppendUvarint(b, uint64(len(body)))
		b = append(b, body...)
	}

	gzKeys := make([][32]byte, 0, len(c.gz))
	for k := range c.gz {
		gzKeys = append(gzKeys, k)
	}
	slices.SortFunc(gzKeys, func(x, y [32]byte) int { return bytes.Compare(x[:], y[:]) })
	b = binary.AppendUvarint(b, uint64(len(gzKeys)))
	for _, k := range gzKeys {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(c.gz[k])))
	}
	for _, k := range gzKeys {
		b = append(b, c.gz[k]...)
	}

	binary.LittleEndian.PutUint32(b[start+len(cacheMagic)+1:], crc32.Checksum(b[start+cacheHeader:], crcTable))
	return b, nil
}

// chunkPages is about the most pages of a chunk, the part of an encoding
// that one goroutine encodes or decodes.
const chunkPages = 512

// Pages go to chunks by the first byte of their keys, in buckets of equal
// ranges of it, so that a page that changes changes its own chunk and
// the one it moves to, not the chunks after it as a split of the sorted
// keys into runs of equal length would: the others are copied (coded).
// bucketsFor is the number of buckets for n pages: a power of two, the
// least to give at most chunkPages pages a bucket, at most 256.
func bucketsFor(n int) int {
	b := 1
	for b < 256 && n > b*chunkPages {
		b *= 2
	}
	return b
}

// bucketOf returns the bucket of key among buckets.
func bucketOf(key [32]byte, buckets int) int { return int(key[0]) * buckets / 256 }

// chunkBounds splits sorted keys into the runs of one bucket each.
func chunkBounds(keys [][32]byte) [][2]int {
	buckets := bucketsFor(len(keys))
	var out [][2]int
	for lo := 0; lo < len(keys); {
		bk, hi := bucketOf(keys[lo], buckets), lo+1
		for hi < len(keys) && bucketOf(keys[hi], buckets) == bk {
			hi++
		}
		out = append(out, [2]int{lo, hi})
		lo = hi
	}
	return out
}

// identity returns 0, 1, ... n-1.
func identity(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

// fewUnused reports whether most of the lexicon's words and stems are
// used by the pages last scored: their numbers are then kept from one
// encoding to the next (the words of pages that are gone stay until
// they are a fifth of those in use).
func fewUnused(last *scoring, words, stems int) bool {
	used := func(df []int32) int {
		n := 0
		for _, v := range df {
			if v > 0 {
				n++
			}
		}
		return n
	}
	w, s := used(last.wordDF), used(last.stemDF)
	return words-w <= w/5 && stems-s <= s/5
}

// renumber numbers the words the pages use afresh, the most used first,
// and their stems in the order of the words: it returns old id → new
// for both, and the old ids in the new order.
func renumber(lex *lexicon, pages []*pageText, chunks [][2]int, workers int) (wordID, stemID, order, stemOrder []int32) {
	var words []lexEntry
	var stems []string
	if lex != nil {
		words, stems = lex.snapshot()
	}
	counts := make([][]int32, workers)
	parallel(context.Background(), workers, len(chunks), func(w, i int) {
		if counts[w] == nil {
			counts[w] = make([]int32, len(words))
		}
		n := counts[w]
		for _, p := range pages[chunks[i][0]:chunks[i][1]] {
			for j := 0; j < len(p.codes); j++ {
				switch code := p.codes[j]; {
				case code&codeJoined != 0:
					j++
					n[p.codes[j]]++
				case code < codeSkip:
					n[code]++
				}
			}
		}
	})
	uses := make([]int32, len(words))
	for _, n := range counts {
		for id, k := range n {
			uses[id] += k
		}
	}
	for id, n := range uses {
		if n > 0 {
			order = append(order, int32(id))
		}
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(uses[y], uses[x]); c != 0 {
			return c
		}
		return strings.Compare(words[x].word, words[y].word)
	})
	wordID = uses // reused: old word id → new
	stemID = make([]int32, len(stems))
	for i := range stemID {
		stemID[i] = -1
	}
	for i, id := range order {
		wordID[id] = int32(i)
		if s := words[id].stem; stemID[s] < 0 {
			stemID[s] = int32(len(stemOrder))
			stemOrder = append(stemOrder, s)
		}
	}
	return wordID, stemID, order, stemOrder
}

// coded is the encoding a Cache was decoded from, by chunk, for
// appendBinary to copy the chunks whose pages are as they were.
type coded struct {
	lex    *lexicon // the lexicon decoded with it
	chunks []codedChunk
}

// codedChunk is one chunk of an encoding: its bytes and what they decoded
// to.
type codedChunk struct {
	body   []byte
	keys   [][32]byte
	texts  []pageText
	recs   [][]excerptRec
	scored bool // it has mults and posts
	mults  []int32
	posts  [][]uint32
}

// byBucket returns the chunks that hold the pages of one bucket each,
// among buckets, by bucket.
func (cd *coded) byBucket(buckets int) map[int]*codedChunk {
	out := make(map[int]*codedChunk, len(cd.chunks))
	for i := range cd.chunks {
		oc := &cd.chunks[i]
		if len(oc.keys) == 0 {
			continue
		}
		bk := bucketOf(oc.keys[0], buckets)
		if bucketOf(oc.keys[len(oc.keys)-1], buckets) == bk {
			out[bk] = oc
		}
	}
	return out
}

// same reports whether the pages of keys, as c holds them and last
// scored them, are those oc was decoded to: the same objects, which
// encode to oc's bytes with the numbers they were decoded with.
func (oc *codedChunk) same(c *Cache, last *scoring, keys [][32]byte) bool {
	if len(keys) != len(oc.keys) || oc.scored != (last != nil) {
		return false
	}
	for i, k := range keys {
		if k != oc.keys[i] || c.pages[k] != &oc.texts[i] || !sameSlice(c.excerpts[k], oc.recs[i]) {
			return false
		}
		if last == nil {
			continue
		}
		vals := last.posts[k]
		if len(vals) != len(oc.texts[i].stems) {
			vals = nil
		}
		if last.counts[k] != oc.mults[i] || !sameSlice(vals, oc.posts[i]) {
			return false
		}
	}
	return true
}

// sameSlice reports whether x and y are the same slice of the same array
// (or both empty).
func sameSlice[E any](x, y []E) bool {
	return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
}

// at returns s[i], or 0 past the end of s.
func at(s []int32, i int32) int32 {
	if int(i) < len(s) {
		return s[i]
	}
	return 0
}

// appendChunk appends the encoding of a chunk of pages and their excerpts,
// with word ids numbered by wordID and stems by stemID, and with last, what
// the pages were scored with.
func appendChunk(b []byte, wordID, stemID []int32, keys [][32]byte, pages []*pageText, excerpts map[[32]byte][]excerptRec, last *scoring) []byte {
	var nspans, nsecs, ncodes, nstems int
	for _, p := range pages {
		nspans += len(p.spans)
		nsecs += len(p.secLens)
		ncodes += len(p.codes)
		nstems += len(p.stems)
	}
	b = slices.Grow(b, 2*ncodes+3*nspans+40*len(pages)+20)
	var recs []excerptRec
	for _, n := range [...]int{len(pages), nspans, nsecs, ncodes, nstems} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	for i, p := range pages {
		b = append(b, keys[i][:]...)
		b = append(b, p.identity)
		var n [fieldSummary + 1]int
		for _, sp := range p.spans {
			if sp.field < fieldHeadings {
				n[sp.field]++
			}
		}
		for _, v := range [...]int{n[fieldTags], n[fieldPeople], n[fieldOrgs], len(p.secLens)} {
			b = binary.AppendUvarint(b, uint64(v))
		}
		from := int32(0)
		for _, sp := range p.spans {
			b = binary.AppendUvarint(b, uint64(sp.end-from))
			if sp.field == fieldBody {
				b = binary.AppendUvarint(b, uint64(sp.offset))
			}
			b = appendCodes(b, p.codes[from:sp.end], wordID)
			from = sp.end
		}
		recs = recs[:0]
		for _, e := range excerpts[keys[i]] {
			// Only a stem of the pages has an excerpt; the check keeps
			// the encoding one that decodes, whatever the cache holds.
			if e.stem >= 0 && int(e.stem) < len(stemID) && stemID[e.stem] >= 0 && int(e.sec) < len(p.secLens) {
				e.stem = stemID[e.stem]
				recs = append(recs, e)
			}
		}
		slices.SortFunc(recs, cmpExcerpt)
		b = binary.AppendUvarint(b, uint64(len(recs)))
		for _, e := range recs {
			b = binary.AppendUvarint(b, uint64(e.sec+1))
			b = binary.AppendUvarint(b, uint64(e.stem))
			b = binary.AppendUvarint(b, uint64(e.at.from))
			b = binary.AppendUvarint(b, uint64(e.at.to-e.at.from))
			var flags byte
			if e.at.pre {
				flags |= 1
			}
			if e.at.post {
				flags |= 2
			}
			b = append(b, flags)
		}
		if last == nil {
			continue
		}
		b = binary.AppendUvarint(b, uint64(last.counts[keys[i]]))
		vals := last.posts[keys[i]]
		if len(vals) != len(p.stems) {
			vals = nil
		}
		b = binary.AppendUvarint(b, uint64(len(vals)))
		for _, v := range vals {
			b = binary.AppendUvarint(b, uint64(v>>16))
			b = binary.AppendUvarint(b, uint64(v&0xffff))
		}
	}
	return b
}

// appendCodes appends the codes of a text, with word ids numbered by
// wordID.
func appendCodes(b []byte, codes []uint32, wordID []int32) []byte {
	for j := 0; j < len(codes); j++ {
		switch code := codes[j]; {
		case code&codeJoined != 0:
			j++
			b = append(b, 1)
			b = binary.AppendUvarint(b, uint64(code&^codeJoined))
			b = binary.AppendUvarint(b, uint64(wordID[codes[j]]))
		case code >= codeSkip:
			b = append(b, 0)
			b = binary.AppendUvarint(b, uint64(code-codeSkip))
		default:
			if v := wordID[code] + 2; v < 0x80 {
				b = append(b, byte(v))
			} else {
				b = binary.AppendUvarint(b, uint64(v))
			}
		}
	}
	return b
}

// UnmarshalBinary replaces the cache's contents with those encoded in data
// by AppendBinary. On error the cache is left empty and usable. It keeps
// slices of data, for AppendBinary to copy what has not changed: the
// caller must not modify data afterwards. A build running meanwhile does
// not leave its pages in the cache.
func (c *Cache) UnmarshalBinary(data []byte) error {
	var d cacheDecoder
	err := d.decode(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.lex, c.pages, c.gz, c.syn, c.excerpts, c.last, c.coded = nil, nil, nil, [32]byte{}, nil, nil, nil
		c.gen++
		return err
	}
	c.lex, c.pages, c.gz, c.syn, c.excerpts, c.last, c.coded = d.lex, d.pages, d.gz, d.syn, d.excerpts, d.last, d.coded
	c.gen++
	if c.last != nil {
		c.last.gen = c.gen
	}
	return nil
}

// cacheDecoder decodes a Cache. Its reading methods record the first error
// and return zeros after it.
type cacheDecoder struct {
	b   []byte
	err error

	syn      [32]byte
	lex      *lexicon
	pages    map[[32]byte]*pageText
	gz       map[[32]byte][]byte
	excerpts map[[32]byte][]excerptRec
	last     *scoring // nil if the file has none
	coded    *coded

	// What the pages were scored with, when the file has it.
	scored bool
	stats  stats
	stemDF []int32
	wordDF []int32

	// A chunk's pages, the arrays they share, and the stems seen by page.
	keys   [][32]byte
	texts  []pageText
	recs   [][]excerptRec // the pages' excerpts
	mults  []int32        // with scored, the docs that were each page
	posts  [][]uint32     // with scored, each page's postings (nil if none)
	slab   []uint32       // the chunk's postings
	spans  []span
	secs   []int32
	codes  []uint32
	stems  []int32
	stemOf []int32 // word id → lexicon stem
	mark   []int32 // lexicon stem → the last page that had it
	page   int32   // numbers the pages read with mark, from 1
}

func (d *cacheDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", errCache, what)
	}
}

// uint reads a uvarint of at most max.
func (d *cacheDecoder) uint(max uint64, what string) uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) > 0 && d.b[0] < 0x80 {
		v := uint64(d.b[0])
		if v > max {
			d.fail(what)
			return 0
		}
		d.b = d.b[1:]
		return v
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > max {
		d.fail(what)
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a number of things that take at least size bytes each of
// what is left.
func (d *cacheDecoder) count(size int, what string) int {
	return int(d.uint(uint64(len(d.b)/size), what))
}

func (d *cacheDecoder) bytes(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.fail(what)
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

func (d *cacheDecoder) key(what string) (k [32]byte) {
	copy(k[:], d.bytes(32, what))
	return k
}

// strings reads n lengths, each after the fields that extra reads, then
// the bytes of the n strings, and returns them.
func (d *cacheDecoder) strings(n int, extra func(i int), what string) []string {
	lens := make([]uint32, n)
	total := 0
	for i := range lens {
		lens[i] = uint32(d.uint(uint64(max(0, len(d.b)-total)), what))
		total += int(lens[i])
		if extra != nil {
			extra(i)
		}
	}
	blob := string(d.bytes(total, what))
	if d.err != nil {
		return nil
	}
	out := make([]string, n)
	at := 0
	for i, l := range lens {
		out[i] = blob[at : at+int(l)]
		at += int(l)
	}
	return out
}

func (d *cacheDecoder) decode(data []byte) error {
	if len(data) < cacheHeader || string(data[:len(cacheMagic)]) != cacheMagic {
		return fmt.Errorf("%w: it does not start as a search cache", errCache)
	}
	if v := data[len(cacheMagic)]; v != cacheVersion {
		return fmt.Errorf("%w: it has format %d, not %d", errCache, v, cacheVersion)
	}
	if crc32.Checksum(data[cacheHeader:], crcTable) != binary.LittleEndian.Uint32(data[len(cacheMagic)+1:]) {
		return fmt.Errorf("%w: its checksum does not match", errCache)
	}
	d.b = data[cacheHeader:]
	d.syn = d.key("synonyms")
	d.lexicon()
	d.scoring()
	d.readPages()
	d.files()
	if d.err == nil && len(d.b) > 0 {
		d.fail("bytes after the end")
	}
	return d.err
}

// lexicon reads the stems and words.
func (d *cacheDecoder) lexicon() {
	lex := newLexicon()
	stems := d.strings(d.count(1, "stems"), nil, "stems")
	for i, s := range stems {
		if _, dup := lex.stemIDs[s]; dup {
			d.fail("a stem twice")
			return
		}
		lex.stemIDs[s] = int32(i)
	}
	n := d.count(2, "words")
	if n > 0 && len(stems) == 0 {
		d.fail("words without stems")
		return
	}
	entries := make([]lexEntry, n)
	words := d.strings(n, func(i int) {
		v := d.uint(uint64(len(stems)-1)<<2|3, "a word's stem")
		entries[i] = lexEntry{stem: int32(v >> 2), stop: v&2 != 0, differ: v&1 != 0}
	}, "words")
	if d.err != nil {
		return
	}
	for i, w := range words {
		if _, dup := lex.wordIDs[w]; dup {
			d.fail("a word twice")
			return
		}
		lex.wordIDs[w] = int32(i)
		entries[i].word = w
	}
	lex.stems, lex.words = stems, entries
	d.lex = lex
}

// scoring reads what the pages were scored with, if the file has it.
func (d *cacheDecoder) scoring() {
	if d.err != nil {
		return
	}
	if d.uint(1, "scoring") == 0 || d.err != nil {
		return
	}
	d.scored = true
	d.stats.docs = int(d.uint(math.MaxInt32, "the number of pages"))
	avg := func() float64 {
		b := d.bytes(8, "an average")
		if d.err != nil {
			return 0
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(b))
		if !(v >= 0) || math.IsInf(v, 0) {
			d.fail("an average")
		}
		return v
	}
	for f := range d.stats.avgLen {
		d.stats.avgLen[f] = avg()
	}
	d.stats.avgSec = avg()
	dfs := func(n int, what string) []int32 {
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(d.uint(uint64(d.stats.docs), what))
		}
		return out
	}
	if d.err == nil {
		d.stemDF = dfs(len(d.lex.stems), "a stem's pages")
		d.wordDF = dfs(len(d.lex.words), "a word's pages")
	}
}

// readPages reads the chunks of pages, in parallel.
func (d *cacheDecoder) readPages() {
	if d.err != nil {
		return
	}
	// A chunk takes 46 bytes or more: its length, five counts and a page.
	bodies := make([][]byte, d.count(46, "chunks"))
	for i := range bodies {
		bodies[i] = d.bytes(int(d.uint(uint64(len(d.b)), "a chunk")), "a chunk")
	}
	if d.err != nil {
		return
	}
	stemOf := make([]int32, len(d.lex.words))
	for i, e := range d.lex.words {
		stemOf[i] = e.stem
	}
	chunks := make([]codedChunk, len(bodies))
	errs := make([]error, len(bodies))
	workers := min(par.Workers(0), max(1, len(bodies)))
	marks := make([][]int32, workers)
	pages := make([]int32, workers)
	parallel(context.Background(), workers, len(bodies), func(w, i int) {
		if marks[w] == nil {
			marks[w] = make([]int32, len(d.lex.stems))
		}
		c := cacheDecoder{b: bodies[i], lex: d.lex, stemOf: stemOf, mark: marks[w], page: pages[w], scored: d.scored}
		c.readChunk()
		if c.err == nil && len(c.b) > 0 {
			c.fail("bytes after a chunk")
		}
		chunks[i] = codedChunk{body: bodies[i], keys: c.keys, texts: c.texts, recs: c.recs, scored: d.scored, mults: c.mults, posts: c.posts}
		errs[i], pages[w] = c.err, c.page
	})
	n := 0
	for i, c := range chunks {
		if errs[i] != nil {
			d.err = errs[i]
			return
		}
		n += len(c.keys)
	}
	d.coded = &coded{lex: d.lex, chunks: chunks}
	d.pages = make(map[[32]byte]*pageText, n)
	d.excerpts = make(map[[32]byte][]excerptRec, n)
	var last *scoring
	if d.scored {
		last = &scoring{lex: d.lex, pages: d.pages, stats: d.stats, stemDF: d.stemDF, wordDF: d.wordDF,
			counts: make(map[[32]byte]int32, n), posts: make(map[[32]byte][]uint32, n)}
	}
	docs := 0
	for _, c := range chunks {
		for j, k := range c.keys {
			if _, dup := d.pages[k]; dup {
				d.fail("a page twice")
				return
			}
			d.pages[k] = &c.texts[j]
			if c.recs[j] != nil {
				d.excerpts[k] = c.recs[j]
			}
			if last != nil {
				last.counts[k] = c.mults[j]
				docs += int(c.mults[j])
				if c.posts[j] != nil {
					last.posts[k] = c.posts[j]
				}
			}
		}
	}
	if last != nil && docs != d.stats.docs {
		d.fail("the number of pages")
		return
	}
	d.last = last
}

// readChunk reads a chunk of pages, into arrays shared by all of them.
func (d *cacheDecoder) readChunk() {
	if d.err != nil {
		return
	}
	// A page takes 40 bytes or more: its key, identity, four counts, two
	// texts (title and summary) and the number of its excerpts. A text
	// takes a byte or more, a section two texts, a code a byte and an
	// excerpt five.
	n := d.count(40, "pages")
	nspans, nsecs, ncodes := d.count(1, "spans"), d.count(2, "sections"), d.count(1, "codes")
	nstems := int(d.uint(uint64(ncodes), "stems"))
	if d.err != nil {
		return
	}
	d.keys = make([][32]byte, n)
	d.texts = make([]pageText, n)
	d.recs = make([][]excerptRec, n)
	d.spans = make([]span, 0, nspans)
	d.secs = make([]int32, 0, nsecs)
	d.codes = make([]uint32, 0, ncodes)
	d.stems = make([]int32, 0, nstems)
	for i := range d.texts {
		p := &d.texts[i]
		d.page++
		d.keys[i] = d.key("a page")
		p.identity = byte(d.uint(255, "a page's identity"))
		if p.identity != identityFields && p.identity != interviewFields {
			d.fail("a page's identity")
		}
		var lists [fieldSummary + 1]int
		for _, f := range []int{fieldTags, fieldPeople, fieldOrgs} {
			lists[f] = int(d.uint(uint64(cap(d.spans)-len(d.spans)), "a page's fields"))
		}
		lists[fieldTitle], lists[fieldSummary] = 1, 1
		nsec := int(d.uint(uint64(cap(d.secs)-len(d.secs)), "a page's sections"))
		if d.err != nil {
			return
		}
		if lists[fieldTags]+lists[fieldPeople]+lists[fieldOrgs]+2+2*nsec > cap(d.spans)-len(d.spans) {
			d.fail("a page's texts")
			return
		}
		spans0, codes0, stems0, secs0 := len(d.spans), len(d.codes), len(d.stems), len(d.secs)
		for f := fieldTitle; f <= fieldSummary; f++ {
			for range lists[f] {
				p.lens[f] += d.text(f, 0, codes0)
			}
		}
		for s := range int32(nsec) {
			head := d.text(fieldHeadings, s, codes0)
			body := d.text(fieldBody, s, codes0)
			p.lens[fieldHeadings] += head
			p.lens[fieldBody] += body
			d.secs = append(d.secs, head+body)
		}
		if d.err != nil {
			return
		}
		p.spans = d.spans[spans0:len(d.spans):len(d.spans)]
		p.secLens = d.secs[secs0:len(d.secs):len(d.secs)]
		p.codes = d.codes[codes0:len(d.codes):len(d.codes)]
		p.stems = d.stems[stems0:len(d.stems):len(d.stems)]
		d.recs[i] = d.readExcerpts(nsec)
		if d.scored {
			d.readPostings(i, nstems)
		}
	}
}

// readPostings reads what page i of a chunk of nstems stems was scored
// with.
func (d *cacheDecoder) readPostings(i, nstems int) {
	if d.mults == nil {
		d.mults = make([]int32, len(d.texts))
		d.posts = make([][]uint32, len(d.texts))
	}
	d.mults[i] = int32(d.uint(math.MaxInt32, "a page's docs"))
	if d.mults[i] == 0 {
		d.fail("a page's docs")
	}
	stems := d.texts[i].stems
	n := int(d.uint(uint64(len(stems)), "a page's postings"))
	if d.err != nil || n == 0 {
		return
	}
	if n != len(stems) {
		d.fail("a page's postings")
		return
	}
	if d.slab == nil {
		d.slab = make([]uint32, 0, nstems)
	}
	if len(d.slab)+n > cap(d.slab) {
		d.fail("a page's postings")
		return
	}
	start := len(d.slab)
	for range n {
		ds := d.uint(math.MaxUint16, "a posting's score")
		rank := d.uint(math.MaxUint16, "a posting's rank")
		d.slab = append(d.slab, uint32(ds)<<16|uint32(rank))
	}
	d.posts[i] = d.slab[start:len(d.slab):len(d.slab)]
}

// readExcerpts reads the excerpts of a page of nsec sections.
func (d *cacheDecoder) readExcerpts(nsec int) []excerptRec {
	n := d.count(5, "a page's excerpts")
	if n == 0 || d.err != nil {
		return nil
	}
	if len(d.lex.stems) == 0 {
		d.fail("excerpts without stems")
		return nil
	}
	recs := make([]excerptRec, n)
	for j := range recs {
		e := &recs[j]
		e.sec = int32(d.uint(uint64(nsec), "an excerpt's section")) - 1
		e.stem = int32(d.uint(uint64(len(d.lex.stems)-1), "an excerpt's stem"))
		from := d.uint(maxPos, "an excerpt's start")
		to := from + d.uint(maxPos-from, "an excerpt's length")
		flags := d.uint(3, "an excerpt's ellipses")
		e.at = excerptAt{from: int32(from), to: int32(to), pre: flags&1 != 0, post: flags&2 != 0}
		if j > 0 && cmpExcerpt(recs[j-1], *e) >= 0 {
			d.fail("excerpts out of order")
		}
	}
	if d.err != nil {
		return nil
	}
	return recs
}

// text reads one text of field f (and section sec) of the page whose codes
// start at codes0, and returns the words it counts.
func (d *cacheDecoder) text(f int, sec int32, codes0 int) int32 {
	nc := int(d.uint(uint64(cap(d.codes)-len(d.codes)), "a text's codes"))
	var offset uint64
	if f == fieldBody {
		offset = d.uint(maxPos, "a text's offset")
	}
	if d.err != nil {
		return 0
	}
	keepPos := f == fieldTitle || f == fieldHeadings || f == fieldBody
	stemOf, mark, page := d.stemOf, d.mark, d.page
	codes, stems := d.codes, d.stems
	b, i := d.b, 0
	pos, plain := int64(offset), int32(0)
	end := len(codes) + nc
	var what string
loop:
	for len(codes) < end {
		// The codes are uvarints, most of one or two bytes.
		var v uint64
		switch {
		case i < len(b) && b[i] < 0x80:
			v = uint64(b[i])
			i++
		case i+1 < len(b) && b[i+1] < 0x80:
			v = uint64(b[i]&0x7f) | uint64(b[i+1])<<7
			i += 2
		default:
			x, n := binary.Uvarint(b[i:])
			if n <= 0 {
				what = "a code"
				break loop
			}
			v = x
			i += n
		}
		switch v {
		case 0:
			skip, n := binary.Uvarint(b[i:])
			if n <= 0 || skip == 0 || skip > maxPos || pos+int64(skip) > maxPos {
				what = "a skip"
				break loop
			}
			i += n
			pos += int64(skip)
			codes = append(codes, codeSkip+uint32(skip))
			continue
		case 1:
			back, n := binary.Uvarint(b[i:])
			if n <= 0 || back == 0 || back > maxPos || keepPos && pos-int64(back) < int64(offset) || len(codes)+2 > end {
				what = "a joined form"
				break loop
			}
			i += n
			codes = append(codes, codeJoined|uint32(back))
			if v, n = binary.Uvarint(b[i:]); n <= 0 {
				what = "a joined form"
				break loop
			}
			i += n
		default:
			if pos++; pos > maxPos {
				what = "a position"
				break loop
			}
			plain++
			v -= 2
		}
		if v >= uint64(len(stemOf)) {
			what = "a word id"
			break
		}
		codes = append(codes, uint32(v))
		if s := stemOf[v]; mark[s] != page {
			mark[s] = page
			if len(stems) == cap(stems) {
				what = "a page's stems"
				break
			}
			stems = append(stems, s)
		}
	}
	b = b[i:]
	d.b, d.codes, d.stems = b, codes, stems
	if what != "" {
		d.fail(what)
		return 0
	}
	d.spans = append(d.spans, span{field: uint8(f), sec: sec, offset: int32(offset), end: int32(len(codes) - codes0)})
	return plain
}

// files reads the compressed files.
func (d *cacheDecoder) files() {
	if d.err != nil {
		return
	}
	n := d.count(33, "files")
	keys := make([][32]byte, n)
	lens := make([]int, n)
	total := 0
	for i := range keys {
		keys[i] = d.key("a file")
		lens[i] = int(d.uint(uint64(max(0, len(d.b)-total)), "a file's length"))
		total += lens[i]
	}
	blob := d.bytes(total, "files")
	if d.err != nil {
		return
	}
	blob = append([]byte(nil), blob...)
	d.gz = make(map[[32]byte][]byte, n)
	for i, k := range keys {
		if _, dup := d.gz[k]; dup {
			d.fail("a file twice")
			return
		}
		d.gz[k], blob = blob[:lens[i]:lens[i]], blob[lens[i]:]
	}
}
