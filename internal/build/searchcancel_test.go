package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// countdown is a context cancelled at the n-th check of its Err: a way to
// stop work at each point where it looks, without timing.
type countdown struct {
	context.Context
	cancel context.CancelFunc
	left   atomic.Int64
}

func newCountdown(n int64) *countdown {
	ctx, cancel := context.WithCancel(context.Background())
	c := &countdown{Context: ctx, cancel: cancel}
	c.left.Store(n)
	return c
}

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (c *countdown) Err() error {
	if c.left.Add(-1) == 0 {
		c.cancel()
	}
	return c.Context.Err()
}

// TestSearchUpdateCancelled cancels the search index update of watch mode
// at every point where it checks its context, as the next edit does, and
// checks that the edit after it, and an update let finish, still give
// byte for byte what a clean build gives, the search index included;
// some of the cancellations must come while the update writes its files.
func TestSearchUpdateCancelled(t *testing.T) {
	body := func(s string) string {
		return "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\n" + s + "\n"
	}
	changed := []layout.Change{{Path: "content/articles/one.md", Kind: layout.Content}}
	// setup builds the site, its index, and an edit whose words the index
	// does not have yet, with the index left for UpdateSearch.
	setup := func() (dir, out string, cache *Cache, opt Options) {
		dir = testsite.FromFile(t, "testdata/sites/site.txtar")
		out = filepath.Join(t.TempDir(), "public")
		cache = NewCache()
		opt = Options{Root: dir, Out: out, Now: now, Cache: cache, InPlace: true, DeferSearch: true, Workers: 1}
		if _, l := Run(context.Background(), opt); l.HasErrors() {
			t.Fatalf("first build:\n%s", text(l))
		}
		if _, err := cache.UpdateSearch(context.Background()); err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, "content/articles/one.md", body("Zebras graze beside the quarry."))
		opt.Changed = changed
		if _, l := Run(context.Background(), opt); l.HasErrors() {
			t.Fatalf("build:\n%s", text(l))
		}
		return dir, out, cache, opt
	}
	// How many times a whole update checks its context.
	_, _, cache, _ := setup()
	const never = 1 << 40
	all := newCountdown(never)
	if _, err := cache.UpdateSearch(all); err != nil {
		t.Fatal(err)
	}
	checks := never - all.left.Load()
	if checks == 0 {
		t.Fatal("the update never checks its context")
	}
	// The first checks, then some in between, and the last ones, while
	// it writes.
	var at []int64
	for n := int64(1); n < checks; n = n*2 + 1 {
		at = append(at, n)
	}
	for n := max(1, checks-6); n <= checks; n++ {
		at = append(at, n)
	}
	midWrite := 0
	for _, n := range at {
		dir, out, cache, opt := setup()
		before := testsite.Tree(t, out)
		_, err := cache.UpdateSearch(newCountdown(n))
		if err == nil {
			continue // checked less often this time
		}
		if err != context.Canceled {
			t.Fatalf("check %d: %v", n, err)
		}
		if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
			midWrite++
		}
		// The next edit, built while the index is part old, part new:
		// back to the words of the index's files before the update, so
		// that a file the update wrote must be written again.
		writeFile(t, dir, "content/articles/one.md", body("One. See [two](two.md)."))
		if _, l := Run(context.Background(), opt); l.HasErrors() {
			t.Fatalf("check %d: the build after the cancelled update:\n%s", n, text(l))
		}
		if _, err := cache.UpdateSearch(context.Background()); err != nil {
			t.Fatalf("check %d: %v", n, err)
		}
		if err := cache.WriteMarker(); err != nil {
			t.Fatal(err)
		}
		clean, _ := mustBuild(t, dir, Options{Now: now})
		got := testsite.Tree(t, out)
		if d := testsite.Diff(testsite.Tree(t, clean), got); d != "" {
			t.Fatalf("cancelled at check %d: the output differs from a clean build:\n%s", n, d)
		}
		for name := range got {
			if strings.HasSuffix(name, ".tmp") {
				t.Errorf("cancelled at check %d: left %s in the output", n, name)
			}
		}
		// A build without the cache, as the next session's first, links
		// what the marker lists and writes the rest.
		if _, l := Run(context.Background(), Options{Root: dir, Out: out, Now: now}); l.HasErrors() {
			t.Fatalf("check %d: build after the session:\n%s", n, text(l))
		}
		if d := testsite.Diff(testsite.Tree(t, clean), testsite.Tree(t, out)); d != "" {
			t.Fatalf("cancelled at check %d: the next session's build differs from a clean build:\n%s", n, d)
		}
	}
	if midWrite == 0 {
		t.Error("no cancellation came while the update wrote its files")
	}
}
