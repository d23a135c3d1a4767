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

	mu      sync.Mutex
	m       *manifest
	shards  map[int]*termShard
	members map[int]bool // members files read
	pages   map[int][]pageRecord
	spell   map[int]*spellShard
	facets  [][]int // per page: kind id, then tag and organisation facet ids
	read    []string
	bytes   int
}

// NewSearcher returns a Searcher over an index directory: fsys holds
// manifest.bin, terms/, pages/ and facets.bin at its root.
func NewSearcher(fsys fs.FS) *Searcher {
	return &Searcher{fsys: fsys, shards: map[int]*termShard{}, members: map[int]bool{}, pages: map[int][]pageRecord{}, spell: map[int]*spellShard{}}
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
	if m.Pages < 1 {
		return nil, fmt.Errorf("search: manifest.bin: %w", errShort)
	}
	s.m = &m
	return s.m, nil
}

// termShard is a decoded term shard.
type termShard struct {
	index int
	terms []*termEntry        // by stem
	words [][2]string         // surface word, stem; by word
	syns  []synRecord         // synonym groups, by the stem they are filed under
	docs  map[int32]*cardPage // the pages of its cards
}

// synRecord is a synonym group as a term shard files it under a stem.
type synRecord struct {
	stem    string // filed under
	key     string
	members []synTerm
}

// synTerm is a term of a synonym group: its stems, and the first that a
// query keeps; a term of one word matches that word only.
type synTerm struct {
	anchor int
	stems  []string
	word   string
}

// synsOf returns the synonym groups filed under stem.
func (sh *termShard) synsOf(stem string) []synRecord {
	i := sort.Search(len(sh.syns), func(i int) bool { return sh.syns[i].stem >= stem })
	j := i
	for j < len(sh.syns) && sh.syns[j].stem == stem {
		j++
	}
	return sh.syns[i:j]
}

// cardPage is what a term shard says of a page its cards show.
type cardPage struct {
	title, url, date string
	kind             int
	orgs             []int
	secs             map[int32][2]string // anchor, heading
}

// termEntry is a decoded stem entry.
type termEntry struct {
	stem     string
	df       int
	mode     byte    // how members were encoded
	members  []int32 // ascending; nil until read when in the members file
	years    []int   // pages per year of the manifest, when members are in the members file
	hist     [][2]int
	rest     int32
	scored   []scoredDoc // ascending page
	byDoc    map[int32]*scoredDoc
	cards    map[int32]int32  // page → section of the stem's card
	excerpts map[int32]string // page → excerpt of the stem's card
	shard    *termShard
}

func (s *Searcher) shard(i int) (*termShard, error) {
	if sh := s.shards[i]; sh != nil {
		return sh, nil
	}
	p, err := s.load("terms/" + strconv.Itoa(i) + ".bin")
	if err != nil {
		return nil, err
	}
	sh, err := decodeShard(p, s.m.Docs)
	if err != nil {
		return nil, fmt.Errorf("search: terms/%d.bin: %w", i, err)
	}
	sh.index = i
	s.shards[i] = sh
	return sh, nil
}

func decodeShard(p []byte, docs int) (*termShard, error) {
	d := &decoder{b: p}
	sh := &termShard{docs: map[int32]*cardPage{}}
	for range d.uint() {
		if d.err != nil {
			break
		}
		t := decodeTerm(d, docs)
		t.shard = sh
		sh.terms = append(sh.terms, t)
	}
	for range d.uint() {
		if d.err != nil {
			break
		}
		sh.words = append(sh.words, [2]string{d.string(), d.string()})
	}
	for range d.uint() {
		if d.err != nil {
			break
		}
		r := synRecord{stem: d.string(), key: d.string()}
		for range d.uint() {
			if d.err != nil {
				break
			}
			t := synTerm{anchor: d.uint()}
			for range d.uint() {
				t.stems = append(t.stems, d.string())
				if d.err != nil {
					break
				}
			}
			if len(t.stems) == 1 {
				t.word = d.string()
			}
			if t.anchor >= len(t.stems) {
				d.err = errShort
			}
			r.members = append(r.members, t)
		}
		sh.syns = append(sh.syns, r)
	}
	id := int32(0)
	for range d.uint() {
		if d.err != nil {
			break
		}
		id += int32(d.uint())
		cp := &cardPage{title: d.string(), url: d.string(), kind: d.uint(), date: d.string(), secs: map[int32][2]string{}}
		cp.orgs = []int{}
		for range d.uint() {
			cp.orgs = append(cp.orgs, d.uint())
			if d.err != nil {
				break
			}
		}
		for range d.uint() {
			if d.err != nil {
				break
			}
			idx := int32(d.uint())
			cp.secs[idx] = [2]string{d.string(), d.string()}
		}
		sh.docs[id] = cp
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errShort
	}
	if d.err != nil {
		return nil, d.err
	}
	for _, t := range sh.terms {
		for doc, sec := range t.cards {
			cp := sh.docs[doc]
			if cp == nil {
				return nil, errShort
			}
			if _, ok := cp.secs[sec]; sec >= 0 && !ok {
				return nil, errShort
			}
		}
	}
	return sh, nil
}

func decodeTerm(d *decoder, docs int) *termEntry {
	t := &termEntry{stem: d.string(), df: d.uint()}
	mode := d.byte()
	t.mode = mode
	switch mode {
	case membersGaps, membersBitmap:
		t.members = decodeMembers(d, mode, t.df, docs)
	case membersFile:
		for range d.uint() {
			t.years = append(t.years, d.uint())
		}
	case membersScored:
	default:
		d.err = errShort
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
	cards := d.uint()
	if cards > len(ranked) {
		d.err = errShort
		return t
	}
	t.cards = make(map[int32]int32, cards)
	t.excerpts = make(map[int32]string, cards)
	for _, sd := range ranked[:cards] {
		t.cards[sd.doc] = sd.best()
		t.excerpts[sd.doc] = d.string()
	}
	return t
}

// decodeMembers reads df ascending page numbers encoded as mode says.
func decodeMembers(d *decoder, mode byte, df, docs int) []int32 {
	out := make([]int32, 0, df)
	switch mode {
	case membersGaps:
		last := int32(0)
		for range df {
			last += int32(d.uint())
			out = append(out, last)
		}
	case membersBitmap:
		for i, b := range d.bytes((docs + 7) / 8) {
			for j := range 8 {
				if b&(1<<j) != 0 {
					out = append(out, int32(i*8+j))
				}
			}
		}
	default:
		d.err = errShort
	}
	if d.err == nil && len(out) != df {
		d.err = errShort
	}
	return out
}

// readMembers reads the members file of shard sh, once, into its entries
// whose pages are there.
func (s *Searcher) readMembers(sh *termShard) error {
	if s.members[sh.index] {
		return nil
	}
	name := "members/" + strconv.Itoa(sh.index) + ".bin"
	p, err := s.load(name)
	if err != nil {
		return err
	}
	d := &decoder{b: p}
	for _, t := range sh.terms {
		if t.mode == membersFile {
			t.members = decodeMembers(d, d.byte(), t.df, s.m.Docs)
		}
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errShort
	}
	if d.err != nil {
		return fmt.Errorf("search: %s: %w", name, d.err)
	}
	s.members[sh.index] = true
	return nil
}

// shardOf returns the term shard whose key range holds key.
func (m *manifest) shardOf(key string) int { return boundOf(m.Shards, key) }

// prefixShards returns the term shards that may hold keys starting with p,
// at most Query.PrefixShards of them.
func (m *manifest) prefixShards(p string) []int {
	r := rangeOf(m.Shards, p)
	return r[:min(len(r), m.Query.PrefixShards)]
}

// spellShards returns the spell shards a word reads: all of them if there
// are no more than Query.SpellShards, else those of the words that share
// its first letters, as few letters as keep them that many.
func (m *manifest) spellShards(w string) []int {
	n := len(m.Spell)
	if n <= m.Query.SpellShards {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	for p := 1; p <= len(w); p++ {
		if r := rangeOf(m.Spell, w[:p]); len(r) <= m.Query.SpellShards {
			return r
		}
	}
	return []int{boundOf(m.Spell, w)}
}

// boundOf returns the index of the range of sorted lower bounds that holds
// key.
func boundOf(bounds []string, key string) int {
	i := sort.Search(len(bounds), func(i int) bool { return bounds[i] > key })
	return max(0, i-1)
}

// rangeOf returns the ranges of bounds that may hold keys starting with p.
func rangeOf(bounds []string, p string) []int {
	i := boundOf(bounds, p)
	out := []int{i}
	for i+1 < len(bounds) && strings.HasPrefix(bounds[i+1], p) {
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

// spellShard is a decoded spell shard: words, sorted, and their pages.
type spellShard struct {
	words []string
	df    []int
}

// spellShard returns spell shard i.
func (s *Searcher) spellShard(i int) (*spellShard, error) {
	if sh := s.spell[i]; sh != nil {
		return sh, nil
	}
	name := "spell/" + strconv.Itoa(i) + ".bin"
	p, err := s.load(name)
	if err != nil {
		return nil, err
	}
	d := &decoder{b: p}
	sh := &spellShard{}
	last := ""
	for range d.uint() {
		n := d.uint()
		if n > len(last) {
			d.err = errShort
		}
		if d.err != nil {
			break
		}
		w := last[:n] + d.string()
		sh.words = append(sh.words, w)
		sh.df = append(sh.df, int(d.byte()))
		last = w
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errShort
	}
	if d.err != nil {
		return nil, fmt.Errorf("search: %s: %w", name, d.err)
	}
	s.spell[i] = sh
	return sh, nil
}

// page returns the record of page i.
func (s *Searcher) page(i int32) (*pageRecord, error) {
	n := int(i) / s.m.Pages
	recs, ok := s.pages[n]
	if !ok {
		name := "pages/" + strconv.Itoa(n) + ".bin"
		p, err := s.load(name)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(p, &recs); err != nil {
			return nil, fmt.Errorf("search: %s: %w", name, err)
		}
		s.pages[n] = recs
	}
	k := int(i) % s.m.Pages
	if k >= len(recs) {
		return nil, fmt.Errorf("search: pages/%d.bin: no page %d: %w", n, i, errShort)
	}
	return &recs[k], nil
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
