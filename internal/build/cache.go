package build

import (
	"context"
	"hash/maphash"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
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
	walked bool

	// theme is the loaded theme, reused until a theme file changes, and
	// md the Markdown renderer, until the settings change.
	theme    *render.Theme
	themeKey uint64
	md       *markdown.Renderer

	// out is the output folder that outputs describes, and marker the
	// marker file as the last build left it: if anything else has written
	// the folder since, outputs are forgotten.
	out     string
	marker  os.FileInfo
	outputs map[string]uint64 // output path → key of what it holds

	gen atomic.Uint64 // numbers rendered Markdown
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
	c.files = map[string]*source{}
	c.walked = false
	c.theme, c.themeKey, c.md = nil, 0, nil
	c.outputs, c.marker = nil, nil
}

// forgetOutputs forgets what the output folder holds.
func (c *Cache) forgetOutputs() {
	c.outputs, c.marker = nil, nil
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
func (c *Cache) committed(out string, outputs map[string]uint64) {
	info, err := os.Stat(filepath.Join(out, MarkerFile))
	if err != nil {
		c.forgetOutputs()
		return
	}
	c.out, c.marker, c.outputs = out, info, outputs
}

// fileList returns the files of the content folder dir, as content.Walk
// would, after the changes listed in changed (site paths); nil means the
// folder must be walked. It updates the cache's list and forgets the
// changed files, so that they are read again.
func (c *Cache) fileList(fsys fs.FS, dir string, changed []string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.walked || changed == nil {
		return nil
	}
	for _, name := range changed {
		if !strings.HasPrefix(name, dir+"/") || ignoredPath(strings.TrimPrefix(name, dir+"/")) {
			continue
		}
		old := c.files[name]
		delete(c.files, name)
		info, err := fs.Lstat(fsys, name)
		switch {
		case err != nil:
			// Removed, or not there to read: left out of the list.
		case info.Mode().IsRegular():
			if old != nil {
				old.stale = true
			}
			c.files[name] = old
		default:
			// A folder or a symbolic link: let the walk judge it.
			c.walked = false
			return nil
		}
	}
	files := make([]string, 0, len(c.files))
	for name := range c.files {
		files = append(files, name)
	}
	slices.Sort(files)
	return files
}

// walkedFiles records the files of a walk of the content folder. Any of
// them may have changed since the cache last saw them.
func (c *Cache) walkedFiles(files []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.files
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

// ignoredPath reports whether any element of the slash-separated path is
// one content.Walk skips.
func ignoredPath(name string) bool {
	for elem := range strings.SplitSeq(name, "/") {
		if content.Ignored(elem) {
			return true
		}
	}
	return false
}

// source returns the cached source of a file, or nil.
func (c *Cache) source(name string) *source {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.files[name]
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
	if s.loaded.Page != nil {
		s.meta = c.pageMeta(s.loaded.Page)
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
func (b *builder) loadContent(ctx context.Context, changed []string) (*content.Site, diag.List) {
	opt := content.Options{Dir: b.cfg.ContentDir, Workers: b.workers}
	if b.cache == nil {
		return content.Load(ctx, b.rootFS, opt)
	}
	var l diag.List
	opt.Files = b.cache.fileList(b.rootFS, b.cfg.ContentDir, changed)
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
	opt.LoadFile = b.cache.loadFile
	site, dl := content.Load(ctx, b.rootFS, opt)
	l.Add(dl...)
	return site, l
}
