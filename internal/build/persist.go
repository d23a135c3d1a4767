package build

// A build with a record (Options.Record: `signpost build`) keeps its
// Cache on disk for the next one, so that a build run again after one
// page changed renders the Markdown of that page alone and executes the
// templates only of the outputs whose inputs changed, instead of the
// whole site. The next build is a new process: it loads the file into a
// Cache and builds through it as watch mode builds through its own, with
// the same code and the same guarantee (cache.go): a product is reused
// only when what it was made from is the same, so the output is what a
// build without the file makes, byte for byte.
//
// What the file holds:
//   - the seed of the cache's fingerprints and its settings key, which
//     must be those of the build that reads it (same configuration,
//     options, site and output folders) or nothing in it is used;
//   - each content file's rendered Markdown, without its HTML, with the
//     fingerprint (xxHash-64) of the bytes it was rendered from and the
//     questions it asked the resolver (markup.valid), and its entry in
//     lists with that entry's key: a page whose bytes are the same, and
//     whose links resolve as they did, is not rendered again unless its
//     page must be written again;
//   - each page as its front matter gave it, with the findings of
//     reading it (enc.page): a file whose bytes are the same is not
//     parsed again, and its body is cut from it only if it is rendered;
//   - the key of every output file (keys.go), bound to the marker file
//     the build wrote (its sha256): they are used only when the output
//     folder is exactly as that build left it, as the build record shows
//     by every file's stat key (Options.intact) or, when the record
//     cannot say, as reading every file shows (verifiedManifest), so that
//     an output whose key is the same is known to be in the folder with
//     those bytes;
//   - the search index's analyses and excerpts of the pages and its
//     compressed files (search.Cache).
//
// Trust: the file starts with a magic line and a format version, and is
// bound to the executable that wrote it (the hash of signpost's binary
// the record has, exeHash) and checked against a checksum of its contents
// (xxHash-64: a damaged or cut file is found out; one forged on purpose
// by someone who can write beside the output folder could as well be the
// output itself).
// A file that is missing, truncated, corrupt, from another version or
// executable, for other settings, or that does not decode is ignored: the
// build is a clean one, and writes a new file. Every length in it is
// checked against what is left, so no file can make the decoder panic or
// allocate more than a small multiple of the file's size (each item of a
// list takes a few bytes of the file at least). The file is written to a
// temporary file and renamed into place once the build has updated the
// output folder; a build that fails or is interrupted leaves the
// previous file, whose output keys are used only while the folder is as
// they describe it.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/search"
)

// diskMagic starts every cache file; diskVersion numbers its layout.
const (
	diskMagic   = "signpost build cache\n"
	diskVersion = 3
	diskHead    = len(diskMagic) + 1 + 8 // magic, version, checksum
)

// cachePath returns the cache file of the output folder out: in dir when
// it is set (Options.CacheDir), named for the output folder so that
// several sites may share the folder, and otherwise beside out, as the
// build record is.
func cachePath(dir, out string) string {
	if dir == "" {
		return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".signpost-cache")
	}
	sum := sha256.Sum256([]byte(out))
	return filepath.Join(dir, fmt.Sprintf("%s-%x.signpost-cache", filepath.Base(out), sum[:6]))
}

// diskCache is what a cache file holds besides the Cache it loads into.
type diskCache struct {
	exe      string   // the executable that wrote it
	settings uint64   // settingsKey under seed
	seed     seed     // of the fingerprints
	marker   [32]byte // sha256 of the marker file of the output the keys describe
	gen      uint64   // the highest gen of a markup in it
	files    map[string]*source
	outputs  map[string]uint64
	search   []byte // search.Cache's encoding
	// encodeAll encodes every page rather than copying what the file it
	// was decoded from has (tests compare the two).
	encodeAll bool
	// searchDone, when set, gives search once it is made, or the error
	// that stopped it: encodeCache waits for it before writing search.
	searchDone <-chan error
}

// cacheRead is a cache file as readCache read it: what it holds, and
// whether it is for this build at all.
type cacheRead struct {
	d      *diskCache // nil when there is no file, or none to trust
	usable bool       // of this executable and settings: decoded whole
}

// readCache reads and decodes the cache file at name for a build with
// settings set, run by the executable exe, beside the build record's check
// (it is of no use when nothing changed). Another executable's or
// settings' file is not decoded past its head: only its marker is of use.
// exe is waited for only when there is a file.
func readCache(ctx context.Context, name string, exe func() (exeID, error), set *settings) cacheRead {
	data, err := os.ReadFile(name)
	if err != nil || ctx.Err() != nil {
		return cacheRead{}
	}
	e, err := exe()
	if err != nil {
		return cacheRead{}
	}
	usable := func(h *diskCache) bool { return h.exe == e.hash && settingsKey(h.seed, set) == h.settings }
	d, err := decodeCache(ctx, data, usable)
	if err != nil {
		return cacheRead{}
	}
	return cacheRead{d: d, usable: usable(d)}
}

// load returns the Cache the file r holds, or nil when it is missing, not
// to be trusted, or for another executable or settings.
//
// intact is the output folder's list of files when the build record
// shows the folder is as the last build left it. A cache file that
// decodes names the marker its build left; when the folder's marker is
// that one but the record cannot vouch for the folder (a failed build
// since removed the record; CI restored the folder, every file new to
// the file system), load reads every file of the folder to see whether
// it is as the marker lists it (verifiedManifest) and returns that list,
// with which the build updates the folder in place. The cache's output
// keys are used only when the folder is as its marker lists it, by the
// record or by its bytes.
//
// The search index's part of the file is decoded on a goroutine of its
// own, beside the build's first steps, which need none of it
// (Cache.searchCache waits for it).
func (r cacheRead) load(ctx context.Context, set *settings, intact *manifest) (*Cache, *manifest) {
	d := r.d
	if d == nil {
		return nil, nil
	}
	marker := filepath.Join(set.outDir, MarkerFile)
	info, err := os.Stat(marker)
	bound := false
	if err == nil {
		mdata, err := os.ReadFile(marker)
		bound = err == nil && sha256.Sum256(mdata) == d.marker
	}
	var verified *manifest
	if bound && intact == nil {
		if verified = verifiedManifest(ctx, set.outDir, set.workers); verified != nil {
			intact = verified
		} else {
			bound = false
		}
	}
	if !r.usable {
		return nil, verified
	}
	c := newCache(true)
	c.disk = true
	c.seed = d.seed
	c.settings = d.settings
	c.files = d.files
	c.gen.Store(d.gen)
	if bound && intact != nil {
		c.out, c.marker, c.outputs, c.manifest, c.listed = set.outDir, info, d.outputs, *intact, true
	}
	if len(d.search) > 0 {
		done := make(chan struct{})
		c.searchLoading = done
		go func() {
			defer close(done)
			// One that does not decode leaves the index's cache empty
			// (UnmarshalBinary): the index is made from the pages.
			_ = decodeSearch(&c.search, d.search)
		}()
	}
	return c, verified
}

// saveCache writes the cache c, which a build with settings set by the
// executable exe has just committed, to the file name.
func saveCache(name, exe string, set *settings, c *Cache) error {
	if !c.warm(set.outDir) {
		return errors.New("the output folder is not as the build left it")
	}
	mdata, err := os.ReadFile(filepath.Join(set.outDir, MarkerFile))
	if err != nil {
		return err
	}
	d := &diskCache{exe: exe, settings: c.settings, seed: c.seed, marker: sha256.Sum256(mdata), gen: c.gen.Load(), files: c.files, outputs: c.outputs}
	// The search index's part, which comes last, is encoded while the
	// rest is written.
	searched := make(chan error, 1)
	go func() {
		var err error
		d.search, err = encodeSearch(c.searchIndex())
		searched <- err
	}()
	d.searchDone = searched
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The build holds the output folder's lock: a temporary file left
	// by a build that was killed while writing is no other's.
	old, _ := filepath.Glob(filepath.Join(dir, globEscape(filepath.Base(name))+".*.tmp"))
	for _, f := range old {
		os.Remove(f)
	}
	f, err := os.CreateTemp(dir, filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	err = encodeCache(f, d, set.workers)
	if err1 := f.Chmod(0o644); err == nil {
		err = err1
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err == nil {
		// Removed first rather than renamed over: ext4 writes a file
		// renamed over another out to the disk at once (auto_da_alloc),
		// which the build would wait for. A build killed in between
		// leaves no cache, and the next one renders everything.
		os.Remove(name)
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// globEscape quotes the characters of s that filepath.Match gives a
// meaning.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// encodeCache writes d to f: the magic line, the version, the sha256 of
// the rest (written last, in its place), and the rest, a piece at a time
// so that the encoding is never whole in memory. The pages are encoded on
// up to workers goroutines (parallel.Workers).
func encodeCache(f *os.File, d *diskCache, workers int) error {
	head := make([]byte, 0, diskHead)
	head = append(head, diskMagic...)
	head = append(head, diskVersion)
	head = append(head, make([]byte, 8)...)
	if _, err := f.Write(head); err != nil {
		return err
	}
	sum := xxhash.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<16)
	e := &enc{w: w}
	e.str(d.exe)
	e.u64(d.settings)
	e.u64(uint64(d.seed))
	e.b = append(e.b, d.marker[:]...)
	e.u64(d.gen)
	names := make([]string, 0, len(d.files))
	for name, s := range d.files {
		if s != nil && s.markup != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	e.uvarint(uint64(len(names)))
	// The pages, most of the file, are encoded a batch at a time on the
	// workers, each into a buffer of its own, and written in order.
	const batch = 64
	bufs := make([][]byte, batch)
	for start := 0; start < len(names); start += batch {
		part := names[start:min(start+batch, len(names))]
		_ = parallel.For(context.Background(), workers, len(part), func(_, i int) {
			pe := &enc{b: bufs[i][:0], copy: !d.encodeAll}
			pe.file(part[i], d.files[part[i]])
			bufs[i] = pe.b
		})
		for _, b := range bufs[:len(part)] {
			e.raw(b)
		}
	}
	outs := make([]string, 0, len(d.outputs))
	for name := range d.outputs {
		outs = append(outs, name)
	}
	slices.Sort(outs)
	e.uvarint(uint64(len(outs)))
	for _, name := range outs {
		e.str(name)
		e.u64(d.outputs[name])
		e.flush(false)
	}
	if d.searchDone != nil {
		if err := <-d.searchDone; err != nil {
			return err
		}
	}
	e.uvarint(uint64(len(d.search)))
	e.raw(d.search)
	e.flush(true)
	if err := w.Flush(); err != nil {
		return err
	}
	if e.err != nil {
		return e.err
	}
	_, err := f.WriteAt(binary.LittleEndian.AppendUint64(nil, sum.Sum64()), int64(len(diskMagic)+1))
	return err
}

var errCorrupt = errors.New("the build cache is corrupt")

// decodeCache decodes what encodeCache encoded, or fails. When want is
// set and says no to the file's head (its executable, settings, seed,
// marker and gen), the rest is not decoded: the cache returned holds the
// head alone.
func decodeCache(ctx context.Context, data []byte, want func(head *diskCache) bool) (*diskCache, error) {
	if len(data) < diskHead || string(data[:len(diskMagic)]) != diskMagic {
		return nil, errCorrupt
	}
	if data[len(diskMagic)] != diskVersion {
		return nil, errors.New("the build cache is from another version of signpost")
	}
	body := data[diskHead:]
	if xxhash.Sum64(body) != binary.LittleEndian.Uint64(data[len(diskMagic)+1:]) {
		return nil, errCorrupt
	}
	return decodeBody(ctx, body, want)
}

// decodeBody decodes what follows the checksum. It must not panic, or
// allocate more than a few times len(body), whatever body holds.
func decodeBody(ctx context.Context, body []byte, want func(head *diskCache) bool) (*diskCache, error) {
	// One string holds every string of the file: each is a slice of it.
	// body is not written to again.
	dd := &dec{s: unsafe.String(unsafe.SliceData(body), len(body))}
	d := &diskCache{}
	d.exe = dd.str()
	d.settings = dd.u64()
	d.seed = seed(dd.u64())
	copy(d.marker[:], dd.bytes(sha256.Size))
	d.gen = dd.u64()
	if dd.err != nil {
		return nil, errCorrupt
	}
	if want != nil && !want(d) {
		return d, nil
	}
	n := dd.count(8)
	d.files = make(map[string]*source, n)
	for i := range n {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		name := dd.str()
		s := &source{stale: true, restored: true, hash: dd.u64(), key: dd.key(), meta: dd.u64()}
		rest := dd.s
		s.markup = dd.markup()
		s.entry = template.HTML(dd.str())
		s.entryKey = dd.u64()
		s.loaded = dd.page()
		if dd.err != nil {
			break
		}
		s.coded = &codedSource{tail: rest[:len(rest)-len(dd.s)], markup: s.markup, entry: s.entry, entryKey: s.entryKey, loaded: s.loaded}
		if s.markup.gen > d.gen {
			return nil, errCorrupt
		}
		d.files[name] = s
	}
	n = dd.count(9)
	d.outputs = make(map[string]uint64, n)
	for range n {
		name := dd.str()
		d.outputs[name] = dd.u64()
	}
	// Not copied: body is not written to again, and the search index's
	// decoder only reads it.
	search := dd.str()
	d.search = unsafe.Slice(unsafe.StringData(search), len(search))
	if dd.err != nil || dd.s != "" {
		return nil, errCorrupt
	}
	return d, nil
}

// enc appends values to b, which flush writes to w.
type enc struct {
	b   []byte
	w   io.Writer
	err error
	// copy copies a source's encoding from the file it was decoded
	// from while it holds the same (codedSource).
	copy bool
}

// flush writes what b holds to w once it holds enough, or with all, all
// of it.
func (e *enc) flush(all bool) {
	if len(e.b) < 1<<15 && !all || e.err != nil {
		return
	}
	_, e.err = e.w.Write(e.b)
	e.b = e.b[:0]
}

// raw writes b, after what e holds, without copying it into e.
func (e *enc) raw(b []byte) {
	e.flush(true)
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

// file encodes the source s of the file name.
func (e *enc) file(name string, s *source) {
	e.str(name)
	e.u64(s.hash)
	e.key(s.key)
	e.u64(s.meta)
	if e.copy && s.coded.encodes(s) {
		e.b = append(e.b, s.coded.tail...)
		return
	}
	e.markup(s.markup)
	e.str(string(s.entry))
	e.u64(s.entryKey)
	e.page(s.loaded)
}

func (e *enc) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) u64(v uint64)     { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *enc) int(v int)        { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *enc) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *enc) key(k statKey) {
	for _, n := range []uint64{uint64(k.Size), uint64(k.Mtime), uint64(k.Ctime), k.Ino, k.Dev, k.Nlink, uint64(k.Mode)} {
		e.uvarint(n)
	}
}

func (e *enc) markup(m *markup) {
	e.u64(m.gen)
	e.u64(m.themeIDs)
	e.uvarint(uint64(len(m.deps)))
	for _, d := range m.deps {
		e.bool(d.fileAt)
		e.bool(d.info)
		e.str(d.arg)
		e.str(d.answer)
		e.str(d.err)
	}
	r := m.res
	e.uvarint(uint64(len(r.Headings)))
	for _, h := range r.Headings {
		e.int(h.Level)
		e.str(h.ID)
		e.str(h.Text)
	}
	e.uvarint(uint64(len(r.Sections)))
	for _, s := range r.Sections {
		e.int(s.Level)
		e.str(s.ID)
		e.str(s.Heading)
		e.str(s.HeadingHTML)
		e.str(s.Text)
		e.int(s.HeadingStart)
		e.int(s.Start)
		e.int(s.End)
	}
	e.uvarint(uint64(len(r.Links)))
	for _, l := range r.Links {
		e.int(l.Line)
		e.str(l.Dest)
		e.uvarint(uint64(l.Kind))
		e.bool(l.Image)
		e.bool(l.NoAlt)
		e.str(l.Target)
		e.str(l.Fragment)
	}
	e.diags(r.Diags)
}

func (e *enc) diags(l diag.List) {
	e.uvarint(uint64(len(l)))
	for _, d := range l {
		e.str(d.File)
		e.int(d.Line)
		e.int(d.Col)
		e.int(int(d.Severity))
		e.uvarint(uint64(d.Code))
		e.str(d.Msg)
		e.str(d.Hint)
		e.bool(d.Strict)
		e.str(d.Excerpt)
	}
}

// page writes a page as the content file's front matter gave it, and
// the findings of reading it: the build that reads the cache file need
// not parse the file's front matter again when its bytes are the same.
// Every exported field of content.Page is written (value), so that a
// field added to it is kept without anyone having to remember it here.
func (e *enc) page(ld content.Loaded) {
	if ld.Page == nil || ld.Page.Invalid {
		e.bool(false)
		return
	}
	e.bool(true)
	e.value(reflect.ValueOf(ld.Page).Elem())
	e.diags(ld.Diags)
}

// value writes v: of a struct, every exported field, in order.
func (e *enc) value(v reflect.Value) {
	if v.Type() == timeType {
		b, _ := v.Interface().(time.Time).MarshalBinary()
		e.str(string(b))
		return
	}
	switch v.Kind() {
	case reflect.String:
		e.str(v.String())
	case reflect.Bool:
		e.bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.int(int(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.uvarint(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.u64(math.Float64bits(v.Float()))
	case reflect.Pointer:
		e.bool(v.IsNil())
		if !v.IsNil() {
			e.value(v.Elem())
		}
	case reflect.Slice:
		e.bool(v.IsNil())
		e.uvarint(uint64(v.Len()))
		for i := range v.Len() {
			e.value(v.Index(i))
		}
	case reflect.Map:
		e.bool(v.IsNil())
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		e.uvarint(uint64(len(keys)))
		for _, k := range keys {
			e.str(k.String())
			e.value(v.MapIndex(k))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				panic("build: cannot keep the unexported field " + t.Field(i).Name + " of " + t.String())
			}
			e.value(v.Field(i))
		}
	default:
		panic("build: cannot keep a " + v.Type().String())
	}
}

// dec reads what enc wrote from s. After the first error every read
// returns a zero value and err stays set.
type dec struct {
	s   string
	err error
}

func (d *dec) fail() { d.err, d.s = errCorrupt, "" }

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint([]byte(d.s[:min(len(d.s), binary.MaxVarintLen64)]))
	if n <= 0 {
		d.fail()
		return 0
	}
	d.s = d.s[n:]
	return v
}

func (d *dec) int() int {
	v, n := binary.Varint([]byte(d.s[:min(len(d.s), binary.MaxVarintLen64)]))
	if n <= 0 || int64(int(v)) != v {
		d.fail()
		return 0
	}
	d.s = d.s[n:]
	return int(v)
}

func (d *dec) bytes(n int) string {
	if n < 0 || n > len(d.s) {
		d.fail()
		return ""
	}
	b := d.s[:n]
	d.s = d.s[n:]
	return b
}

func (d *dec) u64() uint64 {
	b := d.bytes(8)
	if len(b) < 8 {
		return 0
	}
	return binary.LittleEndian.Uint64([]byte(b))
}

func (d *dec) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return ""
	}
	return d.bytes(int(n))
}

func (d *dec) bool() bool {
	switch d.bytes(1) {
	case "\x00":
		return false
	case "\x01":
		return true
	}
	d.fail()
	return false
}

// count reads the length of a list whose items take at least size bytes
// each, so that no length can make the decoder allocate more than a few
// times what the file holds.
func (d *dec) count(size int) int {
	n := d.uvarint()
	if n > uint64(len(d.s)/size) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *dec) key() statKey {
	k := statKey{Size: int64(d.uvarint()), Mtime: int64(d.uvarint()), Ctime: int64(d.uvarint()), Ino: d.uvarint(), Dev: d.uvarint(), Nlink: d.uvarint()}
	if m := d.uvarint(); m <= math.MaxUint32 {
		k.Mode = uint32(m)
	} else {
		d.fail()
	}
	return k
}

func (d *dec) markup() *markup {
	m := &markup{gen: d.u64(), themeIDs: d.u64(), res: &markdown.Result{}}
	m.deps = make([]dep, d.count(5))
	for i := range m.deps {
		m.deps[i] = dep{fileAt: d.bool(), info: d.bool(), arg: d.str(), answer: d.str(), err: d.str()}
	}
	r := m.res
	r.Headings = make([]markdown.Heading, d.count(3))
	for i := range r.Headings {
		r.Headings[i] = markdown.Heading{Level: d.int(), ID: d.str(), Text: d.str()}
	}
	r.Sections = make([]markdown.Section, d.count(8))
	for i := range r.Sections {
		r.Sections[i] = markdown.Section{Level: d.int(), ID: d.str(), Heading: d.str(), HeadingHTML: d.str(), Text: d.str(),
			HeadingStart: d.int(), Start: d.int(), End: d.int()}
	}
	r.Links = make([]markdown.Link, d.count(7))
	for i := range r.Links {
		r.Links[i] = markdown.Link{Line: d.int(), Dest: d.str(), Kind: markdown.LinkKind(d.uvarint()), Image: d.bool(), NoAlt: d.bool(),
			Target: d.str(), Fragment: d.str()}
	}
	r.Diags = d.diags()
	return m
}

func (d *dec) diags() diag.List {
	n := d.count(9)
	if n == 0 {
		return nil
	}
	l := make(diag.List, n)
	for i := range l {
		l[i] = diag.Diagnostic{Pos: diag.Pos{File: d.str(), Line: d.int(), Col: d.int()}, Severity: diag.Severity(d.int()),
			Code: diag.Code(d.uvarint()), Msg: d.str(), Hint: d.str(), Strict: d.bool(), Excerpt: d.str()}
	}
	return l
}

// page reads what enc.page wrote.
func (d *dec) page() content.Loaded {
	if !d.bool() {
		return content.Loaded{}
	}
	p := &content.Page{}
	d.value(reflect.ValueOf(p).Elem())
	return content.Loaded{Page: p, Diags: d.diags()}
}

// value reads into v what enc.value wrote of a value of its type.
func (d *dec) value(v reflect.Value) {
	if d.err != nil {
		return
	}
	if v.Type() == timeType {
		var t time.Time
		if err := t.UnmarshalBinary([]byte(d.str())); err != nil {
			d.fail()
			return
		}
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(d.str())
	case reflect.Bool:
		v.SetBool(d.bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := int64(d.int())
		if v.OverflowInt(n) {
			d.fail()
			return
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := d.uvarint()
		if v.OverflowUint(n) {
			d.fail()
			return
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(math.Float64frombits(d.u64()))
	case reflect.Pointer:
		if d.bool() {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		d.value(v.Elem())
	case reflect.Slice:
		isNil := d.bool()
		n := d.count(1)
		if isNil {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			d.value(v.Index(i))
		}
	case reflect.Map:
		isNil := d.bool()
		n := d.count(2)
		if isNil {
			return
		}
		v.Set(reflect.MakeMapWithSize(v.Type(), n))
		for range n {
			k := reflect.New(v.Type().Key()).Elem()
			k.SetString(d.str())
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			d.value(v.Field(i))
		}
	default:
		d.fail()
	}
}

// encodeSearch and decodeSearch carry the search index's analyses and
// compressed files (search.Cache).
func encodeSearch(c *search.Cache) ([]byte, error) { return c.AppendBinary(nil) }

func decodeSearch(c *search.Cache, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	return c.UnmarshalBinary(data)
}

// verifiedManifest returns the marker's list of the files of the output
// folder out when the folder holds exactly those files, each with the
// bytes the marker gives it, and nothing else: no other file, no folder
// the files do not need, no symbolic link, no file with a second name.
// It reads every file. A build uses it when the build record cannot say
// the folder is as the last build left it (stat keys change when CI
// restores the folder from its cache) but the cache file's output keys
// were written with this marker.
func verifiedManifest(ctx context.Context, out string, workers int) *manifest {
	m := intactManifest(out)
	if m == nil {
		return nil
	}
	dirs := map[string]bool{".": true}
	for name := range m.Files {
		for d := path.Dir(name); !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var files []string
	seenDirs := 0
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		switch {
		case e.IsDir():
			if !dirs[rel] {
				return errDoubtful
			}
			seenDirs++
		case !e.Type().IsRegular():
			return errDoubtful
		case rel == MarkerFile:
		default:
			if _, ok := m.Files[rel]; !ok {
				return errDoubtful
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil || len(files) != len(m.Files) || seenDirs != len(dirs) {
		return nil
	}
	var bad atomic.Bool
	parallel.For(ctx, workers, len(files), func(_, i int) {
		if bad.Load() {
			return
		}
		name := files[i]
		f, err := os.Open(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			bad.Store(true)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || !info.Mode().IsRegular() || info.Size() != m.Sizes[name] || links(info) != 1 {
			bad.Store(true)
			return
		}
		data := make([]byte, info.Size())
		if _, err := io.ReadFull(f, data); err != nil || hashOf(data) != m.Files[name] {
			bad.Store(true)
		}
	})
	if bad.Load() || ctx.Err() != nil {
		return nil
	}
	return m
}

// links returns the number of names of the file info describes, or 0
// when it is not known.
func links(info fs.FileInfo) uint64 {
	k, ok := keyOf(info)
	if !ok {
		return 0
	}
	return k.Nlink
}
