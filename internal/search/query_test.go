package search

import (
	"context"
	"strings"
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// run builds docs and answers q.
func run(t *testing.T, docs []Doc, q Query) *Results {
	t.Helper()
	res, err := NewSearcher(buildFS(t, docs, Options{})).Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func urls(res *Results) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.URL)
	}
	return out
}

// filler is neutral body text, so that pages differ only where a test says.
const filler = "Teams review plans with partners and share notes about weekly meetings across several regions. "

func page(url, title, body string, date time.Time) Doc {
	return Doc{URL: url, Kind: "article", Title: title, Summary: "A page.", Date: date,
		Sections: []Section{{Text: strings.Repeat(filler, 3) + body}}}
}

func TestRanking(t *testing.T) {
	d := day(2020, 1, 1)
	tests := []struct {
		name  string
		docs  []Doc
		query string
		want  []string
	}{
		{"title above body", []Doc{
			page("/body/", "Weekly notes", "Cloud hosting, cloud costs, cloud contracts and cloud staff.", d.AddDate(1, 0, 0)),
			page("/title/", "Moving to the cloud", "Hosting costs.", d),
		}, "cloud", []string{"/title/", "/body/"}},
		{"tag above body", []Doc{
			page("/body/", "Weekly notes", "Cloud hosting, cloud costs, cloud contracts and cloud staff.", d.AddDate(1, 0, 0)),
			func() Doc {
				p := page("/tag/", "Weekly notes", "Hosting costs.", d)
				p.Tags = []string{"cloud"}
				return p
			}(),
		}, "cloud", []string{"/tag/", "/body/"}},
		{"more mentions above fewer", []Doc{
			page("/one/", "Notes", "The cloud.", d.AddDate(1, 0, 0)),
			page("/three/", "Notes", "The cloud, the cloud and the cloud.", d),
		}, "cloud", []string{"/three/", "/one/"}},
		{"newer first among equals", []Doc{
			page("/old/", "Notes", "The cloud.", d),
			page("/new/", "Notes", "The cloud.", d.AddDate(0, 0, 1)),
			page("/undated/", "Notes", "The cloud.", time.Time{}),
		}, "cloud", []string{"/new/", "/old/", "/undated/"}},
		{"adjacent words above scattered ones", []Doc{
			page("/scattered/", "Notes", "The target for records is set. Going paperless takes time.", d.AddDate(1, 0, 0)),
			page("/phrase/", "Notes", "The records are set. The paperless target takes time.", d),
		}, "paperless target", []string{"/phrase/", "/scattered/"}},
		{"phrase in the title", []Doc{
			page("/scattered/", "Target for a paperless ward", "Notes.", d.AddDate(1, 0, 0)),
			page("/phrase/", "A paperless target for wards", "Notes.", d),
		}, "paperless target", []string{"/phrase/", "/scattered/"}},
		{"every word above some words", []Doc{
			page("/some/", "Paperless wards", "Paperless, paperless, paperless.", d.AddDate(1, 0, 0)),
			page("/every/", "Notes", "A target for paperless wards.", d),
		}, "paperless target", []string{"/every/"}},
		{"stems match", []Doc{
			page("/leaders/", "Notes", "Our leaders met.", d),
			page("/leadership/", "Notes", "Good leadership.", d),
		}, "leader", []string{"/leaders/"}},
		{"American spelling finds British", []Doc{
			page("/uk/", "Notes", "Digitisation of organisations.", d),
			page("/other/", "Notes", "Digits and organs.", d),
		}, "digitization organizations", []string{"/uk/"}},
		{"accents fold", []Doc{page("/cafe/", "Notes", "The café opened.", d)}, "CAFE", []string{"/cafe/"}},
		{"question words are not the subject", []Doc{
			page("/said/", "Notes", "She said the budget grew.", d.AddDate(1, 0, 0)),
			page("/budget/", "The budget", "Spending plans.", d),
		}, "who said what about the budget", []string{"/budget/", "/said/"}},
		{"stop words only match titles", []Doc{
			page("/title/", "The who and the what", "Notes.", d),
			page("/body/", "Notes", "The who and the what.", d.AddDate(1, 0, 0)),
		}, "the who", []string{"/title/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := urls(run(t, tt.docs, Query{Text: tt.query}))
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%q: got %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestPrefixMatching(t *testing.T) {
	docs := []Doc{
		page("/leadership/", "Notes", "Clinical leadership matters.", day(2020, 1, 1)),
		page("/organisation/", "Notes", "Every organisation changes.", day(2020, 1, 2)),
		page("/lead/", "Notes", "Pipes of lead.", day(2020, 1, 3)),
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"leadersh", []string{"/leadership/"}},
		{"clinical leaders", []string{"/leadership/"}},
		{"organiz", []string{"/organisation/"}},
		{"organiza", []string{"/organisation/"}},
		{"lead", []string{"/lead/"}}, // a whole word is not completed
		{"leadersx ", nil},           // a finished word is not completed (nor three edits from one)
		{"le", nil},                  // too short to complete
		{"pip", []string{"/lead/"}},
	}
	for _, tt := range tests {
		got := urls(run(t, docs, Query{Text: tt.query}))
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%q: got %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestPartialMatches(t *testing.T) {
	docs := fixtureDocs(t)
	res := run(t, docs, Query{Text: "paperless xyzzy"})
	if !res.Partial || res.Total == 0 {
		t.Errorf("paperless xyzzy: partial %v, total %d; want pages with some of the words", res.Partial, res.Total)
	}
	res = run(t, docs, Query{Text: "paperless target"})
	if res.Partial {
		t.Error("paperless target: partial, but pages have both words")
	}
	if res := run(t, docs, Query{Text: "xyzzy"}); res.Total != 0 || res.Partial {
		t.Errorf("xyzzy: %+v", res)
	}
}

// TestSubResults checks which sub-result a result links to.
func TestSubResults(t *testing.T) {
	docs := fixtureDocs(t)
	tests := []struct {
		query, url, heading string
	}{
		{"wannacry", "/interviews/mark-stanton-dudley-group/#wannacry", "Was the Trust affected by WannaCry?"},
		{"who said what about WannaCry", "/interviews/mark-stanton-dudley-group/#wannacry", "Was the Trust affected by WannaCry?"},
		{"engage clinical staff", "/interviews/mark-stanton-dudley-group/#engagement", "How do you engage clinical staff?"},
		{"CIO of the future", "/interviews/mark-large-cnwl/#future-cio-role", "What will the CIO of the future need?"},
		{"Mark Stanton", "/interviews/mark-stanton-dudley-group/", ""},
		{"ccio skills", "/articles/developing-digital-leaders/#ccio-skills", "CCIO skills"},
		{"developing digital leaders", "/articles/developing-digital-leaders/", ""},
		{"national programme lessons", "/articles/leadership-digital-transformation/#lessons", "Lessons from the National Programme"},
	}
	for _, tt := range tests {
		res := run(t, docs, Query{Text: tt.query})
		if len(res.Hits) == 0 {
			t.Errorf("%q: no results", tt.query)
			continue
		}
		if h := res.Hits[0]; h.URL != tt.url || h.Heading != tt.heading {
			t.Errorf("%q: first result %s (%q), want %s (%q)", tt.query, h.URL, h.Heading, tt.url, tt.heading)
		}
	}
}

func TestExcerpt(t *testing.T) {
	res := run(t, fixtureDocs(t), Query{Text: "wannacry patches"})
	if len(res.Hits) == 0 {
		t.Fatal("no results")
	}
	var marked []string
	var text strings.Builder
	for _, s := range res.Hits[0].Excerpt {
		text.WriteString(s.Text)
		if s.Mark {
			marked = append(marked, s.Text)
		}
	}
	if strings.Join(marked, ",") != "WannaCry,patches" {
		t.Errorf("marked %q in %q", marked, text.String())
	}
	var title []string
	for _, s := range res.Hits[0].Title {
		if s.Mark {
			title = append(title, s.Text)
		}
	}
	if strings.Join(title, ",") != "WannaCry" {
		t.Errorf("title marks %q", title)
	}
}

func TestExcerptWindow(t *testing.T) {
	words := strings.Fields("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39")
	text := strings.Join(words, " ")
	toks := Tokenize(text)
	tests := []struct {
		m          int
		first, end string
	}{
		{-1, "w0 ", "w27 …"},
		{0, "w0 ", "w27 …"},
		{3, "w0 ", "w27 …"},
		{20, "… w12 ", "w39"}, // a window near the end shows excerptWords words
		{39, "… w12 ", "w39"},
	}
	for _, tt := range tests {
		got := excerpt(text, toks, tt.m, defaults.ExcerptBefore, defaults.ExcerptWords)
		if !strings.HasPrefix(got, tt.first) || !strings.HasSuffix(got, tt.end) || len(strings.Fields(strings.Trim(got, "… "))) != defaults.ExcerptWords {
			t.Errorf("excerpt at %d = %q", tt.m, got)
		}
	}
	if got := excerpt("", nil, -1, 6, 28); got != "" {
		t.Errorf("empty excerpt %q", got)
	}
}

func TestFacets(t *testing.T) {
	docs := fixtureDocs(t)
	count := func(fs []FacetCount, v string) int {
		for _, f := range fs {
			if f.Value == v {
				return f.Count
			}
		}
		return 0
	}
	res := run(t, docs, Query{Text: "leadership"})
	if res.Total != 3 || count(res.Facets.Kind, "article") != 2 || count(res.Facets.Kind, "interview") != 1 || len(res.Facets.Kind) != 2 {
		t.Errorf("leadership: total %d, kinds %+v", res.Total, res.Facets.Kind)
	}
	res = run(t, docs, Query{Text: "leadership", Kinds: []string{"article"}})
	if res.Total != 2 || count(res.Facets.Kind, "interview") != 1 || count(res.Facets.Tag, "CCIO") != 1 || count(res.Facets.Tag, "clinical-engagement") != 0 {
		t.Errorf("leadership in articles: total %d, facets %+v", res.Total, res.Facets)
	}
	for _, h := range res.Hits {
		if h.Kind != "article" {
			t.Errorf("kind filter let through %s", h.URL)
		}
	}
	res = run(t, docs, Query{Text: "paperless", Years: []int{2014, 2016}})
	if res.Total != 2 || count(res.Facets.Year, "2017") != 1 || count(res.Facets.Year, "2014") != 1 {
		t.Errorf("paperless in 2014 and 2016: total %d, years %+v", res.Total, res.Facets.Year)
	}
	res = run(t, docs, Query{Text: "paperless", Tags: []string{"no-such-tag"}})
	last := res.Facets.Tag[len(res.Facets.Tag)-1]
	if res.Total != 0 || last != (FacetCount{Value: "no-such-tag", Selected: true}) {
		t.Errorf("unknown tag: total %d, tags %+v; want nothing found and the tag shown selected", res.Total, res.Facets.Tag)
	}
}
