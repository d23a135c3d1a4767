package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEdit(t *testing.T) {
	root, st := generate(t, Options{Pages: 20, Seed: 1})
	path := filepath.Join(root, filepath.FromSlash(st.FirstArticle))
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	read := func() []byte {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	fmEnd := bytes.Index(orig, []byte("\n---\n"))
	seen := map[string]int{}
	var first []byte
	for _, n := range []int{1, 2, 3, 1000, 1} {
		if err := Edit(root, st.FirstArticle, n); err != nil {
			t.Fatal(err)
		}
		got := read()
		if n == 1 && first == nil {
			first = got
		}
		if !bytes.HasPrefix(got, orig) {
			t.Errorf("edit %d changed the generated text instead of appending to it", n)
		}
		tail := string(got[len(orig):])
		if !strings.HasPrefix(tail, "\nRevision ") || strings.Count(tail, "\n") != 2 || !strings.HasSuffix(tail, ".\n") {
			t.Errorf("edit %d: appended %q, want one blank line and one paragraph", n, tail)
		}
		if len(got)-len(orig) > 120 {
			t.Errorf("edit %d grew the file by %d bytes", n, len(got)-len(orig))
		}
		if !bytes.Equal(got[:fmEnd], orig[:fmEnd]) {
			t.Errorf("edit %d changed the front matter", n)
		}
		if prev, ok := seen[string(got)]; ok && prev != n {
			t.Errorf("edits %d and %d gave the same file", prev, n)
		}
		seen[string(got)] = n
	}
	if !bytes.Equal(read(), first) {
		t.Error("edit 1 after other edits differs from the first edit 1")
	}
}

func TestEditRefusesOtherFiles(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "x.md"), []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Edit(root, "x.md", 1); err == nil {
		t.Error("Edit of a file without front matter: no error")
	}
	if err := Edit(root, "missing.md", 1); err == nil {
		t.Error("Edit of a missing file: no error")
	}
}
