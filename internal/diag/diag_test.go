package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func sample() List {
	var l List
	l.Errorf(Pos{File: "content/strategy/x.md", Line: 3}, CodeFrontmatterValue, `status: "curent" is not one of current, superseded, withdrawn`)
	l.Warnf(Pos{File: "content/articles/a.md", Line: 9, Col: 2}, CodeFrontmatterUnknownField, "tittle: unknown field; it is ignored")
	l.Hint(`did you mean "title"?`)
	l.Errorf(Pos{}, CodeOutput, "refusing to replace %s, 100%%: it is not ours", "/x")
	return l
}

func TestWriteText(t *testing.T) {
	l := sample()
	l.Sort()
	var b bytes.Buffer
	if err := WriteText(&b, l); err != nil {
		t.Fatal(err)
	}
	want := "error: refusing to replace /x, 100%: it is not ours\n" +
		"content/articles/a.md:9:2: warning: tittle: unknown field; it is ignored\n" +
		"    hint: did you mean \"title\"?\n" +
		"content/strategy/x.md:3: error: status: \"curent\" is not one of current, superseded, withdrawn\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines, got %d:\n%s", len(lines), b.String())
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &d); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"file": "content/articles/a.md", "line": 9.0, "column": 2.0, "level": "warning", "code": "frontmatter-unknown-field", "hint": `did you mean "title"?`} {
		if d[k] != v {
			t.Errorf("%s = %v, want %v", k, d[k], v)
		}
	}
	if lines[3] != `{"summary":{"errors":2,"warnings":1,"infos":0}}` {
		t.Errorf("summary = %s", lines[3])
	}
}

func TestWriteGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGitHub(&b, sample()); err != nil {
		t.Fatal(err)
	}
	want := "::error file=content/strategy/x.md,line=3,title=signpost%3A frontmatter-value::status: \"curent\" is not one of current, superseded, withdrawn\n" +
		"::warning file=content/articles/a.md,line=9,col=2,title=signpost%3A frontmatter-unknown-field::tittle: unknown field; it is ignored%0Adid you mean \"title\"?\n" +
		"::error title=signpost%3A output::refusing to replace /x, 100%25: it is not ours\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Error("empty list has an error")
	}
	l.Warnf(Pos{File: "a"}, CodeFrontmatterUnknownField, "just a warning")
	if l.Err() != nil {
		t.Error("warnings are not errors")
	}
	l = sample()
	if err := l.Err(); err == nil || !strings.Contains(err.Error(), "(and 1 more errors)") {
		t.Errorf("Err() = %v", err)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"title", "date", "summary", "tags", "organisations"}
	for word, want := range map[string]string{
		"tittle": "title", "tgas": "tags", "organizations": "organisations", "sumary": "summary",
		"colour": "", "dat": "date", "x": "",
	} {
		if got := Closest(word, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
}

// TestWriteTextEscapes writes findings whose file name and message hold
// control characters, as a file named with a newline gives: each finding
// stays one line, escaped as the JSON output escapes it, and a hint's own
// lines are indented under it.
func TestWriteTextEscapes(t *testing.T) {
	l := List{
		{Pos: Pos{File: "content/a\nb.md", Line: 3}, Severity: Error, Code: CodeFrontmatterValue, Msg: "title: \"x\x1b[31m\"\rerror: forged", Hint: "write:\n---\ntitle: x"},
	}
	var b strings.Builder
	if err := WriteText(&b, l); err != nil {
		t.Fatal(err)
	}
	want := "content/a\\nb.md:3: error: title: \"x\\u001b[31m\"\\rerror: forged\n    hint: write:\n          ---\n          title: x\n"
	if b.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", b.String(), want)
	}
}
