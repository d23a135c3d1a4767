package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// filled sets every field of the struct v points to, recursively, to a
// value that is not its zero value, so that a field added to a struct the
// cache file holds fails TestCacheFileRoundTrip until the codec writes it.
func filled(t *testing.T, v reflect.Value, n *int) {
	t.Helper()
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n % 200))
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			filled(t, s.Index(i), n)
		}
		v.Set(s)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		filled(t, k, n)
		e := reflect.New(v.Type().Elem()).Elem()
		filled(t, e, n)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(time.Date(2024, 3, 5, 10, 0, *n, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			filled(t, v.Field(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		filled(t, v.Elem(), n)
	default:
		t.Fatalf("cannot fill a %s", v.Type())
	}
}

// TestCacheFileRoundTrip writes a cache file whose every field is set and
// reads it back: what it holds of a page is what the build kept.
func TestCacheFileRoundTrip(t *testing.T) {
	var n int
	var res markdown.Result
	filled(t, reflect.ValueOf(&res).Elem(), &n)
	res.HTML, res.Footnotes = "", "" // never kept
	deps := make([]dep, 3)
	deps[0] = dep{fileAt: true, arg: "/a/", answer: "content/a.md"}
	deps[1] = dep{info: true, arg: "content/x.png", answer: "10 2x3", err: "false"}
	deps[2] = dep{arg: "content/b.md", answer: "/b/", err: "b is a draft"}
	in := &diskCache{
		exe: "exe", settings: 7, seed: 9, marker: [32]byte{1, 2, 3}, gen: 12,
		files: map[string]*source{
			"content/a.md": {hash: 5, meta: 11, key: statKey{Size: 1, Mtime: 1 << 60, Ctime: 3, Ino: 4, Dev: 5, Nlink: 6, Mode: 0o100644}, markup: &markup{gen: 12, themeIDs: 4, deps: deps, res: &res}, entry: "<li>A</li>", entryKey: 6},
			"content/b.md": {hash: 8, markup: &markup{gen: 3, res: &markdown.Result{}}},
			"content/c.md": nil,                      // not read: not written
			"content/d.md": {hash: 1, entry: "<li>"}, // not rendered: not written
		},
		outputs: map[string]uint64{"a/index.html": 1, "index.html": 2},
		search:  []byte("search"),
	}
	data := encodedFile(t, in)
	out, err := decodeCache(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.exe != in.exe || out.settings != in.settings || out.seed != in.seed || out.marker != in.marker || out.gen != in.gen || string(out.search) != "search" {
		t.Errorf("header: got %+v", out)
	}
	if !reflect.DeepEqual(out.outputs, in.outputs) {
		t.Errorf("outputs: got %v, want %v", out.outputs, in.outputs)
	}
	if len(out.files) != 2 {
		t.Fatalf("files: got %d, want 2 (those with rendered Markdown)", len(out.files))
	}
	for _, name := range []string{"content/a.md", "content/b.md"} {
		got, want := out.files[name], in.files[name]
		if !got.stale || !got.restored || got.hash != want.hash || got.key != want.key || got.meta != want.meta || got.entry != want.entry || got.entryKey != want.entryKey {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
		if got.markup.gen != want.markup.gen || got.markup.themeIDs != want.markup.themeIDs || got.markup.html ||
			!reflect.DeepEqual(got.markup.deps, want.markup.deps) && len(want.markup.deps) > 0 {
			t.Errorf("%s: markup %+v, want %+v", name, got.markup, want.markup)
		}
		if len(want.markup.res.Headings) > 0 && !reflect.DeepEqual(*got.markup.res, *want.markup.res) {
			t.Errorf("%s: rendered Markdown\n got %+v\nwant %+v", name, *got.markup.res, *want.markup.res)
		}
	}

	// Every cut and every flipped byte is found out.
	for i := 0; i < len(data); i += max(1, len(data)/200) {
		if _, err := decodeCache(context.Background(), data[:i], nil); err == nil {
			t.Errorf("cut at %d of %d: decoded", i, len(data))
		}
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x40
		if _, err := decodeCache(context.Background(), bad, nil); err == nil {
			t.Errorf("byte %d flipped: decoded", i)
		}
	}
}

// FuzzCacheFileBody decodes arbitrary bytes as a cache file's contents,
// past its checksum: it fails or decodes, and never panics.
func FuzzCacheFileBody(f *testing.F) {
	var res markdown.Result
	res.Headings = []markdown.Heading{{Level: 2, ID: "a", Text: "A"}}
	res.Diags = diag.List{{Pos: diag.Pos{File: "content/a.md", Line: 3}, Msg: "m"}}
	page := &content.Page{File: "content/a.md", Title: "A", Tags: []string{"t"}, Lines: map[string]int{"title": 2}, Interviewee: &content.Person{}}
	d := &diskCache{exe: "e", files: map[string]*source{"content/a.md": {markup: &markup{res: &res}, loaded: content.Loaded{Page: page}}}, outputs: map[string]uint64{"i": 1}}
	name := filepath.Join(f.TempDir(), "cache")
	w, _ := os.Create(name)
	if err := encodeCache(w, d, 0); err != nil {
		f.Fatal(err)
	}
	w.Close()
	data, _ := os.ReadFile(name)
	f.Add(data[diskHead:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		if d, err := decodeBody(context.Background(), body, nil); err == nil && d == nil {
			t.Fatal("no cache and no error")
		}
	})
}

// TestCacheFileDistrusted spoils the build cache after a build, in every
// way a file can be spoilt, and edits a page: the build after uses
// nothing of the file (it renders every page), and makes what a clean
// build makes.
func TestCacheFileDistrusted(t *testing.T) {
	needRecords(t)
	rewrite := func(t *testing.T, name string, change func(d *diskCache)) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := decodeCache(context.Background(), data, nil)
		if err != nil {
			t.Fatal(err)
		}
		change(d)
		f, _ := os.Create(name)
		if err := encodeCache(f, d, 0); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, name string)
	}{
		{"cut short", func(t *testing.T, name string) {
			data, _ := os.ReadFile(name)
			os.WriteFile(name, data[:len(data)/2], 0o644)
		}},
		{"a byte changed", func(t *testing.T, name string) {
			data, _ := os.ReadFile(name)
			data[len(data)*2/3] ^= 1
			os.WriteFile(name, data, 0o644)
		}},
		{"from another version of the format", func(t *testing.T, name string) {
			data, _ := os.ReadFile(name)
			data[len(diskMagic)]++
			os.WriteFile(name, data, 0o644)
		}},
		{"empty", func(t *testing.T, name string) { os.WriteFile(name, nil, 0o644) }},
		{"not a cache file", func(t *testing.T, name string) { os.WriteFile(name, []byte("<html>\n"), 0o644) }},
		{"a folder", func(t *testing.T, name string) {
			os.Remove(name)
			os.MkdirAll(filepath.Join(name, "x"), 0o755)
		}},
		{"of another executable", func(t *testing.T, name string) {
			rewrite(t, name, func(d *diskCache) { d.exe = "0000" })
		}},
		{"for other settings", func(t *testing.T, name string) {
			rewrite(t, name, func(d *diskCache) { d.settings++ })
		}},
		{"with another seed", func(t *testing.T, name string) {
			rewrite(t, name, func(d *diskCache) { d.seed++ })
		}},
		{"of another site", func(t *testing.T, name string) {
			dir := testsite.FromFile(t, "testdata/sites/site.txtar")
			other := filepath.Join(t.TempDir(), "public")
			buildRecorded(t, recorded(dir, other))
			data, err := os.ReadFile(cachePath("", other))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(name, data, 0o644)
		}},
		{"its output keys for another marker", func(t *testing.T, name string) {
			rewrite(t, name, func(d *diskCache) { d.marker[0]++; d.files = nil })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testsite.FromFile(t, "testdata/sites/site.txtar")
			out := filepath.Join(t.TempDir(), "public")
			opt := recorded(dir, out)
			first := buildRecorded(t, opt)
			tc.change(t, cachePath("", out))
			writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\nOne, edited.\n")
			res := buildRecorded(t, opt)
			if res.Rendered != first.Rendered {
				t.Errorf("rendered %d pages, want all %d: the cache file was used", res.Rendered, first.Rendered)
			}
			checkClean(t, tc.name, dir, out, opt)
			if tc.name == "a folder" {
				return
			}
			// The build wrote a good cache file again.
			writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\nOne, edited again.\n")
			if res := buildRecorded(t, opt); res.Rendered != 1 {
				t.Errorf("after: rendered %d pages, want 1", res.Rendered)
			}
			checkClean(t, tc.name+", after", dir, out, opt)
		})
	}
}

// TestCacheFileOfAnEarlierBuild puts back the cache file of the build
// before last: its rendered Markdown is still good for the pages whose
// bytes are the same, but its output keys describe a folder that is no
// longer there, so every page is written again, and the output is a
// clean build's.
func TestCacheFileOfAnEarlierBuild(t *testing.T) {
	needRecords(t)
	dir, out, opt := recordedSite(t)
	first := buildRecorded(t, opt)
	saved, err := os.ReadFile(cachePath("", out))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/articles/two.md", "---\ntitle: \"Two\"\ndate: 2020-02-01\nsummary: \"Second.\"\ntags: [alpha, beta]\n---\nTwo, edited. See [one](one.md).\n")
	buildRecorded(t, opt)
	os.WriteFile(cachePath("", out), saved, 0o644)
	writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One, retitled\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\nOne, edited.\n")
	if res := buildRecorded(t, opt); res.Rendered != first.Rendered {
		t.Errorf("rendered %d pages, want all %d", res.Rendered, first.Rendered)
	}
	checkClean(t, "after", dir, out, opt)
}

// TestCacheDir keeps the build cache in a folder of the caller's choosing
// (a CI cache), not beside the output folder. A CI job that restores the
// output folder and the cache folder from an earlier job's (every file
// new to the file system, the record gone) updates the folder in place,
// rendering only what changed: the folder's bytes are checked against the
// marker instead. A job with an empty output folder renders everything.
func TestCacheDir(t *testing.T) {
	needRecords(t)
	dir, out, opt := recordedSite(t)
	opt.CacheDir = filepath.Join(t.TempDir(), "ci-cache")
	first := buildRecorded(t, opt)
	if _, err := os.Stat(cachePath("", out)); err == nil {
		t.Error("the cache file is beside the output folder")
	}
	if files, _ := filepath.Glob(filepath.Join(opt.CacheDir, "public-*.signpost-cache")); len(files) != 1 {
		t.Fatalf("cache folder holds %v, want one cache file", files)
	}

	restore := func(t *testing.T, change func(tree map[string][]byte)) {
		t.Helper()
		tree := testsite.Tree(t, out)
		marker, err := os.ReadFile(filepath.Join(out, MarkerFile))
		if err != nil {
			t.Fatal(err)
		}
		tree[MarkerFile] = marker
		change(tree)
		os.RemoveAll(out)
		os.Remove(recordPath(out))
		for name, data := range tree {
			p := filepath.Join(out, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	edit := func(body string) {
		writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\n"+body+"\n")
	}

	restore(t, func(map[string][]byte) {})
	edit("One, edited in CI.")
	if res := buildRecorded(t, opt); res.Rendered != 1 {
		t.Errorf("restored folder: rendered %d pages, want 1", res.Rendered)
	}
	checkClean(t, "restored", dir, out, opt)

	for _, tc := range []struct {
		name   string
		change func(tree map[string][]byte)
	}{
		{"a page edited", func(tree map[string][]byte) {
			tree["articles/two/index.html"] = append(tree["articles/two/index.html"], " "...)
		}},
		{"a page removed", func(tree map[string][]byte) { delete(tree, "articles/two/index.html") }},
		{"a page copied", func(tree map[string][]byte) { tree["articles/one/index.html"] = tree["articles/two/index.html"] }},
	} {
		restore(t, tc.change)
		edit("One, edited after " + tc.name + ".")
		if res := buildRecorded(t, opt); res.Rendered != first.Rendered {
			t.Errorf("restored with %s: rendered %d pages, want all %d", tc.name, res.Rendered, first.Rendered)
		}
		checkClean(t, "restored with "+tc.name, dir, out, opt)
	}

	// A file added is no file of signpost's: the build refuses to
	// replace the folder, as a build without the cache would.
	restore(t, func(tree map[string][]byte) { tree["articles/extra.html"] = []byte("<p>planted</p>") })
	if m := verifiedManifest(t.Context(), out, 1); m != nil {
		t.Error("a folder with a file added was verified")
	}

	os.RemoveAll(out)
	os.Remove(recordPath(out))
	edit("One, edited into an empty folder.")
	if res := buildRecorded(t, opt); res.Rendered != first.Rendered {
		t.Errorf("empty folder: rendered %d pages, want all %d", res.Rendered, first.Rendered)
	}
	checkClean(t, "empty folder", dir, out, opt)

	opt.NoCache = true
	edit("One, edited without the cache.")
	if res := buildRecorded(t, opt); res.Rendered != first.Rendered {
		t.Errorf("NoCache: rendered %d pages, want all %d", res.Rendered, first.Rendered)
	}
	checkClean(t, "no cache", dir, out, opt)
}

// TestCacheDirRefused refuses a cache folder where a build would publish
// or replace it.
func TestCacheDirRefused(t *testing.T) {
	dir, out, opt := recordedSite(t)
	for _, tc := range []struct{ cache, want string }{
		{filepath.Join(dir, "content", "cache"), "inside the content folder"},
		{filepath.Join(dir, "content"), "inside the content folder"},
		{filepath.Join(dir, "themes", "nhs", "x"), "inside the theme's folder"},
		{filepath.Join(out, "cache"), "inside the output folder"},
	} {
		o := opt
		o.CacheDir = tc.cache
		_, existed := os.Stat(tc.cache)
		_, l := Run(t.Context(), o)
		if !l.HasErrors() || !strings.Contains(text(l), "--cache: the cache folder "+tc.cache+" is "+tc.want) {
			t.Errorf("%s: got\n%s", tc.cache, text(l))
		}
		if _, err := os.Stat(tc.cache); err == nil && existed != nil {
			t.Errorf("%s: made", tc.cache)
		}
	}
	o := opt
	o.CacheDir = filepath.Join(dir, ".signpost-cache")
	buildRecorded(t, o)
}

// TestCacheNotSaved warns, and still builds, when the cache file cannot
// be written.
func TestCacheNotSaved(t *testing.T) {
	needRecords(t)
	_, _, opt := recordedSite(t)
	opt.CacheDir = filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(opt.CacheDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, l := Run(t.Context(), opt)
	if l.HasErrors() || !strings.Contains(text(l), "warning: cannot save the build cache "+opt.CacheDir) || !strings.Contains(text(l), "the next build will render every page") {
		t.Errorf("got\n%s", text(l))
	}
}

// TestCacheFilePages builds each test site with a record and reads its
// cache file back: every page it holds is, field for field, the page
// (and the findings) that parsing its file again gives, so a build that
// takes a page from the cache file instead of parsing the file sees the
// same page. A page whose every field is set survives the trip too.
func TestCacheFilePages(t *testing.T) {
	needRecords(t)
	sites, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, site := range sites {
		dir := testsite.FromFile(t, site)
		out := filepath.Join(t.TempDir(), "public")
		buildRecorded(t, recorded(dir, out))
		_, d := readCacheFile(t, out)
		pages := 0
		for name, s := range d.files {
			if s.loaded.Page == nil {
				continue
			}
			pages++
			src, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want := content.ParseFile("content", name, src)
			if !reflect.DeepEqual(s.loaded.Page, want.Page) {
				t.Errorf("%s: %s: got\n%+v\nwant\n%+v", site, name, *s.loaded.Page, *want.Page)
			}
			if !reflect.DeepEqual(s.loaded.Diags, want.Diags) {
				t.Errorf("%s: %s: findings %v, want %v", site, name, s.loaded.Diags, want.Diags)
			}
			// Its fingerprint, kept with it, is the page's under the
			// file's seed.
			c := &Cache{seed: d.seed}
			if got, want := s.meta, c.pageMeta(want.Page); got != want {
				t.Errorf("%s: %s: fingerprint %x, want %x", site, name, got, want)
			}
		}
		if pages == 0 {
			t.Errorf("%s: no page in the cache file", site)
		}
	}

	var n int
	var p content.Page
	filled(t, reflect.ValueOf(&p).Elem(), &n)
	p.Invalid = false // an invalid page is parsed again: not kept
	var e enc
	e.page(content.Loaded{Page: &p, Diags: diag.List{{Msg: "m"}}})
	dd := &dec{s: string(e.b)}
	got := dd.page()
	if dd.err != nil || dd.s != "" || !reflect.DeepEqual(*got.Page, p) || len(got.Diags) != 1 {
		t.Errorf("a page with every field set: got %+v, want %+v (%v)", got.Page, p, dd.err)
	}
}

// TestCacheFileFindings gives a page a finding of its front matter (a
// field name in capitals), then edits another page: the build, which
// takes the first page from the cache file rather than parsing it again,
// reports its finding as a build that parsed it would.
func TestCacheFileFindings(t *testing.T) {
	needRecords(t)
	dir, _, opt := recordedSite(t)
	writeFile(t, dir, "content/articles/two.md", "---\ntitle: \"Two\"\ndate: 2020-01-02\nsummary: \"Second.\"\nTags: [alpha, beta]\n---\nTwo.\n")
	first, l := Run(t.Context(), opt)
	if l.HasErrors() || !strings.Contains(text(l), "content/articles/two.md:5: warning: Tags: field names are lower case") {
		t.Fatalf("first build:\n%s", text(l))
	}
	writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\naliases: [\"/old/one/\", \"/old/one.html\"]\n---\nOne, edited.\n")
	res, l := Run(t.Context(), opt)
	if l.HasErrors() || res.Rendered >= first.Rendered {
		t.Fatalf("rendered %d pages of %d; the cache was not used:\n%s", res.Rendered, first.Rendered, text(l))
	}
	if !strings.Contains(text(l), "content/articles/two.md:5: warning: Tags: field names are lower case") {
		t.Errorf("the finding of the page taken from the cache is missing:\n%s", text(l))
	}
}

// TestCacheFileStatKeys: a page a cache file holds is not read again when
// the build finds its file with the stat key it had when the cache's build
// read it; its body is read only if it is rendered. With another key, or
// none the build can trust, the file is read.
func TestCacheFileStatKeys(t *testing.T) {
	const name = "content/articles/a.md"
	was := []byte("---\ntitle: Before\ndate: 2026-01-02\n---\nOld body.\n")
	now := []byte("---\ntitle: After\ndate: 2026-01-02\n---\nNew body.\n")
	fsys := fstest.MapFS{name: {Data: now}}
	key := statKey{Size: int64(len(was)), Mtime: 1, Ctime: 2, Ino: 3, Dev: 4, Nlink: 1, Mode: 0o100644}
	restored := func() *Cache {
		c := newCache(true)
		c.disk = true
		c.files[name] = &source{stale: true, restored: true, hash: c.seed.bytes(was), key: key,
			loaded: content.ParseFile("content", name, was), markup: &markup{res: &markdown.Result{}}}
		return c
	}
	for _, tc := range []struct {
		name      string
		key       statKey
		wantTitle string
	}{
		{"the same key", key, "Before"},
		{"another key", statKey{Size: key.Size, Mtime: 1, Ctime: 9, Ino: 3, Dev: 4, Nlink: 1, Mode: 0o100644}, "After"},
		{"no key to trust", statKey{}, "After"},
	} {
		c := restored()
		ld := c.loadFile(fsys, "content", name, tc.key)
		if ld.Page == nil || ld.Page.Title != tc.wantTitle {
			t.Fatalf("%s: loaded %+v; want the page titled %q", tc.name, ld.Page, tc.wantTitle)
		}
		if got := c.source(name).key; got != tc.key {
			t.Errorf("%s: the source keeps the key %+v; want %+v", tc.name, got, tc.key)
		}
		// The body, asked for only to render the page, is the file's.
		body, err := c.body(ld.Page)
		if err != nil || !strings.Contains(string(body), "New body.") {
			t.Errorf("%s: body %q, %v; want the file's", tc.name, body, err)
		}
	}
	// A file gone by the time its body is asked for is an error.
	c := restored()
	ld := c.loadFile(fstest.MapFS{}, "content", name, key)
	if _, err := c.body(ld.Page); err == nil {
		t.Error("the body of a file that is gone: no error")
	}
}

// TestCacheFileCopies rebuilds after edits through the cache file, whose
// encodings of the pages that did not change are copied into the next
// one: every page the file holds is what a clean build's file holds of
// it, and the file is what encoding every page again gives.
func TestCacheFileCopies(t *testing.T) {
	dir, out, opt := recordedSite(t)
	buildRecorded(t, opt)
	one := "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\n%s---\nOne. See [two](two.md).\n"
	edits := []func(){
		func() { appendFile(t, dir, "content/articles/one.md", "\nOne, edited.\n") },
		func() {
			writeFile(t, dir, "content/articles/new.md", "---\ntitle: \"New\"\ndate: 2020-03-01\nsummary: \"A new page.\"\ntags: [alpha]\n---\nNew, see [one](one.md).\n")
		},
		// The link of new.md leads elsewhere: its page is the same, its
		// rendering is not.
		func() { writeFile(t, dir, "content/articles/one.md", fmt.Sprintf(one, "slug: first\n")) },
		func() { appendFile(t, dir, "content/articles/two.md", "\nEdited.\n") },
	}
	for i, edit := range edits {
		edit()
		buildRecorded(t, opt)
		data, got := readCacheFile(t, out)
		// Encoding every page again gives the same bytes.
		got.encodeAll = true
		if b := encodedFile(t, got); !bytes.Equal(b, data) {
			t.Errorf("edit %d: encoding every page gives %d other bytes than the file's %d", i, len(b), len(data))
		}
		// A clean build's file holds the same of every page.
		cleanOut := filepath.Join(t.TempDir(), "public")
		buildRecorded(t, recorded(dir, cleanOut))
		_, clean := readCacheFile(t, cleanOut)
		if len(got.files) != len(clean.files) {
			t.Fatalf("edit %d: %d files, a clean build's %d", i, len(got.files), len(clean.files))
		}
		for name, c := range clean.files {
			g := got.files[name]
			if g == nil {
				t.Errorf("edit %d: %s is missing", i, name)
				continue
			}
			// (Fingerprints differ: each file has a seed of its own.)
			if g.entry == c.entry && reflect.DeepEqual(g.markup.res, c.markup.res) &&
				reflect.DeepEqual(g.markup.deps, c.markup.deps) && reflect.DeepEqual(g.loaded, c.loaded) {
				continue
			}
			t.Errorf("edit %d: %s is not what a clean build keeps", i, name)
		}
	}
}

// encodedFile returns the cache file encodeCache writes of d.
func encodedFile(t *testing.T, d *diskCache) []byte {
	t.Helper()
	name := filepath.Join(t.TempDir(), "cache")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := encodeCache(f, d, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readCacheFile reads and decodes the cache file of the output folder out.
func readCacheFile(t *testing.T, out string) ([]byte, *diskCache) {
	t.Helper()
	data, err := os.ReadFile(cachePath("", out))
	if err != nil {
		t.Fatal(err)
	}
	d, err := decodeCache(t.Context(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return data, d
}

func appendFile(t *testing.T, dir, name, data string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, filepath.FromSlash(name)), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
}
