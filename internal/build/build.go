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
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/search"
	"github.com/signpost-kb/signpost/internal/taxonomy"
	"github.com/signpost-kb/signpost/themes"
)

// Options configures a build.
type Options struct {
	// Root is the site folder: signpost.toml, content/, themes/.
	Root string
	// Config, when set, is the site's configuration as config.Load read
	// it, and ConfigFindings what config.Load found, so that the build
	// does not read signpost.toml again: watch mode reads it once per
	// change of the file. Nil means read it from Root.
	Config         *config.Config
	ConfigFindings diag.List
	// Out is the output folder; "" means output_dir (public) under Root.
	Out string
	// BaseURL, when not "", overrides base_url from signpost.toml.
	BaseURL string
	// Drafts includes draft pages; Future includes pages dated after Now.
	Drafts bool
	Future bool
	// DraftNotes, with Drafts, makes the problems of drafts notes, and
	// shows each draft with them, on the page, as far as it can be shown
	// (not when its front matter cannot be read at all): the live preview,
	// where a new draft must never stop the site from building.
	DraftNotes bool
	// Now is the build's notion of today, for future and expired pages;
	// the zero value means the current time.
	Now time.Time
	// Workers bounds the pages rendered at once; 0 means one per CPU.
	Workers int
	// DryRun renders and checks everything but writes nothing.
	DryRun bool

	// Cache, when set, carries parsed files, rendered Markdown and the
	// fingerprints of the output files from one build to the next, so
	// that a rebuild reads, parses and renders only what changed. The
	// output is the same with or without it.
	Cache *Cache
	// Changed lists the site files created, edited or removed since the
	// build that filled Cache, each with its kind as layout classifies it
	// (the watcher's events carry it). Nil means not known: every file is
	// read again and compared.
	Changed []layout.Change
	// InPlace updates the output folder file by file (each written to a
	// temporary file and renamed over the old one; files the site no
	// longer has removed) instead of writing a staging folder and swapping
	// it in, when Cache knows what the folder holds. Changed files are
	// kept in memory until the whole build has succeeded, so a failed
	// build still leaves the previous site as it was. Watch mode uses it.
	InPlace bool
	// DeferSearch leaves the search index as the last build through
	// Cache made it, for Cache.UpdateSearch to bring up to date: on a
	// large site the index takes seconds to make, the pages milliseconds,
	// and someone typing wants to see the page. Without a Cache it is
	// ignored.
	DeferSearch bool

	// Lock, when set, is the caller's lock on Out (a watch or serve
	// session holds it for as long as it runs). Otherwise a build that
	// writes takes the lock itself, waiting for another build into the
	// same folder up to LockWait (0: DefaultLockWait; negative: not at
	// all) and calling Waiting, if set, when it starts to wait.
	Lock     *OutputLock
	LockWait time.Duration
	Waiting  func(holder string)

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
	// Changed lists the output files written or removed, sorted: what a
	// browser showing the site must reload.
	Changed []string
	// Rendered counts the pages rendered with the theme's templates; with
	// a Cache, pages whose inputs did not change are not rendered.
	Rendered int
	Elapsed  time.Duration
	// Phases times the steps of the build, in order.
	Phases []Phase
	// Inventory is set when Options.Inventory asked for it.
	Inventory *Inventory
}

// Phase is a step of a build and the wall time it took.
type Phase struct {
	Name    string
	Elapsed time.Duration
}

// clock times the phases of a build.
type clock struct {
	last   time.Time
	phases []Phase
}

func newClock() *clock { return &clock{last: time.Now()} }

// lap ends the phase name.
func (c *clock) lap(name string) {
	now := time.Now()
	c.phases = append(c.phases, Phase{name, now.Sub(c.last)})
	c.last = now
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
	defer b.close()
	// With content errors the build still renders every page, into
	// nothing, so that one run reports every problem.
	if opt.DryRun || l.HasErrors() {
		out := &discard{names: map[string]bool{}}
		l.Add(b.write(ctx, b.record(out))...)
		if ctx.Err() != nil {
			l.Errorf(diag.Pos{}, diag.CodeCancelled, "build interrupted")
		}
		l.Sort()
		res := b.result()
		res.Files, _, res.Bytes = out.stats()
		res.Elapsed = time.Since(start)
		res.Phases = b.clock.phases
		res.Inventory = b.inv
		return res, l
	}
	var out output
	var err error
	if opt.InPlace && b.cache != nil && b.cache.warm(b.outDir) {
		var w *inPlace
		w, err = newInPlace(b.outDir, b.cache.manifest, b.cache.listed)
		if err == nil && b.reuse != nil {
			w.keepAll()
		}
		out = w
	} else {
		out, err = newStaged(b.outDir)
	}
	if err != nil {
		l.Errorf(diag.Pos{}, diag.CodeOutput, "%v", err)
		return nil, l
	}
	l.Add(b.publish(ctx, out)...)
	l.Sort()
	if l.HasErrors() {
		return nil, l
	}
	if b.cache != nil {
		b.cache.committed(b.outDir, b.outputs, out.manifest(), out.isListed())
		b.cache.last = b.snapshot()
		b.cache.searchFiles = b.searchFiles
	}
	b.clock.lap("swap")
	res := b.result()
	res.Files, res.Written, res.Bytes = out.stats()
	res.Changed = out.changed()
	res.Elapsed = time.Since(start)
	res.Phases = b.clock.phases
	res.Inventory = b.inv
	return res, l
}

// publish writes the site to out and commits it. On any error or
// cancellation it aborts out instead, leaving the previous site as it was.
func (b *builder) publish(ctx context.Context, out output) diag.List {
	l := b.write(ctx, b.record(out))
	if ctx.Err() != nil {
		out.Abort()
		l.Errorf(diag.Pos{}, diag.CodeCancelled, "build interrupted; the previous site in %s is unchanged", b.outDir)
		return l
	}
	if l.HasErrors() {
		out.Abort()
		return l
	}
	if b.cache != nil {
		// Until the new outputs are recorded, what the folder holds is
		// not known.
		b.cache.forgetOutputs()
	}
	if err := out.Commit(); err != nil {
		out.Abort()
		l.Errorf(diag.Pos{}, diag.CodeOutputWrite, "writing %s: %v; the previous site is unchanged", b.outDir, err)
	}
	return l
}

// builder holds one build's state. It is made by prepare and used by one
// call to write.
type builder struct {
	cfg      config.Config
	outDir   string
	root     *os.Root
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
	clock    *clock
	plan     plan        // every file the build writes
	lock     *OutputLock // taken by this build; nil if the caller holds it
	progress func(done, total int)
	inv      *Inventory // nil unless Options.Inventory
	// searchCache carries the search index's work from one build to the
	// next in watch mode; nil for a one-off build.
	searchCache *search.Cache
	searchFiles []string // written by writeSearch
	deferSearch bool
	searchStale bool // the index was kept, not made
	// intros holds the rendered bodies of the _index.md pages, by section
	// name ("" for the home page).
	intros map[string]template.HTML
	// entries holds each published page as lists show it, rendered once by
	// the partial partials/item.html.
	entries map[*content.Page]template.HTML
	// notes holds, with Options.DraftNotes, the problems of each draft
	// found while loading it, by file, to show on the page.
	notes map[string][]string
	// rendered counts the pages rendered with templates.
	rendered atomic.Int64

	// With a cache: what the build keys outputs by, and the key of every
	// output it makes. shape fingerprints everything derive reads; reuse
	// is the last build when this one can keep all it made but the pages
	// whose bodies changed.
	cache        *Cache
	shape        uint64
	reuse        *snapshot
	pageItems    []item // by page, in the order of pages
	siteKeyValue uint64
	metas        map[*content.Page]uint64
	termKey      map[*taxonomy.Term]uint64
	taxonomyKeys map[*taxonomy.Taxonomy]uint64
	outputsMu    sync.Mutex
	outputs      map[string]uint64
}

// close releases what the build holds open.
func (b *builder) close() {
	b.root.Close()
	b.lock.Unlock()
}

// lockOutput takes the lock on the output folder, unless the caller holds
// it, and then checks that the folder is one the build may replace. Under
// the lock no other signpost is writing the folder, so what it holds is
// what the last build left.
func (b *builder) lockOutput(ctx context.Context, opt Options, root string) diag.List {
	var l diag.List
	switch {
	case opt.Lock != nil && !opt.Lock.covers(b.outDir):
		l.Errorf(diag.Pos{}, diag.CodeInternal, "the lock held is not on the output folder %s", b.outDir)
		return l
	case opt.Lock == nil:
		lock, err := LockOutput(ctx, b.outDir, LockOptions{Wait: opt.LockWait, Waiting: opt.Waiting})
		if err != nil {
			if ctx.Err() != nil {
				l.Errorf(diag.Pos{}, diag.CodeCancelled, "build interrupted while waiting for another build to finish; the site in %s is unchanged", b.outDir)
			} else {
				l.Errorf(diag.Pos{}, diag.CodeOutput, "%v", err)
			}
			return l
		}
		b.lock = lock
	}
	check := CheckOutputDir
	if b.cache != nil && b.cache.warm(b.outDir) {
		// The last build through the cache left the folder as it is:
		// walking it again on every keystroke would cost more than the
		// rebuild.
		check = checkOutputPlace
	}
	if err := check(b.outDir, root, filepath.Join(root, b.cfg.ContentDir)); err != nil {
		l.Errorf(diag.Pos{}, diag.CodeOutput, "%v", err)
	}
	return l
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
	clock := newClock()
	var l diag.List
	root := opt.Root
	if root == "" {
		root = "."
	}
	var cfg config.Config
	if opt.Config != nil {
		cfg = *opt.Config
		l.Add(opt.ConfigFindings...)
	} else {
		var cl diag.List
		cfg, cl = config.Load(root)
		l.Add(cl...)
	}
	if opt.BaseURL != "" {
		if err := cfg.SetBaseURL(opt.BaseURL); err != nil {
			l.Errorf(diag.Pos{}, diag.CodeConfigValue, "--base-url: %v", err)
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	b := &builder{cfg: cfg, workers: opt.Workers, dryRun: opt.DryRun, clock: clock, cache: opt.Cache, progress: opt.Progress}
	b.deferSearch = opt.DeferSearch && opt.Cache != nil
	if b.cache != nil {
		b.searchCache = &b.cache.search
	}
	if b.workers <= 0 {
		b.workers = runtime.GOMAXPROCS(0)
	}
	b.outDir = opt.Out
	if b.outDir == "" {
		b.outDir = filepath.Join(root, cfg.OutputDir)
	}
	if abs, err := filepath.Abs(b.outDir); err == nil {
		b.outDir = abs
	}
	siteRoot, err := os.OpenRoot(root)
	if err != nil {
		l.Errorf(diag.Pos{}, diag.CodeSiteFolder, "cannot open the site folder: %v", err)
		return nil, l
	}
	// os.Root keeps every read inside the site, symbolic links included.
	b.root, b.rootFS = siteRoot, siteRoot.FS()
	ok := false
	defer func() {
		if !ok {
			b.close()
		}
	}()
	if !opt.DryRun {
		if l.Add(b.lockOutput(ctx, opt, root)...); l.HasErrors() {
			return nil, l
		}
	}
	if b.cache != nil {
		if s := settingsKey(b.cache.seed, cfg, opt, b.outDir); s != b.cache.settings {
			b.cache.reset(s)
		}
	}

	site, dl := b.loadContent(ctx, opt.Changed)
	b.site = site
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	b.filter = content.Filter{Drafts: opt.Drafts, Future: opt.Future, Now: now, DraftNotes: opt.DraftNotes && opt.Drafts}
	if b.filter.DraftNotes {
		b.notes = draftNotes(dl, site.Pages)
	}
	l.Add(b.relax(dl)...)
	clock.lap("load")
	var last *snapshot
	if b.cache != nil {
		b.shape = b.shapeKey(site)
		last = b.cache.last
		if last != nil && (last.shape != b.shape || !slices.Equal(last.all, site.Pages)) {
			// Something lists can see changed, or a page was parsed
			// afresh (after a failed build, say) and the last build's
			// lists hold its old self.
			last = nil
		}
	}
	if last != nil {
		// Nothing lists, taxonomies or links can see has changed: only
		// page bodies, if anything.
		b.pages, b.sections, b.tags, b.orgs = last.pages, last.sections, last.tags, last.orgs
		b.resolve = last.resolve
	} else {
		b.derive(site)
	}
	l.Add(b.checkSuperseded()...)
	clock.lap("taxonomies")

	if b.cache != nil && b.cache.md != nil {
		b.md = b.cache.md
	} else {
		b.md = markdown.New(markdown.Options{AllowHTML: cfg.Markdown.AllowHTML, AllowURLSchemes: cfg.Markdown.AllowURLSchemes, HighlightStyle: cfg.Markdown.HighlightStyle})
	}
	if b.cache != nil && b.cache.theme != nil && !themeChanged(opt.Changed) {
		b.theme = b.cache.theme
	} else {
		theme, tl := loadTheme(cfg, b.rootFS, b.md.CodeCSS())
		l.Add(tl...)
		if theme == nil {
			return nil, l
		}
		b.theme = theme
		if b.cache != nil {
			b.cache.md, b.cache.theme, b.cache.themeKey = b.md, theme, maphash.String(b.cache.seed, theme.Sum())
		}
	}
	if last != nil && last.themeKey == b.cache.themeKey {
		// Nothing a file name depends on has changed.
		b.plan = last.plan
		b.info = last.info
		b.siteKeyValue, b.metas, b.termKey, b.taxonomyKeys = last.siteKey, last.metas, last.termKey, last.taxonomyKeys
		b.outputs = maps.Clone(b.cache.outputs)
		// With the output folder updated in place, every file the last
		// build made stays unless this build writes it again.
		b.reuse = last
		if !opt.InPlace || !b.cache.warm(b.outDir) || b.outputs == nil {
			b.reuse = nil
			b.outputs = make(map[string]uint64, len(b.cache.outputs))
		}
	} else {
		b.info = b.siteInfo()
		if b.cache != nil {
			b.prepareKeys()
		}
	}
	if !cfg.Search.Disabled {
		_, sl := searchSynonyms(cfg, b.theme)
		l.Add(sl...)
	}
	if b.plan.files == nil {
		var pl diag.List
		b.plan, pl = b.planOutputs()
		l.Add(pl...)
	}
	if opt.Inventory {
		b.inv = &Inventory{Config: cfg, Site: site, Filter: b.filter, Files: map[string]bool{}}
	}
	clock.lap("theme")
	ok = true
	return b, l
}

// derive works out what the build needs of the whole site besides the
// Markdown: the published pages in order, taxonomies, sections and the
// link resolver.
func (b *builder) derive(site *content.Site) {
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
	// Each of these reads the pages and nothing else: on a large site
	// they take milliseconds each, which a rebuild of one page feels.
	var wg sync.WaitGroup
	wg.Go(func() { b.tags = taxonomy.Tags(b.pages) })
	wg.Go(func() { b.orgs = taxonomy.Organisations(b.pages) })
	wg.Go(func() { b.resolve = newResolver(b.cfg, site, b.pages, b.filter) })
	b.sections = sections(site, b.pages)
	wg.Wait()
}

// loadTheme layers the site's themes/<name>/ folder over the embedded
// theme of that name.
func loadTheme(cfg config.Config, rootFS fs.FS, codeCSS []byte) (*render.Theme, diag.List) {
	var layers []render.Layer
	dir := layout.Of(cfg).ThemeDir
	if info, err := fs.Stat(rootFS, dir); err == nil && info.IsDir() {
		sub, _ := fs.Sub(rootFS, dir)
		layers = append(layers, render.Layer{FS: sub, Dir: dir})
	}
	if emb, ok := themes.Embedded(cfg.Theme); ok {
		layers = append(layers, render.Layer{FS: emb, Dir: "(embedded theme " + cfg.Theme + ")"})
	}
	if len(layers) == 0 {
		var l diag.List
		l.Errorf(diag.Pos{File: config.FileName}, diag.CodeConfigValue, "theme: there is no theme %q (no folder %s and no embedded theme of that name)", cfg.Theme, dir)
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
			l.Errorf(diag.Pos{File: p.File, Line: p.Line("superseded_by")}, diag.CodeStrategySupersededBy, "superseded_by: %v", err)
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
	r := &Result{Out: b.outDir, Pages: map[content.Kind]int{}, Tags: len(b.tags.Terms), Organisations: len(b.orgs.Terms), Rendered: int(b.rendered.Load())}
	for _, p := range b.pages {
		r.Pages[p.Kind]++
	}
	return r
}
