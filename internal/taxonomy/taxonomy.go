// Package taxonomy groups pages by their tags and organisations. Its output
// is sorted and deterministic: the same pages in any order give the same
// terms in the same order.
//
// It owns the grouping of pages by term and the choice of each term's
// spelling. It must not know about templates or output files.
package taxonomy

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/slug"
)

// Term is one tag or organisation and the pages that carry it.
type Term struct {
	// Name is the display name: the spelling most pages use, so "CCIO" and
	// "ccio" are one term.
	Name string
	Slug string
	// URL is the term's page: "/tags/ccio/".
	URL string
	// Pages are newest first.
	Pages []*content.Page
}

// Taxonomy is a set of terms, such as every tag of a site.
type Taxonomy struct {
	// Name is the URL section: "tags" or "organisations".
	Name string
	// Terms are sorted by name, case-insensitively.
	Terms  []*Term
	bySlug map[string]*Term
	// byValue maps each spelling pages use to its term, so Lookup of a
	// page's own values needs no slug.
	byValue map[string]*Term
}

// Build groups pages by the values that terms returns for each (its tags,
// say) under the URL section name. Values whose slugs match are one term.
func Build(name string, pages []*content.Page, terms func(*content.Page) []string) *Taxonomy {
	t := &Taxonomy{Name: name, bySlug: map[string]*Term{}, byValue: map[string]*Term{}}
	// Sites use a few hundred spellings on thousands of pages: each
	// spelling is slugged once and counted in place.
	type spelling struct {
		term *Term // nil when the value has no slug
		n    int
	}
	seen := map[string]*spelling{}
	spellings := map[*Term][]string{}
	for _, p := range pages {
		for _, v := range terms(p) {
			sp := seen[v]
			if sp == nil {
				sp = &spelling{}
				seen[v] = sp
				if s := slug.Make(v); s != "" {
					term, ok := t.bySlug[s]
					if !ok {
						term = &Term{Slug: s, URL: "/" + name + "/" + s + "/"}
						t.bySlug[s] = term
						t.Terms = append(t.Terms, term)
					}
					sp.term = term
					t.byValue[v] = term
					spellings[term] = append(spellings[term], v)
				}
			}
			term := sp.term
			if term == nil {
				continue
			}
			sp.n++
			if n := len(term.Pages); n == 0 || term.Pages[n-1] != p {
				term.Pages = append(term.Pages, p)
			}
		}
	}
	for _, term := range t.Terms {
		counts := make(map[string]int, len(spellings[term]))
		for _, v := range spellings[term] {
			counts[v] = seen[v].n
		}
		term.Name = mostUsed(counts)
		if !content.SortedByDate(term.Pages) {
			content.SortByDate(term.Pages)
		}
	}
	slices.SortFunc(t.Terms, func(a, b *Term) int {
		return cmp.Or(cmp.Compare(foldName(a.Name), foldName(b.Name)), cmp.Compare(a.Slug, b.Slug))
	})
	return t
}

// Tags groups pages by tag, under /tags/.
func Tags(pages []*content.Page) *Taxonomy {
	return Build("tags", pages, func(p *content.Page) []string { return p.Tags })
}

// Organisations groups pages by organisation, under /organisations/. A
// page's organisations include its interviewee's.
func Organisations(pages []*content.Page) *Taxonomy {
	return Build("organisations", pages, (*content.Page).AllOrganisations)
}

// Lookup returns the term whose name or slug is value, or nil.
func (t *Taxonomy) Lookup(value string) *Term {
	if term, ok := t.byValue[value]; ok {
		return term
	}
	return t.bySlug[slug.Make(value)]
}

// Popular returns up to n terms with the most pages, most first, ties by
// name.
func (t *Taxonomy) Popular(n int) []*Term {
	out := slices.Clone(t.Terms)
	slices.SortStableFunc(out, func(a, b *Term) int { return cmp.Compare(len(b.Pages), len(a.Pages)) })
	return out[:min(n, len(out))]
}

// Group is the terms that start with one letter, for an A–Z index.
type Group struct {
	Letter string // "A"…"Z", or "0–9" and "#" for the rest
	Terms  []*Term
}

// Groups returns the terms grouped by their first letter, in order.
func (t *Taxonomy) Groups() []Group {
	var out []Group
	for _, term := range t.Terms {
		letter := initial(term.Name)
		if n := len(out); n == 0 || out[n-1].Letter != letter {
			out = append(out, Group{Letter: letter})
		}
		g := &out[len(out)-1]
		g.Terms = append(g.Terms, term)
	}
	return out
}

func initial(name string) string {
	r, _ := utf8.DecodeRuneInString(foldName(name))
	switch {
	case r >= 'a' && r <= 'z':
		return string(unicode.ToUpper(r))
	case unicode.IsDigit(r):
		return "0–9"
	}
	return "#"
}

// foldName is the sort key of a name: lower case, accents removed.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// mostUsed returns the spelling used most, ties going to the one that
// sorts first.
func mostUsed(counts map[string]int) string {
	best, bestN := "", -1
	for s, n := range counts {
		if n > bestN || n == bestN && s < best {
			best, bestN = s, n
		}
	}
	return best
}

// relatedWindow bounds the pages of one term that Related weighs for each
// page: a term on more pages than this counts for the pages nearest in
// date on either side, so that a tag on thousands of pages does not make
// the work grow with the square of the site.
const relatedWindow = 100

// Related returns, for each of pages (in the order lists show them, newest
// first), up to n other pages that share the most terms of t with it: the
// most shared first, then the nearest in pages' order (in date), then the
// first. A page that shares no term has none.
func (t *Taxonomy) Related(pages []*content.Page, n int) map[*content.Page][]*content.Page {
	if n <= 0 {
		return map[*content.Page][]*content.Page{}
	}
	index := make(map[*content.Page]int32, len(pages))
	for i, p := range pages {
		index[p] = int32(i)
	}
	// Each term's pages by their place in pages (-1 for one not there),
	// and each page's terms with its place among the term's pages: the
	// counting below touches integers only. (A page is at most once
	// among a term's pages, and its terms are those of its values.)
	termPages := make([][]int32, len(t.Terms))
	type member struct{ term, at int32 }
	starts := make([]int32, len(pages)+1)
	for ti, term := range t.Terms {
		ids := make([]int32, len(term.Pages))
		for k, q := range term.Pages {
			j, ok := index[q]
			if !ok {
				j = -1
			} else {
				starts[j+1]++
			}
			ids[k] = j
		}
		termPages[ti] = ids
	}
	for i := range pages {
		starts[i+1] += starts[i]
	}
	members := make([]member, starts[len(pages)])
	fill := slices.Clone(starts[:len(pages)])
	for ti, ids := range termPages {
		for k, j := range ids {
			if j >= 0 {
				members[fill[j]] = member{int32(ti), int32(k)}
				fill[j]++
			}
		}
	}
	// Each worker takes a run of the pages, with counts of its own.
	best := make([][]*content.Page, len(pages))
	workers := parallel.Workers(0)
	size := (len(pages) + workers - 1) / workers
	_ = parallel.For(context.Background(), workers, workers, func(_, w int) {
		counts := make([]int32, len(pages))
		var touched, top []int32
		for i := w * size; i < min(len(pages), (w+1)*size); i++ {
			touched = touched[:0]
			for _, mb := range members[starts[i]:starts[i+1]] {
				near := termPages[mb.term]
				if len(near) > 2*relatedWindow {
					k := int(mb.at)
					near = near[max(0, k-relatedWindow):min(len(near), k+relatedWindow+1)]
				}
				for _, j := range near {
					if j < 0 || int(j) == i {
						continue
					}
					if counts[j] == 0 {
						touched = append(touched, j)
					}
					counts[j]++
				}
			}
			if len(touched) == 0 {
				continue
			}
			dist := func(j int32) int32 { return max(j-int32(i), int32(i)-j) }
			// Most candidates lose on their count alone: the rest of the
			// order is looked at only when counts tie.
			before := func(a, b int32) bool {
				if ca, cb := counts[a], counts[b]; ca != cb {
					return ca > cb
				}
				if da, db := dist(a), dist(b); da != db {
					return da < db
				}
				return a < b
			}
			// The first n in that order, kept in order as the candidates
			// go by: n is a few, the candidates hundreds (sorting them all
			// was a tenth of a 10,000-page build).
			top = top[:0]
			for _, j := range touched {
				if len(top) == n && !before(j, top[n-1]) {
					continue
				}
				if len(top) < n {
					top = append(top, j)
				} else {
					top[n-1] = j
				}
				for k := len(top) - 1; k > 0 && before(top[k], top[k-1]); k-- {
					top[k], top[k-1] = top[k-1], top[k]
				}
			}
			b := make([]*content.Page, len(top))
			for k, j := range top {
				b[k] = pages[j]
			}
			best[i] = b
			for _, j := range touched {
				counts[j] = 0
			}
		}
	})
	out := make(map[*content.Page][]*content.Page, len(pages))
	for i, b := range best {
		if b != nil {
			out[pages[i]] = b
		}
	}
	return out
}
