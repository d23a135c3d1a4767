package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
)

type buildOptions struct {
	source, out, baseURL, format string
	drafts, future, quiet        bool
	verbose                      bool
}

func buildFlags() (*flag.FlagSet, *buildOptions) {
	o := &buildOptions{}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.StringVar(&o.source, "source", ".", "the site `folder`, holding signpost.toml and content/")
	fs.StringVar(&o.out, "out", "", "the output `folder` (default: output_dir from signpost.toml, public/, inside the site)")
	fs.StringVar(&o.baseURL, "base-url", "", "the `URL` the site is published at, overriding base_url (e.g. https://intranet.example.nhs.uk/kb/)")
	fs.BoolVar(&o.drafts, "drafts", false, "include pages marked draft: true")
	fs.BoolVar(&o.future, "future", false, "include pages dated in the future")
	fs.StringVar(&o.format, "format", "text", "how to print findings: text, or json (one object per line)")
	fs.BoolVar(&o.quiet, "quiet", false, "print errors only")
	fs.BoolVar(&o.verbose, "verbose", false, "print every finding and where the output went")
	return fs, o
}

func buildCommand() *command {
	return &command{
		name:    "build",
		summary: "build the site into public/",
		usage:   "signpost build [--source DIR] [--out DIR] [--base-url URL] [--drafts] [--future]",
		help: `Build turns content/ into a complete static site. It writes to a staging
folder and replaces the output folder only when the whole build succeeded, so a
failed or interrupted build leaves the previous site as it was. Every error in
every file is reported at once, as file:line: level: message.

Examples:

  signpost build
  signpost build --source ./kb --base-url https://intranet.example.nhs.uk/kb/
  signpost build --drafts --out /tmp/preview
  signpost build --format json > findings.jsonl`,
		run: runBuild,
	}
}

func runBuild(ctx context.Context, e *env, args []string) int {
	fs, o := buildFlags()
	c := find("build")
	pos, code, ok := parse(e, c, fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "signpost build: unexpected argument %q; use --source to name the site folder\n", pos[0])
		return exitUsage
	}
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(e.stderr, "signpost build: --format must be text or json, not %q\n", o.format)
		return exitUsage
	}
	res, l := build.Run(ctx, build.Options{
		Root:    o.source,
		Out:     o.out,
		BaseURL: o.baseURL,
		Drafts:  o.drafts,
		Future:  o.future,
	})
	report(e, l, o.format, o.quiet)
	if l.HasErrors() {
		if e.getenv != nil && o.format == "text" {
			fmt.Fprintf(e.stderr, "build failed: %s; the previous site is unchanged\n", countFindings(l))
		}
		return exitCode(l)
	}
	if !o.quiet && o.format == "text" {
		fmt.Fprintln(e.stderr, summary(res, o.source))
		if o.verbose {
			fmt.Fprintln(e.stderr, phases(res))
		}
	}
	return exitOK
}

// report prints findings: as text or JSON, and also as GitHub Actions
// annotations when running there.
func report(e *env, l diag.List, format string, quiet bool) {
	l.Sort()
	shown := l
	if quiet {
		shown = nil
		for _, d := range l {
			if d.Severity == diag.Error {
				shown = append(shown, d)
			}
		}
	}
	switch format {
	case "json":
		_ = diag.WriteJSON(e.stdout, shown)
	default:
		_ = diag.WriteText(e.stderr, shown)
	}
	if e.getenv != nil && e.getenv("GITHUB_ACTIONS") == "true" {
		_ = diag.WriteGitHub(e.stdout, shown)
	}
}

// exitCode maps findings to the exit status: 2 for configuration and
// usage errors, 1 for content errors.
func exitCode(l diag.List) int {
	for _, d := range l {
		if d.Severity == diag.Error && (strings.HasPrefix(d.Code, "config") || d.Code == build.CodeOutput || d.Code == "theme") {
			return exitUsage
		}
	}
	return exitContent
}

func countFindings(l diag.List) string {
	s := diag.Summarize(l)
	return fmt.Sprintf("%d %s, %d %s", s.Errors, plural(s.Errors, "error", "errors"), s.Warnings, plural(s.Warnings, "warning", "warnings"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// summary is the one line a build ends with.
func summary(r *build.Result, source string) string {
	var kinds []string
	total := 0
	for _, k := range content.Kinds {
		n := r.Pages[k]
		total += n
		label := strings.ToLower(k.Label())
		if k != content.Strategy {
			label = plural(n, label, label+"s")
		}
		kinds = append(kinds, fmt.Sprintf("%d %s", n, label))
	}
	var other []string
	for k, n := range r.Pages {
		if k != content.Article && k != content.Interview && k != content.Strategy {
			other = append(other, fmt.Sprintf("%d %s", n, k))
		}
	}
	sort.Strings(other)
	kinds = append(kinds, other...)
	out := r.Out
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, r.Out); err == nil && filepath.IsLocal(rel) {
			out = rel
		}
	}
	return fmt.Sprintf("built %d %s (%s), %d topics, %d organisations in %s → %s/ (%d files, %s, %d changed)",
		total, plural(total, "page", "pages"), strings.Join(kinds, ", "), r.Tags, r.Organisations,
		r.Elapsed.Round(1e6), out, r.Files, size(r.Bytes), r.Written)
}

// phases is the time each step of the build took: "load 0.81s, …".
func phases(r *build.Result) string {
	var b strings.Builder
	b.WriteString("phases:")
	for i, p := range r.Phases {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s %s", p.Name, p.Elapsed.Round(time.Millisecond))
	}
	return b.String()
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
