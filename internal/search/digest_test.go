package search

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/digest.golden")

// TestIndexDigest pins the uncompressed bytes of every index file for fixed
// corpora, so that a change meant to make Build faster cannot change what it
// writes. A deliberate change of the format updates testdata/digest.golden
// with -update (and Format, if old runtimes cannot read the new files).
func TestIndexDigest(t *testing.T) {
	cases := []struct {
		name string
		docs []Doc
		opt  Options
	}{
		{"fixture", fixtureDocs(t), Options{}},
		{"synthetic-1500", append(fixtureDocs(t), syntheticDocs(1500, 9)...), Options{}},
		{"synthetic-300-small", append(fixtureDocs(t), syntheticDocs(300, 7)...), jsOptions},
	}
	var got strings.Builder
	for _, c := range cases {
		ix, err := Build(context.Background(), c.docs, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		size := 0
		for _, f := range ix.Files() {
			p, err := gunzip(f.Data)
			if err != nil {
				t.Fatalf("%s: %v", f.Path, err)
			}
			fmt.Fprintf(h, "%s %d\n", f.Path, len(p))
			h.Write(p)
			size += len(p)
		}
		fmt.Fprintf(&got, "%s: %d files, %d bytes, sha256 %x\n", c.name, len(ix.Files()), size, h.Sum(nil))
	}
	const golden = "testdata/digest.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestIndexDigest -update to create it)", err)
	}
	if got.String() != string(want) {
		t.Errorf("the index files changed:\ngot:\n%s\nwant:\n%s\nIf the change is deliberate, run go test ./internal/search -run TestIndexDigest -update", got.String(), want)
	}
}
