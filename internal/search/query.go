package search

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Query is what a person asks: words and facet filters. Values within one
// facet are alternatives; facets combine.
type Query struct {
	Text   string   `json:"text"`
	Kinds  []string `json:"kinds,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	Orgs   []string `json:"orgs,omitempty"`
	Years  []int    `json:"years,omitempty"`
	Offset int      `json:"offset,omitempty"`
	Limit  int      `json:"limit,omitempty"` // zero means 10
	// Exact searches for the words as typed: no word is corrected.
	Exact bool `json:"exact,omitempty"`
	// Facets says which facet counts to give: "" all of them, reading the
	// facet table if they need it; "cheap" only those that need no more
	// than the query read anyway (counts for one word, or with the table if
	// it has been read before), setting Results.Deferred otherwise; "none"
	// none, as the header's popup does.
	Facets string `json:"facets,omitempty"`
}

// Values of Query.Facets.
const (
	FacetsCheap = "cheap"
	FacetsNone  = "none"
)

// Results answers a Query.
type Results struct {
	Total   int    `json:"total"`
	Partial bool   `json:"partial"` // no page has every word; these have some
	Hits    []Hit  `json:"hits"`
	Facets  Facets `json:"facets"`
	// Deferred is set when the query asked for cheap facets and counting
	// them needs the facet table, not yet read.
	Deferred bool `json:"deferred,omitempty"`
	// Correction is set when words of the query were corrected.
	Correction *Correction `json:"correction,omitempty"`
	// Suggestions are queries to try when there are no results, or when
	// no page has every word: the closest spellings of the words that
	// match nothing, each in the query. Dropped is the query without its
	// rarest word.
	Suggestions []string `json:"suggestions,omitempty"`
	Dropped     string   `json:"dropped,omitempty"`
	Read        []string `json:"read"`  // files read for this query, sorted
	Bytes       int      `json:"bytes"` // their compressed size
}

// Hit is one result: a page, linked to its best section where that is where
// the words are.
type Hit struct {
	Doc     int       `json:"doc"`
	URL     string    `json:"url"` // from the site root, with #anchor for a section
	Title   []Segment `json:"title"`
	Kind    string    `json:"kind"`
	Date    string    `json:"date"`
	Orgs    []string  `json:"orgs"`
	Heading string    `json:"heading"`
	Excerpt []Segment `json:"excerpt"`
	Score   int       `json:"score"`
}

// Facets are the counts of each facet value over the matching pages, each
// counted under the other facets' filters.
type Facets struct {
	Kind []FacetCount `json:"kind"`
	Tag  []FacetCount `json:"tag"`
	Org  []FacetCount `json:"org"`
	Year []FacetCount `json:"year"`
}

// FacetCount is one facet value and its pages.
type FacetCount struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// group is one query word with the stems it matches.
type group struct {
	word, stem string
	pos        int
	tok        int // its token in the query's tokens
	start, end int // where it is in the query text
	prefix     bool
	exps       []expansion
	best       map[int32]*match // page → its best expansion
	fix        *fix
}

type expansion struct {
	t *termEntry
	w int32
}

// match is a page's best expansion in a group.
type match struct {
	w   int32
	e   *termEntry
	sd  *scoredDoc // nil when the page only shares the rest score
	val int32
}

// parseQuery splits query text into groups: its words less stop words and
// query stop words (all of them if every word is one), each stem once, at
// most t.Groups. The last word is completed if the text ends inside it. It
// returns the text's tokens too.
func parseQuery(text string, t *tunables) ([]*group, []Token) {
	toks := tokenize(text, false)
	var words []int
	for i, tok := range toks {
		if !isQueryStopWord(tok.Word) {
			words = append(words, i)
		}
	}
	if len(words) == 0 {
		for i := range toks {
			words = append(words, i)
		}
	}
	ends := len(toks) > 0 && toks[len(toks)-1].End == len(text)
	var out []*group
	seen := map[string]bool{}
	for i, k := range words {
		tok := toks[k]
		prefix := ends && i == len(words)-1 && tok.End == len(text) && utf8.RuneCountInString(tok.Word) >= t.PrefixLen
		if !prefix && seen[tok.Stem] {
			continue
		}
		seen[tok.Stem] = true
		out = append(out, &group{word: tok.Word, stem: tok.Stem, pos: tok.Pos, tok: k, start: tok.Start, end: tok.End, prefix: prefix})
		if len(out) == t.Groups {
			break
		}
	}
	return out, toks
}

// Search answers q.
func (s *Searcher) Search(ctx context.Context, q Query) (*Results, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read, s.bytes = nil, 0
	res, err := s.search(ctx, q)
	if err != nil {
		return nil, err
	}
	res.Read = append([]string{}, s.read...)
	sort.Strings(res.Read)
	res.Bytes = s.bytes
	return res, nil
}

func (s *Searcher) search(ctx context.Context, q Query) (*Results, error) {
	m, err := s.manifest()
	if err != nil {
		return nil, err
	}
	res := &Results{Hits: []Hit{}, Facets: Facets{Kind: []FacetCount{}, Tag: []FacetCount{}, Org: []FacetCount{}, Year: []FacetCount{}}}
	groups, toks := parseQuery(q.Text, &m.Query)
	if len(groups) == 0 {
		return res, nil
	}
	if err := s.expand(groups, toks, q.Exact); err != nil {
		return nil, err
	}
	if err := s.rank(ctx, res, groups, q); err != nil {
		return nil, err
	}
	return res, s.explain(res, groups, q.Text)
}

// rank finds and ranks the pages of the expanded groups.
func (s *Searcher) rank(ctx context.Context, res *Results, groups []*group, q Query) error {
	m := s.m
	var err error
	if err = ctx.Err(); err != nil {
		return err
	}
	f := newFilter(m, q)
	limit := q.Limit
	if limit <= 0 {
		limit = m.Query.PageSize
	}
	offset := max(0, q.Offset)
	single := len(groups) == 1 && !groups[0].prefix && len(groups[0].exps) == 1
	useHist := single && !f.any()
	// Facets wait for the last word to be complete: counting them for a
	// half-typed word could take the facet table.
	counting := q.Facets != FacetsNone && !groups[len(groups)-1].prefix
	var table [][]int
	if f.needsTable() {
		if table, err = s.facetTable(); err != nil {
			return err
		}
	}
	if useHist && groups[0].exps[0].t.members == nil {
		// Its best pages may be all that the page of results asked for needs.
		if hits, scores, ok := scoredOnly(groups, offset+limit); ok {
			res.Total = groups[0].exps[0].t.df
			if counting {
				res.Facets = histFacets(m, groups[0].exps[0].t, f)
			}
			res.Hits, err = s.hits(groups, hits[min(len(hits), offset):min(len(hits), offset+limit)], scores)
			return err
		}
	}
	if err := s.readAllMembers(groups); err != nil {
		return err
	}
	for _, g := range groups {
		g.best = bestExpansions(g.exps, g.prefix)
	}
	matched, partial := matchPages(groups)
	res.Partial = partial
	var hits []int32
	for _, d := range matched {
		if f.pass(d, table, -1) {
			hits = append(hits, d)
		}
	}
	scores := make(map[int32]int32, len(hits))
	for _, d := range hits {
		scores[d] = score(groups, d)
	}
	sortHits(hits, scores)
	res.Total = len(hits)
	page := hits[min(len(hits), offset):min(len(hits), offset+limit)]
	if res.Hits, err = s.hits(groups, page, scores); err != nil {
		return err
	}
	if len(matched) > 0 && counting {
		if useHist {
			res.Facets = histFacets(m, groups[0].exps[0].t, f)
		} else if table == nil && q.Facets == FacetsCheap && s.facets == nil {
			res.Deferred = true
		} else {
			if table == nil {
				if table, err = s.facetTable(); err != nil {
					return err
				}
			}
			res.Facets = tableFacets(m, matched, table, f)
		}
	}
	return nil
}

// sortHits orders pages by score, best first, then newest first.
func sortHits(hits []int32, scores map[int32]int32) {
	sort.Slice(hits, func(i, j int) bool {
		if scores[hits[i]] != scores[hits[j]] {
			return scores[hits[i]] > scores[hits[j]]
		}
		return hits[i] < hits[j]
	})
}

// scoredOnly ranks the scored pages of a one-word query and reports
// whether the first n results are among them: whether n of them score
// above the pages that share the stem's average score. Newer pages come
// first among equals, so a scored page that only equals that score may
// not be.
func scoredOnly(groups []*group, n int) ([]int32, map[int32]int32, bool) {
	g := groups[0]
	g.best = bestExpansions(g.exps, true)
	hits := make([]int32, 0, len(g.best))
	scores := make(map[int32]int32, len(g.best))
	rest := 2 * g.exps[0].w * g.exps[0].t.rest
	above := 0
	for d := range g.best {
		hits = append(hits, d)
		scores[d] = score(groups, d)
		if scores[d] > rest {
			above++
		}
	}
	sortHits(hits, scores)
	return hits, scores, n <= above
}

// readAllMembers reads the members files of the complete words' stems
// whose pages are there.
func (s *Searcher) readAllMembers(groups []*group) error {
	for _, g := range groups {
		if g.prefix {
			continue
		}
		for _, x := range g.exps {
			if x.t.members == nil {
				if err := s.readMembers(x.t.shard); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// expand finds each group's stems: the exact stem and, for a half-typed
// last word, its completions (a word the index knows as typed is
// complete); then the keys of the synonyms the query's words are part of;
// then, unless exact, the corrections of words that match nothing.
func (s *Searcher) expand(groups []*group, toks []Token, exact bool) error {
	m := s.m
	t := &m.Query
	for _, g := range groups {
		sh, err := s.shard(m.shardOf(g.stem))
		if err != nil {
			return err
		}
		if e := sh.entry(g.stem); e != nil {
			g.exps = append(g.exps, expansion{e, int32(t.ExactW)})
		}
		if !g.prefix {
			continue
		}
		if sh, err = s.shard(m.shardOf(g.word)); err != nil {
			return err
		}
		if sh.known(g.word) {
			g.prefix = false
			continue
		}
		stems := map[string]bool{}
		for _, p := range prefixForms(g.word) {
			for _, i := range m.prefixShards(p) {
				sh, err := s.shard(i)
				if err != nil {
					return err
				}
				for _, t := range sh.terms {
					if strings.HasPrefix(t.stem, p) {
						stems[t.stem] = true
					}
				}
				for _, w := range sh.words {
					if strings.HasPrefix(w[0], p) {
						stems[w[1]] = true
					}
				}
			}
		}
		delete(stems, g.stem)
		var comps []*termEntry
		for _, st := range sortedKeys(stems) {
			sh, err := s.shard(m.shardOf(st))
			if err != nil {
				return err
			}
			if e := sh.entry(st); e != nil {
				comps = append(comps, e)
			}
		}
		sort.SliceStable(comps, func(i, j int) bool { return comps[i].df > comps[j].df })
		for _, e := range comps[:min(len(comps), t.Expansions)] {
			g.exps = append(g.exps, expansion{e, int32(t.CompletionW)})
		}
	}
	if err := s.synonyms(groups, toks); err != nil {
		return err
	}
	if exact {
		return nil
	}
	return s.typos(groups)
}

// synonyms adds to each group the keys of the synonym groups that a term
// of the query's words, in a row, belongs to. A word of one letter inside
// a longer term ("E" of "A&E") matches the key only.
func (s *Searcher) synonyms(groups []*group, toks []Token) error {
	m := s.m
	type span struct {
		start, end int
		key        string
	}
	var spans []span
	for _, g := range groups {
		sh, err := s.shard(m.shardOf(g.stem))
		if err != nil {
			return err
		}
		for _, r := range sh.synsOf(g.stem) {
			for _, term := range r.members {
				start := g.tok - term.anchor
				if term.stems[term.anchor] != g.stem || start < 0 || start+len(term.stems) > len(toks) {
					continue
				}
				ok := term.word == "" || toks[g.tok].Word == term.word
				for i, st := range term.stems {
					ok = ok && toks[start+i].Stem == st
				}
				if ok {
					spans = append(spans, span{start, start + len(term.stems), r.key})
				}
			}
		}
	}
	for _, g := range groups {
		var keys []string
		only := false
		for _, sp := range spans {
			if g.tok < sp.start || g.tok >= sp.end {
				continue
			}
			if sp.end-sp.start > 1 && utf8.RuneCountInString(g.word) == 1 {
				only = true
			}
			if sp.key != g.stem && !slices.Contains(keys, sp.key) {
				keys = append(keys, sp.key)
			}
		}
		if only && len(g.exps) > 0 && g.exps[0].t.stem == g.stem {
			g.exps = g.exps[1:]
		}
		for _, key := range keys {
			sh, err := s.shard(m.shardOf(key))
			if err != nil {
				return err
			}
			if e := sh.entry(key); e != nil && !slices.ContainsFunc(g.exps, func(x expansion) bool { return x.t == e }) {
				g.exps = append(g.exps, expansion{e, int32(m.Query.ExactW)})
			}
		}
	}
	return nil
}

// known reports whether w is a stem or a surface word of sh.
func (sh *termShard) known(w string) bool {
	if sh.entry(w) != nil {
		return true
	}
	i := sort.Search(len(sh.words), func(i int) bool { return sh.words[i][0] >= w })
	return i < len(sh.words) && sh.words[i][0] == w
}

// prefixForms returns the forms a half-typed word is completed from.
func prefixForms(w string) []string {
	if alt := spellPrefix(w); alt != "" {
		return []string{w, alt}
	}
	return []string{w}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// bestExpansions picks, for each page, the expansion that scores it
// highest; the earlier expansion wins a tie. A word still being typed
// (scoredOnly) matches the scored pages of its stems only: its results are
// a preview of the best pages, and need no list of every page.
func bestExpansions(exps []expansion, scoredOnly bool) map[int32]*match {
	best := map[int32]*match{}
	for _, x := range exps {
		pages := x.t.members
		if scoredOnly {
			pages = make([]int32, len(x.t.scored))
			for i, sd := range x.t.scored {
				pages[i] = sd.doc
			}
		}
		for _, d := range pages {
			mt := &match{w: x.w, e: x.t, sd: x.t.byDoc[d]}
			if mt.sd != nil {
				mt.val = x.w * mt.sd.rank()
			} else {
				mt.val = x.w * 2 * x.t.rest
			}
			if old := best[d]; old == nil || mt.val > old.val {
				best[d] = mt
			}
		}
	}
	return best
}

// matchPages returns the pages in every group, ascending, or if there are
// none and there are several groups, the pages in any group.
func matchPages(groups []*group) (pages []int32, partial bool) {
	count := map[int32]int{}
	for _, g := range groups {
		for d := range g.best {
			count[d]++
		}
	}
	for d, n := range count {
		if n == len(groups) {
			pages = append(pages, d)
		}
	}
	if len(pages) == 0 && len(groups) > 1 {
		for d := range count {
			pages = append(pages, d)
		}
		partial = len(pages) > 0
	}
	slices.Sort(pages)
	return pages, partial
}

// score is a page's score for the query: twice its page scores, plus its
// best section's scores, plus a bonus for adjacent query words.
func score(groups []*group, d int32) int32 {
	var total int32
	for _, g := range groups {
		if mt := g.best[d]; mt != nil {
			if mt.sd != nil {
				total += 2 * mt.w * mt.sd.ds
			} else {
				total += 2 * mt.w * mt.e.rest
			}
		}
	}
	_, secScore := bestSection(groups, d)
	return total + secScore + proximity(groups, d)
}

// bestSection returns the section with the highest summed score (the first
// of equals) and that score; -1 if the words are in no section, -2 if the
// page has no scored entry to tell.
func bestSection(groups []*group, d int32) (int32, int32) {
	sums := map[int32]int32{}
	known := false
	for _, g := range groups {
		mt := g.best[d]
		if mt == nil || mt.sd == nil {
			continue
		}
		known = true
		for _, s := range mt.sd.secs {
			sums[s.idx] += mt.w * s.ss
		}
	}
	if !known {
		return -2, 0
	}
	best, bs := int32(-1), int32(0)
	for idx, v := range sums {
		if v > bs || (v == bs && best >= 0 && idx < best) {
			best, bs = idx, v
		}
	}
	return best, bs
}

// proximity rewards consecutive query words that are as far apart in the
// title, or in a section, as in the query.
func proximity(groups []*group, d int32) int32 {
	var bonus int32
	for i := 0; i+1 < len(groups); i++ {
		a, b := groups[i].best[d], groups[i+1].best[d]
		if a == nil || b == nil || a.sd == nil || b.sd == nil {
			continue
		}
		gap := int32(groups[i+1].pos - groups[i].pos)
		if a.sd.titlePos >= 0 && b.sd.titlePos >= 0 && b.sd.titlePos-a.sd.titlePos == gap {
			bonus += min(a.w*a.sd.ds, b.w*b.sd.ds)
			continue
		}
		var best int32
		for _, sa := range a.sd.secs {
			for _, sb := range b.sd.secs {
				if sa.idx != sb.idx {
					continue
				}
				v := min(a.w*sa.ss, b.w*sb.ss)
				switch diff := sb.first - sa.first; {
				case diff == gap:
				case diff != 0 && max(diff, -diff) <= gap+4:
					v /= 2
				default:
					v = 0
				}
				best = max(best, v)
			}
		}
		bonus += best
	}
	return bonus
}
