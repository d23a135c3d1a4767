package search

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Facet dimensions, in the order of Facets' fields.
const (
	dimKind = iota
	dimTag
	dimOrg
	dimYear
	numDims
)

// filter is a Query's facet selection as facet ids (years as years). A
// selected value the index does not know matches nothing.
type filter struct {
	m       *manifest
	sel     [numDims]map[int]bool
	unknown [numDims][]string // selected values the index does not know
}

func newFilter(m *manifest, q Query) filter {
	f := filter{m: m}
	ids := func(dim int, vocab []string, first int, names []string) {
		if len(names) == 0 {
			return
		}
		f.sel[dim] = map[int]bool{}
		for _, n := range names {
			id := -1
			for i, v := range vocab {
				if v == n {
					id = first + i
				}
			}
			if id < 0 && !slices.Contains(f.unknown[dim], n) {
				f.unknown[dim] = append(f.unknown[dim], n)
			}
			f.sel[dim][id] = true
		}
	}
	ids(dimKind, m.Kinds, 0, q.Kinds)
	ids(dimTag, m.Tags, len(m.Kinds), q.Tags)
	ids(dimOrg, m.Orgs, len(m.Kinds)+len(m.Tags), q.Orgs)
	if len(q.Years) > 0 {
		f.sel[dimYear] = map[int]bool{}
		for _, y := range q.Years {
			f.sel[dimYear][y] = true
		}
	}
	return f
}

func (f *filter) any() bool {
	for _, s := range f.sel {
		if s != nil {
			return true
		}
	}
	return false
}

// needsTable reports whether the filter needs the pages' facet table.
func (f *filter) needsTable() bool {
	return f.sel[dimKind] != nil || f.sel[dimTag] != nil || f.sel[dimOrg] != nil
}

// dim returns the dimension of facet id id.
func (m *manifest) dim(id int) int {
	switch {
	case id < len(m.Kinds):
		return dimKind
	case id < len(m.Kinds)+len(m.Tags):
		return dimTag
	}
	return dimOrg
}

// pass reports whether page d passes every selected facet but skip.
func (f *filter) pass(d int32, table [][]int, skip int) bool {
	for dim, set := range f.sel {
		if set == nil || dim == skip {
			continue
		}
		if dim == dimYear {
			if !set[f.m.yearOf(d)] {
				return false
			}
			continue
		}
		ok := false
		for _, id := range table[d] {
			if f.m.dim(id) == dim && set[id] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// facetList turns counts per facet id (or year) into a sorted list.
func (f *filter) facetList(dim int, counts map[int]int) []FacetCount {
	m := f.m
	out := []FacetCount{}
	add := func(key int, name string) {
		sel := f.sel[dim][key]
		if counts[key] > 0 || sel {
			out = append(out, FacetCount{Value: name, Count: counts[key], Selected: sel})
		}
	}
	switch dim {
	case dimKind:
		for i, k := range m.Kinds {
			add(i, k)
		}
	case dimTag:
		for i, t := range m.Tags {
			add(len(m.Kinds)+i, t)
		}
	case dimOrg:
		for i, o := range m.Orgs {
			add(len(m.Kinds)+len(m.Tags)+i, o)
		}
	case dimYear:
		years := map[int]bool{}
		for y := range counts {
			years[y] = true
		}
		for y := range f.sel[dimYear] {
			years[y] = true
		}
		var ys []int
		for y := range years {
			ys = append(ys, y)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ys)))
		for _, y := range ys {
			add(y, strconv.Itoa(y))
		}
	}
	if dim == dimTag || dim == dimOrg {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	}
	for _, n := range f.unknown[dim] {
		out = append(out, FacetCount{Value: n, Selected: true})
	}
	return out
}

// histFacets counts facets from a stem's histogram, for a one-stem query
// without filters.
func histFacets(m *manifest, t *termEntry, f filter) Facets {
	var counts [numDims]map[int]int
	for i := range counts {
		counts[i] = map[int]int{}
	}
	for _, h := range t.hist {
		counts[m.dim(h[0])][h[0]] = h[1]
	}
	if t.members == nil {
		for i, n := range t.years {
			if i < len(m.Years) && n > 0 {
				counts[dimYear][m.Years[i][0]] = n
			}
		}
	}
	for _, d := range t.members {
		if y := m.yearOf(d); y != 0 {
			counts[dimYear][y]++
		}
	}
	return f.facets(counts)
}

// tableFacets counts facets over the matched pages with the facet table:
// each dimension under the other dimensions' filters.
func tableFacets(m *manifest, matched []int32, table [][]int, f filter) Facets {
	var counts [numDims]map[int]int
	for i := range counts {
		counts[i] = map[int]int{}
	}
	for _, d := range matched {
		for dim := range numDims {
			if !f.pass(d, table, dim) {
				continue
			}
			if dim == dimYear {
				if y := m.yearOf(d); y != 0 {
					counts[dim][y]++
				}
				continue
			}
			for _, id := range table[d] {
				if m.dim(id) == dim {
					counts[dim][id]++
				}
			}
		}
	}
	return f.facets(counts)
}

func (f *filter) facets(counts [numDims]map[int]int) Facets {
	return Facets{
		Kind: f.facetList(dimKind, counts[dimKind]),
		Tag:  f.facetList(dimTag, counts[dimTag]),
		Org:  f.facetList(dimOrg, counts[dimOrg]),
		Year: f.facetList(dimYear, counts[dimYear]),
	}
}

// hits builds the shown results: from cards where a card holds the page's
// best section, from the page's record otherwise.
func (s *Searcher) hits(groups []*group, page []int32, scores map[int32]int32) ([]Hit, error) {
	mk := s.marker(groups)
	q := &s.m.Query
	out := []Hit{}
	for _, d := range page {
		b, _ := bestSection(groups, d)
		identity := true
		var from *match
		for _, g := range groups {
			mt := g.best[d]
			if mt == nil || mt.sd == nil || mt.sd.bits&pageBit == 0 {
				identity = false
			}
			if from == nil && mt != nil && mt.sd != nil && b >= -1 {
				if sec, ok := mt.e.cards[d]; ok && sec == b {
					from = mt
				}
			}
		}
		h := Hit{Doc: int(d), Score: int(scores[d])}
		var title, anchor, text string
		var kind int
		var orgs []int
		if from != nil {
			cp := from.e.shard.docs[d]
			title, h.URL, kind, h.Date, orgs = cp.title, cp.url, cp.kind, cp.date, cp.orgs
			if b >= 0 {
				anchor, h.Heading = cp.secs[b][0], cp.secs[b][1]
			}
			text = from.e.excerpts[d]
		} else {
			rec, err := s.page(d)
			if err != nil {
				return nil, err
			}
			title, h.URL, kind, h.Date, orgs = rec.Title, rec.URL, rec.Kind, rec.Date, rec.Orgs
			if b == -2 {
				b = scanSections(rec, mk)
			}
			if int(b) >= len(rec.Sections) || b >= 0 && len(rec.Sections[b]) < 2 {
				return nil, fmt.Errorf("search: pages/%d.bin: no section %d of page %d: %w", int(d)/s.m.Pages, b, d, errShort)
			}
			src := rec.Summary
			if b >= 0 {
				sec := rec.Sections[b]
				anchor, h.Heading = sec[0], sec[1]
				if len(sec) > 2 {
					src = sec[2]
				}
			}
			toks := Tokenize(src)
			text = excerpt(src, toks, mk.firstMatch(toks), q.ExcerptBefore, q.ExcerptWords)
		}
		switch {
		case b >= 0 && anchor != "" && !identity:
			h.URL += "#" + anchor
		case identity:
			h.Heading = "" // the result is the page, not the section
		}
		h.Title, h.Excerpt = mk.highlight(title), mk.highlight(text)
		if kind >= 0 && kind < len(s.m.Kinds) {
			h.Kind = s.m.Kinds[kind]
		}
		h.Orgs = []string{}
		for _, o := range orgs {
			if o >= 0 && o < len(s.m.Orgs) {
				h.Orgs = append(h.Orgs, s.m.Orgs[o])
			}
		}
		out = append(out, h)
	}
	return out, nil
}

// scanSections returns the first section whose heading or text has a
// matching word, or -1. Without the sections' text, it is -1.
func scanSections(rec *pageRecord, mk *marker) int32 {
	for i, sec := range rec.Sections {
		if len(sec) < 3 {
			return -1
		}
		if mk.firstMatch(Tokenize(sec[1])) >= 0 || mk.firstMatch(Tokenize(sec[2])) >= 0 {
			return int32(i)
		}
	}
	return -1
}

// marker returns what the query matches in a text: the stems of its
// groups, and the terms of the synonym groups whose keys they are.
func (s *Searcher) marker(groups []*group) *marker {
	mk := &marker{stems: map[string]bool{}, words: map[string]bool{}}
	seen := map[string]bool{}
	for _, g := range groups {
		for _, x := range g.exps {
			mk.stems[x.t.stem] = true
			for _, r := range x.t.shard.synsOf(x.t.stem) {
				if r.key != x.t.stem {
					continue
				}
				for _, term := range r.members {
					if term.word != "" {
						mk.words[term.word] = true
					} else if k := strings.Join(term.stems, " "); !seen[k] {
						seen[k] = true
						mk.phrases = append(mk.phrases, term.stems)
					}
				}
			}
		}
	}
	return mk
}
