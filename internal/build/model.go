package build

import (
	"path"
	"reflect"
	"strings"
	"sync"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// model is what the build knows of the whole site besides the Markdown
// bodies: the published pages in order, the sections, the taxonomies, the
// link resolver and what every page shows of the site. It is a function of
// the settings and of every page's fields (shape fingerprints them), so a
// rebuild after edits that changed only page bodies keeps the last one.
type model struct {
	shape    uint64          // what it was made from; 0 when not known
	pages    []*content.Page // published, newest first
	sections []section
	tags     *taxonomy.Taxonomy
	orgs     *taxonomy.Taxonomy
	resolve  *resolver
	info     *render.Site
	// diags are the findings about the site as a whole: superseded_by
	// paths that lead nowhere.
	diags diag.List
}

// section is a content folder with its published pages.
type section struct {
	Name  string // "articles"
	Title string
	URL   string // "/articles/"
	Index *content.SectionPage
	Pages []*content.Page // newest first
}

// model returns the model of the site src holds: the last build's when
// nothing it is made from has changed.
func (c *Cache) model(set *settings, src *sources) *model {
	var shape uint64
	if c.keep {
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
	wg.Go(func() { m.resolve = newResolver(set.cfg, src.fsys, site, m.pages, set.filter) })
	m.sections = sections(site, m.pages)
	wg.Wait()
	m.info = siteInfo(set.cfg, site, m)
	m.diags = m.checkSuperseded()
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
	for _, p := range site.Pages {
		h.str(p.File)
		h.u64(c.meta(p))
		h.bool(p.Published(set.filter))
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

// sections groups the published pages by content folder, known sections
// first in their usual order.
func sections(site *content.Site, pages []*content.Page) []section {
	byName := map[string][]*content.Page{}
	for _, p := range pages {
		byName[p.Section] = append(byName[p.Section], p)
	}
	var names []string
	for _, k := range content.Kinds {
		names = append(names, k.Section())
	}
	for _, name := range sortedKeys(byName) {
		if _, known := content.KindOfSection(name); !known && name != "" {
			names = append(names, name)
		}
	}
	var out []section
	for _, name := range names {
		idx := site.Sections[name]
		if len(byName[name]) == 0 && idx == nil {
			continue
		}
		s := section{Name: name, URL: "/" + name + "/", Index: idx, Pages: byName[name], Title: sectionTitle(name)}
		if idx != nil && idx.Title != "" {
			s.Title = idx.Title
		}
		out = append(out, s)
	}
	return out
}

func sectionTitle(name string) string {
	if k, ok := content.KindOfSection(name); ok {
		if k == content.Strategy {
			return "Strategy"
		}
		return k.Label() + "s"
	}
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// sectionTitle returns the title of the section name.
func (m *model) sectionTitle(name string) string {
	for _, s := range m.sections {
		if s.Name == name {
			return s.Title
		}
	}
	return sectionTitle(name)
}

// siteInfo is what every page shows of the site.
func siteInfo(cfg config.Config, site *content.Site, m *model) *render.Site {
	s := &render.Site{
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cfg.Language,
		Owner:       cfg.Owner,
		Search:      !cfg.Search.Disabled,
		Absolute:    cfg.IsAbsolute(),
	}
	if home := site.Sections[""]; home != nil && home.Title != "" && cfg.Title == config.Default().Title {
		s.Title = home.Title
	}
	for _, sec := range m.sections {
		if sec.Name == "" {
			continue
		}
		s.Nav = append(s.Nav, render.Link{Title: sec.Title, URL: sec.URL})
	}
	if len(m.tags.Terms) > 0 {
		s.Nav = append(s.Nav, render.Link{Title: "Topics", URL: "/tags/"})
	}
	if len(m.orgs.Terms) > 0 {
		s.Nav = append(s.Nav, render.Link{Title: "Organisations", URL: "/organisations/"})
	}
	return s
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
