package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

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
	if m, ok := parseManifestAsWritten(data); ok {
		return m, nil
	}
	return parseManifestJSON(data)
}

// parseManifestAsWritten decodes a marker file laid out exactly as encode
// writes it, with no escape in its strings: what encoding/json would make
// of it (FuzzParseManifest), in a fifth of the time (a 10k site's marker
// lists 13,000 files twice). Anything else it leaves to
// parseManifestJSON, and says false.
func parseManifestAsWritten(data []byte) (manifest, bool) {
	s := string(data)
	const head = "{\n \"generator\": \"signpost\",\n \"files\": {"
	rest, ok := strings.CutPrefix(s, head)
	if !ok {
		return manifest{}, false
	}
	n := strings.Count(rest, "\n  ")
	m := manifest{Generator: "signpost", Files: make(map[string]string, n), Sizes: map[string]int64{}}
	// entries reads the entries of an object as encode writes them, each
	// value by value, up to its closing brace.
	entries := func(value func(name, rest string) (string, bool)) bool {
		if r, ok := strings.CutPrefix(rest, "}"); ok {
			rest = r
			return true
		}
		for first := true; ; first = false {
			if !first {
				if r, ok := strings.CutPrefix(rest, ","); ok {
					rest = r
				} else if r, ok := strings.CutPrefix(rest, "\n }"); ok {
					rest = r
					return true
				} else {
					return false
				}
			}
			r, ok := strings.CutPrefix(rest, "\n  ")
			if !ok {
				return false
			}
			name, r, ok := plainString(r)
			if !ok {
				return false
			}
			if r, ok = strings.CutPrefix(r, ": "); !ok {
				return false
			}
			if rest, ok = value(name, r); !ok {
				return false
			}
		}
	}
	if !entries(func(name, r string) (string, bool) {
		hash, r, ok := plainString(r)
		m.Files[name] = hash
		return r, ok
	}) {
		return manifest{}, false
	}
	if r, ok := strings.CutPrefix(rest, ",\n \"sizes\": {"); ok {
		rest = r
		if !entries(func(name, r string) (string, bool) {
			i := 0
			if i < len(r) && r[i] == '-' {
				i++
			}
			start := i
			for i < len(r) && '0' <= r[i] && r[i] <= '9' {
				i++
			}
			digits := r[start:i]
			if digits == "" || len(digits) > 1 && digits[0] == '0' || digits == "0" && start > 0 {
				return "", false
			}
			v, err := strconv.ParseInt(r[:i], 10, 64)
			m.Sizes[name] = v
			return r[i:], err == nil
		}) {
			return manifest{}, false
		}
	}
	if rest != "\n}\n" {
		return manifest{}, false
	}
	return m, true
}

// plainString reads a JSON string with no escapes in it, of valid UTF-8
// and no control characters, from the start of s: its value, and the rest.
func plainString(s string) (string, string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", false
	}
	end := strings.IndexByte(s[1:], '"')
	if end < 0 {
		return "", "", false
	}
	v := s[1 : 1+end]
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == '\\' {
			return "", "", false
		}
	}
	if !utf8.ValidString(v) {
		return "", "", false
	}
	return v, s[2+end:], true
}

// parseManifestJSON decodes a marker file through encoding/json.
func parseManifestJSON(data []byte) (manifest, error) {
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
