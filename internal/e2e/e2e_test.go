package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// CSP is the Content-Security-Policy the site is served with, as README.md
// tells sites to deploy it: nothing but the site's own files, no inline
// scripts, styles or event handlers.
const CSP = "default-src 'self'"

// basePath is the path the test site is built for and served under, so
// every page is checked under a subpath as an intranet would publish it.
const basePath = "/kb/"

// chromium is Debian's Chromium, the browser the suite drives.
const chromium = "/usr/bin/chromium"

// A page is one page the browser suite visits.
type page struct {
	Name   string `json:"name"`   // "article", "section-articles", …
	Kind   string `json:"kind"`   // the page template: "article", "section", …
	Path   string `json:"path"`   // "/kb/articles/x/"
	Status int    `json:"status"` // the HTTP status the page is served with
}

// TestBrowser builds the sample site, serves it with the CSP header and
// runs the JavaScript browser tests against it.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: browser tests skipped")
	}
	required := os.Getenv("SIGNPOST_E2E") == "require"
	skip := func(msg string) {
		t.Helper()
		if required {
			t.Fatalf("%s, and SIGNPOST_E2E=require", msg)
		}
		t.Skip(msg)
	}
	if _, err := os.Stat(chromium); err != nil {
		skip("chromium not found: browser tests skipped (apt-get install -y chromium)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node not found: browser tests skipped")
	}
	for _, mod := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join("node_modules", mod, "package.json")); err != nil {
			skip("node_modules missing: browser tests skipped; run npm ci --prefix internal/e2e")
		}
	}
	// SIGNPOST_E2E_TESTS picks test files, for working on one.
	pattern := os.Getenv("SIGNPOST_E2E_TESTS")
	if pattern == "" {
		pattern = "*.test.mjs"
	}
	tests, err := filepath.Glob(pattern)
	if err != nil || len(tests) == 0 {
		t.Fatalf("no *.test.mjs files: %v", err)
	}

	out := buildSample(t)
	pages := pagesOf(t, out)
	pages = append(pages, buildRaw(t, out)...)
	pages = append(pages, buildOrganisation(t, out)...)
	srv := httptest.NewServer(siteHandler(out))
	defer srv.Close()

	artifacts := os.Getenv("SIGNPOST_E2E_ARTIFACTS")
	if artifacts == "" {
		artifacts = filepath.Join(os.TempDir(), "signpost-e2e")
	}
	if err := os.RemoveAll(artifacts); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	pagesJSON, err := json.Marshal(pages)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second))
		defer cancel()
	}
	args := append([]string{"--test", "--test-reporter=spec", "--test-concurrency=1"}, tests...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(),
		"SIGNPOST_BASE="+srv.URL+basePath,
		"SIGNPOST_PAGES="+string(pagesJSON),
		"SIGNPOST_ARTIFACTS="+artifacts,
		"SIGNPOST_CHROMIUM="+chromium,
		"SIGNPOST_OUT="+out,
		"NO_COLOR=1",
	)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	runErr := cmd.Run()
	summary := "browser suite ran: " + strings.Join(tests, ", ") + " against " + srv.URL + basePath +
		"\nscreenshots: " + artifacts + "\n" + output.String()
	if report := os.Getenv("SIGNPOST_E2E_REPORT"); report != "" {
		if err := os.WriteFile(report, []byte(summary), 0o644); err != nil {
			t.Error(err)
		}
	}
	if runErr != nil {
		t.Fatalf("browser tests failed (%v):\n%s", runErr, summary)
	}
	t.Log(summary)
}

// buildSample copies the repository's sample site, with the pages that
// exercise every Markdown feature and every NHS.UK component from
// testdata and a page size small enough to paginate, and builds it for
// basePath.
func buildSample(t *testing.T) string {
	t.Helper()
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	_, l := build.Run(context.Background(), build.Options{
		Root: site, Out: out, BaseURL: basePath,
		Now: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
	})
	if l.HasErrors() {
		var b bytes.Buffer
		_ = diag.WriteText(&b, l)
		t.Fatalf("building the sample site failed:\n%s", b.String())
	}
	return out
}

// buildRaw builds the site of testdata/raw-html.txtar, which allows raw
// HTML, into raw/ of the sample site's output, served under basePath+raw/,
// and returns its pages, of kind "raw" (raw-html.test.mjs).
func buildRaw(t *testing.T, out string) []page {
	t.Helper()
	buildBeside(t, out, "raw-html.txtar", "raw")
	var pages []page
	for _, p := range []string{"articles/unclosed-link/", "articles/unclosed-table/", "articles/stray-end-tags/", "articles/details/", "articles/wide-table/", "interviews/unclosed-answer/"} {
		pages = append(pages, page{Name: "raw-" + path.Base(p), Kind: "raw", Path: basePath + "raw/" + p, Status: 200})
	}
	return pages
}

// buildOrganisation builds the site of testdata/organisation.txtar, which
// sets the organisation header, the footer's links and columns and a
// banner, into org/ of the sample site's output, served under
// basePath+org/, and returns its home page and a guide, of kind "org".
func buildOrganisation(t *testing.T, out string) []page {
	t.Helper()
	buildBeside(t, out, "organisation.txtar", "org")
	return []page{
		{Name: "org-home", Kind: "org", Path: basePath + "org/", Status: 200},
		{Name: "org-page", Kind: "org", Path: basePath + "org/guides/moving/", Status: 200},
	}
}

// buildBeside builds the site of testdata/name into dir of the sample
// site's output out, for basePath+dir/.
func buildBeside(t *testing.T, out, name, dir string) {
	t.Helper()
	site := testsite.FromFile(t, filepath.Join("testdata", name))
	_, l := build.Run(context.Background(), build.Options{
		Root: site, Out: filepath.Join(out, dir), BaseURL: basePath + dir + "/",
		Now: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
	})
	if l.HasErrors() {
		var b bytes.Buffer
		_ = diag.WriteText(&b, l)
		t.Fatalf("building the site of testdata/%s failed:\n%s", name, b.String())
	}
}

// pagesOf picks one page of every type from the built site.
func pagesOf(t *testing.T, out string) []page {
	t.Helper()
	pages := []page{{Name: "home", Kind: "home", Path: basePath, Status: 200}}
	add := func(name, kind, rel string) {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel), "index.html")); err != nil {
			t.Fatalf("the sample site has no %s page %s: %v", name, rel, err)
		}
		pages = append(pages, page{Name: name, Kind: kind, Path: basePath + rel, Status: 200})
	}
	first := func(dir string) string {
		entries, err := os.ReadDir(filepath.Join(out, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && e.Name() != "page" {
				if _, err := os.Stat(filepath.Join(out, dir, e.Name(), "index.html")); err == nil {
					return dir + "/" + e.Name() + "/"
				}
			}
		}
		t.Fatalf("no page in %s", dir)
		return ""
	}
	for _, s := range []struct{ section, kind string }{
		{"articles", "article"}, {"interviews", "interview"}, {"strategy", "strategy"},
	} {
		add("section-"+s.section, "section", s.section+"/")
		add(s.kind, s.kind, first(s.section))
	}
	// Guidance: the about page, the guides section, a guide, and a
	// nested section with a page of its own.
	add("page-about", "page", "about/")
	add("section-guides", "section", "guides/")
	add("page", "page", "guides/championing-it-with-colleagues/")
	add("section-nested", "section", "guides/keeping-systems-secure/")
	add("page-nested", "page", "guides/keeping-systems-secure/phishing-and-security-awareness/")
	add("article-markdown-features", "article", "articles/markdown-features/")
	add("article-components", "article", "articles/components/")
	add("section-page-2", "section", "articles/page/2/")
	add("tags", "taxonomy", "tags/")
	add("tag", "term", first("tags"))
	add("organisations", "taxonomy", "organisations/")
	add("organisation", "term", first("organisations"))
	add("search", "search", "search/")
	pages = append(pages,
		page{Name: "search-query", Kind: "search", Path: basePath + "search/?q=leadership", Status: 200},
		// A corrected word, and a search that finds nothing with its help.
		page{Name: "search-corrected", Kind: "search", Path: basePath + "search/?q=wanacry", Status: 200},
		page{Name: "search-nothing", Kind: "search", Path: basePath + "search/?q=qqzzxx+wanacri&exact=1", Status: 200},
		page{Name: "404", Kind: "404", Path: basePath + "no-such-page/", Status: 404},
	)
	// Every article, for the page weight.
	entries, _ := os.ReadDir(filepath.Join(out, "articles"))
	var articles []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "page" {
			articles = append(articles, e.Name())
		}
	}
	sort.Strings(articles)
	for _, a := range articles {
		pages = append(pages, page{Name: "weight-" + a, Kind: "weight", Path: basePath + "articles/" + a + "/", Status: 200})
	}
	// And the guides, which carry the most navigation.
	for _, g := range []string{"guides/championing-it-with-colleagues/", "guides/moving-to-electronic-records/", "guides/keeping-systems-secure/security-foundations/"} {
		pages = append(pages, page{Name: "weight-" + path.Base(g), Kind: "weight", Path: basePath + g, Status: 200})
	}
	return pages
}

// siteHandler serves the output folder out under basePath as a static
// web server would: every response carries the CSP header, and a missing
// file gets 404.html with status 404.
func siteHandler(out string) http.Handler {
	files := http.StripPrefix(strings.TrimSuffix(basePath, "/"), http.FileServer(http.Dir(out)))
	notFound := func(w http.ResponseWriter) {
		data, err := os.ReadFile(filepath.Join(out, "404.html"))
		if err != nil {
			http.Error(w, "404 page missing", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(data)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", CSP)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		rest, ok := strings.CutPrefix(r.URL.Path, basePath)
		if !ok {
			notFound(w)
			return
		}
		name := filepath.Join(out, filepath.FromSlash(path.Clean("/"+rest)))
		info, err := os.Stat(name)
		if err == nil && info.IsDir() {
			_, err = os.Stat(filepath.Join(name, "index.html"))
		}
		if err != nil {
			notFound(w)
			return
		}
		files.ServeHTTP(w, r)
	})
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return errors.New(p + ": not a regular file")
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sampleSite copies the repository's sample site into a temporary folder,
// with a page that exercises every Markdown feature from testdata and a
// page size small enough to paginate.
func sampleSite(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(t.TempDir(), "site")
	copyTree(t, filepath.Join(repo, "content"), filepath.Join(site, "content"))
	conf, err := os.ReadFile(filepath.Join(repo, "signpost.toml"))
	if err != nil {
		t.Fatal(err)
	}
	pageSize := regexp.MustCompile(`(?m)^page_size\s*=.*$`)
	if pageSize.Match(conf) {
		conf = pageSize.ReplaceAll(conf, []byte("page_size = 2"))
	} else {
		conf = append([]byte("page_size = 2\n"), conf...)
	}
	writeFile(t, filepath.Join(site, "signpost.toml"), conf)
	features, err := os.ReadFile(filepath.Join("testdata", "markdown-features.md"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(site, "content", "articles", "markdown-features.md"), features)
	// A page bundle with every NHS.UK component and the files it shows.
	copyTree(t, filepath.Join("testdata", "components"), filepath.Join(site, "content", "articles", "components"))
	return site
}

// TestSearchTiming measures how soon the first results of a query show in
// headless Chromium, for README.md; it asserts nothing about time. It runs
// when SIGNPOST_E2E_TIMING names the output folder of a site built with
// --base-url /kb/ (for example the 10,000 pages of cmd/gencorpus), served
// here as the browser suite serves the sample site. SIGNPOST_TIMING_QUERIES
// ("a|b|c") and SIGNPOST_TIMING_RUNS choose the queries and the runs.
func TestSearchTiming(t *testing.T) {
	out := os.Getenv("SIGNPOST_E2E_TIMING")
	if out == "" {
		t.Skip("set SIGNPOST_E2E_TIMING to a site built with --base-url /kb/")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	srv := httptest.NewServer(siteHandler(out))
	defer srv.Close()
	cmd := exec.CommandContext(t.Context(), node, "timing.mjs")
	cmd.Env = append(os.Environ(), "SIGNPOST_BASE="+srv.URL+basePath, "SIGNPOST_PAGES=[]", "SIGNPOST_ARTIFACTS="+t.TempDir(), "SIGNPOST_CHROMIUM="+chromium)
	p, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("timing.mjs: %v\n%s", err, p)
	}
	t.Logf("%s", p)
}
