// Package render turns pages into HTML with a theme: html/template
// templates and static assets, layered so that a site's own themes/<name>/
// folder overrides the embedded theme file by file. Templates are parsed
// once per build and shared by every worker.
//
// It owns templates, their functions, theme layering and assets. It must
// not decide which pages exist or what data they get: the build gives it a
// Data for each.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/minify"
)

// Page templates every theme must provide, one per kind of page.
var pageTemplates = []string{"home", "section", "article", "interview", "strategy", "page", "taxonomy", "term", "search", "404", "alias"}

// Asset is a static file of the theme, published under a content-hashed
// name so that browsers may cache it for ever.
type Asset struct {
	Name string // as the theme names it: "site.css"
	Path string // where it is published, relative to the site root: "assets/site.1a2b3c4d5e.css"
	Data []byte
}

// Theme is a parsed theme.
type Theme struct {
	pages map[string]*template.Template
	// partials holds the partial templates alone, for RenderPartial.
	partials *template.Template
	assets   []Asset
	byName   map[string]*Asset
	data     map[string]file // data/ files, for other steps to read
	cfg      config.Config
	// basePath is cfg.BasePath(), which parses the base URL: the
	// templates make a link with it some 40 times a page.
	basePath string
	pool     sync.Pool
	sum      string
	// ids are the element ids the templates write, and idPrefixes the
	// fixed beginnings of those made with an action ("latest-{{.ID}}"):
	// a heading of a page body must not take one (TakesID).
	ids, idPrefixes []string
	memo            partialMemo
}

// partialMemo holds the output of partialCached for one Site: a build's.
// Builds that show the same Site with the same Theme (watch mode, while
// only page bodies change) share it; the first call for another Site
// starts it afresh.
type partialMemo struct {
	mu   sync.Mutex
	site *Site
	html map[string]template.HTML
}

func (m *partialMemo) load(site *Site, key string) (template.HTML, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.site != site {
		return "", false
	}
	html, ok := m.html[key]
	return html, ok
}

func (m *partialMemo) store(site *Site, key string, html template.HTML) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.site != site {
		m.site, m.html = site, map[string]template.HTML{}
	}
	m.html[key] = html
}

// Options configures Load.
type Options struct {
	// Layers are the theme's file systems, highest priority first: the
	// site's themes/<name> folder, then the embedded theme.
	Layers []Layer
	Config config.Config
	// ExtraCSS is appended to the theme's site.css (the code highlighting
	// stylesheet), so pages load one stylesheet.
	ExtraCSS []byte
}

// Load reads and parses a theme.
func Load(opt Options) (*Theme, diag.List) {
	var l diag.List
	files, err := collect(opt.Layers)
	if err != nil {
		l.Errorf(diag.Pos{}, diag.CodeTheme, "reading the theme: %v", err)
		return nil, l
	}
	t := &Theme{pages: map[string]*template.Template{}, byName: map[string]*Asset{}, cfg: opt.Config, basePath: opt.Config.BasePath(), sum: sum(files, opt.ExtraCSS)}
	t.pool.New = func() any { return new(bytes.Buffer) }

	// Assets first: templates refer to them by hashed name.
	var names []string
	for name := range files {
		if strings.HasPrefix(name, "static/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		data := files[name].data
		logical := strings.TrimPrefix(name, "static/")
		if logical == "site.css" && len(opt.ExtraCSS) > 0 {
			data = append(append(bytes.Clone(data), '\n'), opt.ExtraCSS...)
		}
		switch path.Ext(logical) {
		case ".css":
			data = minify.CSS(data)
		case ".js":
			data = minify.JS(data)
		}
		t.assets = append(t.assets, Asset{Name: logical, Path: hashedPath(logical, data), Data: data})
	}
	for i := range t.assets {
		t.byName[t.assets[i].Name] = &t.assets[i]
	}
	t.data = map[string]file{}
	for name, f := range files {
		if strings.HasPrefix(name, "data/") {
			t.data[name] = f
		}
	}

	base := template.New("").Funcs(t.funcs())
	var partials []string
	for name := range files {
		if strings.HasPrefix(name, "templates/partials/") && strings.HasSuffix(name, ".html") {
			partials = append(partials, name)
		}
	}
	sort.Strings(partials)
	for _, name := range append([]string{"templates/base.html"}, partials...) {
		f, ok := files[name]
		if !ok {
			l.Errorf(diag.Pos{File: name}, diag.CodeTheme, "the theme has no %s", name)
			return nil, l
		}
		if _, err := base.New(strings.TrimPrefix(name, "templates/")).Parse(string(f.data)); err != nil {
			l.Add(templateError(f.origin, name, err))
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	// Clone before any page set is made: a template set cannot be cloned
	// once executed.
	partialSet, err := base.Clone()
	if err != nil {
		l.Errorf(diag.Pos{}, diag.CodeTheme, "%v", err)
		return nil, l
	}
	t.partials = partialSet
	for _, page := range pageTemplates {
		name := "templates/" + page + ".html"
		f, ok := files[name]
		if !ok {
			l.Errorf(diag.Pos{File: name}, diag.CodeTheme, "the theme has no %s template", name)
			continue
		}
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(page + ".html").Parse(string(f.data))
		}
		if err != nil {
			l.Add(templateError(f.origin, name, err))
			continue
		}
		t.pages[page] = set
	}
	if l.HasErrors() {
		return nil, l
	}
	t.ids, t.idPrefixes = templateIDs(files)
	return t, l
}

// templateID finds the id attributes a template writes: id="maincontent",
// or id="latest-{{.ID}}" with its fixed beginning.
var templateID = regexp.MustCompile(`\bid="([^"{]*)(\{\{)?`)

// templateIDs lists the ids the theme's templates write, and the fixed
// beginnings of those they make with actions, each sorted.
func templateIDs(files map[string]file) (ids, prefixes []string) {
	for name, f := range files {
		if !strings.HasPrefix(name, "templates/") {
			continue
		}
		for _, m := range templateID.FindAllSubmatch(f.data, -1) {
			switch v := string(m[1]); {
			case v == "":
			case m[2] != nil:
				prefixes = append(prefixes, v)
			default:
				ids = append(ids, v)
			}
		}
	}
	slices.Sort(ids)
	slices.Sort(prefixes)
	return slices.Compact(ids), slices.Compact(prefixes)
}

// TakesID reports whether a template of the theme writes an element with
// the id id, or may (it begins as one the templates make with an action
// does), so that no heading of a page body may have it.
func (t *Theme) TakesID(id string) bool {
	if _, ok := slices.BinarySearch(t.ids, id); ok {
		return true
	}
	for _, p := range t.idPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// IDs returns what TakesID tests against: the ids, and the beginnings.
func (t *Theme) IDs() (ids, prefixes []string) { return t.ids, t.idPrefixes }

// Sum returns a fingerprint of every file of the theme and the extra CSS:
// two themes with the same sum render the same pages from the same data.
func (t *Theme) Sum() string { return t.sum }

func sum(files map[string]file, extraCSS []byte) string {
	h := sha256.New()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(h, "%q %d\n", name, len(files[name].data))
		h.Write(files[name].data)
	}
	fmt.Fprintf(h, "extra %d\n", len(extraCSS))
	h.Write(extraCSS)
	return hex.EncodeToString(h.Sum(nil))
}

// Data returns a file of the theme's data/ folder, such as
// "data/synonyms.txt", with the name to give it in messages (the site's
// own copy if it has one), and false if the theme has no such file.
func (t *Theme) Data(name string) (data []byte, origin string, ok bool) {
	f, ok := t.data[name]
	return f.data, f.origin, ok
}

// Assets returns the theme's static files, sorted by name.
func (t *Theme) Assets() []Asset { return t.assets }

// Render executes the page template name with d and writes the result to
// w. Given a *bytes.Buffer it renders straight into it, and on error the
// buffer holds part of a page; any other writer gets a whole page or
// nothing.
func (t *Theme) Render(w io.Writer, name string, d *Data) error {
	set, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("no %s template", name)
	}
	entry := "base.html"
	if name == "alias" {
		entry = "alias.html"
	}
	return t.execute(w, set, entry, name+" template", d)
}

// RenderPartial executes the partial template name, such as
// "partials/item.html", with data and writes the result to w, as Render
// does.
func (t *Theme) RenderPartial(w io.Writer, name string, data any) error {
	return t.execute(w, t.partials, name, name, data)
}

func (t *Theme) execute(w io.Writer, set *template.Template, entry, what string, data any) error {
	if buf, ok := w.(*bytes.Buffer); ok {
		if err := set.ExecuteTemplate(buf, entry, data); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	buf := t.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer t.pool.Put(buf)
	if err := set.ExecuteTemplate(buf, entry, data); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Layer is one source of theme files, with templates/ and static/ at its
// root.
type Layer struct {
	FS fs.FS
	// Dir names the layer in messages: "themes/nhs" for a site's folder.
	Dir string
}

// file is a theme file and where it came from.
type file struct {
	data   []byte
	origin string // a label for messages: the layer index and path
}

// collect reads every file of the layers; a file in an earlier layer hides
// the same path in later ones.
func collect(layers []Layer) (map[string]file, error) {
	files := map[string]file{}
	for i := len(layers) - 1; i >= 0; i-- {
		layer, dir := layers[i].FS, layers[i].Dir
		if layer == nil {
			continue
		}
		err := fs.WalkDir(layer, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." {
					return nil // a missing override folder is fine
				}
				return err
			}
			if p == "." {
				return nil
			}
			if layout.SkipName(d.Name()) || !inTheme(p) {
				// Only templates/, static/ and data/ make a theme;
				// editors' files and hidden ones in them are not part of it.
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(layer, p)
			if err != nil {
				return err
			}
			files[p] = file{data: data, origin: path.Join(dir, p)}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// inTheme reports whether the path p of a theme's folder is in one of the
// folders a theme is made of.
func inTheme(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	return top == layout.TemplatesDir || top == layout.StaticDir || top == layout.DataDir
}

var templateLine = regexp.MustCompile(`^template: [^:]+:(\d+):`)

// templateError positions a template parse error.
func templateError(origin, name string, err error) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Pos: diag.Pos{File: origin}, Severity: diag.Error, Code: diag.CodeTheme, Msg: msg}
	if m := templateLine.FindStringSubmatch(msg); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
		d.Msg = strings.TrimSpace(msg[len(m[0]):])
	}
	_ = name
	return d
}

// hashedPath returns the published path of an asset: its name with the
// first ten hex digits of its SHA-256 before the extension.
func hashedPath(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}
