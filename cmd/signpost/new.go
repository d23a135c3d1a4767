package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/report"
	"github.com/signpost-kb/signpost/internal/scaffold"
)

type newOptions struct {
	source         string
	quiet, verbose bool
}

func newFlags(fs *flag.FlagSet) runFunc {
	o := &newOptions{}
	sourceFlag(fs, &o.source)
	fs.BoolVar(&o.quiet, "quiet", false, "print only the new file's path")
	fs.BoolVar(&o.verbose, "verbose", false, "also list the required fields still to fill in, as check would")
	return func(_ context.Context, e *env, args []string) int { return runNew(e, o, args) }
}

func newCommand() *command {
	return &command{
		name:    "new",
		summary: "create a page: an article, interview, strategy entry or page of guidance",
		usage:   `signpost new [--source DIR] [--quiet|--verbose] article|interview|strategy|page "Title"`,
		help: `New creates a page in the folder for its kind, named from the title
(content/articles/going-paperless.md), dated today, with every field stubbed
and a comment on what goes there; an interview also gets a skeleton of
questions and answers. A page of guidance is made at the top of the content
folder (content/getting-started.md): move it into the folder of its section,
such as content/guides/. The page starts as a draft: it is left out of the site
until you delete its draft: true line, and "signpost check" reports the
required fields still empty. New never overwrites an existing file.

It prints the new file's path on stdout, so that you can open it:
$EDITOR "$(signpost new article "Title")".

Exit status: 0 created, 2 bad arguments, no content folder, or the file exists.

Examples:

  signpost new article "Developing digital leaders"
  signpost new interview "Mark Stanton on going paperless"
  signpost new strategy "Data saves lives"
  signpost new page "Getting an NHSmail account"`,
		flags: newFlags,
	}
}

func runNew(e *env, o *newOptions, pos []string) int {
	if len(pos) != 2 {
		fmt.Fprintf(e.stderr, "signpost new: want a kind and a title, such as: signpost new article \"Going paperless\"\n")
		return exitUsage
	}
	kind, err := scaffold.ParseKind(pos[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "signpost new: %v\n", err)
		return exitUsage
	}
	cfg, l := config.Load(o.source)
	if l.HasErrors() {
		_ = diag.WriteText(e.stderr, l)
		return exitUsage
	}
	rel, err := scaffold.New(scaffold.NewOptions{Root: o.source, ContentDir: cfg.ContentDir, Kind: kind, Title: pos[1], Today: time.Now()})
	if err != nil {
		fmt.Fprintf(e.stderr, "signpost new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(e.stdout, filepath.Join(o.source, filepath.FromSlash(rel)))
	if !o.quiet {
		fmt.Fprintf(e.stderr, "created a draft %s: fill in the fields marked required, then run signpost check --drafts\n", kind)
		if todo, err := scaffold.Todo(o.source, cfg.ContentDir, rel); err == nil && o.verbose {
			report.Findings(e.stdout, e.stderr, todo, report.Options{Format: report.Text, Dir: o.source, WorkDir: workDir()})
		}
	}
	return exitOK
}
