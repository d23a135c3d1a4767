package build

import (
	"bytes"
	"context"
	"html/template"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
)

// write runs the steps that render and write: every page, the checks that
// need their bodies, the lists, feeds and files, and the search index.
func (p *pipeline) write(ctx context.Context, out writer) (*written, diag.List) {
	out = planned{writer: out, plan: p.plan, search: !p.set.cfg.Search.Disabled}
	var l diag.List
	pages, pl := p.renderPages(ctx, out)
	l.Add(p.relaxShown(pl)...)
	w := &written{pages: pages}
	p.clock.lap("pages")
	if ctx.Err() != nil {
		return w, l
	}
	invalidDiags, invalid, invalidPages := p.checkInvalid()
	l.Add(invalidDiags...)
	intros, il := p.renderIntros()
	l.Add(il...)
	p.inventory(pages)
	l.Add(p.relaxShown(checkAnchors(p.model.pages, pages, p.model.pages, pages))...)
	l.Add(p.relax(checkAnchors(p.model.pages, pages, invalid, invalidPages))...)
	p.clock.lap("checks")
	if l.HasErrors() && !(p.set.opt.DryRun && p.inv != nil) {
		// Nothing will be published. A check goes on, so that its list of
		// the site's files is whole.
		return w, l
	}
	if !p.set.cfg.IsAbsolute() && (!p.cache.keep || p.cache.disk) && !p.set.opt.DryRun {
		// Once a build: not in watch and serve, which rebuild on every
		// save, nor in check, which writes nothing.
		l.Add(relativeBaseNote(p.set.cfg))
	}
	// The search index is made while the lists are: each has stretches
	// that keep one CPU busy, and neither needs the other. Both write to
	// out, which is safe for that.
	searchCtx, stopSearch := context.WithCancel(ctx)
	defer stopSearch()
	searched := make(chan error, 1)
	go func() {
		var err error
		w.searchFiles, w.searchStale, err = p.search(searchCtx, pages, out)
		searched <- err
	}()
	if p.reuse == nil {
		failed := false
		if js, err := p.listJobs(pages, intros); err != nil {
			l.Errorf(diag.Pos{}, diag.CodeTheme, "%v", err)
			failed = true
		} else if err := p.run(ctx, out, js); err != nil && ctx.Err() == nil {
			l.Errorf(diag.Pos{}, jobErrorCode(err), "%v", err)
			failed = true
		}
		if failed {
			stopSearch()
			<-searched
			return w, l
		}
	}
	// With reuse, the lists, feeds and the rest are made from what the
	// site's shape fingerprints, which has not changed: they are as the
	// last build made them. The search index holds the text of the
	// pages, so it is made again.
	p.clock.lap("lists")
	if err := <-searched; err != nil && ctx.Err() == nil {
		l.Errorf(diag.Pos{}, diag.CodeOutputWrite, "search index: %v", err)
	}
	p.clock.lap("search")
	if p.inv != nil && ctx.Err() == nil {
		p.inv.Complete = true
	}
	return w, l
}

// renderIntros renders the body of the home page's _index.md, under "".
func (p *pipeline) renderIntros() (map[string]template.HTML, diag.List) {
	var l diag.List
	intros := map[string]template.HTML{}
	site := p.src.content
	for _, name := range sortedKeys(site.Sections) {
		s := site.Sections[name]
		if len(bytes.TrimSpace(s.Body)) == 0 {
			continue
		}
		res, err := p.src.renderer.Render(markdown.Doc{File: s.File, Body: s.Body, BodyLine: s.BodyLine, Resolver: p.model.resolve, TakenID: p.src.theme.TakesID})
		if err != nil {
			l.Errorf(diag.Pos{File: s.File}, diag.CodeInternal, "%v", err)
			continue
		}
		l.Add(res.Diags...)
		intros[name] = template.HTML(res.HTML + res.Footnotes)
		if p.inv != nil {
			p.inv.Docs = append(p.inv.Docs, introDoc(s, res))
		}
	}
	return intros, l
}

// checkInvalid checks the bodies of pages whose front matter has errors,
// so their broken links are reported in the same run. It returns the
// findings, and the pages checked with their links, for checkAnchors.
func (p *pipeline) checkInvalid() (diag.List, []*content.Page, []pageResult) {
	var l diag.List
	var pages []*content.Page
	var results []pageResult
	for _, pg := range p.src.content.Pages {
		if !pg.Invalid || pg.Published(p.set.filter) {
			continue // a draft shown with its notes is rendered already
		}
		mk, err := p.markupOf(pg, p.cache.source(pg.File))
		if err != nil {
			l.Errorf(diag.Pos{File: pg.File}, diag.CodeInternal, "%v", err)
			continue
		}
		l.Add(mk.res.Diags...)
		mk.dropHTML()
		pages = append(pages, pg)
		results = append(results, pageResult{links: mk.res.Links})
	}
	return p.relax(l), pages, results
}

// checkAnchors reports links from the source pages to headings that the
// target page (one of pages) does not have.
func checkAnchors(pages []*content.Page, results []pageResult, sources []*content.Page, sourceResults []pageResult) diag.List {
	var l diag.List
	byFile := make(map[string]int, len(pages))
	for i, pg := range pages {
		byFile[pg.File] = i
	}
	for i, pg := range sources {
		for _, link := range sourceResults[i].links {
			if link.Kind != markdown.Page || link.Fragment == "" {
				continue
			}
			j, ok := byFile[link.Target]
			if !ok || results[j].ids[link.Fragment] {
				continue
			}
			l.Errorf(diag.Pos{File: pg.File, Line: link.Line}, diag.CodeLinkMissingAnchor,
				"link to %s: %s has no heading with the id %q", link.Dest, link.Target, link.Fragment)
			if c := diag.Closest(link.Fragment, sortedKeys(results[j].ids)); c != "" {
				l.Hint("did you mean #%s?", c)
			} else {
				l.Hint("give the heading an id with {#%s} after its text, or link to one of: #%s", link.Fragment, joinMax(sortedKeys(results[j].ids), ", #", 8))
			}
		}
	}
	return l
}

func joinMax(s []string, sep string, n int) string {
	if len(s) > n {
		s = append(s[:n:n], "…")
	}
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(x)
	}
	return b.String()
}
