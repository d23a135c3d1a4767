package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
)

// Format is the version of the index files; the runtime refuses others.
const Format = 1

// Membership encodings of a term entry.
const (
	membersScored = 0 // the scored pages are all the pages
	membersGaps   = 1 // varint gaps
	membersBitmap = 2 // one bit per page
)

// manifest is the JSON of search/manifest.bin.
type manifest struct {
	Format int        `json:"format"`
	Build  string     `json:"build"` // hash of the other files, appended to their URLs
	Docs   int        `json:"docs"`
	Kinds  []string   `json:"kinds"`
	Tags   []string   `json:"tags"`
	Orgs   []string   `json:"orgs"`
	Cards  int        `json:"cards"`  // cards per stem (Options.Cards)
	Years  [][3]int   `json:"years"`  // year, first page, end page (pages are newest first)
	Shards []string   `json:"shards"` // lower bound of each term shard's keys
	Text   textTables `json:"text"`
}

// textTables are the folding tables the runtime needs for queries.
type textTables struct {
	Stop     []string          `json:"stop"`
	Query    []string          `json:"querystop"`
	Prefixes [][2]string       `json:"prefixes"`
	Words    map[string]string `json:"words"`
	Stems    map[string]string `json:"stems"`
	Ize      []string          `json:"ize"`
}

// docFile is the JSON of search/docs/N.bin.
type docFile struct {
	Title    string      `json:"t"`
	URL      string      `json:"u"`
	Kind     int         `json:"k"`
	Date     string      `json:"d"`
	Orgs     []int       `json:"o"`
	Tags     []int       `json:"g"`
	Summary  string      `json:"m"`
	Sections [][3]string `json:"s"` // anchor, heading, text
}

// files encodes the index.
func (b *builder) files(ctx context.Context) ([]File, error) {
	var raw []File
	raw = append(raw, b.cardFiles()...)
	shards, bounds := b.termShards()
	raw = append(raw, shards...)
	raw = append(raw, b.docFiles()...)
	raw = append(raw, File{Path: "search/facets.bin", Data: b.facetTable()})
	sort.Slice(raw, func(i, j int) bool { return raw[i].Path < raw[j].Path })

	h := sha256.New()
	for _, f := range raw {
		h.Write([]byte(f.Path))
		h.Write([]byte{0})
		h.Write(f.Data)
	}
	m := manifest{
		Format: Format, Build: hex.EncodeToString(h.Sum(nil))[:16], Docs: len(b.docs), Cards: b.opt.Cards,
		Kinds: nonNil(b.kinds), Tags: nonNil(b.tags), Orgs: nonNil(b.orgs), Years: b.years(), Shards: bounds,
		Text: textTables{Stop: stopWords, Query: queryStopWords, Prefixes: spellingPrefixes, Words: spellingWords, Stems: spellingStems, Ize: izeEndings},
	}
	raw = append(raw, File{Path: "search/manifest.bin", Data: marshalJSON(m)})

	out, err := b.opt.Cache.compress(ctx, raw)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// years returns the page ranges of each publication year.
func (b *builder) years() [][3]int {
	out := [][3]int{}
	for i, d := range b.docs {
		if d.Date.IsZero() {
			break
		}
		y := d.Date.Year()
		if n := len(out); n > 0 && out[n-1][0] == y {
			out[n-1][2] = i + 1
		} else {
			out = append(out, [3]int{y, i, i + 1})
		}
	}
	return out
}

func datePart(d *Doc) string {
	if d.Date.IsZero() {
		return ""
	}
	return d.Date.Format("2006-01-02")
}

// idList maps names to their index in vocab (which starts at first).
func idList(m map[string]int, first int, names []string) []int {
	out := []int{}
	for _, id := range appendIDs(nil, m, names) {
		out = append(out, id-first)
	}
	sort.Ints(out)
	return dedupInts(out)
}

// cardFiles packs the cards of consecutive stems into files of about
// ShardSize bytes and records each stem's file.
func (b *builder) cardFiles() []File {
	var out []File
	var cur cardFile
	flush := func() {
		if len(cur.terms) > 0 {
			out = append(out, File{Path: "search/cards/" + strconv.Itoa(len(out)) + ".bin", Data: cur.json()})
		}
		cur = cardFile{}
	}
	for i := range b.terms {
		td := &b.terms[i]
		if cur.size > 0 && cur.size+b.cardsSize(td, &cur) > b.opt.ShardSize {
			flush()
		}
		td.cardFile = len(out)
		cur.add(b, td)
	}
	flush()
	return out
}

// cardFile is one file of cards being packed.
type cardFile struct {
	docs  map[int32]*cardDoc
	order []int32
	terms [][2]any // stem, [[doc, sec, excerpt]…]
	size  int
}

type cardDoc struct {
	head []any // id, title, url, kind, date, orgs
	secs map[int32][3]any
}

// cardsSize estimates the bytes the cards of td add to f.
func (b *builder) cardsSize(td *termData, f *cardFile) int {
	n := len(td.stem) + 8
	for _, c := range td.cards {
		n += len(c.excerpt) + 16
		if f.docs[c.doc] == nil {
			d := &b.docs[c.doc]
			n += len(d.Title) + len(d.URL) + 40
		}
		if c.sec >= 0 {
			s := &b.docs[c.doc].Sections[c.sec]
			n += len(s.Anchor) + len(s.Heading) + 12
		}
	}
	return n
}

func (f *cardFile) add(b *builder, td *termData) {
	f.size += b.cardsSize(td, f)
	if f.docs == nil {
		f.docs = make(map[int32]*cardDoc)
	}
	cards := make([][3]any, 0, len(td.cards))
	for _, c := range td.cards {
		cd := f.docs[c.doc]
		if cd == nil {
			d := &b.docs[c.doc]
			cd = &cardDoc{
				head: []any{c.doc, d.Title, d.URL, b.kindID[d.Kind], datePart(d), idList(b.orgID, len(b.kinds)+len(b.tags), d.Organisations)},
				secs: make(map[int32][3]any),
			}
			f.docs[c.doc] = cd
			f.order = append(f.order, c.doc)
		}
		if c.sec >= 0 {
			s := &b.docs[c.doc].Sections[c.sec]
			cd.secs[c.sec] = [3]any{c.sec, s.Anchor, s.Heading}
		}
		cards = append(cards, [3]any{c.doc, c.sec, c.excerpt})
	}
	f.terms = append(f.terms, [2]any{td.stem, cards})
}

// json encodes a card file: {"docs": [[id, title, url, kind, date, orgs,
// [[sec, anchor, heading]…]]…], "terms": [[stem, [[doc, sec, excerpt]…]]…]}.
func (f *cardFile) json() []byte {
	sort.Slice(f.order, func(i, j int) bool { return f.order[i] < f.order[j] })
	docs := make([][]any, 0, len(f.order))
	for _, id := range f.order {
		cd := f.docs[id]
		secs := make([][3]any, 0, len(cd.secs))
		for _, s := range cd.secs {
			secs = append(secs, s)
		}
		sort.Slice(secs, func(i, j int) bool { return secs[i][0].(int32) < secs[j][0].(int32) })
		docs = append(docs, append(append([]any(nil), cd.head...), secs))
	}
	return marshalJSON(map[string]any{"docs": docs, "terms": f.terms})
}

// shardItem is a key of the term shards: a stem with its entry, or a
// surface word with its stem.
type shardItem struct {
	key   string
	entry []byte // for a stem
	stem  string // for a surface word
}

// termShards partitions stems and surface words into shards of about
// ShardSize bytes by key range and returns the files and their lower bounds.
func (b *builder) termShards() ([]File, []string) {
	items := make([]shardItem, 0, len(b.terms)+len(b.surfaces))
	for i := range b.terms {
		items = append(items, shardItem{key: b.terms[i].stem, entry: b.encodeTerm(&b.terms[i])})
	}
	for w, s := range b.surfaces {
		items = append(items, shardItem{key: w, stem: s})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].key != items[j].key {
			return items[i].key < items[j].key
		}
		return items[i].entry != nil && items[j].entry == nil
	})
	var files []File
	bounds := []string{}
	start, size := 0, 0
	emit := func(end int) {
		if len(files) == 0 {
			bounds = append(bounds, "")
		} else {
			bounds = append(bounds, separator(items[start-1].key, items[start].key))
		}
		files = append(files, File{Path: "search/terms/" + strconv.Itoa(len(files)) + ".bin", Data: encodeShard(items[start:end])})
		start, size = end, 0
	}
	// A shard ends after ShardSize bytes, but not between a stem and the
	// keys that extend it less its last letter (its surface words, mostly:
	// "strategi" and "strategy"), unless it grows to twice the size: a
	// whole word then needs one shard.
	anchor := ""
	for i, it := range items {
		size += len(it.key) + len(it.entry) + len(it.stem) + 2
		if it.entry != nil && !(anchor != "" && strings.HasPrefix(it.key, anchor)) {
			anchor = it.key
			if len(anchor) > 4 {
				anchor = anchor[:len(anchor)-1]
			}
		}
		if i+1 == len(items) || size < b.opt.ShardSize || items[i+1].key == it.key {
			continue
		}
		if size < 2*b.opt.ShardSize && len(anchor) >= 3 && strings.HasPrefix(items[i+1].key, anchor) {
			continue
		}
		emit(i + 1)
		anchor = ""
	}
	if start < len(items) || len(files) == 0 {
		emit(len(items))
	}
	return files, bounds
}

// separator returns the shortest prefix of next that sorts after prev.
func separator(prev, next string) string {
	for i := range next {
		if i > 0 && next[:i] > prev {
			return next[:i]
		}
	}
	return next
}

// encodeShard writes a term shard: the stems with their entries, then the
// surface words with their stems.
func encodeShard(items []shardItem) []byte {
	var terms, words encoder
	nt, nw := 0, 0
	for _, it := range items {
		if it.entry != nil {
			terms.bytes(it.entry)
			nt++
		} else {
			words.string(it.key)
			words.string(it.stem)
			nw++
		}
	}
	var e encoder
	e.uint(nt)
	e.bytes(terms.b)
	e.uint(nw)
	e.bytes(words.b)
	return e.b
}

// encodeTerm writes one stem's entry of a term shard.
func (b *builder) encodeTerm(td *termData) []byte {
	var e encoder
	e.string(td.stem)
	e.uint(len(td.docs))
	e.uint(td.cardFile)
	switch gaps, bitmap := gapBytes(td.docs), (len(b.docs)+7)/8; {
	case len(td.scored) == len(td.docs):
		e.byte(membersScored)
	case len(gaps) <= bitmap:
		e.byte(membersGaps)
		e.bytes(gaps)
	default:
		e.byte(membersBitmap)
		bits := make([]byte, bitmap)
		for _, d := range td.docs {
			bits[d/8] |= 1 << (d % 8)
		}
		e.bytes(bits)
	}
	e.uint(len(td.hist))
	prev := 0
	for _, h := range td.hist {
		e.uint(h[0] - prev)
		e.uint(h[1])
		prev = h[0]
	}
	e.uint(int(td.rest))
	e.uint(len(td.scored))
	last := int32(0)
	for _, d := range td.scored {
		e.uint(int(d.doc - last))
		last = d.doc
		e.uint(int(d.ds))
		e.byte(d.bits)
		if d.bits&(1<<fieldTitle) != 0 {
			e.uint(int(d.titlePos))
		}
		e.uint(len(d.secs))
		for _, s := range d.secs {
			e.uint(int(s.idx))
			e.uint(int(s.ss))
			e.uint(int(s.first))
		}
	}
	return e.b
}

// gapBytes encodes ascending page numbers as varint gaps from 0.
func gapBytes(docs []int32) []byte {
	var e encoder
	last := int32(0)
	for _, d := range docs {
		e.uint(int(d - last))
		last = d
	}
	return e.b
}

// docFiles writes one file per page with what the runtime needs to show
// it as a result when no card has it.
func (b *builder) docFiles() []File {
	out := make([]File, len(b.docs))
	tagFirst, orgFirst := len(b.kinds), len(b.kinds)+len(b.tags)
	for i := range b.docs {
		d := &b.docs[i]
		f := docFile{Title: d.Title, URL: d.URL, Kind: b.kindID[d.Kind], Date: datePart(d),
			Orgs: idList(b.orgID, orgFirst, d.Organisations), Tags: idList(b.tagID, tagFirst, d.Tags),
			Summary: d.Summary, Sections: [][3]string{}}
		for _, s := range d.Sections {
			f.Sections = append(f.Sections, [3]string{s.Anchor, s.Heading, strings.TrimSpace(s.Text)})
		}
		out[i] = File{Path: "search/docs/" + strconv.Itoa(i) + ".bin", Data: marshalJSON(f)}
	}
	return out
}

// facetTable writes the pages' facets: the number of pages, each page's
// kind in a fixed number of bits, then for each tag and each organisation
// the count of its pages and their numbers as Rice-coded gaps (see
// riceWriter). That is near the entropy of random sets, a third smaller
// than gzip over varints.
func (b *builder) facetTable() []byte {
	var e encoder
	n := len(b.docs)
	e.uint(n)
	var w bitWriter
	kb := kindBits(len(b.kinds))
	for i := range b.docs {
		w.write(uint64(b.kindID[b.docs[i].Kind]), kb)
	}
	e.bytes(w.bytes())
	lists := make([][]int32, len(b.tags)+len(b.orgs))
	for i := range b.docs {
		for _, id := range b.facetIDs(i) {
			if id >= len(b.kinds) {
				lists[id-len(b.kinds)] = append(lists[id-len(b.kinds)], int32(i))
			}
		}
	}
	for _, l := range lists {
		e.uint(len(l))
		if len(l) == 0 {
			continue
		}
		k := riceParam(n, len(l))
		e.byte(byte(k))
		var w bitWriter
		prev := int32(-1)
		for _, d := range l {
			w.rice(uint64(d-prev-1), k)
			prev = d
		}
		e.bytes(w.bytes())
	}
	return e.b
}

// kindBits is the bits a kind takes in the facet table.
func kindBits(kinds int) int {
	n := 0
	for 1<<n < kinds {
		n++
	}
	return n
}

// riceParam chooses the Rice parameter for count numbers among n: about
// log2 of the mean gap.
func riceParam(n, count int) int {
	k := 0
	for mean := n / count; 2<<k <= mean; k++ {
	}
	return k
}
