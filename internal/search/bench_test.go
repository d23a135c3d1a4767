package search

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// BenchmarkSearchIndex10k builds the index of a 10,000-page synthetic
// corpus (about 700 words a page). Besides the wall time it reports the
// CPU time per build (cpu-s/op: user and system time of the process, where
// the system reports it), the index's size and its files.
func BenchmarkSearchIndex10k(b *testing.B) {
	docs := syntheticDocs(10000, 1)
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	b.ResetTimer()
	var size, files int
	for b.Loop() {
		ix, err := Build(context.Background(), docs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		size, files = 0, len(ix.Files())
		for _, f := range ix.Files() {
			size += len(f.Data)
		}
	}
	if cpu0 >= 0 {
		b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(float64(size), "index-bytes")
	b.ReportMetric(float64(files), "files")
}

// BenchmarkSearchQuery answers a two-word query on the 10,000-page index
// with every file already read, as in a browser after the first query.
func BenchmarkSearchQuery(b *testing.B) {
	fsys := buildFS(b, syntheticDocs(10000, 1), Options{})
	s := NewSearcher(fsys)
	q := Query{Text: "cloud migration"}
	if _, err := s.Search(context.Background(), q); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchRebuild10k rebuilds the 10,000-page index with a Cache
// after one page changed, as watch mode does.
func BenchmarkSearchRebuild10k(b *testing.B) {
	docs := syntheticDocs(10000, 1)
	c := &Cache{}
	if _, err := Build(context.Background(), docs, Options{Cache: c}); err != nil {
		b.Fatal(err)
	}
	text := docs[0].Sections[0].Text
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		docs[0].Sections[0].Text = text + fmt.Sprintf(" Edit %d.", i)
		if _, err := Build(context.Background(), docs, Options{Cache: c}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchIndex10kSynonyms is BenchmarkSearchIndex10k with the
// theme's default synonyms, as a site build indexes.
func BenchmarkSearchIndex10kSynonyms(b *testing.B) {
	docs := syntheticDocs(10000, 1)
	p, err := os.ReadFile("../../themes/nhs/data/synonyms.txt")
	if err != nil {
		b.Fatal(err)
	}
	groups, _ := ParseSynonyms(p)
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(context.Background(), docs, Options{Synonyms: groups}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu0 >= 0 {
		b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
	}
}
