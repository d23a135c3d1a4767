package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/search"
)

// TestSearchRelevance builds the repository's sample knowledge base and
// asks its search index the questions staff ask, expecting the right page
// (and, for an interview, the right answer) first or in the top three. The
// index is read with search.Searcher, the Go twin of the browser runtime;
// internal/search proves the two agree.
func TestSearchRelevance(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	_, l := Run(context.Background(), Options{Root: "../..", Out: out, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if l.HasErrors() {
		t.Fatalf("building the sample site:\n%s", text(l))
	}
	s := search.NewSearcher(os.DirFS(filepath.Join(out, "search")))

	const (
		stanton = "/interviews/mark-stanton-dudley-group/"
		large   = "/interviews/mark-large-central-north-west-london/"
		sood    = "/articles/harpreet-sood-developing-digital-leaders/"
		mcd     = "/articles/kevin-mcdonnell-leadership-digital-transformation/"
		nhssm   = "/articles/championing-it-in-healthcare-nhssm/"
	)
	tests := []struct {
		query string
		want  string // a page, or page#anchor when the answer itself must be found
		top   int    // it must be among the first top results
	}{
		// Natural questions, answered by an interview answer.
		{"who said what about WannaCry", stanton + "#security", 1},
		{"electronic discharges", stanton + "#electronic-discharges", 1},
		{"10% to 95%", stanton + "#electronic-discharges", 1},
		{"Allscripts Sunrise", stanton + "#current-projects", 1},
		{"fake phishing emails", stanton + "#security-awareness", 1},
		{"ISO 27001", stanton + "#security", 1},
		{"staff engagement clinicians", stanton + "#engagement", 3},
		{"population health", stanton + "#current-projects", 3},
		{"safe to make mistakes", large + "#future-cio-role", 1},
		{"paperless target", stanton, 1},
		// Multi-word topics.
		{"CCIO skills", sood + "#ccio-competencies", 1},
		{"fax machines", sood, 1},
		{"triple aim", sood, 1},
		{"clinical transformation", mcd, 1},
		{"N3 network bandwidth", nhssm, 1},
		{"GP desktops", nhssm, 1},
		{"five year forward view", "/strategy/five-year-forward-view/", 1},
		{"information strategy", "/strategy/dh-information-strategy/", 1},
		{"long term plan", "/strategy/five-year-forward-view/", 1},
		// People.
		{"Mark Stanton", stanton, 1},
		{"Mark Large", large, 1},
		{"Harpreet Sood", sood, 1},
		{"Kevin McDonnell", mcd, 1},
		{"Robert Wachter", "/strategy/wachter-review/", 1},
		{"Chris Chant", "/strategy/gds-the-unacceptable/", 3},
		{"Chloe Dobinson", stanton, 3},
		// Organisations.
		{"Dudley", stanton, 1},
		{"Central and North West London", large, 1},
		// Tags and titles.
		{"cybersecurity", stanton, 1},
		{"procurement", nhssm, 3},
		{"leadership", mcd, 3},
		{"nhssm", nhssm, 1},
		{"The Unacceptable", "/strategy/gds-the-unacceptable/", 1},
		{"SMEs", "/strategy/gds-smes-we-need-to-talk/", 1},
		{"Wachter review", "/strategy/wachter-review/", 1},
		// American spelling finds the British.
		{"digitization", "/strategy/wachter-review/", 1},
		// Typing: a prefix of the last word.
		{"wanna", stanton, 1},
		{"cyberse", stanton, 1},

		// Misspellings: one edit (a letter missing, extra, wrong or two
		// letters swapped), two for words of eight letters or more, in
		// any word of the query, including the last one as typed.
		{"wanacry", stanton + "#security", 1},
		{"wannacyr", stanton, 1},
		{"paperles", stanton, 1},
		{"papreless target", stanton, 1},
		{"cybersecuirty", stanton, 1},
		{"intreoperability", "/strategy/wachter-review/", 3},
		{"interoprability", "/strategy/wachter-review/", 3},
		{"procurment", nhssm, 3},
		{"leadrship", mcd, 3},
		{"leedership", mcd, 3},
		{"clinical transfromation", mcd, 1},
		{"clincal transformation", mcd, 1},
		{"infomatics", sood, 3},
		{"ransomwear", sood, 1},
		{"Allscipts Sunrise", stanton + "#current-projects", 1},
		{"Alscripts", stanton, 1},
		{"fax machiens", sood, 1},
		{"tripple aim", sood, 1},
		{"Wachter reveiw", "/strategy/wachter-review/", 1},
		{"Robert Wahcter", "/strategy/wachter-review/", 1},
		{"Harpret Sood", sood, 1},
		{"Kevin McDonell", mcd, 1},
		{"Mark Stantom", stanton, 1},
		{"Dudly", stanton, 1},
		{"Chloe Dobbinson", stanton, 3},
		{"goverment digital service", "/strategy/gds-the-unacceptable/", 3},
		{"buisnesses", "/strategy/gds-the-unacceptable/", 1},
		{"infrastucture", nhssm, 3},
		{"electornic discharges", stanton + "#electronic-discharges", 1},
		{"populaton health", stanton + "#current-projects", 3},
		{"digitisaton", "/strategy/wachter-review/", 1},
		{"digitizaton", "/strategy/wachter-review/", 1},
		{"Five Year Foward View", "/strategy/five-year-forward-view/", 1},
		{"long term plam", "/strategy/five-year-forward-view/", 1},
		{"N3 netwrok", nhssm, 1},
		{"safe to make mistaks", large + "#future-cio-role", 1},
		{"pathalogy", stanton, 1},
		{"radiolgy", stanton, 1},
		// Abbreviations and synonyms (the theme's default list): the page
		// has the other term, not the one asked.
		{"EPR", stanton, 3},
		{"EPR Sunrise", stanton + "#current-projects", 1},
		{"EHR", "/strategy/wachter-review/", 1},
		{"FYFV", "/strategy/five-year-forward-view/", 1},
		{"LTP", "/strategy/five-year-forward-view/", 1},
		{"AI", stanton + "#basics-first", 1},
		{"ICT", sood, 3},
		{"IG", stanton + "#security", 1},
		{"SME", "/strategy/gds-smes-we-need-to-talk/", 1},
		{"general practitioner", nhssm, 3},
		{"general practitioners desktops", nhssm, 1},
		{"DHSC", "/strategy/dh-information-strategy/", 1},
		{"NHSE digital leaders", sood, 1},
	}
	if len(tests) < 25+50 {
		t.Fatalf("the relevance set has %d queries; keep at least 25, and 50 misspelt or abbreviated", len(tests))
	}
	for _, tt := range tests {
		res, err := s.Search(context.Background(), search.Query{Text: tt.query})
		if err != nil {
			t.Fatalf("%q: %v", tt.query, err)
		}
		var got []string
		found := false
		for i, h := range res.Hits {
			if i >= tt.top {
				break
			}
			got = append(got, h.URL)
			page, _, _ := strings.Cut(h.URL, "#")
			if h.URL == tt.want || !strings.Contains(tt.want, "#") && page == tt.want {
				found = true
			}
		}
		if !found {
			var all []string
			for _, h := range res.Hits {
				all = append(all, h.URL)
			}
			t.Errorf("%q: want %s in the top %d, got %v", tt.query, tt.want, tt.top, all)
		}
	}
}
