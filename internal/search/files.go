package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Format is the version of the index files; the runtime refuses others.
const Format = 3

// Membership encodings of a term entry.
const (
	membersScored = 0 // the scored pages are all the pages
	membersGaps   = 1 // varint gaps
	membersBitmap = 2 // one bit per page
	membersFile   = 3 // gaps or a bitmap in the shard's members file; the entry has counts per year
)

// onePageFile is the size of the page records up to which they all go in
// one file, which the first query fetches: term shards then carry no
// cards.
const onePageFile = 128 << 10

// manifest is the JSON of search/manifest.bin.
type manifest struct {
	Format int        `json:"format"`
	Build  string     `json:"build"` // hash of the other files, appended to their URLs
	Docs   int        `json:"docs"`
	Kinds  []string   `json:"kinds"`
	Tags   []string   `json:"tags"`
	Orgs   []string   `json:"orgs"`
	Cards  int        `json:"cards"`      // cards per stem in the term shards
	Facets int        `json:"facetbytes"` // size of facets.bin, which is about its compressed size
	Pages  int        `json:"pages"`      // page records per page file
	Years  [][3]int   `json:"years"`      // year, first page, end page (pages are newest first)
	Shards bounds     `json:"shards"`     // lower bound of each term shard's keys
	Spell  bounds     `json:"spell"`      // lower bound of each spell shard's words
	Query  tunables   `json:"query"`
	Text   textTables `json:"text"`
}

// bounds are sorted lower bounds of shards. In JSON they are one string,
// front-coded, for the manifest is read by every first query: each bound
// is a character that says how many characters it shares with the one
// before ('0' for none, '1' for one, …), the rest of it, and a newline
// (which no key has).
type bounds []string

func (b bounds) MarshalJSON() ([]byte, error) {
	var sb strings.Builder
	var prev []rune
	for _, s := range b {
		r := []rune(s)
		n := 0
		for n < len(r) && n < len(prev) && r[n] == prev[n] {
			n++
		}
		sb.WriteRune(rune('0' + n))
		sb.WriteString(string(r[n:]))
		sb.WriteByte('\n')
		prev = r
	}
	return json.Marshal(sb.String())
}

func (b *bounds) UnmarshalJSON(p []byte) error {
	var s string
	if err := json.Unmarshal(p, &s); err != nil {
		return err
	}
	out := bounds{}
	var prev []rune
	for s != "" {
		line, rest, ok := strings.Cut(s, "\n")
		r := []rune(line)
		if !ok || len(r) == 0 || int(r[0]-'0') > len(prev) || r[0] < '0' {
			return errShort
		}
		cur := append(append([]rune{}, prev[:r[0]-'0']...), r[1:]...)
		out = append(out, string(cur))
		prev, s = cur, rest
	}
	*b = out
	return nil
}

// textTables are the folding tables the runtime needs for queries.
type textTables struct {
	Stop     []string          `json:"stop"`
	Query    []string          `json:"querystop"`
	Prefixes [][2]string       `json:"prefixes"`
	Words    map[string]string `json:"words"`
	Stems    map[string]string `json:"stems"`
	Ize      []string          `json:"ize"`
	Fold     map[string]string `json:"fold"`
}

// pageRecord is one page in search/pages/N.bin, a JSON array of them.
type pageRecord struct {
	Title    string     `json:"t"`
	URL      string     `json:"u"`
	Kind     int        `json:"k"`
	Date     string     `json:"d"`
	Orgs     []int      `json:"o"`
	Summary  string     `json:"m"`
	Sections [][]string `json:"s"` // anchor, heading and, if the index carries text, text
}

// files encodes the index.
func (b *builder) files(ctx context.Context) ([]File, error) {
	// Each step of a tenth of a second or more on a large site stops
	// early once ctx is done: watch mode cancels an update when the next
	// edit comes, and the page waits for it to stop.
	var raw []File
	// The page files are made beside the term shards: each only reads
	// what the other does not write.
	var pages []File
	var pagesErr error
	paged := make(chan struct{})
	go func() {
		defer close(paged)
		pages, pagesErr = b.pageFiles(ctx)
	}()
	shards, bounds, err := b.termShards(ctx)
	<-paged
	if err != nil {
		return nil, err
	}
	if pagesErr != nil {
		return nil, pagesErr
	}
	raw = append(raw, shards...)
	spell, spellBounds := b.spellShards(b.spell)
	raw = append(raw, spell...)
	raw = append(raw, pages...)
	raw = append(raw, File{Path: "search/facets.bin", Data: b.facetTable()})
	sort.Slice(raw, func(i, j int) bool { return raw[i].Path < raw[j].Path })

	m := manifest{
		Format: Format, Docs: len(b.docs), Cards: b.cards, Pages: b.perFile,
		Kinds: nonNil(b.kinds), Tags: nonNil(b.tags), Orgs: nonNil(b.orgs), Years: b.yearRanges, Shards: bounds,
		Spell: spellBounds, Query: defaults,
		Text: textTables{Stop: stopWords, Query: queryStopWords, Prefixes: spellingPrefixes, Words: spellingWords, Stems: spellingStems, Ize: izeEndings, Fold: foldTable},
	}
	if b.opt.query != nil {
		m.Query = *b.opt.query
	}
	for _, f := range raw {
		if f.Path == "search/facets.bin" {
			m.Facets = len(f.Data)
		}
	}
	// The build's hash, which the files' URLs carry, is made of the
	// files' names and fingerprints (fileKey), which compress makes on
	// every worker, rather than of all their bytes again on one.
	paths := make([]string, len(raw))
	for i, f := range raw {
		paths[i] = f.Path
	}
	out, keys, err := b.opt.Cache.compress(ctx, b.workers, raw)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for i, k := range keys {
		h.Write([]byte(paths[i]))
		h.Write([]byte{0})
		h.Write(k[:])
	}
	m.Build = hex.EncodeToString(h.Sum(nil))[:16]
	// Every first query reads the manifest: it is worth the best level.
	out = append(out, File{Path: "search/manifest.bin", Data: gzipBest(marshalJSON(m))})
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

// orgList returns the organisations of page i as indexes into b.orgs.
func (b *builder) orgList(i int32) []int {
	first := int32(len(b.kinds) + len(b.tags))
	out := []int{}
	for _, id := range b.facets(int32(i)) {
		if id >= first {
			out = append(out, int(id-first))
		}
	}
	return out
}

// pageLayout decides what the page files carry: every section's text when
// the pages' text is at most Options.FullText bytes, and how many pages go
// in a file. When all the records fit in one file, term shards carry no
// cards: the first query reads that file instead.
func (b *builder) pageLayout() {
	var text, light int
	for i := range b.docs {
		d := &b.docs[i]
		light += len(d.Title) + len(d.URL) + len(d.Summary) + 40
		for _, s := range d.Sections {
			light += len(s.Anchor) + len(s.Heading) + 8
			text += len(s.Text) + 3
		}
	}
	b.fullText = b.opt.FullText >= 0 && text <= b.opt.FullText
	size := light
	if b.fullText {
		size += text
	}
	b.cards = b.opt.Cards
	b.perFile = max(1, len(b.docs))
	if size <= onePageFile {
		b.cards = 0
		return
	}
	b.perFile = max(1, b.opt.ShardSize*len(b.docs)/max(1, size))
}

// pageFiles writes the page records, perFile to a file, for results that
// no card shows.
func (b *builder) pageFiles(ctx context.Context) ([]File, error) {
	var out []File
	var buf []byte
	for first := 0; first < len(b.docs); first += b.perFile {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		buf = append(buf[:0], '[')
		for i := first; i < min(len(b.docs), first+b.perFile); i++ {
			if i > first {
				buf = append(buf, ',')
			}
			buf = b.appendRecord(buf, int32(i))
		}
		buf = append(buf, ']')
		out = append(out, File{Path: "search/pages/" + strconv.Itoa(len(out)) + ".bin", Data: slices.Clone(buf)})
	}
	return out, nil
}

// appendRecord appends the JSON of page i's record: the fields of
// pageRecord, in its order.
func (b *builder) appendRecord(buf []byte, i int32) []byte {
	d := &b.docs[i]
	buf = append(buf, `{"t":`...)
	buf = appendJSONString(buf, d.Title)
	buf = append(buf, `,"u":`...)
	buf = appendJSONString(buf, d.URL)
	buf = append(buf, `,"k":`...)
	buf = strconv.AppendInt(buf, int64(b.kindID[d.Kind]), 10)
	buf = append(buf, `,"d":`...)
	buf = appendJSONString(buf, datePart(d))
	buf = append(buf, `,"o":[`...)
	for j, o := range b.orgList(i) {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, int64(o), 10)
	}
	buf = append(buf, `],"m":`...)
	buf = appendJSONString(buf, d.Summary)
	buf = append(buf, `,"s":[`...)
	for j, s := range d.Sections {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = appendJSONString(buf, s.Anchor)
		buf = append(buf, ',')
		buf = appendJSONString(buf, s.Heading)
		if b.fullText {
			buf = append(buf, ',')
			buf = appendJSONString(buf, strings.TrimSpace(s.Text))
		}
		buf = append(buf, ']')
	}
	return append(buf, "]}"...)
}

// shardItem is a key of the term shards: a stem with its entry, or a
// surface word with its stem.
type shardItem struct {
	key     string
	term    *termData // for a stem
	entry   []byte    // for a stem
	members []byte    // for a stem whose pages are in the members file
	stem    string    // for a surface word
	syn     *synGroup // for a synonym group filed under key
}

// termShards partitions stems and surface words into shards of about
// ShardSize bytes by key range and returns the files and their lower bounds.
// A stem's cards go with it: the excerpts, and the title, address and
// sections of their pages. It stops early, with ctx.Err(), once ctx is
// done.
func (b *builder) termShards(ctx context.Context) ([]File, []string, error) {
	items := make([]shardItem, len(b.terms), len(b.terms)+len(b.surfaces))
	err := parallel(ctx, b.workers, len(b.terms), func(_, i int) {
		entry, members := b.encodeTerm(&b.terms[i])
		b.terms[i].hist = nil // in the entry now
		items[i] = shardItem{key: b.terms[i].stem, term: &b.terms[i], entry: entry, members: members}
	})
	if err != nil {
		return nil, nil, err
	}
	for _, w := range b.surfaces {
		items = append(items, shardItem{key: w[0], stem: w[1]})
	}
	for _, f := range b.syn.filings(b.stems) {
		items = append(items, shardItem{key: f.stem, syn: &b.syn.groups[f.group]})
	}
	// By key; a stem first, then surface words, then synonym groups in
	// the order of the table.
	kind := func(it shardItem) int {
		switch {
		case it.term != nil:
			return 0
		case it.syn == nil:
			return 1
		}
		return 2
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].key != items[j].key {
			return items[i].key < items[j].key
		}
		return kind(items[i]) < kind(items[j])
	})
	// The shards' bounds are found in order (a shard's size depends on
	// the pages its cards share), and the shards encoded afterwards on
	// the workers.
	bounds := []string{}
	var shards []shardWriter
	sw := shardWriter{b: b}
	emit := func(end int) {
		start := sw.start
		if len(bounds) == 0 {
			bounds = append(bounds, "")
		} else {
			bounds = append(bounds, separator(items[start-1].key, items[start].key))
		}
		sw.end = end
		shards = append(shards, sw)
		sw = shardWriter{b: b, start: end}
	}
	// A shard ends before the item that would take it past ShardSize
	// bytes, but not between a stem and the surface words that extend it
	// less its last letter ("strategi" and "strategy") unless that makes it
	// twice the size: a whole word then needs one shard.
	anchor := ""
	for i, it := range items {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		n := sw.cost(it)
		if sw.size > 0 && sw.size+n > b.opt.ShardSize && it.key != items[i-1].key {
			if !(it.term == nil && it.syn == nil && len(anchor) >= 3 && strings.HasPrefix(it.key, anchor) && sw.size+n < 2*b.opt.ShardSize) {
				emit(i)
				anchor = ""
			}
		}
		sw.add(it)
		if it.term != nil && !(anchor != "" && strings.HasPrefix(it.key, anchor)) {
			anchor = it.key
			if len(anchor) > 4 {
				anchor = anchor[:len(anchor)-1]
			}
		}
	}
	if sw.start < len(items) || len(shards) == 0 {
		emit(len(items))
	}
	encoded := make([][2][]byte, len(shards))
	err = parallel(ctx, b.workers, len(shards), func(_, n int) {
		w := &shards[n]
		encoded[n][0], encoded[n][1] = w.encode(items[w.start:w.end])
	})
	if err != nil {
		return nil, nil, err
	}
	var files []File
	for n, e := range encoded {
		files = append(files, File{Path: "search/terms/" + strconv.Itoa(n) + ".bin", Data: e[0]})
		if e[1] != nil {
			files = append(files, File{Path: "search/members/" + strconv.Itoa(n) + ".bin", Data: e[1]})
		}
	}
	return files, bounds, nil
}

// checkEvery is how many items a long sequential loop handles between
// checks of its context: well under a millisecond of work.
const checkEvery = 1024

// shardWriter collects one term shard: its size so far, and the pages and
// sections its cards show.
type shardWriter struct {
	b          *builder
	start, end int // its items
	size       int
	docs       map[int32][]int32 // page → its sections shown, ascending
}

// cost estimates the bytes item it adds to the shard.
func (w *shardWriter) cost(it shardItem) int {
	n := len(it.key) + len(it.entry) + len(it.stem) + 2
	if it.syn != nil {
		n += len(it.syn.key) + 2
		for _, m := range it.syn.members {
			n += 2
			for _, s := range m.stems {
				n += len(s) + 1
			}
		}
	}
	if it.term == nil {
		return n
	}
	var seen []int32
	for _, c := range it.term.cards {
		n += len(c.excerpt) + 1
		secs, ok := w.docs[c.doc]
		d := &w.b.docs[c.doc]
		if !ok && !slices.Contains(seen, c.doc) {
			n += len(d.Title) + len(d.URL) + 20
			seen = append(seen, c.doc)
		}
		if c.sec >= 0 && !slices.Contains(secs, c.sec) {
			n += len(d.Sections[c.sec].Anchor) + len(d.Sections[c.sec].Heading) + 3
		}
	}
	return n
}

func (w *shardWriter) add(it shardItem) {
	w.size += w.cost(it)
	if it.term == nil {
		return
	}
	if w.docs == nil {
		w.docs = make(map[int32][]int32)
	}
	for _, c := range it.term.cards {
		secs := w.docs[c.doc]
		if c.sec >= 0 && !slices.Contains(secs, c.sec) {
			secs = append(secs, c.sec)
		}
		w.docs[c.doc] = secs
	}
}

// encode writes a term shard: the stems with their entries and excerpts,
// the surface words with their stems, then the pages of the cards. It
// returns the shard's members file too, or nil.
func (w *shardWriter) encode(items []shardItem) (shard, members []byte) {
	// One buffer, written in order: the stems' entries can be most of
	// the index, and are not copied again.
	nt, nw, ns := 0, 0, 0
	for _, it := range items {
		switch {
		case it.term != nil:
			nt++
		case it.syn != nil:
			ns++
		default:
			nw++
		}
	}
	e := encoder{b: make([]byte, 0, w.size+64)}
	e.uint(nt)
	for _, it := range items {
		if it.term == nil {
			continue
		}
		e.bytes(it.entry)
		e.uint(len(it.term.cards))
		for _, c := range it.term.cards {
			e.string(c.excerpt)
		}
		members = append(members, it.members...)
	}
	e.uint(nw)
	for _, it := range items {
		if it.term == nil && it.syn == nil {
			e.string(it.key)
			e.string(it.stem)
		}
	}
	e.uint(ns)
	for _, it := range items {
		if it.syn == nil {
			continue
		}
		e.string(it.key)
		e.string(it.syn.key)
		e.uint(len(it.syn.members))
		for _, m := range it.syn.members {
			// A word is matched as it is: its stem, then the word.
			e.uint(m.anchor)
			e.strings(m.stems)
			if len(m.stems) == 1 {
				e.string(m.word)
			}
		}
	}
	docs := make([]int32, 0, len(w.docs))
	for d := range w.docs {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	e.uint(len(docs))
	last := int32(0)
	for _, id := range docs {
		d := &w.b.docs[id]
		e.uint(int(id - last))
		last = id
		e.string(d.Title)
		e.string(d.URL)
		e.uint(w.b.kindID[d.Kind])
		e.string(datePart(d))
		orgs := w.b.orgList(id)
		e.uint(len(orgs))
		for _, o := range orgs {
			e.uint(o)
		}
		secs := w.docs[id]
		slices.Sort(secs)
		e.uint(len(secs))
		for _, s := range secs {
			e.uint(int(s))
			e.string(d.Sections[s].Anchor)
			e.string(d.Sections[s].Heading)
		}
	}
	return e.b, members
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

// memberInline is the size in bytes up to which a stem's pages are listed
// in its entry rather than in the shard's members file, which only queries
// of several words, filters and later pages of results read.
func (b *builder) memberInline() int { return b.opt.ShardSize / 48 }

// encodeTerm writes one stem's entry of a term shard, less its excerpts,
// and its part of the shard's members file if it goes there.
func (b *builder) encodeTerm(td *termData) (entry, members []byte) {
	e := encoder{b: make([]byte, 0, 16+len(td.stem)+len(td.hist)+6*len(td.scored))}
	e.string(td.stem)
	e.uint(len(td.docs))
	gaps, bitmap := gapBytes(td.docs), (len(b.docs)+7)/8
	switch {
	case len(td.scored) == len(td.docs):
		e.byte(membersScored)
	case min(len(gaps), bitmap) > b.memberInline():
		e.byte(membersFile)
		e.uint(len(b.yearRanges))
		for _, y := range b.yearRanges {
			lo, _ := slices.BinarySearch(td.docs, int32(y[1]))
			hi, _ := slices.BinarySearch(td.docs, int32(y[2]))
			e.uint(hi - lo)
		}
		members = membersBytes(td.docs, gaps, bitmap)
	default:
		e.bytes(membersBytes(td.docs, gaps, bitmap))
	}
	e.bytes(td.hist)
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
	return e.b, members
}

// membersBytes encodes ascending page numbers as the smaller of their gaps
// and a bitmap of bitmap bytes, after a byte that says which.
func membersBytes(docs []int32, gaps []byte, bitmap int) []byte {
	if len(gaps) <= bitmap {
		return append([]byte{membersGaps}, gaps...)
	}
	bits := make([]byte, 1+bitmap)
	bits[0] = membersBitmap
	for _, d := range docs {
		bits[1+d/8] |= 1 << (d % 8)
	}
	return bits
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
		for _, id := range b.facets(int32(i)) {
			if int(id) >= len(b.kinds) {
				lists[int(id)-len(b.kinds)] = append(lists[int(id)-len(b.kinds)], int32(i))
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
