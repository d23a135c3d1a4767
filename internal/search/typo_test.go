package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b   string
		k      int
		prefix bool
		want   int
	}{
		{"wannacry", "wannacry", 2, false, 0},
		{"wanacry", "wannacry", 2, false, 1},          // a letter missing
		{"wannnacry", "wannacry", 2, false, 1},        // one too many
		{"wennacry", "wannacry", 2, false, 1},         // one wrong
		{"prototpyes", "prototypes", 2, false, 1},     // two swapped count one
		{"safegaurding", "safeguarding", 2, false, 1}, // swapped vowels
		{"ransomwear", "ransomware", 2, false, 2},
		{"acessibilty", "accessibility", 2, false, 2},
		{"pluralsite", "pluralsight", 2, false, 3}, // more than k is k+1
		{"pluralsite", "pluralsight", 5, false, 3},
		{"abc", "abcdefg", 2, false, 3}, // lengths too far apart
		{"ca", "abc", 3, false, 3},      // OSA, not Damerau: no edit of a swapped pair
		{"", "abc", 5, false, 3},
		{"abc", "", 5, false, 3},
		// With prefix, the distance to the closest start of b.
		{"safegau", "safeguarding", 1, true, 1},
		{"leadrsh", "leadership", 1, true, 1},
		{"leadersh", "leadership", 1, true, 0},
		{"xyz", "leadership", 1, true, 2},
		{"leadership", "lead", 2, true, 3},
	}
	for _, tt := range tests {
		if got := osa(tt.a, tt.b, tt.k, tt.prefix); got != tt.want {
			t.Errorf("osa(%q, %q, %d, %v) = %d, want %d", tt.a, tt.b, tt.k, tt.prefix, got, tt.want)
		}
	}
	// Against the full table, without a bound.
	words := []string{"", "a", "ab", "ba", "abc", "acb", "cab", "record", "recrod", "records", "cord", "recorder", "abcabc", "bcabca"}
	for _, a := range words {
		for _, b := range words {
			if got, want := osa(a, b, 20, false), evalOSA(a, b); got != want {
				t.Errorf("osa(%q, %q) = %d, want %d", a, b, got, want)
			}
			for k := range 3 {
				if got, want := osa(a, b, k, false), min(evalOSA(a, b), k+1); got != want {
					t.Errorf("osa(%q, %q, %d) = %d, want %d", a, b, k, got, want)
				}
			}
		}
	}
}

// typoDocs are pages with words a person might mistype.
func typoDocs() []Doc {
	d := day(2020, 1, 1)
	var docs []Doc
	for i := range 30 {
		docs = append(docs, page(fmt.Sprintf("/patient/%d/", i), "Notes", "Each patient has a plan.", d.AddDate(0, 0, i)))
	}
	return append(docs,
		page("/wannacry/", "The WannaCry attack", "Patches stopped WannaCry.", d),
		page("/prototypes/", "Prototypes", "Paper prototypes first.", d),
		page("/safeguarding/", "Safeguarding in research", "Safeguarding adults.", d),
		page("/typo/", "Notes", "A pateint plan.", d), // misspelt once
		page("/accessibility/", "Accessibility testing", "Testing with screen readers.", d),
	)
}

func TestTypos(t *testing.T) {
	fsys := buildFS(t, typoDocs(), Options{})
	tests := []struct {
		query      string
		exact      bool
		first      string // the first result
		correction string // Results.Correction.Text, "" for none
		also       bool
		total      int // -1: any
	}{
		{"wanacry", false, "/wannacry/", "wannacry", false, 1},
		{"wanacry ", false, "/wannacry/", "wannacry ", false, 1},
		{"Wannacyr!", false, "/wannacry/", "wannacry!", false, 1},
		{"prototpyes", false, "/prototypes/", "prototypes", false, 1},
		{"safegaurding", false, "/safeguarding/", "safeguarding", false, 1},
		{"acessibility testng", false, "/accessibility/", "accessibility testing", false, 1},
		{"the wanacry attack", false, "/wannacry/", "the wannacry attack", false, 1},
		// A rare word also finds the common word near it, below itself.
		{"pateint", false, "/typo/", "patient", true, 31},
		// As typed, with exact.
		{"wanacry", true, "", "", false, 0},
		{"pateint", true, "/typo/", "", false, 1},
		// Too short, or too far.
		{"wan ", false, "", "", false, 0},
		{"wanacri", false, "", "", false, 0},
		// The start of a word being typed.
		{"safegau", false, "/safeguarding/", "", false, 1},
	}
	for _, tt := range tests {
		res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: tt.query, Exact: tt.exact})
		if err != nil {
			t.Fatal(err)
		}
		first := ""
		if len(res.Hits) > 0 {
			first = res.Hits[0].URL
		}
		var corr string
		var also bool
		if res.Correction != nil {
			corr, also = res.Correction.Text, res.Correction.Also
		}
		if first != tt.first || corr != tt.correction || also != tt.also || tt.total >= 0 && res.Total != tt.total {
			t.Errorf("%q (exact %v): first %q, correction %q (also %v), total %d; want %q, %q (also %v), %d",
				tt.query, tt.exact, first, corr, also, res.Total, tt.first, tt.correction, tt.also, tt.total)
		}
	}
}

func TestSuggestions(t *testing.T) {
	fsys := buildFS(t, typoDocs(), Options{})
	tests := []struct {
		query       string
		exact       bool
		suggestions []string
		dropped     string
	}{
		{"wanacry", true, []string{"wannacry"}, ""},  // as typed: the correction is a suggestion
		{"wanacri", false, []string{"wannacry"}, ""}, // two edits from a word of seven letters
		{"xqzzy", false, nil, ""},
		{"prototypes xqzzy", false, nil, "prototypes"},
		{"paper xqzzy", false, nil, "paper"},
		{"xqzzy plugh", false, nil, ""}, // no word left to search
		{"wanacri prototypes", false, []string{"wannacry prototypes"}, "prototypes"},
		{"wannacry prototypes", false, nil, "prototypes"}, // no page has both: the rarer goes
	}
	for _, tt := range tests {
		res, err := NewSearcher(fsys).Search(context.Background(), Query{Text: tt.query, Exact: tt.exact})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Suggestions, tt.suggestions) || res.Dropped != tt.dropped {
			t.Errorf("%q: suggestions %q, dropped %q; want %q, %q", tt.query, res.Suggestions, res.Dropped, tt.suggestions, tt.dropped)
		}
	}
}

func TestPackSpell(t *testing.T) {
	var words []spellEntry
	for _, w := range strings.Fields("aa ab abc abd b ba bb bc bcd bce bcf bcg bch bci bcj c ca cb") {
		words = append(words, spellEntry{word: w, df: 1})
	}
	var got []string
	for _, sh := range packSpell(words, 16) {
		var ws []string
		for _, e := range sh {
			ws = append(ws, e.word)
		}
		got = append(got, strings.Join(ws, " "))
	}
	// Whole first letters where they fit, else whole first two letters.
	want := []string{"aa", "ab abc abd", "b ba bb", "bc bcd bce", "bcf bcg bch", "bci bcj", "c ca cb"}
	if !slices.Equal(got, want) {
		t.Errorf("packSpell:\ngot  %q\nwant %q", got, want)
	}
}

func TestSpellShards(t *testing.T) {
	m := &manifest{Query: defaults, Spell: []string{"", "b", "bc", "bcf", "bci", "c"}}
	tests := []struct {
		word string
		want []int
	}{
		{"abd", []int{0}},
		{"bcx", []int{4}},   // "b" spans four shards, "bc" three: "bcx" is in one
		{"bad", []int{1}},   // "ba" is in one
		{"bcfoo", []int{3}}, // "bcf" is in one
		{"cat", []int{5}},
		{"zed", []int{5}},
	}
	for _, tt := range tests {
		if got := m.spellShards(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("spellShards(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	m.Spell = m.Spell[:2]
	if got := m.spellShards("zed"); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("with two shards, spellShards = %v, want both", got)
	}
}
