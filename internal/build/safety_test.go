package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/net/html"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/sanitize"
	"github.com/signpost-kb/signpost/internal/slug"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// hostile is a value written into every front-matter field and the site's
// configuration: markup that would run, if it were not escaped.
const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>&'`

// TestFrontMatterEscaped builds a site whose every text field, and its
// title and description, hold markup, and checks every page, feed and
// machine file: the markup must come out escaped, never as tags.
func TestFrontMatterEscaped(t *testing.T) {
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	dir := testsite.FromString(t, `
-- signpost.toml --
title = `+q("KB "+hostile)+`
description = `+q("About "+hostile)+`
owner = `+q("Owner "+hostile)+`
base_url = "https://intranet.example.nhs.uk/kb/"
-- content/_index.md --
---
title: `+q("Home "+hostile)+`
summary: `+q("Home summary "+hostile)+`
---
-- content/articles/_index.md --
---
title: `+q("Articles "+hostile)+`
summary: `+q("Articles summary "+hostile)+`
---
-- content/articles/a.md --
---
title: `+q("Article "+hostile)+`
date: 2024-01-01
summary: `+q("Summary "+hostile)+`
tags: [`+q("tag "+hostile)+`]
organisations: [`+q("Org "+hostile)+`]
authors: [`+q("Author "+hostile)+`]
source: {publisher: `+q("Publisher "+hostile)+`, url: "https://example.org/?a=1&b=\"><script>alert(3)</script>", published: 2024-01-01}
aliases: ["/old/a/"]
---
Body.
-- content/interviews/i.md --
---
title: `+q("Interview "+hostile)+`
date: 2024-01-02
summary: `+q("Summary "+hostile)+`
interviewee: {name: `+q("Name "+hostile)+`, role: `+q("Role "+hostile)+`, organisation: `+q("Trust "+hostile)+`}
interviewer: `+q("Interviewer "+hostile)+`
---
## A question?

An answer.
-- content/strategy/s.md --
---
title: `+q("Strategy "+hostile)+`
date: 2024-01-03
summary: `+q("Summary "+hostile)+`
url: "https://example.org/doc?x=\"><script>alert(4)</script>"
publisher: `+q("Publisher "+hostile)+`
status: superseded
superseded_by: "https://example.org/new?<script>"
---
`)
	out, _ := mustBuild(t, dir, Options{})
	tree := testsite.Tree(t, out)
	for _, name := range []string{
		"index.html", "articles/index.html", "articles/a/index.html", "interviews/i/index.html",
		"strategy/s/index.html", "tags/index.html", "organisations/index.html", "search/index.html",
		"404.html", "old/a/index.html", "feed.xml", "articles/feed.xml", "sitemap.xml",
	} {
		if _, ok := tree[name]; !ok {
			t.Errorf("missing %s", name)
		}
	}
	checked := 0
	for name, data := range tree {
		if strings.HasPrefix(name, "assets/") || name == MarkerFile {
			continue
		}
		checked++
		// The theme's own scripts, from the site's assets, are the only
		// script elements a page may have.
		rest := themeScript.ReplaceAll(data, nil)
		if bytes.Contains(rest, []byte("<script")) || bytes.Contains(rest, []byte("<img src=x")) {
			t.Errorf("%s: unescaped markup:\n%s", name, data)
		}
		if strings.HasSuffix(name, ".html") {
			if bad := injected(data); bad != "" {
				t.Errorf("%s: %s", name, bad)
			}
			if !bytes.Contains(data, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
				t.Errorf("%s: the escaped title is missing", name)
			}
		}
	}
	for _, feed := range []string{"feed.xml", "articles/feed.xml"} {
		if !bytes.Contains(tree[feed], []byte("Article &lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;&#39;")) {
			t.Errorf("%s: title not escaped as XML:\n%s", feed, tree[feed])
		}
	}
	if checked < 20 {
		t.Errorf("only %d files checked", checked)
	}
}

// themeScript matches a script element of the theme: an asset of the
// site's own, loaded by address, with nothing inline.
var themeScript = regexp.MustCompile(`<script src="/kb/assets/[a-z0-9-]+\.[0-9a-f]{10}\.js" defer></script>`)

// injected reads page as a browser does and describes any element or
// attribute that the hostile values could have smuggled in.
func injected(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := z.Raw()
			name, more := z.TagName()
			if (string(name) == "script" && !themeScript.Match(append(bytes.Clone(raw), "</script>"...))) || string(name) == "img" {
				return "injected <" + string(name) + ">"
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if bytes.HasPrefix(k, []byte("on")) {
					return "injected attribute " + string(k) + "=" + string(v)
				}
				if s, ok := sanitize.Scheme(string(v)); ok && s == "javascript" {
					return "injected address " + string(v)
				}
			}
		}
	}
}

// TestOutputNames checks the last guard before a file is written: no
// output name can leave the output folder, whatever produced it.
func TestOutputNames(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"index.html", true},
		{"articles/x/index.html", true},
		{"..", false},
		{"../x", false},
		{"a/../../x", false},
		{"a/./b", false},
		{"/etc/passwd", false},
		{"a//b", false},
		{`a\b`, false},
		{`..\..\x`, false},
		{"a\x00b", false},
		{"", false},
		{".", false},
		{MarkerFile, false},
	} {
		err := checkName(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("checkName(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}

	// The staged writer refuses them too, and writes nothing outside its
	// folder.
	parent := t.TempDir()
	s, err := newStaged(filepath.Join(parent, "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, name := range []string{"../escaped.html", "/tmp/escaped.html", `..\escaped.html`, "a/../../escaped.html"} {
		if err := s.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".public.signpost-staging-") {
			t.Errorf("written outside the staging folder: %s", e.Name())
		}
	}
}

// TestPathsFromContentStayInside builds pages whose slugs, aliases and
// file names try to climb out of the output folder: the bad ones are
// errors naming the file and line, the slugs are made safe, and nothing
// is written outside the output folder.
func TestPathsFromContentStayInside(t *testing.T) {
	dir := testsite.FromString(t, `
-- content/articles/slug.md --
---
title: Slug
date: 2024-01-01
summary: s
slug: "../../../../escaped"
---
-- content/articles/windows.md --
---
title: Windows
date: 2024-01-01
summary: s
slug: "..\\..\\escaped-too"
---
-- content/articles/%2e%2e%2f%2e%2e%2fescaped.md --
---
title: Encoded
date: 2024-01-01
summary: s
---
-- content/articles/aliases.md --
---
title: Aliases
date: 2024-01-01
summary: s
aliases: ["../../../escaped/", "/a/../../../escaped/", "/old/\u0000/", "C:\\escaped\\", "\\\\server\\share\\", "//evil.example/x/", "https://evil.example/x/", "relative/x/", "/"]
---
`)
	out := filepath.Join(t.TempDir(), "site", "public")
	_, _, l := buildSite(t, dir, Options{Out: out})
	got := text(l)
	for _, want := range []string{
		`content/articles/slug.md:5: warning: slug: "../../../../escaped" is not a plain URL segment; using "escaped"`,
		`content/articles/windows.md:5: warning: slug: "..\\..\\escaped-too" is not a plain URL segment; using "escaped-too"`,
		`content/articles/aliases.md:5: error: aliases: "../../../escaped/" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "/a/../../../escaped/" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "/old/\x00/" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "C:\\escaped\\" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "\\\\server\\share\\" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "//evil.example/x/" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "https://evil.example/x/" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "relative/x/" is not a path on this site`,
		`content/articles/aliases.md:5: error: aliases: "/" would replace the home page`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing finding\nwant: %s\n got:\n%s", want, got)
		}
	}

	// Without the bad aliases the site builds, every page inside the
	// output folder.
	if err := os.Remove(filepath.Join(dir, "content/articles/aliases.md")); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir, Options{Out: out})
	tree := testsite.Tree(t, out)
	for _, want := range []string{"articles/escaped/index.html", "articles/escaped-too/index.html", "articles/" + slug.Make("%2e%2e%2f%2e%2e%2fescaped") + "/index.html"} {
		if _, ok := tree[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	filepath.WalkDir(filepath.Dir(filepath.Dir(out)), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), "escaped") && !strings.HasPrefix(p, out+string(filepath.Separator)) {
			t.Errorf("written outside the output folder: %s", p)
		}
		return nil
	})
}

// TestSymlinksOutsideRefused builds a site with real symbolic links: those
// that leave the site, directly or through another link, are errors
// naming the link; those that stay inside are followed.
func TestSymlinksOutsideRefused(t *testing.T) {
	dir := testsite.FromString(t, `
-- content/articles/real.md --
---
title: Real
date: 2024-01-01
summary: s
---
Real page.
`)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("---\ntitle: Secret\ndate: 2024-01-01\nsummary: s\n---\nSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"content/articles/absolute.md": secret,
		"content/articles/relative.md": filepath.Join("..", "..", "..", filepath.Base(outside), "secret.md"),
		"content/articles/chain.md":    "hop.md",
		"content/articles/hop.md":      "../../../" + filepath.Base(outside) + "/secret.md",
		"content/articles/folder":      outside,
		"content/articles/loop.md":     "loop.md",
		"content/articles/inside.md":   "real.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	// relative.md must really climb out of the site: put the site and
	// the outside folder side by side.
	if filepath.Dir(dir) != filepath.Dir(outside) {
		relDir := filepath.Join(filepath.Dir(outside), "site")
		if err := os.Rename(dir, relDir); err != nil {
			t.Fatal(err)
		}
		dir = relDir
	}
	out := filepath.Join(t.TempDir(), "public")
	_, _, l := buildSite(t, dir, Options{Out: out})
	got := text(l)
	for _, want := range []string{
		"content/articles/absolute.md: error: symbolic link to " + secret + " points outside the site; signpost refuses it",
		"content/articles/relative.md: error: symbolic link to ../../../" + filepath.Base(outside) + "/secret.md points outside the site; signpost refuses it",
		"content/articles/chain.md: error: symbolic link to hop.md points outside the site (content/articles/hop.md links to ../../../" + filepath.Base(outside) + "/secret.md); signpost refuses it",
		"content/articles/folder: error: symbolic link to " + outside + " points outside the site; signpost refuses it",
		"content/articles/loop.md: error: symbolic link to loop.md: more than 40 links in a row (is there a loop?)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing finding\nwant: %s\n got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "inside.md") {
		t.Errorf("a link inside the site was refused:\n%s", got)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a build with refused links wrote the site")
	}

	// Once the bad links are gone, the one inside is followed.
	for name := range links {
		if name != "content/articles/inside.md" {
			os.Remove(filepath.Join(dir, name))
		}
	}
	mustBuild(t, dir, Options{Out: out})
	page, err := os.ReadFile(filepath.Join(out, "articles/inside/index.html"))
	if err != nil || !bytes.Contains(page, []byte("Real page.")) {
		t.Errorf("the link inside the site was not followed: %v", err)
	}
}

// TestUnreadableContent gives files that cannot be read: a named pipe
// (which would block a naive reader for ever) and, when the tests do not
// run as root, a file without read permission. Each is an error naming
// it, and the build ends.
func TestUnreadableContent(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	pipe := filepath.Join(dir, "content/articles/pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	want := []string{"content/articles/pipe.md: error: this is a named pipe (FIFO), not a file"}
	if os.Geteuid() != 0 {
		locked := filepath.Join(dir, "content/articles/locked.md")
		if err := os.WriteFile(locked, []byte("---\ntitle: L\n---\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		want = append(want, "content/articles/locked.md: error: cannot read the file: permission denied")
	} else {
		t.Log("running as root: permissions cannot make a file unreadable; the named pipe stands in (see also content.TestLoadReadError)")
	}
	out := filepath.Join(t.TempDir(), "public")
	_, _, l := buildSite(t, dir, Options{Out: out})
	got := text(l)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing finding\nwant: %s\n got:\n%s", w, got)
		}
	}
}

// failingStage wraps a staged folder and fails every write after the
// first n with err, as a full disk does.
type failingStage struct {
	*staged
	n   int
	err error

	mu     sync.Mutex
	writes int
}

func (f *failingStage) Write(name string, data []byte) error {
	f.mu.Lock()
	f.writes++
	fail := f.writes > f.n
	f.mu.Unlock()
	if fail {
		return &os.PathError{Op: "write", Path: name, Err: f.err}
	}
	return f.staged.Write(name, data)
}

// TestFullDiskKeepsPreviousSite fills the disk half-way through a build,
// by injecting a writer that fails with ENOSPC after some files, and fails
// the commit itself: the build fails with a clear error, the previous site
// is untouched and the staging folder is gone.
func TestFullDiskKeepsPreviousSite(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/site.txtar")
	out := filepath.Join(t.TempDir(), "public")
	_, first := mustBuild(t, dir, Options{Out: out})
	before := testsite.Tree(t, out)
	// Change every page, so the second build writes rather than links.
	footer := filepath.Join(dir, "themes/nhs/templates/partials/footer.html")
	if err := os.MkdirAll(filepath.Dir(footer), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(footer, []byte(`<footer class="nhsuk-footer" role="contentinfo"><p>Changed</p></footer>`), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name   string
		writes int // writes that succeed
		want   string
	}{
		{"full after a few files", 3, "no space left on device"},
		{"full at the last file", first.Files - 2, "no space left on device"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, l := run(context.Background(), Options{Root: dir, Out: out, Now: now}, func(dir string) (output, error) {
				s, err := newStaged(dir)
				if err != nil {
					return nil, err
				}
				return &failingStage{staged: s, n: tt.writes, err: syscall.ENOSPC}, nil
			})
			if !l.HasErrors() || !strings.Contains(text(l), tt.want) {
				t.Fatalf("findings:\n%s\nwant an error containing %q", text(l), tt.want)
			}
			assertIOErrors(t, l)
			if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
				t.Errorf("previous site changed:\n%s", d)
			}
			assertNoStaging(t, out)
		})
	}

	t.Run("commit fails", func(t *testing.T) {
		_, l := run(context.Background(), Options{Root: dir, Out: out, Now: now}, func(dir string) (output, error) {
			s, err := newStaged(dir)
			if err != nil {
				return nil, err
			}
			return &failingCommit{staged: s}, nil
		})
		assertIOErrors(t, l)
		if got := text(l); !strings.Contains(got, "no space left on device; the previous site is unchanged") {
			t.Errorf("findings:\n%s", got)
		}
		if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
			t.Errorf("previous site changed:\n%s", d)
		}
		assertNoStaging(t, out)
	})
}

// assertIOErrors fails unless every error of l is an I/O failure (exit
// status 2) that blames no file of the site: a full disk is nobody's
// content's fault, whichever file the build was writing when it filled.
func assertIOErrors(t *testing.T, l diag.List) {
	t.Helper()
	for _, d := range l {
		if d.Severity != diag.Error {
			continue
		}
		if d.Code.Class() != diag.ClassIO || d.File != "" {
			t.Errorf("a write failure reported as %s (%s), at %q: %s", d.Code, d.Code.Class(), d.File, d.Msg)
		}
	}
}

// failingCommit writes everything but cannot write the marker file.
type failingCommit struct{ *staged }

func (f *failingCommit) Commit() error {
	return &os.PathError{Op: "write", Path: MarkerFile, Err: syscall.ENOSPC}
}

// TestUnwritableOutputKeepsPreviousSite makes the output folder's parent
// refuse new entries, so the staging folder cannot be made: the build
// fails with a clear error and the previous site is untouched. Root
// ignores permissions, so this runs only for other users.
func TestUnwritableOutputKeepsPreviousSite(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions cannot make a folder unwritable (TestFullDiskKeepsPreviousSite and TestRealFullDisk cover failed writes)")
	}
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	parent := filepath.Join(t.TempDir(), "www")
	out := filepath.Join(parent, "public")
	mustBuild(t, dir, Options{Out: out})
	before := testsite.Tree(t, out)
	if err := os.Chmod(parent, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(parent, 0o755)
	_, _, l := buildSite(t, dir, Options{Out: out})
	if got := text(l); !strings.Contains(got, "cannot create the staging folder") || !strings.Contains(got, "permission denied") {
		t.Errorf("findings:\n%s", got)
	}
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("previous site changed:\n%s", d)
	}
}

// TestTenMegabytePage builds a site with one 10 MB article of ordinary
// Markdown: the build completes, and the memory it uses stays within a
// bound. The bytes allocated over the whole build (Markdown, templates,
// search index, link checks) stay under 100 times the page's size, and
// what is still live after the build (the heap after a collection) grows
// by less than 64 MB: nothing of the page is retained.
func TestTenMegabytePage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 10 MB page skipped")
	}
	var body bytes.Buffer
	body.WriteString("---\ntitle: Long\ndate: 2024-01-01\nsummary: A very long page.\n---\n")
	for i := 0; body.Len() < 10<<20; i++ {
		if i%40 == 0 {
			fmt.Fprintf(&body, "## Part %d\n\n- a point\n- another point\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n", i/40)
		}
		body.WriteString("NHS trusts are moving from paper to *electronic* records, with [clinical leadership](https://www.england.nhs.uk/) and `careful` procurement.\n\n")
	}
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	if err := os.WriteFile(filepath.Join(dir, "content/articles/long.md"), body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out, _ := mustBuild(t, dir, Options{})
	runtime.GC()
	runtime.ReadMemStats(&after)

	info, err := os.Stat(filepath.Join(out, "articles/long/index.html"))
	if err != nil || info.Size() < 10<<20 {
		t.Fatalf("the long page was not written in full: %v", err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	if limit := uint64(100 * body.Len()); alloc > limit {
		t.Errorf("the build allocated %d MB for a %d MB page; the bound is %d MB", alloc>>20, body.Len()>>20, limit>>20)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 64<<20 {
		t.Errorf("the heap grew by %d MB and stayed so after the build", grew>>20)
	}
	t.Logf("%d MB page: %d MB allocated, live heap %+d MB", body.Len()>>20, alloc>>20, (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20)
}
