package watch

import (
	"errors"
	"github.com/signpost-kb/signpost/internal/layout"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestScan checks the rescan that follows an event queue overflow: it
// finds what appeared and what went away without any events.
func TestScan(t *testing.T) {
	root := t.TempDir()
	write := func(rel string) {
		name := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(rel), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/keep.md")
	write("content/gone.md")
	write("content/d/gone.md")
	write("signpost.toml")
	w, err := New(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(w.pending) != 0 || len(w.errs) != 0 {
		t.Fatalf("after New: pending %v, errors %v; want none", w.pending, w.errs)
	}

	write("content/new.md")
	write("themes/nhs/static/new/x.css")
	os.Remove(filepath.Join(root, "content", "gone.md"))
	os.RemoveAll(filepath.Join(root, "content", "d"))
	w.scan()
	got := Merge(w.pending)
	want := []Event{
		{"content/d/gone.md", Remove, layout.Content},
		{"content/gone.md", Remove, layout.Content},
		{"content/new.md", Create, layout.Content},
		{"themes/nhs/static/new/x.css", Create, layout.Asset},
	}
	if !slices.Equal(got, want) {
		t.Errorf("scan found %v; want %v", got, want)
	}
	if w.dirs["content/d"] {
		t.Error("content/d still counted as watched")
	}
	if !w.dirs["themes/nhs/static/new"] {
		t.Error("themes/nhs/static/new not watched")
	}
}

// TestTake checks that a batch the receiver has not taken yet absorbs the
// next one, and that the disk has the last word on each path.
func TestTake(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "dir"), 0o755)
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		os.WriteFile(filepath.Join(root, "content", name), nil, 0o644)
	}
	w, err := New(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	prev := &Batch{
		Events: []Event{{"content/a.md", Create, layout.Content}, {"content/b.md", Write, layout.Content}},
		Errors: []error{errors.New("first")},
	}
	w.pending = []Event{
		{"content/b.md", Remove, layout.Content}, // says gone, but b.md is there: write
		{"content/a.md", Write, layout.Content},  // create+write: create
		{"content/x.md", Write, layout.Content},  // not there: remove
		{"content/dir", Create, layout.Content},  // a directory: left out
		{"content/c.md", Create, layout.Content}, //
		{"content/dir", Write, layout.Content},   //
		{"content/c.md", Remove, layout.Content}, // c.md is there: write
	}
	w.errs = []error{errors.New("second")}
	w.rescan = true
	b := w.take(prev)
	want := []Event{
		{"content/a.md", Create, layout.Content},
		{"content/b.md", Write, layout.Content},
		{"content/c.md", Write, layout.Content},
		{"content/x.md", Remove, layout.Content},
	}
	if !slices.Equal(b.Events, want) {
		t.Errorf("events %v; want %v", b.Events, want)
	}
	if len(b.Errors) != 2 || b.Errors[0].Error() != "first" || b.Errors[1].Error() != "second" {
		t.Errorf("errors %v; want [first second]", b.Errors)
	}
	if !b.Rescan {
		t.Error("rescan lost")
	}
	if len(w.pending) != 0 || len(w.errs) != 0 || w.rescan {
		t.Error("take left the gathered batch in place")
	}
}
