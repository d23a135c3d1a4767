// Package watch reports changes to a site's source files as batches, one
// rebuild's worth at a time.
//
// It wraps fsnotify and makes up for what fsnotify leaves to its users:
// watching directories recursively (and the files already inside a directory
// that appears), surviving a watched folder or file being removed and
// recreated, hiding editors' temporary and backup files, turning the many
// ways editors save a file into a plain Write or Create of that file, and
// coalescing a burst of changes (a git checkout) into one [Batch]. A polling
// mode covers file systems without change notification, such as network
// mounts.
//
// It owns watching. Which part of the site a path is, and which files are
// never watched, are the layout package's to say: watch must not keep a
// rule of its own.
package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/signpost-kb/signpost/internal/layout"
)

// Default timings.
const (
	DefaultQuiet   = 15 * time.Millisecond
	DefaultMaxWait = 300 * time.Millisecond
)

// Options configure a Watcher.
type Options struct {
	// Root is the site's root directory.
	Root string

	// Paths are the files and directories to watch, slash-separated and
	// relative to Root, such as "content" or "signpost.toml". Each must lie
	// in a part of the site that Layout classifies. They need not exist
	// yet: a path that appears later, or is removed and recreated, is
	// picked up. Empty means Layout.Roots().
	Paths []string

	// Layout says where the site's parts are (its content folder and
	// theme, from signpost.toml), and so which paths to watch and the
	// kind of each event. The zero value means the default layout.
	Layout layout.Site

	// Quiet is how long no event must arrive to end a batch (default
	// DefaultQuiet). It trades rebuild latency against the chance of
	// catching a save half-way.
	Quiet time.Duration

	// MaxWait caps how long a batch stays open under a continuous stream
	// of events (default DefaultMaxWait).
	MaxWait time.Duration

	// Poll, if positive, makes the watcher scan the paths at this interval
	// instead of using the operating system's change notification: slower
	// and costlier, but it works on network mounts and in containers where
	// notification does not reach.
	Poll time.Duration
}

// A Batch is a set of changes to rebuild for, coalesced from a burst of file
// system events.
type Batch struct {
	// Events has one event per changed file, sorted by path. Directories
	// are never reported: a directory that appears is reported as Creates
	// of the files inside it, and one that goes away as Removes of the
	// files the watcher knew were inside it.
	Events []Event

	// Errors are the problems met while watching, such as a directory that
	// could not be watched. They are not fatal: watching goes on.
	Errors []error

	// Rescan reports that events may have been lost (the system's event
	// queue overflowed). The watcher has rescanned its paths, so creates
	// and removes are in Events, but writes may be missing: the receiver
	// should treat every file as changed.
	Rescan bool
}

// A Watcher watches a site's source paths. Create one with New, which starts
// watching at once, so that changes made while the caller does its first
// build are not lost, then call Run to receive batches.
type Watcher struct {
	root    string      // absolute
	layout  layout.Site // classifies the events
	roots   []string    // watched paths: slash-separated, relative to root, sorted
	quiet   time.Duration
	maxWait time.Duration
	poll    time.Duration

	fsw       *fsnotify.Watcher // nil when polling
	closeOnce sync.Once
	closeErr  error
	running   atomic.Bool

	// Owned by New, then by Run.
	anchors map[string]bool  // watched ancestors of roots ("" is root); notify mode
	dirs    map[string]bool  // watched directories under roots; notify mode
	files   map[string]stamp // known files under roots
	// unreadable holds the known files a change of permissions made
	// unreadable; canRead tells (tests replace it: root reads anything).
	unreadable map[string]bool
	canRead    func(name string) bool
	pending    []Event // events of the batch being gathered
	errs       []error // errors of the batch being gathered
	rescan     bool    // the batch being gathered follows an overflow
}

// New validates opt, reads the watched paths and starts watching them.
// Problems met while reading (an unreadable directory) are reported in the
// first batch Run delivers; New fails only when opt is invalid or change
// notification is unavailable.
func New(opt Options) (*Watcher, error) {
	if opt.Root == "" {
		return nil, errors.New("watch: no root directory given")
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("watch: root %s: not a directory", opt.Root)
	}
	site := opt.Layout
	if site == (layout.Site{}) {
		site = layout.New("", "")
	}
	roots, err := cleanRoots(opt.Paths, site)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root:    root,
		layout:  site,
		roots:   roots,
		quiet:   orDefault(opt.Quiet, DefaultQuiet),
		maxWait: orDefault(opt.MaxWait, DefaultMaxWait),
		poll:    opt.Poll,
		anchors: make(map[string]bool),
		dirs:    make(map[string]bool),
		files:   make(map[string]stamp),

		unreadable: make(map[string]bool),
		canRead:    canRead,
	}
	if w.poll <= 0 {
		w.fsw, err = fsnotify.NewWatcher()
		if err != nil {
			return nil, fmt.Errorf("watch: %w (use polling on this system)", err)
		}
	}
	w.scan()
	w.pending = nil // the files present at the start are not changes
	return w, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// cleanRoots validates and normalises the watched paths, dropping any that
// lie inside another.
func cleanRoots(paths []string, site layout.Site) ([]string, error) {
	if len(paths) == 0 {
		paths = site.Roots()
	}
	var roots []string
	for _, p := range paths {
		rel := path.Clean(filepath.ToSlash(p))
		if p == "" || rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) || filepath.IsAbs(p) {
			return nil, fmt.Errorf("watch: path %q: want a path inside the site root, such as \"content\"", p)
		}
		if site.Classify(rel) == layout.Ignored {
			return nil, fmt.Errorf("watch: path %q: not part of the site; want one of %s", p, strings.Join(site.Roots(), ", "))
		}
		roots = append(roots, rel)
	}
	slices.Sort(roots)
	roots = slices.Compact(roots)
	return slices.DeleteFunc(roots, func(r string) bool {
		return slices.ContainsFunc(roots, func(o string) bool { return strings.HasPrefix(r, o+"/") })
	}), nil
}

// Close stops watching. Run calls it on return; call it directly only to
// discard a Watcher whose Run was never called.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		if w.fsw != nil {
			w.closeErr = w.fsw.Close()
		}
	})
	return w.closeErr
}

// Run delivers batches of changes on out until ctx is done or the Watcher is
// closed, then closes the Watcher and returns nil. It never blocks the
// watching on a slow receiver: while a batch waits to be received, newer
// changes are merged into it. Run may be called only once.
func (w *Watcher) Run(ctx context.Context, out chan<- Batch) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("watch: Run called twice")
	}
	defer w.Close()

	var (
		events <-chan fsnotify.Event
		errs   <-chan error
		tick   <-chan time.Time
	)
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.poll)
		defer t.Stop()
		tick = t.C
	}

	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	maxWait := time.NewTimer(time.Hour)
	maxWait.Stop()
	defer quiet.Stop()
	defer maxWait.Stop()

	var (
		ready *Batch // gathered, waiting for the receiver
		open  bool   // a batch is being gathered; timers are running
	)
	flush := func() {
		quiet.Stop()
		maxWait.Stop()
		open = false
		b := w.take(ready)
		ready = nil
		if len(b.Events) > 0 || len(b.Errors) > 0 || b.Rescan {
			ready = &b
		}
	}
	if len(w.pending) > 0 || len(w.errs) > 0 { // from New
		quiet.Reset(w.quiet)
		maxWait.Reset(w.maxWait)
		open = true
	}
	for {
		n, e := len(w.pending), len(w.errs)
		var (
			send chan<- Batch
			b    Batch
		)
		if ready != nil {
			send, b = out, *ready
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			w.handle(ev)
		case err, ok := <-errs:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				err = fmt.Errorf("%w: changes were missed, so the site was rescanned", err)
				w.rescan = true
				w.scan()
			}
			w.errs = append(w.errs, fmt.Errorf("watch: %w", err))
		case <-tick:
			w.scan()
		case <-quiet.C:
			flush()
		case <-maxWait.C:
			flush()
		case send <- b:
			ready = nil
		}
		// Something new for the batch (a flush only ever shrinks it):
		// restart the quiet period, and open the batch if need be.
		if len(w.pending) > n || len(w.errs) > e || (w.rescan && !open) {
			quiet.Reset(w.quiet)
			if !open {
				maxWait.Reset(w.maxWait)
				open = true
			}
		}
	}
}

// take ends the batch being gathered, merging it into prev if prev was
// not yet received, and returns it.
func (w *Watcher) take(prev *Batch) Batch {
	events, errs, rescan := w.pending, w.errs, w.rescan
	if prev != nil {
		events = append(slices.Clip(prev.Events), events...)
		errs = append(slices.Clip(prev.Errors), errs...)
		rescan = rescan || prev.Rescan
	}
	w.pending, w.errs, w.rescan = nil, nil, false
	return Batch{Events: w.settle(Merge(events)), Errors: errs, Rescan: rescan}
}
