package build

import (
	"encoding/json"
	"os"
	"path/filepath"
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
		back, ok := parseManifest(got)
		if !ok || len(back.Files) != len(m.Files) || len(back.Sizes) != len(m.Sizes) {
			t.Errorf("parseManifest(encode(%v)) = %v, %v", m, back, ok)
		}
	}
}

func TestIsMarker(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		data string
		want bool
	}{
		{string(manifest{Generator: "signpost", Files: map[string]string{"a": "b"}}.encode()), true},
		{`{"generator":"signpost"}`, true},
		{`{"files":{},"generator":"signpost"}`, false},
		{`{"generator":"hugo"}`, false},
		{`not json`, false},
		{``, false},
	} {
		name := filepath.Join(dir, MarkerFile)
		if err := os.WriteFile(name, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := isMarker(name); got != tc.want {
			t.Errorf("isMarker(%q) = %v, want %v", tc.data, got, tc.want)
		}
	}
	if isMarker(filepath.Join(dir, "missing")) {
		t.Error("isMarker of a missing file is true")
	}
}
