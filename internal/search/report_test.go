package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/signpost-kb/signpost/internal/minify"
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
	docs := syntheticDocs(10000, 1)
	ix, err := Build(context.Background(), docs, opt)
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
	runtime := map[string]int{}
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
			p = minify.JS(p) // as the theme publishes it
			size += len(p)
			gz += len(g.gzip(p))
		}
		t.Logf("runtime for the %s: %s, %d bytes, %d gzip-compressed", rt.what, rt.files, size, gz)
		runtime[rt.what] = gz
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

	// Many first queries with a typo: each word of five letters or more of
	// the corpus's first pages with one random edit, as pasted (the word
	// not finished) and as submitted.
	seen := map[string]bool{}
	var sizes []int
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range docs[:300] {
		for _, w := range strings.Fields(strings.ToLower(d.Title + " " + d.Sections[0].Text)) {
			w = strings.Trim(w, ".,:;?!()'\"")
			if len(w) < 5 || !isLatin(w) || seen[w] {
				continue
			}
			seen[w] = true
			b := []byte(w)
			i := 1 + rng.IntN(len(b)-2)
			switch rng.IntN(3) {
			case 0:
				b[i], b[i+1] = b[i+1], b[i]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b[i] = "aeioustrn"[rng.IntN(9)]
			}
			for _, text := range []string{string(b), string(b) + " "} {
				res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: text, Facets: FacetsCheap})
				if err != nil {
					t.Fatal(err)
				}
				sizes = append(sizes, res.Bytes)
			}
		}
	}
	sort.Ints(sizes)
	at := func(q float64) int { return sizes[min(len(sizes)-1, int(q*float64(len(sizes))))] }
	t.Logf("first query with one typo, %d queries: index median %d bytes, 90%% %d, 99%% %d, most %d", len(sizes), at(0.5), at(0.9), at(0.99), sizes[len(sizes)-1])
	loader := runtime["every page"]
	for _, what := range []string{"header box, on first use", "search page"} {
		rt, within := loader+runtime[what], 0
		for _, n := range sizes {
			if rt+n <= 40000 {
				within++
			}
		}
		t.Logf("  with the loader and the runtime of the %s (%d bytes): median %d, 90%% %d, 99%% %d, most %d; %.1f %% within 40,000 bytes",
			what, rt, rt+at(0.5), rt+at(0.9), rt+at(0.99), rt+sizes[len(sizes)-1], 100*float64(within)/float64(len(sizes)))
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
