package build

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/render"
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
	// intros holds the rendered bodies of the _index.md pages, by section
	// name ("" for the home page).
	intros map[string]template.HTML
	jobs   []job
}

// listJobs returns the jobs of the lists.
func (p *pipeline) listJobs(pages []pageResult, intros map[string]template.HTML) []job {
	ls := &lists{p: p, entries: make(map[*content.Page]template.HTML, len(pages)), intros: intros}
	for i, pg := range p.model.pages {
		ls.entries[pg] = pages[i].entry
	}
	for _, step := range []func(){ls.assets, ls.home, ls.sectionLists, ls.taxonomies, ls.aliases, ls.specialPages, ls.feeds} {
		step()
	}
	return ls.jobs
}

// items returns pages as lists show them, each with its entry.
func (ls *lists) items(pages []*content.Page) []render.Item {
	out := make([]render.Item, len(pages))
	for i, pg := range pages {
		out[i] = render.Item{Page: pg, HTML: ls.entries[pg]}
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
	for _, s := range m.sections {
		if s.Name == "" || len(s.Pages) == 0 {
			continue
		}
		d.Latest = append(d.Latest, render.Latest{ID: s.Name, Title: s.Title, URL: s.URL, Items: ls.items(s.Pages[:min(len(s.Pages), 5)])})
	}
	d.PopularTags = m.tags.Popular(12)
	ls.page("index.html", "home", d)
}

// sectionLists adds each section's paginated list.
func (ls *lists) sectionLists() {
	for _, s := range ls.p.model.sections {
		if s.Name == "" {
			continue
		}
		body := ls.intros[s.Name]
		ls.paginate(s.URL, s.Pages, func(d *render.Data) {
			d.Kind = "section"
			d.Title = s.Title
			d.Breadcrumbs = []render.Link{homeLink()}
			d.Feed = s.URL + "feed.xml"
			if s.Index != nil {
				d.Description = s.Index.Summary
			}
			if d.Pager.Number == 1 {
				d.Body = body
			}
		})
	}
}

// paginate adds a list of pages in pages of the configured size: the
// first at base ("/articles/"), the rest at base + "page/N/".
func (ls *lists) paginate(base string, pages []*content.Page, set func(*render.Data)) {
	size := ls.p.set.cfg.PageSize
	total := pageCount(size, len(pages))
	pageURL := func(n int) string { return listPageURL(base, n) }
	var all []render.Link
	for n := 1; n <= total; n++ {
		all = append(all, render.Link{Title: strconv.Itoa(n), URL: pageURL(n)})
	}
	for n := 1; n <= total; n++ {
		d := ls.p.data("section", "", pageURL(n))
		lo, hi := (n-1)*size, min(n*size, len(pages))
		d.Items = ls.items(pages[lo:hi])
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
			ls.paginate(term.URL, term.Pages, func(d *render.Data) {
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
