package importer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// snapshot describes every file, folder and link under root (skipping the
// folders in skip): its type, size, contents' hash and link target.
func snapshot(t *testing.T, root string, skip ...string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, s := range skip {
			if p == s {
				return fs.SkipDir
			}
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		desc := fmt.Sprintf("%s %v", rel, info.Mode())
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			desc += " -> " + target
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += fmt.Sprintf(" %d %x", len(data), sha256.Sum256(data))
		}
		lines = append(lines, desc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestNeverWritesOutsideDest imports a site whose source folder holds
// symbolic links out of it (to a file, to a folder, to the destination
// itself, to nothing) and proves that the source folder and everything
// around it are byte for byte as before, that nothing outside the source
// was read, and that every file written is a regular file inside the
// destination.
func TestNeverWritesOutsideDest(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	testsite.Write(t, outside, txtar.Parse([]byte("-- secret.md --\n---\ntitle: SECRET\n---\nSECRET TEXT\n-- folder/page.md --\n---\ntitle: SECRET FOLDER\n---\n")))
	ar, err := txtar.ParseFile(filepath.Join("testdata", "sites", "eleventy-design-history.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	src := testsite.Write(t, filepath.Join(base, "src"), ar)
	dest := filepath.Join(base, "dest")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"app/leak.md":               filepath.Join(outside, "secret.md"),
		"app/relative-leak.md":      "../../outside/secret.md",
		"app/leak-folder":           filepath.Join(outside, "folder"),
		"app/to-dest":               dest,
		"app/to-dest-file.md":       filepath.Join(dest, "content", "x.md"),
		"app/dangling.md":           filepath.Join(base, "nothing-here.md"),
		"app/select/inside-link.md": "../all.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(src, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	before := snapshot(t, base, dest)

	rep, err := Run(context.Background(), Options{Dialect: Eleventy, Src: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}

	if after := snapshot(t, base, dest); after != before {
		t.Errorf("the import changed files outside its destination:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if !info.IsDir() && !info.Mode().IsRegular() {
			t.Errorf("%s is not a regular file (%v)", p, info.Mode())
		}
		if info.Mode().IsRegular() {
			data, _ := os.ReadFile(p)
			if strings.Contains(string(data), "SECRET") {
				t.Errorf("%s holds text from outside the source folder", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	report := rep.Markdown()
	for _, name := range []string{"app/leak.md", "app/relative-leak.md", "app/leak-folder", "app/to-dest", "app/dangling.md"} {
		if !strings.Contains(report, "`"+name+"`") {
			t.Errorf("the report does not say that %s was not imported", name)
		}
	}
	// A link that stays inside the source folder is read like the file.
	if _, err := os.Stat(filepath.Join(dest, "content", "select", "inside-link.md")); err != nil {
		t.Errorf("the link inside the source folder was not imported: %v", err)
	}
}

// TestRefusedFolders checks the folders an import refuses, and that
// nothing is written when it does.
func TestRefusedFolders(t *testing.T) {
	base := t.TempDir()
	src := testsite.Write(t, filepath.Join(base, "src"), txtar.Parse([]byte("-- docs/index.md --\n# Home\n")))
	full := testsite.Write(t, filepath.Join(base, "full"), txtar.Parse([]byte("-- keep.txt --\nkeep\n")))
	gitOnly := filepath.Join(base, "git-only")
	if err := os.MkdirAll(filepath.Join(gitOnly, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	linkIntoSrc := filepath.Join(base, "link-into-src")
	if err := os.Symlink(filepath.Join(src, "docs"), linkIntoSrc); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	file := filepath.Join(base, "file.md")
	if err := os.WriteFile(file, []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src, dest, want string
	}{
		{"destination not empty", src, full, "not empty"},
		{"destination is the source", src, src, "inside the source"},
		{"destination inside the source", src, filepath.Join(src, "new"), "inside the source"},
		{"destination through a link into the source", src, filepath.Join(linkIntoSrc, "new"), "inside the source"},
		{"source inside the destination", src, base, "inside the destination"},
		{"no source", filepath.Join(base, "missing"), filepath.Join(base, "new"), "cannot read the source"},
		{"source is a file", file, filepath.Join(base, "new"), "not a folder"},
	}
	before := snapshot(t, base)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), Options{Dialect: MkDocs, Src: tc.src, Dest: tc.dest})
			var ue *UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a UsageError saying %q", err, tc.want)
			}
		})
	}
	if after := snapshot(t, base); after != before {
		t.Errorf("a refused import wrote something:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// A folder holding only .git, such as a fresh clone, is fine.
	if _, err := Run(context.Background(), Options{Dialect: MkDocs, Src: src, Dest: gitOnly}); err != nil {
		t.Errorf("import into a folder holding only .git: %v", err)
	}
}
