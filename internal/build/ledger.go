package build

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

// ledger is the account of the files a build gives its output, the one
// every writer keeps (staged, inPlace, discard): it checks each name
// (checkName), refuses a second file of one name, and adds up files and
// bytes. Collisions between what pages, aliases, copied files and
// generated files ask for are found before anything is written (the plan,
// collide.go); the ledger is the last guard, at the writer, against a name
// that escapes the output folder or a file written twice.
type ledger struct {
	mu sync.Mutex
	// files and sizes hold each file's hash and size, by name: what the
	// marker lists once the output is committed.
	files map[string]string
	sizes map[string]int64
	// inherited holds the files taken over from the previous build by
	// inheritAll that this build has neither written nor kept: a write
	// replaces one, and forget drops it.
	inherited map[string]bool
	bytes     int64
}

func newLedger() ledger {
	return ledger{files: map[string]string{}, sizes: map[string]int64{}, inherited: map[string]bool{}}
}

// checkName refuses output names that are not plain relative paths, and
// the marker's.
func checkName(name string) error {
	if name == "" || name == "." || !fs.ValidPath(name) || strings.ContainsAny(name, "\\\x00") || name == MarkerFile {
		return fmt.Errorf("invalid output path %q", name)
	}
	return nil
}

// write records the file name, with the hash and size of its bytes, as one
// the build writes. It fails for a name checkName refuses, and for one the
// build has written or kept already.
func (l *ledger) write(name, hash string, size int64) error {
	if err := checkName(name); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.files[name]; ok {
		if !l.inherited[name] {
			return fmt.Errorf("two outputs of the build are both %s", name)
		}
		delete(l.inherited, name)
		l.bytes -= l.sizes[name]
	}
	l.files[name], l.sizes[name] = hash, size
	l.bytes += size
	return nil
}

// keep records the file name as kept from the previous build, as it is. It
// reports false for a name checkName refuses or one already recorded.
func (l *ledger) keep(name, hash string, size int64) bool {
	if checkName(name) != nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.files[name]; ok && !l.inherited[name] {
		return false
	}
	if l.inherited[name] {
		delete(l.inherited, name)
		l.bytes -= l.sizes[name]
	}
	l.files[name], l.sizes[name] = hash, size
	l.bytes += size
	return true
}

// inheritAll takes over every file of the previous build, m, unless this
// build writes it again: for a build that knows nothing else changed.
func (l *ledger) inheritAll(m manifest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for name, h := range m.Files {
		if _, ok := l.files[name]; ok {
			continue
		}
		l.files[name], l.sizes[name] = h, m.Sizes[name]
		l.inherited[name] = true
		l.bytes += m.Sizes[name]
	}
}

// forget drops the inherited files names, so that an output that took
// over the previous build's files removes them unless they are written
// again.
func (l *ledger) forget(names []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, name := range names {
		if l.inherited[name] {
			delete(l.inherited, name)
			l.bytes -= l.sizes[name]
			delete(l.files, name)
			delete(l.sizes, name)
		}
	}
}

// count returns the number of files and their total size.
func (l *ledger) count() (files int, size int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.files), l.bytes
}

// manifest is the marker's list of the files.
func (l *ledger) manifest() manifest {
	return manifest{Generator: "signpost", Files: l.files, Sizes: l.sizes}
}
