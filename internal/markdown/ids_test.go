package markdown

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestUniqueIDs renders a page whose explicit ids collide with generated
// ones further up, with each other, with a footnote's and with the
// theme's skip-link target: every element of the page has its own id,
// explicit ids win over generated ones wherever they are, each collision
// of an explicit id is an error at its line, and the Contents (Headings)
// point at the headings that carry the ids.
func TestUniqueIDs(t *testing.T) {
	src := strings.Join([]string{
		"## Same",                  // 10
		"",                         // 11
		"## Same",                  // 12
		"",                         // 13
		"## X {#same-1}",           // 14
		"",                         // 15
		"## Dup {#dup}",            // 16
		"",                         // 17
		"## Dup again {#dup}",      // 18
		"",                         // 19
		"A note.[^1] Another.[^1]", // 20
		"",                         // 21
		"## Note {#fn:1}",          // 22
		"",                         // 23
		"## Back {#fnref1:1}",      // 24
		"",                         // 25
		"## Main {#maincontent}",   // 26
		"",                         // 27
		"## Main content",          // 28
		"",                         // 29
		"## Latest articles",       // 30
		"",                         // 31
		"[^1]: The note.",          // 32
	}, "\n")
	r := New(Options{})
	res, err := r.Render(Doc{File: "content/articles/a.md", URL: "/articles/a/", Body: []byte(src), BodyLine: 10, Resolver: testSite,
		TakenID: func(id string) bool { return id == "maincontent" || strings.HasPrefix(id, "latest-") }})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/articles/a.md:18: error: heading id #dup is also the id of the heading on line 16; ids must be unique on the page",
		"content/articles/a.md:22: error: heading id #fn:1 is the id of a footnote on this page",
		"content/articles/a.md:24: error: heading id #fnref1:1 is the id of a footnote on this page",
		"content/articles/a.md:26: error: heading id #maincontent is an id the theme uses on every page (such as the skip link's target, #maincontent)",
	}
	got := strings.Split(strings.TrimSpace(diags(res.Diags)), "\n")
	var errs []string
	for _, line := range got {
		if strings.Contains(line, ": error: ") {
			errs = append(errs, line)
		}
	}
	if !slices.Equal(errs, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}

	var headings []string
	for _, h := range res.Headings {
		headings = append(headings, h.ID+"="+h.Text)
	}
	wantHeadings := []string{"same=Same", "same-2=Same", "same-1=X", "dup=Dup", "dup-again=Dup again", "note=Note", "back=Back", "main=Main", "main-content=Main content", "h-latest-articles=Latest articles"}
	if !slices.Equal(headings, wantHeadings) {
		t.Errorf("headings:\n%v\nwant:\n%v", headings, wantHeadings)
	}

	// The page as a browser parses it: the body, the footnotes and the
	// theme's element have one id each.
	page := `<main id="maincontent">` + res.HTML + res.Footnotes + `</main>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "id" {
				seen[a.Val]++
			}
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("id %q is on %d elements", id, n)
		}
	}
}
