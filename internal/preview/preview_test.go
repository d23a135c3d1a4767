package preview

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/server"
	"github.com/signpost-kb/signpost/internal/testsite"
	"github.com/signpost-kb/signpost/internal/watch"
)

func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    watch.Batch
		want []layout.Change
	}{
		{"rescan", watch.Batch{Rescan: true, Events: []watch.Event{{Path: "content/a.md", Kind: layout.Content}}}, nil},
		{"none", watch.Batch{}, []layout.Change{}},
		{"sorted, once each", watch.Batch{Events: []watch.Event{
			{Path: "content/b.md", Op: watch.Write, Kind: layout.Content}, {Path: "content/a.md", Op: watch.Remove, Kind: layout.Content},
			{Path: "content/b.md", Op: watch.Create, Kind: layout.Content}, {Path: "themes/nhs/static/site.css", Op: watch.Write, Kind: layout.Asset},
		}}, []layout.Change{{Path: "content/a.md", Kind: layout.Content}, {Path: "content/b.md", Kind: layout.Content}, {Path: "themes/nhs/static/site.css", Kind: layout.Asset}}},
		{"only files the build never reads", watch.Batch{Events: []watch.Event{{Path: "themes/nhs/README.md", Kind: layout.Ignored}}}, []layout.Change{}},
	} {
		got := Changes(tc.b)
		if (got == nil) != (tc.want == nil) || !slices.Equal(got, tc.want) {
			t.Errorf("%s: Changes = %#v, want %#v", tc.name, got, tc.want)
		}
	}
}

func TestWhat(t *testing.T) {
	for _, tc := range []struct {
		changed []string
		events  []watch.Event
		want    string
	}{
		{nil, nil, "built"},
		{nil, []watch.Event{{Path: "content/a.md"}}, "rebuilt after the watcher lost events"},
		{[]string{"content/a.md"}, []watch.Event{{Path: "content/a.md", Op: watch.Write}}, "content/a.md edited"},
		{[]string{"content/a.md"}, []watch.Event{{Path: "content/a.md", Op: watch.Create}}, "content/a.md created"},
		{[]string{"content/a.md"}, []watch.Event{{Path: "content/a.md", Op: watch.Remove}}, "content/a.md removed"},
		{[]string{"a", "b"}, []watch.Event{{Path: "a"}, {Path: "b"}}, "2 files changed: a, b"},
		{[]string{"a", "b", "c", "d"}, []watch.Event{{}, {}, {}, {}}, "4 files changed: a, b, c, …"},
	} {
		if got := What(changes(tc.changed), tc.events); got != tc.want {
			t.Errorf("What(%v) = %q, want %q", tc.changed, got, tc.want)
		}
	}
}

func TestSummary(t *testing.T) {
	var failed diag.List
	failed.Errorf(diag.Pos{File: "content/a.md", Line: 3}, diag.CodeContentFile, "bad")
	failed.Errorf(diag.Pos{File: "content/b.md", Line: 4}, diag.CodeContentFile, "worse")
	for _, tc := range []struct {
		res      *build.Result
		findings diag.List
		took     time.Duration
		want     string
	}{
		{&build.Result{Rendered: 1, Changed: []string{"a/index.html"}}, nil, 12345 * time.Microsecond, "x: 1 page rendered, 1 file written in 12ms"},
		{&build.Result{Rendered: 42, Changed: []string{"a", "b"}}, nil, 1234 * time.Microsecond, "x: 42 pages rendered, 2 files written in 1.2ms"},
		{nil, failed, time.Millisecond, "x: build failed with 2 errors in 1ms; the last good site stays in place"},
	} {
		if got := Summary("x", tc.res, tc.findings, tc.took); got != tc.want {
			t.Errorf("Summary = %q, want %q", got, tc.want)
		}
	}
}

func TestProblems(t *testing.T) {
	var l diag.List
	l.Warnf(diag.Pos{File: "content/a.md", Line: 1}, diag.CodeContentFile, "a warning")
	l.Errorf(diag.Pos{File: "content/b.md", Line: 4, Col: 2}, diag.CodeContentFile, "tags: want a list")
	l.Hint("write tags: [x]")
	got := Problems(l)
	want := []server.Problem{{File: "content/b.md", Line: 4, Column: 2, Message: "tags: want a list (write tags: [x])"}}
	if !slices.Equal(got, want) {
		t.Errorf("Problems = %#v, want %#v", got, want)
	}
}

// session runs Run on a site and records what it tells the server.
type session struct {
	t       *testing.T
	dir     string
	out     string
	mu      sync.Mutex
	reloads [][]string
	errors  [][]server.Problem
	bases   []string // what SetBasePath was told
	log     bytes.Buffer
	stop    func()
}

func (s *session) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.Write(p)
}

func start(t *testing.T, site string, options ...func(*build.Options)) *session {
	t.Helper()
	return startPreview(t, site, nil, options...)
}

// startPreview is start, with popt, when set, changing the session's
// Options.
func startPreview(t *testing.T, site string, popt func(*Options), options ...func(*build.Options)) *session {
	t.Helper()
	s := &session{t: t, dir: testsite.FromString(t, site)}
	s.out = filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		bo := build.Options{Root: s.dir, Out: s.out, Now: now}
		for _, o := range options {
			o(&bo)
		}
		opt := Options{
			Build: bo,
			Watch: watch.Options{Quiet: 20 * time.Millisecond, MaxWait: 200 * time.Millisecond},
			Log:   s,
			Reload: func(changed []string) {
				s.mu.Lock()
				s.reloads = append(s.reloads, changed)
				s.mu.Unlock()
			},
			SetErrors: func(p []server.Problem) {
				s.mu.Lock()
				s.errors = append(s.errors, p)
				s.mu.Unlock()
			},
			SetBasePath: func(base string) {
				s.mu.Lock()
				s.bases = append(s.bases, base)
				s.mu.Unlock()
			},
		}
		if popt != nil {
			popt(&opt)
		}
		done <- Run(ctx, opt)
	}()
	s.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	t.Cleanup(func() {
		if s.stop != nil {
			s.stop()
		}
	})
	s.waitFor("the first build", func() bool { return len(s.reloads) > 0 })
	return s
}

var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// waitFor polls cond, under the session's lock, until it holds or a
// deadline passes.
func (s *session) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.mu.Lock()
		ok := cond()
		s.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.t.Fatalf("timed out waiting for %s; log:\n%s", what, s.log.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitReload waits for a reload that names every one of files, after the
// first n reloads.
func (s *session) waitReload(n int, files ...string) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("a reload of %v", files), func() bool {
		for _, r := range s.reloads[min(n, len(s.reloads)):] {
			if !slices.ContainsFunc(files, func(f string) bool { return !slices.Contains(r, f) }) {
				return true
			}
		}
		return false
	})
}

func (s *session) counts() (reloads, errors int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reloads), len(s.errors)
}

func (s *session) write(name, data string) {
	s.t.Helper()
	f := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *session) output(name string) string {
	data, _ := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(name)))
	return string(data)
}

func (s *session) exists(name string) bool {
	_, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(name)))
	return err == nil
}

// matchesClean waits until the output folder is byte for byte what a clean
// build of the site gives: the search index follows the pages.
func (s *session) matchesClean() {
	s.t.Helper()
	clean := filepath.Join(s.t.TempDir(), "clean")
	if _, l := build.Run(context.Background(), build.Options{Root: s.dir, Out: clean, Now: now}); l.HasErrors() {
		s.t.Fatalf("clean build: %v", l)
	}
	want := testsite.Tree(s.t, clean)
	delete(want, build.MarkerFile)
	s.waitFor("the output to equal a clean build", func() bool {
		got, err := readTree(s.out)
		if err != nil {
			return false // a file went while the tree was read: look again
		}
		delete(got, build.MarkerFile)
		return testsite.Diff(want, got) == ""
	})
}

// readTree reads every file under dir, as testsite.Tree does, but returns
// an error rather than failing the test: the output is read while a
// rebuild may be renaming files in it.
func readTree(dir string) (map[string][]byte, error) {
	tree := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = data
		return nil
	})
	return tree, err
}

const site = `
-- signpost.toml --
title = "Watched"
base_url = "/kb/"
-- content/articles/one.md --
---
title: "One"
date: 2020-01-01
summary: "First."
tags: [alpha]
---
One.
-- content/articles/two.md --
---
title: "Two"
date: 2020-01-02
summary: "Second."
tags: [alpha, beta]
---
Two links to [one](one.md).
`

func page(title, date, tags, body string) string {
	return fmt.Sprintf("---\ntitle: %q\ndate: %s\nsummary: \"About %s.\"\ntags: [%s]\n---\n%s\n", title, date, title, tags, body)
}

// TestSession edits a site while Run watches it, and checks after each
// edit the output, the reload events and the error overlay.
func TestSession(t *testing.T) {
	s := start(t, site)
	if !strings.Contains(s.output("articles/one/index.html"), "One.") {
		t.Fatal("first build has no page one")
	}

	// Edit a page.
	n, _ := s.counts()
	s.write("content/articles/one.md", page("One", "2020-01-01", "alpha", "One, edited."))
	s.waitReload(n, "articles/one/index.html")
	if !strings.Contains(s.output("articles/one/index.html"), "One, edited.") {
		t.Error("edit not in the output")
	}

	// Create a page with a new topic.
	n, _ = s.counts()
	s.write("content/articles/three.md", page("Three", "2021-03-03", "gamma", "Three."))
	s.waitReload(n, "articles/three/index.html", "tags/gamma/index.html", "articles/index.html")

	// A folder of pages at once.
	n, _ = s.counts()
	s.write("content/articles/2022/four.md", page("Four", "2022-04-04", "alpha", "Four."))
	s.write("content/articles/2022/five.md", page("Five", "2022-05-05", "alpha", "Five."))
	s.waitReload(n, "articles/2022/four/index.html", "articles/2022/five/index.html")

	// Rename a page: the old address goes from the output and the lists.
	n, _ = s.counts()
	if err := os.Rename(filepath.Join(s.dir, "content/articles/three.md"), filepath.Join(s.dir, "content/articles/three-renamed.md")); err != nil {
		t.Fatal(err)
	}
	s.waitReload(n, "articles/three/index.html", "articles/three-renamed/index.html")
	if s.exists("articles/three/index.html") {
		t.Error("renamed page still at its old address")
	}

	// Break the front matter: the overlay shows the file and line, and the
	// last good page stays.
	n, e := s.counts()
	s.write("content/articles/one.md", "---\ntitle: [\"One\"\ndate: 2020-01-01\n---\nOne.\n")
	s.waitFor("the error overlay", func() bool { return len(s.errors) > e && len(s.errors[len(s.errors)-1]) > 0 })
	s.mu.Lock()
	p := s.errors[len(s.errors)-1][0]
	s.mu.Unlock()
	if p.File != "content/articles/one.md" || p.Line == 0 {
		t.Errorf("overlay problem = %+v, want content/articles/one.md with a line", p)
	}
	if !strings.Contains(s.output("articles/one/index.html"), "One, edited.") {
		t.Error("a failed build changed the output")
	}
	if r, _ := s.counts(); r != n {
		t.Error("a failed build sent a reload")
	}

	// Mend it: the overlay clears.
	s.write("content/articles/one.md", page("One", "2020-01-01", "alpha", "One, mended."))
	s.waitReload(n, "articles/one/index.html")
	s.waitFor("the overlay to clear", func() bool { return len(s.errors[len(s.errors)-1]) == 0 })

	// Change a template.
	n, _ = s.counts()
	s.write("themes/nhs/templates/partials/footer.html", "<footer>A new footer</footer>\n")
	s.waitReload(n, "index.html", "articles/one/index.html", "articles/2022/four/index.html")
	if !strings.Contains(s.output("articles/two/index.html"), "A new footer") {
		t.Error("template change not in the output")
	}

	// Change only the stylesheet: open tabs are told of the new stylesheet
	// alone, so they swap it in place, though every page now names it.
	n, _ = s.counts()
	s.write("themes/nhs/static/site.css", "body { color: #212b32 }\n")
	s.waitFor("a stylesheet reload", func() bool { return len(s.reloads) > n })
	s.mu.Lock()
	cssOnly := s.reloads[n]
	s.mu.Unlock()
	if len(cssOnly) != 1 || !strings.HasSuffix(cssOnly[0], ".css") || !s.exists(cssOnly[0]) {
		t.Errorf("a stylesheet change reloaded %v, want only the new stylesheet", cssOnly)
	}
	if !strings.Contains(s.output("index.html"), "assets/site.") {
		t.Error("pages do not name the stylesheet")
	}

	// Delete a page and a folder.
	n, _ = s.counts()
	if err := os.RemoveAll(filepath.Join(s.dir, "content/articles/2022")); err != nil {
		t.Fatal(err)
	}
	s.waitReload(n, "articles/2022/four/index.html", "articles/2022/five/index.html")
	for _, gone := range []string{"articles/2022/four/index.html", "articles/2022/five/index.html"} {
		if s.exists(gone) {
			t.Errorf("%s still in the output", gone)
		}
	}

	s.matchesClean()
}

// TestBurst writes one file 200 times in quick succession, as a script or
// a checkout might: the watcher turns the burst into a few batches, and
// the output ends up as a clean build of the last version.
func TestBurst(t *testing.T) {
	s := start(t, site)
	before := strings.Count(s.logText(), "\n")
	for i := range 200 {
		s.write(fmt.Sprintf("content/articles/burst-%d.md", i%20), page(fmt.Sprintf("Burst %d", i), "2021-01-01", "burst", fmt.Sprintf("Version %d.", i)))
	}
	s.matchesClean()
	builds := strings.Count(s.logText(), "\n") - before
	builds -= strings.Count(s.logText(), "search index")
	t.Logf("200 writes, %d rebuilds", builds)
	if builds > 20 {
		t.Errorf("200 writes gave %d rebuilds; want a few:\n%s", builds, s.logText())
	}
	if !strings.Contains(s.output("articles/burst-19/index.html"), "Version 199.") {
		t.Error("the last write is not in the output")
	}
}

func (s *session) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

func TestReloadPaths(t *testing.T) {
	pages := []string{"index.html", "articles/a/index.html", "assets/site.1111111111.css", "assets/site.0000000000.css"}
	for _, tt := range []struct {
		name    string
		changed []string
		want    []string
	}{
		{"a stylesheet alone swaps the stylesheet", []string{"themes/nhs/static/site.css"}, []string{"assets/site.1111111111.css", "assets/site.0000000000.css"}},
		{"a page reloads", []string{"content/articles/a.md"}, pages},
		{"a page and a stylesheet reload", []string{"content/articles/a.md", "themes/nhs/static/site.css"}, pages},
		{"a full rebuild reloads", nil, pages},
		{"a template reloads", []string{"themes/nhs/templates/base.html"}, pages},
	} {
		got := ReloadPaths(changes(tt.changed), pages)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// changes classifies site paths as the watcher does for the default
// layout.
func changes(paths []string) []layout.Change {
	if paths == nil {
		return nil
	}
	site := layout.New("", "")
	out := []layout.Change{}
	for _, p := range paths {
		out = append(out, layout.Change{Path: p, Kind: site.Classify(p)})
	}
	return out
}

// TestConfigFollowed edits signpost.toml while Run watches the site: the
// configuration is read again, the server is told the new base path, and
// the watcher follows the content folder to its new place.
func TestConfigFollowed(t *testing.T) {
	s := start(t, site)
	s.write("docs/articles/moved.md", page("Moved", "2021-01-01", "alpha", "In docs."))
	n, _ := s.counts()
	s.write("signpost.toml", "title = \"Watched\"\nbase_url = \"/handbook/\"\ncontent_dir = \"docs\"\n")
	s.waitReload(n, "articles/moved/index.html")
	s.waitFor("the new base path", func() bool { return slices.Equal(s.bases, []string{"/handbook/"}) })
	if s.exists("articles/one/index.html") {
		t.Error("a page of the old content folder is still in the output")
	}

	// The watcher watches docs/ now, and content/ no more.
	n, _ = s.counts()
	s.write("docs/articles/moved.md", page("Moved", "2021-01-01", "alpha", "Edited in docs."))
	s.waitReload(n, "articles/moved/index.html")
	if !strings.Contains(s.output("articles/moved/index.html"), "Edited in docs.") {
		t.Error("edit in the new content folder not in the output")
	}
	s.matchesClean()

	// A broken configuration is reported and changes nothing else.
	n, _ = s.counts()
	_, e := s.counts()
	s.write("signpost.toml", "title = [\n")
	s.waitFor("the error", func() bool { return len(s.errors) > e && len(s.errors[len(s.errors)-1]) > 0 })
	if r, _ := s.counts(); r != n {
		t.Errorf("a broken configuration reloaded the pages")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bases) != 1 {
		t.Errorf("base paths told: %q", s.bases)
	}
}

// TestDraftNotes checks the preview that never blocks: a new draft whose
// summary is empty and whose link leads nowhere is shown, with its
// problems on the page and as notes in the browser's panel; a published
// page with errors still fails the build.
func TestDraftNotes(t *testing.T) {
	s := start(t, site, func(o *build.Options) { o.Drafts, o.DraftNotes = true, true })
	n, _ := s.counts()
	draft := "---\ntitle: \"New\"\ndate: 2020-01-03\nsummary: \"\"\ndraft: true\n---\n[Nowhere](nowhere.md).\n"
	if err := os.WriteFile(filepath.Join(s.dir, "content", "articles", "new.md"), []byte(draft), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitReload(n, "articles/new/index.html")
	page, err := os.ReadFile(filepath.Join(s.out, "articles", "new", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<p class=\"nhsuk-body\">To fix before it is published:</p>",
		"<li>line 4: summary: is empty; every article needs one (add one or two sentences, such as summary: &#34;…&#34;; it is shown in lists, search results and the page description)</li>",
		"<li>line 7: link to nowhere.md: there is no page content/articles/nowhere.md (links between pages are relative to this file, such as ../strategy/wachter-review.md)</li>",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the draft lacks %q:\n%s", want, page)
		}
	}
	defer func() {
		if t.Failed() {
			t.Logf("told the browser: %+v", s.errors)
		}
	}()
	s.waitFor("the notes in the panel", func() bool {
		last := s.errors[len(s.errors)-1]
		return len(last) == 2 && last[0].Note && last[1].Note &&
			last[0].String() == "content/articles/new.md:4: in a draft, to fix before it is published: summary: is empty; every article needs one (add one or two sentences, such as summary: \"…\"; it is shown in lists, search results and the page description)"
	})

	// The same problem in a published page fails the build.
	n, _ = s.counts()
	if err := os.WriteFile(filepath.Join(s.dir, "content", "articles", "new.md"), []byte(strings.Replace(draft, "draft: true\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitFor("the build to fail", func() bool {
		last := s.errors[len(s.errors)-1]
		return len(last) == 2 && !last[0].Note
	})
	if r, _ := s.counts(); r != n {
		t.Errorf("a failed build reloaded the pages")
	}
}

// interrupting is a context for a search index update that, at its n-th
// check, calls edit and then waits for the update to be cancelled, as
// watch mode does when the edit's batch comes.
type interrupting struct {
	context.Context
	left  *atomic.Int64
	edit  func()
	fired *atomic.Bool
}

func (c interrupting) Err() error {
	if c.left.Add(-1) == 0 {
		c.fired.Store(true)
		c.edit()
		select {
		case <-c.Done():
		case <-time.After(30 * time.Second): // the test fails on its own
		}
	}
	return c.Context.Err()
}

// TestEditDuringSearchUpdate makes an edit while the search index update
// runs, at a point early in it, in its middle and near its end (where it
// writes its files), and checks that the output settles to a clean build
// of the edited site, search index included.
func TestEditDuringSearchUpdate(t *testing.T) {
	// How many times the first update checks its context.
	var checks atomic.Int64
	counted := make(chan struct{})
	s := startPreview(t, site, func(o *Options) {
		var once sync.Once
		o.searchContext = func(ctx context.Context) context.Context {
			ctx = counting{ctx, &checks}
			once.Do(func() { close(counted) })
			return ctx
		}
	})
	<-counted
	s.matchesClean()
	s.stop()
	s.stop = nil
	total := checks.Load()
	if total < 3 {
		t.Fatalf("the update checks its context %d times; want more", total)
	}
	for _, at := range []int64{1, total / 2, total - 1} {
		t.Run(fmt.Sprint("check ", at), func(t *testing.T) {
			var left atomic.Int64
			var fired atomic.Bool
			left.Store(at)
			var dir string
			edited := make(chan string, 1)
			s := startPreview(t, site, func(o *Options) {
				dir = o.Build.Root
				o.searchContext = func(ctx context.Context) context.Context {
					return interrupting{ctx, &left, func() {
						f := filepath.Join(dir, "content", "articles", "one.md")
						if err := os.WriteFile(f, []byte(page("One", "2020-01-01", "alpha", "Zebras graze beside the quarry.")), 0o644); err != nil {
							edited <- err.Error()
						}
					}, &fired}
				}
			})
			s.waitFor(fmt.Sprintf("an update to reach check %d", at), fired.Load)
			select {
			case e := <-edited:
				t.Fatal(e)
			default:
			}
			s.waitFor("the edit's page", func() bool { return strings.Contains(s.output("articles/one/index.html"), "Zebras graze") })
			s.matchesClean()
			if !strings.Contains(s.output("articles/one/index.html"), "Zebras graze") {
				t.Error("the edit is not in the output")
			}
		})
	}
}

// counting is a context that counts the checks of its Err.
type counting struct {
	context.Context
	n *atomic.Int64
}

func (c counting) Err() error {
	c.n.Add(1)
	return c.Context.Err()
}

// TestStopWhileBusy stops a session while it is building, so that the
// watcher has returned by the time the loop looks: Run must still return.
// It hung, now and then, in watch and serve as Ctrl-C stopped them (and in
// BenchmarkTyping10k): the loop took the watcher's return as its reason
// to stop, and the shutdown then waited for that return again. Stopped
// this way the loop sees both at once and picks one at random, so the
// test stops it twenty times.
func TestStopWhileBusy(t *testing.T) {
	dir := testsite.FromString(t, site)
	for i := range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- Run(ctx, Options{
				Build: build.Options{Root: dir, Out: filepath.Join(t.TempDir(), "public"), Now: now},
				Reload: func([]string) {
					// Called by the loop: the watcher sees the context
					// done and returns while the loop is still here.
					cancel()
					time.Sleep(20 * time.Millisecond)
				},
			})
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("stop %d: Run: %v", i+1, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("stop %d: Run did not return 30 s after its context was done", i+1)
		}
	}
}
