package diag

import (
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's list of codes from the registry")

// TestRegistry checks every code has a unique name, a class and a meaning,
// and that names round-trip through JSON.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Codes() {
		name := c.String()
		if !regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`).MatchString(name) {
			t.Errorf("code %d: name %q is not lower-case words joined by hyphens", c, name)
		}
		if seen[name] {
			t.Errorf("two codes are named %q", name)
		}
		seen[name] = true
		if c.Class() == 0 || strings.HasPrefix(c.Class().String(), "Class(") {
			t.Errorf("%s: no class", name)
		}
		if m := c.Meaning(); m == "" || strings.Contains(m, "\n") || strings.Contains(m, "|") {
			t.Errorf("%s: the meaning %q is not one line of table text", name, m)
		}
		type coded struct{ Code Code }
		data, err := json.Marshal(coded{c})
		if err != nil {
			t.Fatal(err)
		}
		var back coded
		if err := json.Unmarshal(data, &back); err != nil || back.Code != c {
			t.Errorf("%s: JSON %s reads back as %v, %v", name, data, back.Code, err)
		}
		if got, ok := ParseCode(name); !ok || got != c {
			t.Errorf("ParseCode(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := ParseCode("no-such-code"); ok {
		t.Error("ParseCode accepts an unknown name")
	}
}

// TestEveryCodeUsed fails when the registry holds a code that no package
// reports: the list in README.md would promise a finding that never comes.
func TestEveryCodeUsed(t *testing.T) {
	used := map[string]bool{}
	ref := regexp.MustCompile(`\bdiag\.(Code[A-Z]\w*)`)
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.Contains(p, "node_modules") {
				return err
			}
			data, err := os.ReadFile(p)
			for _, m := range ref.FindAllStringSubmatch(string(data), -1) {
				used[m[1]] = true
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile("codes.go")
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)^\t(Code[A-Z]\w*)$`)
	for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
		if !used[m[1]] {
			t.Errorf("%s is in the registry but no package reports it", m[1])
		}
	}
}

const (
	codesStart = "<!-- codes: generated from internal/diag/codes.go by go test ./internal/diag -run TestREADMECodes -update -->\n"
	codesEnd   = "<!-- end of codes -->\n"
)

// codesTable is README.md's list of codes, as the registry gives it.
func codesTable() string {
	var b strings.Builder
	b.WriteString("| code | class | meaning |\n| --- | --- | --- |\n")
	for _, c := range Codes() {
		b.WriteString("| `" + c.String() + "` | " + c.Class().String() + " | " + c.Meaning() + " |\n")
	}
	return b.String()
}

// TestREADMECodes checks that README.md lists every code of the registry,
// with its class and meaning, and nothing else; -update rewrites the list.
func TestREADMECodes(t *testing.T) {
	const file = "../../README.md"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, codesStart)
	end := strings.Index(readme, codesEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md has no list of codes between %q and %q", codesStart, codesEnd)
	}
	got := readme[start+len(codesStart) : end]
	want := codesTable()
	if got == want {
		return
	}
	if *update {
		readme = readme[:start+len(codesStart)] + want + readme[end:]
		if err := os.WriteFile(file, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's list of codes differs from the registry; run go test ./internal/diag -run TestREADMECodes -update\ngot:\n%s\nwant:\n%s", got, want)
}
