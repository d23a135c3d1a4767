package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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
// never sees half a file, removes the files the site no longer has, and
// rewrites the marker file last.
type inPlace struct {
	out  string
	prev manifest

	mu      sync.Mutex
	files   map[string]string
	sizes   map[string]int64
	pending map[string][]byte
	bytes   int64
	removed []string
}

func newInPlace(out string) (*inPlace, error) {
	prev, ok := readManifest(out)
	if !ok {
		return nil, fmt.Errorf("%s has no readable %s file; build it from scratch", out, MarkerFile)
	}
	return &inPlace{out: out, prev: prev, files: map[string]string{}, sizes: map[string]int64{}, pending: map[string][]byte{}}, nil
}

// Write implements writer.
func (w *inPlace) Write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	h := hashOf(data)
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, dup := w.files[name]; dup {
		return fmt.Errorf("two outputs of the build are both %s", name)
	}
	w.files[name], w.sizes[name] = h, int64(len(data))
	w.bytes += int64(len(data))
	if w.prev.Files[name] != h {
		w.pending[name] = bytes.Clone(data)
	}
	return nil
}

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
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[name], w.sizes[name] = h, size
	w.bytes += size
	return true
}

// Commit writes the changed files, removes the stale ones and rewrites
// the marker.
func (w *inPlace) Commit() error {
	names := make([]string, 0, len(w.pending))
	for name := range w.pending {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := replaceFile(w.out, name, w.pending[name]); err != nil {
			return err
		}
	}
	for name := range w.prev.Files {
		if _, ok := w.files[name]; !ok {
			w.removed = append(w.removed, name)
		}
	}
	sort.Strings(w.removed)
	for _, name := range w.removed {
		if err := os.Remove(filepath.Join(w.out, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(w.out, path.Dir(name))
	}
	m := manifest{Generator: "signpost", Files: w.files, Sizes: w.sizes}
	return replaceFile(w.out, MarkerFile, m.encode())
}

// Abort implements output: nothing has been written.
func (w *inPlace) Abort() {}

func (w *inPlace) stats() (files, written int, size int64) {
	return len(w.files), len(w.pending), w.bytes
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
