package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/signpost-kb/signpost/internal/importer"
)

type importOptions struct {
	siteURL       string
	quiet         bool
	publishDrafts bool
}

func importFlags(fs *flag.FlagSet) runFunc {
	o := &importOptions{}
	fs.StringVar(&o.siteURL, "site-url", "", "`URL`: the address the old site was published at (e.g. https://nhsbsa.github.io/nhsbsa-digital-playbook/); links to it become links to files, and it becomes base_url")
	fs.BoolVar(&o.publishDrafts, "publish-drafts", false, "keep pages whose status is DRAFT published, as the old site did, instead of making them drafts (draft: true)")
	fs.BoolVar(&o.quiet, "quiet", false, "print only the summary, not the whole report")
	return func(ctx context.Context, e *env, args []string) int { return runImport(ctx, e, o, args) }
}

func importCommand() *command {
	return &command{
		name:    "import",
		summary: "bring over a site made with Eleventy or MkDocs",
		usage:   "signpost import eleventy|mkdocs [--site-url URL] [--publish-drafts] [--quiet] SRC DEST",
		help: `Import reads the Eleventy or MkDocs site in SRC (its project folder, or its
content folder) and writes a new signpost site into DEST: signpost.toml,
content/ with every page converted to signpost's front matter and Markdown,
the images and documents beside them, and IMPORT.md, a report of every change
by kind and of everything left to finish by hand, each with its file and
line. The report is also printed.

Import never writes into SRC, and refuses a DEST that is not empty or that is
inside SRC. Then build the new site: signpost build --source DEST.

Exit status: 0 imported, 2 a bad argument or folder (nothing was written).

Examples:

  signpost import eleventy ~/src/design-history kb
  signpost import mkdocs --site-url https://nhsengland.github.io/datascience/ ~/src/datascience kb`,
		flags: importFlags,
	}
}

func runImport(ctx context.Context, e *env, o *importOptions, pos []string) int {
	if len(pos) == 0 || (pos[0] != string(importer.Eleventy) && pos[0] != string(importer.MkDocs)) {
		got := "nothing"
		if len(pos) > 0 {
			got = fmt.Sprintf("%q", pos[0])
		}
		fmt.Fprintf(e.stderr, "signpost import: want eleventy or mkdocs, got %s\nRun \"signpost help import\" for usage.\n", got)
		return exitUsage
	}
	if len(pos) != 3 {
		fmt.Fprintf(e.stderr, "signpost import: want the old site's folder and a new folder after %s, got %d arguments\nRun \"signpost help import\" for usage.\n", pos[0], len(pos)-1)
		return exitUsage
	}
	rep, err := importer.Run(ctx, importer.Options{Dialect: importer.Dialect(pos[0]), Src: pos[1], Dest: pos[2], SiteURL: o.siteURL, PublishDrafts: o.publishDrafts})
	if err != nil {
		// A refused folder or option writes nothing; a failure while
		// writing leaves what was written in DEST, which the message names.
		fmt.Fprintf(e.stderr, "signpost import: %v\n", err)
		return exitUsage
	}
	if o.quiet {
		fmt.Fprint(e.stdout, rep.Summary())
	} else {
		fmt.Fprint(e.stdout, rep.Markdown())
	}
	fmt.Fprintf(e.stdout, "\nThe report is in %s. Next: signpost build --source %s\n", filepath.Join(pos[2], "IMPORT.md"), pos[2])
	return exitOK
}
