package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"path"
	"strconv"
	"sync/atomic"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/search"
)

// pageResult is what the rest of the build keeps of a rendered page: not
// its HTML, which is already written, but what lists, checks and search
// need.
type pageResult struct {
	ids   map[string]bool
	links []markdown.Link
	text  []search.Section
	// entry is the page as lists show it, rendered once by the partial
	// partials/item.html.
	entry template.HTML
	// gen numbers the rendering of the body the item page was made from.
	gen uint64
	// landing is the rendered body of a section's landing page, which
	// its section's list shows; nil for other pages.
	landing *landing
}

// landing is what a section's list shows of its landing page.
type landing struct {
	HTML, Footnotes template.HTML
	// Notes are a draft's problems, shown on it in the live preview.
	Notes []string
}

// markup is a page's rendered Markdown, kept with the links it resolved,
// so that it is reused only while they resolve the same way.
type markup struct {
	gen  uint64
	deps []dep
	res  *markdown.Result // HTML and Footnotes are dropped once the page is written
	html bool             // res still has its HTML
	// themeIDs is sources.themeIDs of the theme the body was rendered for.
	themeIDs uint64
}

// renderPages renders every published page in parallel, writing each as
// soon as it is done, and its entry for lists. It returns what each gave,
// in the order of the model's pages.
func (p *pipeline) renderPages(ctx context.Context, out writer) ([]pageResult, diag.List) {
	pages := p.model.pages
	results := make([]pageResult, len(pages))
	diags := make([]diag.List, len(pages))
	var done atomic.Int64
	todo := make([]int, 0, len(pages))
	for i, pg := range pages {
		if last := p.reuse; last != nil {
			if src := p.cache.source(pg.File); src != nil && src.markup != nil && src.markup.gen == last.pages[i].gen {
				// Neither the page nor anything it shows has changed:
				// its item page is as the last build wrote it.
				results[i] = last.pages[i]
				done.Add(1)
				continue
			}
		}
		todo = append(todo, i)
	}
	bufs := make([]bytes.Buffer, parallel.Workers(p.set.workers))
	parallel.For(ctx, p.set.workers, len(todo), func(w, j int) {
		i := todo[j]
		results[i], diags[i] = p.renderPage(&bufs[w], pages[i], out)
		if progress := p.set.opt.Progress; progress != nil {
			progress(int(done.Add(1)), len(pages))
		}
	})
	var l diag.List
	for _, d := range diags {
		l.Add(d...)
	}
	return results, l
}

// renderPage renders the page pg and its entry for lists. With a kept
// cache, it renders the Markdown only if the page or a page it links to
// changed, and the page only if its key changed.
func (p *pipeline) renderPage(buf *bytes.Buffer, pg *content.Page, out writer) (pageResult, diag.List) {
	var l diag.List
	src := p.cache.source(pg.File)
	mk, err := p.markupOf(pg, src)
	if err != nil {
		l.Errorf(diag.Pos{File: pg.File}, diag.CodeInternal, "%v", err)
		return pageResult{}, l
	}
	res := mk.res
	l.Add(res.Diags...)
	r := pageResult{ids: make(map[string]bool, len(res.Headings)), links: res.Links, text: searchSections(res.Sections), gen: mk.gen}
	for _, h := range res.Headings {
		r.ids[h.ID] = true
	}
	if p.model.tree.Lands(pg) != nil {
		// Its section's list shows it, with the section's pages.
		if !mk.html {
			if mk, err = p.rerender(pg, mk); err != nil {
				l.Errorf(diag.Pos{File: pg.File}, diag.CodeInternal, "%v", err)
				return r, l
			}
		}
		r.landing = &landing{HTML: template.HTML(mk.res.HTML), Footnotes: template.HTML(mk.res.Footnotes), Notes: p.pageNotes(pg, res.Diags)}
	} else if err := p.writeItem(buf, pg, mk, out); err != nil {
		l.Add(*err)
		return r, l
	}
	r.entry, err = p.entryOf(buf, pg, src)
	if err != nil {
		l.Errorf(diag.Pos{File: pg.File}, diag.CodeTheme, "%v", err)
	}
	if r.landing == nil {
		// A landing page's HTML is kept: its list is made on every build
		// that makes lists.
		mk.dropHTML()
	}
	p.cache.release(src)
	return r, l
}

// writeItem renders the item page of pg, from its rendered body mk, and
// writes it to out, unless out holds it as made from the same inputs.
func (p *pipeline) writeItem(buf *bytes.Buffer, pg *content.Page, mk *markup, out writer) *diag.Diagnostic {
	fail := func(code diag.Code, err error) *diag.Diagnostic {
		return &diag.Diagnostic{Pos: diag.Pos{File: pg.File}, Severity: diag.Error, Code: code, Msg: err.Error()}
	}
	ic := p.itemContext(pg)
	ic.Notes = p.pageNotes(pg, mk.res.Diags)
	name := indexFile(pg.URL)
	if !p.outputs.unchanged(out, name, func() uint64 { return p.keys.item(p.cache.seed, pg, mk, ic) }) {
		if !mk.html {
			// The page must be written again though its body has not
			// changed (a tag was renamed, say): render the body again.
			var err error
			if mk, err = p.rerender(pg, mk); err != nil {
				return fail(diag.CodeInternal, err)
			}
		}
		buf.Reset()
		if err := p.src.theme.Render(buf, string(pg.Kind), p.itemData(pg, mk.res, ic)); err != nil {
			return fail(diag.CodeTheme, err)
		}
		p.rendered.Add(1)
		if err := out.Write(name, buf.Bytes()); err != nil {
			// The output's fault, not the page's: no file to blame.
			return &diag.Diagnostic{Severity: diag.Error, Code: diag.CodeOutputWrite, Msg: fmt.Sprintf("writing the page of %s: %v; the previous site is unchanged", pg.File, err)}
		}
	}
	return nil
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

// markupOf returns the rendered body of pg: the one the cache holds while
// every link in it resolves as it did, or else a new rendering.
func (p *pipeline) markupOf(pg *content.Page, src *source) (*markup, error) {
	if src != nil && src.markup != nil && src.markup.themeIDs == p.src.themeIDs && src.markup.valid(p.model.resolve) {
		return src.markup, nil
	}
	m, err := p.renderMarkdown(pg)
	if err != nil {
		return nil, err
	}
	m.gen = p.cache.gen.Add(1)
	if src != nil {
		src.markup = m
	}
	return m, nil
}

// rerender renders a cached body again to get back its HTML.
func (p *pipeline) rerender(pg *content.Page, old *markup) (*markup, error) {
	m, err := p.renderMarkdown(pg)
	if err != nil {
		return nil, err
	}
	old.res, old.html = m.res, true
	return old, nil
}

// renderMarkdown renders the body of pg, which it asks the cache for only
// now: a page taken from a cache file has its body parsed only when it is
// rendered. With a kept cache it records the questions the body asks the
// resolver, for markup.valid.
func (p *pipeline) renderMarkdown(pg *content.Page) (*markup, error) {
	body, err := p.cache.body(pg)
	if err != nil {
		return nil, err
	}
	resolver, deps := p.cache.resolverFor(p.model.resolve)
	res, err := p.src.renderer.Render(markdown.Doc{File: pg.File, URL: pg.URL, Body: body, BodyLine: pg.BodyLine, Resolver: resolver, TakenID: p.src.theme.TakesID})
	if err != nil {
		return nil, err
	}
	return &markup{res: res, html: true, deps: deps(), themeIDs: p.src.themeIDs}, nil
}

// resolverFor returns the resolver to render a body with, and a function
// that gives the questions the body asked it: none in a cache that is not
// kept, where no rendering is reused.
func (c *Cache) resolverFor(r *resolver) (markdown.Resolver, func() []dep) {
	if !c.keep {
		return r, func() []dep { return nil }
	}
	rec := &depRecorder{r: r}
	return rec, func() []dep { return rec.deps }
}

// dropHTML lets the HTML of a written page go; what lists, checks and
// search need stays.
func (m *markup) dropHTML() {
	if !m.html {
		return
	}
	res := *m.res
	res.HTML, res.Footnotes = "", ""
	m.res, m.html = &res, false
}

// entryOf returns pg as lists show it, rendered by partials/item.html.
func (p *pipeline) entryOf(buf *bytes.Buffer, pg *content.Page, src *source) (template.HTML, error) {
	var key uint64
	if p.keys != nil && src != nil {
		key = p.keys.entry(p.cache.seed, src.meta)
		if src.entry != "" && src.entryKey == key {
			return src.entry, nil
		}
	}
	buf.Reset()
	if err := p.src.theme.RenderPartial(buf, "partials/item.html", pg); err != nil {
		return "", err
	}
	entry := template.HTML(buf.String())
	if p.keys != nil && src != nil {
		src.entry, src.entryKey = entry, key
	}
	return entry, nil
}

// dep is one question a body asked the resolver, and the answer.
type dep struct {
	fileAt           bool   // FileAt rather than Lookup
	info             bool   // FileInfo rather than Lookup
	arg, answer, err string // err is "" for no error; for FileAt and FileInfo, "false" when not found
}

// depRecorder is a markdown.Resolver that records what it is asked.
type depRecorder struct {
	r    *resolver
	deps []dep
}

func (rec *depRecorder) Lookup(file string) (string, error) {
	p, err := rec.r.Lookup(file)
	rec.deps = append(rec.deps, dep{arg: file, answer: p, err: errString(err)})
	return p, err
}

func (rec *depRecorder) FileAt(sitePath string) (string, bool) {
	f, ok := rec.r.FileAt(sitePath)
	d := dep{fileAt: true, arg: sitePath, answer: f}
	if !ok {
		d.err = "false"
	}
	rec.deps = append(rec.deps, d)
	return f, ok
}

// FileInfo implements markdown.Files.
func (rec *depRecorder) FileInfo(file string) (markdown.FileInfo, bool) {
	fi, ok := rec.r.FileInfo(file)
	d := dep{info: true, arg: file, answer: infoString(fi)}
	if !ok {
		d.err = "false"
	}
	rec.deps = append(rec.deps, d)
	return fi, ok
}

func infoString(fi markdown.FileInfo) string {
	return strconv.FormatInt(fi.Size, 10) + " " + strconv.Itoa(fi.Width) + "x" + strconv.Itoa(fi.Height)
}

// URL implements markdown.Resolver. It depends on the settings alone.
func (rec *depRecorder) URL(sitePath string) string { return rec.r.URL(sitePath) }

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// valid reports whether the resolver answers every question the body
// asked as it did when the body was rendered.
func (m *markup) valid(r *resolver) bool {
	for _, d := range m.deps {
		if d.info {
			fi, ok := r.FileInfo(d.arg)
			if infoString(fi) != d.answer || ok != (d.err == "") {
				return false
			}
			continue
		}
		if d.fileAt {
			f, ok := r.FileAt(d.arg)
			if f != d.answer || ok != (d.err == "") {
				return false
			}
			continue
		}
		pg, err := r.Lookup(d.arg)
		if pg != d.answer || errString(err) != d.err {
			return false
		}
	}
	return true
}

// indexFile returns the output file of a folder-style site path:
// "/articles/x/" → "articles/x/index.html".
func indexFile(sitePath string) string {
	return path.Join(sitePath[1:], "index.html")
}
