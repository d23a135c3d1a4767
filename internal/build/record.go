package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/parallel"
)

// The build record (Options.Record) lets a build that would make exactly
// what the output folder holds do nothing: a second `signpost build` with
// nothing changed. It is a file beside the output folder, written after a
// build has put its site in place, that says what the build was made
// from and what it left:
//
//   - the signpost executable (a hash of its bytes), the options that
//     change the output, and the span of time in which no page is due to
//     be published or to expire;
//   - every input (signpost.toml and the files under the content folder
//     and the theme's templates, static and data folders) with its stat
//     key (size, modification and change times, inode) and the sha256 of
//     its bytes, and a digest of all the keys and one of all the bytes;
//   - every file and folder of the output with its stat key, and the
//     summary and findings of the build, to report again.
//
// A build with a record that matches all of it, inputs by stat keys or,
// failing that, by their bytes, and an output folder whose every entry
// has the stat key it was left with, reports the last build's findings and
// "nothing changed". Anything else, or any doubt (a record that does not
// parse or whose checksum is wrong, another executable, a symbolic link
// among the inputs, a system without stat keys), is a full build. A
// change time cannot be set back without changing the clock, so an
// output file edited, replaced, linked or added to is always seen.
//
// The record is removed before a build puts its site in place and written
// only after, so an interrupted build leaves none. It is not written when
// an input changed while the build read it, or in the two seconds before
// (file systems that keep times to the second or two could then hide a
// later change), nor by builds with a Cache (watch mode), which update
// the output in place.

// recordFormat begins every record; another version's is not read.
const recordFormat = "signpost build record 2"

// maxRecordSize bounds the record a build reads: 17,000 output files take
// about 1.5 MB.
const maxRecordSize = 256 << 20

// racyMargin is how long before a build an input must have last changed
// for the build to write a record.
const racyMargin = 2 * time.Second

// recordPath is the record of the output folder out, beside it.
func recordPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".signpost-record")
}

// statKey is what a file's stat says of its identity and last change.
type statKey struct {
	Size, Mtime, Ctime int64
	Ino, Dev, Nlink    uint64
	Mode               uint32
}

// record is the content of a build record.
type record struct {
	Exe      string  // hash of the executable's bytes (exeHash)
	ExePath  string  // where it was
	ExeKey   statKey // its stat key then
	Settings string  // hash of the options that change the output
	// From and Until bound the times (Unix nanoseconds) at which the
	// build's pages are published as they are: Until 0 means no end.
	From, Until  int64
	InputStat    string // digest of the inputs' names and stat keys
	InputContent string // digest of their names and bytes
	Result       string // the summary and findings, as JSON (recordResult)
	// Inputs is every input but those missing, with its stat key and the
	// sha256 of its bytes: the next build hashes only the inputs whose
	// keys have changed.
	Inputs  []recordInput
	Outputs []recordEntry
}

// recordInput is an input of the build, its stat key and its bytes' sha256.
type recordInput struct {
	Path string
	Key  statKey
	Sum  [sha256.Size]byte
}

// recordEntry is a file or folder of the output ("." for the folder
// itself) and its stat key.
type recordEntry struct {
	Path string
	Key  statKey
}

// recordResult is what a build that does nothing reports: the summary of
// the build the record describes, and its findings.
type recordResult struct {
	Pages    map[content.Kind]int `json:"pages"`
	Tags     int                  `json:"tags"`
	Orgs     int                  `json:"organisations"`
	Files    int                  `json:"files"`
	Bytes    int64                `json:"bytes"`
	Findings []recordFinding      `json:"findings"`
}

type recordFinding struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"column,omitempty"`
	Severity int    `json:"severity"`
	Code     uint16 `json:"code"`
	Msg      string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Strict   bool   `json:"strict,omitempty"`
}

func (k statKey) append(b []byte) []byte {
	for _, n := range []int64{k.Size, k.Mtime, k.Ctime} {
		b = strconv.AppendInt(append(b, ' '), n, 10)
	}
	for _, n := range []uint64{k.Ino, k.Dev, k.Nlink, uint64(k.Mode)} {
		b = strconv.AppendUint(append(b, ' '), n, 10)
	}
	return b
}

// parseKey reads the seven numbers of a stat key, each after a space,
// from the start of s, and returns the rest. It takes numbers only as
// append writes them (no sign but a minus, no leading zeros), so that
// a record it accepts encodes to the same bytes.
func parseKey(s string) (statKey, string, error) {
	var nums [7]uint64
	for i := range nums {
		signed := i < 3
		var neg, ok bool
		nums[i], neg, s, ok = parseNumber(s, signed)
		if !ok {
			return statKey{}, "", errors.New("a stat key is cut short or not numbers")
		}
		if neg {
			nums[i] = -nums[i]
		}
	}
	k := statKey{Size: int64(nums[0]), Mtime: int64(nums[1]), Ctime: int64(nums[2]), Ino: nums[3], Dev: nums[4], Nlink: nums[5]}
	if nums[6] > math.MaxUint32 {
		return statKey{}, "", errors.New("a stat key's mode is out of range")
	}
	k.Mode = uint32(nums[6])
	return k, s, nil
}

// parseNumber reads a space and a decimal number from the start of s, as
// strconv.AppendInt (signed) or AppendUint writes it, and returns it (its
// magnitude, and whether it is negative) and the rest.
func parseNumber(s string, signed bool) (n uint64, neg bool, rest string, ok bool) {
	if len(s) < 2 || s[0] != ' ' {
		return 0, false, "", false
	}
	i := 1
	if signed && s[i] == '-' {
		neg = true
		i++
	}
	start := i
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false, "", false
		}
		n = n*10 + d
	}
	digits := i - start
	if digits == 0 || digits > 1 && s[start] == '0' || neg && n == 0 {
		return 0, false, "", false
	}
	if signed && (!neg && n > math.MaxInt64 || neg && n > 1<<63) {
		return 0, false, "", false
	}
	return n, neg, s[i:], true
}

// encode writes the record: its format line, a checksum of the rest, and
// the rest, one field a line, each output entry on a line of its own.
func (r *record) encode() []byte {
	body := make([]byte, 0, 1024+len(r.Result)+200*(len(r.Inputs)+len(r.Outputs)))
	body = append(body, "exe "...)
	body = append(body, r.Exe...)
	body = r.ExeKey.append(body)
	body = append(append(body, ' '), strconv.Quote(r.ExePath)...)
	body = append(append(body, "\nsettings "...), r.Settings...)
	body = strconv.AppendInt(append(body, "\ntime "...), r.From, 10)
	body = strconv.AppendInt(append(body, ' '), r.Until, 10)
	body = append(append(body, "\ninputs "...), r.InputStat...)
	body = append(append(body, ' '), r.InputContent...)
	body = append(append(body, "\nresult "...), r.Result...)
	body = append(body, '\n')
	for _, in := range r.Inputs {
		body = append(body, 'i')
		body = in.Key.append(body)
		body = hex.AppendEncode(append(body, ' '), in.Sum[:])
		body = strconv.AppendQuote(append(body, ' '), in.Path)
		body = append(body, '\n')
	}
	for _, e := range r.Outputs {
		body = append(body, 'o')
		body = e.Key.append(body)
		body = strconv.AppendQuote(append(body, ' '), e.Path)
		body = append(body, '\n')
	}
	body = append(body, "end\n"...)
	sum := sha256.Sum256(body)
	out := make([]byte, 0, len(body)+len(recordFormat)+80)
	out = append(append(out, recordFormat...), "\nsum "...)
	out = append(append(out, hex.EncodeToString(sum[:])...), '\n')
	return append(out, body...)
}

// parseRecord reads a record. It accepts only what encode writes, whole:
// this format, a checksum that matches, every field in its place, hashes
// of the right length, output paths that stay inside the folder, each
// once, and nothing after the end.
func parseRecord(data []byte) (*record, error) {
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(head) != recordFormat {
		return nil, errors.New("it is not a build record of this version")
	}
	sumLine, body, ok := bytes.Cut(body, []byte("\n"))
	want, ok2 := bytes.CutPrefix(sumLine, []byte("sum "))
	if !ok || !ok2 {
		return nil, errors.New("it has no checksum")
	}
	sum := sha256.Sum256(body)
	if string(want) != hex.EncodeToString(sum[:]) {
		return nil, errors.New("its checksum does not match: it was cut short, corrupted or edited")
	}
	// The record's strings are slices of data, which no one writes to
	// once it is read (readRecord), rather than a copy of it.
	lines := strings.Split(unsafe.String(unsafe.SliceData(body), len(body)), "\n")
	if len(lines) < 7 || lines[len(lines)-1] != "" || lines[len(lines)-2] != "end" {
		return nil, errors.New("it does not end as a record does")
	}
	lines = lines[:len(lines)-2]
	r := &record{}
	field := func(i int, name string) (string, error) {
		v, ok := strings.CutPrefix(lines[i], name+" ")
		if !ok {
			return "", fmt.Errorf("line %d is not %s", i+3, name)
		}
		return v, nil
	}
	v, err := field(0, "exe")
	if err != nil {
		return nil, err
	}
	exe, rest, _ := strings.Cut(v, " ")
	if r.ExeKey, rest, err = parseKey(" " + rest); err != nil {
		return nil, err
	}
	if r.ExePath, err = unquoteField(rest); err != nil {
		return nil, err
	}
	r.Exe = exe
	if r.Settings, err = field(1, "settings"); err != nil {
		return nil, err
	}
	if v, err = field(2, "time"); err != nil {
		return nil, err
	}
	from, until, _ := strings.Cut(v, " ")
	if r.From, err = strconv.ParseInt(from, 10, 64); err != nil {
		return nil, errors.New("its time is not a number")
	}
	if r.Until, err = strconv.ParseInt(until, 10, 64); err != nil {
		return nil, errors.New("its time is not a number")
	}
	if v, err = field(3, "inputs"); err != nil {
		return nil, err
	}
	r.InputStat, r.InputContent, _ = strings.Cut(v, " ")
	for _, h := range []string{r.Exe, r.Settings, r.InputStat, r.InputContent} {
		if !isHash(h) {
			return nil, fmt.Errorf("%q is not a hash", h)
		}
	}
	if r.Result, err = field(4, "result"); err != nil {
		return nil, err
	}
	if _, err := r.result(); err != nil {
		return nil, err
	}
	lines = lines[5:]
	seenIn := make(map[string]bool, len(lines)/4)
	r.Inputs = make([]recordInput, 0, strings.Count(string(body), "\ni"))
	for len(lines) > 0 && strings.HasPrefix(lines[0], "i") {
		var in recordInput
		rest := lines[0][1:]
		if in.Key, rest, err = parseKey(rest); err != nil {
			return nil, err
		}
		sum, rest, _ := strings.Cut(strings.TrimPrefix(rest, " "), " ")
		if len(sum) != 2*sha256.Size {
			return nil, fmt.Errorf("%q is not a hash", sum)
		}
		if n, err := hex.Decode(in.Sum[:], []byte(sum)); err != nil || n != sha256.Size {
			return nil, fmt.Errorf("%q is not a hash", sum)
		}
		if in.Path, err = unquoteField(" " + rest); err != nil {
			return nil, err
		}
		if !fs.ValidPath(in.Path) || strings.ContainsAny(in.Path, "\\\x00") || seenIn[in.Path] {
			return nil, fmt.Errorf("input %q is not a path it could list", in.Path)
		}
		seenIn[in.Path] = true
		r.Inputs = append(r.Inputs, in)
		lines = lines[1:]
	}
	seen := make(map[string]bool, len(lines))
	r.Outputs = make([]recordEntry, 0, len(lines))
	for i, line := range lines {
		rest, ok := strings.CutPrefix(line, "o")
		if !ok {
			return nil, fmt.Errorf("line %d is not an output", i+8+len(r.Inputs))
		}
		var e recordEntry
		if e.Key, rest, err = parseKey(rest); err != nil {
			return nil, err
		}
		if e.Path, err = unquoteField(rest); err != nil {
			return nil, err
		}
		if !fs.ValidPath(e.Path) || strings.ContainsAny(e.Path, "\\\x00") || seen[e.Path] {
			return nil, fmt.Errorf("output %q is not a path it could list", e.Path)
		}
		seen[e.Path] = true
		r.Outputs = append(r.Outputs, e)
	}
	if !seen["."] {
		return nil, errors.New("it does not list the output folder")
	}
	return r, nil
}

// unquoteField reads the quoted string that is the rest of a line, after
// a space.
func unquoteField(s string) (string, error) {
	q, ok := strings.CutPrefix(s, " ")
	if !ok {
		return "", errors.New("a name is missing")
	}
	v, err := strconv.Unquote(q)
	if err != nil || !strings.HasPrefix(q, `"`) {
		return "", fmt.Errorf("%s is not a quoted name", q)
	}
	return v, nil
}

func isHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// result decodes the record's summary and findings.
func (r *record) result() (recordResult, error) {
	var res recordResult
	dec := json.NewDecoder(strings.NewReader(r.Result))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		return res, fmt.Errorf("its result does not parse: %v", err)
	}
	if dec.More() {
		return res, errors.New("its result has more than one value")
	}
	return res, nil
}

// inputs is what the build record says of a build's inputs.
type inputs struct {
	files []inputFile
	stat  string // digest of names and stat keys
	// newest is the latest modification or change time of an input.
	newest int64
}

type inputFile struct {
	path string // slash-separated, relative to the site folder
	key  statKey
	gone bool // a root that does not exist
	// sum is the sha256 of the file's bytes, once contentDigest has
	// made it.
	sum [sha256.Size]byte
}

// errDoubtful says that the inputs cannot be told apart by stat keys.
var errDoubtful = errors.New("the inputs cannot be checked by their stat keys")

// readInputs lists the inputs of a build of the site in root with the
// layout site: signpost.toml, and the files under the content folder and
// the theme's folders, but those layout.Skip leaves out, sorted, with
// their stat keys. It fails with errDoubtful for a symbolic link among
// them, a content folder outside the site, or a system without stat keys.
func readInputs(root string, site layout.Site) (*inputs, error) {
	in := &inputs{}
	for _, r := range site.Roots() {
		if !filepath.IsLocal(filepath.FromSlash(r)) {
			return nil, errDoubtful
		}
		err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(r)), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if rel != r && layout.SkipName(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return errDoubtful
			}
			if d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			k, ok := keyOf(info)
			if !ok || !info.Mode().IsRegular() {
				return errDoubtful
			}
			in.files = append(in.files, inputFile{path: rel, key: k})
			in.newest = max(in.newest, k.Mtime, k.Ctime)
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Lstat(filepath.Join(root, filepath.FromSlash(r))); errors.Is(serr, fs.ErrNotExist) {
				in.files = append(in.files, inputFile{path: r, gone: true})
				continue
			}
		}
		if err != nil {
			if errors.Is(err, errDoubtful) {
				return nil, errDoubtful
			}
			return nil, fmt.Errorf("%w: %v", errDoubtful, err)
		}
	}
	slices.SortFunc(in.files, func(a, b inputFile) int { return strings.Compare(a.path, b.path) })
	h := sha256.New()
	var b []byte
	for _, f := range in.files {
		b = append(b[:0], f.path...)
		if f.gone {
			b = append(b, " -"...)
		} else {
			b = f.key.append(b)
		}
		h.Write(append(b, 0))
	}
	in.stat = hex.EncodeToString(h.Sum(nil))
	return in, nil
}

// contentDigest hashes the names and bytes of the inputs, workers files
// at a time. An input that the record prev lists with the same stat key
// is not read: its bytes are those prev hashed (a record lists only
// inputs that had not changed for racyMargin before its build, so a later
// change of their bytes changes their change time). prev may be nil.
func (in *inputs) contentDigest(ctx context.Context, root string, workers int, prev *record) (string, error) {
	known := map[string]*recordInput{}
	if prev != nil {
		for i := range prev.Inputs {
			known[prev.Inputs[i].Path] = &prev.Inputs[i]
		}
	}
	var read []int
	for i := range in.files {
		f := &in.files[i]
		if f.gone {
			continue
		}
		if k := known[f.path]; k != nil && k.Key == f.key {
			f.sum = k.Sum
			continue
		}
		read = append(read, i)
	}
	errs := make([]error, len(read))
	// A buffer per worker: io.Copy would make one of 32 KB per file,
	// 60 MB of garbage for 2,000 inputs, half the heap a first build
	// grows to before it collects (gcfloor).
	bufs := make([][]byte, parallel.Workers(workers))
	err := parallel.For(ctx, workers, len(read), func(w, j int) {
		f := &in.files[read[j]]
		file, err := os.Open(filepath.Join(root, filepath.FromSlash(f.path)))
		if err != nil {
			errs[j] = err
			return
		}
		defer file.Close()
		if bufs[w] == nil {
			bufs[w] = make([]byte, 32<<10)
		}
		h := sha256.New()
		// As a plain reader: an *os.File's WriteTo makes a buffer of
		// its own.
		if _, err := io.CopyBuffer(h, struct{ io.Reader }{file}, bufs[w]); err != nil {
			errs[j] = err
			return
		}
		h.Sum(f.sum[:0])
	})
	if err != nil {
		return "", err
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range in.files {
		h.Write([]byte(f.path))
		if f.gone {
			h.Write([]byte{0, '-'})
		} else {
			h.Write([]byte{0, '+'})
			h.Write(f.sum[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// settled returns the stat keys of the inputs that last changed before
// the time t, by path.
func (in *inputs) settled(t time.Time) map[string]statKey {
	keys := make(map[string]statKey, len(in.files))
	for i := range in.files {
		// Not the sums, which contentDigest may be writing.
		f := &in.files[i]
		if !f.gone && max(f.key.Mtime, f.key.Ctime) < t.UnixNano() {
			keys[f.path] = f.key
		}
	}
	return keys
}

// recorded returns the inputs as a record lists them: all but the
// missing, with their keys and sums.
func (in *inputs) recorded() []recordInput {
	r := make([]recordInput, 0, len(in.files))
	for _, f := range in.files {
		if !f.gone {
			r = append(r, recordInput{Path: f.path, Key: f.key, Sum: f.sum})
		}
	}
	return r
}

// outputsAfter lists the files and folders of the output folder out with
// their stat keys after a build that updated the folder in place, the
// folder having been, when the build started, exactly as prev lists it
// (outputsMatch), and the build having written or removed the files
// changed: the entries of prev, and what the build changed and its
// folders as they are now, without reading the folder again as
// outputEntries does. An entry the build did not touch keeps its key from
// prev rather than what it has now: if anything but the build (which held
// the lock) changed it meanwhile, the next build finds the folder is not as
// the record says, and checks it, rather than taking that change for its
// own.
func outputsAfter(out string, prev []recordEntry, changed []string) ([]recordEntry, error) {
	touched := make(map[string]bool, 2*len(changed)+2)
	for _, name := range append(changed, MarkerFile) {
		for ; name != "." && !touched[name]; name = path.Dir(name) {
			touched[name] = true
		}
	}
	touched["."] = true
	entries := make([]recordEntry, 0, len(prev)+len(touched))
	for _, e := range prev {
		if !touched[e.Path] {
			entries = append(entries, e)
		}
	}
	for name := range touched {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed by the build
		}
		if err != nil {
			return nil, err
		}
		k, ok := keyOf(info)
		if !ok {
			return nil, errDoubtful
		}
		entries = append(entries, recordEntry{Path: name, Key: k})
	}
	slices.SortFunc(entries, func(a, b recordEntry) int { return strings.Compare(a.Path, b.Path) })
	return entries, nil
}

// outputEntries lists every file and folder of the output folder out with
// its stat key, sorted as filepath.WalkDir visits them. The folder's
// entries are walked on up to workers goroutines (parallel.For), each
// with everything under it: a first build's folder has thousands of
// files, each a system call.
func outputEntries(out string, workers int) ([]recordEntry, error) {
	walk := func(root string) ([]recordEntry, error) {
		var entries []recordEntry
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			k, ok := keyOf(info)
			if !ok {
				return errDoubtful
			}
			rel, _ := filepath.Rel(out, p)
			entries = append(entries, recordEntry{Path: filepath.ToSlash(rel), Key: k})
			return nil
		})
		return entries, err
	}
	info, err := os.Lstat(out)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return walk(out)
	}
	k, ok := keyOf(info)
	if !ok {
		return nil, errDoubtful
	}
	top, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	parts := make([][]recordEntry, len(top))
	errs := make([]error, len(top))
	_ = parallel.For(context.Background(), workers, len(top), func(_, i int) {
		parts[i], errs[i] = walk(filepath.Join(out, top[i].Name()))
	})
	entries := []recordEntry{{Path: ".", Key: k}}
	for i := range top {
		if errs[i] != nil {
			return nil, errs[i]
		}
		entries = append(entries, parts[i]...)
	}
	return entries, nil
}

// exeID is the running executable as a record names it: its path, stat
// key and the hash of its bytes.
type exeID struct {
	path string
	key  statKey
	hash string
}

// hashExecutable starts executable(known) on a goroutine and returns a
// function that waits for its result. Reading and hashing signpost's
// binary (about 30 MB) takes some 5 ms, which a first build spends
// beside its first steps rather than before them: only the cache file's
// head, the output folder's check and the new record need it.
func hashExecutable(known *record) func() (exeID, error) {
	done := make(chan struct{})
	var (
		id  exeID
		err error
	)
	go func() {
		defer close(done)
		id.path, id.key, id.hash, err = executable(known)
	}()
	return func() (exeID, error) {
		<-done
		return id, err
	}
}

// executable returns the path, stat key and hash of the running
// executable, reading its bytes only when its stat key is not known's.
func executable(known *record) (string, statKey, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", statKey{}, "", err
	}
	info, err := os.Stat(exe)
	if err != nil {
		return "", statKey{}, "", err
	}
	k, ok := keyOf(info)
	if !ok {
		return "", statKey{}, "", errDoubtful
	}
	if known != nil && known.ExePath == exe && known.ExeKey == k {
		return exe, k, known.Exe, nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", statKey{}, "", err
	}
	defer f.Close()
	h := xxhash.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", statKey{}, "", err
	}
	return exe, k, exeHash(h.Sum64(), n), nil
}

// exeHash writes an executable's xxHash-64 digest and its length in
// bytes as 64 hex digits, the form of the record's other hashes (the
// rest are zeros). xxHash rather than SHA-256: it reads signpost's 30 MB
// in 4 ms rather than 18, and a binary made on purpose to collide could
// as well be a signpost that builds whatever it likes.
func exeHash(sum uint64, n int64) string {
	return fmt.Sprintf("%016x%016x%032x", sum, uint64(n), 0)
}

// recordSettings hashes what, besides the inputs and the executable,
// makes a build's output what it is: the folders and the options.
func recordSettings(set *settings) string {
	root, _ := filepath.Abs(set.root)
	o := set.opt
	s := fmt.Sprintf("%s\x00root %s\x00out %s\x00base %s\x00drafts %t\x00future %t\x00notes %t\x00config %s",
		recordFormat, root, set.outDir, o.BaseURL, o.Drafts, o.Future, o.DraftNotes, config.FileName)
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// publishSpan returns the times, in Unix nanoseconds, between which the
// pages of site are published as they are at now: the latest date or
// expiry at or before now, and the first after it (0: none).
func publishSpan(site *content.Site, f content.Filter) (from, until int64) {
	now := f.Now
	from = math.MinInt64
	for _, p := range site.Pages {
		for _, t := range []time.Time{p.Date, p.Expires} {
			if t.IsZero() || (t.Equal(p.Date) && f.Future) {
				continue
			}
			switch n := unixNano(t); {
			case !t.After(now):
				from = max(from, n)
			case until == 0 || n < until:
				until = n
			}
		}
	}
	return from, until
}

// unixNano is t.UnixNano, but the earliest or latest time it can give for
// times before or after the years it can hold.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// recordable reports whether a build with opt keeps a build record.
func recordable(opt Options) bool {
	return opt.Record && opt.Cache == nil && !opt.DryRun && opt.Config == nil && opt.Lock == nil
}

// unchanged checks the record of the output folder against the site and
// the folder as they are now. It returns the result to report when they
// match it, and nil, with what it read, when the build must be made.
//
// intact says whether the output folder is as rec says the last build
// left it (outputsMatch), which it asks only when the inputs match.
//
// When something has changed it also returns the inputs it read, if it
// read them, for the build that follows (nil otherwise).
func unchanged(ctx context.Context, set *settings, rec *record, exe func() (exeID, error), intact func() bool, margin time.Duration) (*Result, diag.List, *readInput, bool) {
	if rec == nil || rec.Settings != recordSettings(set) {
		return nil, nil, nil, false
	}
	now := set.filter.Now.UnixNano()
	if now < rec.From || (rec.Until != 0 && now >= rec.Until) {
		return nil, nil, nil, false
	}
	if e, err := exe(); err != nil || e.hash != rec.Exe {
		return nil, nil, nil, false
	}
	in, err := readInputs(set.root, set.layout)
	if err != nil {
		return nil, nil, nil, false
	}
	read := &readInput{in: in}
	restat := in.stat != rec.InputStat
	// Touched, or checked out again, the bytes may be the same: only the
	// inputs whose keys changed are read.
	digest, err := in.contentDigest(ctx, set.root, set.workers, rec)
	if err != nil {
		return nil, nil, read, false
	}
	read.digest = digest
	if digest != rec.InputContent {
		return nil, nil, read, false
	}
	if !intact() {
		return nil, nil, read, false
	}
	rr, err := rec.result()
	if err != nil {
		return nil, nil, read, false
	}
	if restat && in.newest < time.Now().Add(-margin).UnixNano() {
		// The same bytes: the next build need not read them again. (Not
		// for a file changed just now, which could change again unseen.)
		r := *rec
		r.InputStat, r.Inputs = in.stat, in.recorded()
		dst := recordPath(set.outDir)
		_ = replaceFile(filepath.Dir(dst), filepath.Base(dst), r.encode())
	}
	res := &Result{Out: set.outDir, Pages: rr.Pages, Tags: rr.Tags, Organisations: rr.Orgs, Files: rr.Files, Bytes: rr.Bytes, Unchanged: true}
	if res.Pages == nil {
		res.Pages = map[content.Kind]int{}
	}
	var l diag.List
	for _, f := range rr.Findings {
		l = append(l, diag.Diagnostic{Pos: diag.Pos{File: f.File, Line: f.Line, Col: f.Col}, Severity: diag.Severity(f.Severity), Code: diag.Code(f.Code), Msg: f.Msg, Hint: f.Hint, Strict: f.Strict})
	}
	return res, l, nil, true
}

// readRecord reads the record of the output folder out; nil when there is
// none that parses.
func readRecord(out string) *record {
	f, err := os.Open(recordPath(out))
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRecordSize+1))
	if err != nil || len(data) > maxRecordSize {
		return nil
	}
	r, err := parseRecord(data)
	if err != nil {
		return nil
	}
	return r
}

// readInput is the inputs of a build as read before it started, and the
// digest of their content once it is known.
type readInput struct {
	in     *inputs
	digest string // "" until known
	done   chan struct{}
	err    error
}

// readBefore returns the inputs of the build of set, as unchanged read
// them (read, which may be nil) or read now, and starts hashing their
// content, unless that is known already, on one goroutine beside the
// build: a 1,000-page build reads and hashes 6 MB of inputs for its
// record, and has stretches in which it uses one CPU (walking the content
// folder, the taxonomies, the theme). The caller must call wait.
func readBefore(ctx context.Context, set *settings, read *readInput, prev *record) (*readInput, error) {
	if read == nil {
		in, err := readInputs(set.root, set.layout)
		if err != nil {
			return nil, err
		}
		read = &readInput{in: in}
	}
	read.done = make(chan struct{})
	if read.digest != "" {
		close(read.done)
		return read, nil
	}
	go func() {
		defer close(read.done)
		read.digest, read.err = read.in.contentDigest(ctx, set.root, 1, prev)
	}()
	return read, nil
}

// wait returns the inputs' content digest, once made.
func (r *readInput) wait() (string, error) {
	<-r.done
	return r.digest, r.err
}

// writeRecord writes the record of a build that has just put its site in
// place, made from the inputs before (read before it started, at start):
// unless an input changed since, or too shortly before.
//
// inPlace says the build updated the folder in place, which was then as
// prev lists it: only what prev lists and the build changed is looked at.
// exe is the executable that ran the build.
func writeRecord(ctx context.Context, set *settings, before *readInput, start time.Time, res *Result, l diag.List, prev *record, exe exeID, inPlace bool, margin time.Duration) error {
	after, err := readInputs(set.root, set.layout)
	if err != nil || after.stat != before.in.stat || after.newest >= start.Add(-margin).UnixNano() {
		return err
	}
	// The content was hashed while the build ran: what the stat keys of
	// the inputs, the same after as before, vouch for.
	digest, err := before.wait()
	if err != nil {
		return err
	}
	var outs []recordEntry
	if inPlace {
		outs, err = outputsAfter(set.outDir, prev.Outputs, res.Changed)
	} else {
		outs, err = outputEntries(set.outDir, set.workers)
	}
	if err != nil {
		return err
	}
	rr := recordResult{Pages: res.Pages, Tags: res.Tags, Orgs: res.Organisations, Files: res.Files, Bytes: res.Bytes, Findings: []recordFinding{}}
	for _, d := range l {
		rr.Findings = append(rr.Findings, recordFinding{File: d.File, Line: d.Line, Col: d.Col, Severity: int(d.Severity), Code: uint16(d.Code), Msg: d.Msg, Hint: d.Hint, Strict: d.Strict})
	}
	js, err := json.Marshal(rr)
	if err != nil {
		return err
	}
	r := &record{Exe: exe.hash, ExePath: exe.path, ExeKey: exe.key, Settings: recordSettings(set), From: res.from, Until: res.until,
		InputStat: before.in.stat, InputContent: digest, Result: string(js), Inputs: before.in.recorded(), Outputs: outs}
	dst := recordPath(set.outDir)
	return replaceFile(filepath.Dir(dst), filepath.Base(dst), r.encode())
}

// outputsMatch reports whether every file and folder of the output folder
// out has the stat key the record rec gives it: the folder is what the
// build rec describes left. A folder's times change when a name comes or
// goes in it, so its key accounts for the names in it.
func outputsMatch(out string, rec *record) bool {
	if rec == nil {
		return false
	}
	for _, e := range rec.Outputs {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(e.Path)))
		if err != nil {
			return false
		}
		if k, ok := keyOf(info); !ok || k != e.Key {
			return false
		}
	}
	return true
}

// removeRecord removes the record of the output folder out, before a
// build changes the folder.
func removeRecord(out string) error {
	err := os.Remove(recordPath(out))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
