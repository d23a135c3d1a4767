package section

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/content"
)

// page makes a page as content.Load would from the file name (relative to
// the content folder) and its fields.
func page(file string, set ...func(*content.Page)) *content.Page {
	r := content.ParseFile("content", "content/"+file, []byte("# "+strings.TrimSuffix(file, ".md")+"\n"))
	p := r.Page
	if p == nil {
		panic("not a page: " + file)
	}
	q := *p
	for _, f := range set {
		f(&q)
	}
	return &q
}

func weight(w float64) func(*content.Page) {
	return func(p *content.Page) { p.Weight, p.Weighted = w, true }
}

func title(s string) func(*content.Page) { return func(p *content.Page) { p.Title = s } }

func dated(kind content.Kind, y, m, d int) func(*content.Page) {
	return func(p *content.Page) { p.Kind, p.Date = kind, time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
}

// outline writes the tree as an indented list: a section as its address
// and title, with "=" and its landing page's file, then its entries.
func outline(t *Tree) string {
	var b strings.Builder
	var walk func(s *Section, indent string)
	walk = func(s *Section, indent string) {
		fmt.Fprintf(&b, "%s%s %q", indent, s.URL, s.Title)
		if s.Landing != nil {
			fmt.Fprintf(&b, " = %s", strings.TrimPrefix(s.Landing.File, "content/"))
		}
		b.WriteByte('\n')
		for _, e := range s.Entries {
			if e.Section != nil {
				walk(e.Section, indent+"  ")
				continue
			}
			fmt.Fprintf(&b, "%s  - %s\n", indent, e.Page.URL)
		}
	}
	walk(t.Root, "")
	return b.String()
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name  string
		pages []*content.Page
		want  string
	}{
		{
			name: "nested to any depth, with landing pages of every kind",
			pages: []*content.Page{
				page("about.md"),
				page("guides/_index.md", title("Guides")),
				page("guides/email.md"),
				page("guides/onboarding/index.md", title("Starting work")),
				page("guides/onboarding/first-day.md"),
				page("guides/onboarding/it/accounts.md"),
				page("teams.md", title("Our teams")),
				page("teams/screening.md"),
			},
			want: `/ ""
  - /about/
  /guides/ "Guides" = guides/_index.md
    - /guides/email/
    /guides/onboarding/ "Starting work" = guides/onboarding/index.md
      - /guides/onboarding/first-day/
      /guides/onboarding/it/ "It"
        - /guides/onboarding/it/accounts/
  /teams/ "Our teams" = teams.md
    - /teams/screening/
`,
		},
		{
			name: "a folder whose index.md is its only page is a page bundle",
			pages: []*content.Page{
				page("guides/email.md"),
				page("guides/nhsmail/index.md", title("NHSmail")),
				page("articles/epr/index.md", dated(content.Article, 2024, 1, 1)),
			},
			want: `/ ""
  /articles/ "Articles"
    - /articles/epr/
  /guides/ "Guides"
    - /guides/email/
    - /guides/nhsmail/
`,
		},
		{
			name: "weight, then date for dated types, then title",
			pages: []*content.Page{
				page("guides/c.md", title("charlie")),
				page("guides/a.md", title("Bravo")),
				page("guides/b.md", title("Alpha")),
				page("guides/heavy.md", weight(10)),
				page("guides/light.md", weight(-1)),
				page("guides/zero.md", weight(0)),
				page("guides/sub/x.md"),
				page("guides/sub/_index.md", title("Sub"), weight(5)),
				page("guides/old.md", dated(content.Article, 2020, 1, 1)),
				page("guides/new.md", dated(content.Article, 2024, 1, 1)),
			},
			want: `/ ""
  /guides/ "Guides"
    - /guides/light/
    - /guides/zero/
    /guides/sub/ "Sub" = guides/sub/_index.md
      - /guides/sub/x/
    - /guides/heavy/
    - /guides/new/
    - /guides/old/
    - /guides/b/
    - /guides/a/
    - /guides/c/
`,
		},
		{
			name: "folder names in words",
			pages: []*content.Page{
				page("getting_started/x.md"),
				page("our-work/data-linkage-hub/x.md"),
				page("strategy/x.md", dated(content.Strategy, 2020, 1, 1)),
			},
			want: `/ ""
  /getting-started/ "Getting started"
    - /getting-started/x/
  /our-work/ "Our work"
    /our-work/data-linkage-hub/ "Data linkage hub"
      - /our-work/data-linkage-hub/x/
  /strategy/ "Strategy"
    - /strategy/x/
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := Build(tt.pages)
			if got := outline(tree); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			// Whatever order the pages come in, the tree is the same.
			for range 5 {
				shuffled := append([]*content.Page(nil), tt.pages...)
				rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
				if got := outline(Build(shuffled)); got != tt.want {
					t.Fatalf("shuffled pages give another tree:\n%s", got)
				}
			}
		})
	}
}

func TestLookups(t *testing.T) {
	pages := []*content.Page{
		page("guides/_index.md"),
		page("guides/a.md"),
		page("guides/deep/er/b.md"),
	}
	tree := Build(pages)
	guides := tree.At("/guides/")
	if guides == nil || tree.Lands(pages[0]) != guides || tree.In(pages[0]) != nil || tree.In(pages[1]) != guides {
		t.Fatal("landing page or entry not found")
	}
	er := tree.In(pages[2])
	if er == nil || er.URL != "/guides/deep/er/" || er.Depth != 3 {
		t.Fatalf("deep section: %+v", er)
	}
	var anc []string
	for _, s := range er.Ancestors() {
		anc = append(anc, s.URL)
	}
	if strings.Join(anc, " ") != "/ /guides/ /guides/deep/" {
		t.Errorf("ancestors: %v", anc)
	}
	if n := guides.Count(); n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
	if got := len(tree.Sections()); got != 3 || tree.Sections()[0] != guides {
		t.Errorf("sections: %d", got)
	}
	if top := tree.Top(); len(top) != 1 || top[0] != guides {
		t.Errorf("top: %v", top)
	}
}
