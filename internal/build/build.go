// Package build turns a site folder into a static site: it runs the
// pipeline, top to bottom, as a sequence of products, each made by one step
// and only read by the steps after it:
//
//	settings  configuration and options               (settings, inputs.go)
//	sources   the content folder and the theme, read  (sources, inputs.go)
//	model     published pages, sections, taxonomies,  (model, model.go)
//	          link resolver, site info
//	keys      what each output depends on             (keys, keys.go)
//	plan      every output file, checked for          (plan, collide.go)
//	          collisions before any is written
//	pages     each page rendered and written, and     (pageResult, pages.go)
//	          what lists, checks and search need of it
//	lists     home, sections, taxonomies, feeds, …    (jobs, lists.go)
//	search    the search index                        (search.go)
//	outputs   path → bytes, to a writer: staged,      (output, output.go;
//	          in place or discarded, then committed    inplace.go, marker.go)
//
// Every writer keeps the same ledger of its files (ledger.go): the one
// check of an output's name, of a file written twice, and of the bytes.
//
// A Cache carries products from one build to the next (cache.go): a build
// without one is the same code with an empty cache that keeps nothing.
//
// The package owns the order of the steps, the cache and the output
// folder. It must not parse front matter (content), render Markdown
// (markdown), run templates (render), classify site paths (layout) or
// build the search index (search) itself: it asks those packages.
package build

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
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

	// Record keeps a build record beside the output folder (record.go):
	// a build into the folder with the same inputs, executable and
	// options, and the folder as the last build left it, then does
	// nothing and says so (Result.Unchanged). Not with a Cache, Config,
	// Lock or DryRun; with Inventory a record is written but not used.
	Record bool
	// CacheDir is the folder in which a build with a Record keeps its
	// build cache for the next one (persist.go); "" means beside the
	// output folder (.public.signpost-cache for public/). NoCache
	// neither reads nor writes it.
	CacheDir string
	NoCache  bool
	// recordMargin replaces racyMargin when not 0 (tests).
	recordMargin time.Duration
	// intact, set by a build with a Record whose record shows the output
	// folder is exactly what the last build left, is the list of its
	// files and their hashes: the build updates the folder in place,
	// writing only the files whose bytes change (rebuild.go).
	intact *manifest
	// spillAt replaces the package's spillAt when not 0 (tests).
	spillAt int64
	// inputKeys, set by a build with a Record, holds the stat key, taken
	// before the build read anything, of each input that had not changed
	// for racyMargin before the build started, by its path in the site
	// folder: a cache file that holds a file with the same key holds
	// what was made from the same bytes (sources.go).
	inputKeys map[string]statKey

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
	// Unchanged says the build record showed that nothing had changed
	// since the last build into the folder (Options.Record): nothing was
	// read, rendered or written, and the summary and findings are that
	// build's.
	Unchanged bool

	// from and until bound the times at which the pages are published
	// as they are (publishSpan).
	from, until int64
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
	return run(ctx, opt, nil)
}

// run is Run. newOut, when set, makes the output the build writes to
// (tests use it to fail writes); nil means the usual one.
func run(ctx context.Context, opt Options, newOut func(dir string) (output, error)) (*Result, diag.List) {
	start := time.Now()
	if recordable(opt) && newOut == nil {
		return runRecorded(ctx, opt, start)
	}
	c := opt.Cache
	if c == nil {
		// No branch per step: a build without a cache is the same code
		// with an empty cache that keeps nothing for a next build.
		c = newCache(false)
	}
	p, l := c.prepare(ctx, opt)
	if p == nil {
		return nil, l
	}
	defer p.close()
	if opt.DryRun || l.HasErrors() {
		// With content errors the build still renders every page, into
		// nothing, so that one run reports every problem.
		out := newDiscard()
		_, wl := p.write(ctx, p.record(out))
		l.Add(wl...)
		if ctx.Err() != nil {
			l.Errorf(diag.Pos{}, diag.CodeCancelled, "build interrupted")
		}
		l.Sort()
		res := p.result(start)
		res.Files, _, res.Bytes = out.stats()
		return res, l
	}
	out, err := p.output(newOut)
	if err != nil {
		l.Errorf(diag.Pos{}, diag.CodeOutput, "%v", err)
		return nil, l
	}
	w, pl := p.publish(ctx, out)
	l.Add(pl...)
	l.Sort()
	if l.HasErrors() {
		return nil, l
	}
	c.committed(p, w, out)
	p.clock.lap("swap")
	res := p.result(start)
	res.Files, res.Written, res.Bytes = out.stats()
	res.Changed = out.changed()
	res.from, res.until = publishSpan(p.src.content, p.set.filter)
	return res, l
}

func isDir(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.IsDir()
}

// runRecorded is run for a build that keeps a record: it does nothing
// when the record shows nothing has changed, and otherwise builds, under
// the same lock, and writes a new record.
func runRecorded(ctx context.Context, opt Options, start time.Time) (*Result, diag.List) {
	opt.Record = false
	set, l := readSettings(opt)
	if set == nil || l.HasErrors() || !isDir(set.root) {
		return run(ctx, opt, nil) // which reports what is wrong
	}
	lock, err := LockOutput(ctx, set.outDir, LockOptions{Wait: opt.LockWait, Waiting: opt.Waiting})
	if err != nil {
		return run(ctx, opt, nil) // which reports why
	}
	defer lock.Unlock()
	margin := opt.recordMargin
	if margin == 0 {
		margin = racyMargin
	}
	// The cache file's bytes are read while the record is: the cache
	// waits for the executable's hash, which the record's stat key of it
	// makes (hashExecutable), only to decode them.
	var exe func() (exeID, error)
	exeKnown := make(chan struct{})
	exeLater := func() (exeID, error) {
		<-exeKnown
		return exe()
	}
	cacheFile := cachePath(opt.CacheDir, set.outDir)
	var reading chan cacheRead
	if !opt.NoCache {
		// The build cache of the last build (persist.go) is read beside
		// the record's check, and let go if nothing has changed.
		readCtx, stop := context.WithCancel(ctx)
		defer stop()
		reading = make(chan cacheRead, 1)
		if _, err := os.Stat(cacheFile); err != nil {
			// None (a first build): not a goroutine to wait for, which
			// both CPUs, busy with the first steps, would keep waiting.
			reading <- cacheRead{}
		} else {
			go func() { reading <- readCache(readCtx, cacheFile, exeLater, set) }()
		}
	}
	rec := readRecord(set.outDir)
	exe = hashExecutable(rec)
	close(exeKnown)
	// The output folder is checked against the record beside the
	// inputs, and its marker read if it matches, for the build.
	matched, listed := make(chan bool, 1), make(chan *manifest, 1)
	if rec == nil {
		matched <- false // nothing to check, nor to wait for
	} else {
		go func() {
			ok := outputsMatch(set.outDir, rec)
			matched <- ok
			if ok {
				listed <- intactManifest(set.outDir)
			}
		}()
	}
	isIntact := sync.OnceValue(func() bool {
		// Not another signpost's record: nothing of that is trusted.
		if !<-matched {
			return false
		}
		e, err := exe()
		return err == nil && e.hash == rec.Exe
	})
	var read *readInput
	if !opt.Inventory {
		res, rl, r, ok := unchanged(ctx, set, rec, exe, isIntact, margin)
		if ok {
			res.Elapsed = time.Since(start)
			return res, rl
		}
		read = r
	}
	intact := isIntact()
	if intact {
		opt.intact = <-listed
	}
	var cache *Cache
	checked := time.Now()
	if reading != nil {
		// The last build's cache, or an empty one that this build fills
		// for the next.
		var verified *manifest
		if cache, verified = (<-reading).load(ctx, set, opt.intact); cache == nil {
			cache = newCache(true)
			cache.disk = true
		}
		if verified != nil {
			opt.intact = verified
		}
		opt.Cache = cache
	}
	loaded := time.Now()
	prev := rec
	if prev != nil && prev.Settings != recordSettings(set) {
		prev = nil
	}
	before, inErr := readBefore(ctx, set, read, prev)
	if inErr == nil {
		defer before.wait()
		opt.inputKeys = before.in.settled(start.Add(-margin))
	}
	if err := removeRecord(set.outDir); err != nil {
		l.Errorf(diag.Pos{}, diag.CodeOutputWrite, "cannot remove the build record %s: %v; remove it by hand", recordPath(set.outDir), err)
		return nil, l
	}
	opt.Lock = lock
	res, l := run(ctx, opt, nil)
	if res == nil || l.HasErrors() || ctx.Err() != nil {
		return res, l
	}
	// The cache and the record are written at once: each writes a file
	// of its own and reads nothing the other writes.
	built := time.Now()
	var (
		saved   sync.WaitGroup
		saveErr error
	)
	// Without the executable's hash neither is of use to the next build:
	// say nothing.
	id, exeErr := exe()
	if cache != nil && exeErr == nil {
		saved.Go(func() { saveErr = saveCache(cacheFile, id.hash, set, cache) })
	}
	if inErr == nil && exeErr == nil {
		// A record that cannot be written costs the next build time,
		// not correctness: say nothing.
		// Updated in place from a folder the record vouched for: the
		// record looks at what it listed and what the build changed.
		inPlace := intact && opt.intact != nil
		_ = writeRecord(ctx, set, before, start, res, l, rec, id, inPlace, margin)
	}
	saved.Wait()
	if saveErr != nil {
		// The site is built; only the next build's speed is at stake.
		l.Warnf(diag.Pos{}, diag.CodeOutputWrite, "cannot save the build cache %s: %v; the next build will render every page", cacheFile, saveErr)
	}
	res.Phases = append([]Phase{{"record check", checked.Sub(start)}, {"cache load", loaded.Sub(checked)}}, res.Phases...)
	res.Phases = append(res.Phases, Phase{"record and cache", time.Since(built)})
	res.Elapsed = time.Since(start)
	return res, l
}

// output returns the writer of a build that writes: the output folder
// updated in place when the cache knows what it holds and the options ask
// for it, and otherwise a staging folder swapped in at the end.
func (p *pipeline) output(newOut func(string) (output, error)) (output, error) {
	dir := p.set.outDir
	if newOut != nil {
		return newOut(dir)
	}
	if m := p.set.opt.intact; m != nil {
		// Under the lock, as newStaged does: a build killed since the
		// last one finished may have left its staging folder.
		if err := clearLeftovers(dir); err != nil {
			return nil, err
		}
		w, err := newInPlace(dir, *m, true)
		if err == nil {
			w.relist, w.spillAt = true, spillAt
			if p.set.opt.spillAt != 0 {
				w.spillAt = p.set.opt.spillAt
			}
		}
		return w, err
	}
	if p.set.opt.InPlace && p.cache.warm(dir) {
		w, err := newInPlace(dir, p.cache.manifest, p.cache.listed)
		if err == nil && p.reuse != nil {
			w.keepAll()
		}
		return w, err
	}
	return newStaged(dir)
}

// publish writes the site to out and commits it. On any error or
// cancellation it aborts out instead, leaving the previous site as it was.
func (p *pipeline) publish(ctx context.Context, out output) (*written, diag.List) {
	w, l := p.write(ctx, p.record(out))
	if ctx.Err() != nil {
		out.Abort()
		l.Errorf(diag.Pos{}, diag.CodeCancelled, "build interrupted; the previous site in %s is unchanged", p.set.outDir)
		return nil, l
	}
	if l.HasErrors() {
		out.Abort()
		return nil, l
	}
	// Until the new outputs are recorded, what the folder holds is not
	// known.
	p.cache.forgetOutputs()
	if err := out.Commit(); err != nil {
		out.Abort()
		l.Errorf(diag.Pos{}, diag.CodeOutputWrite, "writing %s: %v; the previous site is unchanged", p.set.outDir, err)
	}
	return w, l
}

// result summarises the build.
func (p *pipeline) result(start time.Time) *Result {
	m := p.model
	r := &Result{Out: p.set.outDir, Pages: map[content.Kind]int{}, Tags: len(m.tags.Terms), Organisations: len(m.orgs.Terms),
		Rendered: int(p.rendered.Load()), Phases: p.clock.phases, Inventory: p.inv}
	for _, pg := range m.pages {
		r.Pages[pg.Kind]++
	}
	r.Elapsed = time.Since(start)
	return r
}
