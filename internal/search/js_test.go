package search

import (
	"bufio"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kljensen/snowball/english"

	"github.com/signpost-kb/signpost/internal/minify"
)

// fixtureDocs returns the hand-written pages of testdata/docs.json.
func fixtureDocs(t testing.TB) []Doc {
	t.Helper()
	p, err := os.ReadFile("testdata/docs.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	if err := json.Unmarshal(p, &docs); err != nil {
		t.Fatalf("testdata/docs.json: %v", err)
	}
	return docs
}

// jsOptions make a small corpus exercise every encoding: truncated
// postings, bitmaps, several shards, cards and page files without text.
var jsOptions = Options{ShardSize: 1500, Scored: 6, Cards: 3, FullText: -1}

// jsSynonyms are the synonym groups of the JavaScript tests' indexes.
var jsSynonyms = [][]string{
	{"EPR", "EPRs", "electronic patient record", "electronic patient records"},
	{"A&E", "accident and emergency"},
	{"a11y", "accessibility"},
	{"cybersecurity", "cyber security"},
	{"CCIO", "CCIOs", "chief clinical information officer"},
	{"ONS", "Office for National Statistics"},
}

// jsExtraDocs have what the fixture lacks: synonyms' terms, and a word
// misspelt on one page that other pages spell right.
func jsExtraDocs() []Doc {
	return []Doc{
		{URL: "/articles/emergency-care/", Kind: "article", Title: "Accident and emergency: waiting times", Date: day(2021, 3, 4),
			Summary: "How A&E departments use the EPR to see patients sooner.", Tags: []string{"Accessibility"},
			Sections: []Section{{Text: "Every A&E in the region shares one electronic patient record. The infrastucture is old. Accessibility matters, as does cyber security; the Office for National Statistics counts visits."}}},
		{URL: "/articles/a11y/", Kind: "article", Title: "a11y checks for the EPR", Date: day(2021, 5, 6),
			Summary: "Testing what the ONS publishes.", Sections: []Section{{Heading: "Tools", Anchor: "tools", Text: "Automated a11y tools catch a third of problems."}}},
	}
}

// jsTuned are tunables unlike the defaults, to show that the runtime
// reads them from the manifest.
var jsTuned = tunables{
	Groups: 3, Expansions: 2, PrefixShards: 2, PrefixLen: 4, ExactW: 12, CompletionW: 5, PageSize: 4,
	TypoLen: 5, TypoLong: 7, Typo1W: 9, Typo2W: 3, Rare: 1, RareLen: 6, Common: 3, SpellShards: 1, Typos: 1, Suggest: 1,
	ExcerptBefore: 2, ExcerptWords: 9,
}

// buildFS builds docs and returns the index directory as a file system.
func buildFS(t testing.TB, docs []Doc, opt Options) fstest.MapFS {
	t.Helper()
	ix, err := Build(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ix.Files() {
		fsys[strings.TrimPrefix(f.Path, "search/")] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// jsTexts are tokeniser inputs with the cases where Go and JavaScript could
// differ: Unicode classes, case mappings, decompositions, offsets.
var jsTexts = []string{
	"The King's e-prescribing: 27,001 beds, 95% patched, £3.5m in 2018.",
	"Zoë Brontë's café-style naïve résumé; ÆSIR Straße Œuvre ØRSTED łódź",
	"İstanbul ΣΟΦΟΣ σοφός ﬁnance ＮＨＳ ²³ ½ Ⅻ",
	"O’Brien’s rock'n'roll students' work don't 'quoted'",
	"covid-19 near-real-time – en dash — em dash well‐being non‑breaking",
	"北京市 東京 ひらがな カタカナ 한국어 हिन्दी العربية",
	"emoji 🙂 tags #NHS @someone a.b.c 1.2.3 1,2 ,5 5, 3.x",
	"𝐍𝐇𝐒 math-bold 𝔉𝔯𝔞𝔨 surrogate pairs 🇬🇧",
	"combining: a\u0363b e\u0301t\u0308e \u0363 x\u20dd",
	"Organization organizational analyze paralyzed colorful behaviors pediatrician programs catalog",
	"---leading-hyphen trailing-- a--b ''' x'y",
	"",
}

// jsQueries are query sequences; each runs on one engine, so later steps
// use what earlier ones fetched.
var jsQueries = [][]Query{
	{{Text: "wannacry"}, {Text: "who said what about WannaCry"}, {Text: "paperless target"}, {Text: "paperless"},
		{Text: "leaders"}, {Text: "leadership"}, {Text: "ccio skills"}, {Text: "CCIO"}, {Text: "electronic-patient-records"},
		{Text: "electronic patient records"}, {Text: "Mark Stanton"}, {Text: "mark"}, {Text: "digitization"},
		{Text: "organization"}, {Text: "organiz"}, {Text: "behavior"}, {Text: "colour"}, {Text: "cafe"}, {Text: "27,001"},
		{Text: "95%"}, {Text: "2018"}, {Text: "the"}, {Text: "xyzzy"}, {Text: "paperless xyzzy"}, {Text: "e-prescribing"},
		{Text: "prescribing"}, {Text: "Zoe"}, {Text: "dudley group"}, {Text: "  "}},
	{{Text: "leadership", Kinds: []string{"article"}}, {Text: "paperless", Tags: []string{"paperless"}},
		{Text: "cio", Orgs: []string{"CIO UK"}}, {Text: "digital", Years: []int{2016}},
		{Text: "digital", Kinds: []string{"strategy", "article"}, Years: []int{2016, 2019}},
		{Text: "digital", Tags: []string{"no-such-tag"}}, {Text: "clinical", Offset: 3, Limit: 4},
		{Text: "patient", Limit: 3}, {Text: "records", Limit: 2, Facets: FacetsNone}, {Text: "patient records", Facets: FacetsNone},
		{Text: "patient records", Facets: FacetsCheap}, {Text: "clinical", Facets: FacetsCheap}, {Text: "digital records"},
		{Text: "patient safety", Facets: FacetsCheap}},
	{{Text: "c"}, {Text: "cl"}, {Text: "clo"}, {Text: "clou"}, {Text: "cloud"}, {Text: "cloud "}, {Text: "cloud m"},
		{Text: "cloud mig"}, {Text: "cloud migration"}, {Text: "cloud migration strategy"}},
	{{Text: "patient records"}, {Text: "clinical safety"}, {Text: "board-level risk"}, {Text: "interoperability"},
		{Text: "digital", Offset: 10}, {Text: "digital", Offset: 20, Kinds: []string{"interview"}}},
	// Misspellings, exact searches, suggestions and the rarest word dropped.
	{{Text: "wanacry"}, {Text: "wanacry "}, {Text: "wannacyr"}, {Text: "wanacry", Exact: true}, {Text: "papreless target"},
		{Text: "paperles"}, {Text: "leadershp skills"}, {Text: "clincal saftey"}, {Text: "digitzation"}, {Text: "intreoperability"},
		{Text: "infrastucture"}, {Text: "infrastucture "}, {Text: "infrastructure"}, {Text: "xyzzy plugh"}, {Text: "paperless xyzzq"},
		{Text: "wanacry paperles"}, {Text: "Wanacry!", Limit: 2}, {Text: "pharmacis"}, {Text: "dashbaord", Facets: FacetsCheap},
		{Text: "migraton", Tags: []string{"paperless"}}, {Text: "clou"}, {Text: "cloud migraton strategy"}, {Text: "safegaurding"},
		{Text: "zzz"}, {Text: "qwertyuiop asdfghjkl"}, {Text: "wannacry"}},
	// Synonyms, both ways, and their terms marked in the results.
	{{Text: "EPR"}, {Text: "EPRs"}, {Text: "electronic patient records"}, {Text: "electronic patient record"}, {Text: "A&E"},
		{Text: "accident and emergency"}, {Text: "a11y"}, {Text: "accessibility"}, {Text: "cyber security"}, {Text: "cybersecurity"},
		{Text: "CCIO"}, {Text: "chief clinical information officer"}, {Text: "ONS"}, {Text: "office for national statistics"},
		{Text: "A&E waiting"}, {Text: "emergency"}, {Text: "EPR a11y", Limit: 1}, {Text: "epr"}},
}

// snowballWords returns the committed Snowball vocabulary sample and
// generated pseudo-words.
func snowballWords(t testing.TB) []string {
	f, err := os.Open("testdata/snowball-words.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := sc.Text(); w != "" && !strings.HasPrefix(w, "#") {
			words = append(words, w)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	stems := []string{"y", "ee", "bl", "at", "iz", "ogi", "li", "al", "ic", "ion", "ll", "e", "s", "ies", "ied", "sses", "us", "ing", "ed", "eed", "ly", "ness", "ful", "ative", "ement"}
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteByte("bcdfghjklmnprstvwxyz"[rng.IntN(20)])
			b.WriteByte("aeiouy"[rng.IntN(6)])
		}
		for range rng.IntN(3) {
			b.WriteString(stems[rng.IntN(len(stems))])
		}
		words = append(words, b.String())
	}
	return words
}

// jsSequence is a sequence of queries run on one engine over one index.
type jsSequence struct {
	Index string `json:"index"`
	Steps []any  `json:"steps"`
}

// TestJSRuntime runs the Node tests of search.js against an index built
// here, with what the Go side computes for the same inputs.
func TestJSRuntime(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: JavaScript runtime tests skipped")
	}
	if exec.Command(node, "-e", "process.exit(typeof DecompressionStream === 'function' ? 0 : 1)").Run() != nil {
		t.Skip("node is older than 18 (no DecompressionStream): JavaScript runtime tests skipped")
	}
	// Two indexes: one with cards and page files without text, and a
	// small one whose pages, with their text, are all in one file.
	docs := append(append(fixtureDocs(t), jsExtraDocs()...), syntheticDocs(300, 7)...)
	large := jsOptions
	large.Synonyms, large.SpellSize = jsSynonyms, 900
	tuned := large
	tuned.query = &jsTuned
	indexes := map[string]fstest.MapFS{
		"large": buildFS(t, docs, large),
		"small": buildFS(t, append(fixtureDocs(t), jsExtraDocs()...), Options{Synonyms: jsSynonyms}),
		"tuned": buildFS(t, docs, tuned),
	}
	dir := t.TempDir()
	for index, fsys := range indexes {
		for name, f := range fsys {
			path := filepath.Join(dir, index, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	var expect struct {
		Snowball [][2]string  `json:"snowball"`
		Words    [][3]string  `json:"words"`
		Tokens   [][2]any     `json:"tokens"`
		Queries  []jsSequence `json:"queries"`
	}
	sw := snowballWords(t)
	for _, w := range sw {
		expect.Snowball = append(expect.Snowball, [2]string{w, english.Stem(w, true)})
	}
	words := append([]string{"Organisation", "ORGANIZATIONS", "Colors", "pediatricians", "programme", "Programmes",
		"catalogue", "Straße", "naïve", "O'Brien's", "King’s", "rock'n'roll", "27,001", "3.5", "Σοφός", "İzmir"}, sw...)
	for _, d := range docs[:20] {
		for _, s := range d.Sections {
			for _, f := range strings.Fields(s.Heading + " " + s.Text) {
				words = append(words, strings.Trim(f, ".,:;?!()\"'"))
			}
		}
	}
	for _, w := range words {
		n := Normalize(w)
		expect.Words = append(expect.Words, [3]string{w, n, Stem(n)})
	}
	texts := append([]string{}, jsTexts...)
	for _, d := range docs[:8] {
		texts = append(texts, d.Title, d.Summary)
		for _, s := range d.Sections {
			texts = append(texts, s.Text)
		}
	}
	for _, text := range texts {
		toks := [][]any{}
		for _, tok := range Tokenize(text) {
			toks = append(toks, []any{tok.Word, tok.Stem, tok.Pos, text[tok.Start:tok.End], tok.Joined})
		}
		expect.Tokens = append(expect.Tokens, [2]any{text, toks})
	}
	for _, index := range []string{"large", "small", "tuned"} {
		for _, seq := range jsQueries {
			s := NewSearcher(indexes[index])
			steps := []any{}
			for _, q := range seq {
				res, err := s.Search(context.Background(), q)
				if err != nil {
					t.Fatalf("%s index: %+v: %v", index, q, err)
				}
				steps = append(steps, map[string]any{"query": q, "want": res})
			}
			expect.Queries = append(expect.Queries, jsSequence{Index: index, Steps: steps})
		}
	}
	p, err := json.Marshal(expect)
	if err != nil {
		t.Fatal(err)
	}
	expectPath := filepath.Join(dir, "expect.json")
	if err := os.WriteFile(expectPath, p, 0o644); err != nil {
		t.Fatal(err)
	}

	tests, err := filepath.Glob("testdata/js/*.test.mjs")
	if err != nil || len(tests) == 0 {
		t.Fatalf("no JavaScript tests in testdata/js: %v", err)
	}
	static, err := filepath.Abs("../../themes/nhs/static")
	if err != nil {
		t.Fatal(err)
	}
	js := filepath.Join(static, "search-engine.js")
	// Read the JavaScript here too, so that go test's cache notices edits.
	runtime := []string{js, filepath.Join(static, "search-text.js"), filepath.Join(static, "search.js"),
		filepath.Join(static, "search-loader.js"), filepath.Join(static, "search-popup.js"), "testdata/js/fakedom.mjs"}
	for _, f := range append(runtime, tests...) {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	// The scripts as written, then as the theme publishes them (minified):
	// both must pass.
	published := t.TempDir()
	for _, f := range runtime[:len(runtime)-1] {
		p, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(published, filepath.Base(f)), minify.JS(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, engine := range []string{js, filepath.Join(published, "search-engine.js")} {
		cmd := exec.CommandContext(t.Context(), node, append([]string{"--test", "--test-reporter=spec"}, tests...)...)
		cmd.Env = append(os.Environ(), "SEARCH_JS="+engine, "SEARCH_INDEX="+dir, "SEARCH_EXPECT="+expectPath)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("node --test with %s: %v\n%s", engine, err, out)
		}
		if testing.Verbose() {
			t.Logf("%s:\n%s", engine, out)
		}
	}
}

// TestJSSharesConstants checks what the runtime cannot read from the
// manifest: the numbers of the file format are Go's, and the runtime reads
// every tunable of the manifest (a tunable added here and not used there
// would leave the two engines apart).
func TestJSSharesConstants(t *testing.T) {
	p, err := os.ReadFile("../../themes/nhs/static/search-engine.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(p)
	want := map[string]int{
		"FORMAT": Format, "TITLE_BIT": 1 << fieldTitle, "PAGE_BIT": pageBit,
		"MEMBERS_SCORED": membersScored, "MEMBERS_GAPS": membersGaps, "MEMBERS_BITMAP": membersBitmap, "MEMBERS_FILE": membersFile,
	}
	for name, v := range want {
		m := regexp.MustCompile(`\b` + name + ` = (\d+)`).FindStringSubmatch(js)
		if m == nil {
			t.Errorf("search-engine.js has no constant %s", name)
		} else if m[1] != strconv.Itoa(v) {
			t.Errorf("search-engine.js: %s = %s, want %d as in Go", name, m[1], v)
		}
	}
	text, err := os.ReadFile("../../themes/nhs/static/search-text.js")
	if err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeOf(tunables{})
	for i := range typ.NumField() {
		tag := typ.Field(i).Tag.Get("json")
		if !strings.Contains(js, "."+tag) && !strings.Contains(string(text), "."+tag) {
			t.Errorf("the runtime never reads the tunable %q (%s) from the manifest", tag, typ.Field(i).Name)
		}
	}
	var m manifest
	tt := reflect.TypeOf(m.Text)
	for i := range tt.NumField() {
		if tag := tt.Field(i).Tag.Get("json"); !strings.Contains(string(text), "tables."+tag) {
			t.Errorf("search-text.js never reads the table %q (%s) from the manifest", tag, tt.Field(i).Name)
		}
	}
}
