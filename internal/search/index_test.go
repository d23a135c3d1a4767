package search

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestSeparator(t *testing.T) {
	tests := []struct{ prev, next, want string }{
		{"patient", "patrol", "patr"},
		{"a", "b", "b"},
		{"care", "career", "caree"},
		{"car", "care", "care"},
		{"zz", "é", "é"},
		{"", "x", "x"},
	}
	for _, tt := range tests {
		got := separator(tt.prev, tt.next)
		if got != tt.want || !(got > tt.prev) || !strings.HasPrefix(tt.next, got) {
			t.Errorf("separator(%q, %q) = %q, want %q", tt.prev, tt.next, got, tt.want)
		}
	}
}

// decodedIndex decodes every shard of an index.
func decodedIndex(t *testing.T, fsys fstest.MapFS) (*Searcher, []*termShard) {
	t.Helper()
	s := NewSearcher(fsys)
	m, err := s.manifest()
	if err != nil {
		t.Fatal(err)
	}
	var shards []*termShard
	for i := range m.Shards {
		sh, err := s.shard(i)
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, sh)
	}
	return s, shards
}

func TestShardsFindEveryKey(t *testing.T) {
	docs := append(fixtureDocs(t), syntheticDocs(200, 3)...)
	fsys := buildFS(t, docs, jsOptions)
	s, shards := decodedIndex(t, fsys)
	m := s.m
	if len(shards) < 20 {
		t.Fatalf("%d shards; the test needs many", len(shards))
	}
	modes := map[byte]bool{}
	for i, sh := range shards {
		if len(sh.terms)+len(sh.words) == 0 {
			t.Errorf("shard %d is empty", i)
		}
		for _, e := range sh.terms {
			if got := m.shardOf(e.stem); got != i {
				t.Errorf("stem %q is in shard %d, shardOf says %d", e.stem, i, got)
			}
			if len(e.members) != e.df {
				t.Errorf("stem %q: %d members, df %d", e.stem, len(e.members), e.df)
			}
			for j := 1; j < len(e.members); j++ {
				if e.members[j] <= e.members[j-1] {
					t.Fatalf("stem %q: members not ascending", e.stem)
				}
			}
			for _, sd := range e.scored {
				if !containsDoc(e.members, sd.doc) {
					t.Errorf("stem %q: scored page %d is not a member", e.stem, sd.doc)
				}
			}
			modes[e.mode] = true
		}
		for _, w := range sh.words {
			if got := m.shardOf(w[0]); got != i {
				t.Errorf("word %q is in shard %d, shardOf says %d", w[0], i, got)
			}
			if Stem(w[0]) != w[1] {
				t.Errorf("word %q maps to %q, want its stem %q", w[0], w[1], Stem(w[0]))
			}
			for _, p := range []string{w[0][:min(3, len(w[0]))], w[0][:min(5, len(w[0]))]} {
				found := false
				for _, j := range m.prefixShards(p) {
					found = found || j == i
				}
				if !found && len(m.prefixShards(p)) < defaults.PrefixShards {
					t.Errorf("word %q (shard %d) not in prefixShards(%q) = %v", w[0], i, p, m.prefixShards(p))
				}
			}
		}
	}
	if len(modes) != 3 {
		t.Errorf("membership encodings seen: %v; want all three (scored, gaps, bitmap)", modes)
	}
}

func containsDoc(ds []int32, d int32) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func TestBuildIsDeterministic(t *testing.T) {
	docs := append(fixtureDocs(t), syntheticDocs(150, 5)...)
	a, err := Build(context.Background(), docs, jsOptions)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := append([]Doc(nil), docs...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b, err := Build(context.Background(), shuffled, jsOptions)
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := a.Files(), b.Files()
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for i := range fa {
		if fa[i].Path != fb[i].Path || !bytes.Equal(fa[i].Data, fb[i].Data) {
			t.Fatalf("%s differs between builds of the same pages in another order", fa[i].Path)
		}
		if i > 0 && fa[i-1].Path >= fa[i].Path {
			t.Fatalf("files not sorted: %s, %s", fa[i-1].Path, fa[i].Path)
		}
		if !strings.HasPrefix(fa[i].Path, "search/") {
			t.Fatalf("file %s outside search/", fa[i].Path)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	d := Doc{URL: "/a/", Kind: "article", Title: "A", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		docs []Doc
		want string
	}{
		{[]Doc{d, d}, "two pages have the URL /a/"},
		{[]Doc{{URL: "/b/", Title: "B"}}, "page /b/ has no kind"},
	}
	for _, tt := range tests {
		_, err := Build(context.Background(), tt.docs, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want an error containing %q", err, tt.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, syntheticDocs(10, 1), Options{}); err == nil {
		t.Error("Build with a cancelled context: no error")
	}
}

func TestEmptyIndex(t *testing.T) {
	fsys := buildFS(t, nil, Options{})
	res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: "anything"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("empty index found %+v", res)
	}
}

func TestCorruptShard(t *testing.T) {
	fsys := buildFS(t, fixtureDocs(t), Options{})
	p, err := gunzip(fsys["terms/0.bin"].Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, len(p) / 3, len(p) / 2, len(p) - 1} {
		if _, err := decodeShard(p[:n], 8); err == nil {
			t.Errorf("shard truncated to %d of %d bytes decoded without error", n, len(p))
		}
	}
	for name, f := range fsys {
		if strings.HasPrefix(name, "terms/") {
			fsys[name] = &fstest.MapFile{Data: f.Data[:len(f.Data)/2]}
		}
	}
	if _, err := NewSearcher(fsys).Search(context.Background(), Query{Text: "paperless"}); err == nil {
		t.Error("search over a corrupt shard: no error")
	}
}

// TestLayoutsAgree builds one corpus into shards of different sizes, so
// that stems' pages are listed in their entries in one index and in
// members files in the other, and expects the same answers from both.
func TestLayoutsAgree(t *testing.T) {
	docs := append(fixtureDocs(t), syntheticDocs(400, 13)...)
	a := NewSearcher(buildFS(t, docs, Options{ShardSize: 1200, Scored: 8, Cards: 4, FullText: -1}))
	b := NewSearcher(buildFS(t, docs, Options{ShardSize: 1 << 20, Scored: 8, Cards: 4, FullText: -1}))
	queries := []Query{
		{Text: "patient"}, {Text: "patient", Limit: 3}, {Text: "patient", Limit: 7}, {Text: "digital", Offset: 10},
		{Text: "records", Kinds: []string{"article"}}, {Text: "cloud migration"}, {Text: "cloud mig"}, {Text: "clo"},
		{Text: "leadership", Years: []int{2018}}, {Text: "paperless"}, {Text: "wannacry"}, {Text: "clinical safety", Limit: 4},
	}
	sawMembers := false
	for _, q := range queries {
		ra, err := a.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ra.Read {
			sawMembers = sawMembers || strings.HasPrefix(r, "members/")
		}
		ra.Read, rb.Read, ra.Bytes, rb.Bytes = nil, nil, 0, 0
		ja, _ := json.Marshal(ra)
		jb, _ := json.Marshal(rb)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%+v: small shards give\n%s\nlarge ones\n%s", q, ja, jb)
		}
	}
	if !sawMembers {
		t.Error("no query read a members file: the test does not test them")
	}
}
