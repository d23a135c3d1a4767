package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// inPlace updates an output folder file by file, for rebuilds in watch
// mode: a staging folder and a swap per keystroke would rewrite or link
// every file of the site, and leave a moment with no site to serve.
//
// Files whose bytes changed are held in memory until Commit, so that a
// build that fails leaves the folder exactly as it was. Commit writes each
// to a temporary file beside it and renames it into place, so a reader
// never sees half a file, and removes the files the site no longer has.
//
// The marker file lists the files of the folder, but is rewritten only
// when files come or go, not when their bytes change, which would rewrite
// 13,000 names for a 10k site on every keystroke: the Cache holds the
// current hashes, and Cache.WriteMarker writes them when the session ends.
// A build that finds a hash out of date writes that file rather than
// linking it, so a session that is killed costs the next build time,
// never correctness.
type inPlace struct {
	out    string
	prev   manifest
	listed bool // the marker on disk lists the files with their hashes
	// relist writes the marker at the end of Commit if its hashes are
	// out of date: for a build that keeps a record (rebuild.go), whose
	// next build trusts them.
	relist bool
	// spillAt, when not 0, bounds the bytes of changed files held in
	// memory: the rest are written to temporary files in a folder of
	// their own beside the output folder (spillDir, a staging folder by
	// name, which the next full build clears if this one is killed) and
	// renamed into place by Commit. A theme change rewrites every file.
	spillAt  int64
	held     int64
	spillDir string
	spilled  map[string]string // name → its temporary file

	ledger
	mu      sync.Mutex
	pending map[string][]byte
	removed []string
	// done lists the pending files Commit has put in place, in order.
	done []string
}

// newInPlace returns an in-place writer for the folder out, which holds
// the files prev lists.
func newInPlace(out string, prev manifest, listed bool) (*inPlace, error) {
	if prev.Files == nil || prev.Sizes == nil {
		return nil, fmt.Errorf("the files in %s are not known; build it from scratch", out)
	}
	return &inPlace{out: out, prev: prev, listed: listed, ledger: newLedger(), pending: map[string][]byte{}}, nil
}

// Write implements writer.
func (w *inPlace) Write(name string, data []byte) error {
	h := hashOf(data)
	if err := w.ledger.write(name, h, int64(len(data))); err != nil {
		return err
	}
	if w.prev.Files[name] == h {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.spillAt == 0 || w.held+int64(len(data)) <= w.spillAt {
		w.held += int64(len(data))
		w.pending[name] = bytes.Clone(data)
		return nil
	}
	if w.spillDir == "" {
		dir, err := os.MkdirTemp(filepath.Dir(w.out), stagingPrefix(w.out))
		if err != nil {
			return fmt.Errorf("cannot create a folder for the changed files: %w", err)
		}
		w.spillDir, w.spilled = dir, map[string]string{}
	}
	w.pending[name] = nil
	w.mu.Unlock()
	tmp, err := spill(w.spillDir, data)
	w.mu.Lock()
	if err != nil {
		return err
	}
	w.spilled[name] = tmp
	return nil
}

// spill writes data to a new file in dir and returns its name.
func spill(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "f-")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err1 := f.Chmod(0o644); err == nil {
		err = err1
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return f.Name(), err
}

// put puts the changed file name in place.
func (w *inPlace) put(name string) error {
	tmp, ok := w.spilled[name]
	if !ok {
		return replaceFile(w.out, name, w.pending[name])
	}
	dst := filepath.Join(w.out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// keepAll keeps every file of the previous build unless this build writes
// it again: for a build that knows nothing else has changed.
func (w *inPlace) keepAll() { w.ledger.inheritAll(w.prev) }

// Keep implements writer.
func (w *inPlace) Keep(name string) bool {
	h, ok := w.prev.Files[name]
	if !ok {
		return false
	}
	size, ok := w.prev.Sizes[name]
	if !ok {
		return false
	}
	return w.ledger.keep(name, h, size)
}

// Commit writes the changed files and removes the stale ones. The marker
// always lists the names of the files in the folder, so that the folder
// stays one signpost may replace (checkOwned) even if the session is
// killed: when names come or go it is written before the new files and
// after the old ones are removed. It is not written when only bytes
// change, so its hashes of the files changed since may be out of date;
// that costs the next build a file written rather than linked, never a
// wrong one, since a build links only a file whose bytes it has checked.
func (w *inPlace) Commit() error { return w.commit(context.Background()) }

// commit is Commit, stopping between two files once ctx is done, with
// ctx.Err(): the files written by then are in place (w.done), the others
// as they were, none removed, and the marker lists them all (partial
// tells what the folder holds then).
func (w *inPlace) commit(ctx context.Context) error {
	namesChanged := len(w.files) != len(w.prev.Files)
	for name := range w.files {
		if _, ok := w.prev.Files[name]; !ok {
			namesChanged = true
			break
		}
	}
	if namesChanged {
		all := manifest{Generator: "signpost", Files: maps.Clone(w.files), Sizes: maps.Clone(w.sizes)}
		for name, h := range w.prev.Files {
			if _, ok := all.Files[name]; !ok {
				all.Files[name], all.Sizes[name] = h, w.prev.Sizes[name]
			}
		}
		if err := replaceFile(w.out, MarkerFile, all.encode()); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(w.pending))
	for name := range w.pending {
		names = append(names, name)
	}
	sort.Strings(names)
	for name := range w.prev.Files {
		if _, ok := w.files[name]; !ok {
			w.removed = append(w.removed, name)
		}
	}
	sort.Strings(w.removed)
	if w.relist && w.blocked() {
		// A new file where an old one's folder was, or in a folder
		// where an old file was: remove the old ones first.
		if err := w.remove(); err != nil {
			return err
		}
	}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.put(name); err != nil {
			return err
		}
		w.done = append(w.done, name)
	}
	if err := w.remove(); err != nil {
		return err
	}
	if len(w.removed) > 0 {
		if err := replaceFile(w.out, MarkerFile, w.manifest().encode()); err != nil {
			return err
		}
	}
	// The marker's hashes are those of the files now if it was written
	// just now, or was right and no file changed.
	w.listed = namesChanged || (w.listed && len(w.pending) == 0)
	w.clearSpill()
	if w.relist && !w.listed {
		if err := replaceFile(w.out, MarkerFile, w.manifest().encode()); err != nil {
			return err
		}
		w.listed = true
	}
	return nil
}

// remove removes the files the site no longer has (w.removed), and the
// folders they leave empty.
func (w *inPlace) remove() error {
	for _, name := range w.removed {
		if err := os.Remove(filepath.Join(w.out, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(w.out, path.Dir(name))
	}
	return nil
}

// blocked reports whether a file to be written has a folder in its path
// that is a file to be removed, or is itself a folder of one.
func (w *inPlace) blocked() bool {
	prefixed := func(names []string, of func(string) bool) bool {
		for _, name := range names {
			for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
				if of(dir) {
					return true
				}
			}
		}
		return false
	}
	gone := make(map[string]bool, len(w.removed))
	for _, name := range w.removed {
		gone[name] = true
	}
	names := make([]string, 0, len(w.pending))
	for name := range w.pending {
		names = append(names, name)
	}
	return prefixed(names, func(d string) bool { return gone[d] }) ||
		prefixed(w.removed, func(d string) bool { _, ok := w.pending[d]; return ok })
}

// partial returns the files the folder holds after a commit that stopped
// early: the previous build's, but for those written (w.done).
func (w *inPlace) partial() manifest {
	m := manifest{Generator: "signpost", Files: maps.Clone(w.prev.Files), Sizes: maps.Clone(w.prev.Sizes)}
	for _, name := range w.done {
		m.Files[name], m.Sizes[name] = w.files[name], w.sizes[name]
	}
	return m
}

// isListed implements output.
func (w *inPlace) isListed() bool { return w.listed }

// Abort implements output: nothing has been written.
func (w *inPlace) Abort() { w.clearSpill() }

// clearSpill removes the folder of the changed files not held in memory.
func (w *inPlace) clearSpill() {
	if w.spillDir != "" {
		os.RemoveAll(w.spillDir)
		w.spillDir, w.spilled = "", nil
	}
}

func (w *inPlace) stats() (files, written int, size int64) {
	files, size = w.ledger.count()
	return files, len(w.pending), size
}

func (w *inPlace) changed() []string {
	out := make([]string, 0, len(w.pending)+len(w.removed))
	for name := range w.pending {
		out = append(out, name)
	}
	out = append(out, w.removed...)
	sort.Strings(out)
	return out
}

// replaceFile writes data to a temporary file in the folder of name under
// dir, and renames it to name.
func replaceFile(dir, name string, data []byte) error {
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(dst), ".signpost-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Chmod(0o644); err == nil {
		err = err1
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err == nil {
		err = os.Rename(f.Name(), dst)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// removeEmptyParents removes the folder dir under out, and its parents,
// while they are empty.
func removeEmptyParents(out, dir string) {
	for dir != "." && dir != "/" && !strings.HasPrefix(dir, "..") {
		if os.Remove(filepath.Join(out, filepath.FromSlash(dir))) != nil {
			return // not empty, or already gone
		}
		dir = path.Dir(dir)
	}
}
