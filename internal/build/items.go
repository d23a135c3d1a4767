package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"path"
	"slices"
	"sync/atomic"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/search"
)

// write renders every page and writes the whole site to out.
func (b *builder) write(ctx context.Context, out writer) diag.List {
	out = planned{writer: out, plan: b.plan, search: !b.cfg.Search.Disabled}
	var l diag.List
	items, il := b.renderItems(ctx, out)
	l.Add(b.relaxShown(il)...)
	b.clock.lap("pages")
	if ctx.Err() != nil {
		return l
	}
	invalidDiags, invalid, invalidItems := b.checkInvalid()
	l.Add(invalidDiags...)
	l.Add(b.renderIntros()...)
	b.inventory(items)
	l.Add(b.relaxShown(checkAnchors(b.pages, items, b.pages, items))...)
	l.Add(b.relax(checkAnchors(b.pages, items, invalid, invalidItems))...)
	b.clock.lap("checks")
	if l.HasErrors() && !(b.dryRun && b.inv != nil) {
		// Nothing will be published. A check goes on, so that its list of
		// the site's files is whole.
		return l
	}
	if b.reuse != nil {
		// The lists, feeds and the rest are made from what the site's
		// shape fingerprints, which has not changed: they are as the
		// last build made them. The search index holds the text of the
		// pages, so it is made again.
		b.clock.lap("lists")
		if err := b.writeSearch(ctx, items, out); err != nil && ctx.Err() == nil {
			l.Errorf(diag.Pos{}, diag.CodeOutputWrite, "search index: %v", err)
		}
		b.clock.lap("search")
		return l
	}
	if !b.cfg.IsAbsolute() && b.cache == nil && !b.dryRun {
		// Once a build: not in watch and serve, which rebuild on every
		// save, nor in check, which writes nothing.
		l.Add(relativeBaseNote(b.cfg))
	}
	var js jobs
	for _, step := range []func(*jobs){
		b.assets,
		b.home,
		b.sectionLists,
		b.taxonomies,
		b.aliases,
		b.specialPages,
		b.feeds,
	} {
		step(&js)
	}
	if err := b.run(ctx, out, js); err != nil && ctx.Err() == nil {
		l.Errorf(diag.Pos{}, jobErrorCode(err), "%v", err)
		return l
	}
	b.clock.lap("lists")
	if err := b.writeSearch(ctx, items, out); err != nil && ctx.Err() == nil {
		l.Errorf(diag.Pos{}, diag.CodeOutputWrite, "search index: %v", err)
	}
	b.clock.lap("search")
	if b.inv != nil && ctx.Err() == nil {
		b.inv.Complete = true
	}
	return l
}

// item is what the rest of the build keeps of a rendered page: not its
// HTML, which is already on disk, but what lists, checks and search need.
type item struct {
	ids   map[string]bool
	links []markdown.Link
	text  []search.Section
}

// searchSections keeps what the search index needs of a body's sections,
// and nothing else (not their HTML), since every page's are held until the
// index is built.
func searchSections(secs []markdown.Section) []search.Section {
	out := make([]search.Section, len(secs))
	for i, s := range secs {
		out[i] = search.Section{Anchor: s.ID, Heading: s.Heading, Text: s.Text}
	}
	return out
}

// renderItems renders every published page in parallel, writing each as
// soon as it is done, and its entry for lists.
func (b *builder) renderItems(ctx context.Context, out writer) ([]item, diag.List) {
	items := make([]item, len(b.pages))
	entries := make([]template.HTML, len(b.pages))
	diags := make([]diag.List, len(b.pages))
	var done atomic.Int64
	todo := make([]int, 0, len(b.pages))
	for i, p := range b.pages {
		if last := b.reuse; last != nil {
			if src := b.source(p); src != nil && src.md != nil && src.md.gen == last.gens[i] {
				// Neither the page nor anything it shows has changed:
				// its item page is as the last build wrote it.
				items[i], entries[i] = last.items[i], last.entries[p]
				done.Add(1)
				continue
			}
		}
		todo = append(todo, i)
	}
	bufs := make([]bytes.Buffer, parallel.Workers(b.workers))
	parallel.For(ctx, b.workers, len(todo), func(w, j int) {
		i := todo[j]
		items[i], entries[i], diags[i] = b.renderItem(&bufs[w], b.pages[i], out)
		if b.progress != nil {
			b.progress(int(done.Add(1)), len(b.pages))
		}
	})
	b.pageItems = items
	b.entries = make(map[*content.Page]template.HTML, len(b.pages))
	for i, p := range b.pages {
		b.entries[p] = entries[i]
	}
	var l diag.List
	for _, d := range diags {
		l.Add(d...)
	}
	return items, l
}

// renderItem renders the page p and its entry for lists. With a cache, it
// renders the Markdown only if the page or a page it links to changed, and
// the page only if its key changed.
func (b *builder) renderItem(buf *bytes.Buffer, p *content.Page, out writer) (item, template.HTML, diag.List) {
	var l diag.List
	src := b.source(p)
	md, err := b.markdownOf(p, src)
	if err != nil {
		l.Errorf(diag.Pos{File: p.File}, diag.CodeInternal, "%v", err)
		return item{}, "", l
	}
	res := md.res
	l.Add(res.Diags...)
	it := item{ids: make(map[string]bool, len(res.Headings)), links: res.Links, text: searchSections(res.Sections)}
	for _, h := range res.Headings {
		it.ids[h.ID] = true
	}
	ic := b.itemContext(p)
	ic.Notes = b.pageNotes(p, res.Diags)
	name := indexFile(p.URL)
	if !b.unchanged(out, name, b.itemKey(p, md, ic)) {
		if !md.html {
			// The page must be written again though its body has not
			// changed (a tag was renamed, say): render the body again.
			if md, err = b.rerender(p, md); err != nil {
				l.Errorf(diag.Pos{File: p.File}, diag.CodeInternal, "%v", err)
				return it, "", l
			}
		}
		buf.Reset()
		if err := b.theme.Render(buf, string(p.Kind), b.itemData(p, md.res, ic)); err != nil {
			l.Errorf(diag.Pos{File: p.File}, diag.CodeTheme, "%v", err)
			return it, "", l
		}
		b.rendered.Add(1)
		if err := out.Write(name, buf.Bytes()); err != nil {
			l.Errorf(diag.Pos{File: p.File}, diag.CodeOutputWrite, "%v", err)
		}
	}
	entry, err := b.entryOf(buf, p, src)
	if err != nil {
		l.Errorf(diag.Pos{File: p.File}, diag.CodeTheme, "%v", err)
	}
	if src != nil {
		md.dropHTML()
	} else {
		// Nothing after this needs the Markdown: let it go, so that
		// memory holds only the pages being rendered rather than the
		// whole site.
		p.Body = nil
	}
	return it, entry, l
}

// source returns what the cache holds of p's file, or nil without a cache.
func (b *builder) source(p *content.Page) *source {
	if b.cache == nil {
		return nil
	}
	if s := b.cache.source(p.File); s != nil && s.loaded.Page == p {
		return s
	}
	return nil
}

// markdownOf returns the rendered body of p: the one the cache holds while
// every link in it resolves as it did, or else a new rendering.
func (b *builder) markdownOf(p *content.Page, src *source) (*rendered, error) {
	if src != nil && src.md != nil && src.md.valid(b.resolve) {
		return src.md, nil
	}
	m, err := b.renderMarkdown(p.File, p.URL, p.Body, p.BodyLine)
	if err != nil {
		return nil, err
	}
	if src != nil {
		m.gen = b.cache.gen.Add(1)
		src.md = m
	}
	return m, nil
}

// rerender renders a cached body again to get back its HTML.
func (b *builder) rerender(p *content.Page, old *rendered) (*rendered, error) {
	m, err := b.renderMarkdown(p.File, p.URL, p.Body, p.BodyLine)
	if err != nil {
		return nil, err
	}
	old.res, old.html = m.res, true
	return old, nil
}

func (b *builder) renderMarkdown(file, url string, body []byte, line int) (*rendered, error) {
	doc := markdown.Doc{File: file, URL: url, Body: body, BodyLine: line, Resolver: b.resolve}
	if b.cache == nil {
		res, err := b.md.Render(doc)
		return &rendered{res: res, html: true}, err
	}
	rec := &depRecorder{r: b.resolve}
	doc.Resolver = rec
	res, err := b.md.Render(doc)
	if err != nil {
		return nil, err
	}
	return &rendered{deps: rec.deps, res: res, html: true}, nil
}

// dropHTML lets the HTML of a written page go; what lists, checks and
// search need stays.
func (m *rendered) dropHTML() {
	if !m.html {
		return
	}
	res := *m.res
	res.HTML, res.Footnotes = "", ""
	m.res, m.html = &res, false
}

// entryOf returns p as lists show it, rendered by partials/item.html.
func (b *builder) entryOf(buf *bytes.Buffer, p *content.Page, src *source) (template.HTML, error) {
	var key uint64
	if src != nil {
		key = b.entryKey(src)
		if src.entry != "" && src.entryKey == key {
			return src.entry, nil
		}
	}
	buf.Reset()
	if err := b.theme.RenderPartial(buf, "partials/item.html", p); err != nil {
		return "", err
	}
	entry := template.HTML(buf.String())
	if src != nil {
		src.entry, src.entryKey = entry, key
	}
	return entry, nil
}

// renderIntros renders the bodies of the home and section pages.
func (b *builder) renderIntros() diag.List {
	var l diag.List
	b.intros = map[string]template.HTML{}
	for _, name := range sortedKeys(b.site.Sections) {
		s := b.site.Sections[name]
		if len(bytes.TrimSpace(s.Body)) == 0 {
			continue
		}
		res, err := b.md.Render(markdown.Doc{File: s.File, Body: s.Body, BodyLine: s.BodyLine, Resolver: b.resolve})
		if err != nil {
			l.Errorf(diag.Pos{File: s.File}, diag.CodeInternal, "%v", err)
			continue
		}
		l.Add(res.Diags...)
		b.intros[name] = template.HTML(res.HTML + res.Footnotes)
		if b.inv != nil {
			b.inv.Docs = append(b.inv.Docs, introDoc(s, res))
		}
	}
	return l
}

// checkInvalid checks the bodies of pages whose front matter has errors,
// so their broken links are reported in the same run. It returns the
// findings, and the pages checked with their links, for checkAnchors.
func (b *builder) checkInvalid() (diag.List, []*content.Page, []item) {
	var l diag.List
	var pages []*content.Page
	var items []item
	for _, p := range b.site.Pages {
		if !p.Invalid || p.Published(b.filter) {
			continue // a draft shown with its notes is rendered already
		}
		src := b.source(p)
		md, err := b.markdownOf(p, src)
		if err != nil {
			l.Errorf(diag.Pos{File: p.File}, diag.CodeInternal, "%v", err)
			continue
		}
		l.Add(md.res.Diags...)
		md.dropHTML()
		pages = append(pages, p)
		items = append(items, item{links: md.res.Links})
	}
	return b.relax(l), pages, items
}

// relax makes the problems of drafts notes, when the build leaves drafts
// out or shows them with their notes (relaxDrafts).
func (b *builder) relax(l diag.List) diag.List {
	return relaxDrafts(l, b.site.Pages, b.filter.Drafts && !b.filter.DraftNotes)
}

// relaxShown is relax for the findings of published pages, which are
// drafts only when the build includes them: their problems stay errors,
// unless the build shows drafts with their notes.
func (b *builder) relaxShown(l diag.List) diag.List {
	if !b.filter.DraftNotes {
		return l
	}
	return b.relax(l)
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
func (b *builder) pageNotes(p *content.Page, rendering diag.List) []string {
	if !b.filter.DraftNotes || !p.Draft {
		return nil
	}
	notes := slices.Clone(b.notes[p.File])
	for _, d := range rendering {
		if d.Severity != diag.Info {
			notes = append(notes, note(d))
		}
	}
	return notes
}

// relaxDrafts turns the errors and warnings in draft pages into notes when drafts are
// not being built: a draft is work in progress, so it must not fail a
// build that leaves it out, but its writer still sees what to fix (and
// sees errors as errors with --drafts). It returns a copy of l, which may
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

// indexFile returns the output file of a folder-style site path:
// "/articles/x/" → "articles/x/index.html".
func indexFile(sitePath string) string {
	p := path.Join(sitePath[1:], "index.html")
	return p
}

// checkAnchors reports links from the source pages to headings that the
// target page (one of pages) does not have.
func checkAnchors(pages []*content.Page, items []item, sources []*content.Page, sourceItems []item) diag.List {
	var l diag.List
	byFile := make(map[string]int, len(pages))
	for i, p := range pages {
		byFile[p.File] = i
	}
	for i, p := range sources {
		for _, link := range sourceItems[i].links {
			if link.Kind != markdown.Page || link.Fragment == "" {
				continue
			}
			j, ok := byFile[link.Target]
			if !ok || items[j].ids[link.Fragment] {
				continue
			}
			l.Errorf(diag.Pos{File: p.File, Line: link.Line}, diag.CodeLinkMissingAnchor,
				"link to %s: %s has no heading with the id %q", link.Dest, link.Target, link.Fragment)
			if c := diag.Closest(link.Fragment, sortedKeys(items[j].ids)); c != "" {
				l.Hint("did you mean #%s?", c)
			} else {
				l.Hint("give the heading an id with {#%s} after its text, or link to one of: #%s", link.Fragment, joinMax(sortedKeys(items[j].ids), ", #", 8))
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

func isAbsURL(s string) bool {
	u, err := parseURL(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}
