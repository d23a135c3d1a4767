// Package preview keeps a built site up to date while its sources change:
// the loop behind signpost watch and signpost serve.
//
// Run builds the site once, then waits for batches of changes from a
// watch.Watcher and rebuilds through one build.Cache, in place: only the
// changed files are read, only the pages they affect are rendered, only
// the output files whose bytes changed are written, and the search index
// follows in the background (it takes seconds on a large site, the pages
// milliseconds). After each build it tells whoever shows the site (the
// dev server) which files changed, or what is wrong. A failed build leaves
// the last good site in place; content errors never end the loop.
//
// It owns the loop: when to rebuild, to read the configuration again and
// to restart the watcher. It must not classify paths (layout does), build
// (build does) or serve (server does) itself.
package preview

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/server"
	"github.com/signpost-kb/signpost/internal/watch"
)

// Options configures Run.
type Options struct {
	// Build is the build to keep up to date. Run sets its Cache, Changed,
	// InPlace and DeferSearch, and its Config: Run reads signpost.toml
	// when it starts (unless Build.Config is set already) and again only
	// when the file changes.
	Build build.Options
	// Watch configures the watcher; Run sets its Root to Build.Root and
	// its Layout to the configuration's, and restarts it when a change to
	// signpost.toml moves the content folder or the theme.
	Watch watch.Options

	// Log receives one line per build and per search index update.
	Log io.Writer
	// Findings, when set, is given the findings of every build, to print.
	Findings func(diag.List)
	// Reload, when set, is told the output files each successful build
	// wrote or removed (server.Server.Reload).
	Reload func(changed []string)
	// SetErrors, when set, is given the errors of each build, or after a
	// successful one its notes (server.Server.SetErrors).
	SetErrors func([]server.Problem)
	// SetBasePath, when set, is told the path of the site's base URL
	// whenever an edit of signpost.toml changes it
	// (server.Server.SetBasePath).
	SetBasePath func(string)
	// Now returns the time for log lines; nil means time.Now.
	Now func() time.Time

	// searchContext, when set, wraps the context of each search index
	// update: tests use it to make an edit while one runs.
	searchContext func(context.Context) context.Context
}

// Run builds the site and keeps it up to date until ctx is done. It
// returns an error only if watching cannot start; build problems are
// reported, never returned.
func Run(ctx context.Context, opt Options) error {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	opt.Watch.Root = opt.Build.Root
	if opt.Watch.Root == "" {
		opt.Watch.Root = "."
	}
	l := &loop{opt: opt, cache: build.NewCache(), batches: make(chan watch.Batch)}
	if c := opt.Build.Config; c != nil {
		l.cfg, l.cfgFindings = *c, opt.Build.ConfigFindings
	} else {
		l.cfg, l.cfgFindings = config.Load(opt.Watch.Root)
	}
	l.site = layout.Of(l.cfg)
	l.base = l.cfg.BasePath()
	// The session keeps the output folder to itself until it stops: a
	// build into it would be undone by the next rebuild, or undo it.
	if err := l.lockOutput(ctx); err != nil {
		return err
	}
	defer func() { l.lock.Unlock() }()
	// Watch before the first build, so that no change made while it runs
	// is missed.
	if err := l.watch(ctx); err != nil {
		return err
	}
	defer func() {
		l.stopWatching()
		l.stopSearch()
		if err := l.cache.WriteMarker(); err != nil {
			fmt.Fprintf(opt.Log, "%s could not record the output's files: %v\n", l.stamp(), err)
		}
	}()

	l.build(ctx, nil, nil)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-l.watched:
			// The watcher has returned, and what it returned is taken:
			// stopWatching must not wait for it again.
			l.stopWatcher()
			l.stopWatcher, l.watched = nil, nil
			if ctx.Err() != nil {
				return nil
			}
			return err
		case b := <-l.batches:
			for _, err := range b.Errors {
				fmt.Fprintf(opt.Log, "%s watching: %v\n", l.stamp(), err)
			}
			changed := Changes(b)
			if changed != nil && len(changed) == 0 {
				continue
			}
			l.stopSearch()
			if configChanged(changed) {
				l.reconfigure(ctx)
			}
			l.build(ctx, changed, b.Events)
		}
	}
}

// configChanged reports whether signpost.toml is among the changed files;
// nil means not known.
func configChanged(changed []layout.Change) bool {
	return changed == nil || slices.ContainsFunc(changed, func(c layout.Change) bool { return c.Kind == layout.Config })
}

// loop is the state of one Run.
type loop struct {
	opt   Options
	cache *build.Cache

	// The configuration as last read, and what was made of it: the
	// layout the watcher watches and the base path the server was told.
	cfg         config.Config
	cfgFindings diag.List
	site        layout.Site
	base        string

	// The running watcher: it delivers on batches, and its Run returns
	// on watched; stopWatcher stops it.
	batches     chan watch.Batch
	watched     chan error
	stopWatcher context.CancelFunc

	// The lock on the output folder lockedOut, held for the session.
	lock      *build.OutputLock
	lockedOut string

	// The search index update running in the background, if any.
	searchCancel context.CancelFunc
	searchDone   chan struct{}
}

func (l *loop) stamp() string { return l.opt.Now().Format("15:04:05") }

// watch starts a watcher on the site's layout. A watcher already running
// is stopped once the new one watches, so that no change in between is
// missed (one seen by both is merely built twice).
func (l *loop) watch(ctx context.Context) error {
	wopt := l.opt.Watch
	wopt.Layout = l.site
	w, err := watch.New(wopt)
	if err != nil {
		return err
	}
	l.stopWatching()
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx, l.batches) }()
	l.watched, l.stopWatcher = done, cancel
	return nil
}

// stopWatching stops the running watcher, if any, and waits for it.
func (l *loop) stopWatching() {
	if l.stopWatcher == nil {
		return
	}
	l.stopWatcher()
	<-l.watched
	l.stopWatcher, l.watched = nil, nil
}

// reconfigure reads signpost.toml again, once for everything that follows
// it: the next build, the watcher's folders and the server's base path.
// A configuration with errors changes nothing but the build, which reports
// them.
func (l *loop) reconfigure(ctx context.Context) {
	l.cfg, l.cfgFindings = config.Load(l.opt.Watch.Root)
	if l.cfgFindings.HasErrors() {
		return
	}
	if err := l.lockOutput(ctx); err != nil {
		fmt.Fprintf(l.opt.Log, "%s %v\n", l.stamp(), err)
	}
	if site := layout.Of(l.cfg); site != l.site {
		l.site = site
		if err := l.watch(ctx); err != nil {
			fmt.Fprintf(l.opt.Log, "%s watching: %v\n", l.stamp(), err)
		}
	}
	if base := l.cfg.BasePath(); base != l.base {
		l.base = base
		if l.opt.SetBasePath != nil {
			l.opt.SetBasePath(base)
		}
	}
}

// outDir is the output folder the configuration names, absolute.
func (l *loop) outDir() string {
	out := l.opt.Build.Out
	if out == "" {
		out = filepath.Join(l.opt.Watch.Root, l.cfg.OutputDir)
	}
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	return out
}

// lockOutput takes the lock on the output folder for the rest of the
// session, letting go of the one it held if signpost.toml has moved the
// folder.
func (l *loop) lockOutput(ctx context.Context) error {
	out := l.outDir()
	if l.lock != nil && l.lockedOut == out {
		return nil
	}
	lock, err := build.LockOutput(ctx, out, build.LockOptions{Session: true, Wait: l.opt.Build.LockWait, Waiting: func(holder string) {
		fmt.Fprintf(l.opt.Log, "%s waiting for %s to finish writing %s\n", l.stamp(), holder, out)
	}})
	if err != nil {
		return err
	}
	l.lock.Unlock()
	l.lock, l.lockedOut = lock, out
	return nil
}

// build rebuilds for the site files changed (nil: all of them) and
// reports the outcome.
func (l *loop) build(ctx context.Context, changed []layout.Change, events []watch.Event) {
	opt := l.opt.Build
	opt.Cache, opt.Changed, opt.InPlace, opt.DeferSearch = l.cache, changed, true, true
	opt.Config, opt.ConfigFindings = &l.cfg, l.cfgFindings
	if l.lockedOut == l.outDir() {
		opt.Lock = l.lock
	} // else the build takes the lock itself, and says why it cannot
	start := time.Now()
	res, findings := build.Run(ctx, opt)
	if ctx.Err() != nil {
		return
	}
	if l.opt.Findings != nil {
		l.opt.Findings(findings)
	}
	fmt.Fprintf(l.opt.Log, "%s %s\n", l.stamp(), Summary(What(changed, events), res, findings, time.Since(start)))
	if findings.HasErrors() {
		if l.opt.SetErrors != nil {
			l.opt.SetErrors(Problems(findings))
		}
		return
	}
	if l.opt.SetErrors != nil {
		// A successful build still shows its notes, such as the problems
		// of the drafts it shows; none clears the overlay.
		l.opt.SetErrors(Notes(findings))
	}
	if l.opt.Reload != nil && len(res.Changed) > 0 {
		paths := ReloadPaths(changed, res.Changed)
		if len(paths) < len(res.Changed) {
			// Stylesheets only: name the new ones, not those removed.
			paths = slices.DeleteFunc(paths, func(p string) bool {
				_, err := os.Stat(filepath.Join(res.Out, filepath.FromSlash(p)))
				return err != nil
			})
		}
		l.opt.Reload(paths)
	}
	l.startSearch(ctx)
}

// SearchDelay is how long after a build the search index update waits for
// another change before it starts: while someone types, the seconds of
// work it takes on a large site would only slow the next rebuild.
const SearchDelay = 300 * time.Millisecond

// startSearch brings the search index up to date in the background, once
// no change has come for SearchDelay.
func (l *loop) startSearch(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	l.searchCancel, l.searchDone = cancel, done
	go func() {
		defer close(done)
		wait := time.NewTimer(SearchDelay)
		defer wait.Stop()
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
		start := time.Now()
		uctx := ctx
		if l.opt.searchContext != nil {
			uctx = l.opt.searchContext(ctx)
		}
		changed, err := l.cache.UpdateSearch(uctx)
		switch {
		case ctx.Err() != nil:
			// Overtaken by the next change; that build starts it again.
		case err != nil:
			fmt.Fprintf(l.opt.Log, "%s search index: %v\n", l.stamp(), err)
		case len(changed) > 0:
			fmt.Fprintf(l.opt.Log, "%s search index updated in %s: %d %s written\n", l.stamp(),
				round(time.Since(start)), len(changed), plural(len(changed), "file", "files"))
		}
	}()
}

// stopSearch cancels the search index update, if one is running, and
// waits for it to stop: builds and updates share the cache. The update
// stops within milliseconds wherever it is (Cache.UpdateSearch), so the
// page of an edit made while it runs does not wait for it; the next
// build starts it again.
func (l *loop) stopSearch() {
	if l.searchCancel == nil {
		return
	}
	l.searchCancel()
	<-l.searchDone
	l.searchCancel, l.searchDone = nil, nil
}

// ReloadPaths returns the output files to tell open pages about after a
// build for the changed site files. When only stylesheets changed, every
// page was written again just to name the new, content-hashed stylesheet;
// telling tabs only about the stylesheets lets them swap it in place
// rather than reload.
func ReloadPaths(changed []layout.Change, outputs []string) []string {
	if len(changed) == 0 {
		return outputs
	}
	for _, c := range changed {
		if c.Kind != layout.Asset || !strings.HasSuffix(c.Path, ".css") {
			return outputs
		}
	}
	var css []string
	for _, o := range outputs {
		if strings.HasSuffix(o, ".css") {
			css = append(css, o)
		}
	}
	if len(css) == 0 {
		return outputs
	}
	return css
}

// Changes returns the site files a batch of watch events names, with
// their kinds, sorted and without those the build never reads, or nil when
// the watcher may have missed events and every file must be read again.
func Changes(b watch.Batch) []layout.Change {
	if b.Rescan {
		return nil
	}
	out := make([]layout.Change, 0, len(b.Events))
	for _, e := range b.Events {
		if e.Kind != layout.Ignored {
			out = append(out, e.Change())
		}
	}
	slices.SortFunc(out, func(a, b layout.Change) int { return strings.Compare(a.Path, b.Path) })
	return slices.Compact(out)
}

// What says in a few words what a batch changed: "content/articles/x.md
// edited", "3 files changed: content/a.md, content/b.md, …".
func What(changed []layout.Change, events []watch.Event) string {
	switch {
	case changed == nil && events == nil:
		return "built"
	case changed == nil:
		return "rebuilt after the watcher lost events"
	case len(events) == 1:
		e := events[0]
		verb := map[watch.Op]string{watch.Create: "created", watch.Write: "edited", watch.Remove: "removed"}[e.Op]
		if verb == "" {
			verb = "changed"
		}
		return e.Path + " " + verb
	}
	const shown = 3
	var names []string
	for _, c := range changed[:min(len(changed), shown)] {
		names = append(names, c.Path)
	}
	s := fmt.Sprintf("%d files changed: %s", len(changed), strings.Join(names, ", "))
	if len(changed) > shown {
		s += ", …"
	}
	return s
}

// Summary is the line a build is logged with: what changed, what the build
// did, and how long it took.
func Summary(what string, res *build.Result, findings diag.List, took time.Duration) string {
	if findings.HasErrors() {
		n := findings.Count(diag.Error)
		return fmt.Sprintf("%s: build failed with %d %s in %s; the last good site stays in place", what, n, plural(n, "error", "errors"), round(took))
	}
	return fmt.Sprintf("%s: %d %s rendered, %d %s written in %s", what,
		res.Rendered, plural(res.Rendered, "page", "pages"), len(res.Changed), plural(len(res.Changed), "file", "files"), round(took))
}

// Problems turns a build's errors into what the browser's error overlay
// shows.
func Problems(l diag.List) []server.Problem {
	var out []server.Problem
	for _, d := range l {
		if d.Severity != diag.Error {
			continue
		}
		msg := d.Msg
		if d.Hint != "" {
			msg += " (" + d.Hint + ")"
		}
		out = append(out, server.Problem{File: d.File, Line: d.Line, Column: d.Col, Message: msg})
	}
	return out
}

// Notes turns the notes of a successful build (a draft's problems, shown
// with the draft) into what the browser shows in its panel of notes.
func Notes(l diag.List) []server.Problem {
	var out []server.Problem
	for _, d := range l {
		if d.Severity != diag.Info {
			continue
		}
		msg := d.Msg
		if d.Hint != "" {
			msg += " (" + d.Hint + ")"
		}
		out = append(out, server.Problem{File: d.File, Line: d.Line, Column: d.Col, Message: msg, Note: true})
	}
	return out
}

func round(d time.Duration) time.Duration {
	if d < 10*time.Millisecond {
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
