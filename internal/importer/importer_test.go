package importer

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/signpost-kb/signpost/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixtures are the sites in testdata/sites, one per dialect.
var fixtures = []struct {
	name    string
	dialect Dialect
}{
	{"eleventy-design-history", Eleventy},
	{"eleventy-playbook", Eleventy},
	{"mkdocs-material", MkDocs},
}

// importFixture imports testdata/sites/name.txtar into a new folder and
// returns the source and destination folders and the report.
func importFixture(t *testing.T, name string, d Dialect) (string, string, *Report) {
	t.Helper()
	src := testsite.FromFile(t, filepath.Join("testdata", "sites", name+".txtar"))
	dest := filepath.Join(t.TempDir(), "new")
	rep, err := Run(context.Background(), Options{Dialect: d, Src: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	return src, dest, rep
}

// TestGolden imports each fixture and compares everything written (the
// converted pages, signpost.toml and IMPORT.md) with
// testdata/golden/<fixture>.txtar. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			src, dest, _ := importFixture(t, f.name, f.dialect)
			got := archive(t, src, dest)
			golden := filepath.Join("testdata", "golden", f.name+".txtar")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/importer -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the import of %s differs from %s (run with -update after a deliberate change):\n%s", f.name, golden, firstDiff(string(want), string(got)))
			}
			// The same input always gives the same output.
			src2, dest2, _ := importFixture(t, f.name, f.dialect)
			if again := archive(t, src2, dest2); !bytes.Equal(again, got) {
				t.Errorf("a second import of %s differs:\n%s", f.name, firstDiff(string(got), string(again)))
			}
		})
	}
}

// archive is the destination folder as a txtar archive, with the
// temporary folders' names replaced by $SRC and $DEST.
func archive(t *testing.T, src, dest string) []byte {
	t.Helper()
	tree := testsite.Tree(t, dest)
	ar := &txtar.Archive{}
	for _, name := range sortedKeys(tree) {
		data := strings.ReplaceAll(string(tree[name]), dest, "$DEST")
		data = strings.ReplaceAll(data, src, "$SRC")
		if !strings.HasSuffix(data, "\n") {
			data += "\n"
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
	}
	return txtar.Format(ar)
}

// firstDiff shows the first line where got differs from want.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n want: %s\n  got: %s", i+1, w, g)
		}
	}
	return ""
}

// TestPublishDrafts checks that --publish-drafts keeps a DRAFT page
// published and the links to it unreported.
func TestPublishDrafts(t *testing.T) {
	src := testsite.FromFile(t, filepath.Join("testdata", "sites", "eleventy-playbook.txtar"))
	dest := filepath.Join(t.TempDir(), "new")
	rep, err := Run(context.Background(), Options{Dialect: Eleventy, Src: src, Dest: dest, PublishDrafts: true})
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "content", "development", "dev-tests.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "draft: true") {
		t.Errorf("dev-tests.md is a draft:\n%s", page)
	}
	if rep.Drafts != 0 || strings.Contains(rep.Markdown(), "has status DRAFT") {
		t.Errorf("the report still counts drafts (%d) or links to them", rep.Drafts)
	}
	if rep.Changes["status: DRAFT dropped (the page is published, as on the old site: --publish-drafts)"] != 1 {
		t.Errorf("changes = %v", rep.Changes)
	}
}
