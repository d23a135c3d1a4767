package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// recorded is the options of a build that keeps a record, for the tests:
// the inputs the tests write are seconds old at most.
func recorded(dir, out string) Options {
	return Options{Root: dir, Out: out, Now: now, Record: true, recordMargin: -time.Hour}
}

// recordedSite returns the site of testdata/sites/site.txtar, an output
// folder for it and the options of a build that keeps a record.
func recordedSite(t *testing.T) (dir, out string, opt Options) {
	t.Helper()
	needRecords(t)
	dir = testsite.FromFile(t, "testdata/sites/site.txtar")
	out = filepath.Join(t.TempDir(), "public")
	return dir, out, recorded(dir, out)
}

func needRecords(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("build records need the stat keys of Linux")
	}
}

// buildRecorded builds with a record and fails the test on errors.
func buildRecorded(t *testing.T, opt Options) *Result {
	t.Helper()
	res, l := Run(context.Background(), opt)
	if l.HasErrors() {
		t.Fatalf("build failed:\n%s", text(l))
	}
	return res
}

// TestRecordNothingChanged builds twice with a record: the second build
// does nothing, reports the first one's findings and summary, and leaves
// the output byte for byte what a clean build makes.
func TestRecordNothingChanged(t *testing.T) {
	dir, out, opt := recordedSite(t)
	first, l1 := Run(context.Background(), opt)
	if l1.HasErrors() || first.Unchanged {
		t.Fatalf("first build: unchanged %v\n%s", first.Unchanged, text(l1))
	}
	if _, err := os.Stat(recordPath(out)); err != nil {
		t.Fatalf("no record: %v", err)
	}
	second, l2 := Run(context.Background(), opt)
	if !second.Unchanged {
		t.Fatal("the second build did not find that nothing had changed")
	}
	if text(l1) != text(l2) {
		t.Errorf("findings differ:\nfirst:\n%s\nsecond:\n%s", text(l1), text(l2))
	}
	if !reflect.DeepEqual(first.Pages, second.Pages) || first.Files != second.Files || first.Bytes != second.Bytes || first.Tags != second.Tags {
		t.Errorf("summary %+v, want %+v", second, first)
	}
	clean, _ := mustBuild(t, dir, Options{Now: now})
	if d := testsite.Diff(testsite.Tree(t, clean), testsite.Tree(t, out)); d != "" {
		t.Errorf("the output differs from a clean build:\n%s", d)
	}
	// A build without a record changes the folder: the record no longer
	// holds.
	if _, l := Run(context.Background(), Options{Root: dir, Out: out, Now: now}); l.HasErrors() {
		t.Fatal(text(l))
	}
	if buildRecorded(t, opt).Unchanged {
		t.Error("a build after another one without a record found nothing changed")
	}
}

// TestRecordInvalidated changes one thing after a build with a record, an
// input, the output, an option, the clock or the record itself, and
// builds again: the build is made (or, for a file touched but not
// changed, found unchanged by its bytes), and the output is what a clean
// build makes.
func TestRecordInvalidated(t *testing.T) {
	needRecords(t)
	write := func(name, data string) func(t *testing.T, dir, out string) {
		return func(t *testing.T, dir, out string) {
			f := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	edit := func(name string, f func([]byte) []byte) func(t *testing.T, dir, out string) {
		return func(t *testing.T, dir, out string) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	inOut := func(f func(t *testing.T, out string)) func(t *testing.T, dir, out string) {
		return func(t *testing.T, _, out string) { f(t, out) }
	}
	sameSize := func(data []byte) []byte {
		// An edit that keeps the size, and the modification time.
		d := bytes.Clone(data)
		i := bytes.LastIndexByte(d[:len(d)-1], '\n')
		d[i+1] ^= 0x20
		return d
	}
	for _, tc := range []struct {
		name string
		// before changes the site before the first build, change after.
		before, change func(t *testing.T, dir, out string)
		opt            func(*Options)
		unchanged      bool
		// wantErr is an error the build after must fail with.
		wantErr string
	}{
		{name: "edit a page", change: edit("content/articles/one.md", func(b []byte) []byte { return append(b, "More.\n"...) })},
		{name: "edit a page keeping its size and time", change: func(t *testing.T, dir, out string) {
			p := filepath.Join(dir, "content/articles/one.md")
			info, _ := os.Stat(p)
			edit("content/articles/one.md", sameSize)(t, dir, out)
			if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "add a page", change: write("content/articles/new.md", "---\ntitle: \"New\"\ndate: 2021-06-01\nsummary: \"New.\"\n---\nNew.\n")},
		{name: "remove a page", change: func(t *testing.T, dir, out string) {
			if err := os.Remove(filepath.Join(dir, "content/articles/three/index.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "edit an image", change: func(t *testing.T, dir, out string) {
			imgs, _ := filepath.Glob(filepath.Join(dir, "content/articles/three/*.svg"))
			if len(imgs) == 0 {
				t.Fatal("the site has no image")
			}
			rel, _ := filepath.Rel(dir, imgs[0])
			edit(filepath.ToSlash(rel), func(b []byte) []byte { return append(b, 0) })(t, dir, out)
		}},
		{name: "add a template", change: write("themes/nhs/templates/partials/footer.html", "<footer>Ours</footer>\n")},
		{name: "edit the configuration", change: edit("signpost.toml", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`title = "Test KB"`), []byte(`title = "Test KB, renamed"`), 1)
		})},
		{name: "touch a page", unchanged: true, change: func(t *testing.T, dir, out string) {
			later := time.Now().Add(time.Minute)
			if err := os.Chtimes(filepath.Join(dir, "content/articles/one.md"), later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "an editor's swap file", unchanged: true, change: write("content/articles/.one.md.swp", "swap")},
		{name: "other options", opt: func(o *Options) { o.Drafts = true }},
		{name: "another base address", opt: func(o *Options) { o.BaseURL = "https://example.org/other/" }},
		{name: "a day on", opt: func(o *Options) { o.Now = o.Now.AddDate(0, 0, 1) }, unchanged: true},
		{name: "a year on, no page due", opt: func(o *Options) { o.Now = o.Now.AddDate(1, 0, 0) }, unchanged: true},
		{name: "a page expires", before: write("content/articles/soon.md", "---\ntitle: \"Soon gone\"\ndate: 2025-12-01\nexpires: 2026-01-05\nsummary: \"Briefly.\"\n---\nSoon.\n"),
			opt: func(o *Options) { o.Now = o.Now.AddDate(0, 0, 7) }},
		{name: "a page comes due", before: write("content/articles/later.md", "---\ntitle: \"Later\"\ndate: 2026-01-03\nsummary: \"Later.\"\n---\nLater.\n"),
			opt: func(o *Options) { o.Now = o.Now.AddDate(0, 0, 7) }},
		{name: "the clock set back", opt: func(o *Options) { o.Now = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC) }},
		{name: "an output file edited", change: inOut(func(t *testing.T, out string) {
			edit("index.html", func(b []byte) []byte { return append(b, "<script>x()</script>"...) })(t, out, "")
		})},
		{name: "an output file edited as sed -i does", change: inOut(func(t *testing.T, out string) {
			p := filepath.Join(out, "articles/index.html")
			data, _ := os.ReadFile(p)
			info, _ := os.Stat(p)
			if err := os.WriteFile(p+".sed", sameSize(data), 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(p+".sed", info.ModTime(), info.ModTime())
			if err := os.Rename(p+".sed", p); err != nil {
				t.Fatal(err)
			}
		})},
		{name: "an output file removed", change: inOut(func(t *testing.T, out string) {
			if err := os.Remove(filepath.Join(out, "robots.txt")); err != nil {
				t.Fatal(err)
			}
		})},
		{name: "an output file added", wantErr: "holds files signpost did not make", change: inOut(func(t *testing.T, out string) {
			if err := os.WriteFile(filepath.Join(out, "articles", "extra.html"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		})},
		{name: "an output file linked elsewhere", change: inOut(func(t *testing.T, out string) {
			if err := os.Link(filepath.Join(out, "index.html"), filepath.Join(t.TempDir(), "elsewhere")); err != nil {
				t.Fatal(err)
			}
		})},
		{name: "the record cut short", change: inOut(func(t *testing.T, out string) {
			data, _ := os.ReadFile(recordPath(out))
			os.WriteFile(recordPath(out), data[:len(data)/2], 0o644)
		})},
		{name: "the record edited", change: inOut(func(t *testing.T, out string) {
			data, _ := os.ReadFile(recordPath(out))
			os.WriteFile(recordPath(out), bytes.Replace(data, []byte(`"tags":`), []byte(`"tags":1`), 1), 0o644)
		})},
		{name: "a record of another version", change: inOut(func(t *testing.T, out string) {
			data, _ := os.ReadFile(recordPath(out))
			os.WriteFile(recordPath(out), bytes.Replace(data, []byte(recordFormat), []byte("signpost build record 0"), 1), 0o644)
		})},
		{name: "a record of another executable", change: inOut(func(t *testing.T, out string) {
			r := readRecord(out)
			if r == nil {
				t.Fatal("no record")
			}
			r.Exe = strings.Repeat("0", 64)
			r.ExePath = ""
			os.WriteFile(recordPath(out), r.encode(), 0o644)
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testsite.FromFile(t, "testdata/sites/site.txtar")
			out := filepath.Join(t.TempDir(), "public")
			opt := recorded(dir, out)
			if tc.before != nil {
				tc.before(t, dir, out)
			}
			buildRecorded(t, opt)
			if tc.change != nil {
				tc.change(t, dir, out)
			}
			if tc.opt != nil {
				tc.opt(&opt)
			}
			if tc.wantErr != "" {
				if _, l := Run(context.Background(), opt); !strings.Contains(text(l), tc.wantErr) {
					t.Fatalf("the build gave\n%s\nwant an error saying %q", text(l), tc.wantErr)
				}
				return
			}
			res := buildRecorded(t, opt)
			if res.Unchanged != tc.unchanged {
				t.Fatalf("unchanged = %v, want %v", res.Unchanged, tc.unchanged)
			}
			if tc.unchanged {
				// Found the same by their bytes, the inputs' stat keys are
				// recorded for the next build.
				in, err := readInputs(dir, layout.New("", ""))
				if r := readRecord(out); err != nil || r == nil || r.InputStat != in.stat {
					t.Errorf("the record was not brought up to date with the inputs' stat keys (%v)", err)
				}
			}
			clean, _ := mustBuild(t, dir, Options{Now: opt.Now, Drafts: opt.Drafts, BaseURL: opt.BaseURL})
			if d := testsite.Diff(testsite.Tree(t, clean), testsite.Tree(t, out)); d != "" {
				t.Errorf("the output differs from a clean build:\n%s", d)
			}
			// And the record of this build holds for the next.
			if !tc.unchanged && !buildRecorded(t, opt).Unchanged {
				t.Error("the build after found something changed")
			}
		})
	}
}

// TestRecordInterrupted interrupts a build after an edit: it leaves no
// record that claims the edit is built, and the next build makes it.
func TestRecordInterrupted(t *testing.T) {
	dir, out, opt := recordedSite(t)
	buildRecorded(t, opt)
	writeFile(t, dir, "content/articles/one.md", "---\ntitle: \"One\"\ndate: 2020-01-01\nsummary: \"First.\"\ntags: [alpha]\n---\nOne, edited.\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := opt
	stopped.Workers = 1
	stopped.Progress = func(done, total int) { cancel() }
	if _, l := Run(ctx, stopped); !l.HasErrors() {
		t.Fatal("the interrupted build succeeded")
	}
	if r := readRecord(out); r != nil {
		t.Fatal("an interrupted build left a record")
	}
	res := buildRecorded(t, opt)
	if res.Unchanged {
		t.Fatal("the build after an interrupted one found nothing changed")
	}
	clean, _ := mustBuild(t, dir, Options{Now: now})
	if d := testsite.Diff(testsite.Tree(t, clean), testsite.Tree(t, out)); d != "" {
		t.Errorf("the output differs from a clean build:\n%s", d)
	}
}

// TestRecordNotWhileInputsChange: a build whose inputs changed just
// before it started writes no record, since a later change in the same
// tick of the file system's clock could go unseen.
func TestRecordNotWhileInputsChange(t *testing.T) {
	_, out, opt := recordedSite(t)
	opt.recordMargin = time.Hour // every input changed "just now"
	buildRecorded(t, opt)
	if readRecord(out) != nil {
		t.Error("a record was written for inputs that had just changed")
	}
}

// FuzzParseRecord feeds parseRecord records whole, cut short and
// scrambled: it never panics, and what it accepts encodes to the same
// bytes.
func FuzzParseRecord(f *testing.F) {
	r := &record{Exe: strings.Repeat("a", 64), ExePath: "/usr/bin/signpost", ExeKey: statKey{Size: 1, Mtime: 2, Ctime: 3, Ino: 4, Dev: 5, Nlink: 1, Mode: 0o755},
		Settings: strings.Repeat("b", 64), From: -5, Until: 10, InputStat: strings.Repeat("c", 64), InputContent: strings.Repeat("d", 64),
		Result:  `{"pages":{"article":2},"tags":1,"organisations":0,"files":3,"bytes":40,"findings":[{"severity":1,"code":3,"message":"m \"q\""}]}`,
		Inputs:  []recordInput{{Path: "signpost.toml", Key: statKey{Size: 9, Ino: 3}, Sum: [32]byte{1, 2}}, {Path: "content/a \"b\".md", Sum: [32]byte{31: 9}}},
		Outputs: []recordEntry{{Path: ".", Key: statKey{Mode: 0o40755}}, {Path: "index.html", Key: statKey{Size: 40}}, {Path: "a b/\"c\".html"}}}
	good := r.encode()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:len(good)-1])
	f.Add([]byte(recordFormat + "\nsum 00\n"))
	f.Add(bytes.Replace(good, []byte("index.html"), []byte("../etc"), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		// As it comes, and with its checksum made to match, so that the
		// fuzzer reaches the fields past it.
		for _, data := range [][]byte{data, resealed(data)} {
			r, err := parseRecord(data)
			if err != nil {
				continue
			}
			if again := r.encode(); !bytes.Equal(again, data) {
				t.Fatalf("accepted a record that encodes differently:\n%q\n%q", data, again)
			}
		}
	})
}

// resealed gives the record data, edited, the checksum of its new body.
func resealed(data []byte) []byte {
	head, rest, _ := bytes.Cut(data, []byte("\n"))
	_, body, _ := bytes.Cut(rest, []byte("\n"))
	sum := sha256.Sum256(body)
	return fmt.Appendf(nil, "%s\nsum %x\n%s", head, sum, body)
}

func TestParseRecord(t *testing.T) {
	r := &record{Exe: strings.Repeat("a", 64), ExePath: "/x", Settings: strings.Repeat("b", 64), InputStat: strings.Repeat("c", 64), InputContent: strings.Repeat("d", 64),
		Result: `{"pages":{},"tags":0,"organisations":0,"files":1,"bytes":0,"findings":[]}`, Outputs: []recordEntry{{Path: "."}, {Path: "x.html", Key: statKey{Size: 3}}},
		Inputs: []recordInput{{Path: "content/x.md", Key: statKey{Size: 3, Mtime: 4}, Sum: [32]byte{7}}}}
	good := r.encode()
	withInputs := func(in ...recordInput) []byte {
		r2 := *r
		r2.Inputs = in
		return r2.encode()
	}
	if got, err := parseRecord(good); err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("parseRecord(encode(r)) = %+v, %v; want %+v", got, err, r)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"cut short", good[:len(good)-5]},
		{"one byte changed", bytes.Replace(good, []byte("x.html"), []byte("y.html"), 1)},
		{"another version", bytes.Replace(good, []byte(recordFormat), []byte("signpost build record 1"), 1)},
		{"an input twice", withInputs(r.Inputs[0], r.Inputs[0])},
		{"an input out of the folder", withInputs(recordInput{Path: "../x.md"})},
		{"an input's sum cut short", resealed(bytes.Replace(withInputs(r.Inputs[0]), []byte(" 07000000"), []byte(" 07"), 1))},
		{"an input's sum not a hash", resealed(bytes.Replace(withInputs(r.Inputs[0]), []byte(" 07000000"), []byte(" z7000000"), 1))},
		{"an input without a name", resealed(bytes.Replace(withInputs(r.Inputs[0]), []byte(` "content/x.md"`), nil, 1))},
		{"something after the end", append(bytes.Clone(good), "o 1 2 3 4 5 6 7 \"z\"\n"...)},
		{"a path out of the folder", (&record{Exe: r.Exe, Settings: r.Settings, InputStat: r.InputStat, InputContent: r.InputContent, Result: r.Result, Outputs: []recordEntry{{Path: "."}, {Path: "../x"}}}).encode()},
		{"a path twice", (&record{Exe: r.Exe, Settings: r.Settings, InputStat: r.InputStat, InputContent: r.InputContent, Result: r.Result, Outputs: []recordEntry{{Path: "."}, {Path: "x"}, {Path: "x"}}}).encode()},
		{"no output folder", (&record{Exe: r.Exe, Settings: r.Settings, InputStat: r.InputStat, InputContent: r.InputContent, Result: r.Result, Outputs: []recordEntry{{Path: "x"}}}).encode()},
		{"not a hash", (&record{Exe: "x", Settings: r.Settings, InputStat: r.InputStat, InputContent: r.InputContent, Result: r.Result, Outputs: r.Outputs}).encode()},
		{"a result that is not JSON", (&record{Exe: r.Exe, Settings: r.Settings, InputStat: r.InputStat, InputContent: r.InputContent, Result: "{", Outputs: r.Outputs}).encode()},
	} {
		if _, err := parseRecord(tc.data); err == nil {
			t.Errorf("%s: parseRecord accepted it", tc.name)
		}
	}
}

// TestContentDigestReadsChangedOnly: the digest of the inputs reads only
// the files whose stat keys differ from the last record's, and takes the
// others' sums from it.
func TestContentDigestReadsChangedOnly(t *testing.T) {
	needRecords(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		if err := os.WriteFile(filepath.Join(dir, "content", name), []byte("text of "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func() *inputs {
		in, err := readInputs(dir, layout.New("", ""))
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	in := read()
	clean, err := in.contentDigest(context.Background(), dir, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	prev := &record{Inputs: in.recorded()}
	// A sum the record gives for a file whose key is the same is taken
	// as it is, without reading the file: a wrong one shows it.
	prev.Inputs[0].Sum[0] ^= 1
	again := read()
	if d, err := again.contentDigest(context.Background(), dir, 2, prev); err != nil || d == clean {
		t.Errorf("with the record's sums: %s, %v; want a digest other than %s", d, err, clean)
	}
	// A file whose key changed is read.
	prev.Inputs[0].Key.Size++
	if d, err := read().contentDigest(context.Background(), dir, 2, prev); err != nil || d != clean {
		t.Errorf("with a key changed: %s, %v; want %s", d, err, clean)
	}
	if got := read(); got.files[0].path != prev.Inputs[0].Path {
		t.Fatalf("inputs in another order: %v", got.files)
	}
}

// FuzzParseKey: parseKey never panics, and a key it accepts is written
// back as the text it read.
func FuzzParseKey(f *testing.F) {
	f.Add(" 1 -2 3 4 5 6 7 rest")
	f.Add(" 0 0 0 0 0 0 0")
	f.Add(" -9223372036854775808 9223372036854775807 1 18446744073709551615 1 1 4294967295")
	f.Add(" 01 1 1 1 1 1 1")
	f.Add(" -0 1 1 1 1 1 1")
	f.Fuzz(func(t *testing.T, s string) {
		k, rest, err := parseKey(s)
		if err != nil {
			return
		}
		if got := string(k.append(nil)) + rest; got != s {
			t.Fatalf("parseKey(%q) = %+v, %q; written back %q", s, k, rest, got)
		}
	})
}
