package markdown

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/diag"
)

// site is a Resolver over a fixed set of files.
type site map[string]string // file → site path

func (s site) Lookup(file string) (string, error) {
	if p, ok := s[file]; ok {
		return p, nil
	}
	return "", fmt.Errorf("there is no page %s: %w", file, fs.ErrNotExist)
}

func (s site) FileAt(sitePath string) (string, bool) {
	for f, p := range s {
		if p == sitePath {
			return f, true
		}
	}
	return "", false
}

func (s site) URL(sitePath string) string { return "/kb" + sitePath }

var testSite = site{
	"content/articles/a.md":            "/articles/a/",
	"content/strategy/plan.md":         "/strategy/plan/",
	"content/articles/bundle/index.md": "/articles/bundle/",
	"content/articles/diagram.png":     "/articles/diagram.png",
	"content/articles/My File.pdf":     "/articles/My File.pdf",
}

func render(t *testing.T, r *Renderer, src string) *Result {
	t.Helper()
	res, err := r.Render(Doc{File: "content/articles/a.md", URL: "/articles/a/", Body: []byte(src), BodyLine: 10, Resolver: testSite})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func diags(l diag.List) string {
	var b bytes.Buffer
	_ = diag.WriteText(&b, l)
	return b.String()
}

func TestRenderHTML(t *testing.T) {
	r := New(Options{})
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
		not       []string // must not appear
	}{
		{"typography", `"Quoted" -- and 'single' ... done`, []string{"“Quoted” – and ‘single’ … done"}, nil},
		{"heading ids", "## Café résumé?\n\n## Café résumé?\n\n## Custom {#mine}\n",
			[]string{`<h2 id="cafe-resume">Café résumé?</h2>`, `<h2 id="cafe-resume-1">`, `<h2 id="mine">Custom</h2>`}, []string{"{#mine}"}},
		{"table wrapped", "| a | b |\n|---|---|\n| 1 | 2 |\n",
			[]string{`<div class="nhsuk-scroll__content" data-app-label="Table 1">`, `<td class="nhsuk-table__cell">1</td>`}, nil},
		{"strikethrough and autolink", "~~old~~ https://www.nhs.uk",
			[]string{"<del>old</del>", `<a href="https://www.nhs.uk">https://www.nhs.uk</a>`}, nil},
		{"task list", "- [x] done\n- [ ] todo\n", []string{`<span class="app-task app-task--done"><span class="nhsuk-u-visually-hidden">Done:</span></span> done`, `To do:</span></span> todo`}, []string{"<input"}},
		{"footnote", "Text[^1].\n\n[^1]: Note.\n", []string{`href="#fn:1"`}, []string{`<li id="fn:1">`}},
		{"code highlighted with classes", "```go\nfunc main() {}\n```\n",
			[]string{`<pre class="nhsuk-code__container"><code class="nhsuk-code__content" data-app-label="Code (go)">`, `<span class="app-code-kd">func</span>`}, []string{"style=", "tabindex", "role="}},
		{"unknown language escaped", "```nosuchlang\n<script>x</script>\n```\n",
			[]string{"&lt;script&gt;x&lt;/script&gt;"}, []string{"<script>"}},
		{"raw HTML dropped", "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>\n",
			[]string{"Text"}, []string{"<script>", "onclick", "alert(1)"}},
		{"javascript link removed, text kept", "[click](javascript:alert(1)) and [x](JaVaScRiPt:alert(2))",
			[]string{"click and x"}, []string{"javascript:", "JaVaScRiPt", "<a"}},
		{"data image removed", "![x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:", "<img"}},
		{"vbscript link removed", "[v](vbscript:msgbox)", []string{"v"}, []string{"vbscript", "<a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := render(t, r, tt.src).HTML
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %q in:\n%s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("unexpected %q in:\n%s", n, html)
				}
			}
		})
	}
}

func TestLinks(t *testing.T) {
	r := New(Options{})
	tests := []struct {
		name, src string
		href      string // the emitted destination, if any
		kind      LinkKind
		target    string
		diag      string // a finding that must be reported
	}{
		{"page with anchor", "[x](../strategy/plan.md#scope)", `href="/kb/strategy/plan/#scope"`, Page, "content/strategy/plan.md", ""},
		{"same folder", "[x](a.md)", `href="/kb/articles/a/"`, Page, "content/articles/a.md", ""},
		{"bundle folder", "[x](bundle/)", `href="/kb/articles/bundle/"`, Page, "content/articles/bundle/index.md", ""},
		{"image asset", "![d](diagram.png)", `src="/kb/articles/diagram.png"`, File, "content/articles/diagram.png", ""},
		{"file with space", "[pdf](My%20File.pdf)", `href="/kb/articles/My%20File.pdf"`, File, "content/articles/My File.pdf", ""},
		{"site path", "[x](/tags/ccio/)", `href="/kb/tags/ccio/"`, SitePath, "/tags/ccio/", ""},
		{"external", "[x](https://www.england.nhs.uk/)", `href="https://www.england.nhs.uk/"`, External, "", ""},
		{"mailto", "[x](mailto:kb@nhs.net)", `href="mailto:kb@nhs.net"`, External, "", ""},
		{"same-page anchor", "## Here\n\n[x](#here)", `href="#here"`, Anchor, "", ""},
		{"top of the page", "[x](#)", `href="#"`, Anchor, "", ""},
		{"missing page", "line one\n\n[x](../articles/nope.md)", "", Page, "content/articles/nope.md",
			"content/articles/a.md:12: error: link to ../articles/nope.md: there is no page content/articles/nope.md"},
		{"missing image", "![x](gone.png)", "", File, "content/articles/gone.png",
			"content/articles/a.md:10: error: image gone.png: there is no page content/articles/gone.png"},
		{"missing same-page anchor", "## Here\n\n[x](#elsewhere)", "", Anchor, "",
			"content/articles/a.md:12: error: link to #elsewhere: no heading on this page has that id\n    hint: headings on this page: #here"},
		{"page-address-relative link", "[x](../../strategy/plan/)", "", File, "",
			"hint: links are relative to this file, not to the page's address: write ../strategy/plan.md"},
		{"file name in the wrong case", "[x](../strategy/Plan.md)", "", Page, "",
			"hint: file names are spelt as they are in the folder, in lower case: write ../strategy/plan.md"},
		{"page named as a title word, capitalised", "[x](../strategy/Plan)", "", File, "",
			"hint: file names are spelt as they are in the folder, in lower case: write ../strategy/plan.md"},
		{"image in the wrong case", "![d](Diagram.PNG)", "", File, "",
			"hint: file names are spelt as they are in the folder, in lower case: write diagram.png"},
		{"unsafe link warned", "[x](javascript:void(0))", "", External, "",
			`content/articles/a.md:10: warning: link to "javascript:void(0)" removed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, r, tt.src)
			if tt.href != "" && !strings.Contains(res.HTML, tt.href) {
				t.Errorf("missing %s in %s", tt.href, res.HTML)
			}
			if tt.diag != "" {
				if got := diags(res.Diags); !strings.Contains(got, tt.diag) {
					t.Errorf("findings:\n%s\nwant: %s", got, tt.diag)
				}
				return
			}
			if len(res.Diags) > 0 {
				t.Errorf("unexpected findings:\n%s", diags(res.Diags))
			}
			if len(res.Links) != 1 {
				t.Fatalf("links = %+v", res.Links)
			}
			if l := res.Links[0]; l.Kind != tt.kind || l.Target != tt.target {
				t.Errorf("link = %+v, want kind %d target %q", l, tt.kind, tt.target)
			}
		})
	}
}

func TestSections(t *testing.T) {
	r := New(Options{})
	src := "Intro *text*.\n\n## First question?\n\nAnswer one.\n\n### Detail\n\nMore.\n\n## Second {#second}\n\n- item\n\n[^n]: A note.\n\nRef[^n].\n"
	res := render(t, r, src)
	type want struct {
		level       int
		id, heading string
		text        string
	}
	wants := []want{
		{0, "", "", "Intro text."},
		{2, "first-question", "First question?", "Answer one."},
		{3, "detail", "Detail", "More."},
		{2, "second", "Second", "item\nRef."},
	}
	if len(res.Sections) != len(wants) {
		t.Fatalf("sections = %+v", res.Sections)
	}
	for i, w := range wants {
		s := res.Sections[i]
		if s.Level != w.level || s.ID != w.id || s.Heading != w.heading || s.Text != w.text {
			t.Errorf("section %d = %+v, want %+v", i, s, w)
		}
		if s.Level > 0 && !strings.HasPrefix(res.HTML[s.HeadingStart:], "<h") {
			t.Errorf("section %d: HeadingStart does not point at its heading", i)
		}
	}
	if got := res.SectionHTML(1); got != "<p>Answer one.</p>\n" {
		t.Errorf("section 1 HTML = %q", got)
	}
	if strings.Contains(res.HTML, "footnotes") || !strings.Contains(res.Footnotes, "A note.") {
		t.Errorf("footnotes not kept apart: HTML %q, Footnotes %q", res.HTML, res.Footnotes)
	}
	if len(res.Headings) != 3 || res.Headings[2].ID != "second" {
		t.Errorf("headings = %+v", res.Headings)
	}
}

func TestCodeCSS(t *testing.T) {
	css := string(New(Options{}).CodeCSS())
	if !strings.Contains(css, "\n.app-code-kd {") || strings.Contains(css, "chroma") || strings.Contains(css, "app-code-ln") {
		t.Errorf("code CSS = %.200s", css)
	}
}

func TestRelPath(t *testing.T) {
	for _, tt := range []struct{ dir, file, want string }{
		{"content/articles", "content/strategy/plan.md", "../strategy/plan.md"},
		{"content/articles", "content/articles/a.md", "a.md"},
		{"content/a/b", "content/c.md", "../../c.md"},
	} {
		if got := relPath(tt.dir, tt.file); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.file, got, tt.want)
		}
	}
}
