package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// indexFiles builds docs and returns the index's files.
func indexFiles(t testing.TB, docs []Doc, opt Options) []File {
	t.Helper()
	ix, err := Build(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return ix.Files()
}

// sameFiles reports the first difference between two indexes.
func sameFiles(got, want []File) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d files, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			return fmt.Errorf("%s differs", got[i].Path)
		}
	}
	return nil
}

// encodeCache encodes c.
func encodeCache(t testing.TB, c *Cache) []byte {
	t.Helper()
	data, err := c.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// cachedBuild returns a Cache that has built docs with synonyms.
func cachedBuild(t testing.TB, docs []Doc, synonyms [][]string) *Cache {
	t.Helper()
	c := &Cache{}
	indexFiles(t, docs, Options{Cache: c, Synonyms: synonyms})
	return c
}

// describePage writes a page with its words and stems spelled out, so that
// pages read with different lexicons compare.
func describePage(p *pageText, lex *lexicon) string {
	var b strings.Builder
	fmt.Fprintf(&b, "identity %d lens %v sections %v\n", p.identity, p.lens, p.secLens)
	from := int32(0)
	for _, sp := range p.spans {
		fmt.Fprintf(&b, "field %d section %d offset %d:", sp.field, sp.sec, sp.offset)
		for j := from; j < sp.end; j++ {
			switch c := p.codes[j]; {
			case c&codeJoined != 0:
				j++
				fmt.Fprintf(&b, " ^%d:%q", c&^codeJoined, lex.words[p.codes[j]].word)
			case c >= codeSkip:
				fmt.Fprintf(&b, " +%d", c-codeSkip)
			default:
				e := lex.words[c]
				fmt.Fprintf(&b, " %q/%q/%v/%v", e.word, lex.stems[e.stem], e.stop, e.differ)
			}
		}
		from = sp.end
		b.WriteByte('\n')
	}
	b.WriteString("stems:")
	for _, s := range p.stems {
		fmt.Fprintf(&b, " %q", lex.stems[s])
	}
	return b.String()
}

// samePages reports the first difference between the pages of two caches.
func samePages(got, want *Cache) error {
	if len(got.pages) != len(want.pages) {
		return fmt.Errorf("%d pages, want %d", len(got.pages), len(want.pages))
	}
	for k, w := range want.pages {
		g, ok := got.pages[k]
		if !ok {
			return fmt.Errorf("page %x is missing", k[:4])
		}
		if a, b := describePage(g, got.lex), describePage(w, want.lex); a != b {
			return fmt.Errorf("page %x is\n%s\nwant\n%s", k[:4], a, b)
		}
	}
	if len(got.gz) != len(want.gz) {
		return fmt.Errorf("%d files, want %d", len(got.gz), len(want.gz))
	}
	for k, w := range want.gz {
		if !bytes.Equal(got.gz[k], w) {
			return fmt.Errorf("file %x differs", k[:4])
		}
	}
	if got.syn != want.syn {
		return fmt.Errorf("synonyms %x, want %x", got.syn[:4], want.syn[:4])
	}
	if a, b := describeExcerpts(got), describeExcerpts(want); a != b {
		return fmt.Errorf("excerpts\n%s\nwant\n%s", a, b)
	}
	return nil
}

// describeExcerpts writes the excerpts a cache keeps for its pages, with
// their stems spelled out, sorted, so that caches with different lexicons
// compare.
func describeExcerpts(c *Cache) string {
	var lines []string
	for k := range maps.Keys(c.pages) {
		for _, e := range c.excerpts[k] {
			lines = append(lines, fmt.Sprintf("%x section %d %q: %+v", k[:4], e.sec, c.lex.stems[e.stem], e.at))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// persistDocs are the pages the round trips start from: the fixture,
// synthetic pages and pages with synonyms.
func persistDocs(t testing.TB) []Doc {
	docs := append(fixtureDocs(t), syntheticDocs(60, 11)...)
	return append(docs, synDocs()...)
}

// TestCacheRoundTrip decodes a cache in a new Cache and builds other sets
// of pages with it: the index is the one a clean build makes, and the one
// the original cache makes.
func TestCacheRoundTrip(t *testing.T) {
	base := persistDocs(t)
	// Edits make new slices, leaving base as it is.
	changed := slices.Clone(base)
	changed[3].Title = "A retitled page about telehealth"
	changed[7].Sections = append([]Section{{Heading: "New", Text: "A new opening paragraph about an EPR."}}, changed[7].Sections...)
	added := append(slices.Clone(base), syntheticDocs(3, 99)...)
	for i := range added[len(base):] {
		added[len(base)+i].URL = fmt.Sprintf("/articles/added-%d/", i)
	}
	removed := slices.Delete(slices.Clone(base), 2, 9)
	all := slices.Delete(slices.Clone(added), 2, 9)
	all[0].Summary = "Another summary, about accident and emergency."
	tests := []struct {
		name     string
		docs     []Doc
		synonyms [][]string
	}{
		{"the same pages", base, synGroups},
		{"a page changed", changed, synGroups},
		{"pages added", added, synGroups},
		{"pages removed", removed, synGroups},
		{"pages changed, added and removed", all, synGroups},
		{"fewer synonyms", base, synGroups[:2]},
		{"no synonyms", changed, nil},
		{"one page", base[:1], synGroups},
		{"other pages", syntheticDocs(20, 5), synGroups},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := cachedBuild(t, base, synGroups)
			data, err := orig.AppendBinary([]byte("prefix"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte("prefix")) {
				t.Fatal("AppendBinary did not append")
			}
			data = data[len("prefix"):]
			dec := &Cache{}
			if err := dec.UnmarshalBinary(slices.Clone(data)); err != nil {
				t.Fatal(err)
			}
			if err := samePages(dec, orig); err != nil {
				t.Fatalf("decoded: %v", err)
			}
			if len(dec.excerpts) == 0 {
				t.Fatal("no excerpts decoded")
			}
			if len(dec.lex.words) > len(orig.lex.words) {
				t.Errorf("the decoded lexicon has %d words, the original %d", len(dec.lex.words), len(orig.lex.words))
			}
			if again := encodeCache(t, dec); !bytes.Equal(again, data) {
				t.Errorf("the decoded cache encodes to %d other bytes than the %d it came from", len(again), len(data))
			}
			opt := Options{Synonyms: tt.synonyms}
			want := indexFiles(t, tt.docs, opt)
			for _, c := range []struct {
				name  string
				cache *Cache
			}{{"decoded", dec}, {"original", orig}, {"zero", &Cache{}}} {
				for round := range 2 {
					opt.Cache = c.cache
					if err := sameFiles(indexFiles(t, tt.docs, opt), want); err != nil {
						t.Errorf("%s cache, round %d: %v", c.name, round, err)
					}
				}
			}
			// The decoded cache encodes what it keeps now.
			re := &Cache{}
			if err := re.UnmarshalBinary(encodeCache(t, dec)); err != nil {
				t.Fatal(err)
			}
			if err := samePages(re, dec); err != nil {
				t.Errorf("after building: %v", err)
			}
		})
	}
}

// TestCacheChunks round-trips a cache of pages in several chunks.
func TestCacheChunks(t *testing.T) {
	docs := syntheticDocs(2*chunkPages+100, 3)
	orig := cachedBuild(t, docs, nil)
	data := encodeCache(t, orig)
	dec := &Cache{}
	if err := dec.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if err := samePages(dec, orig); err != nil {
		t.Fatal(err)
	}
	if again := encodeCache(t, dec); !bytes.Equal(again, data) {
		t.Error("the decoded cache encodes to other bytes")
	}
	docs[chunkPages+1].Title = "Changed"
	want := indexFiles(t, docs, Options{})
	if err := sameFiles(indexFiles(t, docs, Options{Cache: dec}), want); err != nil {
		t.Error(err)
	}
}

// TestCacheEmpty round-trips empty caches.
func TestCacheEmpty(t *testing.T) {
	docs := synDocs()
	want := indexFiles(t, docs, Options{Synonyms: synGroups})
	for _, c := range []*Cache{{}, cachedBuild(t, nil, nil)} {
		dec := &Cache{}
		if err := dec.UnmarshalBinary(encodeCache(t, c)); err != nil {
			t.Fatal(err)
		}
		if len(dec.pages) != 0 {
			t.Errorf("%d pages from an empty cache", len(dec.pages))
		}
		if err := sameFiles(indexFiles(t, docs, Options{Cache: dec, Synonyms: synGroups}), want); err != nil {
			t.Error(err)
		}
	}
}

// withChecksum returns data with the checksum its payload needs, so that
// what a test changed in the payload reaches the decoder.
func withChecksum(data []byte) []byte {
	if len(data) < cacheHeader {
		return data
	}
	data = slices.Clone(data)
	binary.LittleEndian.PutUint32(data[len(cacheMagic)+1:], crc32.Checksum(data[cacheHeader:], crcTable))
	return data
}

// checkDecoded decodes data into a Cache: an error must leave it empty;
// data that decodes must encode again to data that decodes to the same,
// and build docs without a panic or an error.
func checkDecoded(t testing.TB, data []byte, docs []Doc) (decoded bool, err error) {
	var c Cache
	if err := c.UnmarshalBinary(data); err != nil {
		if c.lex != nil || c.pages != nil || c.gz != nil || c.syn != [32]byte{} || c.excerpts != nil {
			return false, fmt.Errorf("an error (%v) left the cache with contents", err)
		}
		return false, nil
	}
	again, err := c.AppendBinary(nil)
	if err != nil {
		return true, fmt.Errorf("encoding the decoded cache: %v", err)
	}
	var c2 Cache
	if err := c2.UnmarshalBinary(again); err != nil {
		return true, fmt.Errorf("decoding the decoded cache's encoding: %v", err)
	}
	if once, _ := c2.AppendBinary(nil); !bytes.Equal(once, again) {
		return true, fmt.Errorf("the decoded cache's encoding encodes differently")
	}
	if _, err := Build(context.Background(), docs, Options{Cache: &c, Synonyms: synGroups}); err != nil {
		return true, fmt.Errorf("building with it: %v", err)
	}
	return true, nil
}

// TestCacheUnmarshalCorrupt changes every byte of an encoding in turn
// (which the checksum catches) and cuts it short at every length, then
// changes every byte of its payload with the checksum made to match, as
// forged data would be: the decoder must reject it or take it without
// harm.
func TestCacheUnmarshalCorrupt(t *testing.T) {
	docs := synDocs()[:3]
	clean := indexFiles(t, docs, Options{Synonyms: synGroups})
	data := encodeCache(t, cachedBuild(t, docs, synGroups))
	try := func(what string, bad []byte, mustFail bool) bool {
		t.Helper()
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%s: panic: %v", what, r)
			}
		}()
		decoded, err := checkDecoded(t, bad, docs)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if decoded && mustFail {
			t.Fatalf("%s: no error", what)
		}
		return decoded
	}
	step := 1
	if testing.Short() || raceEnabled {
		step = 13
	}
	for i := 0; i < len(data); i += step {
		bad := slices.Clone(data)
		bad[i] ^= 0x55
		try(fmt.Sprintf("byte %d changed", i), bad, true)
		try(fmt.Sprintf("cut to %d bytes", i), withChecksum(data[:i]), true)
	}
	taken := 0
	for i := cacheHeader; i < len(data); i += step {
		bad := slices.Clone(data)
		bad[i] ^= 1 << (i % 8)
		if try(fmt.Sprintf("payload byte %d ^ %#x", i, 1<<(i%8)), withChecksum(bad), false) {
			taken++
		}
	}
	t.Logf("%d bytes; with the checksum mended, %d changes of one byte decoded", len(data), taken)
	// A cache that failed to decode is empty and builds the clean index.
	var c Cache
	if err := c.UnmarshalBinary(data[:len(data)-1]); err == nil {
		t.Fatal("no error")
	}
	if err := sameFiles(indexFiles(t, docs, Options{Cache: &c, Synonyms: synGroups}), clean); err != nil {
		t.Error(err)
	}
	if err := c.UnmarshalBinary(slices.Concat(data[:4], []byte{cacheVersion + 1}, data[5:])); err == nil || !strings.Contains(err.Error(), "format") {
		t.Errorf("another format version: %v", err)
	}
}

// TestCacheConcurrent encodes a cache and decodes into it while builds
// use it: each build still makes the clean index, and so does the next.
func TestCacheConcurrent(t *testing.T) {
	docs := persistDocs(t)
	other := syntheticDocs(30, 7)
	want := map[int][]File{}
	for i := range 2 {
		want[i] = indexFiles(t, [][]Doc{docs, other}[i], Options{Synonyms: synGroups})
	}
	c := cachedBuild(t, docs, synGroups)
	data := encodeCache(t, cachedBuild(t, other, synGroups))
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			switch i % 3 {
			case 0, 1:
				ix, err := Build(context.Background(), [][]Doc{docs, other}[i%3], Options{Cache: c, Synonyms: synGroups})
				if err == nil {
					err = sameFiles(ix.Files(), want[i%3])
				}
				if err != nil {
					t.Error(err)
				}
			case 2:
				if _, err := c.AppendBinary(nil); err != nil {
					t.Error(err)
				}
				if err := c.UnmarshalBinary(data); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i, docs := range [][]Doc{docs, other} {
		if err := sameFiles(indexFiles(t, docs, Options{Cache: c, Synonyms: synGroups}), want[i]); err != nil {
			t.Errorf("after: %v", err)
		}
	}
}

// FuzzCacheUnmarshal decodes changed encodings. The inputs are a few
// kilobytes and each builds an index, so minimizing one takes minutes:
// run it with -fuzzminimizetime 5s.
func FuzzCacheUnmarshal(f *testing.F) {
	docs := synDocs()
	f.Add(encodeCache(f, cachedBuild(f, docs, synGroups)))
	f.Add(encodeCache(f, cachedBuild(f, docs[:2], nil)))
	f.Add(encodeCache(f, &Cache{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Cache
		c.UnmarshalBinary(data)
		// Most changes fail the checksum; mend it to reach the decoder.
		if _, err := checkDecoded(t, withChecksum(data), docs); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkCacheEncode10k encodes the cache of the 10,000-page corpus.
func BenchmarkCacheEncode10k(b *testing.B) {
	c := cachedBuild(b, syntheticDocs(10000, 1), nil)
	var data []byte
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for b.Loop() {
		data = encodeCache(b, c)
	}
	b.StopTimer()
	reportCacheSize(b, c, data, cpu0)
}

// BenchmarkCacheDecode10k decodes the cache of the 10,000-page corpus.
func BenchmarkCacheDecode10k(b *testing.B) {
	c := cachedBuild(b, syntheticDocs(10000, 1), nil)
	data := encodeCache(b, c)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for b.Loop() {
		var d Cache
		if err := d.UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportCacheSize(b, c, data, cpu0)
}

// reportCacheSize reports the CPU time since cpu0, and the size of an
// encoding and of its compressed files.
func reportCacheSize(b *testing.B, c *Cache, data []byte, cpu0 float64) {
	if cpu0 >= 0 {
		b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
	}
	gz := 0
	for _, p := range c.gz {
		gz += len(p) + 33
	}
	b.ReportMetric(float64(len(data)), "bytes")
	b.ReportMetric(float64(gz), "gz-bytes")
	b.ReportMetric(float64(len(c.pages)), "pages")
}

// BenchmarkSearchRestart10k is what a build in a new process does with a
// cache from the last: decode it, then build the 10,000-page index after
// one page changed. Without files it keeps only the pages and lexicon, and
// compresses every file again.
func BenchmarkSearchRestart10k(b *testing.B) {
	docs := syntheticDocs(10000, 1)
	c := cachedBuild(b, docs, nil)
	full := encodeCache(b, c)
	c.gz = nil
	noFiles := encodeCache(b, c)
	text := docs[0].Sections[0].Text
	for _, bc := range []struct {
		name string
		data []byte
	}{{"files", full}, {"nofiles", noFiles}} {
		b.Run(bc.name, func(b *testing.B) {
			cpu0 := cpuSeconds()
			for i := 0; b.Loop(); i++ {
				var d Cache
				if err := d.UnmarshalBinary(bc.data); err != nil {
					b.Fatal(err)
				}
				docs[0].Sections[0].Text = text + fmt.Sprintf(" Edit %d.", i)
				if _, err := Build(context.Background(), docs, Options{Cache: &d}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu0 >= 0 {
				b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
			}
			b.ReportMetric(float64(len(bc.data)), "bytes")
		})
	}
}

// TestCacheUnmarshalAllocation decodes data whose counts claim as much as
// the bytes after them allow: the decoder allocates in proportion to the
// data's length.
func TestCacheUnmarshalAllocation(t *testing.T) {
	const size = 1 << 20
	uv := binary.AppendUvarint
	head := func(b []byte) []byte { return append(append(b, cacheMagic...), cacheVersion, 0, 0, 0, 0) }
	pad := func(b []byte) []byte { return withChecksum(append(b, make([]byte, size)...)) }
	syn := make([]byte, 32)
	lexicon := uv(uv(append(head(nil), syn...), 0), 0) // no stems, no words
	// chunkAfter is a chunk of the counts and page, after lex.
	chunkAfter := func(lex []byte, counts []int, page []byte) []byte {
		var body []byte
		for _, n := range counts {
			body = uv(body, uint64(n))
		}
		body = append(body, page...)
		body = append(body, make([]byte, size)...)
		return withChecksum(append(uv(uv(slices.Clone(lex), 1), uint64(len(body))), body...))
	}
	chunk := func(counts ...int) []byte { return chunkAfter(lexicon, counts, nil) }
	// A lexicon of one stem and no word, and a page without words or
	// sections whose excerpts the rest of the data could hold.
	oneStem := uv(append(uv(uv(append(head(nil), syn...), 1), 1), 'x'), 0)
	page := append(make([]byte, 32), identityFields, 0, 0, 0, 0, 0, 0)
	page = uv(page, size/5)
	tests := map[string][]byte{
		"stems":    pad(uv(append(head(nil), syn...), size)),
		"words":    pad(uv(uv(uv(append(head(nil), syn...), 1), 0), size/2)),
		"chunks":   pad(uv(slices.Clone(lexicon), size/46)),
		"texts":    chunk(size/40, size, size/2, size, size),
		"a page":   chunk(1, size, size/2, size, size),
		"excerpts": chunkAfter(oneStem, []int{1, 2, 0, 0, 0}, page),
		"files":    pad(uv(uv(slices.Clone(lexicon), 0), size/33)),
	}
	for name, data := range tests {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var c Cache
		err := c.UnmarshalBinary(data)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 64*uint64(len(data)) {
			t.Errorf("%s: decoding %d bytes allocated %d", name, len(data), n)
		} else {
			t.Logf("%s: decoding %d bytes allocated %d (%v)", name, len(data), n, err)
		}
	}
}
