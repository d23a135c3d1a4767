package importer

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Report is what an import did: every change by kind with counts, and
// everything it could not convert, with file and line.
type Report struct {
	Dialect Dialect
	// Src and Dest are the folders as given.
	Src, Dest string
	// ContentDir is the content folder read, relative to Src ("" for Src
	// itself), and ContentNote why it was chosen.
	ContentDir, ContentNote string
	// Files counts the source Markdown files; Pages the pages written,
	// Landings those that are section landing pages (_index.md), Drafts
	// those written as drafts.
	Files, Pages, Landings, Drafts int
	// Copied counts the other files copied into the new content folder.
	Copied int
	// Links counts what happened to links and images.
	Links linkStats
	// Config lists what the new signpost.toml sets, and why.
	Config []string
	// Changes counts each kind of change; ChangeFiles the files each kind
	// touched.
	Changes, ChangeFiles map[string]int
	// Problems are the things to finish by hand, sorted.
	Problems []Problem
}

func (r *Report) add(file, dest string, l fileLog) {
	if r.Changes == nil {
		r.Changes, r.ChangeFiles = map[string]int{}, map[string]int{}
	}
	for k, n := range l.changes {
		r.Changes[k] += n
		r.ChangeFiles[k]++
	}
	for _, p := range l.problems {
		if p.File == "" {
			p.File = file
		}
		if p.Dest == "" {
			p.Dest = dest
		}
		r.Problems = append(r.Problems, p)
	}
}

func (r *Report) sort() {
	rank := map[string]int{}
	for i, g := range groups {
		rank[g] = i
	}
	sort.SliceStable(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		if a.Group != b.Group {
			return rank[a.Group] < rank[b.Group]
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Msg < b.Msg
	})
}

// Summary is the report's first lines: what was imported where.
func (r *Report) Summary() string {
	var b strings.Builder
	from := "`" + r.Src + "`"
	if r.ContentDir != "" {
		from += fmt.Sprintf(" (its content folder `%s/`, %s)", r.ContentDir, r.ContentNote)
	}
	fmt.Fprintf(&b, "Imported the %s site in %s into `%s`.\n\n", dialectName(r.Dialect), from, r.Dest)
	fmt.Fprintf(&b, "- %d Markdown files: %d pages written to `%s`, %d of them section landing pages (`_index.md`)",
		r.Files, r.Pages, path.Join(r.Dest, "content")+"/", r.Landings)
	if r.Drafts > 0 {
		drafts := "drafts"
		if r.Drafts == 1 {
			drafts = "draft"
		}
		fmt.Fprintf(&b, " and %d %s (`draft: true`, left out of `signpost build` until you publish them; if the old site published them, import again with `--publish-drafts` to keep them published)", r.Drafts, drafts)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- %d other files copied (images, documents)\n", r.Copied)
	fmt.Fprintf(&b, "- links: %d to pages and %d to files now name the file they lead to; %d lead to files that are not in the source folder; %d to pages and %d to headings were broken on the old site too\n",
		r.Links.toPages, r.Links.toFiles, r.Links.missing, r.Links.stale, r.Links.staleAnchors)
	fmt.Fprintf(&b, "- %d changes of %d kinds; %d things to finish by hand\n", total(r.Changes), len(r.Changes), len(r.Problems))
	return b.String()
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func dialectName(d Dialect) string {
	switch d {
	case Eleventy:
		return "Eleventy"
	case MkDocs:
		return "MkDocs"
	}
	return string(d)
}

// Markdown is the whole report, as written to IMPORT.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# Import report\n\n")
	b.WriteString(r.Summary())
	b.WriteString("\n## Next steps\n\n")
	fmt.Fprintf(&b, "1. Build the new site and read what signpost reports: `signpost build --source %s`, then `signpost check --source %s`.\n", r.Dest, r.Dest)
	b.WriteString("2. Work through **To finish by hand** below: each item names the old file and line, and the new file.\n")
	b.WriteString("3. Preview the site with `signpost serve` and compare it with the old one.\n")
	b.WriteString("4. The converted Markdown is your content from now on: edit it in signpost's syntax (see README.md, \"Moving an existing site\").\n")
	if len(r.Config) > 0 {
		b.WriteString("\n## signpost.toml\n\n")
		for _, c := range r.Config {
			b.WriteString("- " + c + "\n")
		}
	}
	b.WriteString("\n## Changes\n\n")
	if len(r.Changes) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| Change | Times | Files |\n| --- | ---: | ---: |\n")
		kinds := sortedKeys(r.Changes)
		sort.SliceStable(kinds, func(i, j int) bool { return r.Changes[kinds[i]] > r.Changes[kinds[j]] })
		for _, k := range kinds {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", cell(k), r.Changes[k], r.ChangeFiles[k])
		}
	}
	b.WriteString("\n## To finish by hand\n")
	if len(r.Problems) == 0 {
		b.WriteString("\nNothing.\n")
		return b.String()
	}
	r.sort()
	group := ""
	for i, p := range r.Problems {
		if p.Group != group {
			group = p.Group
			n := 0
			for _, q := range r.Problems[i:] {
				if q.Group == group {
					n++
				}
			}
			fmt.Fprintf(&b, "\n### %s (%d)\n\n", group, n)
		}
		loc := "`" + p.File
		if p.Line > 0 {
			loc += fmt.Sprintf(":%d", p.Line)
		}
		loc += "`"
		if p.Dest != "" {
			loc += " → `content/" + p.Dest + "`"
		}
		fmt.Fprintf(&b, "- %s: %s\n", loc, p.Msg)
	}
	return b.String()
}
