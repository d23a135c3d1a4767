package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/check"
	"github.com/signpost-kb/signpost/internal/report"
)

type checkOptions struct {
	source, baseURL, format          string
	strict, external, drafts, future bool
	quiet, verbose                   bool
}

func checkFlags(fs *flag.FlagSet) runFunc {
	o := &checkOptions{}
	sourceFlag(fs, &o.source)
	baseURLFlag(fs, &o.baseURL)
	fs.BoolVar(&o.strict, "strict", false, "fail on warnings too (overdue reviews, unknown fields, dead outside links, …)")
	fs.BoolVar(&o.external, "external", false, "also check links to other sites over HTTP (answers are cached for a week in "+check.CacheFile+")")
	fs.BoolVar(&o.drafts, "drafts", false, "include pages marked draft: true")
	fs.BoolVar(&o.future, "future", false, "include pages dated in the future")
	formatFlag(fs, &o.format)
	fs.BoolVar(&o.quiet, "quiet", false, "print errors only: no warnings, notes, summary or progress")
	fs.BoolVar(&o.verbose, "verbose", false, "also note each page left out (draft, future, expired) and why")
	return func(ctx context.Context, e *env, _ []string) int { return runCheck(ctx, e, o) }
}

func checkCommand() *command {
	return &command{
		name:    "check",
		summary: "check the site without building it: links, fields, review dates",
		usage:   "signpost check [--source DIR] [--base-url URL] [--strict] [--external] [--drafts] [--future] [--format text|json] [--quiet|--verbose]",
		help: `Check finds everything build would report, without writing anything, and more:
links to site paths such as /articles/x/ and their #anchors, files a page
refers to, pages sharing an address, pages overdue for review (a warning) and
those due in the next 30 days (listed as notes), and superseded strategy
entries that do not say what replaced them. With --external it also asks
other sites whether the pages linked to still exist (HEAD, then GET; a few
sites at a time, one request at a time to each), reporting dead links as
warnings and redirects as notes. Answers are cached for a week in
` + check.CacheFile + ` in the site folder.

Exit status: 0 no errors (warnings allowed unless --strict), 1 errors found,
2 usage, configuration or I/O errors, 3 --external could reach no outside
site (offline?), so the outside links were not checked, 130 interrupted.

The [check] section of signpost.toml can skip links, or report their
problems a level lower: skip = ["www.linkedin.com", "/legacy/"],
downgrade = ["nhs.sharepoint.com"].

Examples:

  signpost check
  signpost check --strict                      # in CI: fail on warnings too
  signpost check --strict --base-url /kb/
  signpost check --external --verbose
  signpost check --drafts                      # include work in progress
  signpost check --format json > findings.jsonl`,
		flags: checkFlags,
		site:  true,
	}
}

func runCheck(ctx context.Context, e *env, o *checkOptions) int {
	if !checkFormat(e, "check", o.format) {
		return exitUsage
	}
	ro := report.Options{Format: o.format, Quiet: o.quiet, GitHub: report.GitHubActions(e.getenv), Dir: o.source, WorkDir: workDir()}
	opt := check.Options{
		Build:    build.Options{Root: o.source, BaseURL: o.baseURL, Drafts: o.drafts, Future: o.future},
		Strict:   o.strict,
		Verbose:  o.verbose,
		External: o.external,
	}
	var progress *report.Progress
	if o.external {
		opt.CacheFile = filepath.Join(o.source, check.CacheFile)
		if progress = startProgress(e, ro, "checking outside links"); progress != nil {
			opt.Links.Progress = progress.Update
		}
	}
	defer gcFloor(e)()
	res, l := check.Run(ctx, opt)
	if progress != nil {
		progress.Done()
	}
	report.Findings(e.stdout, e.stderr, l, ro)
	if res != nil && !o.quiet && o.format == report.Text {
		fmt.Fprintln(e.stderr, report.CheckSummary(res, l, o.strict))
	}
	return report.ExitCode(l)
}
