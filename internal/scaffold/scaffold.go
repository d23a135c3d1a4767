// Package scaffold creates sites and pages: "signpost init" writes a new
// site with one example of each kind of page, and "signpost new" a page
// with every field stubbed and a comment on what goes there. Neither ever
// overwrites a file.
//
// It owns the files init and new write. It must not write over a file,
// nor anywhere but the site folder it is given.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/slug"
)

//go:embed all:templates
var templates embed.FS

// DefaultTitle is the title of a site made by Init when none is given.
const DefaultTitle = "NHS Digital Knowledge Base"

// reviewYears is how long after its last review a page is next due.
const reviewYears = 1

// data is what the templates are filled with.
type data struct {
	Title     string
	Date      string // today: 2026-01-31
	ReviewDue string // a year from today
}

func newData(title string, today time.Time) data {
	return data{
		Title:     title,
		Date:      today.Format(time.DateOnly),
		ReviewDue: today.AddDate(reviewYears, 0, 0).Format(time.DateOnly),
	}
}

var funcs = template.FuncMap{"quote": quote}

// quote writes s as a YAML (and TOML) double-quoted string.
func quote(s string) string { return strconv.Quote(s) }

// render fills the template at name (under templates/) with d.
func render(name string, d data) ([]byte, error) {
	src, err := fs.ReadFile(templates, path.Join("templates", name))
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// InitOptions configures Init.
type InitOptions struct {
	// Dir is the folder to create the site in; it must be empty, or not
	// exist yet.
	Dir string
	// Title is the site's title; "" means DefaultTitle.
	Title string
	// Today dates the example pages.
	Today time.Time
}

// Init creates a new site in opt.Dir: signpost.toml, a .gitignore, the
// home and section introductions, an example article, interview and
// strategy entry, and an "About this knowledge base" page. It refuses a folder that holds anything but a .git
// folder. It returns the files it wrote, slash-separated and relative to
// Dir, in order.
func Init(opt InitOptions) ([]string, error) {
	if err := checkEmpty(opt.Dir); err != nil {
		return nil, err
	}
	title := Title(opt.Title)
	if title == "" {
		title = DefaultTitle
	}
	d := newData(title, opt.Today)
	var names []string
	err := fs.WalkDir(templates, "templates/init", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		names = append(names, strings.TrimPrefix(p, "templates/init/"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var written []string
	for _, name := range names {
		out := name
		if name == "gitignore" {
			out = ".gitignore" // so that it does not apply to this repository
		}
		b, err := render(path.Join("init", name), d)
		if err != nil {
			return written, err
		}
		if err := create(filepath.Join(opt.Dir, filepath.FromSlash(out)), b); err != nil {
			return written, err
		}
		written = append(written, out)
	}
	return written, nil
}

// checkEmpty accepts a folder that does not exist, is empty, or holds
// only a .git folder (a freshly cloned repository).
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if e.Name() != ".git" {
			names = append(names, e.Name())
		}
	}
	if len(names) > 0 {
		return fmt.Errorf("%s is not empty (it holds %s); signpost init only writes into a new or empty folder, so that it never overwrites anything", dir, list(names, 3))
	}
	return nil
}

func list(names []string, n int) string {
	if len(names) > n {
		return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
	}
	return strings.Join(names, ", ")
}

// NewOptions configures New.
type NewOptions struct {
	// Root is the site folder, and ContentDir its content folder, relative
	// to Root ("content").
	Root, ContentDir string
	Kind             content.Kind
	// Title is the page's title; its slug names the file.
	Title string
	// Today dates the page.
	Today time.Time
}

// New creates a page of kind opt.Kind titled opt.Title in its section's
// folder (a page of guidance at the top of the content folder, to be
// moved into the folder of its section), named by the slug of the title,
// with every field stubbed. It never overwrites a file. It returns the file it wrote, slash-separated
// and relative to Root: "content/articles/my-title.md".
func New(opt NewOptions) (string, error) {
	title := Title(opt.Title)
	if title == "" {
		return "", errors.New("the title is empty; give one in quotes, such as \"Going paperless at Dudley\"")
	}
	s := slug.Make(title)
	if s == "" {
		return "", fmt.Errorf("cannot make a file name from the title %q: it has no letters or digits", title)
	}
	if opt.Kind.Section() == "" && opt.Kind != content.PageKind {
		return "", fmt.Errorf("unknown kind of page %q", opt.Kind)
	}
	dir := opt.ContentDir
	if dir == "" {
		dir = "content"
	}
	if info, err := os.Stat(filepath.Join(opt.Root, dir)); err != nil || !info.IsDir() {
		return "", fmt.Errorf("there is no content folder %s in %s; run signpost new in a site's folder (or pass --source), or make a site with signpost init", dir, opt.Root)
	}
	rel := path.Join(filepath.ToSlash(dir), opt.Kind.Section(), s+".md")
	b, err := render(path.Join("new", string(opt.Kind)+".md"), newData(title, opt.Today))
	if err != nil {
		return "", err
	}
	name := filepath.Join(opt.Root, filepath.FromSlash(rel))
	if err := create(name, b); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s already exists; signpost never overwrites a page: edit that file, or choose another title", rel)
		}
		return "", err
	}
	return rel, nil
}

// Todo lists what a page made by New still needs before it can be
// published: its findings, such as the required fields left empty. root
// and rel are as given to and returned by New.
func Todo(root, contentDir, rel string) (diag.List, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	_, _, l := content.Parse(filepath.ToSlash(contentDir), rel, src)
	l.Sort()
	return l, nil
}

// ParseKind reads the kind of page named on the command line: article,
// interview, strategy or page, or the name of its folder.
func ParseKind(s string) (content.Kind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range content.Kinds {
		if s == string(k) || s == k.Section() {
			return k, nil
		}
	}
	if s == string(content.PageKind) || s == "pages" {
		return content.PageKind, nil
	}
	return "", fmt.Errorf("%q is not a kind of page; use article, interview, strategy or page", s)
}

// Title tidies a title given on the command line: runs of white space,
// new lines included, become single spaces, and control characters and
// bytes that are not UTF-8 are dropped.
func Title(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// create writes a new file, making its folder, and fails if the file
// exists.
func create(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	return f.Close()
}
