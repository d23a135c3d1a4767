package taxonomy

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/content"
)

func page(url string, day int, tags ...string) *content.Page {
	return &content.Page{URL: url, Title: url, Date: time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC), Tags: tags}
}

func TestTags(t *testing.T) {
	pages := []*content.Page{
		page("/a/", 1, "CCIO", "leadership"),
		page("/b/", 3, "ccio", "Électronic records"),
		page("/c/", 2, "ccio", "ccio", "2020 vision", "???"),
	}
	tax := Tags(pages)
	var names []string
	for _, term := range tax.Terms {
		names = append(names, term.Name+"="+term.Slug)
	}
	want := []string{"2020 vision=2020-vision", "ccio=ccio", "Électronic records=electronic-records", "leadership=leadership"}
	if len(names) != len(want) {
		t.Fatalf("terms = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("term %d = %s, want %s", i, names[i], want[i])
		}
	}
	ccio := tax.Lookup("CCIO")
	if ccio == nil || len(ccio.Pages) != 3 || ccio.Pages[0].URL != "/b/" || ccio.Pages[2].URL != "/a/" {
		t.Errorf("ccio = %+v", ccio)
	}
	if ccio.URL != "/tags/ccio/" {
		t.Errorf("URL = %s", ccio.URL)
	}
	if pop := tax.Popular(1); len(pop) != 1 || pop[0].Slug != "ccio" {
		t.Errorf("Popular = %v", pop)
	}
	groups := tax.Groups()
	if len(groups) != 4 || groups[0].Letter != "0–9" || groups[2].Letter != "E" {
		t.Errorf("groups = %+v", groups)
	}
}

func TestOrganisationsIncludeInterviewee(t *testing.T) {
	p := page("/i/", 1)
	p.Organisations = []string{"CIO UK"}
	p.Interviewee = &content.Person{Name: "M", Organisation: "The Dudley Group NHS Foundation Trust"}
	tax := Organisations([]*content.Page{p})
	if len(tax.Terms) != 2 || tax.Lookup("the dudley group nhs foundation trust") == nil {
		t.Errorf("terms = %+v", tax.Terms)
	}
	if len(p.Organisations) != 1 {
		t.Error("Organisations changed the page")
	}
}

func TestRelated(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	mk := func(url string, d int, tags ...string) *content.Page {
		return &content.Page{URL: url, Title: url, Date: day(d), Tags: tags}
	}
	a := mk("/a/", 9, "x", "y", "z")
	b := mk("/b/", 8, "x", "y")
	c := mk("/c/", 7, "x")
	d := mk("/d/", 6, "X", "y", "z") // "X" is "x"
	e := mk("/e/", 5, "w")
	f := mk("/f/", 4, "x", "x") // the same tag twice counts once
	pages := []*content.Page{a, b, c, d, e, f}
	tags := Tags(pages)
	rel := tags.Related(pages, 3)
	names := func(ps []*content.Page) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.URL)
		}
		return strings.Join(s, " ")
	}
	for p, want := range map[*content.Page]string{
		a: "/d/ /b/ /c/",
		b: "/a/ /d/ /c/",
		c: "/b/ /d/ /a/",
		e: "",
		f: "/d/ /c/ /b/",
	} {
		if got := names(rel[p]); got != want {
			t.Errorf("related to %s: %q, want %q", p.URL, got, want)
		}
	}
}

func TestRelatedLargeTerm(t *testing.T) {
	// Every page shares one tag: each gets the pages nearest in date, and
	// the work stays bounded.
	var pages []*content.Page
	for i := range 3 * relatedWindow {
		pages = append(pages, &content.Page{URL: fmt.Sprintf("/p%03d/", i), Tags: []string{"common"}})
	}
	rel := Tags(pages).Related(pages, 3)
	if got := rel[pages[150]]; len(got) != 3 || got[0] != pages[149] || got[1] != pages[151] || got[2] != pages[148] {
		t.Errorf("related to a page of a large term: %v", got)
	}
}

// TestRelatedOrder checks Related against the plain definition, on sites
// of random tags (some terms past relatedWindow): every other page that
// shares a term with the page, counted over the nearest pages of large
// terms, sorted by shared terms, then nearness, then order, the first n.
func TestRelatedOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		var pages []*content.Page
		for i := range 50 + rng.IntN(400) {
			var tags []string
			for range rng.IntN(5) {
				tags = append(tags, fmt.Sprintf("t%d", rng.IntN(8)))
			}
			pages = append(pages, &content.Page{URL: fmt.Sprintf("/p%d/", i), Tags: tags})
		}
		tax := Tags(pages)
		n := 1 + trial%5
		got := tax.Related(pages, n)
		for i, p := range pages {
			counts := map[int]int{}
			seen := map[*Term]bool{}
			for _, v := range p.Tags {
				term := tax.Lookup(v)
				if term == nil || seen[term] {
					continue
				}
				seen[term] = true
				k := slices.Index(term.Pages, p)
				lo, hi := 0, len(term.Pages)
				if len(term.Pages) > 2*relatedWindow {
					lo, hi = max(0, k-relatedWindow), min(len(term.Pages), k+relatedWindow+1)
				}
				for _, q := range term.Pages[lo:hi] {
					if j := slices.Index(pages, q); j != i {
						counts[j]++
					}
				}
			}
			var cand []int
			for j := range counts {
				cand = append(cand, j)
			}
			dist := func(j int) int { return max(j-i, i-j) }
			slices.SortFunc(cand, func(a, b int) int {
				return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(dist(a), dist(b)), cmp.Compare(a, b))
			})
			var want []*content.Page
			for _, j := range cand[:min(n, len(cand))] {
				want = append(want, pages[j])
			}
			if !slices.Equal(got[p], want) {
				t.Fatalf("trial %d, page %d, n %d: related %v, want %v", trial, i, n, got[p], want)
			}
		}
	}
}

// BenchmarkRelated is Related for 10,000 pages with three to six of 60
// tags each, as the synthetic corpus has.
func BenchmarkRelated(b *testing.B) {
	pages := make([]*content.Page, 10000)
	for i := range pages {
		p := &content.Page{Title: fmt.Sprint("p", i), Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i)}
		for k := range 3 + i%4 {
			p.Tags = append(p.Tags, fmt.Sprint("tag", (i*7+k*13)%60))
		}
		pages[i] = p
	}
	tags := Tags(pages)
	for b.Loop() {
		tags.Related(pages, 3)
	}
}
