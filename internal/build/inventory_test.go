package build

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestInventory checks that a build, dry or not, reports what it
// published: the pages and section introductions with their links and
// heading ids, and every output file.
func TestInventory(t *testing.T) {
	for _, dry := range []bool{false, true} {
		name := "real"
		if dry {
			name = "dry"
		}
		t.Run(name, func(t *testing.T) {
			dir := testsite.FromFile(t, filepath.Join("testdata", "sites", "site.txtar"))
			out, res := mustBuild(t, dir, Options{Inventory: true, DryRun: dry})
			inv := res.Inventory
			if inv == nil {
				t.Fatal("no inventory")
			}
			var files []string
			for _, d := range inv.Docs {
				files = append(files, d.File)
			}
			want := []string{
				"content/articles/2021/four.md", "content/articles/bom.md", "content/articles/three/index.md",
				"content/articles/two.md", "content/interviews/crlf.md", "content/articles/one.md",
				"content/_index.md",
			}
			if strings.Join(files, " ") != strings.Join(want, " ") {
				t.Errorf("docs:\n got %v\nwant %v", files, want)
			}
			byFile := map[string]Doc{}
			for _, d := range inv.Docs {
				byFile[d.File] = d
			}
			if d := byFile["content/_index.md"]; d.Page != nil || d.URL != "/" || len(d.Links) != 1 || d.Links[0].Kind != markdown.Page {
				t.Errorf("home intro: %+v", d)
			}
			if d := byFile["content/interviews/crlf.md"]; !d.IDs["a-question"] || d.URL != "/interviews/crlf/" {
				t.Errorf("interview ids: %+v", d)
			}
			if d := byFile["content/articles/one.md"]; len(d.Links) != 1 || d.Links[0].Target != "content/articles/two.md" {
				t.Errorf("links of one.md: %+v", d.Links)
			}
			for _, f := range []string{"index.html", "articles/one/index.html", "old/one.html", "articles/three/diagram.svg", "tags/beta/index.html", "sitemap.xml"} {
				if !inv.Files[f] {
					t.Errorf("Files lacks %s", f)
				}
			}
			if inv.Files["articles/draft/index.html"] {
				t.Error("Files holds a draft")
			}
			if len(inv.Files) != res.Files {
				t.Errorf("%d files in the inventory, %d in the result", len(inv.Files), res.Files)
			}
			if !dry {
				tree := testsite.Tree(t, out)
				delete(tree, MarkerFile)
				if len(tree) != len(inv.Files) {
					t.Errorf("%d files written, %d in the inventory", len(tree), len(inv.Files))
				}
			}
			if len(inv.Site.Pages) != 9 || inv.Filter.Drafts {
				t.Errorf("site: %d pages, filter %+v", len(inv.Site.Pages), inv.Filter)
			}
		})
	}
}

func TestNoInventoryUnlessAsked(t *testing.T) {
	dir := testsite.FromFile(t, filepath.Join("testdata", "sites", "article.txtar"))
	_, res := mustBuild(t, dir, Options{DryRun: true})
	if res.Inventory != nil {
		t.Error("inventory without Options.Inventory")
	}
}

// TestProgress checks that the progress callback sees every page once,
// ending at the total.
func TestProgress(t *testing.T) {
	dir := testsite.FromFile(t, filepath.Join("testdata", "sites", "site.txtar"))
	var mu sync.Mutex
	var calls [][2]int
	mustBuild(t, dir, Options{DryRun: true, Workers: 3, Progress: func(done, total int) {
		mu.Lock()
		calls = append(calls, [2]int{done, total})
		mu.Unlock()
	}})
	sort.Slice(calls, func(i, j int) bool { return calls[i][0] < calls[j][0] })
	if len(calls) != 6 {
		t.Fatalf("%d calls, want one per published page (6): %v", len(calls), calls)
	}
	for i, c := range calls {
		if c != [2]int{i + 1, 6} {
			t.Errorf("call %d: %v, want [%d 6]", i, c, i+1)
		}
	}
}

// TestDryRunRefusesDuplicateOutputs checks that a dry run finds the clash
// a real build finds: two outputs at one path, here a file in the content
// folder and the site's feed, as a content error at the file.
func TestDryRunRefusesDuplicateOutputs(t *testing.T) {
	site := `-- content/articles/x.md --
---
title: "X"
date: 2020-01-01
summary: "X."
---
X.
-- content/feed.xml --
<feed/>
`
	for _, dry := range []bool{false, true} {
		_, _, l := buildSite(t, testsite.FromString(t, site), Options{DryRun: dry})
		if !l.HasErrors() || !strings.Contains(text(l), "content/feed.xml: error: this file's address /feed.xml is the address of the site's Atom feed, which signpost generates") {
			t.Errorf("dry run %v: want a clash, got:\n%s", dry, text(l))
		}
	}
}
