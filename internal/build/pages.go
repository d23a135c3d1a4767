package build

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

var home = render.Link{Title: "Home", URL: "/"}

// data returns the template data every page starts from.
func (b *builder) data(kind, title, sitePath string) *render.Data {
	return &render.Data{Site: b.info, Kind: kind, Title: title, Path: sitePath}
}

// itemData is the template data of one item page.
func (b *builder) itemData(p *content.Page, res *markdown.Result) *render.Data {
	d := b.data(string(p.Kind), p.Title, p.URL)
	d.Page = p
	d.Description = p.Summary
	d.Draft = p.Draft
	d.Breadcrumbs = []render.Link{home}
	if p.Section != "" {
		d.Breadcrumbs = append(d.Breadcrumbs, render.Link{Title: b.sectionTitle(p.Section), URL: "/" + p.Section + "/"})
	}
	d.Body = template.HTML(res.HTML)
	d.Footnotes = template.HTML(res.Footnotes)
	for _, t := range p.Tags {
		if term := b.tags.Lookup(t); term != nil {
			d.Tags = append(d.Tags, render.Link{Title: term.Name, URL: term.URL})
		}
	}
	if p.Kind == content.Interview {
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
		if len(h2) >= b.cfg.Markdown.ContentsMinHeadings {
			d.Contents = h2
		}
	}
	if p.SupersededBy != "" {
		if isAbsURL(p.SupersededBy) {
			d.SupersededBy = &render.Link{Title: linkTitle(p.SupersededBy), URL: p.SupersededBy}
		} else if t := b.resolve.page(path.Join(path.Dir(p.File), p.SupersededBy)); t != nil {
			d.SupersededBy = &render.Link{Title: t.Title, URL: b.cfg.RelURL(t.URL)}
		}
	}
	return d
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

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

func (b *builder) sectionTitle(name string) string {
	for _, s := range b.sections {
		if s.Name == name {
			return s.Title
		}
	}
	return sectionTitle(name)
}

// renderTo renders a page template to the output file name.
func (b *builder) renderTo(out writer, name, kind string, d *render.Data) error {
	var buf bytes.Buffer
	if err := b.theme.Render(&buf, kind, d); err != nil {
		return err
	}
	return out.Write(name, buf.Bytes())
}

// writeHome writes the home page: the introduction, the latest items of
// each section and the most used topics.
func (b *builder) writeHome(out writer) error {
	idx := b.site.Sections[""]
	d := b.data("home", b.info.Title, "/")
	d.Description = b.cfg.Description
	d.Feed = "/feed.xml"
	if idx != nil {
		if idx.Title != "" {
			d.Title = idx.Title
		}
		if idx.Summary != "" {
			d.Description = idx.Summary
		}
	}
	d.Body = b.intros[""]
	for _, s := range b.sections {
		if s.Name == "" || len(s.Pages) == 0 {
			continue
		}
		d.Latest = append(d.Latest, render.Latest{ID: s.Name, Title: s.Title, URL: s.URL, Items: s.Pages[:min(len(s.Pages), 5)]})
	}
	d.PopularTags = b.tags.Popular(12)
	return b.renderTo(out, "index.html", "home", d)
}

// writeSections writes each section's paginated list.
func (b *builder) writeSections(out writer) error {
	for _, s := range b.sections {
		if s.Name == "" {
			continue
		}
		body := b.intros[s.Name]
		err := b.paginate(out, s.URL, s.Pages, func(d *render.Data) {
			d.Kind = "section"
			d.Title = s.Title
			d.Breadcrumbs = []render.Link{home}
			d.Feed = s.URL + "feed.xml"
			if s.Index != nil {
				d.Description = s.Index.Summary
			}
			if d.Pager.Number == 1 {
				d.Body = body
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// paginate writes a list of pages in pages of the configured size: the
// first at base ("/articles/"), the rest at base + "page/N/".
func (b *builder) paginate(out writer, base string, pages []*content.Page, set func(*render.Data)) error {
	size := b.cfg.PageSize
	total := max(1, (len(pages)+size-1)/size)
	pageURL := func(n int) string {
		if n == 1 {
			return base
		}
		return base + "page/" + strconv.Itoa(n) + "/"
	}
	var all []render.Link
	for n := 1; n <= total; n++ {
		all = append(all, render.Link{Title: strconv.Itoa(n), URL: pageURL(n)})
	}
	for n := 1; n <= total; n++ {
		d := b.data("section", "", pageURL(n))
		lo, hi := (n-1)*size, min(n*size, len(pages))
		d.Items = pages[lo:hi]
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
		if err := b.renderTo(out, indexFile(d.Path), d.Kind, d); err != nil {
			return err
		}
	}
	return nil
}

// writeTaxonomies writes the A–Z index and a page for each term of the
// tags and organisations.
func (b *builder) writeTaxonomies(out writer) error {
	for _, t := range []struct {
		tax   *taxonomy.Taxonomy
		title string
	}{{b.tags, "Topics A to Z"}, {b.orgs, "Organisations A to Z"}} {
		base := "/" + t.tax.Name + "/"
		d := b.data("taxonomy", t.title, base)
		d.Taxonomy = t.tax
		d.Breadcrumbs = []render.Link{home}
		if err := b.renderTo(out, indexFile(base), "taxonomy", d); err != nil {
			return err
		}
		for _, term := range t.tax.Terms {
			err := b.paginate(out, term.URL, term.Pages, func(d *render.Data) {
				d.Kind = "term"
				d.Title = term.Name
				d.Taxonomy = t.tax
				d.Term = term
				d.Breadcrumbs = []render.Link{home, {Title: t.title, URL: base}}
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// writeAliases writes a redirect page at each old address.
func (b *builder) writeAliases(out writer) error {
	for _, p := range b.pages {
		for _, a := range p.Aliases {
			name := a[1:]
			if strings.HasSuffix(a, "/") {
				name = indexFile(a)
			}
			d := b.data("alias", p.Title, a)
			d.Target = p.URL
			if err := b.renderTo(out, name, "alias", d); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeSpecialPages writes the 404 page and the search page.
func (b *builder) writeSpecialPages(out writer) error {
	d := b.data("404", "Page not found", "/404.html")
	d.NoIndex = true
	if err := b.renderTo(out, "404.html", "404", d); err != nil {
		return err
	}
	if b.cfg.Search.Disabled {
		return nil
	}
	d = b.data("search", "Search", "/search/")
	d.Breadcrumbs = []render.Link{home}
	d.NoIndex = true
	return b.renderTo(out, "search/index.html", "search", d)
}

// writeAssets writes the theme's static files and copies the content
// folder's files (images, documents) to their URLs.
func (b *builder) writeAssets(out writer) error {
	for _, a := range b.theme.Assets() {
		if err := out.Write(a.Path, a.Data); err != nil {
			return err
		}
	}
	for _, a := range b.site.Assets {
		data, err := fs.ReadFile(b.rootFS, a.File)
		if err != nil {
			return fmt.Errorf("%s: cannot read: %w", a.File, err)
		}
		if err := out.Write(a.URL[1:], data); err != nil {
			return err
		}
	}
	return nil
}
