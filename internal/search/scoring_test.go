package search

import (
	"bytes"
	"context"
	"slices"
	"testing"
)

// TestRescoredPages builds pages through a cache that has built others and
// counts the pages the scoring reads again: only the changed ones, and
// those that share a stem whose number of pages changed, unless the
// number of pages or an average changed. The index is always the one a
// build without the cache makes.
func TestRescoredPages(t *testing.T) {
	base := syntheticDocs(200, 7)
	// Two pages share a word no other page has.
	for _, i := range []int{10, 11} {
		base[i].Sections = slices.Clone(base[i].Sections)
		base[i].Sections[0].Text += " A quokka visited."
	}
	edit := func(i int, text string) []Doc {
		docs := slices.Clone(base)
		docs[i].Sections = slices.Clone(docs[i].Sections)
		docs[i].Sections[0].Text += text
		return docs
	}
	added := append(slices.Clone(base), syntheticDocs(1, 8)[0])
	added[len(added)-1].URL = "/articles/added/"
	tests := []struct {
		name     string
		docs     []Doc
		viaFile  bool // the cache is encoded and decoded in between
		rescored int  // -1: every page
	}{
		{"nothing changed", base, false, 0},
		{"nothing changed, through a file", base, true, 0},
		{"a page's own words again", edit(5, " "+base[5].Title), false, 1},
		{"a page's own words again, through a file", edit(5, " "+base[5].Title), true, 1},
		{"a word no page had", edit(5, " Zyxquv."), false, 1},
		{"a word two other pages have", edit(5, " Another quokka."), false, 3},
		{"a word two other pages have, through a file", edit(5, " Another quokka."), true, 3},
		{"a page added", added, false, -1},
		{"a page removed", base[1:], false, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cachedBuild(t, base, nil)
			if tt.viaFile {
				dec := &Cache{}
				if err := dec.UnmarshalBinary(encodeCache(t, c)); err != nil {
					t.Fatal(err)
				}
				if dec.last == nil {
					t.Fatal("the decoded cache has not what the pages were scored with")
				}
				c = dec
			}
			b, err := newBuilder(context.Background(), tt.docs, Options{Cache: c}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			want := tt.rescored
			if want < 0 {
				want = len(tt.docs)
			}
			if b.rescored != want {
				t.Errorf("%d pages scored again, want %d", b.rescored, want)
			}
			// The cache scored them: another build with them changes nothing.
			if b, err := newBuilder(context.Background(), tt.docs, Options{Cache: c}.withDefaults()); err != nil || b.rescored != 0 {
				t.Errorf("built again: %d pages scored again (%v), want 0", b.rescored, err)
			}
			if err := sameFiles(indexFiles(t, tt.docs, Options{Cache: c}), indexFiles(t, tt.docs, Options{})); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestQuantiseAvg checks that averages are rounded to the nearest step, and
// stay put for small changes.
func TestQuantiseAvg(t *testing.T) {
	for _, x := range []float64{0.3, 1, 7.5, 123.456, 2048, 1e6} {
		q := quantiseAvg(x)
		if r := q / x; r < 0.978 || r > 1.023 {
			t.Errorf("quantiseAvg(%g) = %g, %.3f of it", x, q, r)
		}
		if quantiseAvg(q) != q {
			t.Errorf("quantiseAvg(%g) = %g is not a step", x, q)
		}
	}
	for _, x := range []float64{0, -1} {
		if q := quantiseAvg(x); q != x {
			t.Errorf("quantiseAvg(%g) = %g, want it as it is", x, q)
		}
	}
	// A few words more on a site of 10,000 pages of 600 words.
	if a, b := quantiseAvg(600), quantiseAvg(600+3.0/10000); a != b {
		t.Errorf("quantiseAvg moved from %g to %g for an edit", a, b)
	}
}

// TestCacheCopiesChunks encodes a decoded cache after builds of other
// pages: the chunks of pages that are as they were decoded are copied,
// and the encoding is the one encoding every chunk gives.
func TestCacheCopiesChunks(t *testing.T) {
	base := syntheticDocs(1100, 3) // four buckets
	add := func(docs []Doc, text string, idx ...int) []Doc {
		docs = slices.Clone(docs)
		for _, i := range idx {
			docs[i].Sections = slices.Clone(docs[i].Sections)
			docs[i].Sections[0].Text += text
		}
		return docs
	}
	edit := func(idx ...int) []Doc { return add(base, " A quokka visited.", idx...) }
	// Pages 10 and 11 alone have a word: a page that gets it changes
	// their postings, not their keys.
	base = add(base, " A numbat visited.", 10, 11)
	buckets := bucketsFor(len(base))
	tests := []struct {
		name      string
		docs      []Doc
		synonyms  [][]string
		minCopied int
		maxCopied int
	}{
		{"nothing changed", base, nil, buckets, buckets},
		// The chunks of the pages that changed are encoded again, and
		// those of pages whose cards' excerpts or postings did.
		{"one page changed", edit(7), nil, 1, buckets - 1},
		{"three pages changed", edit(7, 500, 1000), nil, 0, buckets - 1},
		{"the postings of two other pages changed", add(base, " A numbat.", 7), nil, 0, buckets - 1},
		{"every page changed", edit(identityInts(len(base))...), nil, 0, 0},
		{"other synonyms", base, synGroups, 0, 0},
	}
	encoded := encodeCache(t, cachedBuild(t, base, nil))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := &Cache{}
			if err := dec.UnmarshalBinary(slices.Clone(encoded)); err != nil {
				t.Fatal(err)
			}
			want := indexFiles(t, tt.docs, Options{Synonyms: tt.synonyms})
			if err := sameFiles(indexFiles(t, tt.docs, Options{Cache: dec, Synonyms: tt.synonyms}), want); err != nil {
				t.Fatal(err)
			}
			copied, err := dec.appendBinary(nil, true)
			if err != nil {
				t.Fatal(err)
			}
			if dec.copied < tt.minCopied || dec.copied > tt.maxCopied {
				t.Errorf("%d chunks of %d copied, want %d to %d", dec.copied, buckets, tt.minCopied, tt.maxCopied)
			}
			encoded, err := dec.appendBinary(nil, false)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(copied, encoded) {
				t.Fatalf("the encoding with copied chunks (%d bytes) is not the one encoding them gives (%d)", len(copied), len(encoded))
			}
			again := &Cache{}
			if err := again.UnmarshalBinary(copied); err != nil {
				t.Fatal(err)
			}
			// (A decoded cache builds as the one it came from does:
			// TestCacheRoundTrip.)
			if err := samePages(again, dec); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func identityInts(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
