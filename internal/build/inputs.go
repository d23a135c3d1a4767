package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/themes"
)

// settings is the first product of a build: what it is asked to make, the
// configuration with the options applied.
type settings struct {
	cfg     config.Config
	root    string // the site folder, as given
	outDir  string // the output folder, absolute
	filter  content.Filter
	layout  layout.Site
	workers int
	opt     Options
}

// readSettings reads the configuration (unless opt carries it) and applies
// the options.
func readSettings(opt Options) (*settings, diag.List) {
	var l diag.List
	s := &settings{root: opt.Root, workers: parallel.Workers(opt.Workers), opt: opt}
	if s.root == "" {
		s.root = "."
	}
	if opt.Config != nil {
		s.cfg = *opt.Config
		l.Add(opt.ConfigFindings...)
	} else {
		var cl diag.List
		s.cfg, cl = config.Load(s.root)
		l.Add(cl...)
	}
	if opt.BaseURL != "" {
		if err := s.cfg.SetBaseURL(opt.BaseURL); err != nil {
			l.Errorf(diag.Pos{}, diag.CodeConfigValue, "--base-url: %v", err)
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	s.layout = layout.Of(s.cfg)
	s.outDir = opt.Out
	if s.outDir == "" {
		s.outDir = filepath.Join(s.root, s.cfg.OutputDir)
	}
	if abs, err := filepath.Abs(s.outDir); err == nil {
		s.outDir = abs
	}
	if err := checkCacheDir(opt.CacheDir, s); err != nil {
		l.Errorf(diag.Pos{}, diag.CodeConfigValue, "--cache: %v", err)
		return nil, l
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	s.filter = content.Filter{Drafts: opt.Drafts, Future: opt.Future, Now: now, DraftNotes: opt.DraftNotes && opt.Drafts}
	return s, l
}

// lockOutput takes the lock on the output folder, unless the caller holds
// it, and then checks that the folder is one the build may replace. Under
// the lock no other signpost is writing the folder, so what it holds is
// what the last build left.
func (c *Cache) lockOutput(ctx context.Context, set *settings) (*OutputLock, diag.List) {
	var l diag.List
	opt := set.opt
	var lock *OutputLock
	switch {
	case opt.Lock != nil && !opt.Lock.covers(set.outDir):
		l.Errorf(diag.Pos{}, diag.CodeInternal, "the lock held is not on the output folder %s", set.outDir)
		return nil, l
	case opt.Lock == nil:
		var err error
		lock, err = LockOutput(ctx, set.outDir, LockOptions{Wait: opt.LockWait, Waiting: opt.Waiting})
		if err != nil {
			if ctx.Err() != nil {
				l.Errorf(diag.Pos{}, diag.CodeCancelled, "build interrupted while waiting for another build to finish; the site in %s is unchanged", set.outDir)
			} else {
				l.Errorf(diag.Pos{}, diag.CodeOutput, "%v", err)
			}
			return nil, l
		}
	}
	check := CheckOutputDir
	if c.warm(set.outDir) || opt.intact != nil {
		// The last build through the cache left the folder as it is:
		// walking it again on every keystroke would cost more than the
		// rebuild. (Or the build record showed that the folder is
		// what the last build left, every entry by its stat key.)
		check = checkOutputPlace
	}
	if err := check(set.outDir, set.root, filepath.Join(set.root, set.cfg.ContentDir)); err != nil {
		l.Errorf(diag.Pos{}, diag.CodeOutput, "%v", err)
	}
	return lock, l
}

// sources is the second product: the site folder as the build read it,
// its content (each file's source held by the cache) and its theme.
type sources struct {
	root    *os.Root
	fsys    fs.FS // root's, so that every read stays inside the site
	content *content.Site
	// notes holds, with Options.DraftNotes, the problems of each draft
	// found while loading it, by file, to show on the page.
	notes    map[string][]string
	renderer *markdown.Renderer
	theme    *render.Theme
	themeKey uint64 // fingerprints the theme's files
	// themeIDs fingerprints the ids the theme's templates use, which the
	// ids of headings avoid: a body rendered for other ids is rendered
	// again.
	themeIDs uint64
	// synonyms are the search's groups of synonyms: the theme's and the
	// configuration's (search.go).
	synonyms [][]string
}

func (s *sources) close() { s.root.Close() }

// pipeline is one build: its products, each made by one step of prepare
// or write and only read after that, and the counters the steps share.
type pipeline struct {
	set   *settings
	src   *sources
	model *model
	// keys is nil when the cache keeps nothing for a next build: no
	// output is compared with an earlier one.
	keys *keys
	// plan is every output file the build writes, checked for
	// collisions before any is written (collide.go).
	plan  plan
	cache *Cache
	// reuse is the last build, when this one changes nothing lists show,
	// so that only page bodies need rendering and the rest is kept as it
	// is in the output folder (watch mode, while someone types).
	reuse *lastBuild
	// outputs records the key of every output (keys.go).
	outputs  *outputs
	lock     *OutputLock // taken by this build; nil if the caller holds it
	clock    *clock
	inv      *Inventory   // nil unless Options.Inventory
	rendered atomic.Int64 // pages rendered with templates
}

// written is the product of write: what each page gave, in the model's
// order, and the search index's files in the output, kept from the last
// build when stale.
type written struct {
	pages       []pageResult
	searchFiles []string
	searchStale bool
}

// close releases what the build holds: the site folder and the lock.
func (p *pipeline) close() {
	p.src.close()
	p.lock.Unlock()
}

// prepare runs the steps that need no Markdown rendered: settings,
// sources, model, keys and plan.
func (c *Cache) prepare(ctx context.Context, opt Options) (*pipeline, diag.List) {
	clock := newClock()
	set, l := readSettings(opt)
	if set == nil {
		return nil, l
	}
	root, err := os.OpenRoot(set.root)
	if err != nil {
		l.Errorf(diag.Pos{}, diag.CodeSiteFolder, "cannot open the site folder: %v", err)
		return nil, l
	}
	// os.Root keeps every read inside the site, symbolic links included.
	p := &pipeline{set: set, src: &sources{root: root, fsys: root.FS()}, cache: c, clock: clock}
	ok := false
	defer func() {
		if !ok {
			p.close()
		}
	}()
	if !opt.DryRun {
		lock, ll := c.lockOutput(ctx, set)
		p.lock = lock
		if l.Add(ll...); l.HasErrors() {
			return nil, l
		}
	}
	c.use(set)
	// The theme, the Markdown renderer and the search's synonyms need
	// nothing of the content: they are read beside it (a few ms of
	// parsing templates and hashing assets that would otherwise keep one
	// CPU busy and the other idle).
	themed := make(chan diag.List, 1)
	go func() {
		tl := c.readTheme(set, p.src)
		if p.src.theme != nil && !set.cfg.Search.Disabled {
			var sl diag.List
			p.src.synonyms, sl = searchSynonyms(set.cfg, p.src.theme)
			tl.Add(sl...)
		}
		themed <- tl
	}()
	l.Add(c.readContent(ctx, set, p.src)...)
	clock.lap("load")
	p.model = c.model(set, p.src)
	l.Add(p.model.diags...)
	clock.lap("taxonomies")
	if l.Add(<-themed...); p.src.theme == nil {
		return nil, l
	}
	p.keys, p.reuse = c.keys(set, p.src, p.model)
	pl, pd := c.plan(set, p.src, p.model)
	p.plan = pl
	l.Add(pd...)
	p.outputs = c.newOutputs(p.keys != nil, p.reuse != nil, len(p.model.pages))
	if opt.Inventory {
		p.inv = &Inventory{Config: set.cfg, Site: p.src.content, Filter: set.filter, Files: map[string]bool{}}
	}
	clock.lap("theme")
	ok = true
	return p, l
}

// readContent loads the content folder into src through the cache.
func (c *Cache) readContent(ctx context.Context, set *settings, src *sources) diag.List {
	site, dl := c.loadContent(ctx, src.fsys, set)
	src.content = site
	if set.filter.DraftNotes {
		src.notes = draftNotes(dl, site.Pages)
	}
	return relax(set, site, dl)
}

// readTheme loads the Markdown renderer and the theme into src, reusing
// the cache's while the settings and the theme's files are unchanged.
func (c *Cache) readTheme(set *settings, src *sources) diag.List {
	if c.renderer == nil {
		md := set.cfg.Markdown
		c.renderer = markdown.New(markdown.Options{AllowHTML: md.AllowHTML, AllowURLSchemes: md.AllowURLSchemes, HighlightStyle: md.HighlightStyle,
			MissingFiles: set.cfg.Check.MissingFileSeverity()})
	}
	src.renderer = c.renderer
	var l diag.List
	if c.theme == nil || themeChanged(set.opt.Changed) {
		var theme *render.Theme
		theme, l = loadTheme(set.cfg, src.fsys, c.renderer.CodeCSS())
		// A theme that does not load is not kept: the next build reads
		// it again, whatever changed.
		c.theme, c.themeKey = theme, 0
		if theme == nil {
			return l
		}
		c.themeKey = c.hashString(theme.Sum())
		ids, prefixes := theme.IDs()
		c.themeIDs = c.hashString(strings.Join(ids, "\x00") + "\x01" + strings.Join(prefixes, "\x00"))
	}
	src.theme, src.themeKey, src.themeIDs = c.theme, c.themeKey, c.themeIDs
	return l
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

// checkCacheDir refuses a cache folder (Options.CacheDir) inside the
// content folder, whose every file a build publishes, the theme's folder
// or the output folder, which a build replaces.
func checkCacheDir(dir string, s *settings) error {
	if dir == "" {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	root, err := filepath.Abs(s.root)
	if err != nil {
		return err
	}
	for _, f := range []struct{ dir, what string }{
		{filepath.Join(root, filepath.FromSlash(s.layout.ContentDir)), "the content folder"},
		{filepath.Join(root, filepath.FromSlash(s.layout.ThemeDir)), "the theme's folder"},
		{s.outDir, "the output folder"},
	} {
		if rel, err := filepath.Rel(f.dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("the cache folder %s is inside %s (%s); choose a folder outside it, such as .signpost-cache in the site folder", dir, f.what, f.dir)
		}
	}
	return nil
}
