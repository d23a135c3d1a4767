package e2e

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestSiteAudit runs the browser suite's page checks (a11y.test.mjs: axe
// WCAG 2.2 AA, landmarks, the skip link, visible focus, reflow at 320 px
// and 400 % zoom, and on every visit no request to another host and no
// CSP violation) on a sample of the pages of any built site, and checks
// that its search finds each sampled page by its heading
// (site-search.audit.mjs). It runs when SIGNPOST_E2E_SITE names the output
// folder of a site built with --base-url /kb/, such as an imported one:
//
//	signpost import mkdocs ~/src/datascience /tmp/ds
//	signpost build --source /tmp/ds --out /tmp/ds-out --base-url /kb/
//	SIGNPOST_E2E_SITE=/tmp/ds-out go test ./internal/e2e -run TestSiteAudit -v
//
// SIGNPOST_E2E_SAMPLE sets the number of pages (20 by default), taken at
// even steps through the site's pages in address order, the home page
// first.
func TestSiteAudit(t *testing.T) {
	out := os.Getenv("SIGNPOST_E2E_SITE")
	if out == "" {
		t.Skip("set SIGNPOST_E2E_SITE to a site built with --base-url /kb/")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node not found")
	}
	n := 20
	if s := os.Getenv("SIGNPOST_E2E_SAMPLE"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("SIGNPOST_E2E_SAMPLE=%q: want a number of pages", s)
		}
	}
	pages := samplePages(t, out, n)
	pagesJSON, err := json.Marshal(pages)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(siteHandler(out))
	defer srv.Close()
	cmd := exec.CommandContext(t.Context(), node, "--test", "--test-reporter=spec", "--test-concurrency=1",
		"a11y.test.mjs", "site-search.audit.mjs")
	cmd.Env = append(os.Environ(),
		"SIGNPOST_BASE="+srv.URL+basePath,
		"SIGNPOST_PAGES="+string(pagesJSON),
		"SIGNPOST_ARTIFACTS="+t.TempDir(),
		"SIGNPOST_CHROMIUM="+chromium,
		// The build warns of the files a site links to and does not have
		// (link-missing-file): an imported site's images kept elsewhere.
		"SIGNPOST_ALLOW_MISSING=1",
		"NO_COLOR=1",
	)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		t.Fatalf("audit of %d pages of %s failed (%v):\n%s", len(pages), out, err, output.String())
	}
	t.Logf("audit of %d pages of %s:\n%s", len(pages), out, output.String())
}

// samplePages returns n pages of the site in out: the home page, the
// topics index and one topic page, and the rest at even steps through its
// other pages in address order. The search page,
// the 404 page and the second and later pages of paginated lists are left
// out (the suite checks them on the sample site), and so are the old
// addresses that only redirect.
func samplePages(t *testing.T, out string, n int) []page {
	t.Helper()
	var rels []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() != "index.html" {
			return nil
		}
		rel, err := filepath.Rel(out, filepath.Dir(p))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "." || rel == "search" || strings.Contains("/"+rel, "/page/") {
			return nil
		}
		if data, err := os.ReadFile(p); err != nil || bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			return err // an old address (an alias) that sends the browser on
		}
		rels = append(rels, rel+"/")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Fatalf("%s has no index.html: is it a built site?", out)
	}
	sort.Strings(rels)
	// The topic and organisation pages: their index and the first of
	// them, not a sample (a site has many, all alike).
	var content, taxonomy []string
	for _, rel := range rels {
		if strings.HasPrefix(rel, "tags/") || strings.HasPrefix(rel, "organisations/") {
			if rel == "tags/" || strings.HasPrefix(rel, "tags/") && !slices.ContainsFunc(taxonomy, func(r string) bool { return r != "tags/" }) {
				taxonomy = append(taxonomy, rel)
			}
			continue
		}
		content = append(content, rel)
	}
	pages := []page{{Name: "home", Kind: "home", Path: basePath, Status: 200}}
	add := func(kind, rel string) {
		pages = append(pages, page{Name: strings.ReplaceAll(strings.TrimSuffix(rel, "/"), "/", "-"), Kind: kind, Path: basePath + rel, Status: 200})
	}
	for _, rel := range taxonomy {
		add("taxonomy", rel)
	}
	k := min(n-1-len(taxonomy), len(content))
	for i := range k {
		add("page", content[i*len(content)/k])
	}
	return pages
}
