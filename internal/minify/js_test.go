package minify

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestJS(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"comments and indentation", "/* head\n * more\n */\n(function () {\n  // note\n  var a = 1;\n\n  return a;\n})();\n", "(function () {\nvar a = 1;\nreturn a;\n})();\n"},
		{"code after a comment's end", "/* a */ var x = 1;\n/* b\n c */ x++;\n", "var x = 1;\nx++;\n"},
		{"comment closed and reopened", "/* a */ /* b */ f();\n", "f();\n"},
		{"trailing comment kept", "f(); // why\n", "f(); // why\n"},
		{"url in a string kept", "const u = 'http://x/y';\n", "const u = 'http://x/y';\n"},
		{"regexp with slashes", "s = s.replace(/\\/\\//g, '');\n", "s = s.replace(/\\/\\//g, '');\n"},
		{"line breaks kept for semicolon insertion", "a = b\n\n// c\n(d)\n", "a = b\n(d)\n"},
		{"CRLF", "a();\r\n  // x\r\nb();\r\n", "a();\nb();\n"},
		{"no final newline", "a()", "a()\n"},
		// What a line at a time cannot read is left as it is.
		{"template literal", "const s = `a\n  // not a comment\n`;\n", "const s = `a\n  // not a comment\n`;\n"},
		{"continued string", "const s = 'a\\\n  // b';\n", "const s = 'a\\\n  // b';\n"},
		{"comment opened after code", "f(); /* start\n// */ g();\n", "f(); /* start\n// */ g();\n"},
		{"comment opener in a string", "const s = '/*';\n  // x\n", "const s = '/*';\n  // x\n"},
		{"unclosed comment", "f();\n/* open\n", "f();\n/* open\n"},
	} {
		if got := string(JS([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: JS(%q)\n got %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestJSTheme checks that every script of the theme gets smaller and still
// parses: node --check on each minified script (skipped without node).
func TestJSTheme(t *testing.T) {
	files, err := filepath.Glob("../../themes/nhs/static/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in the theme: %v", err)
	}
	node, nodeErr := exec.LookPath("node")
	dir := t.TempDir()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := JS(src)
		if len(got) >= len(src) {
			t.Errorf("%s: %d bytes from %d: the theme's scripts are written so that they can be minified", filepath.Base(f), len(got), len(src))
		}
		if strings.Contains(string(got), "\n\n") {
			t.Errorf("%s: blank lines left", filepath.Base(f))
		}
		if nodeErr != nil {
			continue
		}
		out := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(out, got, 0o644); err != nil {
			t.Fatal(err)
		}
		if msg, err := exec.CommandContext(t.Context(), node, "--check", out).CombinedOutput(); err != nil {
			t.Errorf("%s minified does not parse: %v\n%s", filepath.Base(f), err, msg)
		}
	}
	if nodeErr != nil {
		t.Skip("node not found: the minified scripts were not parsed")
	}
}

func FuzzJS(f *testing.F) {
	for _, s := range []string{"a();\n// b\n", "/* x */ y\n", "`a`", "'\\\n'", "/*", "f(); /* a\n*/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := JS([]byte(s))
		if len(got) > len(s)+1 {
			t.Fatalf("JS(%q) = %q: longer than its input", s, got)
		}
		if again := JS(got); string(again) != string(got) && string(got) != s {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
	})
}
