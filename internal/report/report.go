// Package report prints what signpost's commands find, for people and for
// machines: findings as text, JSON lines or GitHub Actions annotations; the
// one summary line a command ends with; progress on a terminal; and the
// exit status.
//
// It owns how findings are shown and the exit status each class of finding
// gives. A finding's class is its code's in diag's registry: report must
// not decide anything from a code's name or a file's.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/check"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
)

// Exit statuses, the same for every command.
const (
	ExitOK      = 0 // success: no errors (warnings allowed unless --strict)
	ExitContent = 1 // the content has errors
	// ExitUsage is a run that could not use what it was given: a bad
	// flag or argument, the configuration, the theme, the site, content
	// or output folder, or a file that could not be read or written (a
	// full disk, a permission): nothing the content's writer can fix.
	ExitUsage = 2
	// ExitUnchecked is check --external that could not run: no outside
	// site could be reached. It says nothing about the content, so a
	// pipeline can tell it from ExitContent and try again later.
	ExitUnchecked = 3
	// ExitInterrupted is a run stopped before it finished, by Ctrl-C
	// (SIGINT) or SIGTERM, as shells report a command Ctrl-C stopped:
	// 128 + 2. What it found is not all there is to find.
	ExitInterrupted = 130
)

// Formats of findings.
const (
	Text = "text"
	JSON = "json"
)

// Options says how to print findings.
type Options struct {
	// Format is Text or JSON.
	Format string
	// Quiet prints errors only, and no summary or progress.
	Quiet bool
	// GitHub also prints the findings as GitHub Actions workflow
	// annotations.
	GitHub bool
	// Dir is the site folder the findings' files are relative to. Files
	// are printed relative to WorkDir instead, so that editors and CI can
	// open them: with Dir "kb", content/x.md is printed as kb/content/x.md.
	Dir, WorkDir string
}

// CheckFormat reports whether format is one Findings can print.
func CheckFormat(format string) error {
	if format != Text && format != JSON {
		return fmt.Errorf("--format must be text or json, not %q", format)
	}
	return nil
}

// Findings prints l, sorted: for people as `file:line: level: message`
// lines on stderr, or for machines as one JSON object per line and a
// summary object on stdout. Annotations for GitHub Actions go to stdout
// with text, and to stderr with JSON so that stdout stays JSON (the runner
// reads both).
func Findings(stdout, stderr io.Writer, l diag.List, opt Options) {
	l.Sort()
	var shown diag.List
	for _, d := range l {
		if opt.Quiet && !d.Fails() {
			continue
		}
		if d.File != "" {
			d.File = Path(opt.WorkDir, opt.Dir, d.File)
		}
		shown = append(shown, d)
	}
	annotations := stdout
	if opt.Format == JSON {
		_ = diag.WriteJSON(stdout, shown)
		annotations = stderr
	} else {
		_ = diag.WriteText(stderr, shown)
	}
	if opt.GitHub {
		_ = diag.WriteGitHub(annotations, shown)
	}
}

// Path returns file, a slash-separated path relative to the site folder
// dir, as a path relative to the working folder wd when it is inside it,
// and as an absolute path otherwise. It is always slash-separated.
func Path(wd, dir, file string) string {
	if dir == "" || dir == "." {
		return file
	}
	p := filepath.Join(dir, filepath.FromSlash(file))
	if filepath.IsAbs(p) && wd != "" {
		if rel, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(rel) {
			p = rel
		}
	}
	return filepath.ToSlash(p)
}

// exitStatus is the exit status of a command whose errors are of a class
// (diag.Class); when they are of several, the first class here that they
// include decides.
var exitStatus = []struct {
	class  diag.Class
	status int
}{
	// An interrupted run reports what it found before it stopped, which
	// may be nothing of what is wrong.
	{diag.ClassInterrupted, ExitInterrupted},
	{diag.ClassUsage, ExitUsage},
	{diag.ClassIO, ExitUsage},
	{diag.ClassContent, ExitContent},
	{diag.ClassUnchecked, ExitUnchecked},
}

// ExitCode is the exit status for findings l: ExitOK when none fails the
// run (an error, or a warning under --strict), and otherwise the status
// the classes of their codes (diag's registry) give.
func ExitCode(l diag.List) int {
	has := map[diag.Class]bool{}
	for _, d := range l {
		if d.Fails() {
			has[d.Code.Class()] = true
		}
	}
	if len(has) == 0 {
		return ExitOK
	}
	for _, e := range exitStatus {
		if has[e.class] {
			return e.status
		}
	}
	return ExitContent // an error without a registered code
}

// Counts says how many errors and warnings l holds: "2 errors, 1 warning".
func Counts(l diag.List) string {
	s := diag.Summarize(l)
	return fmt.Sprintf("%d %s, %d %s", s.Errors, plural(s.Errors, "error", "errors"), s.Warnings, plural(s.Warnings, "warning", "warnings"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// BuildSummary is the line a build ends with: pages by kind, topics,
// organisations, time, and the output folder with its files and size. The
// folder is shown relative to wd when it is inside it. A build that found
// nothing changed since the last (build.Result.Unchanged) says so.
func BuildSummary(r *build.Result, wd string) string {
	if r.Unchanged {
		return fmt.Sprintf("nothing changed since the last build: %s, %d %s, %d %s → %s/ (%d files, %s), checked in %s",
			pages(r.Pages), r.Tags, plural(r.Tags, "topic", "topics"), r.Organisations, plural(r.Organisations, "organisation", "organisations"),
			relative(wd, r.Out), r.Files, Size(r.Bytes), r.Elapsed.Round(1e6))
	}
	return fmt.Sprintf("built %s, %d %s, %d %s in %s → %s/ (%d files, %s, %d changed)",
		pages(r.Pages), r.Tags, plural(r.Tags, "topic", "topics"), r.Organisations, plural(r.Organisations, "organisation", "organisations"),
		r.Elapsed.Round(1e6), relative(wd, r.Out), r.Files, Size(r.Bytes), r.Written)
}

// pages says "10 pages (3 articles, 2 interviews, 5 strategy)".
func pages(byKind map[content.Kind]int) string {
	var kinds []string
	total := 0
	for _, k := range content.Kinds {
		n := byKind[k]
		total += n
		label := strings.ToLower(k.Label())
		if k != content.Strategy {
			label = plural(n, label, label+"s")
		}
		kinds = append(kinds, fmt.Sprintf("%d %s", n, label))
	}
	var other []string
	for k, n := range byKind {
		if k != content.Article && k != content.Interview && k != content.Strategy {
			total += n
			label := strings.ToLower(k.Label())
			other = append(other, fmt.Sprintf("%d %s", n, plural(n, label, label+"s")))
		}
	}
	sort.Strings(other)
	kinds = append(kinds, other...)
	return fmt.Sprintf("%d %s (%s)", total, plural(total, "page", "pages"), strings.Join(kinds, ", "))
}

// CheckSummary is the line a check ends with: what was checked, what was
// found, and the pages due for review.
func CheckSummary(r *check.Result, l diag.List, strict bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "checked %d %s and %d %s", r.Pages, plural(r.Pages, "page", "pages"), r.Links, plural(r.Links, "link", "links"))
	switch e := r.External; {
	case e.Offline:
		fmt.Fprintf(&b, " (%d outside %s not checked: no site could be reached)", e.URLs, plural(e.URLs, "address", "addresses"))
	case e.URLs > 0 || e.Skipped > 0:
		fmt.Fprintf(&b, " (%d outside %s: %d asked, %d from the cache; %d dead, %d redirected, %d not checkable",
			e.URLs, plural(e.URLs, "address", "addresses"), e.Checked, e.Cached, e.Dead, e.Redirected, e.Unknown)
		if e.Skipped > 0 {
			fmt.Fprintf(&b, "; %d skipped by [check] skip", e.Skipped)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, " in %s: ", r.Build.Elapsed.Round(1e6))
	if l.Count(diag.Error)+l.Count(diag.Warning) == 0 {
		b.WriteString("no problems")
	} else {
		b.WriteString(Counts(l))
		if strict && l.Count(diag.Warning) > 0 {
			b.WriteString(" (--strict: warnings fail the check)")
		}
	}
	if r.Overdue > 0 {
		fmt.Fprintf(&b, "; %d %s overdue for review", r.Overdue, plural(r.Overdue, "page", "pages"))
	}
	if r.DueSoon > 0 {
		fmt.Fprintf(&b, "; %d %s due for review in the next %d days", r.DueSoon, plural(r.DueSoon, "page", "pages"), int(check.DefaultWindow.Hours()/24))
	}
	return b.String()
}

// relative shows dir relative to wd when it is inside it.
func relative(wd, dir string) string {
	if wd == "" {
		return dir
	}
	if rel, err := filepath.Rel(wd, dir); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return dir
}

// Size says n bytes for people: "360 KB".
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Duration says d for people, in its largest whole unit: "5 minutes",
// "30 seconds".
func Duration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		n := int(d / time.Hour)
		return fmt.Sprintf("%d %s", n, plural(n, "hour", "hours"))
	case d >= time.Minute && d%time.Minute == 0:
		n := int(d / time.Minute)
		return fmt.Sprintf("%d %s", n, plural(n, "minute", "minutes"))
	case d >= time.Second && d%time.Second == 0:
		n := int(d / time.Second)
		return fmt.Sprintf("%d %s", n, plural(n, "second", "seconds"))
	}
	return d.String()
}

// GitHubActions reports whether the environment is a GitHub Actions run.
func GitHubActions(getenv func(string) string) bool {
	return getenv != nil && getenv("GITHUB_ACTIONS") == "true"
}

// ShowProgress reports whether to show progress: only on a terminal, not
// in CI (where logs are not terminals, but some runners pretend), and not
// when printing JSON or only errors.
func ShowProgress(terminal bool, getenv func(string) string, opt Options) bool {
	if !terminal || opt.Quiet || opt.Format == JSON {
		return false
	}
	if getenv != nil {
		for _, v := range []string{"CI", "GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD"} {
			if getenv(v) != "" {
				return false
			}
		}
		if getenv("TERM") == "dumb" {
			return false
		}
	}
	return true
}
