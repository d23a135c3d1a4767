package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
	return parseManifest(data)
}

func parseManifest(data []byte) (manifest, bool) {
	var m manifest
	if json.Unmarshal(data, &m) != nil || m.Generator != "signpost" {
		return manifest{}, false
	}
	if m.Files == nil {
		m.Files = map[string]string{}
	}
	if m.Sizes == nil {
		m.Sizes = map[string]int64{}
	}
	return m, true
}

// isMarker reports whether the file name is a marker signpost wrote,
// reading no more of it than it must: its generator comes first.
func isMarker(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	for _, want := range []any{json.Delim('{'), "generator", "signpost"} {
		if tok, err := dec.Token(); err != nil || tok != want {
			return false
		}
	}
	return true
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
// and any non-empty folder that signpost did not make.
func CheckOutputDir(out, site, content string) error {
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
	if isMarker(filepath.Join(out, MarkerFile)) {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to replace %s: it is not empty and signpost did not make it (there is no %s file in it); choose another output folder or empty this one", out, MarkerFile)
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

func newStaged(out string) (*staged, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder's parent: %w", err)
	}
	dir := filepath.Join(parent, "."+filepath.Base(out)+".signpost-staging")
	// A staging folder left by a killed build is ours to clear.
	if _, err := os.Lstat(dir); err == nil {
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("cannot clear an old staging folder: %w", err)
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the staging folder: %w", err)
	}
	prev, _ := readManifest(out)
	return &staged{out: out, dir: dir, prev: prev, files: map[string]string{}, sizes: map[string]int64{}}, nil
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
	if s.prev.Files[name] == h {
		old := filepath.Join(s.out, filepath.FromSlash(name))
		if err := os.Link(old, dst); err == nil {
			return nil
		}
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
	if os.Link(filepath.Join(s.out, filepath.FromSlash(name)), filepath.Join(s.dir, filepath.FromSlash(name))) != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name], s.sizes[name] = h, size
	s.bytes += size
	return true
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
	old := filepath.Join(filepath.Dir(s.out), "."+filepath.Base(s.out)+".signpost-old")
	if err := os.RemoveAll(old); err != nil {
		return err
	}
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
