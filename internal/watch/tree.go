package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/fsnotify/fsnotify"

	"github.com/signpost-kb/signpost/internal/layout"
)

// This file keeps the watcher's picture of the watched paths (the
// directories it watches and the files it knows) in step with the disk,
// turning what it learns into events.
//
// fsnotify watches single directories, so every directory under a watched
// path gets its own watch. Each ancestor of a watched path (its "anchors",
// down from the root) is watched too, without its other children, so that
// a watched path that is removed and recreated, or that does not exist yet,
// is picked up when it appears. A watched file such as signpost.toml is
// seen through its parent directory's watch, never watched itself: editors
// that save by renaming a new file over the old one would otherwise leave
// the watch on the old, unlinked file.

// stamp is what polling compares to tell that a file changed.
type stamp struct {
	mod  int64 // modification time, Unix nanoseconds
	size int64
	perm fs.FileMode // a file made unreadable must be read again, to say so
}

func (w *Watcher) stampOf(info fs.FileInfo) stamp {
	if w.fsw != nil || info == nil {
		return stamp{} // notification reports writes; only polling compares stamps
	}
	return stamp{info.ModTime().UnixNano(), info.Size(), info.Mode().Perm()}
}

// abs returns the file name of the slash-separated relative path rel.
func (w *Watcher) abs(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

// rel returns the slash-separated path of the file name, relative to the
// root ("" for the root itself), and whether it lies inside the root.
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil {
		return "", false
	}
	r = filepath.ToSlash(r)
	switch {
	case r == ".":
		return "", true
	case r == ".." || strings.HasPrefix(r, "../"):
		return "", false
	}
	return r, true
}

// covered reports whether rel is a watched path or lies inside one.
func (w *Watcher) covered(rel string) bool {
	for _, r := range w.roots {
		if rel == r || strings.HasPrefix(rel, r+"/") {
			return true
		}
	}
	return false
}

// isAnchor reports whether rel is a directory that holds a watched path.
func (w *Watcher) isAnchor(rel string) bool {
	for _, r := range w.roots {
		if rel == "" || strings.HasPrefix(r, rel+"/") {
			return true
		}
	}
	return false
}

// ancestors returns the directories that lead to rel: "", then each
// parent down to rel's own.
func ancestors(rel string) []string {
	as := []string{""}
	for i, c := range rel {
		if c == '/' {
			as = append(as, rel[:i])
		}
	}
	return as
}

func (w *Watcher) emit(rel string, op Op) {
	w.pending = append(w.pending, Event{Path: rel, Op: op, Kind: w.layout.Classify(rel)})
}

func (w *Watcher) fail(err error) { w.errs = append(w.errs, err) }

func display(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

// watchDir starts watching the directory rel and reports whether it did.
func (w *Watcher) watchDir(rel string) bool {
	if w.fsw == nil {
		return true
	}
	err := w.fsw.Add(w.abs(rel))
	switch {
	case err == nil:
		return true
	case errors.Is(err, fs.ErrNotExist):
		// Gone already; its removal is reported by its parent.
	case errors.Is(err, syscall.ENOSPC):
		w.fail(fmt.Errorf("watch: %s: too many directories to watch: raise the fs.inotify.max_user_watches limit, or use polling", display(rel)))
	default:
		w.fail(fmt.Errorf("watch: %s: %w", display(rel), err))
	}
	return false
}

func (w *Watcher) unwatchDir(rel string) {
	if w.fsw != nil {
		_ = w.fsw.Remove(w.abs(rel)) // often gone with its directory already
	}
}

// scan brings the picture up to date with the disk: it watches the
// directories not yet watched, reports files it did not know as created and
// files it knew that are gone as removed, and, when polling, files whose
// size or modification time changed as written.
func (w *Watcher) scan() {
	seenDirs := make(map[string]bool)
	seenFiles := make(map[string]bool)
	for _, r := range w.roots {
		if w.watchAnchors(r) {
			w.walk(r, seenDirs, seenFiles)
		}
	}
	for rel := range w.files {
		if !seenFiles[rel] {
			delete(w.files, rel)
			w.emit(rel, Remove)
		}
	}
	for rel := range w.dirs {
		if !seenDirs[rel] {
			delete(w.dirs, rel)
			w.unwatchDir(rel)
		}
	}
}

// watchAnchors watches the ancestors of the watched path r and reports
// whether they all exist.
func (w *Watcher) watchAnchors(r string) bool {
	for _, a := range ancestors(r) {
		info, err := os.Stat(w.abs(a))
		if err != nil || !info.IsDir() {
			delete(w.anchors, a)
			return false
		}
		if !w.anchors[a] {
			if !w.watchDir(a) {
				return false
			}
			w.anchors[a] = true
		}
	}
	return true
}

// walk watches top, a watched path or a directory inside one, and every
// directory below it, and reports the files it did not know as created.
// It records what it finds in seenDirs and seenFiles when they are not nil.
func (w *Watcher) walk(top string, seenDirs, seenFiles map[string]bool) {
	// The trailing separator follows a watched path that is a symbolic
	// link to a directory; links below it are reported as files.
	start := w.abs(top) + string(filepath.Separator)
	if info, err := os.Stat(w.abs(top)); err == nil && !info.IsDir() {
		start = w.abs(top)
	}
	filepath.WalkDir(start, func(name string, d fs.DirEntry, err error) error {
		rel, ok := w.rel(name)
		if !ok {
			return nil
		}
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) { // not there (yet), or gone meanwhile
				w.fail(fmt.Errorf("watch: %s: %w", display(rel), err))
			}
			return nil
		}
		if layout.Skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if !w.dirs[rel] {
				if !w.watchDir(rel) {
					return filepath.SkipDir
				}
				w.dirs[rel] = true
			}
			if seenDirs != nil {
				seenDirs[rel] = true
			}
			return nil
		}
		var info fs.FileInfo
		if w.fsw == nil {
			if info, err = d.Info(); err != nil {
				return nil // gone meanwhile
			}
		}
		st := w.stampOf(info)
		if old, ok := w.files[rel]; !ok {
			w.emit(rel, Create)
		} else if old != st {
			w.emit(rel, Write)
		}
		w.files[rel] = st
		if seenFiles != nil {
			seenFiles[rel] = true
		}
		return nil
	})
}

// handle turns one fsnotify event into the watcher's events.
func (w *Watcher) handle(ev fsnotify.Event) {
	rel, ok := w.rel(ev.Name)
	if !ok || layout.Skip(rel) {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(rel)
	}
	if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) {
		w.chmodded(rel)
		return
	}
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) {
		return // removal
	}
	if !w.covered(rel) {
		if ev.Has(fsnotify.Create) && w.isAnchor(rel) {
			w.scan() // a directory on the way to a watched path appeared
		}
		return
	}
	if w.dirs[rel] {
		return // a directory's own Write (kqueue, Windows): its entries report for themselves
	}
	if ev.Has(fsnotify.Create) {
		info, err := os.Lstat(w.abs(rel))
		if err != nil {
			return // gone again; its removal follows
		}
		if info.IsDir() || (slices.Contains(w.roots, rel) && isDirLink(w.abs(rel))) {
			w.walk(rel, nil, nil)
			return
		}
		w.files[rel] = w.stampOf(info)
		w.emit(rel, Create)
		return
	}
	if _, ok := w.files[rel]; !ok {
		w.files[rel] = stamp{}
	}
	w.emit(rel, Write)
}

// chmodded handles a bare change of permissions of rel. Editors and git
// change permissions without changing files, so such a change is dropped,
// unless it makes a known file unreadable, or readable again after that:
// the build must then say that it cannot read the file, or read it again.
func (w *Watcher) chmodded(rel string) {
	if _, known := w.files[rel]; !known {
		return
	}
	readable := w.canRead(w.abs(rel))
	if readable != w.unreadable[rel] {
		return // as it was
	}
	if readable {
		delete(w.unreadable, rel)
	} else {
		w.unreadable[rel] = true
	}
	w.emit(rel, Write)
}

// canRead reports whether this process can open the file name for
// reading. Only a regular file is opened: opening a named pipe waits for
// a writer.
func canRead(name string) bool {
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() {
		return true // not a file to judge here: the walk or the build does
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

func isDirLink(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.IsDir()
}

// forget handles the removal of rel (a file, or a directory and everything
// in it), reporting the files it knew there as removed.
func (w *Watcher) forget(rel string) {
	delete(w.unreadable, rel)
	if _, ok := w.files[rel]; ok {
		delete(w.files, rel)
		w.emit(rel, Remove)
		return
	}
	anchor := w.isAnchor(rel)
	if !anchor && !w.dirs[rel] {
		return
	}
	under := func(p string) bool { return rel == "" || p == rel || strings.HasPrefix(p, rel+"/") }
	for f := range w.files {
		if under(f) {
			delete(w.files, f)
			w.emit(f, Remove)
		}
	}
	for d := range w.dirs {
		if under(d) {
			delete(w.dirs, d)
			w.unwatchDir(d) // a directory renamed away keeps its watches
		}
	}
	if anchor {
		for a := range w.anchors {
			if a != "" && under(a) {
				delete(w.anchors, a)
				w.unwatchDir(a)
			}
		}
	}
}

// settle checks merged events against the disk, which has the last word:
// a file that is gone is removed, one that is there is not, and
// directories are left out.
func (w *Watcher) settle(events []Event) []Event {
	out := events[:0]
	for _, e := range events {
		info, err := os.Lstat(w.abs(e.Path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			e.Op = Remove
			delete(w.files, e.Path)
		case err != nil:
			// unreadable: keep what the events say
		case info.IsDir():
			if e.Op != Remove {
				continue
			}
		case e.Op == Remove:
			e.Op = Write
			w.files[e.Path] = w.stampOf(info)
		}
		out = append(out, e)
	}
	return out
}
