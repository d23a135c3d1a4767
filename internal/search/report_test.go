package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// TestReportSizes10k prints, for README.md, what a browser downloads for
// first and further queries on a 10,000-page synthetic corpus, the size of
// the index and of the runtime. It runs when SIGNPOST_SEARCH_REPORT=1;
// SIGNPOST_SEARCH_OPTS="shard scored cards" tries other Options.
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
	total, count := map[string]int{}, map[string]int{}
	all := 0
	for _, f := range ix.Files() {
		name := strings.TrimPrefix(f.Path, "search/")
		fsys[name] = &fstest.MapFile{Data: f.Data}
		dir, _, _ := strings.Cut(name, "/")
		total[dir] += len(f.Data)
		count[dir]++
		all += len(f.Data)
	}
	var dirs []string
	for d := range total {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	t.Logf("index of 10,000 pages: %d files, %.1f MB", len(ix.Files()), float64(all)/1e6)
	for _, d := range dirs {
		t.Logf("  %-13s %6d files %9d bytes (%d average)", d, count[d], total[d], total[d]/count[d])
	}

	var g gzipper
	for _, rt := range []struct{ what, files string }{
		{"every page", "search-loader.js"},
		{"header box, on first use", "search-text.js search-engine.js search-popup.js"},
		{"search page", "search-text.js search-engine.js search.js"},
	} {
		size, gz := 0, 0
		for _, n := range strings.Fields(rt.files) {
			p, err := os.ReadFile(filepath.Join("../../themes/nhs/static", n))
			if err != nil {
				t.Fatal(err)
			}
			size += len(p)
			gz += len(g.gzip(p))
		}
		t.Logf("runtime for the %s: %s, %d bytes, %d gzip-compressed", rt.what, rt.files, size, gz)
	}

	// As the search page asks for a site this size: facets that need the
	// facet table wait until the person asks for them.
	for _, seq := range reportQueries {
		s := NewSearcher(fsys)
		for i, text := range seq {
			res, err := s.Search(context.Background(), Query{Text: text, Facets: FacetsCheap})
			if err != nil {
				t.Fatal(err)
			}
			when := "first  "
			if i > 0 {
				when = "further"
			}
			deferred := ""
			if res.Deferred {
				deferred = " (facets on request)"
			}
			t.Logf("%s %-26q %5d results, %2d requests, %6d bytes%s: %s", when, text, res.Total, len(res.Read), res.Bytes, deferred, strings.Join(res.Read, " "))
		}
	}
}

// reportQueries are query sequences run in one Searcher each, as a browser
// would with its cache.
var reportQueries = [][]string{
	{"cloud", "pathology", "leadership", "interoperability", "records", "Marmore", "vaccination"},
	{"patient"},
	{"cloud migration strategy"},
	{"digital patient records", "clinical safety"},
	{"clo", "clou", "cloud", "cloud m", "cloud mi", "cloud mig", "cloud migr"},
	// First queries with a typo, as pasted (the last word not finished)
	// and as submitted.
	{"pateint"}, {"dashbaord"}, {"interoperabilty"}, {"vacination "}, {"infrastucture"}, {"clould"},
	{"pateint "}, {"dashbaord "}, {"interoperabilty "}, {"infrastucture "}, {"clould "},
	{"cloud migraton strategy"},
	{"pateint", "dashbaord", "migraton", "perscription"},
}
