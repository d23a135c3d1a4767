package build

import (
	"cmp"
	"path"
	"strings"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/render"
)

// menu returns the links of the header navigation: the site's [[menu]]
// entries, each resolved to the page or section it names, or by default
// the top-level sections (articles, interviews and strategy first), then
// topics and organisations when the site has any. An entry that names
// nothing the site publishes is an error at its line of signpost.toml.
func (m *model) menu(cfg config.Config) ([]render.Link, diag.List) {
	var l diag.List
	var links []render.Link
	if len(cfg.Menu) == 0 {
		for _, s := range topSections(m.tree) {
			links = append(links, render.Link{Title: s.Title, URL: s.URL})
		}
		if len(m.tags.Terms) > 0 {
			links = append(links, render.Link{Title: "Topics", URL: "/tags/"})
		}
		if len(m.orgs.Terms) > 0 {
			links = append(links, render.Link{Title: "Organisations", URL: "/organisations/"})
		}
		return links, nil
	}
	for i, item := range cfg.Menu {
		if item.Path == "" {
			continue // reported by config
		}
		link, err := m.menuLink(cfg, item.Path)
		if err != "" {
			l.Errorf(diag.Pos{File: config.FileName, Line: item.Line}, diag.CodeConfigValue, "menu: entry %d: %s", i+1, err)
			l.Hint(`a [[menu]] path is a file or folder of the content folder, such as path = "about.md" or path = "guides", or a path on the site such as path = "/tags/"`)
			continue
		}
		if item.Title != "" {
			link.Title = item.Title
		}
		links = append(links, link)
	}
	return links, l
}

// menuLink resolves the path of a [[menu]] entry: a path on the site
// ("/guides/"), or a file or folder of the content folder ("about.md",
// "guides"). It returns the link, or what is wrong.
func (m *model) menuLink(cfg config.Config, p string) (render.Link, string) {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") {
		return render.Link{}, p + " is an address on another site; the menu links to pages and sections of this one"
	}
	if strings.HasPrefix(p, "/") {
		url := path.Clean(p)
		if url != "/" && path.Ext(url) == "" {
			url += "/"
		}
		switch {
		case url == "/":
			return render.Link{Title: "Home", URL: url}, ""
		case url == "/tags/" && len(m.tags.Terms) > 0:
			return render.Link{Title: "Topics", URL: url}, ""
		case url == "/organisations/" && len(m.orgs.Terms) > 0:
			return render.Link{Title: "Organisations", URL: url}, ""
		case url == "/search/" && !cfg.Search.Disabled:
			return render.Link{Title: "Search", URL: url}, ""
		}
		if s := m.tree.At(url); s != nil {
			return render.Link{Title: s.Title, URL: s.URL}, ""
		}
		if f, ok := m.resolve.FileAt(url); ok {
			if pg := m.resolve.page(f); pg != nil {
				return render.Link{Title: pg.Title, URL: pg.URL}, ""
			}
			return render.Link{Title: path.Base(f), URL: url}, ""
		}
		return render.Link{}, "the site has no page or section at " + url
	}
	file := path.Join(cfg.ContentDir, strings.TrimSuffix(p, "/"))
	url, err := m.resolve.Lookup(file)
	if err != nil {
		return render.Link{}, err.Error()
	}
	if s := m.tree.At(url); s != nil {
		return render.Link{Title: s.Title, URL: s.URL}, ""
	}
	if pg := m.resolve.page(file); pg != nil {
		return render.Link{Title: pg.Title, URL: pg.URL}, ""
	}
	if url == "/" {
		return render.Link{Title: "Home", URL: url}, ""
	}
	return render.Link{Title: path.Base(file), URL: url}, ""
}

// footer resolves the footer's links and columns and the banner's link
// into s: each path as a [[menu]] path, or an address on another site.
// Without [[footer.navigation]] the footer has no columns, as
// nhsuk-frontend's has none by default: the header already links the
// sections.
func (m *model) footer(cfg config.Config, s *render.Site) diag.List {
	var l diag.List
	resolve := func(where string, f config.FooterLink) (render.FooterLink, bool) {
		if config.IsExternal(f.Path) {
			return render.FooterLink{Title: f.Title, URL: f.Path, External: true}, true
		}
		link, err := m.menuLink(cfg, f.Path)
		if err != "" {
			l.Errorf(diag.Pos{File: config.FileName, Line: f.Line}, diag.CodeConfigValue, "%s: %s", where, err)
			l.Hint(`the path is a file or folder of the content folder, such as path = "accessibility.md", a path on the site such as path = "/tags/", or an address such as path = "https://www.example.nhs.uk/privacy/"`)
			return render.FooterLink{}, false
		}
		if f.Title != "" {
			link.Title = f.Title
		}
		return render.FooterLink{Title: link.Title, URL: link.URL}, true
	}
	for _, f := range cfg.Footer.Links {
		if f.Path == "" {
			continue // reported by config
		}
		if link, ok := resolve("footer.links", f); ok {
			s.FooterLinks = append(s.FooterLinks, link)
		}
	}
	for _, c := range cfg.Footer.Navigation {
		col := render.FooterColumn{Heading: c.Heading}
		for _, f := range c.Links {
			if f.Path == "" {
				continue
			}
			if link, ok := resolve("footer.navigation", f); ok {
				col.Links = append(col.Links, link)
			}
		}
		if len(col.Links) > 0 {
			s.FooterNav = append(s.FooterNav, col)
		}
	}
	if b := cfg.Banner; b.Text != "" {
		s.Banner = &render.Banner{Title: cmp.Or(b.Title, "Important"), Text: b.Text}
		if b.LinkPath != "" {
			if link, ok := resolve("banner.link_path", config.FooterLink{Title: b.LinkTitle, Path: b.LinkPath, Line: b.LinkLine}); ok {
				s.Banner.Link = &link
			}
		}
	}
	return l
}
