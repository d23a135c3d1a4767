package search

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// hostileDoc is one page with many tags and many distinct words, the
// shape that made the index builder take 1.5 GB for a 211 KB page.
func hostileDoc(tags, words int) Doc {
	d := Doc{URL: "/articles/hostile/", Kind: "article", Title: "Hostile", Summary: "s"}
	for i := range tags {
		d.Tags = append(d.Tags, "topic"+strconv.Itoa(i))
	}
	var b strings.Builder
	for i := range words {
		// Distinct words of letters only, so each is its own stem.
		n := i
		for range 4 {
			b.WriteByte("bcdfghjklmnpqrstvwz"[n%19])
			b.WriteByte("aeiou"[n/19%5])
			n /= 95
		}
		b.WriteByte(' ')
	}
	d.Sections = []Section{{Text: b.String()}}
	return d
}

// TestIndexMemoryOfHostilePage builds the index of one page with 2,000
// tags and 20,000 distinct words. Each stem's facet counts, which the
// format stores, hold an entry per tag of its pages, 40 million in all:
// the builder keeps them as the bytes it writes (a few bytes each), at
// most a few copies at a time, rather than as pairs of ints. The bytes
// allocated stay under 640 MB (3.1 GB before; about 390 MB now);
// content.MaxListItems keeps real pages to 100 tags, a twentieth of this.
func TestIndexMemoryOfHostilePage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the hostile page skipped")
	}
	docs := []Doc{hostileDoc(2000, 20000)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix, err := Build(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	var size int
	for _, f := range ix.Files() {
		size += len(f.Data)
	}
	t.Logf("%d MB allocated; the index is %d files, %d KB compressed", alloc>>20, len(ix.Files()), size>>10)
	if raceEnabled {
		t.Log("the race detector is on: the bound is checked without it")
		return
	}
	if alloc > 640<<20 {
		t.Errorf("building the index allocated %d MB; the bound is 640 MB", alloc>>20)
	}
}
