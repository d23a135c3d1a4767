package content

import (
	"bytes"
	"context"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/signpost-kb/signpost/internal/diag"
)

// FuzzParse feeds arbitrary files, under arbitrary names, to the front
// matter splitter, the YAML and TOML decoders and the page validation. It
// must never panic, every finding must name the file and a line inside it,
// and a page that comes back valid must have a URL that stays inside the
// site and aliases that do too.
func FuzzParse(f *testing.F) {
	for _, s := range []struct{ name, src string }{
		{"articles/x.md", "---\ntitle: T\ndate: 2024-01-01\nsummary: s\ntags: [a, b]\n---\nBody\n"},
		{"interviews/x.md", "---\ntitle: T\ndate: 2024-01-01\nsummary: s\ninterviewee: {name: N, role: R, organisation: O}\n---\n## Q?\n\nA.\n"},
		{"strategy/x.md", "+++\ntitle = \"T\"\nsummary = \"s\"\nurl = \"https://example.org/\"\npublisher = \"P\"\nstatus = \"current\"\n+++\n"},
		{"articles/_index.md", "---\ntitle: Articles\n---\nIntro\n"},
		{"articles/b/index.md", "\uFEFF---\r\ntitle: T\r\ndate: 2024-01-01\r\nsummary: s\r\nslug: ../../x\r\naliases: [/old/, ../up, \"/a\\x00b\"]\r\n---\r\n"},
		{"articles/x.md", "---\na: &a [x, x]\nb: [*a, *a]\n<<: {c: 1}\n---\n"},
		{"articles/x.md", "---\ntitle: [unclosed\n---\n"},
		{"articles/x.md", "---\ntitle: T\n"},
		{"x.md", "+++\n[[a]]\nb = 1\n[[a]]\nb = 2\n+++\n"},
		{"articles/x.md", "---\n? [a, b]\n: c\ndate: 2023-02-30\ntags: 5\n---\n"},
	} {
		f.Add(s.name, []byte(s.src))
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		file := path.Join("content", name)
		if !strings.HasPrefix(file, "content/") || !isMarkdown(file) {
			return
		}
		page, section, l := Parse("content", file, src)
		lines := 1 + bytes.Count(src, []byte("\n"))
		for _, d := range l {
			if d.File != file {
				t.Fatalf("finding names %q, not %q: %s", d.File, file, d.Msg)
			}
			if d.Line < 0 || d.Line > lines+1 {
				t.Fatalf("finding on line %d of a %d-line file: %s", d.Line, lines, d.Msg)
			}
			if d.Msg == "" {
				t.Fatalf("empty message")
			}
		}
		if page != nil && section != nil {
			t.Fatal("both a page and a section page")
		}
		if page == nil || page.Invalid || l.HasErrors() {
			return
		}
		checkSitePath(t, "URL", page.URL, true)
		for _, a := range page.Aliases {
			checkSitePath(t, "alias", a, strings.HasSuffix(a, "/"))
		}
	})
}

// checkSitePath fails unless p is a clean site path that maps to a file
// inside the output folder.
func checkSitePath(t *testing.T, what, p string, folder bool) {
	t.Helper()
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00?#") || strings.HasPrefix(p, "//") {
		t.Fatalf("%s %q is not a clean site path", what, p)
	}
	if folder && !strings.HasSuffix(p, "/") {
		t.Fatalf("%s %q does not end in /", what, p)
	}
	rel := strings.TrimPrefix(strings.TrimSuffix(p, "/"), "/")
	if rel != "" && (!fsValid(rel) || path.Clean(rel) != rel) {
		t.Fatalf("%s %q has . or .. segments or empty ones", what, p)
	}
}

func fsValid(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// FuzzLoad loads a whole content folder holding one fuzzed file and its
// neighbours, so that walking, URL collisions and reserved names are
// exercised with the decoder.
func FuzzLoad(f *testing.F) {
	f.Add("articles/x.md", []byte("---\ntitle: T\ndate: 2024-01-01\nsummary: s\nslug: y\naliases: [/articles/y/]\n---\n"))
	f.Add("tags/x.md", []byte("---\ntype: article\ntitle: T\ndate: 2024-01-01\nsummary: s\n---\n"))
	f.Add("articles/y.png", []byte("\x89PNG"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		file := path.Join("content", name)
		if !strings.HasPrefix(file, "content/") || !fstestValid(file) {
			return
		}
		fsys := fstest.MapFS{
			file:                    {Data: src},
			"content/articles/y.md": {Data: []byte("---\ntitle: Y\ndate: 2024-01-01\nsummary: s\n---\n")},
		}
		site, l := Load(context.Background(), fsys, Options{Dir: "content", Workers: 2})
		for _, d := range l {
			if d.Severity == diag.Error && d.File == "" && d.Code != diag.CodeContentRead {
				t.Fatalf("error without a file: %s", d.Msg)
			}
		}
		for _, p := range site.Pages {
			if !p.Invalid {
				checkSitePath(t, "URL", p.URL, true)
			}
		}
		for _, a := range site.Assets {
			// A file keeps its name, ? and # included: links to it are
			// escaped.
			checkSitePath(t, "asset", strings.NewReplacer("?", "x", "#", "x").Replace(a.URL), false)
		}
	})
}

func fstestValid(p string) bool {
	return fsValid(p) && !strings.ContainsAny(p, "\x00")
}

// FuzzBlankCode checks blankCode against its promises on any line: it
// keeps its count of characters, and changes a character only to a space
// (none at all on a line with no backtick).
func FuzzBlankCode(f *testing.F) {
	for _, s := range []string{"a `b` c", "``a`b``", "` `` ```", "`é`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) {
			return
		}
		got := blankCode([]byte(line))
		in, out := []rune(line), []rune(got)
		if len(in) != len(out) {
			t.Fatalf("blankCode(%q) = %q: %d characters, want %d", line, got, len(out), len(in))
		}
		for i := range in {
			if out[i] != in[i] && out[i] != ' ' {
				t.Fatalf("blankCode(%q) = %q: character %d changed to %q", line, got, i, out[i])
			}
		}
		if !strings.Contains(line, "`") && got != line {
			t.Fatalf("blankCode(%q) = %q with no backtick", line, got)
		}
	})
}
