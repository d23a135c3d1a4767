package content

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/signpost-kb/signpost/internal/diag"
)

func diagText(l diag.List) string {
	var b bytes.Buffer
	_ = diag.WriteText(&b, l)
	return strings.TrimSpace(b.String())
}

// TestParseErrors gives each kind of bad input and the exact findings it
// must produce: position, level and message (hints are checked where they
// matter).
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
		want []string // lines of diag.WriteText output, hints included
		only bool     // want lists every finding
	}{
		{
			name: "empty file",
			file: "content/articles/empty.md",
			src:  "",
			want: []string{"content/articles/empty.md:1: error: the file is empty; a page starts with front matter (--- title: … ---) followed by Markdown"},
		},
		{
			name: "only whitespace",
			file: "content/articles/blank.md",
			src:  "\n \n\t\n",
			want: []string{"content/articles/blank.md:1: error: the file is empty; a page starts with front matter (--- title: … ---) followed by Markdown"},
		},
		{
			name: "missing closing fence",
			file: "content/articles/open.md",
			src:  "---\ntitle: Open\ndate: 2024-01-01\nsummary: s\n\nBody text.\n",
			want: []string{"content/articles/open.md:1: error: front matter opened with --- on line 1 is never closed; add a line --- after the last field"},
		},
		{
			name: "missing closing TOML fence after blank lines",
			file: "content/articles/open.md",
			src:  "\n\n+++\ntitle = \"Open\"\n",
			want: []string{"content/articles/open.md:3: error: front matter opened with +++ on line 3 is never closed; add a line +++ after the last field"},
		},
		{
			name: "invalid YAML",
			file: "content/articles/yaml.md",
			src:  "---\ntitle: Fine\nsummary: [unclosed\ndate: 2024-01-01\n---\n",
			want: []string{"content/articles/yaml.md:3:10: error: summary: the list opened with [ is never closed\n" +
				"    summary: [unclosed\n" +
				"             ^\n" +
				"    hint: add ] at the end: summary: [unclosed]"},
			only: true,
		},
		{
			name: "colon in an unquoted title",
			file: "content/articles/colon.md",
			src:  "---\ntitle: Going paperless: the digital Trust\ndate: 2024-01-01\nsummary: s\n---\n",
			want: []string{"content/articles/colon.md:2:23: error: title: the value has a colon followed by a space, which YAML reads as the start of another field\n" +
				"    title: Going paperless: the digital Trust\n" +
				"                          ^\n" +
				"    hint: put the title in quotes: title: \"Going paperless: the digital Trust\""},
			only: true,
		},
		{
			name: "YAML tab indentation",
			file: "content/articles/tab.md",
			src:  "---\ntitle: T\n\tsummary: s\n---\n",
			want: []string{"content/articles/tab.md:3:1: error: this line is indented with a tab, and YAML allows only spaces\n" +
				"        summary: s\n" +
				"    ^\n" +
				"    hint: replace the tab at the start of the line with spaces (two for each level)"},
		},
		{
			name: "invalid TOML",
			file: "content/articles/toml.md",
			src:  "+++\ntitle = \"T\"\nsummary = s\n+++\n",
			want: []string{"content/articles/toml.md:3:11: error: summary: text must be in quotes in TOML\n" +
				"    summary = s\n" +
				"              ^\n" +
				"    hint: put the value in quotes: summary = \"s\""},
		},
		{
			name: "invalid UTF-8",
			file: "content/articles/latin1.md",
			src:  "---\ntitle: T\ndate: 2024-01-01\nsummary: s\n---\nCaf\xe9\n",
			want: []string{"content/articles/latin1.md:6: error: the file is not valid UTF-8 (perhaps saved as Windows-1252 or Latin-1); save it as UTF-8"},
		},
		{
			name: "UTF-16",
			file: "content/articles/utf16.md",
			src:  "\xff\xfe-\x00-\x00-\x00",
			want: []string{"content/articles/utf16.md:1: error: the file is UTF-16 encoded; save it as UTF-8"},
		},
		{
			name: "binary",
			file: "content/articles/image.md",
			src:  "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			want: []string{"content/articles/image.md:1: error: this is a binary file, not Markdown text (it contains NUL bytes); rename it or move it out of the content folder"},
		},
		{
			name: "no front matter",
			file: "content/articles/bare.md",
			src:  "# Just a heading\n\nText.\n",
			want: []string{
				"content/articles/bare.md:1: error: no front matter: every article starts with a block of fields between --- lines",
				"    hint: add, at the top of the file:",
			},
		},
		{
			name: "missing required fields",
			file: "content/strategy/x.md",
			src:  "---\ntitle: X\n---\n",
			want: []string{
				"content/strategy/x.md:1: error: summary: missing; every strategy needs one",
				"content/strategy/x.md:1: error: url: missing; every strategy needs one",
				"content/strategy/x.md:1: error: publisher: missing; every strategy needs one",
				"content/strategy/x.md:1: error: status: missing; every strategy needs one",
			},
		},
		{
			name: "wrong types and values",
			file: "content/interviews/x.md",
			src: strings.Join([]string{
				"---",
				"title: X",
				"date: 2023-02-30",
				"summary: [a, b]",
				"tags: 5",
				"draft: yes",
				"interviewee: Mark Stanton",
				"organisations: {a: b}",
				"---",
			}, "\n"),
			want: []string{
				`content/interviews/x.md:3: error: date: "2023-02-30" is not a valid date; want YYYY-MM-DD, such as 2017-10-03`,
				"content/interviews/x.md:4: error: summary: want a string, got a list",
				"content/interviews/x.md:5: error: tags: want a list of strings, got a number",
				`content/interviews/x.md:6: error: draft: want true or false, got "yes"`,
				"content/interviews/x.md:7: error: interviewee: want name, role and organisation, got a string",
				"content/interviews/x.md:8: error: organisations: want a list of strings, got a mapping",
			},
		},
		{
			name: "a wrong required field is reported once",
			file: "content/articles/x.md",
			src:  "---\ntitle: X\ndate: 2024-13-01\nsummary: s\n---\n",
			want: []string{`content/articles/x.md:3: error: date: "2024-13-01" is not a valid date; want YYYY-MM-DD, such as 2017-10-03`},
			only: true,
		},
		{
			name: "strategy values",
			file: "content/strategy/x.md",
			src:  "---\ntitle: X\nsummary: s\nurl: www.example.org/x\npublisher: P\nstatus: curent\n---\n",
			want: []string{
				`content/strategy/x.md:4: error: url: "www.example.org/x" is not an absolute http or https address`,
				`content/strategy/x.md:6: error: status: "curent" is not one of current, superseded, withdrawn`,
			},
		},
		{
			name: "unknown field with suggestion",
			file: "content/articles/x.md",
			src:  "---\ntitle: X\ndate: 2024-01-01\nsummary: s\ntgas: [a]\n---\n",
			want: []string{
				"content/articles/x.md:5: warning: tgas: unknown field; it is ignored",
				`    hint: did you mean "tags"?`,
			},
		},
		{
			name: "field of another type",
			file: "content/articles/x.md",
			src:  "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nstatus: current\n---\n",
			want: []string{"content/articles/x.md:5: warning: status: not used on a page of type article; it is ignored"},
		},
		{
			name: "duplicate key",
			file: "content/articles/x.md",
			src:  "---\ntitle: X\ndate: 2024-01-01\ntitle: Y\nsummary: s\n---\n",
			want: []string{"content/articles/x.md:4:1: error: title: set twice (first on line 2); keep one"},
		},
		{
			name: "alias bomb",
			file: "content/articles/x.md",
			src: "---\ntitle: X\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
				"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
				"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n",
			want: []string{"content/articles/x.md:6: error: front matter is too large or expands too many aliases (more than 10,000 values)"},
		},
		{
			name: "superseded without successor",
			file: "content/strategy/x.md",
			src:  "---\ntitle: X\nsummary: s\nurl: https://example.org/x\npublisher: P\nstatus: superseded\n---\n",
			want: []string{
				"content/strategy/x.md:6: warning: status: superseded, but superseded_by does not say what replaced it",
				"    hint: add `superseded_by:` with the URL of the newer document or the path of its strategy entry, such as ../strategy/long-term-plan.md",
			},
		},
		{
			name: "unsafe slug and alias",
			file: "content/articles/x.md",
			src:  "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nslug: ../../etc\naliases: [\"../up\", \"/ok/\", \"C:\\\\x\"]\n---\n",
			want: []string{
				`content/articles/x.md:5: warning: slug: "../../etc" is not a plain URL segment; using "etc"`,
				`content/articles/x.md:6: error: aliases: "../up" is not a path on this site`,
				`content/articles/x.md:6: error: aliases: "C:\\x" is not a path on this site`,
			},
		},
		{
			name: "a page with no title",
			file: "content/guides/x.md",
			src:  "---\nsummary: Y\n---\nText.\n",
			want: []string{
				"content/guides/x.md:1: error: title: missing; every page needs one",
			},
		},
		{
			name: "a page with no title and no front matter",
			file: "content/guides/x.md",
			src:  "Text with no heading.\n",
			want: []string{
				"content/guides/x.md:1: error: title: missing; every page needs one",
			},
		},
		{
			name: "an unknown type",
			file: "content/guides/x.md",
			src:  "---\ntitle: X\ntype: pgae\n---\n",
			want: []string{
				`content/guides/x.md:3: error: type: "pgae" is not one of article, interview, strategy, page`,
				`    hint: did you mean "page"?`,
			},
		},
		{
			name: "weight of the wrong type",
			file: "content/guides/x.md",
			src:  "---\ntitle: X\norder: {home: 9.5, data-home: 1}\n---\n",
			want: []string{
				"content/guides/x.md:3: error: order: want a number, got a mapping; signpost orders a page within its folder's section only",
			},
		},
		{
			name: "weight as text",
			file: "content/guides/x.md",
			src:  "---\ntitle: X\nweight: first\n---\n",
			want: []string{
				`content/guides/x.md:3: error: weight: want a number, such as weight: 10, got "first"`,
			},
		},
		{
			name: "weight and order",
			file: "content/guides/x.md",
			src:  "---\ntitle: X\nweight: 1\norder: 2\n---\n",
			want: []string{
				"content/guides/x.md:4: warning: order: the page has a weight too; order is ignored",
			},
		},
		{
			name: "related outside the site",
			file: "content/guides/x.md",
			src:  "---\ntitle: X\nrelated: [https://example.org/]\n---\n",
			want: []string{
				`content/guides/x.md:3: error: related: "https://example.org/" is not a file of this site`,
			},
		},
		{
			name: "a slug on a folder's _index.md",
			file: "content/guides/_index.md",
			src:  "---\ntitle: Guides\nslug: all-guides\n---\n",
			want: []string{
				"content/guides/_index.md:3: warning: slug: a folder's _index.md is at the folder's address, /guides/; slug is ignored",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, l := Parse("content", tt.file, []byte(tt.src))
			got := diagText(l)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing finding\n want: %s\n  got:\n%s", w, got)
				}
			}
			if tt.only && len(l) != len(tt.want) {
				t.Errorf("want only %d findings, got:\n%s", len(tt.want), got)
			}
			if len(tt.want) > 0 && !l.HasErrors() && !strings.Contains(tt.want[0], "warning") {
				t.Errorf("no error reported")
			}
		})
	}
}

// TestParseAccepts covers inputs that must load cleanly, each with a field
// it must get right.
func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		src   string
		check func(p *Page, body []byte) bool
	}{
		{"BOM", "content/articles/bom.md", "\uFEFF---\ntitle: BOM\ndate: 2024-01-01\nsummary: s\n---\nBody\n",
			func(p *Page, body []byte) bool {
				return p.Title == "BOM" && string(body) == "Body\n" && p.BodyLine == 6
			}},
		{"CRLF", "content/articles/crlf.md", "---\r\ntitle: CRLF\r\ndate: 2024-01-01\r\nsummary: s\r\n---\r\nLine one\r\nLine two\r\n",
			func(p *Page, body []byte) bool { return p.Title == "CRLF" && string(body) == "Line one\nLine two\n" }},
		{"TOML", "content/strategy/t.md", "+++\ntitle = \"T\"\ndate = 2019-01-07\nsummary = \"s\"\nurl = \"https://example.org\"\npublisher = \"P\"\nstatus = \"current\"\ntags = [\"a\", \"b\"]\n+++\nBody\n",
			func(p *Page, body []byte) bool {
				return p.Kind == Strategy && p.Date.Equal(time.Date(2019, 1, 7, 0, 0, 0, 0, time.UTC)) && len(p.Tags) == 2 && p.Line("status") == 7
			}},
		{"closing fence at end of file", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\n---",
			func(p *Page, body []byte) bool { return p.Title == "X" && len(body) == 0 }},
		{"leading blank lines", "content/articles/x.md", "\n\n---\ntitle: X\ndate: 2024-01-01\nsummary: s\n---\nB\n",
			func(p *Page, body []byte) bool { return p.Line("title") == 4 && p.BodyLine == 8 }},
		{"explicit type", "content/guides/x.md", "---\ntype: interview\ntitle: X\ndate: 2024-01-01\nsummary: s\ninterviewee: {name: N}\n---\n",
			func(p *Page, body []byte) bool {
				return p.Kind == Interview && p.URL == "/guides/x/" && p.Interviewee.Name == "N"
			}},
		{"page bundle", "content/articles/bundle/index.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\n---\n",
			func(p *Page, body []byte) bool { return p.URL == "/articles/bundle/" && p.Slug == "bundle" }},
		{"file name with spaces", "content/articles/How you can learn.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\n---\n",
			func(p *Page, body []byte) bool { return p.URL == "/articles/how-you-can-learn/" }},
		{"slug", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nslug: better-name\n---\n",
			func(p *Page, body []byte) bool { return p.URL == "/articles/better-name/" }},
		{"description as summary", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\ndescription: From Hugo.\n---\n",
			func(p *Page, body []byte) bool { return p.Summary == "From Hugo." }},
		{"datetime", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01T09:30:00Z\nsummary: s\n---\n",
			func(p *Page, body []byte) bool { return p.Date.Hour() == 9 }},
		{"aliases", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\naliases: [/old/x, /old/y.html]\n---\n",
			func(p *Page, body []byte) bool {
				return len(p.Aliases) == 2 && p.Aliases[0] == "/old/x/" && p.Aliases[1] == "/old/y.html"
			}},
		{"numbers as strings", "content/articles/x.md", "---\ntitle: 2017\ndate: 2024-01-01\nsummary: s\ntags: [2017, nhs]\n---\n",
			func(p *Page, body []byte) bool { return p.Title == "2017" && p.Tags[0] == "2017" }},
		{"search false", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nsearch: false\n---\n",
			func(p *Page, body []byte) bool { return p.NoSearch }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ParseFile("content", tt.file, []byte(tt.src))
			p, l := r.Page, r.Diags
			if l.HasErrors() || p == nil {
				t.Fatalf("unexpected errors:\n%s", diagText(l))
			}
			if !tt.check(p, r.Body) {
				t.Errorf("page not as expected: %+v", p)
			}
		})
	}
}

func TestParseSection(t *testing.T) {
	// A section's _index.md is its landing page: a page at the folder's
	// address, of type page wherever it is.
	r := ParseFile("content", "content/articles/_index.md", []byte("---\ntitle: Articles\nsummary: All of them.\nreview_due: 2027-01-01\n---\nIntro.\n"))
	p := r.Page
	if r.Diags.HasErrors() || p == nil || p.Title != "Articles" || p.Kind != PageKind || p.Section != "articles" || p.Dir != "articles" || p.URL != "/articles/" || string(r.Body) != "Intro.\n" || p.ReviewDue.Year() != 2027 {
		t.Fatalf("section = %+v, %s", p, diagText(r.Diags))
	}
	// The home page's needs no front matter.
	_, s, l := Parse("content", "content/_index.md", []byte("Welcome.\n"))
	if l.HasErrors() || s == nil || s.Section != "" || string(s.Body) != "Welcome.\n" {
		t.Fatalf("home = %+v, %s", s, diagText(l))
	}
	// Nor does content/index.md, the home page of MkDocs and Eleventy
	// sites, whose first heading is its title.
	_, s, l = Parse("content", "content/index.md", []byte("# Data science\n\nWelcome.\n"))
	if l.HasErrors() || s == nil || s.Title != "Data science" || string(s.Body) != "\n\nWelcome.\n" {
		t.Fatalf("home = %+v, %s", s, diagText(l))
	}
}

// TestParsePage checks the fourth type, page: where it comes from, what
// it takes from its body and where it is published.
func TestParsePage(t *testing.T) {
	tests := []struct {
		name, file, src string
		kind            Kind
		url, dir, title string
		summary         string
		body            string
		fromBody        [2]bool // title, summary
	}{
		{name: "no front matter", file: "content/about.md",
			src:  "# About this knowledge base\n\nWho writes it, and why.\n",
			kind: PageKind, url: "/about/", title: "About this knowledge base", summary: "Who writes it, and why.",
			body: "\n\nWho writes it, and why.\n", fromBody: [2]bool{true, true}},
		{name: "a heading with markup", file: "content/guides/nhsmail.md",
			src:  "---\ntags: [email]\n---\n\n# Using *NHSmail* `safely` {#top}\n\nRead [the policy](policy.md) first.\n",
			kind: PageKind, url: "/guides/nhsmail/", dir: "guides", title: "Using NHSmail safely", summary: "Read the policy first.",
			body: "\n\n\nRead [the policy](policy.md) first.\n", fromBody: [2]bool{true, true}},
		{name: "title in front matter, repeated as the first heading", file: "content/guides/x.md",
			src:  "---\ntitle: Getting started\n---\n# Getting Started\n\nText.\n",
			kind: PageKind, url: "/guides/x/", dir: "guides", title: "Getting started", summary: "Text.",
			body: "\n\nText.\n", fromBody: [2]bool{false, true}},
		{name: "title in front matter, another heading kept", file: "content/guides/x.md",
			src:  "---\ntitle: Getting started\nsummary: S.\n---\nIntro.\n\n# Part one\n",
			kind: PageKind, url: "/guides/x/", dir: "guides", title: "Getting started", summary: "S.",
			body: "Intro.\n\n# Part one\n"},
		{name: "a heading in code is not the title", file: "content/x.md",
			src:  "```sh\n# not a title\n```\n\n# The title\n",
			kind: PageKind, url: "/x/", title: "The title",
			body: "```sh\n# not a title\n```\n\n\n", fromBody: [2]bool{true, false}},
		{name: "an empty heading is not the title", file: "content/x.md",
			src:  "#\n\n# Real\n",
			kind: PageKind, url: "/x/", title: "Real", body: "#\n\n\n", fromBody: [2]bool{true, false}},
		{name: "the first paragraph after a list and a quote", file: "content/x.md",
			src:  "# T\n\n> [!NOTE]\n> Not this.\n\n- nor this\n\n::: details Nor\nthis\n:::\n\n[comment]: <> (nor this)\nThis **one**, with a\nsecond line.\n\nNot this.\n",
			kind: PageKind, url: "/x/", title: "T", summary: "This one, with a second line.", fromBody: [2]bool{true, true}},
		{name: "a page of another type in an article folder's bundle", file: "content/articles/foo/index.md",
			src:  "---\ntitle: Foo\ndate: 2024-01-01\nsummary: S.\n---\n",
			kind: Article, url: "/articles/foo/", dir: "articles/foo", title: "Foo", summary: "S."},
		{name: "a folder's index.md", file: "content/guides/onboarding/index.md",
			src:  "# Onboarding\n",
			kind: PageKind, url: "/guides/onboarding/", dir: "guides/onboarding", title: "Onboarding", fromBody: [2]bool{true, false}},
		{name: "a folder's index.md under articles/", file: "content/articles/index.md",
			src:  "# The blog\n",
			kind: PageKind, url: "/articles/", dir: "articles", title: "The blog", fromBody: [2]bool{true, false}},
		{name: "a typed page anywhere", file: "content/news/x.md",
			src:  "---\ntype: article\ntitle: X\ndate: 2024-01-01\nsummary: S.\n---\n",
			kind: Article, url: "/news/x/", dir: "news", title: "X", summary: "S."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ParseFile("content", tt.file, []byte(tt.src))
			p := r.Page
			if r.Diags.HasErrors() || p == nil {
				t.Fatalf("page = %+v, %s", p, diagText(r.Diags))
			}
			if p.Kind != tt.kind || p.URL != tt.url || p.Dir != tt.dir || p.Title != tt.title || p.Summary != tt.summary {
				t.Errorf("got kind %q, URL %q, dir %q, title %q, summary %q\nwant %q, %q, %q, %q, %q", p.Kind, p.URL, p.Dir, p.Title, p.Summary, tt.kind, tt.url, tt.dir, tt.title, tt.summary)
			}
			if tt.body != "" && string(r.Body) != tt.body {
				t.Errorf("body = %q, want %q", r.Body, tt.body)
			}
			if got := [2]bool{p.TitleFromBody, p.SummaryFromBody}; got != tt.fromBody {
				t.Errorf("from the body: %v, want %v", got, tt.fromBody)
			}
		})
	}
	// Weight, order and related.
	p, _, l := Parse("content", "content/guides/x.md", []byte("---\ntitle: X\norder: 2.5\nrelated: [y.md, ../about.md]\n---\n"))
	if l.HasErrors() || !p.Weighted || p.Weight != 2.5 || len(p.Related) != 2 || p.Related[1] != "../about.md" {
		t.Errorf("page = %+v, %s", p, diagText(l))
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := clip(long, MaxSummary)
	if n := len([]rune(got)); n > MaxSummary+1 || !strings.HasSuffix(got, "word…") {
		t.Errorf("clip: %d characters, %q", n, got)
	}
	if clip("short", 10) != "short" {
		t.Error("clip changed a short text")
	}
}

func TestPublished(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		page Page
		f    Filter
		want bool
	}{
		{Page{Date: day(2026, 1, 1)}, Filter{Now: now}, true},
		{Page{Date: day(2026, 1, 1), Draft: true}, Filter{Now: now}, false},
		{Page{Date: day(2026, 1, 1), Draft: true}, Filter{Now: now, Drafts: true}, true},
		{Page{Date: day(2027, 1, 1)}, Filter{Now: now}, false},
		{Page{Date: day(2027, 1, 1)}, Filter{Now: now, Future: true}, true},
		{Page{Date: day(2026, 1, 1), Expires: day(2026, 6, 1)}, Filter{Now: now}, false},
		{Page{Date: day(2026, 1, 1), Expires: day(2026, 6, 2)}, Filter{Now: now}, true},
		{Page{}, Filter{Now: now}, true},
		{Page{Invalid: true}, Filter{Now: now, Drafts: true, Future: true}, false},
	}
	for i, tt := range tests {
		if got := tt.page.Published(tt.f); got != tt.want {
			t.Errorf("%d: Published = %v, want %v", i, got, tt.want)
		}
	}
}

func TestCheckURLs(t *testing.T) {
	pages := []*Page{
		{File: "content/articles/a.md", URL: "/articles/a/", Aliases: []string{"/old/"}},
		{File: "content/articles/a/index.md", URL: "/articles/a/"},
		{File: "content/articles/b.md", URL: "/articles/b/", Aliases: []string{"/articles/a/"}},
		{File: "content/tags/x.md", URL: "/tags/x/"},
	}
	got := diagText(CheckURLs(pages))
	for _, want := range []string{
		"content/articles/a/index.md:1: error: URL /articles/a/ is also the URL of content/articles/a.md",
		"content/articles/b.md:1: error: aliases: /articles/a/ is the URL of content/articles/a.md; an alias must be an address no page uses",
		"content/tags/x.md:1: error: URL /tags/x/ is inside /tags/, which signpost generates itself",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// TestFieldCase checks that a field name written with capitals is read as
// the field, with a warning: Draft: true must never publish a draft.
func TestFieldCase(t *testing.T) {
	for _, tt := range []struct {
		name, file, src string
		check           func(*Page) bool
		want            []string
	}{
		{"Draft", "content/articles/x.md", "---\nTitle: X\ndate: 2024-01-01\nsummary: s\nDraft: true\n---\n",
			func(p *Page) bool { return p.Draft && p.Title == "X" && !p.Invalid && p.Line("draft") == 5 },
			[]string{
				"content/articles/x.md:2: warning: Title: field names are lower case; read as title\n    hint: write title:",
				"content/articles/x.md:5: warning: Draft: field names are lower case; read as draft\n    hint: write draft:",
			}},
		{"DRAFT and draft", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nDRAFT: true\ndraft: false\n---\n",
			func(p *Page) bool { return !p.Draft && p.Invalid },
			[]string{"content/articles/x.md:5: error: DRAFT: draft is set too, on line 6; keep one"}},
		{"Review_Due", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nReview_Due: 2030-01-01\n---\n",
			func(p *Page) bool { return p.ReviewDue.Year() == 2030 },
			[]string{"content/articles/x.md:5: warning: Review_Due: field names are lower case; read as review_due\n    hint: write review_due:"}},
		{"an interviewee's Name", "content/interviews/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\ninterviewee:\n  Name: A\n---\n",
			func(p *Page) bool { return p.Interviewee != nil && p.Interviewee.Name == "A" && !p.Invalid },
			[]string{"content/interviews/x.md:6: warning: interviewee.Name: field names are lower case; read as interviewee.name\n    hint: write name:"}},
		{"TOML", "content/articles/x.md", "+++\ntitle = \"X\"\ndate = 2024-01-01\nsummary = \"s\"\nDraft = true\n+++\n",
			func(p *Page) bool { return p.Draft },
			[]string{"content/articles/x.md:5: warning: Draft: field names are lower case; read as draft\n    hint: write draft:"}},
		{"not a field in other case", "content/articles/x.md", "---\ntitle: X\ndate: 2024-01-01\nsummary: s\nDrafts: true\n---\n",
			func(p *Page) bool { return !p.Draft },
			[]string{"content/articles/x.md:5: warning: Drafts: unknown field; it is ignored\n    hint: did you mean \"draft\"?"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, _, l := Parse("content", tt.file, []byte(tt.src))
			got := diagText(l)
			if p == nil || !tt.check(p) {
				t.Errorf("page decoded wrong: %+v", p)
			}
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, want)
			}
		})
	}
	_, s, l := Parse("content", "content/_index.md", []byte("---\nTitle: Home\n---\n"))
	if s == nil || s.Title != "Home" || diagText(l) != "content/_index.md:2: warning: Title: field names are lower case; read as title\n    hint: write title:" {
		t.Errorf("_index.md: %+v %s", s, diagText(l))
	}
}

// TestBrokenPageExists checks that a file that cannot be read as a page
// still comes back as an unpublished page with its URL, so that links to
// it resolve and only its own error is reported.
func TestBrokenPageExists(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: A: B\n---\nBody\n",
		"+++\ntitle = A\n+++\nBody\n",
		"No front matter.\n",
		"",
	} {
		p, _, l := Parse("content", "content/articles/sub/broken-page.md", []byte(src))
		if p == nil || !p.Invalid || p.URL != "/articles/sub/broken-page/" || p.Section != "articles" || p.Kind != Article || len(l) != 1 {
			t.Errorf("%q: page %+v, findings:\n%s", src, p, diagText(l))
		}
	}
}

// TestSpacedLinks checks the warning for text written as a link whose
// address has spaces, which Markdown publishes as written; not in code,
// nor in an HTML comment, which is not published at all.
func TestSpacedLinks(t *testing.T) {
	body := "See the [example interview](Example interview) and [the plan](../strategy/10 Year Health Plan.md).\n" +
		"![A chart](my chart.png), [NHS](https://www.nhs.uk/a page/).\n" +
		"Fine: [a](a.md \"A title\"), [b](<b c.md>), `[c](d e)`, [f](g).\n" +
		"```\n[h](i j)\n```\n" +
		"<!-- | Repo | [k](PUT LINK HERE) | -->\n<!--\n[l](m n)\n--> [o](p q)\n"
	_, _, l := Parse("content", "content/articles/x.md", []byte("---\ntitle: T\ndate: 2024-01-01\nsummary: s\n---\n"+body))
	want := `content/articles/x.md:6:9: warning: [example interview](Example interview) is not a link: a link's address cannot have spaces, so it is published as written
    hint: link to the page's file, relative to this one, such as example-interview.md
content/articles/x.md:6:52: warning: [the plan](../strategy/10 Year Health Plan.md) is not a link: a link's address cannot have spaces, so it is published as written
    hint: link to the page's file, relative to this one, such as ../strategy/10-year-health-plan.md
content/articles/x.md:7:1: warning: ![A chart](my chart.png) is not an image: an image's address cannot have spaces, so it is published as written
    hint: put the address in angle brackets, [A chart](<my chart.png>), or rename the file without spaces
content/articles/x.md:7:27: warning: [NHS](https://www.nhs.uk/a page/) is not a link: a link's address cannot have spaces, so it is published as written
    hint: write each space in the address as %20
content/articles/x.md:15:5: warning: [o](p q) is not a link: a link's address cannot have spaces, so it is published as written
    hint: link to the page's file, relative to this one, such as p-q.md`
	if got := diagText(l); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestHashInValue checks that a # that YAML takes for the start of a
// comment, cutting the value short, is said, where a comment is meant
// (after a space) is not.
func TestHashInValue(t *testing.T) {
	_, _, l := Parse("content", "content/articles/x.md", []byte("---\ntitle: Going #paperless at the Trust\ndate: 2024-01-01  # when\nsummary: s # a summary\ntags: [a]  #comment\n---\n"))
	want := `content/articles/x.md:2: warning: title: YAML reads "#paperless at the Trust" as a comment, not part of the title, so the title is "Going"
    hint: put the title in quotes to keep all of it: title: "Going #paperless at the Trust"`
	if got := diagText(l); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestLinkByTitle checks that a link written with a page's title, or its
// file name with spaces, is pointed at the page's file.
func TestLinkByTitle(t *testing.T) {
	fsys := fstest.MapFS{
		"content/articles/a.md":              {Data: []byte("---\ntitle: A\ndate: 2024-01-01\nsummary: s\n---\nSee [Mark](Mark Stanton on going paperless), [the plan](../strategy/Long Term Plan.md) and [x](Nothing here).\n")},
		"content/interviews/mark.md":         {Data: []byte("---\ntitle: Mark Stanton on going paperless\ndate: 2024-01-01\nsummary: s\ninterviewee: {name: M}\n---\nM.\n")},
		"content/strategy/long-term-plan.md": {Data: []byte("---\ntitle: The NHS Long Term Plan\nsummary: s\nurl: https://x.nhs.uk/\npublisher: NHS\nstatus: current\n---\nP.\n")},
	}
	_, l := Load(context.Background(), fsys, Options{Dir: "content"})
	want := `content/articles/a.md:6:5: warning: [Mark](Mark Stanton on going paperless) is not a link: a link's address cannot have spaces, so it is published as written
    hint: link to the page's file, relative to this one: write [Mark](../interviews/mark.md), the file of "Mark Stanton on going paperless"
content/articles/a.md:6:46: warning: [the plan](../strategy/Long Term Plan.md) is not a link: a link's address cannot have spaces, so it is published as written
    hint: link to the page's file, relative to this one: write [the plan](../strategy/long-term-plan.md), the file of "The NHS Long Term Plan"
content/articles/a.md:6:92: warning: [x](Nothing here) is not a link: a link's address cannot have spaces, so it is published as written
    hint: link to the page's file, relative to this one, such as nothing-here.md`
	l.Sort()
	if got := diagText(l); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := relativePath("content/articles/sub", "content/articles/x.md"); got != "../x.md" {
		t.Errorf("relativePath = %q", got)
	}
}

// TestBracketedTitle checks the warning for another page's title written
// in square brackets with no address, which Markdown publishes as written,
// and that nothing else in brackets is taken for one.
func TestBracketedTitle(t *testing.T) {
	const rules = "content/guides/rules.md"
	for _, tc := range []struct {
		name, body string
		want       string // "" for no finding
	}{
		{"the title", "Read [Holiday rules] first.\n",
			`content/guides/a.md:6:6: warning: [Holiday rules] is not a link: it has no address, so it is published as written, brackets and all
    hint: to link to the page "Holiday rules", write [Holiday rules](rules.md)`},
		{"another case and spacing", "See [holiday   RULES].\n",
			`content/guides/a.md:6:5: warning: [holiday   RULES] is not a link: it has no address, so it is published as written, brackets and all
    hint: to link to the page "Holiday rules", write [holiday   RULES](rules.md)`},
		{"the page's own title", "This is [Book leave].\n", ""},
		{"a link", "Read [Holiday rules](rules.md).\n", ""},
		{"a reference link", "Read [Holiday rules][r].\n\n[r]: rules.md\n", ""},
		{"a defined shortcut", "Read [Holiday rules].\n\n[holiday rules]: rules.md\n", ""},
		{"an image", "![Holiday rules](x.png)\n", ""},
		{"in code", "Type `[Holiday rules]` as it is.\n", ""},
		{"in a code block", "```\n[Holiday rules]\n```\n", ""},
		{"in a comment", "<!-- [Holiday rules] -->\n", ""},
		{"escaped", "Read \\[Holiday rules].\n", ""},
		{"a task and a note", "- [ ] Holiday rules\n- [x] done[^1]\n\n[^1]: A note.\n", ""},
		{"not a title", "Insert [name of your team] here.\n", ""},
		{"a title two pages have", "Read [Same title].\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/guides/a.md":     {Data: []byte("---\ntitle: Book leave\ndate: 2024-01-01\nsummary: s\n---\n" + tc.body)},
				rules:                     {Data: []byte("---\ntitle: Holiday rules\ndate: 2024-01-01\nsummary: s\n---\nR.\n")},
				"content/guides/same1.md": {Data: []byte("---\ntitle: Same title\ndate: 2024-01-01\nsummary: s\n---\nS.\n")},
				"content/guides/same2.md": {Data: []byte("---\ntitle: Same title\ndate: 2024-01-02\nsummary: s\n---\nS.\n")},
			}
			_, l := Load(context.Background(), fsys, Options{Dir: "content"})
			var got diag.List
			for _, d := range l {
				if d.Code == diag.CodeLinkMalformed {
					got = append(got, d)
				}
			}
			if text := diagText(got); text != tc.want {
				t.Errorf("got\n%s\nwant\n%s", text, tc.want)
			}
		})
	}
}

// TestBlankCode checks which backticks make a code span and that columns,
// counted in characters, stay where they were.
func TestBlankCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"no code [here]", "no code [here]"},
		{"a `[b]` c", "a       c"},
		{"``a ` [b] `` [c]", "             [c]"},
		{"` not closed [b]", "` not closed [b]"},
		{"`` one `[b]`", "`` one      "},
		{"`é` [b]", "    [b]"},
		{"`a` `` `b` ``", "             "},
		{"```", "```"},
	} {
		if got := blankCode([]byte(tc.in)); got != tc.want {
			t.Errorf("blankCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
