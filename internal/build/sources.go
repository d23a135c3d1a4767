package build

import (
	"context"
	"html/template"
	"io/fs"
	"reflect"
	"slices"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
)

// source is what the cache holds of one content file: the products made
// from its bytes.
type source struct {
	// stale marks a file that may have changed: it is read again, and
	// what the cache holds of it is kept only if its bytes are the same.
	stale bool
	// restored marks a source loaded from a cache file (persist.go):
	// it has no page until the file is read again, and then keeps what
	// it holds only if the bytes are the same.
	restored bool
	// raw and dir, for a page taken from a cache file without parsing
	// its file again, are the file's bytes and the content folder, from
	// which body parses its body when the build needs it. fsys is set
	// instead of raw when the file was not read either, its stat key
	// being the one it had when the last build read it: body reads it.
	raw  []byte
	dir  string
	fsys fs.FS
	hash uint64 // of the file's bytes
	// key is the file's stat key before this cache read it, when the
	// build could trust it (Options.inputKeys): a later build whose
	// stat of the file gives the same key need not read it again.
	key    statKey
	loaded content.Loaded // the page or section page, its body, findings
	// meta fingerprints the page without its body: what lists, feeds and
	// taxonomies can see of it. Set only in a cache that is kept.
	meta uint64
	// markup is the page's rendered body.
	markup *markup
	// entry is the page as lists show it, rendered under entryKey.
	entry    template.HTML
	entryKey uint64
	// coded is what a cache file held of the file, when the source was
	// decoded from one: its encoding is copied from there while it
	// holds the same (encodeCache).
	coded *codedSource
}

// codedSource is the encoding of a source's markup, entry and page in the
// cache file it was decoded from, with what it decoded to.
type codedSource struct {
	tail     string
	markup   *markup
	entry    template.HTML
	entryKey uint64
	loaded   content.Loaded
}

// encodes reports whether cs is the encoding of what s holds: the same
// objects (a page is not changed once parsed).
func (cs *codedSource) encodes(s *source) bool {
	return cs != nil && s.markup == cs.markup && s.entryKey == cs.entryKey && s.entry == cs.entry &&
		s.loaded.Page == cs.loaded.Page && len(s.loaded.Diags) == len(cs.loaded.Diags) &&
		(len(s.loaded.Diags) == 0 || &s.loaded.Diags[0] == &cs.loaded.Diags[0])
}

// loadContent loads the content folder through the cache: it reads only
// the files that may have changed, and walks the folder only when it has
// not been told what changed.
func (c *Cache) loadContent(ctx context.Context, fsys fs.FS, set *settings) (*content.Site, diag.List) {
	var l diag.List
	keys := set.opt.inputKeys
	load := func(fsys fs.FS, dir, name string) content.Loaded { return c.loadFile(fsys, dir, name, keys[name]) }
	opt := content.Options{Dir: set.cfg.ContentDir, Workers: set.workers, LoadFile: load, Known: c.known}
	opt.Files = c.fileList(fsys, set.opt.Changed)
	if opt.Files != nil {
		// The list follows the changes, but a folder renamed away (a
		// branch switch) may come as the removal of every file in it:
		// without the folder the site is not empty, it is missing, as
		// the walk says.
		if info, err := fs.Stat(fsys, set.cfg.ContentDir); err != nil || !info.IsDir() {
			c.forgetList()
			opt.Files = nil
		}
	}
	if opt.Files == nil {
		files, wl := content.Walk(ctx, fsys, set.cfg.ContentDir)
		l.Add(wl...)
		if files == nil {
			files = []string{}
		}
		if len(wl) == 0 && ctx.Err() == nil {
			c.walkedFiles(files)
		}
		opt.Files = files
	}
	site, dl := content.Load(ctx, fsys, opt)
	l.Add(dl...)
	return site, l
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

// forgetList forgets the list of the content folder's files, so that the
// next build walks the folder.
func (c *Cache) forgetList() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.walked = false
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
// bytes are the same. key is the file's stat key as the build found it
// before reading anything, if it can be trusted (zero otherwise): a file
// that a cache file holds with the same key has the same bytes, and is
// not read.
func (c *Cache) loadFile(fsys fs.FS, dir, name string, key statKey) content.Loaded {
	old := c.source(name)
	if old != nil && !old.stale {
		return old.loaded
	}
	if old != nil && old.restored && old.loaded.Page != nil && key != (statKey{}) && old.key == key {
		// The page's fingerprint too is the last build's: the same
		// page under the same seed (the file is bound to the executable).
		s := &source{hash: old.hash, key: key, markup: old.markup, entry: old.entry, entryKey: old.entryKey,
			loaded: old.loaded, fsys: fsys, dir: dir, meta: old.meta, coded: old.coded}
		if s.meta == 0 {
			s.meta = c.pageMeta(s.loaded.Page)
		}
		c.store(name, s)
		return s.loaded
	}
	src, err := content.ReadFile(fsys, name)
	if err != nil {
		c.store(name, nil)
		return content.ReadError(name, err)
	}
	s := &source{key: key}
	if c.keep {
		// Fingerprints are for the next build to compare.
		s.hash = c.seed.bytes(src)
		if old != nil && old.hash == s.hash && !old.restored {
			// Saved without a change, or touched by a checkout: keep all.
			old.stale, old.key = false, key
			return old.loaded
		}
		if old != nil && old.hash == s.hash {
			// The last build's, from its cache file: what it rendered
			// of these bytes is kept, and the page their front matter
			// gave, whose body is parsed only if it is rendered.
			s.markup, s.entry, s.entryKey, s.coded = old.markup, old.entry, old.entryKey, old.coded
			if old.loaded.Page != nil {
				s.loaded, s.raw, s.dir, s.meta = old.loaded, src, dir, old.meta
				if s.meta == 0 {
					s.meta = c.pageMeta(s.loaded.Page)
				}
				c.store(name, s)
				return s.loaded
			}
		}
	}
	s.loaded = content.ParseFile(dir, name, src)
	if p := s.loaded.Page; p != nil && c.keep {
		s.meta = c.pageMeta(p)
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
	h.fields = c.fields
	h.value(reflect.ValueOf(p))
	return h.Sum64()
}

// meta returns the fingerprint of the page p of the model, which its
// file's source holds: the model is the last build's only while every
// page's fingerprint is the same (shapeKey).
func (c *Cache) meta(p *content.Page) uint64 {
	if s := c.source(p.File); s != nil && s.loaded.Page != nil {
		return s.meta
	}
	return c.pageMeta(p)
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
	h := c.seed.bytes(data)
	c.store(name, &source{hash: h})
	return h, nil
}

// body returns the Markdown of the page p as this build loaded it. A page
// whose fields have not changed is the last build's (the model's lists
// hold it) and its body the new one.
func (c *Cache) body(p *content.Page) ([]byte, error) {
	s := c.source(p.File)
	if s == nil {
		return nil, nil
	}
	if s.fsys != nil {
		// Only the page that renders it reads its file.
		src, err := content.ReadFile(s.fsys, p.File)
		if err != nil {
			return nil, err
		}
		s.raw, s.fsys = src, nil
	}
	if s.raw != nil {
		// Only the page that renders it asks for its body.
		s.loaded.Body, s.raw = content.ParseFile(s.dir, p.File, s.raw).Body, nil
	}
	return s.loaded.Body, nil
}

// release lets go what the build holds of a page once it is written, when
// the cache is not kept in memory: its body, and its rendered Markdown
// unless a cache file is to keep it, so that memory holds only the pages
// being rendered rather than the whole site.
func (c *Cache) release(s *source) {
	switch {
	case s == nil || (c.keep && !c.disk):
	case c.disk:
		// The next build, a new process, reads every body again: only
		// the rendered Markdown is kept for its cache file.
		s.loaded.Body, s.raw, s.fsys = nil, nil, nil
	default:
		s.loaded.Body, s.markup = nil, nil
	}
}
