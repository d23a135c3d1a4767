package build

import (
	"context"
	"hash/maphash"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/search"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// Cache carries what one build learnt to the next, so that a rebuild after
// a few edits reads, parses and renders only what the edits affect, and
// writes only the files whose bytes changed. Watch mode keeps one for the
// whole session.
//
// Nothing in it decides what a build produces: parsed files are reused
// only for the same bytes, rendered Markdown only while every link it
// resolved still resolves the same way, and an output file is left as it
// is only when the fingerprint of everything its template can see (its
// key) is the one it was last written with. So a build with a cache
// produces exactly what a build without one does.
//
// A Cache is used by one build at a time.
type Cache struct {
	seed maphash.Seed

	// settings fingerprints what invalidates everything else: the
	// configuration and the build options.
	settings uint64

	// files holds every file of the content folder by path
	// ("content/articles/x.md"), when walked is true.
	mu     sync.Mutex
	files  map[string]*source
	list   []string // the keys of files, sorted
	walked bool

	// theme is the loaded theme, reused until a theme file changes, and
	// md the Markdown renderer, until the settings change.
	theme    *render.Theme
	themeKey uint64
	md       *markdown.Renderer

	// out is the output folder that outputs describes, and marker the
	// marker file as the last build left it: if anything else has written
	// the folder since, outputs are forgotten.
	out      string
	marker   os.FileInfo
	outputs  map[string]uint64 // output path → key of what it holds
	manifest manifest          // the files the folder holds
	listed   bool              // the marker on disk lists them

	gen atomic.Uint64 // numbers rendered Markdown

	// last is what the last successful build worked out of the site.
	last *snapshot
	// search carries the search index's analyses and files;
	// searchFiles are the index's files in the output folder.
	search      search.Cache
	searchFiles []string
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), files: map[string]*source{}}
}

// source is what the cache keeps of one content file.
type source struct {
	// stale marks a file that may have changed: it is read again, and
	// what the cache holds of it is kept only if its bytes are the same.
	stale  bool
	hash   uint64 // of the file's bytes
	loaded content.Loaded
	// meta fingerprints the page without its body: what lists, feeds and
	// taxonomies can see of it.
	meta uint64
	// md is the page's rendered body.
	md *rendered
	// entry is the page as lists show it, rendered under entryKey.
	entry    template.HTML
	entryKey uint64
}

// rendered is a page's rendered Markdown, kept with the links it resolved,
// so that it is reused only while they resolve the same way.
type rendered struct {
	gen  uint64
	deps []dep
	res  *markdown.Result // HTML and Footnotes are dropped once the page is written
	html bool             // res still has its HTML
}

// dep is one question a body asked the resolver, and the answer.
type dep struct {
	fileAt           bool   // FileAt rather than Lookup
	arg, answer, err string // err is "" for no error; for FileAt, "false" when not found
}

// depRecorder is a markdown.Resolver that records what it is asked.
type depRecorder struct {
	r    *resolver
	deps []dep
}

func (rec *depRecorder) Lookup(file string) (string, error) {
	p, err := rec.r.Lookup(file)
	rec.deps = append(rec.deps, dep{arg: file, answer: p, err: errString(err)})
	return p, err
}

func (rec *depRecorder) FileAt(sitePath string) (string, bool) {
	f, ok := rec.r.FileAt(sitePath)
	d := dep{fileAt: true, arg: sitePath, answer: f}
	if !ok {
		d.err = "false"
	}
	rec.deps = append(rec.deps, d)
	return f, ok
}

// URL implements markdown.Resolver. It depends on the settings alone.
func (rec *depRecorder) URL(sitePath string) string { return rec.r.URL(sitePath) }

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// valid reports whether the resolver answers every question the body
// asked as it did when the body was rendered.
func (m *rendered) valid(r *resolver) bool {
	for _, d := range m.deps {
		if d.fileAt {
			f, ok := r.FileAt(d.arg)
			if f != d.answer || ok != (d.err == "") {
				return false
			}
			continue
		}
		p, err := r.Lookup(d.arg)
		if p != d.answer || errString(err) != d.err {
			return false
		}
	}
	return true
}

// reset forgets everything that depends on the settings.
func (c *Cache) reset(settings uint64) {
	c.settings = settings
	c.files, c.list = map[string]*source{}, nil
	c.walked = false
	c.theme, c.themeKey, c.md = nil, 0, nil
	c.last = nil
	c.forgetOutputs()
}

// forgetOutputs forgets what the output folder holds.
func (c *Cache) forgetOutputs() {
	c.outputs, c.marker, c.manifest = nil, nil, manifest{}
}

// warm reports whether the cache knows what the output folder out holds:
// the last build through this cache wrote it, and nothing has replaced
// its marker file since.
func (c *Cache) warm(out string) bool {
	if c.outputs == nil || c.out != out || c.marker == nil {
		return false
	}
	info, err := os.Stat(filepath.Join(out, MarkerFile))
	return err == nil && os.SameFile(info, c.marker) && info.ModTime().Equal(c.marker.ModTime()) && info.Size() == c.marker.Size()
}

// committed records the outputs of a build that has just replaced or
// updated the output folder out.
func (c *Cache) committed(out string, outputs map[string]uint64, m manifest, listed bool) {
	info, err := os.Stat(filepath.Join(out, MarkerFile))
	if err != nil {
		c.forgetOutputs()
		return
	}
	c.out, c.marker, c.outputs, c.manifest, c.listed = out, info, outputs, m, listed
}

// WriteMarker writes the list of output files into the marker file of the
// output folder that builds through the cache have been updating in
// place, so that the next build without the cache links the files that
// have not changed rather than writing them again. Watch mode calls it
// when it stops.
func (c *Cache) WriteMarker() error {
	if c.listed || !c.warm(c.out) {
		return nil
	}
	if err := replaceFile(c.out, MarkerFile, c.manifest.encode()); err != nil {
		c.forgetOutputs()
		return err
	}
	c.committed(c.out, c.outputs, c.manifest, true)
	return nil
}

// fileList returns the files of the content folder, as content.Walk
// would, after the changes listed in changed; nil means the folder must be
// walked. It updates the cache's list and forgets the changed files, so
// that they are read again.
func (c *Cache) fileList(fsys fs.FS, changed []layout.Change) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.walked || changed == nil {
		return nil
	}
	for _, ch := range changed {
		if ch.Kind != layout.Content {
			continue
		}
		name := ch.Path
		old, listed := c.files[name]
		info, err := fs.Lstat(fsys, name)
		switch {
		case err != nil:
			// Removed, or not there to read: left out of the list.
			if listed {
				delete(c.files, name)
				i, _ := slices.BinarySearch(c.list, name)
				c.list = slices.Delete(c.list, i, i+1)
			}
		case info.Mode().IsRegular():
			if old != nil {
				old.stale = true
			}
			if !listed {
				c.files[name] = nil
				i, _ := slices.BinarySearch(c.list, name)
				c.list = slices.Insert(c.list, i, name)
			}
		default:
			// A folder or a symbolic link: let the walk judge it.
			c.walked = false
			return nil
		}
	}
	// A copy: the list changes with the next build's changes.
	return slices.Clone(c.list)
}

// walkedFiles records the files of a walk of the content folder. Any of
// them may have changed since the cache last saw them.
func (c *Cache) walkedFiles(files []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.files
	c.list = slices.Clone(files)
	c.files = make(map[string]*source, len(files))
	for _, f := range files {
		if s := old[f]; s != nil {
			s.stale = true
			c.files[f] = s
		} else {
			c.files[f] = nil
		}
	}
	c.walked = true
}

// source returns the cached source of a file, or nil.
func (c *Cache) source(name string) *source {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.files[name]
}

// known is a content.Options.Known: what the cache holds of a file that
// cannot have changed.
func (c *Cache) known(name string) (content.Loaded, bool) {
	if s := c.source(name); s != nil && !s.stale {
		return s.loaded, true
	}
	return content.Loaded{}, false
}

// loadFile is a content.Options.LoadFile that reuses what the cache holds
// of a file unless it may have changed, and then reuses it only if its
// bytes are the same.
func (c *Cache) loadFile(fsys fs.FS, dir, name string) content.Loaded {
	old := c.source(name)
	if old != nil && !old.stale {
		return old.loaded
	}
	src, err := content.ReadFile(fsys, name)
	if err != nil {
		c.store(name, nil)
		return content.ReadError(name, err)
	}
	h := maphash.Bytes(c.seed, src)
	if old != nil && old.hash == h {
		// Saved without a change, or touched by a checkout: keep all.
		old.stale = false
		return old.loaded
	}
	s := &source{hash: h}
	s.loaded.Page, s.loaded.Section, s.loaded.Diags = content.Parse(dir, name, src)
	if p := s.loaded.Page; p != nil {
		s.meta = c.pageMeta(p)
		if old != nil && old.loaded.Page != nil && old.meta == s.meta {
			// Only the body changed: keep the page the last build's
			// lists and taxonomies hold, with the new body, so that
			// they stay valid.
			old.loaded.Page.Body = p.Body
			s.loaded.Page = old.loaded.Page
		}
	}
	c.store(name, s)
	return s.loaded
}

func (c *Cache) store(name string, s *source) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, listed := c.files[name]; listed || !c.walked {
		c.files[name] = s
	}
}

// pageMeta fingerprints a page without its body.
func (c *Cache) pageMeta(p *content.Page) uint64 {
	h := newHasher(c.seed)
	hashPage(h, p)
	return h.Sum64()
}

// assetHash returns the fingerprint of a content asset's bytes, reading it
// only if it changed since the cache last saw it.
func (c *Cache) assetHash(fsys fs.FS, name string) (uint64, error) {
	if s := c.source(name); s != nil && !s.stale {
		return s.hash, nil
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0, err
	}
	h := maphash.Bytes(c.seed, data)
	c.store(name, &source{hash: h})
	return h, nil
}

// loadContent loads the content folder. With a cache it reads only the
// files that may have changed, and walks the folder only when it has not
// been told what changed.
func (b *builder) loadContent(ctx context.Context, changed []layout.Change) (*content.Site, diag.List) {
	opt := content.Options{Dir: b.cfg.ContentDir, Workers: b.workers}
	if b.cache == nil {
		return content.Load(ctx, b.rootFS, opt)
	}
	var l diag.List
	opt.Files = b.cache.fileList(b.rootFS, changed)
	if opt.Files == nil {
		files, wl := content.Walk(ctx, b.rootFS, b.cfg.ContentDir)
		l.Add(wl...)
		if files == nil {
			files = []string{}
		}
		if len(wl) == 0 && ctx.Err() == nil {
			b.cache.walkedFiles(files)
		}
		opt.Files = files
	}
	opt.LoadFile, opt.Known = b.cache.loadFile, b.cache.known
	site, dl := content.Load(ctx, b.rootFS, opt)
	l.Add(dl...)
	return site, l
}

// snapshot is what a successful build through a cache worked out of the
// whole site. The next build reuses it when the site's shape (shapeKey)
// is the same: when only page bodies changed, which is what typing does.
type snapshot struct {
	shape    uint64
	themeKey uint64
	all      []*content.Page // every page, as content.Load gave them
	pages    []*content.Page // published, in order
	sections []section
	tags     *taxonomy.Taxonomy
	orgs     *taxonomy.Taxonomy
	resolve  *resolver
	info     *render.Site
	plan     plan
	// items, gens and entries are by page, in the order of pages: what
	// checks and lists need of each, and the rendering of its body its
	// item page was made from.
	items   []item
	gens    []uint64
	entries map[*content.Page]template.HTML
	// searchStale says the search index was kept from an earlier build
	// (Options.DeferSearch).
	searchStale bool
	cfg         config.Config
	out         string

	siteKey      uint64
	metas        map[*content.Page]uint64
	termKey      map[*taxonomy.Term]uint64
	taxonomyKeys map[*taxonomy.Taxonomy]uint64
}

func (b *builder) snapshot() *snapshot {
	s := &snapshot{
		shape: b.shape, themeKey: b.cache.themeKey,
		all: b.site.Pages, pages: b.pages, sections: b.sections, tags: b.tags, orgs: b.orgs, resolve: b.resolve, info: b.info, plan: b.plan,
		items: b.pageItems, gens: make([]uint64, len(b.pages)), entries: b.entries, searchStale: b.searchStale, cfg: b.cfg, out: b.outDir,
		siteKey: b.siteKeyValue, metas: b.metas, termKey: b.termKey, taxonomyKeys: b.taxonomyKeys,
	}
	for i, p := range b.pages {
		if src := b.source(p); src != nil && src.md != nil {
			s.gens[i] = src.md.gen
		}
	}
	return s
}

// shapeKey fingerprints everything derive reads, and so everything lists,
// taxonomies, feeds and link resolution depend on: the settings, every
// page's fields but its body and whether it is published, the section
// pages, and the content folder's other files.
func (b *builder) shapeKey(site *content.Site) uint64 {
	h := b.newHasher()
	h.u64(b.cache.settings)
	h.int(len(site.Pages))
	for _, p := range site.Pages {
		h.str(p.File)
		if src := b.source(p); src != nil {
			h.u64(src.meta)
		} else {
			h.u64(b.cache.pageMeta(p))
		}
		h.bool(p.Published(b.filter))
	}
	for _, name := range sortedKeys(site.Sections) {
		h.str(name)
		h.value(reflect.ValueOf(site.Sections[name]))
	}
	h.int(len(site.Assets))
	for _, a := range site.Assets {
		h.str(a.File)
		h.str(a.URL)
		sum, err := b.cache.assetHash(b.rootFS, a.File)
		h.u64(sum)
		h.bool(err != nil)
	}
	return h.Sum64()
}
