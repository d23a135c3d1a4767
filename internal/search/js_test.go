package search

import (
	"bufio"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kljensen/snowball/english"
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
// postings, bitmaps, several shards and card files.
var jsOptions = Options{ShardSize: 1500, Scored: 6, Cards: 3}

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
		{Text: "digital", Tags: []string{"no-such-tag"}}, {Text: "clinical", Offset: 3, Limit: 4}},
	{{Text: "c"}, {Text: "cl"}, {Text: "clo"}, {Text: "clou"}, {Text: "cloud"}, {Text: "cloud "}, {Text: "cloud m"},
		{Text: "cloud mig"}, {Text: "cloud migration"}, {Text: "cloud migration strategy"}},
	{{Text: "patient records"}, {Text: "clinical safety"}, {Text: "board-level risk"}, {Text: "interoperability"},
		{Text: "digital", Offset: 10}, {Text: "digital", Offset: 20, Kinds: []string{"interview"}}},
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
	docs := append(fixtureDocs(t), syntheticDocs(300, 7)...)
	fsys := buildFS(t, docs, jsOptions)
	dir := t.TempDir()
	for name, f := range fsys {
		path := filepath.Join(dir, "search", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	var expect struct {
		Snowball [][2]string `json:"snowball"`
		Words    [][3]string `json:"words"`
		Tokens   [][2]any    `json:"tokens"`
		Queries  [][]any     `json:"queries"`
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
	for _, seq := range jsQueries {
		s := NewSearcher(fsys)
		var steps []any
		for _, q := range seq {
			res, err := s.Search(context.Background(), q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			steps = append(steps, map[string]any{"query": q, "want": res})
		}
		expect.Queries = append(expect.Queries, steps)
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
	runtime := []string{js, filepath.Join(static, "search-text.js"), filepath.Join(static, "search.js")}
	for _, f := range append(runtime, tests...) {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.CommandContext(t.Context(), node, append([]string{"--test", "--test-reporter=spec"}, tests...)...)
	cmd.Env = append(os.Environ(), "SEARCH_JS="+js, "SEARCH_INDEX="+filepath.Join(dir, "search"), "SEARCH_EXPECT="+expectPath)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if testing.Verbose() {
		t.Logf("%s", out)
	}
}
