package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Searcher answers queries from a built index exactly as the JavaScript
// runtime does, reading the same files. It remembers what it has read, as a
// browser caches, and reports per query what it had to read. It is safe for
// concurrent use; queries run one at a time.
type Searcher struct {
	fsys fs.FS

	mu     sync.Mutex
	m      *manifest
	shards map[int]*termShard
	cards  map[int]*cardSet
	docs   map[int]*docFile
	facets [][]int // per page: kind id, then tag and organisation facet ids
	read   []string
	bytes  int
}

// NewSearcher returns a Searcher over an index directory: fsys holds
// manifest.bin, terms/, cards/, docs/ and facets.bin at its root.
func NewSearcher(fsys fs.FS) *Searcher {
	return &Searcher{fsys: fsys, shards: map[int]*termShard{}, cards: map[int]*cardSet{}, docs: map[int]*docFile{}}
}

// load reads and decompresses one file, counting it.
func (s *Searcher) load(name string) ([]byte, error) {
	p, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	s.read = append(s.read, name)
	s.bytes += len(p)
	return gunzip(p)
}

func (s *Searcher) manifest() (*manifest, error) {
	if s.m != nil {
		return s.m, nil
	}
	p, err := s.load("manifest.bin")
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(p, &m); err != nil {
		return nil, fmt.Errorf("search: manifest.bin: %w", err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("search: manifest.bin: index format %d, want %d: rebuild the site", m.Format, Format)
	}
	s.m = &m
	return s.m, nil
}

// termShard is a decoded term shard.
type termShard struct {
	terms []*termEntry // by stem
	words [][2]string  // surface word, stem; by word
}

// termEntry is a decoded stem entry.
type termEntry struct {
	stem     string
	df       int
	cardFile int
	mode     byte    // how members were encoded
	members  []int32 // ascending
	hist     [][2]int
	rest     int32
	scored   []scoredDoc // ascending page
	byDoc    map[int32]*scoredDoc
	cards    map[int32]int32 // page → section of the stem's card
}

func (s *Searcher) shard(i int) (*termShard, error) {
	if sh := s.shards[i]; sh != nil {
		return sh, nil
	}
	p, err := s.load("terms/" + strconv.Itoa(i) + ".bin")
	if err != nil {
		return nil, err
	}
	sh, err := decodeShard(p, s.m.Docs, s.m.Cards)
	if err != nil {
		return nil, fmt.Errorf("search: terms/%d.bin: %w", i, err)
	}
	s.shards[i] = sh
	return sh, nil
}

func decodeShard(p []byte, docs, cards int) (*termShard, error) {
	d := &decoder{b: p}
	sh := &termShard{}
	for range d.uint() {
		if d.err != nil {
			break
		}
		sh.terms = append(sh.terms, decodeTerm(d, docs, cards))
	}
	for range d.uint() {
		if d.err != nil {
			break
		}
		sh.words = append(sh.words, [2]string{d.string(), d.string()})
	}
	return sh, d.err
}

func decodeTerm(d *decoder, docs, cards int) *termEntry {
	t := &termEntry{stem: d.string(), df: d.uint(), cardFile: d.uint()}
	mode := d.byte()
	t.mode = mode
	switch mode {
	case membersGaps:
		last := int32(0)
		for range t.df {
			last += int32(d.uint())
			t.members = append(t.members, last)
		}
	case membersBitmap:
		for i, b := range d.bytes((docs + 7) / 8) {
			for j := range 8 {
				if b&(1<<j) != 0 {
					t.members = append(t.members, int32(i*8+j))
				}
			}
		}
	}
	id := 0
	for range d.uint() {
		id += d.uint()
		t.hist = append(t.hist, [2]int{id, d.uint()})
	}
	t.rest = int32(d.uint())
	n := d.uint()
	last := int32(0)
	t.byDoc = make(map[int32]*scoredDoc, n)
	for range n {
		if d.err != nil {
			break
		}
		last += int32(d.uint())
		sd := scoredDoc{doc: last, ds: int32(d.uint()), bits: d.byte(), titlePos: -1}
		if sd.bits&(1<<fieldTitle) != 0 {
			sd.titlePos = int32(d.uint())
		}
		for range d.uint() {
			sd.secs = append(sd.secs, scoredSec{idx: int32(d.uint()), ss: int32(d.uint()), first: int32(d.uint())})
		}
		t.scored = append(t.scored, sd)
	}
	if mode == membersScored {
		for _, sd := range t.scored {
			t.members = append(t.members, sd.doc)
		}
	}
	for i := range t.scored {
		t.byDoc[t.scored[i].doc] = &t.scored[i]
	}
	ranked := append([]scoredDoc(nil), t.scored...)
	sortByRank(ranked)
	t.cards = make(map[int32]int32)
	for _, sd := range ranked[:min(len(ranked), cards)] {
		t.cards[sd.doc] = sd.best()
	}
	return t
}

// shardOf returns the shard whose key range holds key.
func (m *manifest) shardOf(key string) int {
	i := sort.Search(len(m.Shards), func(i int) bool { return m.Shards[i] > key })
	return max(0, i-1)
}

// prefixShards returns the shards that may hold keys starting with p, at
// most maxPrefixShards of them.
func (m *manifest) prefixShards(p string) []int {
	i := m.shardOf(p)
	out := []int{i}
	for i+1 < len(m.Shards) && strings.HasPrefix(m.Shards[i+1], p) && len(out) < maxPrefixShards {
		i++
		out = append(out, i)
	}
	return out
}

// entry returns the stem's entry in sh, or nil.
func (sh *termShard) entry(stem string) *termEntry {
	i := sort.Search(len(sh.terms), func(i int) bool { return sh.terms[i].stem >= stem })
	if i < len(sh.terms) && sh.terms[i].stem == stem {
		return sh.terms[i]
	}
	return nil
}

// cardSet is a decoded card file.
type cardSet struct {
	docs  map[int32]*cardDocJSON
	terms map[string]map[int32]string // stem → page → excerpt
}

type cardDocJSON struct {
	title, url, date string
	kind             int
	orgs             []int
	secs             map[int32][2]string // anchor, heading
}

func (s *Searcher) cardSet(i int) (*cardSet, error) {
	if c := s.cards[i]; c != nil {
		return c, nil
	}
	p, err := s.load("cards/" + strconv.Itoa(i) + ".bin")
	if err != nil {
		return nil, err
	}
	var raw struct {
		Docs  [][]json.RawMessage  `json:"docs"`
		Terms [][2]json.RawMessage `json:"terms"`
	}
	if err := json.Unmarshal(p, &raw); err != nil {
		return nil, fmt.Errorf("search: cards/%d.bin: %w", i, err)
	}
	c := &cardSet{docs: map[int32]*cardDocJSON{}, terms: map[string]map[int32]string{}}
	for _, d := range raw.Docs {
		if len(d) != 7 {
			return nil, fmt.Errorf("search: cards/%d.bin: %w", i, errShort)
		}
		var id int32
		cd := &cardDocJSON{secs: map[int32][2]string{}}
		var secs [][3]json.RawMessage
		for k, v := range []any{&id, &cd.title, &cd.url, &cd.kind, &cd.date, &cd.orgs, &secs} {
			if err := json.Unmarshal(d[k], v); err != nil {
				return nil, fmt.Errorf("search: cards/%d.bin: %w", i, err)
			}
		}
		for _, sec := range secs {
			var idx int32
			var anchor, heading string
			json.Unmarshal(sec[0], &idx)
			json.Unmarshal(sec[1], &anchor)
			json.Unmarshal(sec[2], &heading)
			cd.secs[idx] = [2]string{anchor, heading}
		}
		c.docs[id] = cd
	}
	for _, t := range raw.Terms {
		var stem string
		var cards [][3]json.RawMessage
		json.Unmarshal(t[0], &stem)
		json.Unmarshal(t[1], &cards)
		m := map[int32]string{}
		for _, cd := range cards {
			var doc int32
			var ex string
			json.Unmarshal(cd[0], &doc)
			json.Unmarshal(cd[2], &ex)
			m[doc] = ex
		}
		c.terms[stem] = m
	}
	s.cards[i] = c
	return c, nil
}

func (s *Searcher) doc(i int32) (*docFile, error) {
	if d := s.docs[int(i)]; d != nil {
		return d, nil
	}
	p, err := s.load("docs/" + strconv.Itoa(int(i)) + ".bin")
	if err != nil {
		return nil, err
	}
	var d docFile
	if err := json.Unmarshal(p, &d); err != nil {
		return nil, fmt.Errorf("search: docs/%d.bin: %w", i, err)
	}
	s.docs[int(i)] = &d
	return &d, nil
}

// facetTable returns every page's facet ids: its kind, then its tags and
// organisations, numbered as in a term entry's histogram.
func (s *Searcher) facetTable() ([][]int, error) {
	if s.facets != nil {
		return s.facets, nil
	}
	p, err := s.load("facets.bin")
	if err != nil {
		return nil, err
	}
	out, err := decodeFacets(p, s.m)
	if err != nil {
		return nil, fmt.Errorf("search: facets.bin: %w", err)
	}
	s.facets = out
	return out, nil
}

func decodeFacets(p []byte, m *manifest) ([][]int, error) {
	d := &decoder{b: p}
	n := d.uint()
	if d.err != nil || n != m.Docs {
		return nil, errShort
	}
	kb := kindBits(len(m.Kinds))
	kinds := &bitReader{b: d.bytes((n*kb + 7) / 8)}
	out := make([][]int, n)
	for i := range out {
		out[i] = []int{int(kinds.read(kb))}
	}
	for v := range len(m.Tags) + len(m.Orgs) {
		count := d.uint()
		if count == 0 {
			continue
		}
		k := int(d.byte())
		r := &bitReader{b: d.b}
		doc := -1
		for range count {
			doc += int(r.rice(k)) + 1
			if r.err != nil || doc >= n {
				return nil, errShort
			}
			out[doc] = append(out[doc], len(m.Kinds)+v)
		}
		d.bytes((r.nbit + 7) / 8)
	}
	if d.err != nil || kinds.err != nil {
		return nil, errShort
	}
	return out, nil
}

// yearOf returns the publication year of page i, or 0.
func (m *manifest) yearOf(i int32) int {
	for _, y := range m.Years {
		if int(i) >= y[1] && int(i) < y[2] {
			return y[0]
		}
	}
	return 0
}
