package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// waitLimit bounds every wait in these tests; none should come near it.
const waitLimit = 5 * time.Second

// harness runs a Watcher on a temporary site and records what it reports.
type harness struct {
	t      *testing.T
	root   string
	out    chan Batch
	cancel context.CancelFunc
	done   chan error

	w *Watcher // with newManual, Run is not called: see gather

	batches []Batch
	present map[string]bool // files present, as the batches tell it
	seen    map[string][]Op // every op reported per path, in order
}

// newHarness creates the files (path → content) under a new root, then
// starts a watcher with opt (Root filled in).
func newHarness(t *testing.T, opt Options, files map[string]string) *harness {
	t.Helper()
	h, w := newWatcher(t, opt, files)
	h.w = w
	ctx, cancel := context.WithCancel(context.Background())
	h.out, h.cancel, h.done = make(chan Batch), cancel, make(chan error, 1)
	go func() { h.done <- w.Run(ctx, h.out) }()
	t.Cleanup(h.stop)
	return h
}

// newManual is like newHarness but does not run the watcher: batches are
// gathered by calling gather, with no timers involved.
func newManual(t *testing.T, files map[string]string) *harness {
	t.Helper()
	h, w := newWatcher(t, Options{}, files)
	h.w = w
	t.Cleanup(func() { w.Close() })
	return h
}

func newWatcher(t *testing.T, opt Options, files map[string]string) (*harness, *Watcher) {
	t.Helper()
	h := &harness{t: t, root: t.TempDir(), present: map[string]bool{}, seen: map[string][]Op{}}
	for name, data := range files {
		h.write(name, data)
	}
	opt.Root = h.root
	w, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return h, w
}

// gather ends the batch of a manual harness's watcher where a run would:
// it writes a sentinel file, handles every notification up to the
// sentinel's, then takes the batch, records it and returns it.
func (h *harness) gather() Batch {
	h.t.Helper()
	sentinel := fmt.Sprintf("content/sentinel-%d.md", len(h.batches))
	h.write(sentinel, "x")
	timeout := time.After(waitLimit)
	for !slices.ContainsFunc(h.w.pending, func(e Event) bool { return e.Path == sentinel }) {
		select {
		case ev := <-h.w.fsw.Events:
			h.w.handle(ev)
		case err := <-h.w.fsw.Errors:
			h.t.Fatal(err)
		case <-timeout:
			h.t.Fatalf("no event for %s within %v", sentinel, waitLimit)
		}
	}
	b := h.w.take(nil)
	h.record(b)
	return b
}

// stop cancels the watcher and waits for Run to return.
func (h *harness) stop() {
	h.t.Helper()
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run: %v", err)
		}
	case <-time.After(waitLimit):
		h.t.Errorf("Run did not return within %v of cancel", waitLimit)
	}
}

func (h *harness) abs(rel string) string { return filepath.Join(h.root, filepath.FromSlash(rel)) }

func (h *harness) write(rel, data string) {
	h.t.Helper()
	name := h.abs(rel)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) mkdir(rel string) {
	h.t.Helper()
	if err := os.MkdirAll(h.abs(rel), 0o755); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) rename(from, to string) {
	h.t.Helper()
	if err := os.Rename(h.abs(from), h.abs(to)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) remove(rel string) {
	h.t.Helper()
	if err := os.RemoveAll(h.abs(rel)); err != nil {
		h.t.Fatal(err)
	}
}

// next receives one batch and records it, failing the test if none comes.
func (h *harness) next(deadline time.Time) bool {
	h.t.Helper()
	select {
	case b := <-h.out:
		h.record(b)
		return true
	case <-time.After(time.Until(deadline)):
		return false
	}
}

func (h *harness) record(b Batch) {
	h.t.Helper()
	h.batches = append(h.batches, b)
	for _, err := range b.Errors {
		h.t.Logf("batch error: %v", err)
	}
	for _, e := range b.Events {
		h.seen[e.Path] = append(h.seen[e.Path], e.Op)
		h.present[e.Path] = e.Op != Remove
		if k := h.w.layout.Classify(e.Path); k != e.Kind {
			h.t.Errorf("%v: kind %v, the layout says %v", e, e.Kind, k)
		}
	}
}

// waitUntil receives batches until cond holds, failing the test if it
// does not within waitLimit.
func (h *harness) waitUntil(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if !h.next(deadline) {
			h.t.Fatalf("gave up after %v waiting for %s; batches:\n%s", waitLimit, what, h.dump())
		}
	}
}

// waitPresent waits until the batches report each path present (true) or
// absent (false).
func (h *harness) waitPresent(want map[string]bool) {
	h.t.Helper()
	h.waitUntil(fmt.Sprint(want), func() bool {
		for p, ok := range want {
			if h.present[p] != ok || len(h.seen[p]) == 0 {
				return false
			}
		}
		return true
	})
}

// sync writes a sentinel file and waits until it is reported, so that the
// events of every change made before it have been received.
func (h *harness) sync() {
	h.t.Helper()
	name := fmt.Sprintf("content/sentinel-%d.md", len(h.batches))
	h.write(name, "x")
	h.waitPresent(map[string]bool{name: true})
}

func (h *harness) dump() string {
	var b strings.Builder
	for i, batch := range h.batches {
		fmt.Fprintf(&b, "  %d: %v errors=%v rescan=%v\n", i, batch.Events, batch.Errors, batch.Rescan)
	}
	return b.String()
}

// noEventsFor fails the test if any reported path satisfies bad.
func (h *harness) noEventsFor(bad func(path string) bool) {
	h.t.Helper()
	for p, ops := range h.seen {
		if bad(p) {
			h.t.Errorf("unexpected events for %s: %v", p, ops)
		}
	}
}

// waitNoLeaks waits until no goroutine of this package or of fsnotify is
// left, failing the test if one stays.
func waitNoLeaks(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		var leaked []string
		for g := range strings.SplitSeq(stacks, "\n\n") {
			if strings.Contains(g, "fsnotify") || strings.Contains(g, "internal/watch.(*Watcher)") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutines left behind:\n%s", strings.Join(leaked, "\n\n"))
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}
