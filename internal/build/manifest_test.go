package build

import (
	"encoding/json"
	"os"
	"path/filepath"
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
