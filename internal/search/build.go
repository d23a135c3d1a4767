package search

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"

	par "github.com/signpost-kb/signpost/internal/parallel"
)

// builder holds everything Build computes before it writes files. It reads
// the pages in passes over compact arrays: read each page into word codes
// (pageText, once, in parallel), number the stems in sorted order, score
// every (stem, page) pair into postings, pick each stem's best pages, and
// read their pages again for the details only those keep.
type builder struct {
	opt   Options
	docs  []Doc // newest first
	pages []*pageText
	stats stats

	// With a Cache: the pages' keys, the fingerprint of the synonyms, the
	// excerpts the cache had, the pages by key and the generation of the
	// cache's map they are, and what the last build through the cache
	// scored (nil if nothing).
	keys        [][32]byte
	synSum      [32]byte
	oldExcerpts map[[32]byte][]excerptRec
	pageSet     map[[32]byte]*pageText
	gen         uint64
	last        *scoring
	counts      map[[32]byte]int32 // docs of each key, when wordDFDelta counted them
	rescored    int                // pages the scoring read, for tests

	kinds, tags, orgs []string
	kindID            map[string]int
	tagID, orgID      map[string]int
	facetOff          []int32 // page i's sorted facet ids are facetIDs[facetOff[i]:facetOff[i+1]]
	facetIDs          []int32

	lex      *lexicon
	syn      *synTable // nil without synonyms
	spell    []spellEntry
	wordDF   []int32     // word id → its pages
	workers  int         // goroutines of each parallel step
	lexers   []*lexer    // one per worker
	words    []lexEntry  // the lexicon's words
	wordStem []int32     // word id → stem id in stems, -1 if unused
	stems    []string    // sorted
	surfaces [][2]string // (word, stem) where the two differ, for words the pages index
	number   []int32     // lexicon stem → stem id
	lexStem  []int32     // stem id → lexicon stem
	terms    []termData  // by stem id

	yearRanges [][3]int // year, first page, end page

	fullText bool // page records carry their sections' text
	cards    int  // cards per stem
	perFile  int  // page records per page file
}

// posting is one page of a stem, scored. Scores fit 16 bits: a page score
// is below idf × 6.6 × scoreScale and a rank below three times that, and
// idf stays under 22 for any number of pages an int32 can count.
type posting struct {
	doc      int32
	ds, rank uint16
}

// termData is everything the index stores about one stem.
type termData struct {
	stem   string
	docs   []int32     // every page, ascending
	scored []scoredDoc // best pages, ascending page number
	rest   int32       // average page score of the others
	// hist counts the pages of each facet, encoded as the term entry
	// stores it (the number of facets, then each id's gap from the last
	// and its count, ascending id): a page with 2,000 tags and 20,000
	// distinct words has 40 million of them, which as pairs of ints took
	// gigabytes.
	hist  []byte
	cards []card // best pages, best first
}

// card is a result shown without fetching its page: the stem's best
// section of the page and an excerpt around the stem.
type card struct {
	doc     int32
	sec     int32
	excerpt string
}

func newBuilder(ctx context.Context, docs []Doc, opt Options) (*builder, error) {
	sorted, err := sortDocs(docs)
	if err != nil {
		return nil, err
	}
	b := &builder{opt: opt, docs: sorted, workers: par.Workers(opt.Workers)}
	b.lexers = make([]*lexer, b.workers)
	if err = opt.Cache.read(ctx, b); err != nil {
		return nil, err
	}
	b.stats = newStats(b.pages)
	b.vocabularies()
	b.yearRanges = b.years()
	b.pageLayout()
	for _, step := range []func(context.Context) error{b.numberStems, b.score, b.readSpelling, b.details, b.excerpts} {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// readPages reads docs into pageTexts in parallel, with a lexer per worker
// (made when nil).
func readPages(ctx context.Context, lex *lexicon, syn *synTable, docs []Doc, lexers []*lexer) ([]*pageText, error) {
	out := make([]*pageText, len(docs))
	err := parallel(ctx, len(lexers), len(docs), func(w, i int) {
		if lexers[w] == nil {
			lexers[w] = newLexer(lex)
		}
		out[i] = lexers[w].read(&docs[i], syn)
	})
	return out, err
}

// readSpelling lists the words of the spell shards.
func (b *builder) readSpelling(context.Context) error {
	b.spell = b.spellVocabulary()
	return nil
}

// vocabularies collects the facet values. Facet ids number the kinds, then
// the tags, then the organisations.
func (b *builder) vocabularies() {
	var kinds, tags, orgs []string
	for _, d := range b.docs {
		kinds = append(kinds, d.Kind)
		tags = append(tags, d.Tags...)
		orgs = append(orgs, d.Organisations...)
	}
	b.kinds, b.tags, b.orgs = sortedNames(kinds), sortedNames(tags), sortedNames(orgs)
	b.kindID, b.tagID, b.orgID = ids(b.kinds, 0), ids(b.tags, len(b.kinds)), ids(b.orgs, len(b.kinds)+len(b.tags))
	b.facetOff = make([]int32, len(b.docs)+1)
	for i := range b.docs {
		b.facetIDs = append(b.facetIDs, b.pageFacets(i)...)
		b.facetOff[i+1] = int32(len(b.facetIDs))
	}
}

func ids(names []string, first int) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = first + i
	}
	return m
}

// facets returns the sorted facet ids of page i.
func (b *builder) facets(i int32) []int32 { return b.facetIDs[b.facetOff[i]:b.facetOff[i+1]] }

// pageFacets computes the sorted facet ids of page i.
func (b *builder) pageFacets(i int) []int32 {
	d := &b.docs[i]
	var out []int
	if id, ok := b.kindID[d.Kind]; ok {
		out = append(out, id)
	}
	out = appendIDs(out, b.tagID, d.Tags)
	out = appendIDs(out, b.orgID, d.Organisations)
	sort.Ints(out)
	out = dedupInts(out)
	ids := make([]int32, len(out))
	for j, id := range out {
		ids[j] = int32(id)
	}
	return ids
}

func appendIDs(out []int, m map[string]int, names []string) []int {
	for _, n := range names {
		if id, ok := m[strings.TrimSpace(n)]; ok {
			out = append(out, id)
		}
	}
	return out
}

func dedupInts(s []int) []int {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// numberStems numbers the stems of this build's pages in sorted order and
// maps every word to its stem's number.
func (b *builder) numberStems(ctx context.Context) error {
	words, lexStems := b.lex.snapshot()
	b.words = words
	used := make([]bool, len(lexStems))
	for _, p := range b.pages {
		for _, s := range p.stems {
			used[s] = true
		}
	}
	var order []int32
	for s, u := range used {
		if u {
			order = append(order, int32(s))
		}
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(lexStems[x], lexStems[y]) })
	number := make([]int32, len(lexStems))
	b.stems = make([]string, len(order))
	for i, s := range order {
		number[s] = int32(i)
		b.stems[i] = lexStems[s]
	}
	b.wordStem = make([]int32, len(words))
	for i := range words {
		b.wordStem[i] = -1
		if s := words[i].stem; used[s] {
			b.wordStem[i] = number[s]
		}
	}
	b.number, b.lexStem = number, order
	return nil
}

// scoreChunks is how many runs of pages the scoring splits them into.
const scoreChunks = 64

// score scores every (stem, page) pair and picks each stem's best pages.
func (b *builder) score(ctx context.Context) error {
	nstems, ndocs := len(b.stems), len(b.pages)
	// Pages are scored in chunks of consecutive pages, a chunk by one
	// worker. Each chunk's postings of a stem take the places after the
	// earlier chunks', so every stem's postings come out in page order.
	size := max(1, (ndocs+scoreChunks-1)/scoreChunks)
	nchunks := (ndocs + size - 1) / size
	starts := make([][]int32, nchunks) // chunk → stem → its next place
	err := parallel(ctx, b.workers, nchunks, func(_, c int) {
		n := make([]int32, nstems)
		for _, p := range b.pages[c*size : min(ndocs, (c+1)*size)] {
			for _, s := range p.stems {
				n[b.number[s]]++
			}
		}
		starts[c] = n
	})
	if err != nil {
		return err
	}
	off := make([]int32, nstems+1)
	for s := range nstems {
		at := off[s]
		for _, n := range starts {
			n[s], at = at, at+n[s]
		}
		off[s+1] = at
	}
	total := off[nstems]
	idfs := make([]float64, nstems)
	for s := range idfs {
		idfs[s] = idf(ndocs, int(off[s+1]-off[s]))
	}
	keep := b.opt.Cache != nil
	var reuse []bool // page i's postings are the last build's
	if keep {
		reuse = b.reusable(off)
	} else {
		// Only a cache reads the pages' lexicon stems again.
		for _, p := range b.pages {
			p.stems = nil
		}
	}
	// With a cache, each page's words are counted only when it changed
	// (wordDFDelta); else the scoring counts them as it reads them.
	var wordDF []int32
	if b.last != nil {
		wordDF = b.wordDFDelta()
	}
	counting := wordDF == nil

	posts := make([]posting, total)
	var kept [][]uint32 // with a cache, each page's postings for the next build
	if keep {
		kept = make([][]uint32, ndocs)
	}
	accs := make([]*accumulator, b.workers)
	pageNorms := make([]norms, b.workers)
	values := make([][]uint32, b.workers)
	rescored := make([]int, b.workers)
	err = parallel(ctx, b.workers, nchunks, func(w, c int) {
		a := accs[w]
		if a == nil {
			var words []lexEntry
			if counting {
				words = b.words
			}
			a = newAccumulator(b.wordStem, nstems, words)
			accs[w] = a
		}
		next := starts[c]
		n := &pageNorms[w]
		for i := c * size; i < min(ndocs, (c+1)*size); i++ {
			p := b.pages[i]
			if reuse != nil && reuse[i] {
				vals := b.last.posts[b.keys[i]]
				for k, st := range p.stems {
					s, v := b.number[st], vals[k]
					posts[next[s]] = posting{doc: int32(i), ds: uint16(v >> 16), rank: uint16(v)}
					next[s]++
				}
				kept[i] = vals
				continue
			}
			a.read(p, nil, 0)
			rescored[w]++
			b.stats.norms(p, n)
			tv := values[w][:0]
			for ti := range a.terms {
				t := &a.terms[ti]
				w := idfs[t.stem]
				ds := docScore(n, &t.tf, w)
				var best int32
				for si := t.head; si >= 0; si = a.secs[si].next {
					best = max(best, secScore(n, &a.secs[si], w))
				}
				post := posting{doc: int32(i), ds: uint16(ds), rank: uint16(2*ds + best)}
				posts[next[t.stem]] = post
				next[t.stem]++
				tv = append(tv, uint32(post.ds)<<16|uint32(post.rank))
			}
			values[w] = tv
			if keep {
				kept[i] = a.inStemOrder(p, b.number, tv)
			}
		}
	})
	if err != nil {
		return err
	}
	for _, n := range rescored {
		b.rescored += n
	}
	if counting {
		wordDF = make([]int32, len(b.words))
		for _, a := range accs {
			if a != nil {
				for id := range a.word {
					wordDF[id] += a.word[id].df
				}
			}
		}
	}
	b.wordDF = wordDF
	b.surfaces = nil
	for id, df := range wordDF {
		if df > 0 && b.words[id].differ {
			b.surfaces = append(b.surfaces, [2]string{b.words[id].word, b.stems[b.wordStem[id]]})
		}
	}
	if keep {
		b.keepScoring(off, kept)
	}

	b.terms = make([]termData, nstems)
	members := make([]int32, total)
	for i, p := range posts {
		members[i] = p.doc
	}
	nfacets := len(b.kinds) + len(b.tags) + len(b.orgs)
	counts := make([][]int32, b.workers)
	touched := make([][]int32, b.workers)
	heaps := make([][]posting, b.workers)
	return parallel(ctx, b.workers, nstems, func(w, s int) {
		if counts[w] == nil {
			counts[w] = make([]int32, nfacets)
		}
		ps := posts[off[s]:off[s+1]]
		td := termData{stem: b.stems[s], docs: members[off[s]:off[s+1]:off[s+1]]}
		heaps[w] = best(heaps[w][:0], ps, b.opt.Scored)
		ranked := heaps[w]
		n := len(ranked)
		td.scored = make([]scoredDoc, n)
		var top int64
		for j, p := range ranked {
			td.scored[j] = scoredDoc{doc: p.doc, ds: int32(p.ds), titlePos: -1}
			top += int64(p.ds)
		}
		for _, p := range ranked[:min(n, b.cards)] {
			td.cards = append(td.cards, card{doc: p.doc})
		}
		slices.SortFunc(td.scored, func(x, y scoredDoc) int { return cmp.Compare(x.doc, y.doc) })
		if rest := len(ps) - n; rest > 0 {
			var sum int64
			for _, p := range ps {
				sum += int64(p.ds)
			}
			sum -= top
			td.rest = max(1, int32((sum+int64(rest)/2)/int64(rest)))
		}
		// Only the facets of the stem's pages are visited, so the work
		// and the bytes grow with the pages' facets, not with every
		// facet of the site for every stem.
		c, ids := counts[w], touched[w][:0]
		for _, p := range ps {
			for _, id := range b.facetIDs[b.facetOff[p.doc]:b.facetOff[p.doc+1]] {
				if c[id] == 0 {
					ids = append(ids, id)
				}
				c[id]++
			}
		}
		slices.Sort(ids)
		size, prev := uvarintLen(len(ids)), int32(0)
		for _, id := range ids {
			size += uvarintLen(int(id-prev)) + uvarintLen(int(c[id]))
			prev = id
		}
		e := encoder{b: make([]byte, 0, size)}
		e.uint(len(ids))
		prev = 0
		for _, id := range ids {
			e.uint(int(id - prev))
			e.uint(int(c[id]))
			c[id] = 0
			prev = id
		}
		td.hist, touched[w] = e.b, ids
		b.terms[s] = td
	})
}

// better reports whether posting x ranks above y: a higher rank, then the
// newer page.
func better(x, y posting) bool {
	return x.rank > y.rank || x.rank == y.rank && x.doc < y.doc
}

// best appends to out the k best of ps, best first.
func best(out, ps []posting, k int) []posting {
	// A heap with the worst of the best at the top.
	for _, p := range ps {
		if len(out) < k {
			out = append(out, p)
			for j := len(out) - 1; j > 0; {
				parent := (j - 1) / 2
				if !better(out[parent], out[j]) {
					break
				}
				out[parent], out[j] = out[j], out[parent]
				j = parent
			}
			continue
		}
		if !better(p, out[0]) {
			continue
		}
		out[0] = p
		for j := 0; ; {
			worst, l, r := j, 2*j+1, 2*j+2
			if l < len(out) && better(out[worst], out[l]) {
				worst = l
			}
			if r < len(out) && better(out[worst], out[r]) {
				worst = r
			}
			if worst == j {
				break
			}
			out[j], out[worst] = out[worst], out[j]
			j = worst
		}
	}
	slices.SortFunc(out, func(x, y posting) int {
		if better(x, y) {
			return -1
		}
		return 1
	})
	return out
}

// scoredRef is a stem's scored page: terms[term].scored[idx].
type scoredRef struct{ term, idx int32 }

// details reads the pages again for what the scored pages of each stem
// keep: the fields it is in, its first title position and best sections.
func (b *builder) details(ctx context.Context) error {
	var refs []scoredRef
	for t := range b.terms {
		for j := range b.terms[t].scored {
			refs = append(refs, scoredRef{int32(t), int32(j)})
		}
	}
	pages := byPage(len(b.pages), refs, func(r scoredRef) int32 { return b.terms[r.term].scored[r.idx].doc })
	accs := make([]*accumulator, b.workers)
	pageNorms := make([]norms, b.workers)
	wants := make([][]int32, b.workers)
	refAt := make([][]int32, b.workers)
	err := parallel(ctx, b.workers, len(pages), func(w, i int) {
		want := pages[i]
		if len(want) == 0 {
			return
		}
		a := accs[w]
		if a == nil {
			a = newAccumulator(b.wordStem, len(b.stems), nil)
			accs[w], wants[w], refAt[w] = a, make([]int32, len(b.stems)), make([]int32, len(b.stems))
			for j := range wants[w] {
				wants[w][j] = -1
			}
		}
		stamp := int32(i)
		for j, r := range want {
			wants[w][r.term] = stamp
			refAt[w][r.term] = int32(j)
		}
		p := b.pages[i]
		a.read(p, wants[w], stamp)
		n := &pageNorms[w]
		b.stats.norms(p, n)
		slab := make([]scoredSec, 0, len(a.terms)*maxSecs)
		for ti := range a.terms {
			t := &a.terms[ti]
			r := want[refAt[w][t.stem]]
			sd := &b.terms[r.term].scored[r.idx]
			sd.bits = t.bits(p.identity)
			sd.titlePos = t.titlePos
			var top [maxSecs]scoredSec
			w := idf(len(b.docs), len(b.terms[r.term].docs))
			k, _ := a.topSecs(t, func(s *secAcc) int32 { return secScore(n, s, w) }, &top)
			start := len(slab)
			slab = append(slab, top[:k]...)
			sd.secs = slab[start:len(slab):len(slab)]
		}
	})
	if err != nil {
		return err
	}
	// The pages' words are not read again; a Cache keeps its own.
	b.pages = nil
	for t := range b.terms {
		td := &b.terms[t]
		for j := range td.cards {
			c := &td.cards[j]
			k, _ := slices.BinarySearchFunc(td.scored, c.doc, func(sd scoredDoc, d int32) int { return cmp.Compare(sd.doc, d) })
			c.sec = td.scored[k].best()
		}
	}
	return nil
}

// cardRef is a card waiting for its excerpt.
type cardRef struct {
	doc, sec int32
	stem     int32
	card     *card
}

// excerpts writes the excerpt of every card, reading each section once.
// With a Cache, a card whose page has the excerpt in the cache takes it from
// there, and a section none of whose cards need reading is not read.
func (b *builder) excerpts(ctx context.Context) error {
	var refs []cardRef
	for t := range b.terms {
		for j := range b.terms[t].cards {
			c := &b.terms[t].cards[j]
			refs = append(refs, cardRef{doc: c.doc, sec: c.sec, stem: int32(t), card: c})
		}
	}
	pages := byPage(len(b.docs), refs, func(r cardRef) int32 { return r.doc })
	lexers := b.lexers
	bufs := make([][]wordSpan, b.workers)
	var kept [][]excerptRec // by page, with a Cache
	if b.keys != nil {
		kept = make([][]excerptRec, len(b.docs))
	}
	err := parallel(ctx, b.workers, len(pages), func(w, i int) {
		want := pages[i]
		if len(want) == 0 {
			return
		}
		slices.SortStableFunc(want, func(x, y cardRef) int { return cmp.Compare(x.sec, y.sec) })
		d := &b.docs[i]
		var old, recs []excerptRec
		if kept != nil {
			old = b.oldExcerpts[b.keys[i]]
			recs = make([]excerptRec, 0, len(want))
		}
		for j := 0; j < len(want); {
			sec := want[j].sec
			text := d.Summary
			if sec >= 0 {
				text = d.Sections[sec].Text
			}
			end := j
			for end < len(want) && want[end].sec == sec {
				end++
			}
			group := want[j:end]
			j = end
			if kept != nil && b.cachedExcerpts(old, text, sec, group) {
				for _, r := range group {
					e, _ := findExcerpt(old, sec, b.lexStem[r.stem])
					r.card.excerpt = e.at.text(text)
					recs = append(recs, e)
				}
				continue
			}
			if lexers[w] == nil {
				lexers[w] = newLexer(b.lex)
			}
			toks := bufs[w][:0]
			var ring synRing
			var found []synMatch
			lexers[w].scan(text, true, func(lw lexWord, pos, start, end, n int) {
				stem := int32(-1)
				if int(lw.id) < len(b.wordStem) {
					stem = b.wordStem[lw.id]
				}
				toks = append(toks, wordSpan{stem: stem, pos: int32(pos), start: int32(start), end: int32(end), joined: n > 0})
				if b.syn == nil || n > 0 {
					return
				}
				// A synonym's key is at the first word of its term.
				ring.push(lw.stem, int32(pos), int32(start))
				found = b.syn.match(&ring, lw, found[:0])
				for _, m := range found {
					k := ring.back(m.words - 1)
					key := b.syn.groups[m.group].keyWord
					toks = append(toks, wordSpan{stem: b.wordStem[key.id], pos: ring.pos[k], start: ring.start[k], end: int32(end), joined: true})
				}
			})
			bufs[w] = toks
			for _, r := range group {
				m := -1
				for _, t := range toks {
					if t.stem == r.stem && (m < 0 || int(t.pos) < m) {
						m = int(t.pos)
					}
				}
				at := excerptOf(toks, m, defaults.ExcerptBefore, defaults.ExcerptWords)
				r.card.excerpt = at.text(text)
				if kept != nil {
					recs = append(recs, excerptRec{sec: sec, stem: b.lexStem[r.stem], at: at})
				}
			}
		}
		if kept != nil {
			slices.SortFunc(recs, cmpExcerpt)
			if slices.Equal(recs, old) {
				recs = old
			}
			kept[i] = recs
		}
	})
	if err != nil || kept == nil {
		return err
	}
	excerpts := make(map[[32]byte][]excerptRec, len(b.docs))
	for i, recs := range kept {
		if recs != nil {
			excerpts[b.keys[i]] = recs
		}
	}
	b.opt.Cache.keepExcerpts(b.lex, b.synSum, excerpts)
	return nil
}

// cachedExcerpts reports whether old has the excerpt of every card of
// group, all of section sec, whose text is text. A decoded record is
// checked against the text, so that forged data cannot cut outside it.
func (b *builder) cachedExcerpts(old []excerptRec, text string, sec int32, group []cardRef) bool {
	for _, r := range group {
		e, ok := findExcerpt(old, sec, b.lexStem[r.stem])
		if !ok || e.at.from > e.at.to || int(e.at.to) > len(text) {
			return false
		}
	}
	return true
}

// wordSpan is a token of a text being excerpted.
type wordSpan struct {
	stem       int32
	pos        int32
	start, end int32
	joined     bool
}
