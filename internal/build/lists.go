package build

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/section"
	"github.com/signpost-kb/signpost/internal/slug"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// lists gathers the jobs of every output but the item pages and the search
// index: the home page, section lists, taxonomy and term pages, redirects,
// special pages, feeds and machine files, and copied files. They are made
// from the model and what the rendered pages gave, and made in parallel by
// run.
type lists struct {
	p *pipeline
	// entries holds each published page as lists show it.
	entries map[*content.Page]template.HTML
	// bodies holds the rendered bodies of landing pages.
	bodies map[*content.Page]*landing
	// intros holds the rendered body of the home page's _index.md, under
	// "".
	intros map[string]template.HTML
	// sections holds each section as the lists of the section above it
	// show it, rendered by partials/section-item.html.
	sections map[*section.Section]template.HTML
	jobs     []job
}

// listJobs returns the jobs of the lists.
func (p *pipeline) listJobs(pages []pageResult, intros map[string]template.HTML) ([]job, error) {
	ls := &lists{p: p, entries: make(map[*content.Page]template.HTML, len(pages)), bodies: map[*content.Page]*landing{}, intros: intros}
	for i, pg := range p.model.pages {
		ls.entries[pg] = pages[i].entry
		if pages[i].landing != nil {
			ls.bodies[pg] = pages[i].landing
		}
	}
	if err := ls.sectionEntries(); err != nil {
		return nil, err
	}
	for _, step := range []func(){ls.assets, ls.home, ls.sectionLists, ls.taxonomies, ls.aliases, ls.specialPages, ls.feeds} {
		step()
	}
	return ls.jobs, nil
}

// sectionEntries renders each section as the list of the section above it
// shows it: its title, its landing page's summary and how many pages it
// has.
func (ls *lists) sectionEntries() error {
	ls.sections = map[*section.Section]template.HTML{}
	var buf bytes.Buffer
	for _, s := range ls.p.model.tree.Sections() {
		e := render.SectionEntry{Title: s.Title, URL: s.URL, Pages: s.Count()}
		if s.Landing != nil {
			e.Summary = s.Landing.Summary
			e.Pages--
		}
		buf.Reset()
		if err := ls.p.src.theme.RenderPartial(&buf, "partials/section-item.html", e); err != nil {
			return fmt.Errorf("partials/section-item.html: %w", err)
		}
		ls.sections[s] = template.HTML(buf.String())
	}
	return nil
}

// items returns pages as lists show them, each with its entry.
func (ls *lists) items(pages []*content.Page) []render.Item {
	out := make([]render.Item, len(pages))
	for i, pg := range pages {
		out[i] = render.Item{Page: pg, HTML: ls.entries[pg]}
	}
	return out
}

// entryItems returns the entries of a section as its list shows them:
// pages, and subsections by partials/section-item.html.
func (ls *lists) entryItems(entries []section.Entry) []render.Item {
	out := make([]render.Item, len(entries))
	for i, e := range entries {
		if e.Page != nil {
			out[i] = render.Item{Page: e.Page, HTML: ls.entries[e.Page]}
		} else {
			out[i] = render.Item{HTML: ls.sections[e.Section]}
		}
	}
	return out
}

// home adds the home page: the introduction, the latest items of each
// section and the most used topics.
func (ls *lists) home() {
	m, cfg := ls.p.model, ls.p.set.cfg
	idx := ls.p.src.content.Sections[""]
	d := ls.p.data("home", m.info.Title, "/")
	d.Description = cfg.Description
	d.Feed = "/feed.xml"
	if idx != nil {
		if idx.Title != "" {
			d.Title = idx.Title
		}
		if idx.Summary != "" {
			d.Description = idx.Summary
		}
	}
	d.Body = ls.intros[""]
	for _, s := range topSections(m.tree) {
		l := render.Latest{ID: slug.Make(s.Dir), Title: s.Title, URL: s.URL}
		if _, dated := content.KindOfSection(s.Dir); dated {
			// The newest of articles, interviews and strategy entries.
			pages := m.under[s]
			l.Items, l.Dated = ls.items(pages[:min(len(pages), 5)]), true
		} else {
			// The first of the section's pages and subsections.
			l.Items = ls.entryItems(s.Entries[:min(len(s.Entries), 5)])
		}
		if len(l.Items) > 0 {
			d.Latest = append(d.Latest, l)
		}
	}
	d.PopularTags = m.tags.Popular(12)
	ls.page("index.html", "home", d)
}

// sectionLists adds each section's paginated list: its landing page's
// body, then its pages and subsections.
func (ls *lists) sectionLists() {
	tree := ls.p.model.tree
	for _, s := range tree.Sections() {
		var body landing
		var ic itemContext
		if s.Landing != nil {
			if b := ls.bodies[s.Landing]; b != nil {
				body = *b
			}
			ic = ls.p.itemContext(s.Landing)
		}
		crumbs := breadcrumbs(s, false)
		ls.paginate(s.URL, ls.entryItems(s.Entries), func(d *render.Data) {
			d.Kind = "section"
			d.Title = s.Title
			d.Breadcrumbs = crumbs
			if s.Depth == 1 {
				d.Feed = s.URL + "feed.xml"
			}
			if pg := s.Landing; pg != nil {
				d.Description = pg.Summary
				d.Tags, d.Related = ic.Tags, ic.Related
				if d.Pager.Number == 1 {
					d.Page, d.Draft, d.Notes = pg, pg.Draft, body.Notes
				}
			}
			if d.Pager.Number == 1 {
				d.Body, d.Footnotes = body.HTML, body.Footnotes
			}
		})
	}
}

// paginate adds a list of items in pages of the configured size: the
// first at base ("/articles/"), the rest at base + "page/N/".
func (ls *lists) paginate(base string, items []render.Item, set func(*render.Data)) {
	size := ls.p.set.cfg.PageSize
	total := pageCount(size, len(items))
	pageURL := func(n int) string { return listPageURL(base, n) }
	var all []render.Link
	for n := 1; n <= total; n++ {
		all = append(all, render.Link{Title: strconv.Itoa(n), URL: pageURL(n)})
	}
	for n := 1; n <= total; n++ {
		d := ls.p.data("section", "", pageURL(n))
		lo, hi := (n-1)*size, min(n*size, len(items))
		d.Items = items[lo:hi]
		d.Pager = &render.Pager{Number: n, Total: total, Pages: all}
		if n > 1 {
			d.Pager.Prev = pageURL(n - 1)
		}
		if n < total {
			d.Pager.Next = pageURL(n + 1)
		}
		set(d)
		if n > 1 {
			d.Breadcrumbs = append(d.Breadcrumbs, render.Link{Title: d.Title, URL: base})
			d.Title = fmt.Sprintf("%s (page %d of %d)", d.Title, n, total)
			d.NoIndex = false
		}
		ls.page(indexFile(d.Path), d.Kind, d)
	}
}

// taxonomies adds the A–Z index and a page for each term of the tags and
// organisations.
func (ls *lists) taxonomies() {
	m := ls.p.model
	for _, t := range []struct {
		tax   *taxonomy.Taxonomy
		title string
	}{{m.tags, "Topics A to Z"}, {m.orgs, "Organisations A to Z"}} {
		base := "/" + t.tax.Name + "/"
		d := ls.p.data("taxonomy", t.title, base)
		d.Taxonomy = t.tax
		d.Breadcrumbs = []render.Link{homeLink()}
		ls.page(indexFile(base), "taxonomy", d)
		for _, term := range t.tax.Terms {
			ls.paginate(term.URL, ls.items(term.Pages), func(d *render.Data) {
				d.Kind = "term"
				d.Title = term.Name
				d.Taxonomy = t.tax
				d.Term = term
				d.Breadcrumbs = []render.Link{homeLink(), {Title: t.title, URL: base}}
			})
		}
	}
}

// aliases adds a redirect page at each old address.
func (ls *lists) aliases() {
	for _, pg := range ls.p.model.pages {
		for _, a := range pg.Aliases {
			if a == pg.URL {
				continue // warned of by content.Load
			}
			d := ls.p.data("alias", pg.Title, a)
			d.Target = pg.URL
			ls.page(aliasFile(a), "alias", d)
		}
	}
}

// specialPages adds the 404 page and the search page.
func (ls *lists) specialPages() {
	d := ls.p.data("404", "Page not found", "/404.html")
	d.NoIndex = true
	ls.page("404.html", "404", d)
	if ls.p.set.cfg.Search.Disabled {
		return
	}
	d = ls.p.data("search", "Search", "/search/")
	d.Breadcrumbs = []render.Link{homeLink()}
	d.NoIndex = true
	ls.page("search/index.html", "search", d)
}

// assets adds the theme's static files and copies of the content folder's
// files (images, documents) at their URLs.
func (ls *lists) assets() {
	p := ls.p
	for _, a := range p.src.theme.Assets() {
		ls.file(a.Path, a.Data)
	}
	for _, a := range p.src.content.Assets {
		key := func() uint64 {
			h := newHasher(p.cache.seed)
			h.str(a.URL)
			sum, err := p.cache.assetHash(p.src.fsys, a.File)
			if err != nil {
				return 0 // unreadable: make it, and report why
			}
			h.u64(sum)
			return h.Sum64()
		}
		ls.add(a.URL[1:], key, func(w *bytes.Buffer) error {
			f, err := p.src.fsys.Open(a.File)
			if err == nil {
				_, err = w.ReadFrom(f)
				f.Close()
			}
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", a.File, err)
			}
			return nil
		})
	}
}
