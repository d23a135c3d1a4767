// Package check finds what a build alone does not: links to site paths
// that lead nowhere, images without alt text, pages overdue for review or
// due soon, pages left out
// of the build and why, and, when asked, dead or redirected links to other
// sites. It runs the whole build as a dry run, so it reports everything
// build does too, and writes nothing.
//
// It owns the checks a build does not make. It must not build, write or
// render anything itself (it asks build for a dry run and its Inventory),
// nor give a finding a class other than its code's.
package check

import (
	"context"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
)

// DefaultWindow is how far ahead check lists pages due for review.
const DefaultWindow = 30 * 24 * time.Hour

// Options configures Run.
type Options struct {
	// Build says which site to check and how: Root, BaseURL, Drafts,
	// Future, Now, Workers and Progress are used; the build is always a
	// dry run.
	Build build.Options
	// Strict makes every warning fail the check (Diagnostic.Strict).
	Strict bool
	// Window is how far ahead to list pages due for review or expiring;
	// 0 means DefaultWindow.
	Window time.Duration
	// Verbose adds notes on the pages the build leaves out, and why.
	Verbose bool
	// External checks links to other sites over HTTP with Links.
	External bool
	Links    LinkChecker
	// CacheFile, when not "", keeps the outcomes of external checks
	// between runs.
	CacheFile string
}

// Result summarises a check.
type Result struct {
	// Build is the result of the dry-run build.
	Build *build.Result
	// Pages counts the published pages and introductions checked; Links
	// the links and images in them.
	Pages, Links int
	// Overdue and DueSoon count the pages past their review date and due
	// for review within the window.
	Overdue, DueSoon int
	// External describes the check of links to other sites, if asked.
	External ExternalStats
}

// Run checks the site described by opt.Build. It returns every finding;
// the site passes if none is an error. The result is nil only if the site
// could not be loaded at all, such as with a broken signpost.toml.
func Run(ctx context.Context, opt Options) (*Result, diag.List) {
	bo := opt.Build
	bo.DryRun, bo.Inventory = true, true
	res, l := build.Run(ctx, bo)
	if res == nil || res.Inventory == nil {
		return nil, finish(l, opt.Strict)
	}
	inv := res.Inventory
	r := &Result{Build: res, Pages: len(inv.Docs)}
	for _, d := range inv.Docs {
		r.Links += len(d.Links)
	}
	// When the build stopped early its list of files is incomplete, so
	// only links to pages are checked.
	l.Add(SitePaths(inv, inv.Complete)...)
	l.Add(Images(inv)...)
	window := opt.Window
	if window == 0 {
		window = DefaultWindow
	}
	rl := Reviews(inv, opt.Build.Root, window)
	r.Overdue, r.DueSoon = count(rl, diag.CodeReviewOverdue), count(rl, diag.CodeReviewDueSoon)
	l.Add(rl...)
	if opt.Verbose {
		l.Add(LeftOut(inv)...)
	}
	if opt.External && ctx.Err() == nil {
		el, stats := External(ctx, inv, opt.Links, opt.CacheFile)
		l.Add(el...)
		r.External = stats
	}
	return r, finish(l, opt.Strict)
}

// finish marks warnings as failing the check when strict, and sorts.
func finish(l diag.List, strict bool) diag.List {
	if strict {
		Strict(l)
	}
	l.Sort()
	return l
}

// Strict marks every warning in l as failing the check, keeping its level.
func Strict(l diag.List) {
	for i := range l {
		if l[i].Severity == diag.Warning {
			l[i].Strict = true
		}
	}
}

func count(l diag.List, code diag.Code) int {
	n := 0
	for _, d := range l {
		if d.Code == code {
			n++
		}
	}
	return n
}
