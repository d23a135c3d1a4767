package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalQueries measures how often a query set finds its pages in the
// top 3, for README.md. It runs when SIGNPOST_SEARCH_EVAL names the search/
// folder of a built site; SIGNPOST_SEARCH_EVAL_QUERIES names the query file
// (testdata/eval/nhsbsa-playbook.txt by default, for a site made from the
// NHSBSA playbook by testdata/eval/convert-playbook.py). In the file,
// "= query | page, page" is a correctly spelt query with the pages that
// answer it (a path such as /team/2025/01/slug/, or the slug of
// /articles/<slug>/), and each "~ query" after it the same query mistyped.
func TestEvalQueries(t *testing.T) {
	dir := os.Getenv("SIGNPOST_SEARCH_EVAL")
	if dir == "" {
		t.Skip("set SIGNPOST_SEARCH_EVAL to the search/ folder of a built site")
	}
	name := os.Getenv("SIGNPOST_SEARCH_EVAL_QUERIES")
	if name == "" {
		name = filepath.Join("testdata", "eval", "nhsbsa-playbook.txt")
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewSearcher(os.DirFS(dir))
	type tally struct{ n, top1, top3 int }
	counts := map[string]*tally{}
	var want []string
	var base string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, q := line[:1], strings.TrimSpace(line[1:])
		class := "correct"
		if kind == "=" {
			var pages string
			q, pages, _ = strings.Cut(q, "|")
			q = strings.TrimSpace(q)
			base, want = q, nil
			for _, p := range strings.Split(pages, ",") {
				if p = strings.TrimSpace(p); !strings.HasPrefix(p, "/") {
					p = "/articles/" + p + "/"
				}
				want = append(want, p)
			}
		} else {
			class = fmt.Sprintf("%d edits", queryEdits(base, q))
		}
		res, err := s.Search(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		rank := 0
		for i, h := range res.Hits {
			page, _, _ := strings.Cut(h.URL, "#")
			for _, w := range want {
				if page == w && rank == 0 {
					rank = i + 1
				}
			}
		}
		c := counts[class]
		if c == nil {
			c = &tally{}
			counts[class] = c
		}
		c.n++
		if rank == 1 {
			c.top1++
		}
		if rank >= 1 && rank <= 3 {
			c.top3++
		} else {
			var got []string
			for i, h := range res.Hits {
				if i < 3 {
					got = append(got, h.URL)
				}
			}
			t.Logf("miss (%s) %q: rank %d, top 3 %v", class, q, rank, got)
		}
	}
	for _, class := range []string{"correct", "1 edits", "2 edits", "3 edits", "4 edits"} {
		if c := counts[class]; c != nil {
			t.Logf("%-8s %3d queries: top 1 %5.1f %%, top 3 %5.1f %%", class, c.n, 100*float64(c.top1)/float64(c.n), 100*float64(c.top3)/float64(c.n))
		}
	}
	if c1, c2 := counts["1 edits"], counts["2 edits"]; c1 != nil && c2 != nil {
		t.Logf("typos    %3d queries: top 3 %5.1f %%", c1.n+c2.n, 100*float64(c1.top3+c2.top3)/float64(c1.n+c2.n))
	}
}

// queryEdits returns the largest edit distance between the words of a
// query and of its mistyped form, word by word.
func queryEdits(a, b string) int {
	wa, wb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	n := 0
	for i := range min(len(wa), len(wb)) {
		n = max(n, evalOSA(wa[i], wb[i]))
	}
	return n
}

// evalOSA is the optimal string alignment distance of two words.
func evalOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
