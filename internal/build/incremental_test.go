package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// edit is one change to a site, as an editor or a checkout would make it.
type edit struct {
	name string
	// files maps site paths to new contents; "" removes the file.
	files map[string]string
	// rename moves a file: from → to.
	rename [2]string
	// wantErr says the build must fail, leaving the output as it was.
	wantErr bool
	// changed and unchanged are output files that must, and must not, be
	// written or removed by the rebuild.
	changed, unchanged []string
	// maxRendered bounds the pages the rebuild renders; 0 means no bound.
	maxRendered int
	// days moves the build's notion of today on.
	days int
}

// edits is a session of editing the site of testdata/sites/site.txtar.
var edits = []edit{
	{
		name:        "edit a body",
		files:       map[string]string{"content/articles/one.md": "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\n## Edited\n\nOne, edited. See [two](two.md).\n"},
		changed:     []string{"articles/one/index.html"},
		unchanged:   []string{"articles/two/index.html", "articles/index.html", "tags/alpha/index.html", "feed.xml", "index.html"},
		maxRendered: 1,
	},
	{
		name:      "save without a change",
		files:     map[string]string{"content/articles/one.md": "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\n## Edited\n\nOne, edited. See [two](two.md).\n"},
		unchanged: []string{"articles/one/index.html"},
	},
	{
		name:  "retitle a page",
		files: map[string]string{"content/articles/two.md": "---\ntitle: \"Two, retitled\"\ndate: 2020-01-02\nsummary: \"Second.\"\ntags: [alpha, beta]\n---\nTwo.\n"},
		// The pages that show it as a related page change with it.
		changed:   []string{"articles/two/index.html", "tags/alpha/index.html", "feed.xml", "articles/one/index.html", "articles/three/index.html"},
		unchanged: []string{"interviews/crlf/index.html"},
	},
	{
		name:    "add a page with a new topic",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth.\"\ntags: [gamma]\n---\nLinks to [one](one.md#edited).\n"},
		changed: []string{"articles/five/index.html", "tags/gamma/index.html", "tags/index.html", "index.html"},
	},
	{
		name:    "add a page that expires",
		files:   map[string]string{"content/articles/soon.md": "---\ntitle: \"Soon gone\"\ndate: 2025-12-01\nexpires: 2026-01-05\nsummary: \"Briefly.\"\ntags: [gamma]\n---\nSoon.\n"},
		changed: []string{"articles/soon/index.html", "tags/gamma/index.html"},
	},
	{
		name:    "let it expire",
		days:    7,
		changed: []string{"articles/soon/index.html", "tags/gamma/index.html", "feed.xml"},
	},
	{
		name: "edit a body and break another page at once",
		files: map[string]string{
			"content/articles/2021/four.md": "---\ntitle: \"Four\"\ndate: 2021-01-01\nsummary: \"In a nested folder.\"\ntags: [beta]\norganisations: [\"NHS England\"]\n---\nFour, edited while five was broken.\n",
			"content/articles/five.md":      "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth.\"\ntags: [gamma]\n---\n[missing](nowhere.md)\n",
		},
		wantErr: true,
	},
	{
		name:    "mend the other page only",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth.\"\ntags: [gamma]\n---\nLinks to [one](one.md#edited).\n"},
		changed: []string{"articles/2021/four/index.html"},
	},
	{
		name:    "link to a missing anchor",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth.\"\ntags: [gamma]\n---\nLinks to [one](one.md#nowhere).\n"},
		wantErr: true,
	},
	{
		name:    "fix the anchor",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth.\"\ntags: [gamma]\n---\nLinks to [one](one.md).\n"},
		changed: []string{"articles/five/index.html"},
	},
	{
		name:    "add a folder and a section",
		files:   map[string]string{"content/strategy/plan.md": "---\ntitle: \"A plan\"\nurl: \"https://example.org/plan\"\npublisher: \"NHS England\"\nstatus: current\nsummary: \"The plan.\"\n---\nPlan.\n", "content/articles/2022/six.md": "---\ntitle: \"Six\"\ndate: 2022-06-06\nsummary: \"Sixth.\"\n---\nSix.\n"},
		changed: []string{"strategy/plan/index.html", "articles/2022/six/index.html", "articles/one/index.html", "strategy/index.html"},
	},
	{
		name:    "delete a page that another links to",
		files:   map[string]string{"content/articles/two.md": ""},
		wantErr: true,
	},
	{
		name:    "drop the link",
		files:   map[string]string{"content/articles/one.md": "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\nOne, edited.\n"},
		changed: []string{"articles/one/index.html", "articles/two/index.html", "tags/alpha/index.html"},
	},
	{
		name:    "rename a page",
		rename:  [2]string{"content/articles/2021/four.md", "content/articles/2021/four-renamed.md"},
		changed: []string{"articles/2021/four/index.html", "articles/2021/four-renamed/index.html", "organisations/nhs-england/index.html"},
	},
	{
		name:    "break the front matter",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: [\"Five\"\ndate: 2022-05-05\n---\nFive.\n"},
		wantErr: true,
	},
	{
		name:    "mend the front matter",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth, mended.\"\ntags: [gamma]\n---\nFive.\n"},
		changed: []string{"articles/five/index.html"},
	},
	{
		name:    "break a page's front matter again",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: [\n---\n"},
		wantErr: true,
	},
	{
		name:    "mend it as it was, with another body",
		files:   map[string]string{"content/articles/five.md": "---\ntitle: \"Five\"\ndate: 2022-05-05\nsummary: \"Fifth, mended.\"\ntags: [gamma]\n---\nFive, once more.\n"},
		changed: []string{"articles/five/index.html"},
	},
	{
		name:    "publish a draft",
		files:   map[string]string{"content/articles/draft.md": "---\ntitle: \"Draft\"\ndate: 2020-01-01\nsummary: \"Now.\"\n---\nDraft.\n"},
		changed: []string{"articles/draft/index.html"},
	},
	{
		name:    "change a topic's most common spelling",
		files:   map[string]string{"content/articles/2022/six.md": "---\ntitle: \"Six\"\ndate: 2022-06-06\nsummary: \"Sixth.\"\ntags: [Beta]\n---\nSix.\n"},
		changed: []string{"tags/beta/index.html", "articles/2022/six/index.html"},
	},
	{
		name:    "change an image",
		files:   map[string]string{"content/articles/three/diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n"},
		changed: []string{"articles/three/diagram.svg"},
	},
	{
		// The page shows the image's size, so it is written again.
		name:      "resize an image",
		files:     map[string]string{"content/articles/three/diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect/></svg>\n"},
		changed:   []string{"articles/three/diagram.svg", "articles/three/index.html"},
		unchanged: []string{"articles/one/index.html"},
	},
	{
		name:    "remove a page bundle",
		files:   map[string]string{"content/articles/three/index.md": "", "content/articles/three/diagram.svg": ""},
		changed: []string{"articles/three/index.html", "articles/three/diagram.svg"},
	},
	{
		name:    "edit the home page introduction",
		files:   map[string]string{"content/_index.md": "---\ntitle: \"Test knowledge base\"\nsummary: \"A test.\"\n---\nWelcome, again, to the [articles](articles/).\n"},
		changed: []string{"index.html"},
	},
	{
		name:    "override a template",
		files:   map[string]string{"themes/nhs/templates/partials/footer.html": "<footer>Our footer</footer>\n"},
		changed: []string{"index.html", "articles/one/index.html", "404.html"},
	},
	{
		name:    "break a template",
		files:   map[string]string{"themes/nhs/templates/partials/footer.html": "<footer>{{.Nope</footer>\n"},
		wantErr: true,
	},
	{
		name:    "remove the override",
		files:   map[string]string{"themes/nhs/templates/partials/footer.html": ""},
		changed: []string{"index.html"},
	},
	{
		name:    "add a page of guidance with no front matter",
		files:   map[string]string{"content/guides/start.md": "# Start here\n\nRead this first.\n"},
		changed: []string{"guides/start/index.html", "guides/index.html", "index.html", "articles/one/index.html"},
	},
	{
		name:    "add a nested section",
		files:   map[string]string{"content/guides/onboarding/first-day.md": "# Your first day\n\nArrive at nine.\n"},
		changed: []string{"guides/onboarding/index.html", "guides/onboarding/first-day/index.html", "guides/index.html", "guides/start/index.html"},
	},
	{
		name:      "give the nested section a landing page",
		files:     map[string]string{"content/guides/onboarding/index.md": "# Starting work\n\nWelcome.\n"},
		changed:   []string{"guides/onboarding/index.html", "guides/index.html", "guides/onboarding/first-day/index.html", "guides/start/index.html"},
		unchanged: []string{"articles/one/index.html"},
	},
	{
		name:      "edit the landing page's text only",
		files:     map[string]string{"content/guides/onboarding/index.md": "# Starting work\n\nWelcome, edited.\n\nMore.\n"},
		changed:   []string{"guides/onboarding/index.html"},
		unchanged: []string{"guides/onboarding/first-day/index.html", "articles/one/index.html", "guides/start/index.html"},
	},
	{
		name: "order the section by weight",
		files: map[string]string{
			"content/guides/start.md":   "---\nweight: 5\n---\n# Start here\n\nRead this first.\n",
			"content/guides/another.md": "---\ntitle: \"Another guide\"\norder: 1\n---\nAnother.\n",
		},
		changed: []string{"guides/index.html", "guides/another/index.html", "guides/start/index.html"},
	},
	{
		name:      "retitle a page: its neighbours' previous and next change",
		files:     map[string]string{"content/guides/another.md": "---\ntitle: \"Another guide, retitled\"\norder: 1\n---\nAnother.\n"},
		changed:   []string{"guides/another/index.html", "guides/start/index.html", "guides/index.html"},
		unchanged: []string{"guides/onboarding/first-day/index.html", "articles/one/index.html"},
	},
	{
		name:      "name related pages",
		files:     map[string]string{"content/guides/another.md": "---\ntitle: \"Another guide, retitled\"\norder: 1\nrelated: [start.md, ../articles/one.md]\n---\nAnother.\n"},
		changed:   []string{"guides/another/index.html"},
		unchanged: []string{"guides/start/index.html"},
	},
	{
		name:    "name a related page that is not there",
		files:   map[string]string{"content/guides/another.md": "---\ntitle: \"Another guide, retitled\"\norder: 1\nrelated: [gone.md]\n---\nAnother.\n"},
		wantErr: true,
	},
	{
		name:    "mend it",
		files:   map[string]string{"content/guides/another.md": "---\ntitle: \"Another guide, retitled\"\norder: 1\nrelated: [onboarding/]\n---\nAnother.\n"},
		changed: []string{"guides/another/index.html"},
	},
	{
		name:    "move a page into the nested section",
		rename:  [2]string{"content/guides/start.md", "content/guides/onboarding/start.md"},
		changed: []string{"guides/start/index.html", "guides/onboarding/start/index.html", "guides/onboarding/index.html", "guides/index.html", "guides/another/index.html"},
	},
	{
		name:    "add a menu",
		files:   map[string]string{"signpost.toml": "title = \"Test KB\"\nbase_url = \"https://intranet.example.nhs.uk/kb/\"\npage_size = 2\n\n[[menu]]\npath = \"guides\"\n\n[[menu]]\ntitle = \"News and views\"\npath = \"articles/\"\n"},
		changed: []string{"index.html", "articles/one/index.html", "guides/onboarding/start/index.html"},
	},
	{
		name:    "name a page the menu cannot find",
		files:   map[string]string{"signpost.toml": "title = \"Test KB\"\nbase_url = \"https://intranet.example.nhs.uk/kb/\"\npage_size = 2\n\n[[menu]]\npath = \"nowhere.md\"\n"},
		wantErr: true,
	},
	{
		name:    "remove the menu",
		files:   map[string]string{"signpost.toml": "title = \"Test KB\"\nbase_url = \"https://intranet.example.nhs.uk/kb/\"\npage_size = 2\n"},
		changed: []string{"index.html", "articles/one/index.html"},
	},
	{
		name:    "change the configuration",
		files:   map[string]string{"signpost.toml": "title = \"Test KB, renamed\"\nbase_url = \"https://intranet.example.nhs.uk/kb/\"\npage_size = 2\n"},
		changed: []string{"index.html", "articles/one/index.html", "feed.xml"},
	},
}

// apply makes an edit to the site in dir and returns the site paths it
// touched, as a watcher would report them.
func (e edit) apply(t *testing.T, dir string) []layout.Change {
	t.Helper()
	var touched []string
	for name, data := range e.files {
		f := filepath.Join(dir, filepath.FromSlash(name))
		if data == "" {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		} else {
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		touched = append(touched, name)
	}
	if touched == nil {
		touched = []string{}
	}
	if e.rename[0] != "" {
		from, to := filepath.Join(dir, filepath.FromSlash(e.rename[0])), filepath.Join(dir, filepath.FromSlash(e.rename[1]))
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
		touched = append(touched, e.rename[:]...)
	}
	slices.Sort(touched)
	changes := []layout.Change{}
	site := layout.New("", "")
	for _, p := range touched {
		changes = append(changes, layout.Change{Path: p, Kind: site.Classify(p)})
	}
	return changes
}

// TestIncrementalEqualsClean edits a site step by step, rebuilding it
// through one Cache after each step, and checks that the output is byte
// for byte what a clean build of the same files gives, that a failed
// rebuild leaves the output as it was, and that a rebuild writes what the
// edit affects and nothing else.
func TestIncrementalEqualsClean(t *testing.T) {
	for _, mode := range []struct {
		name        string
		inPlace     bool
		rescan      bool // pass no Changed list, as after a watcher overflow
		deferSearch bool // update the search index after the build, as watch mode does
	}{
		{"in place", true, false, false},
		{"staged", false, false, false},
		{"rescan", true, true, false},
		{"search deferred", true, false, true},
	} {
		t.Run(mode.name, func(t *testing.T) {
			dir := testsite.FromFile(t, "testdata/sites/site.txtar")
			out := filepath.Join(t.TempDir(), "public")
			cache := NewCache()
			opt := Options{Root: dir, Out: out, Now: now, Cache: cache, InPlace: mode.inPlace, DeferSearch: mode.deferSearch}
			if _, l := Run(context.Background(), opt); l.HasErrors() {
				t.Fatalf("first build:\n%s", text(l))
			}
			if _, err := cache.UpdateSearch(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, e := range edits {
				before := testsite.Tree(t, out)
				opt.Changed = e.apply(t, dir)
				opt.Now = opt.Now.AddDate(0, 0, e.days)
				if mode.rescan {
					opt.Changed = nil
				}
				res, l := Run(context.Background(), opt)
				if mode.deferSearch && !l.HasErrors() {
					for _, f := range res.Changed {
						if strings.HasPrefix(f, "search/") && f != "search/index.html" {
							t.Errorf("%s: the build wrote %s; the search index was to wait", e.name, f)
						}
					}
					if _, err := cache.UpdateSearch(context.Background()); err != nil {
						t.Fatal(err)
					}
				}
				if err := cache.WriteMarker(); err != nil {
					t.Fatal(err)
				}
				after := testsite.Tree(t, out)
				if e.wantErr {
					if !l.HasErrors() {
						t.Fatalf("%s: the build succeeded; want an error", e.name)
					}
					if d := testsite.Diff(before, after); d != "" {
						t.Fatalf("%s: a failed build changed the output:\n%s", e.name, d)
					}
					continue
				}
				if l.HasErrors() {
					t.Fatalf("%s: build failed:\n%s", e.name, text(l))
				}
				clean, _ := mustBuild(t, dir, Options{Now: opt.Now})
				if d := testsite.Diff(testsite.Tree(t, clean), after); d != "" {
					t.Fatalf("%s: the rebuilt output differs from a clean build:\n%s", e.name, d)
				}
				for _, f := range e.changed {
					if !slices.Contains(res.Changed, f) {
						t.Errorf("%s: %s not among the changed files %v", e.name, f, res.Changed)
					}
				}
				for _, f := range e.unchanged {
					if slices.Contains(res.Changed, f) {
						t.Errorf("%s: %s changed; only %v should have", e.name, f, e.changed)
					}
				}
				if e.maxRendered > 0 && !mode.rescan && res.Rendered > e.maxRendered {
					t.Errorf("%s: rendered %d pages, want at most %d", e.name, res.Rendered, e.maxRendered)
				}
				for name := range after {
					if strings.HasSuffix(name, ".tmp") || strings.Contains(name, ".signpost-") {
						t.Errorf("%s: left %s in the output", e.name, name)
					}
				}
			}
		})
	}
}
