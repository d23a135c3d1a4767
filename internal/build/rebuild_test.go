package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// outIno returns the inode of the output folder: a build that updates it
// in place keeps it, one that swaps a staging folder in gives it a new
// one.
func outIno(t *testing.T, out string) uint64 {
	t.Helper()
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inodes here")
	}
	return uint64(st.Ino)
}

// checkClean fails the test unless out is byte for byte what a clean
// build of the site in dir with opt's options makes, and holds no
// temporary file or empty folder.
func checkClean(t *testing.T, step, dir, out string, opt Options) {
	t.Helper()
	clean, _ := mustBuild(t, dir, Options{Now: opt.Now, Drafts: opt.Drafts, BaseURL: opt.BaseURL})
	if d := testsite.Diff(testsite.Tree(t, clean), testsite.Tree(t, out)); d != "" {
		t.Fatalf("%s: the output differs from a clean build:\n%s", step, d)
	}
	beside, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range beside {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(out)+".signpost-") && !strings.HasSuffix(e.Name(), "-record") && !strings.HasSuffix(e.Name(), "-cache") {
			t.Errorf("%s: left %s beside the output", step, e.Name())
		}
	}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(d.Name(), ".signpost-") {
			t.Errorf("%s: left %s in the output", step, p)
		}
		if d.IsDir() {
			if entries, _ := os.ReadDir(p); len(entries) == 0 {
				t.Errorf("%s: left the empty folder %s", step, p)
			}
		}
		return nil
	})
}

// TestRecordedRebuildEqualsClean runs `signpost build` with a record
// after each step of the editing session of TestIncrementalEqualsClean
// (pages edited, added, renamed and deleted, images, templates and the
// configuration changed, errors made and mended): each build after a
// successful one updates the output folder in place, writes only the
// files whose bytes change, and leaves what a clean build makes; a failed
// build leaves the output as it was and no record, so the next is a full
// build; and each build's record holds for the next.
func TestRecordedRebuildEqualsClean(t *testing.T) {
	needRecords(t)
	for _, mode := range []struct {
		name    string
		spillAt int64
	}{
		{"held in memory", 0},
		{"in temporary files", 1}, // every changed file
	} {
		t.Run(mode.name, func(t *testing.T) { recordedSession(t, mode.spillAt) })
	}
}

func recordedSession(t *testing.T, spillAt int64) {
	dir := testsite.FromFile(t, "testdata/sites/site.txtar")
	out := filepath.Join(t.TempDir(), "public")
	opt := recorded(dir, out)
	opt.spillAt = spillAt
	buildRecorded(t, opt)
	lastFailed := false
	for _, e := range edits {
		before := testsite.Tree(t, out)
		ino := outIno(t, out)
		e.apply(t, dir)
		opt.Now = opt.Now.AddDate(0, 0, e.days)
		res, l := Run(context.Background(), opt)
		if e.wantErr {
			if !l.HasErrors() {
				t.Fatalf("%s: the build succeeded; want an error", e.name)
			}
			if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
				t.Fatalf("%s: a failed build changed the output:\n%s", e.name, d)
			}
			if readRecord(out) != nil {
				t.Fatalf("%s: a failed build left a record", e.name)
			}
			lastFailed = true
			continue
		}
		if l.HasErrors() {
			t.Fatalf("%s: build failed:\n%s", e.name, text(l))
		}
		if res.Unchanged && (len(e.changed) > 0 || lastFailed) {
			t.Fatalf("%s: the build found nothing changed", e.name)
		}
		// After a failed build there is no record, but the build cache
		// shows the folder is as the last successful build left it, by
		// the bytes of every file.
		if inPlace := outIno(t, out) == ino; !inPlace {
			t.Errorf("%s: not updated in place", e.name)
		}
		// The build cache the last build left (persist.go) spares the
		// pages nothing changed for.
		if e.maxRendered > 0 && !lastFailed && res.Rendered > e.maxRendered {
			t.Errorf("%s: rendered %d pages, want at most %d", e.name, res.Rendered, e.maxRendered)
		}
		lastFailed = false
		// The record, which lists after an update in place only what the
		// last one listed and the build changed, lists every file and
		// folder the output holds, as a walk of it finds them.
		if r := readRecord(out); r != nil {
			walked, err := outputEntries(out, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := entryKeys(r.Outputs), entryKeys(walked); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the record lists\n%v\nwant\n%v", e.name, got, want)
			}
		}
		checkClean(t, e.name, dir, out, opt)
		for _, f := range e.changed {
			if !slices.Contains(res.Changed, f) {
				t.Errorf("%s: %s not among the changed files %v", e.name, f, res.Changed)
			}
		}
		for _, f := range e.unchanged {
			if slices.Contains(res.Changed, f) {
				t.Errorf("%s: %s written; only %v should have been", e.name, f, e.changed)
			}
		}
		if again := buildRecorded(t, opt); !again.Unchanged {
			t.Fatalf("%s: the record of the build does not hold for the next", e.name)
		}
	}
}

// TestRecordedRebuildDistrusts changes the record or the output folder
// after a build, and edits a page: the build after trusts nothing of what
// the record says, and leaves what a clean build makes. Without the build
// cache it makes a full build through a staging folder; with it, it
// updates the folder in place only when the folder's bytes are those the
// cache's marker lists (a record spoilt, the folder as it was).
func TestRecordedRebuildDistrusts(t *testing.T) {
	needRecords(t)
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, out string)
		// intact says the folder is as the last build left it.
		intact bool
	}{
		{"the record cut short", func(t *testing.T, out string) {
			data, _ := os.ReadFile(recordPath(out))
			os.WriteFile(recordPath(out), data[:len(data)/2], 0o644)
		}, true},
		{"the record corrupted", func(t *testing.T, out string) {
			data, _ := os.ReadFile(recordPath(out))
			data[len(data)-10] ^= 1
			os.WriteFile(recordPath(out), data, 0o644)
		}, true},
		{"a record of another executable", func(t *testing.T, out string) {
			r := readRecord(out)
			r.Exe, r.ExePath = strings.Repeat("0", 64), ""
			os.WriteFile(recordPath(out), r.encode(), 0o644)
		}, true},
		{"a record of another output folder", func(t *testing.T, out string) {
			other := filepath.Join(t.TempDir(), "public")
			dir := testsite.FromFile(t, "testdata/sites/site.txtar")
			buildRecorded(t, recorded(dir, other))
			data, _ := os.ReadFile(recordPath(other))
			os.WriteFile(recordPath(out), data, 0o644)
		}, true},
		{"the marker edited to match another page", func(t *testing.T, out string) {
			// A marker whose hashes lie, with a record made to match the
			// folder: the stat keys of the marker give it away.
			p := filepath.Join(out, MarkerFile)
			data, _ := os.ReadFile(p)
			m, _ := parseManifest(data)
			m.Files["articles/one/index.html"] = m.Files["articles/two/index.html"]
			os.WriteFile(p, m.encode(), 0o644)
		}, false},
		{"an output page edited", func(t *testing.T, out string) {
			p := filepath.Join(out, "articles/two/index.html")
			data, _ := os.ReadFile(p)
			os.WriteFile(p, append(data, "<!-- x -->"...), 0o644)
		}, false},
		{"an output page removed", func(t *testing.T, out string) {
			os.Remove(filepath.Join(out, "articles/two/index.html"))
		}, false},
	} {
		for _, cached := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, cache %v", tc.name, cached), func(t *testing.T) {
				dir := testsite.FromFile(t, "testdata/sites/site.txtar")
				out := filepath.Join(t.TempDir(), "public")
				opt := recorded(dir, out)
				opt.NoCache = !cached
				buildRecorded(t, opt)
				ino := outIno(t, out)
				tc.change(t, out)
				writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\nOne, edited.\n")
				buildRecorded(t, opt)
				if inPlace, want := outIno(t, out) == ino, cached && tc.intact; inPlace != want {
					t.Errorf("updated the folder in place: %v, want %v", inPlace, want)
				}
				checkClean(t, tc.name, dir, out, opt)
			})
		}
	}
}

// TestRecordedRebuildInterrupted interrupts an in-place rebuild while it
// renders: the output is left exactly as it was, with no record, and the
// next build makes what a clean build makes.
func TestRecordedRebuildInterrupted(t *testing.T) {
	dir, out, opt := recordedSite(t)
	buildRecorded(t, opt)
	before := testsite.Tree(t, out)
	cache, err := os.ReadFile(cachePath("", out))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One, retitled\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\n---\nOne, edited.\n")
	for _, at := range []int{1, 3, 6} {
		ctx, cancel := context.WithCancel(context.Background())
		stopped := opt
		stopped.Workers = 1
		stopped.spillAt = 1
		stopped.Progress = func(done, total int) {
			if done >= at {
				cancel()
			}
		}
		_, l := Run(ctx, stopped)
		cancel()
		if !l.HasErrors() {
			t.Fatalf("stopped after %d pages: the build succeeded", at)
		}
		if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
			t.Fatalf("stopped after %d pages: the output changed:\n%s", at, d)
		}
		if readRecord(out) != nil {
			t.Fatalf("stopped after %d pages: a record was left", at)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.signpost-staging-*")); len(left) > 0 {
			t.Fatalf("stopped after %d pages: left %v", at, left)
		}
		if now, _ := os.ReadFile(cachePath("", out)); !bytes.Equal(now, cache) {
			t.Fatalf("stopped after %d pages: the build cache changed", at)
		}
	}
	buildRecorded(t, opt)
	checkClean(t, "after", dir, out, opt)
}

// TestRecordedRebuildFailsWriting makes the in-place update fail once it
// has begun to write: it leaves no record, and the next build, a full one,
// makes what a clean build makes.
func TestRecordedRebuildFailsWriting(t *testing.T) {
	dir, out, opt := recordedSite(t)
	buildRecorded(t, opt)
	writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One, retitled\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\n---\nOne, edited.\n")
	blocked := filepath.Join(out, "articles/two/index.html")
	failing := opt
	failing.spillAt = 1
	failing.Progress = func(done, total int) {
		// After the record's check: the page's file becomes a folder
		// that is not empty, which no rename can replace.
		if done == 1 {
			os.Remove(blocked)
			os.MkdirAll(filepath.Join(blocked, "x"), 0o755)
		}
	}
	if _, l := Run(context.Background(), failing); !l.HasErrors() {
		t.Fatal("the build succeeded")
	}
	if readRecord(out) != nil {
		t.Fatal("a failed build left a record")
	}
	os.RemoveAll(blocked)
	buildRecorded(t, opt)
	checkClean(t, "after", dir, out, opt)
}

// entryKeys maps the entries' paths to their keys.
func entryKeys(es []recordEntry) map[string]statKey {
	m := make(map[string]statKey, len(es))
	for _, e := range es {
		m[e.Path] = e.Key
	}
	return m
}
