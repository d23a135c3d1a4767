package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestManifestEncode checks the hand-written encoding against
// encoding/json's, and that it reads back.
func TestManifestEncode(t *testing.T) {
	for _, m := range []manifest{
		{Generator: "signpost", Files: map[string]string{}},
		{Generator: "signpost", Files: map[string]string{"index.html": "ab"}, Sizes: map[string]int64{"index.html": 12}},
		{Generator: "signpost", Files: map[string]string{
			"a/index.html": "01", "é/ü.html": "02", `q"uote\back.html`: "03", "<&>.html": "04", "tab\t.txt": "05", "ctl\x01\b\f\n\r.txt": "06", "sep\u2028\u2029.txt": "07",
		}, Sizes: map[string]int64{"a/index.html": 0, "é/ü.html": 1 << 40}},
	} {
		want, err := json.MarshalIndent(m, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		got := m.encode()
		if string(got) != string(want) {
			t.Errorf("encode:\n%s\nwant:\n%s", got, want)
		}
		back, err := parseManifest(got)
		if err != nil || len(back.Files) != len(m.Files) || len(back.Sizes) != len(m.Sizes) {
			t.Errorf("parseManifest(encode(%v)) = %v, %v", m, back, err)
		}
	}
}

// TestCheckOwned checks which output folders a build may replace: only
// an empty one, or one whose marker is a regular file that signpost wrote,
// whole, listing every file in the folder.
func TestCheckOwned(t *testing.T) {
	valid := string(manifest{Generator: "signpost", Files: map[string]string{"index.html": "ab", "a/b.html": "cd"}}.encode())
	for _, tc := range []struct {
		name   string
		marker string // "" for none; "->" + text for a symbolic link to a file holding text
		files  []string
		want   string // "" if the folder may be replaced
	}{
		{"empty", "", nil, ""},
		{"listed", valid, []string{"index.html", "a/b.html"}, ""},
		{"some listed files gone", valid, []string{"index.html"}, ""},
		{"temporary file of an update in place", valid, []string{"index.html", "a/.signpost-123.tmp"}, ""},
		{"no marker", "", []string{"index.html"}, "there is no .signpost file in it"},
		{"a file not listed", valid, []string{"index.html", "notes.txt"}, "it holds files signpost did not make (notes.txt)"},
		{"many files not listed", valid, []string{"1", "2", "3", "4", "5"}, "(1, 2, 3, …)"},
		{"garbage after the generator", `{"generator":"signpost" GARBAGE`, []string{"index.html"}, ".signpost is not a marker signpost wrote: it is not valid JSON"},
		{"garbage after the object", valid + "x", []string{"index.html"}, "it is not valid JSON"},
		{"generator only", `{"generator":"signpost"}`, []string{"index.html"}, "it does not list the files of the build"},
		{"files only", `{"files":{"index.html":"ab"}}`, []string{"index.html"}, "it does not say which program wrote it"},
		{"another generator", `{"generator":"hugo","files":{"index.html":"ab"}}`, []string{"index.html"}, `it says "hugo" wrote it`},
		{"empty marker", " ", []string{"index.html"}, "it is not valid JSON"},
		{"link to a real marker", "->" + valid, []string{"index.html"}, ".signpost is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.files {
				name := filepath.Join(out, filepath.FromSlash(f))
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			switch marker := filepath.Join(out, MarkerFile); {
			case strings.HasPrefix(tc.marker, "->"):
				real := filepath.Join(dir, "real-marker")
				if err := os.WriteFile(real, []byte(tc.marker[2:]), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(real, marker); err != nil {
					t.Fatal(err)
				}
			case tc.marker != "":
				if err := os.WriteFile(marker, []byte(tc.marker), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := checkOwned(out)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("accepted; want an error containing %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("error: %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

// FuzzParseManifest: what parseManifestAsWritten makes of a marker file is
// what encoding/json makes of it, and every manifest encode writes without
// escapes it reads itself.
func FuzzParseManifest(f *testing.F) {
	for _, m := range []manifest{
		{Generator: "signpost", Files: map[string]string{}},
		{Generator: "signpost", Files: map[string]string{"a.html": "x"}, Sizes: map[string]int64{"a.html": 3}},
		{Generator: "signpost", Files: map[string]string{"a/index.html": "1", "b é.html": "2", "c<d>.html": "3"}, Sizes: map[string]int64{"a/index.html": 0, "b é.html": -1, "c<d>.html": 1 << 62}},
	} {
		f.Add(m.encode())
	}
	f.Add([]byte(`{"generator": "signpost", "files": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := parseManifestAsWritten(data)
		if !ok {
			return
		}
		slow, err := parseManifestJSON(data)
		if err != nil {
			t.Fatalf("read %q as %+v; encoding/json: %v", data, fast, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("read %q as %+v; encoding/json as %+v", data, fast, slow)
		}
	})
}

// TestParseManifestAsWritten: a marker as encode writes it is read by the
// quick path; one with escapes, or laid out otherwise, by encoding/json,
// to the same manifest.
func TestParseManifestAsWritten(t *testing.T) {
	plain := manifest{Generator: "signpost", Files: map[string]string{"a/index.html": "1f", "b.html": "2e"}, Sizes: map[string]int64{"a/index.html": 10, "b.html": 0}}
	escaped := manifest{Generator: "signpost", Files: map[string]string{"a&b.html": "1"}, Sizes: map[string]int64{}}
	for _, tc := range []struct {
		name  string
		data  []byte
		quick bool
		want  manifest
	}{
		{"as written", plain.encode(), true, plain},
		{"with an escape", escaped.encode(), false, escaped},
		{"no sizes", manifest{Generator: "signpost", Files: map[string]string{"x": "y"}}.encode(), true, manifest{Generator: "signpost", Files: map[string]string{"x": "y"}, Sizes: map[string]int64{}}},
		{"laid out otherwise", []byte(`{"generator":"signpost","files":{"b.html":"2e","a/index.html":"1f"},"sizes":{"a/index.html":10,"b.html":0}}`), false, plain},
	} {
		_, quick := parseManifestAsWritten(tc.data)
		got, err := parseManifest(tc.data)
		if quick != tc.quick || err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: quick %v, got %+v, %v; want quick %v, %+v", tc.name, quick, got, err, tc.quick, tc.want)
		}
	}
}
