package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/signpost-kb/signpost/internal/jsonstring"
)

// MarkerFile is the file signpost writes at the root of every output
// folder it makes. It lists the files of the build with their hashes, so
// the next build writes only what changed, and it marks the folder as
// signpost's to replace: signpost never clears a folder without it.
const MarkerFile = ".signpost"

// manifest is the content of the marker file.
type manifest struct {
	Generator string            `json:"generator"`
	Files     map[string]string `json:"files"`           // path → hash of its bytes
	Sizes     map[string]int64  `json:"sizes,omitempty"` // path → size in bytes
}

func readManifest(dir string) (manifest, bool) {
	data, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if err != nil {
		return manifest{}, false
	}
	m, err := parseManifest(data)
	return m, err == nil
}

// parseManifest decodes a marker file. It accepts only what signpost
// writes: one JSON object, nothing after it, whose generator is signpost
// and which lists the files (an empty list is a list).
func parseManifest(data []byte) (manifest, error) {
	var m struct {
		Generator *string           `json:"generator"`
		Files     map[string]string `json:"files"`
		Sizes     map[string]int64  `json:"sizes"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return manifest{}, fmt.Errorf("it is not valid JSON (%v)", err)
	}
	switch {
	case m.Generator == nil:
		return manifest{}, errors.New("it does not say which program wrote it")
	case *m.Generator != "signpost":
		return manifest{}, fmt.Errorf("it says %q wrote it", *m.Generator)
	case m.Files == nil:
		return manifest{}, errors.New("it does not list the files of the build")
	}
	if m.Sizes == nil {
		m.Sizes = map[string]int64{}
	}
	return manifest{Generator: *m.Generator, Files: m.Files, Sizes: m.Sizes}, nil
}

// maxMarkerSize bounds the marker file a build reads: the marker of a
// 50,000-page site is about 10 MB.
const maxMarkerSize = 256 << 20

// checkOwned reports, for an output folder out that exists, whether a
// build may replace it: it must be empty, or hold a marker signpost wrote
// (a regular file, not a symbolic link, that parses as a whole) listing
// every file in it. Anything else could be someone's folder, with a marker
// made by hand or copied from elsewhere, and replacing it would delete
// their files; the error says what to do instead.
func checkOwned(out string) error {
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("cannot read the output folder: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	marker := filepath.Join(out, MarkerFile)
	refuse := func(why string) error {
		return fmt.Errorf("refusing to replace %s: %s; if the folder holds only a site signpost built, delete the folder and build again, otherwise choose another output folder", out, why)
	}
	info, err := os.Lstat(marker)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("refusing to replace %s: it is not empty and signpost did not make it (there is no %s file in it); choose another output folder or empty this one", out, MarkerFile)
	case err != nil:
		return fmt.Errorf("cannot read %s: %w", marker, err)
	case info.Mode()&fs.ModeSymlink != 0:
		return refuse(MarkerFile + " is a symbolic link, not the marker file signpost writes")
	case !info.Mode().IsRegular():
		return refuse(MarkerFile + " is not a regular file")
	case info.Size() > maxMarkerSize:
		return refuse(fmt.Sprintf("%s is %d MB, more than any marker signpost writes", MarkerFile, info.Size()>>20))
	}
	data, err := os.ReadFile(marker)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", marker, err)
	}
	m, err := parseManifest(data)
	if err != nil {
		return refuse(MarkerFile + " is not a marker signpost wrote: " + err.Error())
	}
	unlisted, err := unlistedFiles(out, m, 3)
	if err != nil {
		return fmt.Errorf("cannot read the output folder: %w", err)
	}
	if len(unlisted) > 0 {
		return fmt.Errorf("refusing to replace %s: it holds files signpost did not make (%s), which a build would delete; move them into the content folder, whose files every build publishes, or delete them, or choose another output folder", out, strings.Join(unlisted, ", "))
	}
	return nil
}

// unlistedFiles returns up to max files under out that the marker m does
// not list, with "…" after them if there are more. The marker and the
// temporary files of an interrupted update in place are signpost's.
func unlistedFiles(out string, m manifest, max int) ([]string, error) {
	var unlisted []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(out, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if _, ok := m.Files[name]; ok || name == MarkerFile || isUpdateTemp(d.Name()) {
			return nil
		}
		if len(unlisted) == max {
			unlisted = append(unlisted, "…")
			return filepath.SkipAll
		}
		unlisted = append(unlisted, name)
		return nil
	})
	return unlisted, err
}

// isUpdateTemp reports whether name is one replaceFile writes before it
// renames it into place.
func isUpdateTemp(name string) bool {
	return strings.HasPrefix(name, ".signpost-") && strings.HasSuffix(name, ".tmp")
}

// encode writes the manifest as JSON, keys sorted, as json.MarshalIndent
// with a one-space indent would, but without reflection: watch mode
// writes it after every rebuild, and a 10k site lists 13,000 files.
func (m manifest) encode() []byte {
	names := sortedKeys(m.Files)
	b := make([]byte, 0, 64+len(names)*96)
	b = append(b, "{\n \"generator\": "...)
	b = appendJSONString(b, m.Generator)
	b = append(b, ",\n \"files\": {"...)
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n  "...)
		b = appendJSONString(b, name)
		b = append(b, ": "...)
		b = appendJSONString(b, m.Files[name])
	}
	if len(names) > 0 {
		b = append(b, "\n "...)
	}
	b = append(b, '}')
	if len(m.Sizes) > 0 {
		b = append(b, ",\n \"sizes\": {"...)
		for i, name := range sortedKeys(m.Sizes) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n  "...)
			b = appendJSONString(b, name)
			b = append(b, ": "...)
			b = strconv.AppendInt(b, m.Sizes[name], 10)
		}
		b = append(b, "\n }"...)
	}
	return append(b, "\n}\n"...)
}

// appendJSONString appends s as json.Marshal writes a string.
func appendJSONString(b []byte, s string) []byte { return jsonstring.Append(b, s, true) }

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// CheckOutputDir refuses output folders that a build must never replace:
// the file system root, the home folder, the site itself or its content,
// and any non-empty folder that signpost did not make (checkOwned).
func CheckOutputDir(out, site, content string) error {
	if err := checkOutputPlace(out, site, content); err != nil {
		return err
	}
	if info, err := os.Stat(out); err != nil || !info.IsDir() {
		return nil // not there yet
	}
	return checkOwned(out)
}

// checkOutputPlace refuses output folders that no build may replace,
// whoever made them, and an output that is a file.
func checkOutputPlace(out, site, content string) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, p := range []*string{&site, &content} {
		if *p, err = filepath.Abs(*p); err != nil {
			return err
		}
	}
	home, _ := os.UserHomeDir()
	switch {
	case out == filepath.Dir(out):
		return fmt.Errorf("refusing to use %s as the output folder: it is the root of the file system", out)
	case home != "" && out == filepath.Clean(home):
		return fmt.Errorf("refusing to use %s as the output folder: it is your home folder", out)
	case out == site:
		return fmt.Errorf("refusing to use %s as the output folder: it is the site itself; use a folder inside it, such as public", out)
	case within(site, out):
		return fmt.Errorf("refusing to use %s as the output folder: it contains the site", out)
	case out == content || within(out, content) || within(content, out):
		return fmt.Errorf("refusing to use %s as the output folder: it overlaps the content folder", out)
	}
	info, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("the output %s is a file, not a folder", out)
	}
	return nil
}

// within reports whether path p is inside folder dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

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

	mu    sync.Mutex
	files map[string]string
	sizes map[string]int64
	bytes int64
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
	return &staged{out: out, dir: dir, prev: prev, files: map[string]string{}, sizes: map[string]int64{}}, nil
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
// to the output folder, and checkName keeps it inside: no "..", no
// absolute paths. The staging folder is new and only this build writes in
// it, and files are created with O_EXCL, so no link planted in it can
// redirect a write. (os.Root would check each path again, at the cost of
// one openat per path element per file: most of a build's system calls.)
func (s *staged) Write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	h := hashOf(data)
	s.mu.Lock()
	if _, dup := s.files[name]; dup {
		s.mu.Unlock()
		return fmt.Errorf("two outputs of the build are both %s", name)
	}
	s.files[name] = h
	s.sizes[name] = int64(len(data))
	s.bytes += int64(len(data))
	s.mu.Unlock()

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
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name], s.sizes[name] = h, size
	s.bytes += size
	return true
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

// checkName refuses output names that are not plain relative paths.
func checkName(name string) error {
	if name == "" || name == "." || !fs.ValidPath(name) || strings.ContainsAny(name, "\\\x00") || name == MarkerFile {
		return fmt.Errorf("invalid output path %q", name)
	}
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
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files), s.wrote, s.bytes
}

func (s *staged) forget([]string) {}

func (s *staged) isListed() bool { return true }

func (s *staged) manifest() manifest {
	return manifest{Generator: "signpost", Files: s.files, Sizes: s.sizes}
}

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

// discard is the output of a dry run: it keeps nothing but names and
// counts, and refuses what the real output refuses.
type discard struct {
	mu    sync.Mutex
	names map[string]bool
	files int
	bytes int64
}

func (d *discard) Write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names[name] {
		return fmt.Errorf("two outputs of the build are both %s", name)
	}
	d.names[name] = true
	d.files++
	d.bytes += int64(len(data))
	return nil
}

// Keep implements writer: a file whose key has not changed rendered
// without problems before, so there is nothing to check.
func (d *discard) Keep(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.names[name] = true
	d.files++
	return true
}

func (d *discard) forget([]string) {}

func (d *discard) stats() (files, written int, size int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files, 0, d.bytes
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
