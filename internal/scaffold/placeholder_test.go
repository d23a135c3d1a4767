package scaffold

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
)

// TestPlaceholders checks that content.Placeholders is the body text of
// the pages new writes, line for line (headings a page may keep, such as
// "## Key points", left out), and that a page just made by new is warned
// about once, with every such line counted.
func TestPlaceholders(t *testing.T) {
	names, err := fs.Glob(templates, "templates/new/*.md")
	if err != nil || len(names) == 0 {
		t.Fatal("no templates", err)
	}
	var lines []string
	for _, name := range names {
		data, err := fs.ReadFile(templates, name)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(data), "---\n", 3)
		for _, l := range strings.Split(parts[2], "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") && !strings.Contains(l, "{#") {
				continue
			}
			lines = append(lines, l)
		}
	}
	for _, l := range lines {
		if !slices.Contains(content.Placeholders, l) {
			t.Errorf("content.Placeholders lacks %q", l)
		}
	}
	for _, p := range content.Placeholders {
		if !slices.Contains(lines, p) {
			t.Errorf("content.Placeholders has %q, which no template writes", p)
		}
	}

	for _, kind := range allKinds {
		root := site(t)
		rel, err := New(NewOptions{Root: root, ContentDir: "content", Kind: kind, Title: "A title", Today: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		src := readFile(t, root, rel)
		_, _, l := content.Parse("content", rel, src)
		var warned []string
		for _, d := range l {
			if d.Code == diag.CodePlaceholderText {
				warned = append(warned, d.String()+" / "+d.Hint)
			}
		}
		if len(warned) != 1 || !strings.Contains(warned[0], "the page still has the text signpost new wrote for you to replace: ") {
			t.Errorf("%s: placeholder findings %q", kind, warned)
		}
	}
	_, _, l := content.Parse("content", "content/articles/x.md", []byte("---\ntitle: T\ndate: 2024-01-01\nsummary: s\n---\n\nIntro.\n\n## What is the first question? {#first-question}\n\nThe answer.\n"))
	want := "content/articles/x.md:9: warning: the page still has the text signpost new wrote for you to replace: \"## What is the first question? {#first-question}\"" +
		"\n    hint: before the page is published, write its own text in place of it: 2 lines of it in all"
	if got := text(l); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, _, l := content.Parse("content", "content/articles/x.md", []byte("---\ntitle: T\ndate: 2024-01-01\nsummary: s\n---\n\n## Key points\n\n- The first point is mine.\n")); len(l) > 0 {
		t.Errorf("a page of its own text: %s", text(l))
	}
}

func readFile(t *testing.T, root, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// text formats l as text output does.
func text(l diag.List) string {
	var b strings.Builder
	_ = diag.WriteText(&b, l)
	return strings.TrimSuffix(b.String(), "\n")
}
