// Package testsite helps tests work with whole sites: it writes txtar
// archives out as site folders and reads output folders back for
// comparison. It is used only by tests.
package testsite

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Write writes the files of a txtar archive under dir and returns dir.
func Write(t testing.TB, dir string, ar *txtar.Archive) string {
	t.Helper()
	for _, f := range ar.Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// FromFile parses the txtar file name and writes it into a new temporary
// folder, which it returns.
func FromFile(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Write(t, t.TempDir(), ar)
}

// FromString parses a txtar archive given inline and writes it into a new
// temporary folder, which it returns.
func FromString(t testing.TB, archive string) string {
	t.Helper()
	return Write(t, t.TempDir(), txtar.Parse([]byte(archive)))
}

// Tree reads every regular file under dir into a map from slash-separated
// relative path to contents.
func Tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	tree := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// Diff describes how two trees differ, or returns "" if they are equal.
func Diff(a, b map[string][]byte) string {
	var out []string
	for name, data := range a {
		other, ok := b[name]
		switch {
		case !ok:
			out = append(out, "only in first: "+name)
		case !bytes.Equal(data, other):
			out = append(out, "differs: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, "only in second: "+name)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
