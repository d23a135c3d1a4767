package search

import (
	"context"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// builder holds everything Build computes before it writes files.
type builder struct {
	opt   Options
	docs  []Doc // newest first
	an    []analysis
	stats stats

	kinds, tags, orgs []string
	kindID            map[string]int
	tagID, orgID      map[string]int

	stems    []string             // sorted
	postings map[string][]posting // by stem, in page order
	surfaces map[string]string    // word → stem, where they differ
	terms    []termData           // in stems' order
}

// posting is one page of a stem.
type posting struct {
	doc int32
	t   *docTerm
}

// termData is everything the index stores about one stem.
type termData struct {
	stem     string
	docs     []int32     // every page, ascending
	scored   []scoredDoc // best pages, ascending page number
	rest     int32       // average page score of the others
	hist     [][2]int    // facet id → pages, ascending id
	cards    []card      // best pages, best first
	cardFile int
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
	b := &builder{opt: opt, docs: sorted}
	b.an, err = opt.Cache.analyse(ctx, b.docs)
	if err != nil {
		return nil, err
	}
	b.stats = newStats(b.an)
	b.vocabularies()
	b.invert()
	if err := b.scoreTerms(ctx); err != nil {
		return nil, err
	}
	if err := b.excerpts(ctx); err != nil {
		return nil, err
	}
	return b, nil
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
}

func ids(names []string, first int) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = first + i
	}
	return m
}

// facetIDs returns the sorted facet ids of page i.
func (b *builder) facetIDs(i int) []int {
	d := &b.docs[i]
	var out []int
	if id, ok := b.kindID[d.Kind]; ok {
		out = append(out, id)
	}
	out = appendIDs(out, b.tagID, d.Tags)
	out = appendIDs(out, b.orgID, d.Organisations)
	sort.Ints(out)
	return dedupInts(out)
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

// invert turns the pages' stems into postings per stem.
func (b *builder) invert() {
	b.postings = make(map[string][]posting)
	b.surfaces = make(map[string]string)
	for i := range b.an {
		a := &b.an[i]
		for j := range a.terms {
			t := &a.terms[j]
			b.postings[t.stem] = append(b.postings[t.stem], posting{doc: int32(i), t: t})
		}
		for _, w := range a.words {
			b.surfaces[w[0]] = w[1]
		}
	}
	b.stems = make([]string, 0, len(b.postings))
	for s := range b.postings {
		b.stems = append(b.stems, s)
	}
	sort.Strings(b.stems)
}

// scoreTerms scores every stem's pages and picks its scored pages and cards.
func (b *builder) scoreTerms(ctx context.Context) error {
	b.terms = make([]termData, len(b.stems))
	facets := make([][]int, len(b.docs))
	for i := range b.docs {
		facets[i] = b.facetIDs(i)
	}
	return parallel(ctx, len(b.stems), func(i int) {
		stem := b.stems[i]
		ps := b.postings[stem]
		ranked := b.stats.scorePostings(b.an, ps)
		td := termData{stem: stem, docs: make([]int32, len(ps))}
		for j, p := range ps {
			td.docs[j] = p.doc
		}
		n := min(len(ranked), b.opt.Scored)
		td.scored = append([]scoredDoc(nil), ranked[:n]...)
		for _, d := range ranked[:min(n, b.opt.Cards)] {
			td.cards = append(td.cards, card{doc: d.doc, sec: d.best()})
		}
		sort.Slice(td.scored, func(i, j int) bool { return td.scored[i].doc < td.scored[j].doc })
		if rest := ranked[n:]; len(rest) > 0 {
			var sum int64
			for _, d := range rest {
				sum += int64(d.ds)
			}
			td.rest = max(1, int32((sum+int64(len(rest))/2)/int64(len(rest))))
		}
		counts := make(map[int]int)
		for _, p := range ps {
			for _, id := range facets[p.doc] {
				counts[id]++
			}
		}
		for id, n := range counts {
			td.hist = append(td.hist, [2]int{id, n})
		}
		sort.Slice(td.hist, func(i, j int) bool { return td.hist[i][0] < td.hist[j][0] })
		b.terms[i] = td
	})
}

// excerpts writes the excerpt of every card, tokenising each page once.
func (b *builder) excerpts(ctx context.Context) error {
	type want struct {
		card *card
		stem string
	}
	byDoc := make([][]want, len(b.docs))
	for i := range b.terms {
		td := &b.terms[i]
		for j := range td.cards {
			c := &td.cards[j]
			byDoc[c.doc] = append(byDoc[c.doc], want{c, td.stem})
		}
	}
	words := sync.Pool{New: func() any { return make(map[string][2]string) }}
	return parallel(ctx, len(b.docs), func(i int) {
		d := &b.docs[i]
		cache := make(map[int32][]Token)
		wc := words.Get().(map[string][2]string)
		defer words.Put(wc)
		for _, w := range byDoc[i] {
			text := d.Summary
			if w.card.sec >= 0 {
				text = d.Sections[w.card.sec].Text
			}
			toks, ok := cache[w.card.sec]
			if !ok {
				toks = tokenize(text, true, wc)
				cache[w.card.sec] = toks
			}
			w.card.excerpt = excerpt(text, toks, firstMatch(toks, func(s string) bool { return s == w.stem }))
		}
	})
}

// parallel calls f(0) … f(n-1) on all processors and stops early when ctx
// is cancelled.
func parallel(ctx context.Context, n int, f func(i int)) error {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	var err error
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}
