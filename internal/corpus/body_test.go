package corpus

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	tableRE    = regexp.MustCompile(`(?m)^\| Measure \|.*\n\|(---\|)+$`)
	fenceRE    = regexp.MustCompile("(?m)^```([a-z]*)$")
	headingRE  = regexp.MustCompile(`(?m)^## (.+)$`)
	bulletRE   = regexp.MustCompile(`(?m)^- \S`)
	numberedRE = regexp.MustCompile(`(?m)^1\. \S`)
	quoteRE    = regexp.MustCompile(`(?m)^> \S.* — \S+ \S+$`)
	boldRE     = regexp.MustCompile(`\*\*[^*\s]+\*\*`)
	emphRE     = regexp.MustCompile(`(^|\s)\*[^*\s]+\*\.`)
	outLinkRE  = regexp.MustCompile(`\]\(https://example\.nhs\.uk/\d+\)`)
	inLinkRE   = regexp.MustCompile(`\]\((\.\./(?:articles|interviews|strategy)/[a-z0-9-]+-\d{6}\.md)\)`)
	placeRE    = regexp.MustCompile(`(^|[^$])\{\{?[A-Za-z0-9]+\}\}?`)
	codeRE     = regexp.MustCompile("(?ms)^```[a-z]+\n.*?^```$")
)

func TestBody(t *testing.T) {
	const n = sharedPages
	_, files := sharedTree(t)
	has := map[string]int{}
	langs := map[string]int{}
	totalWords := 0
	for _, p := range pages(t, files) {
		b := p.body
		words := len(strings.Fields(b))
		totalWords += words
		if words < 400 || words > 1400 {
			t.Errorf("%s: %d words, want about 600-900", p.path, words)
		}
		prose := codeRE.ReplaceAllString(b, "CODE")
		if !strings.HasSuffix(b, "\n") || strings.HasSuffix(b, "\n\n") || strings.Contains(prose, "\n\n\n") {
			t.Errorf("%s: blocks not separated by exactly one blank line", p.path)
		}
		if m := placeRE.FindString(b); m != "" {
			t.Errorf("%s: placeholder %s left in body", p.path, m)
		}
		fences := fenceRE.FindAllStringSubmatch(b, -1)
		if len(fences)%2 != 0 {
			t.Errorf("%s: %d code fences, want pairs", p.path, len(fences))
		}
		for i := 0; i < len(fences); i += 2 {
			langs[fences[i][1]]++
		}
		for _, m := range inLinkRE.FindAllStringSubmatch(b, -1) {
			if target := path.Join(path.Dir(p.path), m[1]); files[target] == nil {
				t.Errorf("%s: link to %s, which does not exist", p.path, target)
			}
		}
		heads := headingRE.FindAllStringSubmatch(b, -1)
		if strings.Contains(p.path, "/interviews/") {
			if len(heads) < 2 {
				t.Errorf("%s: %d questions, want several", p.path, len(heads))
			}
			for _, h := range heads {
				if !strings.HasSuffix(h[1], "?") {
					t.Errorf("%s: interview heading %q is not a question", p.path, h[1])
				}
			}
		}
		for name, re := range map[string]*regexp.Regexp{
			"table": tableRE, "code": fenceRE, "heading": headingRE, "bullets": bulletRE,
			"numbered": numberedRE, "quote": quoteRE, "bold": boldRE, "emphasis": emphRE,
			"outside link": outLinkRE, "inside link": inLinkRE,
		} {
			if re.MatchString(b) {
				has[name]++
			}
		}
	}
	for _, tc := range []struct {
		what   string
		lo, hi float64
	}{
		{"heading", 1, 1},
		{"table", 0.12, 0.18},
		{"code", 0.07, 0.13},
		{"bullets", 0.6, 1},
		{"numbered", 0.15, 1},
		{"quote", 0.15, 1},
		{"bold", 0.6, 1},
		{"emphasis", 0.6, 1},
		{"outside link", 0.4, 1},
		{"inside link", 0.4, 1},
	} {
		if f := float64(has[tc.what]) / n; f < tc.lo || f > tc.hi {
			t.Errorf("%s on %.3f of pages, want %.2f-%.2f", tc.what, f, tc.lo, tc.hi)
		}
	}
	for _, lang := range []string{"python", "sql", "json", "yaml", "bash", "go", "javascript"} {
		if langs[lang] == 0 {
			t.Errorf("no %s code block", lang)
		}
	}
	if len(langs) != 7 {
		t.Errorf("code block languages %v, want the seven", langs)
	}
	if mean := totalWords / n; mean < 600 || mean > 900 {
		t.Errorf("mean %d words a page, want 600-900", mean)
	}
}

// TestVocabularyGrows checks that a bigger corpus has a bigger vocabulary:
// the distinct words of 1,000 pages well outnumber those of 100 (pages are
// in path order, so the samples are random).
func TestVocabularyGrows(t *testing.T) {
	_, files := sharedTree(t)
	vocab := map[string]bool{}
	var at100 int
	for i, p := range pages(t, files)[:1000] {
		if i == 100 {
			at100 = len(vocab)
		}
		for _, w := range strings.FieldsFunc(p.body, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) {
			vocab[w] = true
		}
	}
	if at100 == 0 || len(vocab) < at100*3/2 {
		t.Errorf("%d distinct words in 100 pages, %d in 1000: want growth of half or more", at100, len(vocab))
	}
}

func TestGenerateRefusesExistingContent(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(context.Background(), root, Options{Pages: 10, Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Generate into an existing content dir: err = %v, want already exists", err)
	}
	if ents, _ := os.ReadDir(filepath.Join(root, "content")); len(ents) != 0 {
		t.Errorf("Generate wrote %d entries into the existing content dir", len(ents))
	}
}

func TestGenerateBadOptions(t *testing.T) {
	for _, opt := range []Options{{Pages: -1}, {Pages: 1, Drafts: 1.5}, {Pages: 1, Drafts: -0.1}, {Pages: 1, Schema: 9}} {
		if _, err := Generate(context.Background(), t.TempDir(), opt); err == nil {
			t.Errorf("Generate(%+v): no error", opt)
		}
	}
}

func TestGenerateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, t.TempDir(), Options{Pages: 100, Seed: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestGenerateZeroAndOnePage(t *testing.T) {
	for _, n := range []int{0, 1} {
		root, st := generate(t, Options{Pages: n, Seed: 1})
		if got := st.Articles + st.Interviews + st.Strategy; got != n {
			t.Errorf("%d pages asked, %d made", n, got)
		}
		if got := len(tree(t, root)); got != n+4 {
			t.Errorf("%d pages: %d files, want %d", n, got, n+4)
		}
	}
}
