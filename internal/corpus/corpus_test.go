package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite testdata/tree.sha256")

// sharedPages is the size of the corpus several tests read (see shared).
const sharedPages = 800

// sharedRoot is the directory, made by TestMain, that shared generates into.
var sharedRoot string

// shared generates, once per test binary and only if a test asks, the
// corpus of sharedPages pages (seed 3) that the tests of proportions, front
// matter and bodies read, so the run writes it once.
var shared = sync.OnceValues(func() (sharedCorpus, error) {
	st, err := Generate(context.Background(), sharedRoot, Options{Pages: sharedPages, Seed: 3})
	if err != nil {
		return sharedCorpus{}, err
	}
	files, err := readTree(sharedRoot)
	return sharedCorpus{st, files}, err
})

type sharedCorpus struct {
	st    Stats
	files map[string][]byte
}

// sharedTree returns the shared corpus.
func sharedTree(t *testing.T) (Stats, map[string][]byte) {
	t.Helper()
	c, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	return c.st, c.files
}

func TestMain(m *testing.M) {
	var err error
	if sharedRoot, err = os.MkdirTemp("", "corpus-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(sharedRoot)
	os.Exit(code)
}

// generate writes a corpus into a fresh temporary directory.
func generate(t testing.TB, opt Options) (string, Stats) {
	t.Helper()
	root := t.TempDir()
	st, err := Generate(context.Background(), root, opt)
	if err != nil {
		t.Fatal(err)
	}
	return root, st
}

// tree reads every file under root/content, keyed by slash path.
func tree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	files, err := readTree(root)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readTree(root string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	return files, err
}

// treeHash is a SHA-256 over the sorted paths and contents of a tree.
func treeHash(files map[string][]byte) string {
	h := sha256.New()
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range files {
			if !yield(p) {
				return
			}
		}
	}) {
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(files[p]))
		h.Write(files[p])
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// page is a generated page split into parsed front matter and body.
type page struct {
	path string
	fm   map[string]any
	body string
}

// pages parses every page (not _index.md) of a tree.
func pages(t testing.TB, files map[string][]byte) []page {
	t.Helper()
	var out []page
	for path, data := range files {
		if strings.HasSuffix(path, "/_index.md") {
			continue
		}
		s := string(data)
		end := strings.Index(s, "\n---\n")
		if !strings.HasPrefix(s, "---\n") || end < 0 {
			t.Fatalf("%s: no front matter", path)
		}
		var fm map[string]any
		if err := yaml.Unmarshal([]byte(s[4:end+1]), &fm); err != nil {
			t.Fatalf("%s: front matter: %v", path, err)
		}
		out = append(out, page{path: path, fm: fm, body: s[end+5:]})
	}
	slices.SortFunc(out, func(a, b page) int { return strings.Compare(a.path, b.path) })
	return out
}

func TestDeterministic(t *testing.T) {
	opt := Options{Pages: 300, Seed: 7, Workers: 1}
	rootA, stA := generate(t, opt)
	opt.Workers = 5
	rootB, stB := generate(t, opt)
	a, b := tree(t, rootA), tree(t, rootB)
	if stA != stB {
		t.Errorf("stats differ: %+v and %+v", stA, stB)
	}
	if len(a) != len(b) || len(a) != 300+4 {
		t.Fatalf("got %d and %d files, want %d", len(a), len(b), 304)
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between runs", p)
		}
	}
	opt.Seed = 8
	rootC, _ := generate(t, opt)
	if treeHash(tree(t, rootC)) == treeHash(a) {
		t.Error("seeds 7 and 8 gave the same corpus")
	}
}

// TestGolden pins the output for one small corpus, so a change of output
// (or a platform that draws differently) shows up. Run with -update after an
// intended change.
func TestGolden(t *testing.T) {
	root, _ := generate(t, Options{Pages: 60, Seed: 1})
	got := treeHash(tree(t, root)) + "\n"
	golden := filepath.Join("testdata", "tree.sha256")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("corpus (60 pages, seed 1) hashes to %s, want %s (run with -update if the change is intended)", got, want)
	}
}

func TestProportions(t *testing.T) {
	st, files := sharedTree(t)
	var total int64
	count := map[string]int{}
	for p, data := range files {
		total += int64(len(data))
		if !strings.HasSuffix(p, "/_index.md") {
			count[strings.Split(p, "/")[1]]++
		}
	}
	if st.Bytes != total {
		t.Errorf("Stats.Bytes = %d, files hold %d", st.Bytes, total)
	}
	for _, tc := range []struct {
		sec      string
		got      int
		lo, hi   float64
		inFolder int
	}{
		{"articles", st.Articles, 0.55, 0.65, count["articles"]},
		{"interviews", st.Interviews, 0.20, 0.30, count["interviews"]},
		{"strategy", st.Strategy, 0.11, 0.19, count["strategy"]},
	} {
		if tc.got != tc.inFolder {
			t.Errorf("%s: Stats says %d, folder holds %d", tc.sec, tc.got, tc.inFolder)
		}
		if f := float64(tc.got) / sharedPages; f < tc.lo || f > tc.hi {
			t.Errorf("%s: %.3f of pages, want %.2f-%.2f", tc.sec, f, tc.lo, tc.hi)
		}
	}
	for _, idx := range []string{"content/_index.md", "content/articles/_index.md", "content/interviews/_index.md", "content/strategy/_index.md"} {
		if _, ok := files[idx]; !ok {
			t.Errorf("%s missing", idx)
		}
	}
	if !strings.HasPrefix(st.FirstArticle, "content/articles/") || files[st.FirstArticle] == nil {
		t.Errorf("FirstArticle = %q, not a generated article", st.FirstArticle)
	}
}
