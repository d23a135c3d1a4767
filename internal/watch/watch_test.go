package watch

import (
	"context"
	"errors"
	"fmt"
	"github.com/signpost-kb/signpost/internal/layout"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestCreateWriteRemove(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/old.md": "old"})
	h.write("content/a.md", "one")
	h.waitPresent(map[string]bool{"content/a.md": true})
	if got := h.seen["content/a.md"][0]; got != Create {
		t.Errorf("new file reported as %v, want create", got)
	}

	h.write("content/old.md", "changed")
	h.waitUntil("write of content/old.md", func() bool { return slices.Contains(h.seen["content/old.md"], Write) })

	h.remove("content/a.md")
	h.waitPresent(map[string]bool{"content/a.md": false})
	h.noEventsFor(func(p string) bool { return !strings.HasPrefix(p, "content/") })
}

func TestKinds(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{
		"content/a.md": "", "themes/nhs/templates/page.html": "", "themes/nhs/static/x.css": "", "signpost.toml": "",
	})
	h.write("content/a.md", "1")
	h.write("themes/nhs/templates/page.html", "2")
	h.write("themes/nhs/static/x.css", "3")
	h.write("themes/nhs/README.md", "not watched")
	h.write("static/y.css", "not watched")
	h.write("signpost.toml", "4")
	h.write("README.md", "not watched")
	h.write("public/index.html", "not watched")
	h.waitPresent(map[string]bool{"content/a.md": true, "themes/nhs/templates/page.html": true, "themes/nhs/static/x.css": true, "signpost.toml": true})
	h.sync()
	h.noEventsFor(func(p string) bool {
		return p == "README.md" || p == "themes/nhs/README.md" || strings.HasPrefix(p, "public/") || strings.HasPrefix(p, "static/")
	})
	// The harness checks each event's kind against the layout; check the
	// mapping once more here against fixed values.
	for _, b := range h.batches {
		for _, e := range b.Events {
			want, ok := map[string]layout.Kind{"content/a.md": layout.Content, "themes/nhs/templates/page.html": layout.Template, "themes/nhs/static/x.css": layout.Asset, "signpost.toml": layout.Config}[e.Path]
			if ok && e.Kind != want {
				t.Errorf("%v: want kind %v", e, want)
			}
		}
	}
}

func TestNewNestedDirectories(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mkdir("content") // content appears after the watcher started
	h.write("content/a/b/c/deep.md", "x")
	h.waitPresent(map[string]bool{"content/a/b/c/deep.md": true})

	// The new directories are watched.
	h.write("content/a/b/c/later.md", "x")
	h.write("content/a/later.md", "x")
	h.waitPresent(map[string]bool{"content/a/b/c/later.md": true, "content/a/later.md": true})
}

func TestDirectoryMovedIn(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/x.md": ""})
	// Files created before the directory reaches the watched tree.
	outside := t.TempDir()
	for _, name := range []string{"one.md", "sub/two.md", "sub/deeper/three.md", ".hidden.md"} {
		name = filepath.Join(outside, "section", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(outside, "section"), h.abs("content/section")); err != nil {
		t.Skipf("cannot move across file systems: %v", err)
	}
	h.waitPresent(map[string]bool{
		"content/section/one.md":              true,
		"content/section/sub/two.md":          true,
		"content/section/sub/deeper/three.md": true,
	})
	h.write("content/section/sub/deeper/three.md", "edited")
	h.waitUntil("write inside the moved-in tree", func() bool {
		return len(h.seen["content/section/sub/deeper/three.md"]) >= 2
	})
	h.noEventsFor(func(p string) bool { return strings.Contains(p, ".hidden") })
}

func TestRenameFile(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/a.md": "a"})
	h.rename("content/a.md", "content/b.md")
	h.waitPresent(map[string]bool{"content/a.md": false, "content/b.md": true})
}

func TestRenameDirectory(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{
		"content/d/one.md":     "1",
		"content/d/sub/two.md": "2",
	})
	h.rename("content/d", "content/e")
	h.waitPresent(map[string]bool{
		"content/d/one.md":     false,
		"content/d/sub/two.md": false,
		"content/e/one.md":     true,
		"content/e/sub/two.md": true,
	})
	h.write("content/e/sub/two.md", "edited")
	h.waitUntil("write in the renamed directory", func() bool { return len(h.seen["content/e/sub/two.md"]) >= 2 })
	h.sync()
	if got := h.seen["content/d/sub/two.md"]; len(got) != 1 {
		t.Errorf("old path content/d/sub/two.md reported %v after the rename, want one remove", got)
	}
}

func TestDirectoryMovedOut(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/d/sub/one.md": "1"})
	outside := filepath.Join(t.TempDir(), "d")
	if err := os.Rename(h.abs("content/d"), outside); err != nil {
		t.Skipf("cannot move across file systems: %v", err)
	}
	h.waitPresent(map[string]bool{"content/d/sub/one.md": false})
	// Changes in the moved-away tree are no longer reported.
	if err := os.WriteFile(filepath.Join(outside, "sub", "one.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.sync()
	if got := h.seen["content/d/sub/one.md"]; !slices.Equal(got, []Op{Remove}) {
		t.Errorf("content/d/sub/one.md: got %v, want one remove", got)
	}
}

func TestRemoveDirectory(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/d/one.md": "1", "content/d/sub/two.md": "2", "content/keep.md": ""})
	h.remove("content/d")
	h.waitPresent(map[string]bool{"content/d/one.md": false, "content/d/sub/two.md": false})
	h.noEventsFor(func(p string) bool { return p == "content/keep.md" || p == "content/d" || p == "content/d/sub" })
}

// editorSaves are the ways editors save a file: each rewrites the file
// rel, whose directory exists.
var editorSaves = []struct {
	name string
	save func(h *harness, rel, data string)
}{
	{"in place", func(h *harness, rel, data string) { h.write(rel, data) }},
	{"atomic rename of a .tmp", func(h *harness, rel, data string) {
		h.write(rel+".tmp", data)
		h.rename(rel+".tmp", rel)
	}},
	{"atomic rename of a hidden temp", func(h *harness, rel, data string) {
		tmp := filepath.ToSlash(filepath.Join(filepath.Dir(rel), ".goutputstream-X1Y2"))
		h.write(tmp, data)
		h.rename(tmp, rel)
	}},
	{"vim backup dance", func(h *harness, rel, data string) {
		dir := filepath.ToSlash(filepath.Dir(rel))
		h.write(dir+"/4913", "") // vim's probe
		h.remove(dir + "/4913")
		h.write(filepath.ToSlash(filepath.Join(dir, "."+filepath.Base(rel)+".swp")), "swap")
		h.rename(rel, rel+"~")
		h.write(rel, data)
		h.remove(rel + "~")
	}},
	{"emacs", func(h *harness, rel, data string) {
		dir, base := filepath.Dir(rel), filepath.Base(rel)
		h.write(filepath.ToSlash(filepath.Join(dir, ".#"+base)), "lock")
		h.write(filepath.ToSlash(filepath.Join(dir, "#"+base+"#")), "autosave")
		h.rename(rel, rel+"~")
		h.write(rel, data)
		h.remove(filepath.ToSlash(filepath.Join(dir, "#"+base+"#")))
	}},
	{"jetbrains safe write", func(h *harness, rel, data string) {
		h.write(rel+"___jb_tmp___", data)
		h.rename(rel, rel+"___jb_old___")
		h.rename(rel+"___jb_tmp___", rel)
		h.remove(rel + "___jb_old___")
	}},
	{"delete then create", func(h *harness, rel, data string) {
		h.remove(rel)
		h.write(rel, data)
	}},
}

// TestEditorSaves checks that each way of saving comes out as one write
// or create of the file saved, and nothing else, when the save falls in one
// batch. (Spread over batches, as a slow editor may, the remove can come out
// in one batch and the create in the next.) Batches are gathered by hand,
// so no timing decides what falls in one.
func TestEditorSaves(t *testing.T) {
	for _, rel := range []string{"content/articles/x.md", "signpost.toml"} {
		for _, tt := range editorSaves {
			t.Run(rel+"/"+tt.name, func(t *testing.T) {
				h := newManual(t, map[string]string{rel: "v0", "content/other.md": ""})
				for i := 1; i <= 3; i++ { // again: a save must not lose the watch
					data := fmt.Sprint("v", i)
					tt.save(h, rel, data)
					b := h.gather()
					var got []Event
					for _, e := range b.Events {
						if !strings.HasPrefix(e.Path, "content/sentinel-") {
							got = append(got, e)
						}
					}
					if len(got) != 1 || got[0].Path != rel || got[0].Op == Remove {
						t.Fatalf("save %d: got %v, want one write or create of %s", i, got, rel)
					}
					if content, _ := os.ReadFile(h.abs(rel)); string(content) != data {
						t.Fatalf("%s holds %q, want %q", rel, content, data)
					}
				}
			})
		}
	}
}

// TestEditorSavesRun is TestEditorSaves through Run, where a save may be
// split across batches: the file must come out present, and watched.
func TestEditorSavesRun(t *testing.T) {
	for _, tt := range editorSaves {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const rel = "content/x.md"
			h := newHarness(t, Options{}, map[string]string{rel: "v0", "signpost.toml": ""})
			for i := 1; i <= 2; i++ {
				tt.save(h, rel, fmt.Sprint("v", i))
				h.sync() // all the save's events are in
				if ops := h.seen[rel]; len(ops) < i || !h.present[rel] {
					t.Fatalf("save %d: %s reported %v, want it present", i, rel, ops)
				}
			}
			h.noEventsFor(func(p string) bool { return p != rel && !strings.HasPrefix(p, "content/sentinel-") })
		})
	}
}

func TestIgnoredFilesNotReported(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/a.md": ""})
	for _, name := range []string{
		"content/.DS_Store", "content/a.md~", "content/4913", "content/.a.md.swp", "content/#a.md#",
		"content/.#a.md", "content/.git/config", "content/a.md.tmp", "content/a.md___jb_tmp___",
	} {
		h.write(name, "x")
	}
	h.write("content/.git/objects/ab/cdef", "x")
	h.sync()
	h.noEventsFor(func(p string) bool { return layout.Skip(p) })
	h.noEventsFor(func(p string) bool { return p == "content/a.md" })
}

func TestChmodDropped(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/a.md": ""})
	if err := os.Chmod(h.abs("content/a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.noEventsFor(func(p string) bool { return p == "content/a.md" })
}

func TestRootRemovedAndRecreated(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{
		"content/a.md": "", "content/s/b.md": "", "signpost.toml": "",
	})
	h.remove("content")
	h.remove("signpost.toml")
	h.waitPresent(map[string]bool{"content/a.md": false, "content/s/b.md": false, "signpost.toml": false})

	h.write("content/s/c.md", "new")
	h.write("signpost.toml", "title = 'again'")
	h.waitPresent(map[string]bool{"content/s/c.md": true, "signpost.toml": true})

	// Watched again, all the way down.
	h.write("content/s/c.md", "edited")
	h.write("content/s/d.md", "")
	h.write("signpost.toml", "title = 'edited'")
	h.waitUntil("edits after recreation", func() bool {
		return len(h.seen["content/s/c.md"]) >= 2 && h.present["content/s/d.md"] && len(h.seen["signpost.toml"]) >= 3
	})
}

func TestRootRenamedAway(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/a.md": ""})
	h.rename("content", "content-old")
	h.waitPresent(map[string]bool{"content/a.md": false})
	h.write("content-old/a.md", "ignored")
	h.rename("content-old", "content")
	h.waitPresent(map[string]bool{"content/a.md": true})
	h.write("content/a.md", "edited")
	h.waitUntil("write after the round trip", func() bool { return len(h.seen["content/a.md"]) >= 3 })
	h.noEventsFor(func(p string) bool { return strings.HasPrefix(p, "content-old") })
}

func TestNestedRootAppears(t *testing.T) {
	h := newHarness(t, Options{Paths: []string{"themes/nhs/templates", "content"}}, nil)
	h.write("themes/other/x.html", "not watched")
	h.write("themes/nhs/templates/partials/page.html", "watched")
	h.waitPresent(map[string]bool{"themes/nhs/templates/partials/page.html": true})
	h.remove("themes")
	h.waitPresent(map[string]bool{"themes/nhs/templates/partials/page.html": false})
	h.write("themes/nhs/templates/page.html", "again")
	h.waitPresent(map[string]bool{"themes/nhs/templates/page.html": true})
	h.noEventsFor(func(p string) bool { return strings.HasPrefix(p, "themes/other") })
}

func TestBurstCoalesced(t *testing.T) {
	// A quiet period far longer than the burst takes, so the burst must
	// come out as one batch (two if a batch happens to end just before it).
	h := newHarness(t, Options{Quiet: time.Second, MaxWait: time.Minute}, nil)
	const files, writes = 20, 200
	for i := range writes {
		h.write(fmt.Sprintf("content/f%02d.md", i%files), fmt.Sprint("version ", i))
	}
	for i := range 5 { // and some that end up gone
		h.write(fmt.Sprintf("content/gone%d.md", i), "x")
		h.remove(fmt.Sprintf("content/gone%d.md", i))
	}
	want := map[string]bool{}
	for i := range files {
		want[fmt.Sprintf("content/f%02d.md", i)] = true
	}
	h.waitPresent(want)
	if len(h.batches) > 2 {
		t.Errorf("%d writes came out as %d batches, want 1 or 2:\n%s", writes, len(h.batches), h.dump())
	}
	for _, b := range h.batches {
		if !slices.IsSortedFunc(b.Events, func(x, y Event) int { return strings.Compare(x.Path, y.Path) }) {
			t.Errorf("batch not sorted by path: %v", b.Events)
		}
		paths := map[string]bool{}
		for _, e := range b.Events {
			if paths[e.Path] {
				t.Errorf("%s twice in one batch", e.Path)
			}
			paths[e.Path] = true
		}
	}
	for p := range h.present {
		if strings.Contains(p, "gone") && h.present[p] {
			t.Errorf("%s reported present, but it was removed", p)
		}
	}
}

func TestOverflowRescans(t *testing.T) {
	h := newHarness(t, Options{}, map[string]string{"content/a.md": ""})
	select {
	case h.w.fsw.Errors <- fsnotify.ErrEventOverflow:
	case <-time.After(waitLimit):
		t.Fatal("Run does not read errors")
	}
	h.waitUntil("a rescan batch", func() bool {
		return slices.ContainsFunc(h.batches, func(b Batch) bool { return b.Rescan })
	})
	b := h.batches[len(h.batches)-1]
	if len(b.Errors) != 1 || !errors.Is(b.Errors[0], fsnotify.ErrEventOverflow) {
		t.Errorf("errors %v, want the overflow", b.Errors)
	}
	if !strings.Contains(fmt.Sprint(b.Errors), "rescanned") {
		t.Errorf("error %v does not say what happened", b.Errors)
	}
	h.write("content/b.md", "still watching")
	h.waitPresent(map[string]bool{"content/b.md": true})
}

func TestMaxWait(t *testing.T) {
	// The quiet period never ends, so only MaxWait can end a batch.
	h := newHarness(t, Options{Quiet: time.Hour, MaxWait: 20 * time.Millisecond}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	writing := make(chan struct{})
	go func() {
		defer close(writing)
		for i := 0; ctx.Err() == nil; i++ {
			os.WriteFile(h.abs("content/busy.md"), []byte(fmt.Sprint(i)), 0o644)
			time.Sleep(time.Millisecond) // a steady stream, not a test wait
		}
	}()
	h.mkdir("content")
	h.waitPresent(map[string]bool{"content/busy.md": true})
	cancel()
	<-writing
}

func TestPoll(t *testing.T) {
	h := newHarness(t, Options{Poll: 10 * time.Millisecond}, map[string]string{"content/a.md": "a", "content/d/b.md": "b"})
	h.write("content/new/c.md", "c")
	h.waitPresent(map[string]bool{"content/new/c.md": true})

	h.write("content/a.md", "a, longer")
	h.waitUntil("write of content/a.md", func() bool { return slices.Contains(h.seen["content/a.md"], Write) })

	h.rename("content/d", "content/e")
	h.waitPresent(map[string]bool{"content/d/b.md": false, "content/e/b.md": true})

	h.remove("content")
	h.waitPresent(map[string]bool{"content/a.md": false, "content/e/b.md": false, "content/new/c.md": false})
	h.write("content/a.md", "back")
	h.waitPresent(map[string]bool{"content/a.md": true})
	h.noEventsFor(func(p string) bool { return !strings.HasPrefix(p, "content/") || layout.Skip(p) })
}

func TestRunStopsWithoutLeaks(t *testing.T) {
	waitNoLeaks(t) // nothing from earlier tests
	for _, opt := range []Options{{}, {Poll: 5 * time.Millisecond}} {
		h := newHarness(t, opt, map[string]string{"content/a.md": "", "content/d/b.md": ""})
		h.write("content/c.md", "")
		h.waitPresent(map[string]bool{"content/c.md": true})
		h.write("content/a.md", "pending when cancelled")
		h.stop()
	}
	waitNoLeaks(t)

	// A watcher that never runs is closed by Close.
	w, err := New(Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	waitNoLeaks(t)
}

func TestRunTwice(t *testing.T) {
	w, err := New(Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx, make(chan Batch)); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	if err := w.Run(ctx, make(chan Batch)); err == nil {
		t.Fatal("second Run: no error")
	}
}

func TestNewRejects(t *testing.T) {
	for _, opt := range []Options{
		{},
		{Root: t.TempDir(), Paths: []string{"layouts"}},
		{Root: t.TempDir(), Paths: []string{"../content"}},
		{Root: filepath.Join(t.TempDir(), "missing")},
	} {
		if w, err := New(opt); err == nil {
			w.Close()
			t.Errorf("New(%+v): no error", opt)
		}
	}
}

// TestUnreadableReported makes a file unreadable by a change of its
// permissions, then readable again: each is a Write, so the build reads
// the file and says what it finds, while a change that leaves it readable
// is still dropped. (Root reads every file, so which files are readable is
// decided by the test.)
func TestUnreadableReported(t *testing.T) {
	h := newManual(t, map[string]string{"content/a.md": "", "content/b.md": ""})
	var mu sync.Mutex
	unreadable := map[string]bool{}
	h.w.canRead = func(name string) bool {
		mu.Lock()
		defer mu.Unlock()
		return !unreadable[filepath.Base(name)]
	}
	chmod := func(name string, mode os.FileMode, readable bool) {
		mu.Lock()
		unreadable[filepath.Base(name)] = !readable
		mu.Unlock()
		if err := os.Chmod(h.abs(name), mode); err != nil {
			t.Fatal(err)
		}
	}
	wantWrite := func(b Batch, name string, want bool) {
		t.Helper()
		got := slices.ContainsFunc(b.Events, func(e Event) bool { return e.Path == name && e.Op == Write })
		if got != want {
			t.Errorf("%s written: %v, want %v (%v)", name, got, want, b.Events)
		}
	}
	chmod("content/a.md", 0o000, false)
	chmod("content/b.md", 0o600, true)
	b := h.gather()
	wantWrite(b, "content/a.md", true)
	wantWrite(b, "content/b.md", false)
	chmod("content/a.md", 0o200, false) // still unreadable: nothing new to say
	wantWrite(h.gather(), "content/a.md", false)
	chmod("content/a.md", 0o644, true)
	wantWrite(h.gather(), "content/a.md", true)
}
