package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/signpost-kb/signpost/internal/scaffold"
)

type initOptions struct {
	title          string
	quiet, verbose bool
}

func initFlags(fs *flag.FlagSet) runFunc {
	o := &initOptions{}
	fs.StringVar(&o.title, "title", scaffold.DefaultTitle, "`TITLE`: the site's title, shown in its header")
	fs.BoolVar(&o.quiet, "quiet", false, "print errors only")
	fs.BoolVar(&o.verbose, "verbose", false, "list every file written")
	return func(_ context.Context, e *env, args []string) int { return runInit(e, o, args) }
}

func initCommand() *command {
	return &command{
		name:    "init",
		summary: "create a new site, with an example of each kind of page",
		usage:   "signpost init [--title TITLE] [--quiet|--verbose] [DIR]",
		help: `Init creates a new knowledge base in DIR (default: the current folder):
signpost.toml, a .gitignore for the build output, introductions for the home
page and each section, and an example article, interview and strategy entry
that build and pass "signpost check --strict". Edit or delete the examples.

Init never overwrites anything: it refuses a folder that is not empty (a
folder holding only .git, such as a fresh clone, is fine).

Exit status: 0 created, 2 the folder is not empty or cannot be written.

Examples:

  signpost init kb
  signpost init --title "Digital Leadership Knowledge Base" .`,
		flags: initFlags,
	}
}

func runInit(e *env, o *initOptions, pos []string) int {
	if len(pos) > 1 {
		fmt.Fprintf(e.stderr, "signpost init: want one folder, got %d arguments; quote a title with spaces\n", len(pos))
		return exitUsage
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	files, err := scaffold.Init(scaffold.InitOptions{Dir: dir, Title: o.title, Today: time.Now()})
	if err != nil {
		fmt.Fprintf(e.stderr, "signpost init: %v\n", err)
		return exitUsage
	}
	if o.quiet {
		return exitOK
	}
	if o.verbose {
		for _, f := range files {
			fmt.Fprintln(e.stdout, filepath.Join(dir, filepath.FromSlash(f)))
		}
	}
	fmt.Fprintf(e.stdout, "Created a new knowledge base in %s (%d files). Next:\n\n", dir, len(files))
	if dir != "." {
		fmt.Fprintf(e.stdout, "  cd %s\n", dir)
	}
	fmt.Fprint(e.stdout, `  signpost serve                          # preview it at http://127.0.0.1:1313/, live as you edit
  signpost new article "Your first article"
  signpost check --strict                 # before you publish
  signpost build                          # build it into public/
`)
	return exitOK
}
