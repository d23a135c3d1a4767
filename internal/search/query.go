package search

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Query limits, shared with the runtime.
const (
	maxGroups       = 10 // query words used
	maxExpansions   = 8  // completions of a half-typed last word
	maxPrefixShards = 4  // shards searched for completions
	minPrefixLen    = 3  // shortest last word that is completed
	completionW     = 8  // weight of a completion; an exact stem weighs 10
	exactW          = 10
	pageSize        = 10
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
}

// Results answers a Query.
type Results struct {
	Total   int      `json:"total"`
	Partial bool     `json:"partial"` // no page has every word; these have some
	Hits    []Hit    `json:"hits"`
	Facets  Facets   `json:"facets"`
	Read    []string `json:"read"`  // files read for this query, sorted
	Bytes   int      `json:"bytes"` // their compressed size
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
	prefix     bool
	exps       []expansion
	best       map[int32]*match // page → its best expansion
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
// query stop words (all of them if every word is one), each stem once, at most maxGroups. The last
// word is completed if the text ends inside it.
func parseQuery(text string) []*group {
	toks := tokenize(text, false, nil)
	var words []Token
	for _, t := range toks {
		if !isQueryStopWord(t.Word) {
			words = append(words, t)
		}
	}
	if len(words) == 0 {
		words = toks
	}
	ends := len(toks) > 0 && toks[len(toks)-1].End == len(text)
	var out []*group
	seen := map[string]bool{}
	for i, t := range words {
		prefix := ends && i == len(words)-1 && t.End == len(text) && utf8.RuneCountInString(t.Word) >= minPrefixLen
		if !prefix && seen[t.Stem] {
			continue
		}
		seen[t.Stem] = true
		out = append(out, &group{word: t.Word, stem: t.Stem, pos: t.Pos, prefix: prefix})
		if len(out) == maxGroups {
			break
		}
	}
	return out
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
	groups := parseQuery(q.Text)
	if len(groups) == 0 {
		return res, nil
	}
	if err := s.expand(groups); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	matched, partial := matchPages(groups)
	res.Partial = partial
	f := newFilter(m, q)
	var table [][]int
	single := len(groups) == 1 && len(groups[0].exps) == 1
	useHist := single && !f.any()
	if f.needsTable() || (len(matched) > 0 && !useHist) {
		if table, err = s.facetTable(); err != nil {
			return nil, err
		}
	}
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
	sort.Slice(hits, func(i, j int) bool {
		if scores[hits[i]] != scores[hits[j]] {
			return scores[hits[i]] > scores[hits[j]]
		}
		return hits[i] < hits[j]
	})
	res.Total = len(hits)
	if len(matched) > 0 {
		if useHist {
			res.Facets = histFacets(m, groups[0].exps[0].t, f)
		} else {
			res.Facets = tableFacets(m, matched, table, f)
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = pageSize
	}
	page := hits[min(len(hits), max(0, q.Offset)):min(len(hits), max(0, q.Offset)+limit)]
	if res.Hits, err = s.hits(groups, page, scores); err != nil {
		return nil, err
	}
	return res, nil
}

// expand finds each group's stems: the exact stem and, for a half-typed
// last word, its completions.
func (s *Searcher) expand(groups []*group) error {
	m := s.m
	for _, g := range groups {
		sh, err := s.shard(m.shardOf(g.stem))
		if err != nil {
			return err
		}
		if e := sh.entry(g.stem); e != nil {
			g.exps = append(g.exps, expansion{e, exactW})
		}
		if !g.prefix {
			continue
		}
		// A word the index knows as typed is complete: it is not completed.
		if sh, err = s.shard(m.shardOf(g.word)); err != nil {
			return err
		}
		if sh.known(g.word) {
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
		for _, e := range comps[:min(len(comps), maxExpansions)] {
			g.exps = append(g.exps, expansion{e, completionW})
		}
	}
	for _, g := range groups {
		g.best = bestExpansions(g.exps)
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
// highest; the earlier expansion wins a tie.
func bestExpansions(exps []expansion) map[int32]*match {
	best := map[int32]*match{}
	for _, x := range exps {
		for _, d := range x.t.members {
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
