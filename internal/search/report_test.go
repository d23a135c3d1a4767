package search

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestReportSizes10k prints what a browser downloads for first queries on
// a 10,000-page synthetic corpus, for README.md. It runs when
// SIGNPOST_SEARCH_REPORT=1.
func TestReportSizes10k(t *testing.T) {
	if os.Getenv("SIGNPOST_SEARCH_REPORT") == "" {
		t.Skip("set SIGNPOST_SEARCH_REPORT=1 to measure the index of a 10,000-page corpus")
	}
	var opt Options
	fmt.Sscan(os.Getenv("SIGNPOST_SEARCH_OPTS"), &opt.ShardSize, &opt.Scored, &opt.Cards)
	ix, err := Build(context.Background(), syntheticDocs(10000, 1), opt)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	total := map[string]int{}
	count := map[string]int{}
	for _, f := range ix.Files() {
		name := strings.TrimPrefix(f.Path, "search/")
		fsys[name] = &fstest.MapFile{Data: f.Data}
		dir, _, _ := strings.Cut(name, "/")
		total[dir] += len(f.Data)
		count[dir]++
	}
	all := 0
	for dir, n := range total {
		t.Logf("%-14s %6d files %10d bytes", dir, count[dir], n)
		all += n
	}
	t.Logf("total %d bytes", all)
	for _, q := range reportQueries {
		s := NewSearcher(fsys)
		var bytes, reqs int
		for _, step := range q {
			res, err := s.Search(context.Background(), Query{Text: step})
			if err != nil {
				t.Fatal(err)
			}
			bytes += res.Bytes
			reqs += len(res.Read)
			t.Logf("  %-40q total %5d  read %2d files %6d bytes: %v", step, res.Total, len(res.Read), res.Bytes, res.Read)
		}
		t.Logf("%q: %d requests, %d bytes", q, reqs, bytes)
	}
}

var reportQueries = [][]string{
	{"cloud"}, {"leadership"}, {"patient"}, {"pathology"}, {"interoperability"},
	{"cloud migration strategy"}, {"digital patient records"},
	{"clo", "clou", "cloud", "cloud ", "cloud mig", "cloud migration"},
	{"cloud", "pathology", "leadership", "interoperability", "records", "Marmore", "vaccination"},
}
