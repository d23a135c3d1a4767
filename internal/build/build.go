// Package build turns a site folder into a static site. It runs the
// pipeline top to bottom: configuration, content, Markdown (in parallel
// across cores, each page streamed to disk as soon as it is rendered),
// taxonomies, lists, feeds and the search index, and writes everything to a
// staging folder that replaces the output folder only when the whole build
// succeeded.
package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/search"
	"github.com/signpost-kb/signpost/internal/taxonomy"
	"github.com/signpost-kb/signpost/themes"
)

// Diagnostic codes of the build itself.
const (
	CodeOutput    = "output"
	CodeCancelled = "cancelled"
	CodeInternal  = "internal"
)

// Options configures a build.
type Options struct {
	// Root is the site folder: signpost.toml, content/, themes/.
	Root string
	// Out is the output folder; "" means output_dir (public) under Root.
	Out string
	// BaseURL, when not "", overrides base_url from signpost.toml.
	BaseURL string
	// Drafts includes draft pages; Future includes pages dated after Now.
	Drafts bool
	Future bool
	// Now is the build's notion of today, for future and expired pages;
	// the zero value means the current time.
	Now time.Time
	// Workers bounds the pages rendered at once; 0 means one per CPU.
	Workers int
	// DryRun renders and checks everything but writes nothing.
	DryRun bool
	// Inventory asks for Result.Inventory: what the build published, for
	// checks across the whole site.
	Inventory bool
	// Progress, when set, is called each time a page has been rendered,
	// with the number done and the total. It is called from several
	// goroutines at once and must return quickly.
	Progress func(done, total int)
}

// Result summarises a successful build.
type Result struct {
	// Out is the absolute output folder.
	Out string
	// Pages counts the published pages by kind.
	Pages map[content.Kind]int
	// Tags and Organisations count the terms.
	Tags, Organisations int
	// Files is the number of files in the output, Written the number whose
	// bytes changed since the previous build, and Bytes their total size.
	Files, Written int
	Bytes          int64
	Elapsed        time.Duration
	// Inventory is set when Options.Inventory asked for it.
	Inventory *Inventory
}

// Run builds the site described by opt. It returns every finding; the
// build succeeded, and the output folder was replaced, only if none of
// them is an error.
func Run(ctx context.Context, opt Options) (*Result, diag.List) {
	start := time.Now()
	b, l := prepare(ctx, opt)
	if b == nil {
		return nil, l
	}
	// With content errors the build still renders every page, into
	// nothing, so that one run reports every problem.
	if opt.DryRun || l.HasErrors() {
		out := &discard{names: map[string]bool{}}
		l.Add(b.write(ctx, b.record(out))...)
		if ctx.Err() != nil {
			l.Errorf(diag.Pos{}, CodeCancelled, "build interrupted")
		}
		l.Sort()
		res := b.result()
		res.Files, res.Bytes = out.files, out.bytes
		res.Elapsed = time.Since(start)
		res.Inventory = b.inv
		return res, l
	}
	out, err := newStaged(b.outDir)
	if err != nil {
		l.Errorf(diag.Pos{}, CodeOutput, "%v", err)
		return nil, l
	}
	l.Add(b.publish(ctx, out)...)
	l.Sort()
	if l.HasErrors() {
		return nil, l
	}
	res := b.result()
	res.Files, res.Written, res.Bytes = out.stats()
	res.Elapsed = time.Since(start)
	res.Inventory = b.inv
	return res, l
}

// stage is where a build is written before it replaces the output
// folder: a staged folder, or in tests one that fails on purpose.
type stage interface {
	writer
	Commit() error
	Abort()
}

// publish writes the site to out and commits it. On any error or
// cancellation it aborts out instead, leaving the previous site as it was.
func (b *builder) publish(ctx context.Context, out stage) diag.List {
	l := b.write(ctx, b.record(out))
	if ctx.Err() != nil {
		out.Abort()
		l.Errorf(diag.Pos{}, CodeCancelled, "build interrupted; the previous site in %s is unchanged", b.outDir)
		return l
	}
	if l.HasErrors() {
		out.Abort()
		return l
	}
	if err := out.Commit(); err != nil {
		out.Abort()
		l.Errorf(diag.Pos{}, CodeOutput, "writing %s: %v; the previous site is unchanged", b.outDir, err)
	}
	return l
}

// discard is the output of a dry run: it keeps nothing but names and
// counts, and refuses what the real output refuses.
type discard struct {
	mu    sync.Mutex
	names map[string]bool
	files int
	bytes int64
}

func (d *discard) Write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names[name] {
		return fmt.Errorf("two outputs of the build are both %s", name)
	}
	d.names[name] = true
	d.files++
	d.bytes += int64(len(data))
	return nil
}

// builder holds one build's state. It is made by prepare and used by one
// call to write.
type builder struct {
	cfg      config.Config
	outDir   string
	rootFS   fs.FS
	site     *content.Site
	filter   content.Filter
	pages    []*content.Page // published, newest first
	sections []section
	tags     *taxonomy.Taxonomy
	orgs     *taxonomy.Taxonomy
	md       *markdown.Renderer
	theme    *render.Theme
	resolve  *resolver
	info     *render.Site
	workers  int
	dryRun   bool
	progress func(done, total int)
	inv      *Inventory // nil unless Options.Inventory
	// searchCache carries the search index's work from one build to the
	// next in watch mode; nil for a one-off build.
	searchCache *search.Cache
	// intros holds the rendered bodies of the _index.md pages, by section
	// name ("" for the home page).
	intros map[string]template.HTML
}

// section is a content folder with its published pages.
type section struct {
	Name  string // "articles"
	Title string
	URL   string // "/articles/"
	Index *content.SectionPage
	Pages []*content.Page // newest first
}

// prepare loads the configuration, content and theme, and works out
// everything that does not need the Markdown rendered.
func prepare(ctx context.Context, opt Options) (*builder, diag.List) {
	var l diag.List
	root := opt.Root
	if root == "" {
		root = "."
	}
	cfg, cl := config.Load(root)
	l.Add(cl...)
	if opt.BaseURL != "" {
		if err := cfg.SetBaseURL(opt.BaseURL); err != nil {
			l.Errorf(diag.Pos{}, "config-value", "--base-url: %v", err)
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	b := &builder{cfg: cfg, workers: opt.Workers, dryRun: opt.DryRun, progress: opt.Progress}
	if b.workers <= 0 {
		b.workers = runtime.GOMAXPROCS(0)
	}
	b.outDir = opt.Out
	if b.outDir == "" {
		b.outDir = filepath.Join(root, cfg.OutputDir)
	}
	contentDir := filepath.Join(root, cfg.ContentDir)
	if !opt.DryRun {
		if err := CheckOutputDir(b.outDir, root, contentDir); err != nil {
			l.Errorf(diag.Pos{}, CodeOutput, "%v", err)
			return nil, l
		}
	}
	if abs, err := filepath.Abs(b.outDir); err == nil {
		b.outDir = abs
	}
	siteRoot, err := os.OpenRoot(root)
	if err != nil {
		l.Errorf(diag.Pos{}, "content-read", "cannot open the site folder: %v", err)
		return nil, l
	}
	// os.Root keeps every read inside the site, symbolic links included.
	b.rootFS = siteRoot.FS()

	site, dl := content.Load(ctx, b.rootFS, content.Options{Dir: cfg.ContentDir, Workers: b.workers})
	l.Add(relaxDrafts(dl, site.Pages, opt.Drafts)...)
	b.site = site
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	b.filter = content.Filter{Drafts: opt.Drafts, Future: opt.Future, Now: now}
	taken := map[string]bool{}
	for _, p := range site.Pages {
		// Of pages that share a URL (an error already reported) only the
		// first is published, so the outcome does not depend on timing.
		if p.Published(b.filter) && !taken[p.URL] {
			taken[p.URL] = true
			b.pages = append(b.pages, p)
		}
	}
	content.SortByDate(b.pages)
	b.tags = taxonomy.Tags(b.pages)
	b.orgs = taxonomy.Organisations(b.pages)
	b.sections = sections(site, b.pages)
	b.resolve = newResolver(cfg, site, b.pages, b.filter)
	l.Add(b.checkSuperseded()...)

	b.md = markdown.New(markdown.Options{AllowHTML: cfg.Markdown.AllowHTML, AllowURLSchemes: cfg.Markdown.AllowURLSchemes, HighlightStyle: cfg.Markdown.HighlightStyle})
	theme, tl := loadTheme(cfg, b.rootFS, b.md.CodeCSS())
	l.Add(tl...)
	if theme == nil {
		return nil, l
	}
	b.theme = theme
	b.info = b.siteInfo()
	if opt.Inventory {
		b.inv = &Inventory{Config: cfg, Site: site, Filter: b.filter, Files: map[string]bool{}}
	}
	return b, l
}

// loadTheme layers the site's themes/<name>/ folder over the embedded
// theme of that name.
func loadTheme(cfg config.Config, rootFS fs.FS, codeCSS []byte) (*render.Theme, diag.List) {
	var layers []render.Layer
	dir := path.Join("themes", cfg.Theme)
	if info, err := fs.Stat(rootFS, dir); err == nil && info.IsDir() {
		sub, _ := fs.Sub(rootFS, dir)
		layers = append(layers, render.Layer{FS: sub, Dir: dir})
	}
	if emb, ok := themes.Embedded(cfg.Theme); ok {
		layers = append(layers, render.Layer{FS: emb, Dir: "(embedded theme " + cfg.Theme + ")"})
	}
	if len(layers) == 0 {
		var l diag.List
		l.Errorf(diag.Pos{File: config.FileName}, "config-value", "theme: there is no theme %q (no folder %s and no embedded theme of that name)", cfg.Theme, dir)
		return nil, l
	}
	return render.Load(render.Options{Layers: layers, Config: cfg, ExtraCSS: codeCSS})
}

// sections groups the published pages by content folder, known sections
// first in their usual order.
func sections(site *content.Site, pages []*content.Page) []section {
	byName := map[string][]*content.Page{}
	for _, p := range pages {
		byName[p.Section] = append(byName[p.Section], p)
	}
	var names []string
	for _, k := range content.Kinds {
		names = append(names, k.Section())
	}
	for _, name := range sortedKeys(byName) {
		if _, known := content.KindOfSection(name); !known && name != "" {
			names = append(names, name)
		}
	}
	var out []section
	for _, name := range names {
		idx := site.Sections[name]
		if len(byName[name]) == 0 && idx == nil {
			continue
		}
		s := section{Name: name, URL: "/" + name + "/", Index: idx, Pages: byName[name], Title: sectionTitle(name)}
		if idx != nil && idx.Title != "" {
			s.Title = idx.Title
		}
		out = append(out, s)
	}
	return out
}

func sectionTitle(name string) string {
	if k, ok := content.KindOfSection(name); ok {
		if k == content.Strategy {
			return "Strategy"
		}
		return k.Label() + "s"
	}
	if name == "" {
		return ""
	}
	return string(bytes.ToUpper([]byte(name[:1]))) + name[1:]
}

// checkSuperseded resolves the superseded_by of strategy entries that name
// another entry by path.
func (b *builder) checkSuperseded() diag.List {
	var l diag.List
	for _, p := range b.pages {
		if p.SupersededBy == "" || isAbsURL(p.SupersededBy) {
			continue
		}
		target := path.Join(path.Dir(p.File), p.SupersededBy)
		if _, err := b.resolve.Lookup(target); err != nil {
			l.Errorf(diag.Pos{File: p.File, Line: p.Line("superseded_by")}, "strategy-superseded-by", "superseded_by: %v", err)
			l.Hint("give the URL of the newer document, or the path of its strategy entry relative to this file, such as long-term-plan.md")
		}
	}
	return l
}

func (b *builder) siteInfo() *render.Site {
	s := &render.Site{
		Title:       b.cfg.Title,
		Description: b.cfg.Description,
		Language:    b.cfg.Language,
		Owner:       b.cfg.Owner,
		Search:      !b.cfg.Search.Disabled,
		Absolute:    b.cfg.IsAbsolute(),
	}
	if home := b.site.Sections[""]; home != nil && home.Title != "" && b.cfg.Title == config.Default().Title {
		s.Title = home.Title
	}
	for _, sec := range b.sections {
		if sec.Name == "" {
			continue
		}
		s.Nav = append(s.Nav, render.Link{Title: sec.Title, URL: sec.URL})
	}
	if len(b.tags.Terms) > 0 {
		s.Nav = append(s.Nav, render.Link{Title: "Topics", URL: "/tags/"})
	}
	if len(b.orgs.Terms) > 0 {
		s.Nav = append(s.Nav, render.Link{Title: "Organisations", URL: "/organisations/"})
	}
	return s
}

func (b *builder) result() *Result {
	r := &Result{Out: b.outDir, Pages: map[content.Kind]int{}, Tags: len(b.tags.Terms), Organisations: len(b.orgs.Terms)}
	for _, p := range b.pages {
		r.Pages[p.Kind]++
	}
	return r
}

// writer receives the files of a build.
type writer interface {
	Write(name string, data []byte) error
}

// write renders every page and writes the whole site to out.
func (b *builder) write(ctx context.Context, out writer) diag.List {
	var l diag.List
	items, il := b.renderItems(ctx, out)
	l.Add(il...)
	if ctx.Err() != nil {
		return l
	}
	invalidDiags, invalid, invalidItems := b.checkInvalid()
	l.Add(invalidDiags...)
	l.Add(b.renderIntros()...)
	b.inventory(items)
	l.Add(checkAnchors(b.pages, items, b.pages, items)...)
	l.Add(relaxDrafts(checkAnchors(b.pages, items, invalid, invalidItems), b.site.Pages, b.filter.Drafts)...)
	if l.HasErrors() {
		return l
	}
	steps := []func(writer) error{
		b.writeAssets,
		b.writeHome,
		b.writeSections,
		b.writeTaxonomies,
		b.writeAliases,
		b.writeSpecialPages,
		b.writeFeeds,
		func(out writer) error { return b.writeSearch(ctx, items, out) },
	}
	for _, step := range steps {
		if ctx.Err() != nil {
			return l
		}
		if err := step(out); err != nil {
			l.Errorf(diag.Pos{}, CodeOutput, "%v", err)
			return l
		}
	}
	return l
}

// item is what the rest of the build keeps of a rendered page: not its
// HTML, which is already on disk, but what lists, checks and search need.
type item struct {
	ids   map[string]bool
	links []markdown.Link
	text  []markdown.Section
}

// renderItems renders every published page in parallel, writing each as
// soon as it is done.
func (b *builder) renderItems(ctx context.Context, out writer) ([]item, diag.List) {
	items := make([]item, len(b.pages))
	diags := make([]diag.List, len(b.pages))
	var wg sync.WaitGroup
	var done atomic.Int64
	next := make(chan int)
	for range min(b.workers, max(len(b.pages), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				buf.Reset()
				items[i], diags[i] = b.renderItem(&buf, b.pages[i], out)
				if b.progress != nil {
					b.progress(int(done.Add(1)), len(b.pages))
				}
			}
		}()
	}
feed:
	for i := range b.pages {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	var l diag.List
	for _, d := range diags {
		l.Add(d...)
	}
	return items, l
}

func (b *builder) renderItem(buf *bytes.Buffer, p *content.Page, out writer) (item, diag.List) {
	var l diag.List
	res, err := b.md.Render(markdown.Doc{File: p.File, URL: p.URL, Body: p.Body, BodyLine: p.BodyLine, Resolver: b.resolve})
	if err != nil {
		l.Errorf(diag.Pos{File: p.File}, CodeInternal, "%v", err)
		return item{}, l
	}
	l.Add(res.Diags...)
	it := item{ids: make(map[string]bool, len(res.Headings)), links: res.Links, text: res.Sections}
	for _, h := range res.Headings {
		it.ids[h.ID] = true
	}
	d := b.itemData(p, res)
	if err := b.theme.Render(buf, string(p.Kind), d); err != nil {
		l.Errorf(diag.Pos{File: p.File}, render.CodeTheme, "%v", err)
		return it, l
	}
	if err := out.Write(indexFile(p.URL), buf.Bytes()); err != nil {
		l.Errorf(diag.Pos{File: p.File}, CodeOutput, "%v", err)
	}
	return it, l
}

// renderIntros renders the bodies of the home and section pages.
func (b *builder) renderIntros() diag.List {
	var l diag.List
	b.intros = map[string]template.HTML{}
	for _, name := range sortedKeys(b.site.Sections) {
		s := b.site.Sections[name]
		if len(bytes.TrimSpace(s.Body)) == 0 {
			continue
		}
		res, err := b.md.Render(markdown.Doc{File: s.File, Body: s.Body, BodyLine: s.BodyLine, Resolver: b.resolve})
		if err != nil {
			l.Errorf(diag.Pos{File: s.File}, CodeInternal, "%v", err)
			continue
		}
		l.Add(res.Diags...)
		b.intros[name] = template.HTML(res.HTML + res.Footnotes)
		if b.inv != nil {
			b.inv.Docs = append(b.inv.Docs, introDoc(s, res))
		}
	}
	return l
}

// checkInvalid checks the bodies of pages whose front matter has errors,
// so their broken links are reported in the same run.
func (b *builder) checkInvalid() (diag.List, []*content.Page, []item) {
	var l diag.List
	var pages []*content.Page
	var items []item
	for _, p := range b.site.Pages {
		if !p.Invalid {
			continue
		}
		res, err := b.md.Render(markdown.Doc{File: p.File, URL: p.URL, Body: p.Body, BodyLine: p.BodyLine, Resolver: b.resolve})
		if err != nil {
			l.Errorf(diag.Pos{File: p.File}, CodeInternal, "%v", err)
			continue
		}
		l.Add(res.Diags...)
		pages = append(pages, p)
		items = append(items, item{links: res.Links})
	}
	return relaxDrafts(l, b.site.Pages, b.filter.Drafts), pages, items
}

// relaxDrafts turns the errors in draft pages into notes when drafts are
// not being built: a draft is work in progress, so it must not fail a
// build that leaves it out, but its writer still sees what to fix (and
// sees errors as errors with --drafts).
func relaxDrafts(l diag.List, pages []*content.Page, includeDrafts bool) diag.List {
	if includeDrafts {
		return l
	}
	drafts := map[string]bool{}
	for _, p := range pages {
		if p.Draft {
			drafts[p.File] = true
		}
	}
	for i := range l {
		if d := &l[i]; d.Severity == diag.Error && drafts[d.File] {
			d.Severity = diag.Info
			d.Msg = "in a draft, to fix before it is published: " + d.Msg
		}
	}
	return l
}

// indexFile returns the output file of a folder-style site path:
// "/articles/x/" → "articles/x/index.html".
func indexFile(sitePath string) string {
	p := path.Join(sitePath[1:], "index.html")
	return p
}

// checkAnchors reports links from the source pages to headings that the
// target page (one of pages) does not have.
func checkAnchors(pages []*content.Page, items []item, sources []*content.Page, sourceItems []item) diag.List {
	var l diag.List
	byFile := make(map[string]int, len(pages))
	for i, p := range pages {
		byFile[p.File] = i
	}
	for i, p := range sources {
		for _, link := range sourceItems[i].links {
			if link.Kind != markdown.Page || link.Fragment == "" {
				continue
			}
			j, ok := byFile[link.Target]
			if !ok || items[j].ids[link.Fragment] {
				continue
			}
			l.Errorf(diag.Pos{File: p.File, Line: link.Line}, markdown.CodeMissingAnchor,
				"link to %s: %s has no heading with the id %q", link.Dest, link.Target, link.Fragment)
			if c := diag.Closest(link.Fragment, sortedKeys(items[j].ids)); c != "" {
				l.Hint("did you mean #%s?", c)
			} else {
				l.Hint("give the heading an id with {#%s} after its text, or link to one of: #%s", link.Fragment, joinMax(sortedKeys(items[j].ids), ", #", 8))
			}
		}
	}
	return l
}

func joinMax(s []string, sep string, n int) string {
	if len(s) > n {
		s = append(s[:n:n], "…")
	}
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(x)
	}
	return b.String()
}

func isAbsURL(s string) bool {
	u, err := parseURL(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}
