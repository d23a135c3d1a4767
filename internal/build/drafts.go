package build

import (
	"fmt"
	"slices"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
)

// relax makes the problems of drafts notes, when the build leaves drafts
// out or shows them with their notes (relaxDrafts).
func relax(set *settings, site *content.Site, l diag.List) diag.List {
	return relaxDrafts(l, site.Pages, set.filter.Drafts && !set.filter.DraftNotes)
}

// relax is relax for the build's settings and content.
func (p *pipeline) relax(l diag.List) diag.List { return relax(p.set, p.src.content, l) }

// relaxShown is relax for the findings of published pages, which are
// drafts only when the build includes them: their problems stay errors,
// unless the build shows drafts with their notes.
func (p *pipeline) relaxShown(l diag.List) diag.List {
	if !p.set.filter.DraftNotes {
		return l
	}
	return p.relax(l)
}

// draftNotes returns the problems of each draft in l, by file, as the
// page shows them: "line 4: summary: is empty; every article needs one".
func draftNotes(l diag.List, pages []*content.Page) map[string][]string {
	drafts := map[string]bool{}
	for _, p := range pages {
		if p.Draft {
			drafts[p.File] = true
		}
	}
	notes := map[string][]string{}
	for _, d := range l {
		if drafts[d.File] && d.Severity != diag.Info {
			notes[d.File] = append(notes[d.File], note(d))
		}
	}
	return notes
}

// note says what a finding on a page says, for the page itself.
func note(d diag.Diagnostic) string {
	s := d.Msg
	if d.Line > 0 {
		s = fmt.Sprintf("line %d: %s", d.Line, s)
	}
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return s
}

// pageNotes returns the notes a draft shows with Options.DraftNotes: the
// problems found while loading it and rendering its Markdown.
func (p *pipeline) pageNotes(pg *content.Page, rendering diag.List) []string {
	if !p.set.filter.DraftNotes || !pg.Draft {
		return nil
	}
	notes := slices.Clone(p.src.notes[pg.File])
	for _, d := range rendering {
		if d.Severity != diag.Info {
			notes = append(notes, note(d))
		}
	}
	return notes
}

// relaxDrafts turns the errors and warnings in draft pages into notes when
// drafts are not being built: a draft is work in progress, so it must not
// fail a build that leaves it out, but its writer still sees what to fix
// (and sees errors as errors with --drafts). It returns a copy of l, which may
// hold findings a Cache keeps.
func relaxDrafts(l diag.List, pages []*content.Page, includeDrafts bool) diag.List {
	if includeDrafts {
		return l
	}
	drafts := map[string]bool{}
	for _, p := range pages {
		if p.Draft {
			drafts[p.File] = true
		}
	}
	out := make(diag.List, len(l))
	copy(out, l)
	for i := range out {
		if d := &out[i]; d.Severity != diag.Info && drafts[d.File] {
			d.Severity = diag.Info
			d.Msg = "in a draft, to fix before it is published: " + d.Msg
		}
	}
	return out
}
