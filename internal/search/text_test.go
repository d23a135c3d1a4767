package search

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// tok formats a token as word/stem@pos, with a + for a joined form.
func tok(t Token) string {
	s := fmt.Sprintf("%s/%s@%d", t.Word, t.Stem, t.Pos)
	if t.Joined {
		s += "+"
	}
	return s
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Leaders leading leadership", "leaders/leader@0 leading/lead@1 leadership/leadership@2"},
		{"The King's fund", "the/the@0 king/king@1 fund/fund@2"},
		{"O'Brien’s report", "obrien/obrien@0 report/report@1"},
		{"students' work", "students/student@0 work/work@1"},
		{"e-prescribing", "e/e@0 prescribing/prescrib@1 eprescribing/eprescrib@0+"},
		{"near-real-time data", "near/near@0 real/real@1 time/time@2 nearrealtime/nearrealtim@0+ data/data@3"},
		{"covid-19", "covid/covid@0 19/19@1 covid19/covid19@0+"},
		{"a -- b", "a/a@0 b/b@1"},
		{"well‐being", "well/well@0 being/be@1 wellbeing/wellb@0+"},
		{"2014–2020", "2014/2014@0 2020/2020@1"},
		{"95% of 27,001 beds cost £3.5m in 2018.", "95/95@0 of/of@1 27001/27001@2 beds/bed@3 cost/cost@4 3.5m/3.5m@5 in/in@6 2018/2018@7"},
		{"1.2.3, 4,5", "1.2.3/1.2.3@0 45/45@1"},
		{"Zoë's café", "zoe/zoe@0 cafe/cafe@1"},
		{"Straße ÆTHER Œuvre Øresund Łódź", "strasse/strass@0 aether/aether@1 oeuvre/oeuvr@2 oresund/oresund@3 lodz/lodz@4"},
		{"ﬁnance ＮＨＳ", "finance/financ@0 nhs/nhs@1"},
		{"ΣΟΦΟΣ", "σοφοσ/σοφοσ@0"},
		{"東京 tokyo", "東/東@0 京/京@1 tokyo/tokyo@2"},
		{"🙂 #NHS @trust", "nhs/nhs@0 trust/trust@1"},
		{"Organization analyzed colors", "organisation/organis@0 analysed/analys@1 colours/colour@2"},
		{"programme programs", "programme/program@0 programs/program@1"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range Tokenize(tt.in) {
			got = append(got, tok(tk))
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, s, tt.want)
		}
	}
}

func TestTokenizeOffsets(t *testing.T) {
	in := "Zoë’s e-prescribing: 27,001"
	var got []string
	for _, tk := range Tokenize(in) {
		got = append(got, in[tk.Start:tk.End])
	}
	want := []string{"Zoë’s", "e", "prescribing", "e-prescribing", "27,001"}
	if !slices.Equal(got, want) {
		t.Errorf("spans %q, want %q", got, want)
	}
}

func TestNormalizeAndStem(t *testing.T) {
	tests := []struct {
		in, word, stem string
	}{
		{"Digitization", "digitisation", "digitis"},
		{"digitisation", "digitisation", "digitis"},
		{"organizations", "organisations", "organis"},
		{"Organise", "organise", "organis"},
		{"realizable", "realisable", "realis"},
		{"analyze", "analyse", "analys"},
		{"size", "size", "size"},
		{"prize", "prize", "prize"},
		{"citizen", "citizen", "citizen"},
		{"color", "colour", "colour"},
		{"behaviors", "behaviours", "behaviour"},
		{"pediatric", "paediatric", "paediatr"},
		{"center", "centre", "centr"},
		{"centre", "centre", "centr"},
		{"gray", "grey", "grey"},
		{"program", "program", "program"},
		{"programmes", "programmes", "program"},
		{"catalog", "catalog", "catalog"},
		{"catalogue", "catalogue", "catalog"},
		{"licensed", "licenced", "licenc"},
		{"practise", "practice", "practic"},
		{"leaders", "leaders", "leader"},
		{"skies", "skies", "sky"},
		{"Café", "cafe", "cafe"},
		{"İzmir", "izmir", "izmir"},
		{"27,001", "27001", "27001"},
	}
	for _, tt := range tests {
		w := Normalize(tt.in)
		if s := Stem(w); w != tt.word || s != tt.stem {
			t.Errorf("%q: got %s/%s, want %s/%s", tt.in, w, s, tt.word, tt.stem)
		}
	}
}

func TestSpellPrefix(t *testing.T) {
	tests := map[string]string{"organiz": "organis", "organiza": "organisa", "analyz": "analys", "citiz": "citis", "civiz": "civis", "viz": "", "ize": "", "size": "", "cloud": "", "naïve": ""}
	for in, want := range tests {
		if got := spellPrefix(in); got != want {
			t.Errorf("spellPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTablesSorted(t *testing.T) {
	if !sort.StringsAreSorted(stopWords) || !sort.StringsAreSorted(queryStopWords) {
		t.Error("stopWords and queryStopWords must be sorted")
	}
	for i := 1; i < len(spellingPrefixes); i++ {
		if len(spellingPrefixes[i][0]) > len(spellingPrefixes[i-1][0]) {
			t.Errorf("spellingPrefixes not longest first at %q", spellingPrefixes[i][0])
		}
	}
	if !isStopWord("the") || isStopWord("cloud") {
		t.Error("isStopWord")
	}
}

// FuzzTokenize checks the tokeniser's invariants on any input.
func FuzzTokenize(f *testing.F) {
	for _, s := range jsTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text)
		parts := 0
		for _, tk := range toks {
			if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
				t.Fatalf("token %+v: span outside %q", tk, text)
			}
			if tk.Word == "" || tk.Stem == "" {
				t.Fatalf("token %+v: empty word or stem", tk)
			}
			if utf8.ValidString(text) && !utf8.ValidString(tk.Word) {
				t.Fatalf("token %+v: invalid UTF-8 from valid text", tk)
			}
			if tk.Joined {
				if tk.Pos >= parts {
					t.Fatalf("joined token %+v before its parts", tk)
				}
				continue
			}
			if tk.Pos != parts {
				t.Fatalf("part %+v: position %d, want %d", tk, tk.Pos, parts)
			}
			parts++
			if tk.Word != Normalize(text[tk.Start:tk.End]) || tk.Stem != Stem(tk.Word) {
				t.Fatalf("token %+v: not the normalised form of %q", tk, text[tk.Start:tk.End])
			}
		}
		for _, tk := range tokenize(text, false, map[string][2]string{}) {
			if tk.Joined {
				t.Fatalf("query token %+v is joined", tk)
			}
		}
	})
}
