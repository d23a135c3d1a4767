package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/check"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
)

func TestExitCode(t *testing.T) {
	e := func(file string, code diag.Code) diag.Diagnostic {
		return diag.Diagnostic{Pos: diag.Pos{File: file}, Severity: diag.Error, Code: code}
	}
	w := diag.Diagnostic{Severity: diag.Warning, Code: diag.CodeFrontmatterUnknownField}
	tests := []struct {
		name string
		l    diag.List
		want int
	}{
		{"nothing", nil, ExitOK},
		{"warnings only", diag.List{w}, ExitOK},
		{"usage warnings only", diag.List{{Severity: diag.Warning, Code: diag.CodeConfigUnknownKey}}, ExitOK},
		{"content error", diag.List{w, e("content/a.md", diag.CodeFrontmatterRequired)}, ExitContent},
		{"config error", diag.List{e("content/a.md", diag.CodeFrontmatterRequired), e("signpost.toml", diag.CodeConfigSyntax)}, ExitUsage},
		{"theme", diag.List{e("", diag.CodeTheme)}, ExitUsage},
		{"output folder", diag.List{e("", diag.CodeOutput)}, ExitUsage},
		{"a page's output on a full disk", diag.List{e("content/a.md", diag.CodeOutputWrite)}, ExitUsage},
		{"no site folder", diag.List{e("", diag.CodeSiteFolder)}, ExitUsage},
		{"no content folder", diag.List{e("content", diag.CodeSiteFolder)}, ExitUsage},
		{"no nested content folder", diag.List{e("docs/kb", diag.CodeSiteFolder)}, ExitUsage},
		{"one unreadable file", diag.List{e("content/a.md", diag.CodeContentRead)}, ExitUsage},
		{"dead link, strict", diag.List{e("content/a.md", diag.CodeExternalDead)}, ExitContent},
		{"interrupted", diag.List{e("", diag.CodeCancelled)}, ExitInterrupted},
		{"interrupted with a content error", diag.List{e("content/a.md", diag.CodeLinkMissingPage), e("", diag.CodeCancelled)}, ExitInterrupted},
		{"interrupted while a write failed", diag.List{e("", diag.CodeOutputWrite), e("", diag.CodeCancelled)}, ExitInterrupted},
		{"a full disk and a content error", diag.List{e("content/a.md", diag.CodeLinkMissingPage), e("", diag.CodeOutputWrite)}, ExitUsage},
		{"no code", diag.List{e("content/a.md", 0)}, ExitContent},
		{"dead link, strict", diag.List{{Pos: diag.Pos{File: "content/a.md"}, Severity: diag.Warning, Code: diag.CodeExternalDead, Strict: true}}, ExitContent},
		{"outside links unchecked", diag.List{e("", diag.CodeExternalOffline)}, ExitUnchecked},
		{"outside links unchecked, and a content error", diag.List{e("", diag.CodeExternalOffline), e("content/a.md", diag.CodeLinkMissingPage)}, ExitContent},
		{"unknown setting, strict", diag.List{{Pos: diag.Pos{File: "signpost.toml"}, Severity: diag.Warning, Code: diag.CodeConfigUnknownKey, Strict: true}}, ExitUsage},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.l); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestPath(t *testing.T) {
	tests := []struct {
		wd, dir, file, want string
	}{
		{"/w", "", "content/a.md", "content/a.md"},
		{"/w", ".", "content/a.md", "content/a.md"},
		{"/w", "kb", "content/a.md", "kb/content/a.md"},
		{"/w", "./kb/", "content/a.md", "kb/content/a.md"},
		{"/w", "/w/kb", "content/a.md", "kb/content/a.md"},
		{"/w", "/elsewhere/kb", "content/a.md", "/elsewhere/kb/content/a.md"},
		{"", "/elsewhere/kb", "signpost.toml", "/elsewhere/kb/signpost.toml"},
	}
	for _, tt := range tests {
		if got := Path(tt.wd, tt.dir, tt.file); got != tt.want {
			t.Errorf("Path(%q, %q, %q) = %q, want %q", tt.wd, tt.dir, tt.file, got, tt.want)
		}
	}
}

var findings = diag.List{
	{Pos: diag.Pos{File: "content/b.md", Line: 3}, Severity: diag.Warning, Code: diag.CodeFrontmatterUnknownField, Msg: "tittle: unknown field; it is ignored", Hint: `did you mean "title"?`},
	{Pos: diag.Pos{File: "content/a.md", Line: 1}, Severity: diag.Error, Code: diag.CodeFrontmatterRequired, Msg: "summary: missing"},
	{Pos: diag.Pos{File: "content/c.md", Line: 5}, Severity: diag.Info, Code: diag.CodeReviewDueSoon, Msg: "review_due: 2026-01-10, in 9 days"},
}

func TestFindings(t *testing.T) {
	tests := []struct {
		name           string
		opt            Options
		stdout, stderr string
	}{
		{"text", Options{Format: Text}, "",
			"content/a.md:1: error: summary: missing\n" +
				"content/b.md:3: warning: tittle: unknown field; it is ignored\n    hint: did you mean \"title\"?\n" +
				"content/c.md:5: info: review_due: 2026-01-10, in 9 days\n"},
		{"quiet", Options{Format: Text, Quiet: true}, "", "content/a.md:1: error: summary: missing\n"},
		{"site folder", Options{Format: Text, Quiet: true, Dir: "kb", WorkDir: "/w"}, "", "kb/content/a.md:1: error: summary: missing\n"},
		{"json", Options{Format: JSON, Quiet: true},
			`{"file":"content/a.md","line":1,"level":"error","code":"frontmatter-required","message":"summary: missing"}` + "\n" +
				`{"summary":{"errors":1,"warnings":0,"infos":0}}` + "\n", ""},
		{"github text", Options{Format: Text, Quiet: true, GitHub: true},
			"::error file=content/a.md,line=1,title=signpost%3A frontmatter-required::summary: missing\n",
			"content/a.md:1: error: summary: missing\n"},
		{"github json", Options{Format: JSON, Quiet: true, GitHub: true, Dir: "kb"},
			`{"file":"kb/content/a.md","line":1,"level":"error","code":"frontmatter-required","message":"summary: missing"}` + "\n" +
				`{"summary":{"errors":1,"warnings":0,"infos":0}}` + "\n",
			"::error file=kb/content/a.md,line=1,title=signpost%3A frontmatter-required::summary: missing\n"},
	}
	for _, tt := range tests {
		l := append(diag.List(nil), findings...)
		var stdout, stderr bytes.Buffer
		Findings(&stdout, &stderr, l, tt.opt)
		if stdout.String() != tt.stdout || stderr.String() != tt.stderr {
			t.Errorf("%s:\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", tt.name, stdout.String(), tt.stdout, stderr.String(), tt.stderr)
		}
		if l[0].File != "content/a.md" {
			t.Errorf("%s: the caller's list was changed: %v", tt.name, l[0])
		}
	}
}

// TestFindingsJSON checks that every line of JSON output is one object
// with the documented fields.
func TestFindingsJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	Findings(&stdout, &stderr, append(diag.List(nil), findings...), Options{Format: JSON})
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 4 || stderr.Len() != 0 {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	for _, line := range lines[:3] {
		var f struct {
			File, Level, Code, Message string
			Line                       int
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil || f.File == "" || f.Line == 0 || f.Level == "" || f.Code == "" || f.Message == "" {
			t.Errorf("%s: %+v, %v", line, f, err)
		}
	}
	var s struct{ Summary diag.Summary }
	if err := json.Unmarshal([]byte(lines[3]), &s); err != nil || s.Summary != (diag.Summary{Errors: 1, Warnings: 1, Infos: 1}) {
		t.Errorf("summary %s: %+v, %v", lines[3], s, err)
	}
}

func TestBuildSummary(t *testing.T) {
	r := &build.Result{
		Out:   "/w/public",
		Pages: map[content.Kind]int{content.Article: 3, content.Interview: 1, content.Strategy: 5},
		Tags:  14, Organisations: 1, Files: 50, Written: 2, Bytes: 368640, Elapsed: 72 * time.Millisecond,
	}
	want := "built 9 pages (3 articles, 1 interview, 5 strategy), 14 topics, 1 organisation in 72ms → public/ (50 files, 360 KB, 2 changed)"
	if got := BuildSummary(r, "/w"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := BuildSummary(r, "/elsewhere"); !strings.Contains(got, "→ /w/public/") {
		t.Errorf("outside the working folder: %s", got)
	}
}

func TestCheckSummary(t *testing.T) {
	r := &check.Result{Build: &build.Result{Elapsed: 40 * time.Millisecond}, Pages: 14, Links: 38, Overdue: 1, DueSoon: 2,
		External: check.ExternalStats{URLs: 20, Checked: 5, Cached: 15, Dead: 1, Redirected: 2}}
	l := diag.List{{Severity: diag.Error}, {Severity: diag.Warning, Strict: true}}
	want := "checked 14 pages and 38 links (20 outside addresses: 5 asked, 15 from the cache; 1 dead, 2 redirected, 0 not checkable) in 40ms: " +
		"1 error, 1 warning (--strict: warnings fail the check); 1 page overdue for review; 2 pages due for review in the next 30 days"
	if got := CheckSummary(r, l, true); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r = &check.Result{Build: &build.Result{}, Pages: 1, Links: 1}
	if got := CheckSummary(r, nil, true); got != "checked 1 page and 1 link in 0s: no problems" {
		t.Errorf("got %s", got)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KB", 368640: "360 KB", 5 << 20: "5.0 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestShowProgress(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	text := Options{Format: Text}
	tests := []struct {
		name     string
		terminal bool
		getenv   func(string) string
		opt      Options
		want     bool
	}{
		{"terminal", true, env(), text, true},
		{"pipe", false, env(), text, false},
		{"quiet", true, env(), Options{Format: Text, Quiet: true}, false},
		{"json", true, env(), Options{Format: JSON}, false},
		{"GitHub Actions", true, env("GITHUB_ACTIONS", "true"), text, false},
		{"GitLab", true, env("GITLAB_CI", "true"), text, false},
		{"Azure Pipelines", true, env("TF_BUILD", "True"), text, false},
		{"CI", true, env("CI", "1"), text, false},
		{"dumb terminal", true, env("TERM", "dumb"), text, false},
	}
	for _, tt := range tests {
		if got := ShowProgress(tt.terminal, tt.getenv, tt.opt); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// clock is a fake clock for Progress.
type clock struct{ t time.Time }

func newClock() *clock                   { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	c := newClock()
	p := NewProgress(&b, "rendering pages", c.now)
	p.Update(1, 100)
	c.advance(100 * time.Millisecond)
	p.Update(2, 100)
	if b.Len() != 0 {
		t.Fatalf("printed before the delay: %q", b.String())
	}
	c.advance(500 * time.Millisecond)
	p.Update(3, 100)
	if b.String() != "\rrendering pages: 3/100 (3%)\x1b[K" {
		t.Fatalf("first update: %q", b.String())
	}
	c.advance(50 * time.Millisecond)
	p.Update(4, 100) // too soon after the last
	c.advance(50 * time.Millisecond)
	p.Update(5, 100)
	p.Update(100, 100) // the last is always shown
	want := "\rrendering pages: 3/100 (3%)\x1b[K\rrendering pages: 5/100 (5%)\x1b[K\rrendering pages: 100/100 (100%)\x1b[K"
	if b.String() != want {
		t.Errorf("updates:\n%q\nwant\n%q", b.String(), want)
	}
	p.Done()
	if !strings.HasSuffix(b.String(), "\r\x1b[K") {
		t.Errorf("Done did not clear the line: %q", b.String())
	}

	// A quick run prints nothing at all, Done included.
	b.Reset()
	p = NewProgress(&b, "x", newClock().now)
	p.Update(1, 1)
	p.Done()
	if b.Len() != 0 {
		t.Errorf("quick run printed %q", b.String())
	}
}
