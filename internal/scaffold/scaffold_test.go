package scaffold

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/check"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var today = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// golden compares got with the golden file name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n--- got\n%s", name, file, got)
	}
}

// allKinds are the kinds of page new makes: every type.
var allKinds = append(content.Kinds[:], content.PageKind)

// site returns a new folder with an empty content folder.
func site(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestNewGolden(t *testing.T) {
	for _, k := range allKinds {
		t.Run(string(k), func(t *testing.T) {
			root := site(t)
			rel, err := New(NewOptions{Root: root, ContentDir: "content", Kind: k, Title: "  Going paperless:\n Dudley's “digital Trust”  ", Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if want := path.Join("content", k.Section(), "going-paperless-dudleys-digital-trust.md"); rel != want {
				t.Errorf("wrote %s, want %s", rel, want)
			}
			got, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "new/"+string(k)+".md", got)
		})
	}
}

// TestNewStubs checks that a new page decodes, and that the only errors
// are the required fields it leaves for the writer to fill in.
func TestNewStubs(t *testing.T) {
	want := map[content.Kind][]string{
		content.Article: {
			"4: summary: is empty; every article needs one",
			`14: the page still has the text signpost new wrote for you to replace: "Write the article here, in Markdown. Start with what the reader most needs"`,
		},
		content.Interview: {
			"7: interviewee.name: missing; say who this is",
			"4: summary: is empty; every interview needs one",
			`18: the page still has the text signpost new wrote for you to replace: "An introduction: who the interviewee is, and when and why they were"`,
		},
		content.Strategy: {
			"8: summary: is empty; every strategy needs one",
			"3: url: is empty; every strategy needs one",
			"4: publisher: is empty; every strategy needs one",
			`16: the page still has the text signpost new wrote for you to replace: "What the document says and why it matters to the people who use this"`,
		},
		content.PageKind: {
			`12: the page still has the text signpost new wrote for you to replace: "Write the guidance here, in Markdown. Start with what the reader needs to"`,
		},
	}
	for _, k := range allKinds {
		t.Run(string(k), func(t *testing.T) {
			root := site(t)
			rel, err := New(NewOptions{Root: root, Kind: k, Title: "A title", Today: today})
			if err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil {
				t.Fatal(err)
			}
			p, _, l := content.Parse("content", rel, src)
			todo, err := Todo(root, "content", rel)
			if err != nil || len(todo) != len(l) {
				t.Errorf("Todo: %v, %v; want %v", todo, err, l)
			}
			if p == nil {
				t.Fatalf("no page: %v", l)
			}
			if p.Title != "A title" || p.Kind != k || !p.Draft || p.ReviewDue.Format(time.DateOnly) != "2027-01-15" {
				t.Errorf("decoded %+v", p)
			}
			var got []string
			for _, d := range l {
				got = append(got, d.Pos.String()[len(rel)+1:]+": "+d.Msg)
			}
			if strings.Join(got, "\n") != strings.Join(want[k], "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want[k], "\n"))
			}
		})
	}
}

func TestNewNeverOverwrites(t *testing.T) {
	root := site(t)
	opt := NewOptions{Root: root, Kind: content.Article, Title: "Same", Today: today}
	rel, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(root, rel)
	if err := os.WriteFile(name, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(opt); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second New: %v, want an error", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "mine" {
		t.Errorf("the file was overwritten: %q", b)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		kind  content.Kind
		title string
		want  string
	}{
		{content.Article, " \n ", "the title is empty"},
		{content.Article, "?!", "no letters or digits"},
		{"podcast", "A title", "unknown kind"},
	}
	for _, tt := range tests {
		_, err := New(NewOptions{Root: site(t), Kind: tt.kind, Title: tt.title, Today: today})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%q, %q): %v, want %q", tt.kind, tt.title, err, tt.want)
		}
	}
}

func TestNewNeedsAContentFolder(t *testing.T) {
	_, err := New(NewOptions{Root: t.TempDir(), Kind: content.Article, Title: "A title", Today: today})
	if err == nil || !strings.Contains(err.Error(), "there is no content folder content") {
		t.Errorf("New outside a site: %v", err)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]content.Kind{
		"article": content.Article, "Articles": content.Article, "interview": content.Interview,
		"interviews": content.Interview, "strategy": content.Strategy, " STRATEGY ": content.Strategy,
		"podcast": "", "": "",
	} {
		got, err := ParseKind(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestInitGolden(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	files, err := Init(InitOptions{Dir: dir, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	tree := testsite.Tree(t, dir)
	if len(files) != len(tree) {
		t.Errorf("Init reports %d files, wrote %d", len(files), len(tree))
	}
	golden(t, "init/FILES", []byte(strings.Join(files, "\n")+"\n"))
	for name, data := range tree {
		golden(t, "init/"+name, data)
	}
}

// TestInitBuildsAndChecks checks that a new site builds, and passes
// check --strict with nothing to say.
func TestInitBuildsAndChecks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	if _, err := Init(InitOptions{Dir: dir, Title: "Test KB", Today: today}); err != nil {
		t.Fatal(err)
	}
	res, l := build.Run(context.Background(), build.Options{Root: dir, Now: today})
	// base_url is "/" until the site's address is known: the build says
	// what it leaves out for want of it.
	if res == nil || len(l) != 1 || l[0].Code != diag.CodeBaseURLRelative {
		t.Fatalf("build: %v", l)
	}
	if res.Pages[content.Article] != 1 || res.Pages[content.Interview] != 1 || res.Pages[content.Strategy] != 1 {
		t.Errorf("built %v, want one page of each kind", res.Pages)
	}
	cr, l := check.Run(context.Background(), check.Options{Build: build.Options{Root: dir, Now: today}, Strict: true, Verbose: true})
	if cr == nil || len(l) > 0 {
		var b bytes.Buffer
		_ = diag.WriteText(&b, l)
		t.Errorf("check --strict --verbose:\n%s", b.String())
	}
	// A new page in the new site is a draft: left out, and noted as such.
	if _, err := New(NewOptions{Root: dir, Kind: content.Article, Title: "Next", Today: today}); err != nil {
		t.Fatal(err)
	}
	_, l = check.Run(context.Background(), check.Options{Build: build.Options{Root: dir, Now: today}, Strict: true})
	if l.Failures() != 0 || l.Count(diag.Info) != 2 || l[0].Code != diag.CodeFrontmatterRequired || l[1].Code != diag.CodePlaceholderText {
		t.Errorf("check --strict after new: %v, want notes of the summary it lacks and its placeholder text", l)
	}
	_, l = check.Run(context.Background(), check.Options{Build: build.Options{Root: dir, Now: today, Drafts: true}})
	if l.Count(diag.Error) != 1 || l[0].Code != diag.CodeFrontmatterRequired || l.Count(diag.Warning) != 1 || l[1].Code != diag.CodePlaceholderText {
		t.Errorf("check --drafts after new: %v, want the summary it lacks, and a warning of its placeholder text", l)
	}
}

func TestInitRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(InitOptions{Dir: dir, Today: today}); err == nil || !strings.Contains(err.Error(), "not empty (it holds notes.txt)") {
		t.Errorf("Init into a non-empty folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "signpost.toml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("wrote into a non-empty folder: %v", err)
	}

	// A fresh clone, with only .git, is fine.
	clone := t.TempDir()
	if err := os.Mkdir(filepath.Join(clone, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(InitOptions{Dir: clone, Today: today}); err != nil {
		t.Errorf("Init into a fresh clone: %v", err)
	}
}

// FuzzTitle checks that any title survives the trip through a new page's
// front matter: it decodes back to itself, tidied.
func FuzzTitle(f *testing.F) {
	for _, s := range []string{"Going paperless", `Quotes " and \ backslash`, "Colon: and # hash", "Tab\there", "Ünïcödé “curly” — dash", "null", "- list", "{a: b}", "'single'", "\x00\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		want := Title(title)
		if want == "" {
			return
		}
		for _, k := range allKinds {
			src, err := render("new/"+string(k)+".md", newData(want, today))
			if err != nil {
				t.Fatal(err)
			}
			p, _, l := content.Parse("content", path.Join("content", k.Section(), "x.md"), src)
			if p == nil {
				t.Fatalf("%q: no page: %v", want, l)
			}
			if p.Title != want {
				t.Fatalf("title %q came back as %q", want, p.Title)
			}
		}
	})
}

func TestTitle(t *testing.T) {
	for in, want := range map[string]string{
		"  A   title\n\tsplit ": "A title split",
		"Bad \xf4 byte":         "Bad byte",
		"Bell\a and NUL\x00":    "Bell and NUL",
		"“Curly” — dash":        "“Curly” — dash",
	} {
		if got := Title(in); got != want {
			t.Errorf("Title(%q) = %q, want %q", in, got, want)
		}
	}
}
