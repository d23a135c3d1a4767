package build

import (
	"path"
	"reflect"
	"sync"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/section"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// model is what the build knows of the whole site besides the Markdown
// bodies: the published pages in order, the sections, the taxonomies, the
// link resolver and what every page shows of the site. It is a function of
// the settings and of every page's fields (shape fingerprints them), so a
// rebuild after edits that changed only page bodies keeps the last one.
type model struct {
	shape uint64          // what it was made from; 0 when not known
	pages []*content.Page // published, newest first
	// tree is the sections of the published pages.
	tree *section.Tree
	// under holds, for each top-level section, its pages and those of its
	// subsections, newest first, landing pages left out: its feed, and
	// for articles, interviews and strategy the latest on the home page.
	under   map[*section.Section][]*content.Page
	tags    *taxonomy.Taxonomy
	orgs    *taxonomy.Taxonomy
	resolve *resolver
	// related holds what each page shows as related pages.
	related map[*content.Page][]render.Link
	info    *render.Site
	// diags are the findings about the site as a whole: superseded_by
	// and related: paths that lead nowhere.
	diags diag.List
}

// model returns the model of the site src holds: the last build's when
// nothing it is made from has changed.
func (c *Cache) model(set *settings, src *sources) *model {
	var shape uint64
	// A cache kept on disk has no last model: its next build is a new
	// process, which makes its own.
	if c.keep && !c.disk {
		shape = c.shapeKey(set, src)
		if c.last != nil && c.last.model.shape == shape {
			return c.last.model
		}
	}
	return newModel(set, src, shape)
}

// newModel works out the model of the site src holds.
func newModel(set *settings, src *sources, shape uint64) *model {
	site := src.content
	m := &model{shape: shape}
	taken := map[string]bool{}
	for _, p := range site.Pages {
		// Of pages that share a URL (an error already reported) only the
		// first is published, so the outcome does not depend on timing.
		if p.Published(set.filter) && !taken[p.URL] {
			taken[p.URL] = true
			m.pages = append(m.pages, p)
		}
	}
	content.SortByDate(m.pages)
	// Each of these reads the pages and nothing else: on a large site
	// they take milliseconds each, which a rebuild of one page feels.
	var wg sync.WaitGroup
	wg.Go(func() { m.tags = taxonomy.Tags(m.pages) })
	wg.Go(func() { m.orgs = taxonomy.Organisations(m.pages) })
	m.tree = section.Build(m.pages)
	m.under = pagesUnder(m.tree, m.pages)
	wg.Go(func() { m.resolve = newResolver(set.cfg, src.fsys, site, m.pages, m.tree, set.filter) })
	wg.Wait()
	var nl diag.List
	m.info, nl = siteInfo(set.cfg, site, m)
	m.diags = m.checkSuperseded()
	m.diags.Add(nl...)
	var rl diag.List
	m.related, rl = m.relatedPages()
	m.diags.Add(rl...)
	return m
}

// shapeKey fingerprints everything newModel reads, and so everything
// lists, taxonomies, feeds and link resolution depend on: the settings,
// every page's fields but its body and whether it is published, the
// section pages, and the content folder's other files.
func (c *Cache) shapeKey(set *settings, src *sources) uint64 {
	site := src.content
	h := newHasher(c.seed)
	h.u64(c.settings)
	h.int(len(site.Pages))
	// A section's list shows the body of its landing page: the bodies of
	// the pages that may be one (those at the address of a folder with
	// pages) are part of the shape.
	landings := section.Build(site.Pages)
	for _, p := range site.Pages {
		h.str(p.File)
		h.u64(c.meta(p))
		h.bool(p.Published(set.filter))
		if landings.Lands(p) != nil {
			if s := c.source(p.File); s != nil {
				h.u64(s.hash)
			}
		}
	}
	for _, name := range sortedKeys(site.Sections) {
		h.str(name)
		h.value(reflect.ValueOf(site.Sections[name]))
	}
	h.int(len(site.Assets))
	for _, a := range site.Assets {
		h.str(a.File)
		h.str(a.URL)
		sum, err := c.assetHash(src.fsys, a.File)
		h.u64(sum)
		h.bool(err != nil)
	}
	return h.Sum64()
}

// pagesUnder gathers the pages of each top-level section, its
// subsections' included, in the order of pages (newest first), without
// the landing pages of sections.
func pagesUnder(t *section.Tree, pages []*content.Page) map[*section.Section][]*content.Page {
	out := map[*section.Section][]*content.Page{}
	for _, p := range pages {
		if p.Section == "" || t.Lands(p) != nil {
			continue
		}
		if s := t.At(content.FolderURL(p.Section)); s != nil && s.Depth == 1 {
			out[s] = append(out[s], p)
		}
	}
	return out
}

// topSections returns the top-level sections in the order the menu and
// the home page show them: articles, interviews and strategy first, then
// the others in their order.
func topSections(t *section.Tree) []*section.Section {
	top := t.Top()
	var out []*section.Section
	for _, k := range content.Kinds {
		for _, s := range top {
			if s.Dir == k.Section() {
				out = append(out, s)
			}
		}
	}
	for _, s := range top {
		if _, known := content.KindOfSection(s.Dir); !known {
			out = append(out, s)
		}
	}
	return out
}

// siteInfo is what every page shows of the site, and the findings about
// its menu.
func siteInfo(cfg config.Config, site *content.Site, m *model) (*render.Site, diag.List) {
	s := &render.Site{
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cfg.Language,
		Owner:       cfg.Owner,
		Search:      !cfg.Search.Disabled,
		Absolute:    cfg.IsAbsolute(),

		Organisation:           cfg.Header.Organisation,
		OrganisationSplit:      cfg.Header.OrganisationSplit,
		OrganisationDescriptor: cfg.Header.OrganisationDescriptor,
	}
	if home := site.Sections[""]; home != nil && home.Title != "" && cfg.Title == config.Default().Title {
		s.Title = home.Title
	}
	links, l := m.menu(cfg)
	titles := make([]string, len(links))
	for i, link := range links {
		titles[i] = link.Title
	}
	for i, fits := range render.FitNav(titles) {
		s.Nav = append(s.Nav, render.NavItem{Title: links[i].Title, URL: links[i].URL, Fits: fits})
	}
	l.Add(m.footer(cfg, s)...)
	return s, l
}

// checkSuperseded resolves the superseded_by of strategy entries that name
// another entry by path.
func (m *model) checkSuperseded() diag.List {
	var l diag.List
	for _, p := range m.pages {
		if p.SupersededBy == "" || isAbsURL(p.SupersededBy) {
			continue
		}
		target := path.Join(path.Dir(p.File), p.SupersededBy)
		if _, err := m.resolve.Lookup(target); err != nil {
			l.Errorf(diag.Pos{File: p.File, Line: p.Line("superseded_by")}, diag.CodeStrategySupersededBy, "superseded_by: %v", err)
			l.Hint("give the URL of the newer document, or the path of its strategy entry relative to this file, such as long-term-plan.md")
		}
	}
	return l
}
