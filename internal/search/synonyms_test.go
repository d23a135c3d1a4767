package search

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseSynonyms(t *testing.T) {
	src := `# comment
EPR, EPRs, electronic patient record

  A&E ,accident and emergency
GP
IT, information technology
, ,
x, x
&&&, and
`
	groups, errs := ParseSynonyms([]byte(src))
	want := [][]string{{"EPR", "EPRs", "electronic patient record"}, {"A&E", "accident and emergency"}}
	if len(groups) != len(want) {
		t.Fatalf("groups %q, want %q", groups, want)
	}
	for i := range want {
		if strings.Join(groups[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("group %d: %q, want %q", i, groups[i], want[i])
		}
	}
	wantErrs := []struct {
		line int
		msg  string
	}{
		{5, "want two terms or more"},
		{6, `"IT" is only stop words`},
		{7, "want two terms or more"},
		{8, "want two terms or more"},
		{9, `"&&&" has no words`},
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %v, want %d", errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		if errs[i].Line != w.line || !strings.Contains(errs[i].Err.Error(), w.msg) {
			t.Errorf("error %d: line %d: %v; want line %d: %s", i, errs[i].Line, errs[i].Err, w.line, w.msg)
		}
	}
}

func FuzzParseSynonyms(f *testing.F) {
	f.Add([]byte("EPR, electronic patient record\nA&E, accident and emergency\n# x\n"))
	f.Add([]byte(",,,\n\n\r\nβ, γ δ\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		groups, errs := ParseSynonyms(data)
		for _, g := range groups {
			if err := CheckSynonyms(g); err != nil {
				t.Fatalf("group %q was kept but %v", g, err)
			}
		}
		for _, e := range errs {
			if e.Err == nil {
				t.Fatal("an error without a message")
			}
		}
		// Every group compiles, and indexes.
		if st := compileSynonyms(newLexicon(), groups); len(groups) > 0 && st == nil {
			t.Fatal("groups compiled to nothing")
		}
	})
}

// synDocs are pages that say a thing one way or another.
func synDocs() []Doc {
	d := day(2020, 1, 1)
	return []Doc{
		page("/epr-title/", "Our electronic patient record goes live", "The new system.", d),
		page("/epr-body/", "Notes", "We bought an EPR last year.", d.AddDate(0, 0, 1)),
		page("/epr-plural/", "Notes", "Two electronic patient records merged.", d.AddDate(0, 0, 2)),
		page("/ae/", "Notes", "Waiting in A&E is too long.", d.AddDate(0, 0, 3)),
		page("/accident/", "Notes", "The accident and emergency department.", d.AddDate(0, 0, 4)),
		page("/access/", "Notes", "Access to the building.", d.AddDate(0, 0, 5)),
		page("/a11y/", "Notes", "Accessibility of the website.", d.AddDate(0, 0, 6)),
		page("/scattered/", "Notes", "Electronic forms for each patient are on the record.", d.AddDate(0, 0, 7)),
	}
}

var synGroups = [][]string{
	{"EPR", "EPRs", "electronic patient record", "electronic patient records"},
	{"A&E", "accident and emergency"},
	{"a11y", "accessibility"},
}

func TestSynonyms(t *testing.T) {
	fsys := buildFS(t, synDocs(), Options{Synonyms: synGroups})
	tests := []struct {
		query string
		want  []string // the results, in any order but the first
		first string
	}{
		{"EPR", []string{"/epr-title/", "/epr-body/", "/epr-plural/"}, "/epr-title/"},
		{"electronic patient record", []string{"/epr-title/", "/epr-body/", "/epr-plural/", "/scattered/"}, "/epr-title/"},
		{"A&E", []string{"/ae/", "/accident/"}, ""},
		{"accident and emergency", []string{"/ae/", "/accident/"}, ""},
		{"a11y", []string{"/a11y/"}, "/a11y/"},                // a word matches as written: not "access"
		{"accessibility", []string{"/access/", "/a11y/"}, ""}, // its stem is "access"
		{"emergency", []string{"/accident/"}, ""},             // a part of a term is not the term
	}
	for _, tt := range tests {
		res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, h := range res.Hits {
			page, _, _ := strings.Cut(h.URL, "#")
			got[page] = true
		}
		ok := len(got) == len(tt.want)
		for _, w := range tt.want {
			ok = ok && got[w]
		}
		if !ok || tt.first != "" && (len(res.Hits) == 0 || res.Hits[0].URL != tt.first) {
			t.Errorf("%q: got %v, want %v first %q", tt.query, urls(res), tt.want, tt.first)
		}
	}

	// The terms are marked in the results: the phrase's words in a row,
	// not each word anywhere.
	res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: "EPR"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		var marked []string
		for _, s := range append(append([]Segment{}, h.Title...), h.Excerpt...) {
			if s.Mark {
				marked = append(marked, s.Text)
			}
		}
		if len(marked) == 0 {
			t.Errorf("%s: nothing marked in %+v", h.URL, h)
		}
		for _, m := range marked {
			if !strings.Contains("electronic patient record records EPR", m) {
				t.Errorf("%s: %q marked", h.URL, m)
			}
		}
	}

	// Without the groups, none of this.
	plain := buildFS(t, synDocs(), Options{})
	res, err = NewSearcher(plain).Search(context.Background(), Query{Text: "EPR"})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); len(got) != 1 || got[0] != "/epr-body/" {
		t.Errorf("without synonyms, EPR finds %v", got)
	}
}

// TestSynonymsCache shows that a Cache does not keep pages read with other
// synonyms.
func TestSynonymsCache(t *testing.T) {
	var c Cache
	for _, tt := range []struct {
		groups [][]string
		want   int
	}{{nil, 1}, {synGroups, 3}, {nil, 1}} {
		ix, err := Build(context.Background(), synDocs(), Options{Cache: &c, Synonyms: tt.groups})
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{}
		for _, f := range ix.Files() {
			fsys[strings.TrimPrefix(f.Path, "search/")] = &fstest.MapFile{Data: f.Data}
		}
		res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: "EPR"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != tt.want {
			t.Errorf("with %d groups: %d results, want %d", len(tt.groups), res.Total, tt.want)
		}
	}
}
