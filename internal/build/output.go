package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// writer receives the files of a build.
type writer interface {
	// Write stores the file name. It does not keep data.
	Write(name string, data []byte) error
	// Keep keeps the file name of the previous build as it is, and
	// reports whether there is one to keep. A build calls it for a file
	// whose key says it would come out the same.
	Keep(name string) bool
	// forget undoes keepAll for the files names, so that those the build
	// does not write again are removed.
	forget(names []string)
}

// output is where a build writes: a writer that is committed or aborted.
type output interface {
	writer
	// Commit puts the build in place of the previous one.
	Commit() error
	// Abort leaves the previous build as it was.
	Abort()
	// stats returns the number of files of the build, the number written
	// because their bytes changed, and their total size.
	stats() (files, written int, size int64)
	// changed lists the files written or removed, sorted.
	changed() []string
	// manifest is the marker's list of the files, once committed.
	manifest() manifest
	// isListed reports whether, once committed, the marker on disk holds
	// manifest(), hashes included.
	isListed() bool
}

// staged writes a build into a staging folder next to the output folder
// and swaps it into place only when the whole build has succeeded, so a
// failed or interrupted build leaves the previous site as it was. A file
// whose bytes are the same as in the previous build is hard-linked from it
// rather than written again.
type staged struct {
	out, dir string
	prev     manifest
	dirs     sync.Map // folders made in dir, by slash-separated name

	ledger
	mu    sync.Mutex
	wrote int
}

// newStaged makes a new staging folder for the output folder out, after
// clearing what killed builds left beside it. The caller holds out's lock
// (LockOutput): every staging folder is made under the lock, so any other
// one found there belongs to a build that has ended.
func newStaged(out string) (*staged, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder's parent: %w", err)
	}
	if err := clearLeftovers(out); err != nil {
		return nil, err
	}
	// A name of its own, so that nothing else takes it or clears it.
	dir, err := os.MkdirTemp(parent, stagingPrefix(out))
	if err != nil {
		return nil, fmt.Errorf("cannot create the staging folder: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.Remove(dir)
		return nil, fmt.Errorf("cannot create the staging folder: %w", err)
	}
	prev, _ := readManifest(out)
	return &staged{out: out, dir: dir, prev: prev, ledger: newLedger()}, nil
}

// stagingPrefix and oldPrefix begin the names of the folders a build
// makes beside the output folder out: its staging folder, and the previous
// site moved aside where folders cannot be swapped in one step.
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".signpost-staging-" }
func oldPrefix(out string) string     { return "." + filepath.Base(out) + ".signpost-old-" }

// clearLeftovers removes the staging folders and moved-aside sites that
// ended builds left beside the output folder out (a build killed before
// it could clear them), including those of signpost versions before
// staging folders had names of their own.
func clearLeftovers(out string) error {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return fmt.Errorf("cannot read the output folder's parent: %w", err)
	}
	staging, old := stagingPrefix(out), oldPrefix(out)
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, staging) && !strings.HasPrefix(name, old) &&
			name != strings.TrimSuffix(staging, "-") && name != strings.TrimSuffix(old, "-") {
			continue
		}
		if err := os.RemoveAll(filepath.Join(filepath.Dir(out), name)); err != nil {
			return fmt.Errorf("cannot clear what an earlier build left: %w", err)
		}
	}
	return nil
}

// Write stores a file of the build. name is slash-separated and relative
// to the output folder, and the ledger's checkName keeps it inside: no
// "..", no absolute paths. The staging folder is new and only this build
// writes in it, and files are created with O_EXCL, so no link planted in
// it can redirect a write. (os.Root would check each path again, at the
// cost of one openat per path element per file: most of a build's system
// calls.)
func (s *staged) Write(name string, data []byte) error {
	h := hashOf(data)
	if err := s.ledger.write(name, h, int64(len(data))); err != nil {
		return err
	}

	if err := s.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	dst := filepath.Join(s.dir, filepath.FromSlash(name))
	if s.prev.Files[name] == h && s.reuse(name, int64(len(data)), func(r io.Reader, buf []byte) bool { return sameBytes(r, buf, data) }) {
		return nil
	}
	s.mu.Lock()
	s.wrote++
	s.mu.Unlock()
	return writeNew(dst, data)
}

// Keep implements writer: it links the previous build's file.
func (s *staged) Keep(name string) bool {
	h, ok := s.prev.Files[name]
	if !ok || checkName(name) != nil {
		return false
	}
	size, ok := s.prev.Sizes[name]
	if !ok {
		return false
	}
	if s.mkdirs(path.Dir(name)) != nil {
		return false
	}
	if !s.reuse(name, size, func(r io.Reader, buf []byte) bool { return sameHash(r, buf, h) }) {
		return false
	}
	return s.ledger.keep(name, h, size)
}

// errNotReusable says that a file of the previous build is not one a
// build can link: not a regular file, linked elsewhere too, or of another
// size than the marker says.
var errNotReusable = errors.New("not a file signpost made")

// copyBuffers holds the buffers files of the previous build are read
// through.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// reuse hard-links the previous build's file name into the staging folder
// if it is still what a build made: a regular file, not a symbolic link,
// with no other name, of size bytes, whose bytes same accepts. Whatever
// happened to the output folder since (a file edited, appended to,
// replaced by a link), what is reused is what the build would write; the
// caller writes anything else afresh.
func (s *staged) reuse(name string, size int64, same func(r io.Reader, buf []byte) bool) bool {
	old := filepath.Join(s.out, filepath.FromSlash(name))
	f, id, err := openVerified(old, size)
	if err != nil {
		return false
	}
	buf := copyBuffers.Get().(*[]byte)
	ok := same(f, *buf)
	copyBuffers.Put(buf)
	f.Close()
	if !ok {
		return false
	}
	dst := filepath.Join(s.dir, filepath.FromSlash(name))
	if os.Link(old, dst) != nil {
		return false
	}
	// The name may have been given to another file since it was read.
	if now, err := lstatID(dst); err != nil || !now.same(id) {
		os.Remove(dst)
		return false
	}
	return true
}

// sameBytes reports whether r holds exactly data, reading it through buf.
func sameBytes(r io.Reader, buf []byte, data []byte) bool {
	for {
		n, err := r.Read(buf)
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err == io.EOF {
			return len(data) == 0
		}
		if err != nil {
			return false
		}
	}
}

// sameHash reports whether the bytes of r have the hash want (hashOf),
// reading them through buf.
func sameHash(r io.Reader, buf []byte, want string) bool {
	h := sha256.New()
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{r}, buf); err != nil {
		return false
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16]) == want
}

// mkdirs makes the folder dir (slash-separated, relative to the staging
// folder) and its parents, each once per build.
func (s *staged) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	if err := s.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(s.dir, filepath.FromSlash(dir)), 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// Commit writes the marker file and swaps the staging folder into place.
func (s *staged) Commit() error {
	if err := writeNew(filepath.Join(s.dir, MarkerFile), s.manifest().encode()); err != nil {
		return err
	}
	// A name of its own, beside the staging folder's: "-" and the same
	// random part.
	old := filepath.Join(filepath.Dir(s.out), oldPrefix(s.out)+strings.TrimPrefix(filepath.Base(s.dir), stagingPrefix(s.out)))
	// Where the system can, swap the two folders in one step, so that no
	// moment exists, even for a build killed at the worst time, without a
	// complete site in the output folder.
	if err := exchange(s.dir, s.out); err == nil {
		// s.dir now holds the previous site. A failure to remove it
		// leaves a hidden folder that the next build clears.
		_ = os.RemoveAll(s.dir)
		return nil
	}
	hadOld := false
	if _, err := os.Stat(s.out); err == nil {
		if err := os.Rename(s.out, old); err != nil {
			return fmt.Errorf("cannot move the previous site aside: %w", err)
		}
		hadOld = true
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		if hadOld {
			_ = os.Rename(old, s.out)
		}
		return fmt.Errorf("cannot move the new site into place: %w", err)
	}
	if hadOld {
		// The new site is in place; the next build clears what is left.
		_ = os.RemoveAll(old)
	}
	return nil
}

// Abort throws the staging folder away, leaving the previous site alone.
func (s *staged) Abort() {
	_ = os.RemoveAll(s.dir)
}

func (s *staged) stats() (files, written int, size int64) {
	files, size = s.ledger.count()
	s.mu.Lock()
	defer s.mu.Unlock()
	return files, s.wrote, size
}

func (s *staged) isListed() bool { return true }

func (s *staged) changed() []string {
	return changedFiles(s.prev.Files, s.files)
}

// changedFiles lists the files whose hashes differ between two manifests,
// and those only one of them has, sorted.
func changedFiles(prev, next map[string]string) []string {
	var out []string
	for name, h := range next {
		if prev[name] != h {
			out = append(out, name)
		}
	}
	for name := range prev {
		if _, ok := next[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// discard is the output of a dry run: it keeps nothing but the ledger, and
// refuses what the real output refuses.
type discard struct{ ledger }

func newDiscard() *discard { return &discard{newLedger()} }

// Write implements writer.
func (d *discard) Write(name string, data []byte) error {
	return d.ledger.write(name, "", int64(len(data)))
}

// Keep implements writer: a file whose key has not changed rendered
// without problems before, so there is nothing to check but its name.
func (d *discard) Keep(name string) bool { return d.ledger.keep(name, "", 0) }

func (d *discard) stats() (files, written int, size int64) {
	files, size = d.ledger.count()
	return files, 0, size
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
