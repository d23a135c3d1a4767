package build

import (
	"html/template"
	"net/url"
	"path"
	"strings"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/section"
)

// homeLink is the first breadcrumb of every page but the home page.
func homeLink() render.Link { return render.Link{Title: "Home", URL: "/"} }

// breadcrumbs lead from the home page through the sections above s, and
// s itself when self is set: the whole path to a page of s, or to s.
func breadcrumbs(s *section.Section, self bool) []render.Link {
	out := []render.Link{homeLink()}
	for _, up := range s.Ancestors() {
		if up.Parent != nil {
			out = append(out, render.Link{Title: up.Title, URL: up.URL})
		}
	}
	if self && s.Parent != nil {
		out = append(out, render.Link{Title: s.Title, URL: s.URL})
	}
	return out
}

// data returns the template data every page starts from.
func (p *pipeline) data(kind, title, sitePath string) *render.Data {
	return &render.Data{Site: p.model.info, Kind: kind, Title: title, Path: sitePath}
}

// itemContext is what an item page shows of the rest of the site: the
// sections it is in, its topics and the entry that supersedes it.
type itemContext struct {
	// Breadcrumbs lead from the home page through the sections the
	// page is in.
	Breadcrumbs  []render.Link
	Tags         []render.Link
	SupersededBy *render.Link
	// Related are the pages to read next.
	Related []render.Link
	// SectionNav, Previous and Next lead through the page's section.
	SectionNav     *render.SectionNav
	Previous, Next *render.Link
	// Notes are a draft's problems, shown on it in the live preview.
	Notes []string
}

// itemContext looks up what an item page shows of the rest of the site.
// itemData uses nothing else of the site but the settings and the site
// info, so that the page's key can tell when it must be rendered again.
func (p *pipeline) itemContext(pg *content.Page) itemContext {
	m := p.model
	var ic itemContext
	if s := m.tree.In(pg); s != nil {
		ic.Breadcrumbs = breadcrumbs(s, true)
		if s.Parent != nil {
			ic.SectionNav, ic.Previous, ic.Next = sectionNav(s, pg.URL)
		}
	} else if s := m.tree.Lands(pg); s != nil {
		ic.Breadcrumbs = breadcrumbs(s, false)
	}
	for _, t := range pg.Tags {
		if term := m.tags.Lookup(t); term != nil {
			ic.Tags = append(ic.Tags, render.Link{Title: term.Name, URL: term.URL})
		}
	}
	ic.Related = m.related[pg]
	if pg.SupersededBy != "" {
		if isAbsURL(pg.SupersededBy) {
			ic.SupersededBy = &render.Link{Title: linkTitle(pg.SupersededBy), URL: pg.SupersededBy}
		} else if t := m.resolve.page(path.Join(path.Dir(pg.File), pg.SupersededBy)); t != nil {
			ic.SupersededBy = &render.Link{Title: t.Title, URL: p.set.cfg.RelURL(t.URL)}
		}
	}
	return ic
}

// itemData is the template data of one item page.
func (p *pipeline) itemData(pg *content.Page, res *markdown.Result, ic itemContext) *render.Data {
	d := p.data(string(pg.Kind), pg.Title, pg.URL)
	d.Page = pg
	d.Description = pg.Summary
	d.Draft = pg.Draft
	d.Notes = ic.Notes
	d.Breadcrumbs = ic.Breadcrumbs
	d.Body = template.HTML(res.HTML)
	d.Footnotes = template.HTML(res.Footnotes)
	d.Tags = ic.Tags
	if pg.Kind == content.Interview {
		d.QA = questions(res)
		if len(d.QA) > 0 {
			first := res.Sections[firstQuestion(res)]
			d.Body = template.HTML(res.HTML[:first.HeadingStart])
		}
	} else {
		var h2 []markdown.Heading
		for _, h := range res.Headings {
			if h.Level == 2 {
				h2 = append(h2, h)
			}
		}
		if len(h2) >= p.set.cfg.Markdown.ContentsMinHeadings {
			d.Contents = h2
		}
	}
	d.SupersededBy = ic.SupersededBy
	d.Related = ic.Related
	d.SectionNav, d.Previous, d.Next = ic.SectionNav, ic.Previous, ic.Next
	return d
}

// maxSectionNav is the number of entries a page's "in this section"
// navigation lists: in a larger section, those nearest the page.
const maxSectionNav = 10

// sectionNav returns the "in this section" navigation of the page at url
// in the section s, and the entries before and after it.
func sectionNav(s *section.Section, url string) (*render.SectionNav, *render.Link, *render.Link) {
	i := s.Index(url)
	if i < 0 || len(s.Entries) < 2 {
		return nil, nil, nil
	}
	var prev, next *render.Link
	if i > 0 {
		e := s.Entries[i-1]
		prev = &render.Link{Title: e.Title(), URL: e.URL()}
	}
	if i+1 < len(s.Entries) {
		e := s.Entries[i+1]
		next = &render.Link{Title: e.Title(), URL: e.URL()}
	}
	lo := max(0, min(i-maxSectionNav/2, len(s.Entries)-maxSectionNav))
	hi := min(len(s.Entries), lo+maxSectionNav)
	nav := &render.SectionNav{Title: s.Title, URL: s.URL, Total: len(s.Entries)}
	for j, e := range s.Entries[lo:hi] {
		nav.Items = append(nav.Items, render.SectionNavItem{Title: e.Title(), URL: e.URL(), Current: lo+j == i})
	}
	return nav, prev, next
}

// questions returns an interview's questions: its second-level sections,
// each answer running to the next question.
func questions(res *markdown.Result) []render.QA {
	var qa []render.QA
	for i, s := range res.Sections {
		if s.Level != 2 {
			continue
		}
		end := len(res.HTML)
		for _, next := range res.Sections[i+1:] {
			if next.Level == 2 {
				end = next.HeadingStart
				break
			}
		}
		qa = append(qa, render.QA{
			ID:       s.ID,
			Question: template.HTML(s.HeadingHTML),
			Answer:   template.HTML(res.HTML[s.Start:end]),
		})
	}
	return qa
}

func firstQuestion(res *markdown.Result) int {
	for i, s := range res.Sections {
		if s.Level == 2 {
			return i
		}
	}
	return 0
}

// linkTitle names an outside address by its host: "www.longtermplan.nhs.uk".
func linkTitle(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Host + strings.TrimSuffix(u.Path, "/")
	}
	return s
}

func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}
