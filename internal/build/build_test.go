package build

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// now is the date every test build runs on, so future and expired pages
// are judged the same on any day.
var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// buildSite builds the site in dir into a new temporary output folder.
func buildSite(t *testing.T, dir string, opt Options) (string, *Result, diag.List) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if opt.Out != "" {
		out = opt.Out
	}
	opt.Root, opt.Out = dir, out
	if opt.Now.IsZero() {
		opt.Now = now
	}
	res, l := Run(context.Background(), opt)
	return out, res, l
}

func mustBuild(t *testing.T, dir string, opt Options) (string, *Result) {
	t.Helper()
	out, res, l := buildSite(t, dir, opt)
	if l.HasErrors() {
		t.Fatalf("build failed:\n%s", text(l))
	}
	return out, res
}

func text(l diag.List) string {
	var b bytes.Buffer
	_ = diag.WriteText(&b, l)
	return b.String()
}

// TestGolden builds each fixture site and compares its output with the
// golden files. Run with -update to rewrite them after a deliberate change.
// Theme assets and the search index's files are left out.
func TestGolden(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(fixtures) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, fixture := range fixtures {
		name := strings.TrimSuffix(filepath.Base(fixture), ".txtar")
		t.Run(name, func(t *testing.T) {
			out, _ := mustBuild(t, testsite.FromFile(t, fixture), Options{})
			got := testsite.Tree(t, out)
			for p := range got {
				// The search index is tested in internal/search and by the
				// relevance test; here only its page is compared.
				index := strings.HasPrefix(p, "search/") && p != "search/index.html"
				if strings.HasPrefix(p, "assets/") || p == MarkerFile || index {
					delete(got, p)
					continue
				}
				// Asset names carry their content hash; a change to the
				// stylesheet must not change every golden page.
				got[p] = assetHash.ReplaceAll(got[p], []byte("assets/$1.HASH.$2"))
			}
			dir := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for p, data := range got {
					f := filepath.Join(dir, filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(f, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := testsite.Tree(t, dir)
			if d := testsite.Diff(want, got); d != "" {
				t.Errorf("output differs from %s (run go test ./internal/build -run TestGolden -update if the change is intended):\n%s", dir, d)
				for p, data := range got {
					if w, ok := want[p]; ok && !bytes.Equal(w, data) {
						t.Logf("first difference in %s:\n%s", p, firstDiff(string(w), string(data)))
						break
					}
				}
			}
		})
	}
}

var assetHash = regexp.MustCompile(`assets/([\w.-]+?)\.[0-9a-f]{10}\.(\w+)`)

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "want: " + al[i] + "\n got: " + bl[i]
		}
	}
	return "one is a prefix of the other"
}

func TestSiteContents(t *testing.T) {
	out, res := mustBuild(t, testsite.FromFile(t, "testdata/sites/site.txtar"), Options{})
	tree := testsite.Tree(t, out)
	for _, want := range []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml", "search/index.html",
		"articles/index.html", "articles/page/2/index.html", "articles/page/3/index.html", "articles/feed.xml",
		"articles/one/index.html", "articles/three/index.html", "articles/three/diagram.svg",
		"articles/2021/four/index.html", "articles/bom/index.html", "interviews/crlf/index.html",
		"old/one/index.html", "old/one.html",
		"tags/index.html", "tags/alpha/index.html", "tags/beta/index.html",
		"organisations/index.html", "organisations/nhs-england/index.html",
	} {
		if _, ok := tree[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	for _, unwanted := range []string{"articles/draft/index.html", "articles/future/index.html", "articles/expired/index.html", "articles/page/4/index.html"} {
		if _, ok := tree[unwanted]; ok {
			t.Errorf("unexpected %s", unwanted)
		}
	}
	if res.Pages["article"] != 5 || res.Pages["interview"] != 1 {
		t.Errorf("pages = %v, want 5 articles and 1 interview", res.Pages)
	}
	// "Beta" and "beta" are one tag, named by the more common spelling.
	if !bytes.Contains(tree["tags/beta/index.html"], []byte(">beta</h1>")) || res.Tags != 2 {
		t.Errorf("tags: %d, beta page: %s", res.Tags, tree["tags/beta/index.html"])
	}
	if !bytes.Contains(tree["old/one.html"], []byte(`url=/kb/articles/one/`)) {
		t.Errorf("alias does not redirect: %s", tree["old/one.html"])
	}
	if !bytes.Contains(tree["articles/three/index.html"], []byte(`src="/kb/articles/three/diagram.svg"`)) {
		t.Errorf("bundle image not linked")
	}
	if !bytes.Contains(tree["interviews/crlf/index.html"], []byte(`id="a-question"`)) {
		t.Errorf("CRLF interview question has no anchor")
	}

	// --drafts and --future bring the draft and future pages in; the
	// draft carries the banner.
	out, _ = mustBuild(t, testsite.FromFile(t, "testdata/sites/site.txtar"), Options{Drafts: true, Future: true})
	tree = testsite.Tree(t, out)
	if !bytes.Contains(tree["articles/draft/index.html"], []byte("This page is a draft")) {
		t.Error("draft page missing or without its banner")
	}
	if _, ok := tree["articles/future/index.html"]; !ok {
		t.Error("future page missing with Future")
	}
	if bytes.Contains(tree["articles/one/index.html"], []byte("This page is a draft")) {
		t.Error("a published page has the draft banner")
	}
}

// TestDeterministic builds the same site twice, with different numbers of
// workers, and expects byte-identical trees.
func TestDeterministic(t *testing.T) {
	for _, fixture := range []string{"site", "article", "guidance"} {
		dir := testsite.FromFile(t, "testdata/sites/"+fixture+".txtar")
		out1, _ := mustBuild(t, dir, Options{Workers: 1})
		out2, _ := mustBuild(t, dir, Options{Workers: 8})
		if d := testsite.Diff(testsite.Tree(t, out1), testsite.Tree(t, out2)); d != "" {
			t.Errorf("%s: two builds differ:\n%s", fixture, d)
		}
	}
}

// TestRebuildWritesOnlyChanges rebuilds into the same folder: unchanged
// files are not written again.
func TestRebuildWritesOnlyChanges(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/site.txtar")
	out := filepath.Join(t.TempDir(), "public")
	_, first := mustBuild(t, dir, Options{Out: out})
	if first.Written != first.Files {
		t.Errorf("first build wrote %d of %d files", first.Written, first.Files)
	}
	_, second := mustBuild(t, dir, Options{Out: out})
	if second.Written != 0 {
		t.Errorf("unchanged rebuild wrote %d files", second.Written)
	}
	page := filepath.Join(dir, "content/articles/two.md")
	data, _ := os.ReadFile(page)
	if err := os.WriteFile(page, bytes.Replace(data, []byte("Two.\n"), []byte("Two, edited.\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, _ := mustBuild(t, dir, Options{Out: out})
	_, third := mustBuild(t, dir, Options{Out: filepath.Join(t.TempDir(), "public")})
	_ = tree
	after := testsite.Tree(t, out)
	if !bytes.Contains(after["articles/two/index.html"], []byte("Two, edited.")) {
		t.Error("edit not in the output")
	}
	if third.Files != first.Files {
		t.Errorf("file count changed: %d, then %d", first.Files, third.Files)
	}
}

// TestFailedBuildKeepsPreviousSite breaks the content in ways that fail a
// build before and after pages have been written, and cancels a build; the
// previous output must stay exactly as it was, with no staging folder left.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, dir, Options{Out: out})
	before := testsite.Tree(t, out)

	breakages := map[string]string{
		// Fails while loading.
		"content/articles/bad.md": "---\ntitle: [unclosed\n---\n",
		// Fails after every page was rendered and written to staging: the
		// anchor is checked once all pages are known.
		"content/articles/late.md": "---\ntitle: Late\ndate: 2024-01-01\nsummary: s\n---\n[x](epr-lessons.md#no-such-heading)\n",
	}
	for name, src := range breakages {
		t.Run(name, func(t *testing.T) {
			f := filepath.Join(dir, name)
			if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(f)
			_, _, l := buildSite(t, dir, Options{Out: out})
			if !l.HasErrors() {
				t.Fatal("build succeeded")
			}
			if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
				t.Errorf("output changed by a failed build:\n%s", d)
			}
			assertNoStaging(t, out)
		})
	}

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, l := Run(ctx, Options{Root: dir, Out: out, Now: now})
		if !l.HasErrors() {
			t.Fatal("cancelled build succeeded")
		}
		if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
			t.Errorf("output changed by a cancelled build:\n%s", d)
		}
		assertNoStaging(t, out)
	})
}

func assertNoStaging(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), "signpost-") && !strings.HasSuffix(e.Name(), ".signpost-record") && !strings.HasSuffix(e.Name(), ".signpost-cache") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestRefusesOutputFolders(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/interview.txtar")
	foreign := filepath.Join(t.TempDir(), "mine")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(foreign, "precious.txt")
	if err := os.WriteFile(keep, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	tests := []struct {
		out  string
		want string
	}{
		{foreign, "signpost did not make it"},
		{dir, "it is the site itself"},
		{filepath.Join(dir, "content"), "overlaps the content folder"},
		{filepath.Join(dir, "content", "public"), "overlaps the content folder"},
		{filepath.Dir(dir), "it contains the site"},
		{"/", "root of the file system"},
		{home, "home folder"},
	}
	for _, tt := range tests {
		_, _, l := buildSite(t, dir, Options{Out: tt.out})
		if !l.HasErrors() || !strings.Contains(text(l), tt.want) {
			t.Errorf("out %s: got %q, want an error containing %q", tt.out, text(l), tt.want)
		}
	}
	if data, err := os.ReadFile(keep); err != nil || string(data) != "keep me" {
		t.Error("a refused build touched the folder")
	}
	// An empty folder is fine.
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir, Options{Out: empty})
}

var linkAttr = regexp.MustCompile(`(?:href|src|action)="([^"]*)"|content="0; url=([^"]*)"`)

// TestSubpath builds for https://intranet.example.nhs.uk/kb/ and checks that
// every link in every page and feed stays under /kb/.
func TestSubpath(t *testing.T) {
	out, _ := mustBuild(t, testsite.FromFile(t, "testdata/sites/site.txtar"), Options{})
	tree := testsite.Tree(t, out)
	var names []string
	for name := range tree {
		names = append(names, name)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range linkAttr.FindAllStringSubmatch(string(tree[name]), -1) {
			u := m[1] + m[2]
			checked++
			switch {
			case strings.HasPrefix(u, "/kb/"), strings.HasPrefix(u, "#"),
				strings.HasPrefix(u, "https://intranet.example.nhs.uk/kb/"):
			default:
				t.Errorf("%s: link %q escapes /kb/", name, u)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d links checked", checked)
	}
	for _, name := range []string{"feed.xml", "articles/feed.xml", "sitemap.xml"} {
		for _, m := range regexp.MustCompile(`(?:href="|<loc>|<id>)([^"<]*)`).FindAllStringSubmatch(string(tree[name]), -1) {
			if !strings.HasPrefix(m[1], "https://intranet.example.nhs.uk/kb/") {
				t.Errorf("%s: %q is not under the base URL", name, m[1])
			}
		}
	}
	if !bytes.Contains(tree["robots.txt"], []byte("Sitemap: https://intranet.example.nhs.uk/kb/sitemap.xml")) {
		t.Errorf("robots.txt: %s", tree["robots.txt"])
	}

	// --base-url overrides the configuration.
	out, _ = mustBuild(t, testsite.FromFile(t, "testdata/sites/site.txtar"), Options{BaseURL: "/docs/"})
	if page := testsite.Tree(t, out)["articles/one/index.html"]; !bytes.Contains(page, []byte(`href="/docs/articles/two/"`)) {
		t.Errorf("--base-url not applied: %s", page)
	}
}

// TestReportsEveryError checks that one build reports the errors of every
// file, each positioned, rather than stopping at the first.
func TestReportsEveryError(t *testing.T) {
	dir := testsite.FromString(t, `
-- content/articles/a.md --
---
title: A
date: 2024-02-30
summary: s
tags: 5
---
[missing](nope.md)
-- content/strategy/b.md --
---
title: B
url: "https://example.org/b"
publisher: P
status: curent
summary: s
---
-- content/interviews/c.md --
---
title: C
date: 2024-01-01
summary: s
---
[bad anchor](../articles/a.md#nowhere)
-- content/articles/e.md --
---
title: E
tags: 5
---
[bad anchor from a page with errors](ok.md#nowhere)
-- content/articles/ok.md --
---
title: OK
date: 2024-01-01
summary: s
---
## Somewhere
-- content/articles/d.md --
---
title: D
`)
	_, _, l := buildSite(t, dir, Options{})
	got := text(l)
	for _, want := range []string{
		`content/articles/a.md:3: error: date: "2024-02-30" is not a valid date; want YYYY-MM-DD, such as 2017-10-03`,
		`content/articles/a.md:5: error: tags: want a list of strings, got a number`,
		`content/strategy/b.md:5: error: status: "curent" is not one of current, superseded, withdrawn`,
		`content/interviews/c.md:1: error: interviewee: missing; every interview needs one`,
		`content/articles/d.md:1: error: front matter opened with --- on line 1 is never closed; add a line --- after the last field`,
		`content/articles/e.md:5: error: link to ok.md#nowhere: content/articles/ok.md has no heading with the id "nowhere"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestOneMistakeOneError: a page whose front matter is broken is
// reported once; the pages that link to it or list it under related: are
// not wrong for that, and are not reported, while a related: entry that
// names no page still is.
func TestOneMistakeOneError(t *testing.T) {
	dir := testsite.FromString(t, `
-- content/guides/a.md --
---
title: Book leave
related: [b.md, ../articles/one.md]
---
See [the holiday rules](b.md).
-- content/guides/b.md --
---
title: Holiday rules
tags: [a, b
---
Body.
-- content/guides/c.md --
---
title: C
related: [gone.md]
---
C.
-- content/articles/one.md --
---
title: One
date: 2024-01-01
summary: s
---
One.
`)
	_, _, l := buildSite(t, dir, Options{})
	got := text(l)
	for _, want := range []string{
		"content/guides/b.md:3:7: error: tags: the list opened with [ is never closed",
		"content/guides/c.md:3: error: related: there is no page content/guides/gone.md",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "guides/a.md") {
		t.Errorf("the page that names the broken one is reported too:\n%s", got)
	}
}

// TestDraftErrorsDoNotFailBuild: a draft is work in progress. Its errors
// are notes in a build that leaves it out, and errors with Drafts.
func TestDraftErrorsDoNotFailBuild(t *testing.T) {
	dir := testsite.FromString(t, `
-- content/articles/ok.md --
---
title: OK
date: 2024-01-01
summary: s
---
-- content/interviews/wip.md --
---
title: WIP
date: 2024-01-01
draft: true
interviewee: {role: CIO}
---
[later](../articles/not-yet.md)
`)
	_, _, l := buildSite(t, dir, Options{})
	if l.HasErrors() {
		t.Fatalf("a draft's errors failed the build:\n%s", text(l))
	}
	got := text(l)
	for _, want := range []string{
		"content/interviews/wip.md:1: info: in a draft, to fix before it is published: summary: missing; every interview needs one",
		"content/interviews/wip.md:5: info: in a draft, to fix before it is published: interviewee.name: missing; say who this is",
		"content/interviews/wip.md:7: info: in a draft, to fix before it is published: link to ../articles/not-yet.md: there is no page content/articles/not-yet.md",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	_, _, l = buildSite(t, dir, Options{Drafts: true})
	if l.Count(diag.Error) != 3 {
		t.Errorf("with Drafts, want 3 errors:\n%s", text(l))
	}
}
