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
	"strings"
	"sync"
)

// MarkerFile is the file signpost writes at the root of every output
// folder it makes. It lists the files of the build with their hashes, so
// the next build writes only what changed, and it marks the folder as
// signpost's to replace: signpost never clears a folder without it.
const MarkerFile = ".signpost"

// manifest is the content of the marker file.
type manifest struct {
	Generator string            `json:"generator"`
	Files     map[string]string `json:"files"` // path → hash of its bytes
}

func readManifest(dir string) (manifest, bool) {
	data, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if err != nil {
		return manifest{}, false
	}
	var m manifest
	if json.Unmarshal(data, &m) != nil || m.Generator != "signpost" {
		return manifest{}, false
	}
	if m.Files == nil {
		m.Files = map[string]string{}
	}
	return m, true
}

func (m manifest) encode() []byte {
	// encoding/json sorts map keys, so the marker is deterministic too.
	data, _ := json.MarshalIndent(m, "", " ")
	return append(data, '\n')
}

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
	if _, ok := readManifest(out); ok {
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

// staged writes a build into a staging folder next to the output folder
// and swaps it into place only when the whole build has succeeded, so a
// failed or interrupted build leaves the previous site as it was. A file
// whose bytes are the same as in the previous build is hard-linked from it
// rather than written again.
type staged struct {
	out, dir string
	prev     manifest
	root     *os.Root

	mu    sync.Mutex
	files map[string]string
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
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	prev, _ := readManifest(out)
	return &staged{out: out, dir: dir, prev: prev, root: root, files: map[string]string{}}, nil
}

// Write stores a file of the build. name is slash-separated and relative
// to the output folder; os.Root keeps every write inside the staging
// folder whatever name says.
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
	s.bytes += int64(len(data))
	s.mu.Unlock()

	if d := path.Dir(name); d != "." {
		if err := s.root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if s.prev.Files[name] == h {
		old := filepath.Join(s.out, filepath.FromSlash(name))
		if err := os.Link(old, filepath.Join(s.dir, filepath.FromSlash(name))); err == nil {
			return nil
		}
	}
	s.mu.Lock()
	s.wrote++
	s.mu.Unlock()
	return s.root.WriteFile(name, data, 0o644)
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
	defer s.root.Close()
	m := manifest{Generator: "signpost", Files: s.files}
	if err := s.root.WriteFile(MarkerFile, m.encode(), 0o644); err != nil {
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
	s.root.Close()
	_ = os.RemoveAll(s.dir)
}

// stats returns the number of files, the files actually written (rather
// than linked), and the total size.
func (s *staged) stats() (files, written int, size int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files), s.wrote, s.bytes
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
