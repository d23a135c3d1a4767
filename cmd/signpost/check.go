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

func checkFlags() (*flag.FlagSet, *checkOptions) {
	o := &checkOptions{}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.StringVar(&o.source, "source", ".", "the site `folder`, holding signpost.toml and content/")
	fs.StringVar(&o.baseURL, "base-url", "", "the `URL` the site is published at, overriding base_url")
	fs.BoolVar(&o.strict, "strict", false, "treat warnings as errors (overdue reviews, unknown fields, dead outside links, …)")
	fs.BoolVar(&o.external, "external", false, "also check links to other sites over HTTP (results are cached for a week in "+check.CacheFile+")")
	fs.BoolVar(&o.drafts, "drafts", false, "include pages marked draft: true")
	fs.BoolVar(&o.future, "future", false, "include pages dated in the future")
	fs.StringVar(&o.format, "format", "text", "how to print findings: text, or json (one object per line, on stdout)")
	fs.BoolVar(&o.quiet, "quiet", false, "print errors only: no warnings, notes, summary or progress")
	fs.BoolVar(&o.verbose, "verbose", false, "also note each page left out (draft, future, expired) and why")
	return fs, o
}

func checkCommand() *command {
	return &command{
		name:    "check",
		summary: "check the site without building it: links, fields, review dates",
		usage:   "signpost check [--source DIR] [--strict] [--external] [--drafts] [--future] [--format text|json] [--quiet|--verbose]",
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
2 usage or configuration errors.

Examples:

  signpost check
  signpost check --strict                      # in CI: fail on warnings too
  signpost check --strict --base-url /kb/
  signpost check --external --verbose
  signpost check --drafts                      # include work in progress
  signpost check --format json > findings.jsonl`,
		run: runCheck,
	}
}

func runCheck(ctx context.Context, e *env, args []string) int {
	fs, o := checkFlags()
	if code, ok := parseSite(e, "check", fs, args, &o.format); !ok {
		return code
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
