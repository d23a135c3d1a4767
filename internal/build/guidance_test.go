package build

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/signpost-kb/signpost/internal/search"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestGuidanceFixtures builds each site of testdata/guidance/*.txtar and
// checks what its file "want" says, one statement a line:
//
//	FILE has TEXT        the output file FILE holds TEXT (\n for a line break)
//	FILE lacks TEXT      it does not
//	FILE order A | B …   it holds A, then B, … in that order
//	FILE count N TEXT    it holds TEXT exactly N times
//	no FILE              the build wrote no FILE
//	finding TEXT         a finding of the build holds TEXT; with any
//	                     "finding" line the build may fail
//
// Lines starting with # are comments. The file want is not part of the
// site.
func TestGuidanceFixtures(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/guidance/*.txtar")
	if err != nil || len(fixtures) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, fixture := range fixtures {
		t.Run(strings.TrimSuffix(filepath.Base(fixture), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(fixture)
			if err != nil {
				t.Fatal(err)
			}
			var want string
			files := ar.Files[:0:0]
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
				} else {
					files = append(files, f)
				}
			}
			ar.Files = files
			dir := testsite.Write(t, t.TempDir(), ar)
			out, _, l := buildSite(t, dir, Options{})
			findings := text(l)
			expectFindings := strings.Contains(want, "\nfinding ") || strings.HasPrefix(want, "finding ")
			if l.HasErrors() && !expectFindings {
				t.Fatalf("build failed:\n%s", findings)
			}
			read := func(name string) string {
				data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
				if err != nil {
					t.Errorf("%s: %v", name, err)
				}
				return string(data)
			}
			for n, line := range strings.Split(want, "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				unescape := strings.NewReplacer(`\n`, "\n").Replace
				where := filepath.Base(fixture) + ": want line " + strconv.Itoa(n+1)
				if text, ok := strings.CutPrefix(line, "finding "); ok {
					if !strings.Contains(findings, text) {
						t.Errorf("%s: no finding %q in:\n%s", where, text, findings)
					}
					continue
				}
				if name, ok := strings.CutPrefix(line, "no "); ok {
					if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err == nil {
						t.Errorf("%s: the build wrote %s", where, name)
					}
					continue
				}
				name, rest, _ := strings.Cut(line, " ")
				verb, arg, _ := strings.Cut(rest, " ")
				got := read(name)
				switch verb {
				case "has":
					if !strings.Contains(got, unescape(arg)) {
						t.Errorf("%s: %s lacks %q", where, name, arg)
					}
				case "lacks":
					if strings.Contains(got, unescape(arg)) {
						t.Errorf("%s: %s has %q", where, name, arg)
					}
				case "order":
					at := 0
					for _, part := range strings.Split(arg, " | ") {
						i := strings.Index(got[at:], unescape(part))
						if i < 0 {
							t.Errorf("%s: %s lacks %q after byte %d", where, name, part, at)
							break
						}
						at += i + len(part)
					}
				case "count":
					num, text, _ := strings.Cut(arg, " ")
					if c := strings.Count(got, unescape(text)); strconv.Itoa(c) != num {
						t.Errorf("%s: %s has %q %d times, want %s", where, name, text, c, num)
					}
				default:
					t.Fatalf("%s: unknown statement %q", where, line)
				}
			}
		})
	}
}

// TestSearchGuidance checks that pages of guidance are in the search
// index as every type is, landing pages included, with the sections of a
// page as results of their own, and that search: false leaves one out.
func TestSearchGuidance(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/guidance.txtar")
	if err := os.WriteFile(filepath.Join(dir, "content", "guides", "hidden.md"), []byte("---\nsearch: false\n---\n# Hidden smartcard page\n\nNot in search.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := mustBuild(t, dir, Options{})
	s := search.NewSearcher(os.DirFS(filepath.Join(out, "search")))
	for _, tt := range []struct{ query, want string }{
		{"smartcard", "/guides/accounts/smartcard/"},
		{"laptops", "/guides/accounts/it/laptops/"},
		// A landing page, by its text.
		{"ask your manager", "/guides/accounts/"},
		// A page with no front matter, by its title from its heading.
		{"about this knowledge base", "/about/"},
		// A section of a page, by its heading and its text.
		{"colour printing approval", "/guides/printing/#printing-in-colour"},
		{"duplex", "/guides/printing/#printing-on-both-sides"},
	} {
		res, err := s.Search(context.Background(), search.Query{Text: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].URL != tt.want {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.URL)
			}
			t.Errorf("%q: want %s first, got %v", tt.query, tt.want, got)
			continue
		}
		if k := res.Hits[0].Kind; k != "page" {
			t.Errorf("%q: kind %q, want page", tt.query, k)
		}
	}
	res, err := s.Search(context.Background(), search.Query{Text: "hidden"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.HasPrefix(h.URL, "/guides/hidden/") {
			t.Errorf("a page with search: false is in the index: %s", h.URL)
		}
	}
}
