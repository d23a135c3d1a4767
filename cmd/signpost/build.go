package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/check"
	"github.com/signpost-kb/signpost/internal/gcfloor"
	"github.com/signpost-kb/signpost/internal/report"
)

type buildOptions struct {
	source, out, baseURL, format string
	drafts, future, quiet        bool
	verbose                      bool
	cacheDir                     string
	noCache                      bool
}

func buildFlags(fs *flag.FlagSet) runFunc {
	o := &buildOptions{}
	sourceFlag(fs, &o.source)
	fs.StringVar(&o.out, "out", "", "`DIR`: the output folder (default: output_dir from signpost.toml, public/, inside the site)")
	baseURLFlag(fs, &o.baseURL)
	fs.BoolVar(&o.drafts, "drafts", false, "include pages marked draft: true")
	fs.BoolVar(&o.future, "future", false, "include pages dated in the future")
	formatFlag(fs, &o.format)
	fs.BoolVar(&o.quiet, "quiet", false, "print errors only: no warnings, notes, summary or progress")
	fs.BoolVar(&o.verbose, "verbose", false, "also note each page left out (draft, future, expired) and why, give the output folder in full, and time each step")
	fs.StringVar(&o.cacheDir, "cache", "", "`DIR`: keep the build cache in DIR, such as a folder CI saves between jobs (default: beside the output folder, .public.signpost-cache)")
	fs.BoolVar(&o.noCache, "no-cache", false, "neither read nor write the build cache: render every page")
	return func(ctx context.Context, e *env, _ []string) int { return runBuild(ctx, e, o) }
}

// sourceFlag, baseURLFlag and formatFlag declare the flags that several
// commands share.
func sourceFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "source", ".", "`DIR`: the site folder, holding signpost.toml and content/")
}

func baseURLFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "base-url", "", "`URL`: the address the site is published at, overriding base_url, such as https://intranet.example.nhs.uk/kb/")
}

func formatFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "format", "text", "`text|json`: how to print findings: text, or json (one object per line, on stdout)")
}

func buildCommand() *command {
	return &command{
		name:    "build",
		summary: "build the site into public/",
		usage:   "signpost build [--source DIR] [--out DIR] [--base-url URL] [--drafts] [--future] [--cache DIR|--no-cache] [--format text|json] [--quiet|--verbose]",
		help: `Build turns content/ into a complete static site. It writes to a staging
folder and replaces the output folder only when the whole build succeeded, so a
failed or interrupted build leaves the previous site as it was. Every error in
every file is reported at once, as file:line: level: message, and the build ends
with one summary line. On a terminal, a long build shows its progress.

A build keeps a record of what it was made from beside the output folder
(.public.signpost-record for public/). Run again with the same files, the same
signpost and the same options, into a folder nothing has touched since, it
reads nothing else, writes nothing, reports the findings of the last build
and says "nothing changed since the last build". Any difference, or any doubt,
and it builds as usual.

When something changed but the output folder is exactly as the last build by
the same signpost left it (every file and folder by its size, times and inode,
as the record lists them), the build renders the site as usual but updates the
folder in place: it writes only the files whose bytes changed and removes those
the site no longer has, instead of writing the whole site again. Nothing is
touched until every page has been rendered and checked, so a failed or
interrupted build still leaves the previous site as it was; then each file is
renamed into place whole, and while that lasts (milliseconds for a few files)
a reader may see some pages new and others old. The record is removed first and
written again only at the end, so after a build that was killed the next one
is a full build.

A build also keeps a cache for the next one (.public.signpost-cache, or in the
folder given with --cache): each page as its front matter gave it, its rendered
Markdown and entry in lists, the search index's analyses, and what every output
file was made from. The next build reads and checks
every file as usual, but renders the Markdown only of pages whose bytes
changed (or whose links now lead elsewhere) and runs the templates only for
the output files whose inputs changed; the output is byte for byte what a build
without the cache makes. A cache file that is damaged, from another signpost
or for other options is ignored, and the build renders everything. When the
record cannot vouch for the output folder (after a failed build, or in CI, where
the folder is restored from a cache) but the cache names its marker, every file
of the folder is read and checked against it; a folder exactly as the last
build left it is then updated in place as above. In CI, save the output folder
and the --cache folder between jobs. --no-cache renders every page.

Exit status: 0 built, 1 content errors, 2 usage, configuration or I/O
errors (a full disk, a file that cannot be read), 130 interrupted (Ctrl-C).

Examples:

  signpost build
  signpost build --source ./kb --base-url https://intranet.example.nhs.uk/kb/
  signpost build --drafts --out /tmp/preview
  signpost build --format json > findings.jsonl`,
		flags: buildFlags,
		site:  true,
	}
}

func runBuild(ctx context.Context, e *env, o *buildOptions) int {
	if !checkFormat(e, "build", o.format) {
		return exitUsage
	}
	ro := report.Options{Format: o.format, Quiet: o.quiet, GitHub: report.GitHubActions(e.getenv), Dir: o.source, WorkDir: workDir()}
	opt := build.Options{
		Root:      o.source,
		Out:       o.out,
		BaseURL:   o.baseURL,
		Drafts:    o.drafts,
		Future:    o.future,
		Inventory: o.verbose,
		Record:    true,
		CacheDir:  o.cacheDir,
		NoCache:   o.noCache,
	}
	if !o.quiet {
		opt.Waiting = func(holder string) {
			fmt.Fprintf(e.stderr, "waiting for %s to finish with the output folder (for at most %s)\n", holder, report.Duration(build.DefaultLockWait))
		}
	}
	progress := startProgress(e, ro, "rendering pages")
	if progress != nil {
		opt.Progress = progress.Update
	}
	defer gcFloor(e)()
	res, l := build.Run(ctx, opt)
	if progress != nil {
		progress.Done()
	}
	if res != nil && res.Inventory != nil {
		l.Add(check.LeftOut(res.Inventory)...)
	}
	report.Findings(e.stdout, e.stderr, l, ro)
	if l.HasErrors() {
		if !o.quiet && o.format == report.Text {
			fmt.Fprintf(e.stderr, "build failed: %s; the previous site is unchanged\n", report.Counts(l))
		}
		return report.ExitCode(l)
	}
	if !o.quiet && o.format == report.Text {
		wd := ro.WorkDir
		if o.verbose {
			wd = ""
		}
		fmt.Fprintln(e.stderr, report.BuildSummary(res, wd))
		if o.verbose {
			fmt.Fprintln(e.stderr, phases(res))
		}
	}
	return exitOK
}

// phases is the time each step of the build took: "phases: load 0.81s, …".
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

// workDir is the working folder, or "" if it is unknown.
func workDir() string {
	wd, _ := os.Getwd()
	return wd
}

// startProgress returns a progress line on stderr when it is a terminal,
// and nil otherwise.
func startProgress(e *env, ro report.Options, label string) *report.Progress {
	if !report.ShowProgress(e.isTerminal, e.getenv, ro) {
		return nil
	}
	return report.NewProgress(e.stderr, label, time.Now)
}

// gcFloor lets a build's heap grow to 128 MB before the garbage collector
// runs (see gcfloor), unless GOGC says how it should run. A 1,000-page
// build collected a dozen times; a 10,000-page build's live heap is over
// 64 MB for most of it, so it collects as before.
func gcFloor(e *env) (restore func()) {
	if e.getenv("GOGC") != "" {
		return func() {}
	}
	return gcfloor.Set(128 << 20)
}
