package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/search"
)

// Cache carries the products of one build to the next, so that a rebuild
// after a few edits reads, parses and renders only what the edits affect,
// and writes only the files whose bytes changed. Watch mode keeps one for
// the whole session.
//
// It holds products, each with what it was made from: every content
// file's source (its bytes' hash, the parsed page, its body, its rendered
// Markdown and its entry in lists), the theme, and the last build's model,
// keys and pages. Nothing in it decides what a build produces: a source is
// reused only for the same bytes, rendered Markdown only while every link
// it resolved still resolves the same way, the model only for the same
// shape of the site, and an output file is left as it is only when the
// fingerprint of everything its template can see (its key) is the one it
// was last written with. So a build with a cache produces exactly what a
// build without one does; and a build without one is the same code with
// an empty cache that keeps nothing (keep is false).
//
// A Cache is used by one build at a time.
type Cache struct {
	seed seed
	// fields lists the fields of the structs its fingerprints hash.
	fields *structFields
	// keep says the cache is kept for a next build. A build without a
	// Cache makes one that is not: it forgets each page's body and
	// rendered Markdown once the page is written, and computes no keys.
	keep bool
	// disk says the cache was loaded from a cache file, or is to be
	// saved to one, for the next `signpost build` (persist.go), rather
	// than kept in memory by watch mode.
	disk bool

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
	// renderer the Markdown renderer, until the settings change.
	theme    *render.Theme
	themeKey uint64
	themeIDs uint64 // fingerprints the ids the theme's templates use
	renderer *markdown.Renderer

	// out is the output folder that outputs describes, and marker the
	// marker file as the last build left it: if anything else has written
	// the folder since, outputs are forgotten.
	out      string
	marker   os.FileInfo
	outputs  map[string]uint64 // output path → key of what it holds
	manifest manifest          // the files the folder holds
	listed   bool              // the marker on disk lists them

	gen atomic.Uint64 // numbers rendered Markdown

	// last is what the last successful build made.
	last *lastBuild
	// search carries the search index's analyses and files;
	// searchFiles are the index's files in the output folder, and
	// searchStale says they are an earlier build's (Options.DeferSearch).
	search      search.Cache
	searchFiles []string
	searchStale bool
	// searchLoading, when set, is closed once search holds what a cache
	// file gave it (persist.go); until then search is not to be touched.
	searchLoading <-chan struct{}
}

// lastBuild is what a successful build made, kept for the next: its
// products themselves.
type lastBuild struct {
	set      *settings
	model    *model
	keys     *keys
	plan     plan
	themeKey uint64
	// pages holds what each page of the model gave when rendered, in the
	// model's order.
	pages []pageResult
}

// NewCache returns an empty cache, to be kept from one build to the next.
func NewCache() *Cache { return newCache(true) }

func newCache(keep bool) *Cache {
	return &Cache{seed: randomSeed(), keep: keep, files: map[string]*source{}, fields: &structFields{}}
}

// use readies the cache for a build with settings set: it forgets
// everything when they differ from the last build's.
func (c *Cache) use(set *settings) {
	if !c.keep {
		return
	}
	if s := settingsKey(c.seed, set); s != c.settings {
		c.reset(s)
	}
}

// reset forgets everything that depends on the settings.
func (c *Cache) reset(settings uint64) {
	c.settings = settings
	c.files, c.list = map[string]*source{}, nil
	c.walked = false
	c.theme, c.themeKey, c.renderer = nil, 0, nil
	c.last = nil
	c.forgetOutputs()
}

func (c *Cache) hashString(s string) uint64 { return c.seed.string(s) }

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

// committed records the products of a build that has just replaced or
// updated the output folder through out, having written w.
func (c *Cache) committed(p *pipeline, w *written, out output) {
	if !c.keep {
		return
	}
	c.recordOutputs(p.set.outDir, p.outputs.keys, out.manifest(), out.isListed())
	c.last = &lastBuild{set: p.set, model: p.model, keys: p.keys, plan: p.plan, themeKey: p.src.themeKey, pages: w.pages}
	c.searchFiles, c.searchStale = w.searchFiles, w.searchStale
}

// recordOutputs records the outputs of the build that has just replaced
// or updated the output folder out.
func (c *Cache) recordOutputs(out string, outputs map[string]uint64, m manifest, listed bool) {
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
	c.recordOutputs(c.out, c.outputs, c.manifest, true)
	return nil
}

// UpdateSearch brings the search index up to date with the last
// successful build through the cache, if that build deferred it
// (Options.DeferSearch), and writes the files that changed into the
// output folder in place. It returns the files written or removed. It
// must not run at the same time as a build through the same cache.
//
// Cancelling ctx stops it within a few milliseconds, however far it has
// got, so that watch mode's next rebuild need not wait: cancelled while
// it makes the index, it leaves the output as it was; while it writes
// the files that changed, it leaves those written so far in place (the
// index is then part old, part new) and the next update writes the
// rest. Either way the index stays out of date until an update is let
// finish.
func (c *Cache) UpdateSearch(ctx context.Context) ([]string, error) {
	last := c.last
	if last == nil || !c.searchStale || !c.warm(c.out) {
		return nil, nil
	}
	w, err := newInPlace(c.out, c.manifest, c.listed)
	if err != nil {
		return nil, err
	}
	w.keepAll()
	synonyms, _ := searchSynonyms(last.set.cfg, c.theme) // reported by the build
	files, err := writeSearch(ctx, indexDocs(last.model, last.pages), w, searchWrite{cache: c.searchIndex(), workers: last.set.workers, synonyms: synonyms, prev: c.searchFiles})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	outputs := c.outputs
	c.forgetOutputs()
	if err := w.commit(ctx); err != nil {
		if ctx.Err() == nil {
			return nil, err // what the folder holds is not known
		}
		// Stopped between two files: the folder holds the previous
		// files but those written, and the index's files are those of
		// the last index and the new ones written.
		c.recordOutputs(last.set.outDir, outputs, w.partial(), false)
		had := make(map[string]bool, len(c.searchFiles))
		for _, name := range c.searchFiles {
			had[name] = true
		}
		files := slices.Clone(c.searchFiles)
		for _, name := range w.done {
			if !had[name] {
				files = append(files, name)
			}
		}
		c.searchFiles = files
		return nil, err
	}
	c.recordOutputs(last.set.outDir, outputs, w.manifest(), false)
	c.searchFiles, c.searchStale = files, false
	return w.changed(), nil
}
