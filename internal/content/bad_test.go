package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
)

// badInput lists, for each file in testdata/bad (a path under it: a file at
// the top is an article, one in strategy/ or interviews/ is of that type),
// every finding it must give, exactly, without hints. An empty list means
// the file must load and render with no finding at all. Every file in the
// folder must be listed, and every listed file must exist.
var badInput = map[string][]string{
	"empty.md":                    {"content/articles/empty.md:1: error: the file is empty; a page starts with front matter (--- title: … ---) followed by Markdown"},
	"whitespace-only.md":          {"content/articles/whitespace-only.md:1: error: the file is empty; a page starts with front matter (--- title: … ---) followed by Markdown"},
	"binary-png.md":               {"content/articles/binary-png.md:1: error: this is a binary file, not Markdown text (it contains NUL bytes); rename it or move it out of the content folder"},
	"utf16le-bom.md":              {"content/articles/utf16le-bom.md:1: error: the file is UTF-16 encoded; save it as UTF-8"},
	"utf16be-bom.md":              {"content/articles/utf16be-bom.md:1: error: the file is UTF-16 encoded; save it as UTF-8"},
	"latin1-body.md":              {"content/articles/latin1-body.md:6: error: the file is not valid UTF-8 (perhaps saved as Windows-1252 or Latin-1); save it as UTF-8"},
	"latin1-title.md":             {"content/articles/latin1-title.md:2: error: the file is not valid UTF-8 (perhaps saved as Windows-1252 or Latin-1); save it as UTF-8"},
	"mixed-encodings.md":          {"content/articles/mixed-encodings.md:7: error: the file is not valid UTF-8 (perhaps saved as Windows-1252 or Latin-1); save it as UTF-8"},
	"utf8-bom.md":                 nil,
	"crlf.md":                     nil,
	"cr-only.md":                  nil,
	"unclosed-front-matter.md":    {"content/articles/unclosed-front-matter.md:1: error: front matter opened with --- on line 1 is never closed; add a line --- after the last field"},
	"no-front-matter.md":          {"content/articles/no-front-matter.md:1: error: no front matter: every article starts with a block of fields between --- lines"},
	"duplicate-keys.md":           {"content/articles/duplicate-keys.md:4:1: error: title: set twice (first on line 2); keep one"},
	"billion-laughs.md":           {"content/articles/billion-laughs.md:7: error: front matter is too large or expands too many aliases (more than 10,000 values)"},
	"merge-key-bomb.md":           {"content/articles/merge-key-bomb.md:5: error: front matter is too large or expands too many aliases (more than 10,000 values)"},
	"date-feb-30.md":              {`content/articles/date-feb-30.md:3: error: date: "2023-02-30" is not a valid date; want YYYY-MM-DD, such as 2017-10-03`},
	"date-as-number.md":           {"content/articles/date-as-number.md:3: error: date: want a date such as 2017-10-03, got a number"},
	"date-year-zero.md":           {`content/articles/date-year-zero.md:3: error: date: "0000-00-00" is not a valid date; want YYYY-MM-DD, such as 2017-10-03`},
	"toml-date-time-of-day.md":    {"content/articles/toml-date-time-of-day.md:3: error: date: want a date such as 2017-10-03, got a time of day without a date (07:32:00)"},
	"toml-expires-time-of-day.md": {"content/articles/toml-expires-time-of-day.md:4: error: expires: want a date such as 2017-10-03, got a time of day without a date (07:32:00)"},
	"tags-no-letters.md": {
		`content/articles/tags-no-letters.md:7: error: tags: "!!!" has no letters or digits, so it cannot be a topic with its own page`,
		`content/articles/tags-no-letters.md:8: error: tags: ".." has no letters or digits, so it cannot be a topic with its own page`,
		`content/articles/tags-no-letters.md:9: error: tags: "😀" has no letters or digits, so it cannot be a topic with its own page`,
		`content/articles/tags-no-letters.md:10: error: organisations: "---" has no letters or digits, so it cannot be an organisation with its own page`,
	},
	"interviews/interviewee-organisation-no-letters.md": {`content/interviews/interviewee-organisation-no-letters.md:5: error: interviewee.organisation: "***" has no letters or digits, so it cannot be an organisation with its own page`},
	"date-words.md":               {`content/articles/date-words.md:3: error: date: "last Tuesday" is not a valid date; want YYYY-MM-DD, such as 2017-10-03`},
	"tags-number.md":              {"content/articles/tags-number.md:5: error: tags: want a list of strings, got a number"},
	"tags-mapping.md":             {"content/articles/tags-mapping.md:5: error: tags: want a list of strings, got a mapping"},
	"tags-nested-list.md":         {"content/articles/tags-nested-list.md:5: error: tags: want a list of strings, but an item is a list"},
	"title-list.md":               {"content/articles/title-list.md:2: error: title: want a string, got a list"},
	"title-empty.md":              {"content/articles/title-empty.md:2: error: title: is empty; every article needs one"},
	"draft-yes.md":                {`content/articles/draft-yes.md:5: error: draft: want true or false, got "yes"`},
	"yaml-tab.md":                 {"content/articles/yaml-tab.md:3:1: error: this line is indented with a tab, and YAML allows only spaces"},
	"yaml-complex-key.md":         {"content/articles/yaml-complex-key.md:2:3: error: a field's name must be a plain word, such as title"},
	"yaml-list-document.md":       {"content/articles/yaml-list-document.md:2: error: front matter: want `key: value` fields, got a list"},
	"yaml-scalar-document.md":     {"content/articles/yaml-scalar-document.md:2: error: front matter: want `key: value` fields, got a string"},
	"yaml-unknown-tag.md":         {"content/articles/yaml-unknown-tag.md:2: error: title: want a string, got a list"},
	"yaml-deep-nesting.md":        {"content/articles/yaml-deep-nesting.md:2: error: the front matter is not valid YAML: exceeded max depth of 10000"},
	"toml-invalid.md":             {`content/articles/toml-invalid.md:3:11: error: summary: text must be in quotes in TOML`},
	"toml-duplicate-key.md":       {`content/articles/toml-duplicate-key.md:3:1: error: title: set twice; keep one`},
	"toml-deep-nesting.md":        {"content/articles/toml-deep-nesting.md:2: error: front matter nests lists and tables more than 100 deep"},
	"front-matter-only-fences.md": {"content/articles/front-matter-only-fences.md:1: error: title: missing; every article needs one", "content/articles/front-matter-only-fences.md:1: error: date: missing; every article needs one", "content/articles/front-matter-only-fences.md:1: error: summary: missing; every article needs one"},
	"slug-traversal.md":           {`content/articles/slug-traversal.md:5: warning: slug: "../../../etc/passwd" is not a plain URL segment; using "etc-passwd"`},
	"slug-no-letters.md":          {`content/articles/slug-no-letters.md:5: error: slug: "../.." has no letters or digits`},
	"alias-traversal.md":          {`content/articles/alias-traversal.md:5: error: aliases: "../../../tmp/x/" is not a path on this site`, `content/articles/alias-traversal.md:5: error: aliases: "/a/../../b/" is not a path on this site`},
	"alias-windows-and-nul.md":    {`content/articles/alias-windows-and-nul.md:5: error: aliases: "C:\\Windows\\x" is not a path on this site`, `content/articles/alias-windows-and-nul.md:5: error: aliases: "/a\x00b/" is not a path on this site`, `content/articles/alias-windows-and-nul.md:5: error: aliases: "\\\\server\\share" is not a path on this site`},
	"script-in-front-matter.md":   nil, // escaped when rendered: see build.TestFrontMatterEscaped
	"nul-escape-in-title.md":      nil,
	"control-characters.md":       nil,
	"raw-html-and-javascript.md": {
		`content/articles/raw-html-and-javascript.md:6: warning: raw HTML <script> dropped, with any text inside it: raw HTML is not published`,
		`content/articles/raw-html-and-javascript.md:8: warning: raw HTML <iframe> dropped, with any text inside it: raw HTML is not published`,
		`content/articles/raw-html-and-javascript.md:10: warning: link to "data:text/html,x" removed: javascript:, vbscript: and data: addresses are not published`,
		`content/articles/raw-html-and-javascript.md:10: warning: link to "javascript:alert(1)" removed: javascript:, vbscript: and data: addresses are not published`,
		`content/articles/raw-html-and-javascript.md:10: warning: raw HTML <img> dropped (the text beside it is kept): raw HTML is not published`,
	},
	"huge-title.md":                   nil,
	"many-fields.md":                  manyFields(),
	"strategy/url-javascript.md":      {`content/strategy/url-javascript.md:4: error: url: "javascript:alert(1)" is not an absolute http or https address`},
	"strategy/status-unknown.md":      {`content/strategy/status-unknown.md:6: error: status: "42" is not one of current, superseded, withdrawn`},
	"interviews/interviewee-empty.md": {"content/interviews/interviewee-empty.md:5: error: interviewee.name: missing; say who this is"},
	"interviews/source-data-url.md":   {`content/interviews/source-data-url.md:6: error: source.url: "data:text/html,<script>alert(1)</script>" is not an absolute http or https address`},
}

func manyFields() []string {
	var out []string
	for i := range 200 {
		out = append(out, fmt.Sprintf("content/articles/many-fields.md:%d: warning: field%d: unknown field; it is ignored", i+5, i))
	}
	return out
}

// noResolver resolves no link: the bad files link nowhere on the site.
type noResolver struct{}

func (noResolver) Lookup(file string) (string, error) {
	return "", errors.New("there is no page " + file)
}
func (noResolver) FileAt(string) (string, bool) { return "", false }
func (noResolver) URL(sitePath string) string   { return sitePath }

// loadAndRender loads one file as the build does and renders its body if
// its front matter is valid, returning every finding and the HTML.
func loadAndRender(fsys fs.FS, name string) (diag.List, string) {
	r := LoadFile(fsys, "content", name)
	l := r.Diags
	html := ""
	if p := r.Page; p != nil && !p.Invalid {
		res, err := markdown.New(markdown.Options{}).Render(markdown.Doc{File: p.File, URL: p.URL, Body: r.Body, BodyLine: p.BodyLine, Resolver: noResolver{}})
		if err != nil {
			l.Errorf(diag.Pos{File: p.File}, diag.CodeInternal, "%v", err)
		} else {
			l.Add(res.Diags...)
			html = res.HTML
		}
	}
	return l, html
}

// findings returns the finding lines of l, hints left out.
func findings(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}

// contentPath maps a file of testdata/bad to its place in a site.
func contentPath(rel string) string {
	if strings.Contains(rel, "/") {
		return path.Join("content", rel)
	}
	return path.Join("content/articles", rel)
}

// TestBadInput loads and renders every file of testdata/bad and compares
// its findings with badInput, exactly. Each must take bounded memory: the
// bytes allocated while loading and rendering it stay under a fixed
// multiple of its size.
func TestBadInput(t *testing.T) {
	var files []string
	err := filepath.WalkDir("testdata/bad", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel("testdata/bad", p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad files", len(files))
	}
	for name := range badInput {
		if !slices.Contains(files, name) {
			t.Errorf("testdata/bad/%s is listed but missing", name)
		}
	}
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			want, ok := badInput[rel]
			if !ok {
				t.Fatalf("testdata/bad/%s has no expected findings in badInput", rel)
			}
			data, err := os.ReadFile(filepath.Join("testdata/bad", filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			name := contentPath(rel)
			fsys := fstest.MapFS{name: {Data: data}}
			alloc := allocated(func() {
				l, html := loadAndRender(fsys, name)
				got := findings(l)
				if !slices.Equal(got, want) {
					t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				for _, unsafe := range []string{"<script", "<iframe", "onerror", "javascript:", "data:"} {
					if strings.Contains(html, unsafe) {
						t.Errorf("rendered %q:\n%s", unsafe, html)
					}
				}
			})
			if limit := 200*uint64(len(data)) + 32<<20; alloc > limit {
				t.Errorf("allocated %d MB for a %d-byte file; the bound is %d MB", alloc>>20, len(data), limit>>20)
			}
		})
	}
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// generatedBad are nasty files too large to commit, made on the fly, with
// the findings each gives (nil: none) and the bound on the bytes
// allocated to load and render it.
func generatedBad() []struct {
	name string
	src  []byte
	want []string
} {
	fm := "---\ntitle: T\ndate: 2024-01-01\nsummary: s\n---\n"
	para := "NHS trusts are moving from paper to *electronic* records, with [clinical leadership](https://www.england.nhs.uk/) and `careful` procurement.\n\n"
	tenMB := func() []byte {
		var b bytes.Buffer
		b.WriteString(fm)
		for i := 0; b.Len() < 10<<20; i++ {
			if i%50 == 0 {
				fmt.Fprintf(&b, "## Part %d\n\n- a list item\n- another\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n", i/50)
			}
			b.WriteString(para)
		}
		return b.Bytes()
	}
	nested := func(prefix func(i int) string, depth int) []byte {
		var b bytes.Buffer
		b.WriteString(fm)
		for i := range depth {
			b.WriteString(prefix(i) + "item\n")
		}
		return b.Bytes()
	}
	return []struct {
		name string
		src  []byte
		want []string
	}{
		{"ten-megabytes.md", tenMB(), nil},
		{"seventeen-megabytes.md", bytes.Repeat([]byte("x"), 17<<20), []string{"content/articles/seventeen-megabytes.md: error: the file is 17 MB; signpost reads Markdown files of up to 16 MB"}},
		{"huge-line.md", append([]byte(fm), bytes.Repeat([]byte("word "), 1<<20)...), nil},
		{"huge-line-no-spaces.md", append([]byte(fm), bytes.Repeat([]byte("x"), 5<<20)...), nil},
		{"deep-quotes.md", append([]byte(fm), append(bytes.Repeat([]byte(">"), 100000), " deep\n"...)...),
			[]string{"content/articles/deep-quotes.md:6: error: this line is nested too deeply: it starts with 100001 columns of indentation and list or quote markers"}},
		{"deep-lists.md", nested(func(i int) string { return strings.Repeat("  ", i) + "- " }, 1000),
			[]string{"content/articles/deep-lists.md:206: error: this line is nested too deeply: it starts with 402 columns of indentation and list or quote markers"}},
		{"deep-list-markers.md", append([]byte(fm), append(bytes.Repeat([]byte("- "), 50000), "x\n"...)...),
			[]string{"content/articles/deep-list-markers.md:6: error: this line is nested too deeply: it starts with 100000 columns of indentation and list or quote markers"}},
		{"emphasis-storm.md", append([]byte(fm), bytes.Repeat([]byte("*a_b*c_d**e_f*g**h*i_j**"), 20000)...),
			[]string{"content/articles/emphasis-storm.md:6: error: this paragraph has more than 2000 *, _, [, ], `, < and ~ characters"}},
		{"unclosed-links.md", append([]byte(fm), bytes.Repeat([]byte("[a]("), 100000)...),
			[]string{"content/articles/unclosed-links.md:6: error: this paragraph has more than 2000 *, _, [, ], `, < and ~ characters"}},
		{"reference-storm.md", append([]byte(fm), bytes.Repeat([]byte("[a]: /x\n"), 100000)...),
			[]string{"content/articles/reference-storm.md:6: error: this paragraph has more than 2000 *, _, [, ], `, < and ~ characters"}},
		{"many-headings.md", append([]byte(fm), bytes.Repeat([]byte("## Same heading\n\n"), 20000)...), nil},
		{"yaml-huge-string.md", append(append([]byte("---\ntitle: \""), bytes.Repeat([]byte("a"), 5<<20)...), "\"\ndate: 2024-01-01\nsummary: s\n---\n"...), nil},
		{"many-tags.md", manyItems("tags", 2000),
			[]string{"content/articles/many-tags.md:5: error: tags: 2000 items; a page can have at most 100"}},
		{"many-organisations.md", manyItems("organisations", 101),
			[]string{"content/articles/many-organisations.md:5: error: organisations: 101 items; a page can have at most 100"}},
		{"many-authors.md", manyItems("authors", 5000),
			[]string{"content/articles/many-authors.md:5: error: authors: 5000 items; a page can have at most 100"}},
		{"many-aliases.md", manyItems("aliases", 5000),
			[]string{"content/articles/many-aliases.md:5: error: aliases: 5000 items; a page can have at most 100"}},
		{"hundred-tags.md", manyItems("tags", 100), nil},
	}
}

// manyItems is a page whose list field has n distinct items, with a body
// of 20,000 distinct words.
func manyItems(field string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("---\ntitle: T\ndate: 2024-01-01\nsummary: s\n" + field + ": [")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if field == "aliases" {
			fmt.Fprintf(&b, "/old/%d/", i)
		} else {
			fmt.Fprintf(&b, "item%d", i)
		}
	}
	b.WriteString("]\n---\n\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "w%dx ", i)
	}
	return b.Bytes()
}

// TestGeneratedBadInput loads and renders files too large to commit. Each
// gives its findings or renders, within a bound on the bytes allocated: a
// fixed multiple of its size, so no input can make memory use explode.
func TestGeneratedBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: large generated files skipped")
	}
	for _, tt := range generatedBad() {
		t.Run(tt.name, func(t *testing.T) {
			name := "content/articles/" + tt.name
			fsys := fstest.MapFS{name: {Data: tt.src}}
			alloc := allocated(func() {
				l, _ := loadAndRender(fsys, name)
				if got := findings(l); !slices.Equal(got, tt.want) {
					t.Errorf("findings:\n%.2000s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			})
			if limit := 200*uint64(len(tt.src)) + 32<<20; alloc > limit {
				t.Errorf("allocated %d MB for a %d MB file; the bound is %d MB", alloc>>20, len(tt.src)>>20, limit>>20)
			}
			t.Logf("%d bytes in, %d MB allocated", len(tt.src), alloc>>20)
		})
	}
}

// BenchmarkBadInput measures loading and rendering each generated nasty
// file, so a change that makes one of them slow shows in benchstat.
func BenchmarkBadInput(b *testing.B) {
	for _, tt := range generatedBad() {
		name := "content/articles/" + tt.name
		fsys := fstest.MapFS{name: {Data: tt.src}}
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.src)))
			b.ReportAllocs()
			for b.Loop() {
				loadAndRender(fsys, name)
			}
		})
	}
}

// TestLoadReadError gives Load a file system whose file cannot be read
// (an I/O error, as a failing disk or a file without read permission
// gives), since the tests may run as root, for whom permissions do not
// stop a read: the error names the file and the build goes on with the
// others.
func TestLoadReadError(t *testing.T) {
	fsys := failingFS{MapFS: fstest.MapFS{
		"content/articles/good.md": {Data: []byte("---\ntitle: G\ndate: 2024-01-01\nsummary: s\n---\n")},
		"content/articles/bad.md":  {Data: []byte("---\ntitle: B\ndate: 2024-01-01\nsummary: s\n---\n")},
	}, fail: "content/articles/bad.md"}
	site, l := Load(context.Background(), fsys, Options{Dir: "content"})
	want := []string{"content/articles/bad.md: error: cannot read the file: input/output error"}
	if got := findings(l); !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(site.Pages) != 1 || site.Pages[0].File != "content/articles/good.md" {
		t.Errorf("pages = %v", site.Pages)
	}
}

// failingFS is a MapFS whose file fail cannot be read.
type failingFS struct {
	fstest.MapFS
	fail string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.fail {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errEIO}
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadFile(name string) ([]byte, error) {
	if name == f.fail {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errEIO}
	}
	return f.MapFS.ReadFile(name)
}

var errEIO = syscall.EIO

// TestUnpublishableFileNames gives files whose names cannot be published
// as they are: each is an error naming it, and is left out.
func TestUnpublishableFileNames(t *testing.T) {
	fsys := fstest.MapFS{
		`content/articles/back\slash.png`: {Data: []byte("x")},
		"content/articles/tab\tname.pdf":  {Data: []byte("x")},
		"content/articles/fine name.pdf":  {Data: []byte("x")},
	}
	site, l := Load(context.Background(), fsys, Options{Dir: "content"})
	want := []string{
		`content/articles/back\slash.png: error: the file name "back\\slash.png" cannot be published: it contains a backslash or a control character`,
		`content/articles/tab` + "\t" + `name.pdf: error: the file name "tab\tname.pdf" cannot be published: it contains a backslash or a control character`,
	}
	if got := findings(l); !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(site.Assets) != 1 || site.Assets[0].URL != "/articles/fine name.pdf" {
		t.Errorf("assets = %+v", site.Assets)
	}
}

// TestDeepFolders walks a content folder with a page 2,100 folders down:
// the folder past MaxDepth is an error at its path, and nothing below it
// is read (reading it cost time with the depth squared).
func TestDeepFolders(t *testing.T) {
	deep := "content/articles" + strings.Repeat("/d", 2100) + "/x.md"
	fsys := fstest.MapFS{
		deep:                    {Data: []byte("---\ntitle: X\ndate: 2024-01-01\nsummary: s\n---\n")},
		"content/articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2024-01-01\nsummary: s\n---\n")},
	}
	files, l := Walk(context.Background(), fsys, "content")
	want := []string{"content/articles" + strings.Repeat("/d", MaxDepth) + ": error: this folder is nested 33 folders deep in the content folder; signpost reads folders up to 32 deep, and leaves out what is below"}
	if got := findings(l); !slices.Equal(got, want) {
		t.Errorf("findings:\n%.300s\nwant:\n%.300s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(files, []string{"content/articles/a.md"}) {
		t.Errorf("files: %.200v", files)
	}
}

// TestPageBodyScanBounded checks that what a page takes from its body (a
// title from its first heading, a summary from its first paragraph) costs
// a bounded amount of memory, whatever the body: a page has no front
// matter to say them, so every line may be read.
func TestPageBodyScanBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: large generated files skipped")
	}
	for name, body := range map[string][]byte{
		"references.md":    bytes.Repeat([]byte("[a]: /x\n"), 100000),
		"headings.md":      bytes.Repeat([]byte("## Not a title\n\n#\n\n"), 50000),
		"no-prose.md":      bytes.Repeat([]byte("- item\n> quote\n| a |\n![i](x.png)\n1. one\n"), 40000),
		"one-paragraph.md": append([]byte("# T\n\n"), bytes.Repeat([]byte("word *emphasis* [link](x.md) `code` "), 30000)...),
		"fences.md":        bytes.Repeat([]byte("```\n# in code\n```\n::: details x\n# in a container\n:::\n"), 30000),
	} {
		t.Run(name, func(t *testing.T) {
			alloc := allocated(func() { ParseFile("content", "content/guides/"+name, body) })
			if limit := 20*uint64(len(body)) + 8<<20; alloc > limit {
				t.Errorf("allocated %d MB for a %d KB page; the bound is %d MB", alloc>>20, len(body)>>10, limit>>20)
			}
		})
	}
}
