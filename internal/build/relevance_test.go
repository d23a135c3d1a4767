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
		// Guides that draw on the pages above answer some of the same
		// questions: either is a right answer.
		epr         = "/guides/moving-to-electronic-records/"
		ccio        = "/guides/developing-clinical-digital-leaders/"
		secure      = "/guides/keeping-systems-secure/"
		phishing    = secure + "phishing-and-security-awareness/"
		foundations = secure + "security-foundations/"
		champion    = "/guides/championing-it-with-colleagues/"
	)
	tests := []struct {
		query string
		want  string // a page, or page#anchor when the answer itself must be found; "a | b" for either
		top   int    // it must be among the first top results
	}{
		// Natural questions, answered by an interview answer.
		{"who said what about WannaCry", stanton + "#security", 1},
		{"electronic discharges", stanton + "#electronic-discharges", 1},
		{"10% to 95%", stanton + "#electronic-discharges | " + epr + "#show-early-results", 1},
		{"Allscripts Sunrise", stanton + "#current-projects | " + epr + "#plan-the-record-as-one-project", 1},
		{"fake phishing emails", stanton + "#security-awareness | " + phishing + "#test-staff-with-pretend-phishing-emails", 1},
		{"ISO 27001", stanton + "#security | " + foundations + "#recognised-accreditation", 1},
		{"staff engagement clinicians", stanton + "#engagement | " + epr + "#engage-the-whole-clinical-community", 3},
		{"population health", stanton + "#current-projects", 3},
		{"safe to make mistakes", large + "#future-cio-role", 1},
		{"paperless target", stanton, 1},
		// Multi-word topics.
		{"CCIO skills", sood + "#ccio-competencies | " + ccio + "#the-skills-the-role-needs", 1},
		{"fax machines", sood, 1},
		{"triple aim", sood + " | " + ccio, 1},
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
		{"cybersecurity", stanton + " | " + foundations + " | " + phishing, 1},
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
		{"ransomwear", sood + " | " + secure, 1},
		{"Allscipts Sunrise", stanton + "#current-projects | " + epr + "#plan-the-record-as-one-project", 1},
		{"Alscripts", stanton + " | " + epr, 1},
		{"fax machiens", sood, 1},
		{"tripple aim", sood + " | " + ccio, 1},
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
		{"pathalogy", stanton + " | " + epr, 1},
		{"radiolgy", stanton, 1},
		// Abbreviations and synonyms (the theme's default list): the page
		// has the other term, not the one asked.
		{"EPR", stanton, 3},
		{"EPR Sunrise", stanton + "#current-projects | " + epr + "#plan-the-record-as-one-project", 1},
		{"EHR", "/strategy/wachter-review/", 1},
		{"FYFV", "/strategy/five-year-forward-view/", 1},
		{"LTP", "/strategy/five-year-forward-view/", 1},
		{"AI", stanton + "#basics-first | " + epr + "#plan-the-record-as-one-project", 1},
		{"ICT", sood, 3},
		{"IG", stanton + "#security | " + foundations + "#dedicated-expertise", 1},
		{"SME", "/strategy/gds-smes-we-need-to-talk/", 1},
		{"general practitioner", nhssm, 3},
		{"general practitioners desktops", nhssm, 1},
		{"DHSC", "/strategy/dh-information-strategy/", 1},
		{"NHSE digital leaders", sood, 1},
		// Guidance pages, with their sections as results of their own.
		{"championing IT", champion + " | " + nhssm, 2},
		{"mystery shopper", phishing + "#test-staff-with-pretend-phishing-emails", 1},
		{"think before you click", phishing, 1},
		{"mandatory security training", phishing + "#train-everyone-every-year", 1},
		{"three year old laptop", champion + "#know-what-good-it-looks-like", 1},
		{"GP desktops network speed", champion + " | " + nhssm, 2},
		{"chief clinical information officer authority", ccio, 1},
		{"CCIO must make things happen", ccio + "#the-role-needs-authority", 1},
		{"clinical digital leaders", ccio + " | " + sood, 1},
		{"engaging clinicians checklist", epr, 1},
		{"about this knowledge base", "/about/", 1},
		{"suggest a change", "/about/#how-to-suggest-a-change", 1},
		{"keeping systems secure", secure, 1},
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
			for _, want := range strings.Split(tt.want, " | ") {
				if h.URL == want || !strings.Contains(want, "#") && page == want {
					found = true
				}
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
