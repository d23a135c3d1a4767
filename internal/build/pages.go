package build

import (
	"bytes"
	"fmt"
	"html/template"
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

// itemContext is what an item page shows of the rest of the site: the
// section it is in, its topics and the entry that supersedes it.
type itemContext struct {
	Section      render.Link
	Tags         []render.Link
	SupersededBy *render.Link
	// Notes are a draft's problems, shown on it in the live preview.
	Notes []string
}

// itemContext looks up what an item page shows of the rest of the site.
// itemData uses nothing else of the site but the settings and b.info, so
// that itemKey can tell when the page must be rendered again.
func (b *builder) itemContext(p *content.Page) itemContext {
	var ic itemContext
	if p.Section != "" {
		ic.Section = render.Link{Title: b.sectionTitle(p.Section), URL: "/" + p.Section + "/"}
	}
	for _, t := range p.Tags {
		if term := b.tags.Lookup(t); term != nil {
			ic.Tags = append(ic.Tags, render.Link{Title: term.Name, URL: term.URL})
		}
	}
	if p.SupersededBy != "" {
		if isAbsURL(p.SupersededBy) {
			ic.SupersededBy = &render.Link{Title: linkTitle(p.SupersededBy), URL: p.SupersededBy}
		} else if t := b.resolve.page(path.Join(path.Dir(p.File), p.SupersededBy)); t != nil {
			ic.SupersededBy = &render.Link{Title: t.Title, URL: b.cfg.RelURL(t.URL)}
		}
	}
	return ic
}

// itemData is the template data of one item page.
func (b *builder) itemData(p *content.Page, res *markdown.Result, ic itemContext) *render.Data {
	d := b.data(string(p.Kind), p.Title, p.URL)
	d.Page = p
	d.Description = p.Summary
	d.Draft = p.Draft
	d.Notes = ic.Notes
	d.Breadcrumbs = []render.Link{home}
	if p.Section != "" {
		d.Breadcrumbs = append(d.Breadcrumbs, ic.Section)
	}
	d.Body = template.HTML(res.HTML)
	d.Footnotes = template.HTML(res.Footnotes)
	d.Tags = ic.Tags
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
	d.SupersededBy = ic.SupersededBy
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

// items returns pages as lists show them, each with its entry rendered
// once by renderItems.
func (b *builder) items(pages []*content.Page) []render.Item {
	out := make([]render.Item, len(pages))
	for i, p := range pages {
		out[i] = render.Item{Page: p, HTML: b.entries[p]}
	}
	return out
}

// home adds the home page: the introduction, the latest items of each
// section and the most used topics.
func (b *builder) home(js *jobs) {
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
		d.Latest = append(d.Latest, render.Latest{ID: s.Name, Title: s.Title, URL: s.URL, Items: b.items(s.Pages[:min(len(s.Pages), 5)])})
	}
	d.PopularTags = b.tags.Popular(12)
	js.page(b, "index.html", "home", d)
}

// sectionLists adds each section's paginated list.
func (b *builder) sectionLists(js *jobs) {
	for _, s := range b.sections {
		if s.Name == "" {
			continue
		}
		body := b.intros[s.Name]
		b.paginate(js, s.URL, s.Pages, func(d *render.Data) {
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
	}
}

// paginate adds a list of pages in pages of the configured size: the
// first at base ("/articles/"), the rest at base + "page/N/".
func (b *builder) paginate(js *jobs, base string, pages []*content.Page, set func(*render.Data)) {
	size := b.cfg.PageSize
	total := b.pageCount(len(pages))
	pageURL := func(n int) string { return listPageURL(base, n) }
	var all []render.Link
	for n := 1; n <= total; n++ {
		all = append(all, render.Link{Title: strconv.Itoa(n), URL: pageURL(n)})
	}
	for n := 1; n <= total; n++ {
		d := b.data("section", "", pageURL(n))
		lo, hi := (n-1)*size, min(n*size, len(pages))
		d.Items = b.items(pages[lo:hi])
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
		js.page(b, indexFile(d.Path), d.Kind, d)
	}
}

// taxonomies adds the A–Z index and a page for each term of the tags and
// organisations.
func (b *builder) taxonomies(js *jobs) {
	for _, t := range []struct {
		tax   *taxonomy.Taxonomy
		title string
	}{{b.tags, "Topics A to Z"}, {b.orgs, "Organisations A to Z"}} {
		base := "/" + t.tax.Name + "/"
		d := b.data("taxonomy", t.title, base)
		d.Taxonomy = t.tax
		d.Breadcrumbs = []render.Link{home}
		js.page(b, indexFile(base), "taxonomy", d)
		for _, term := range t.tax.Terms {
			b.paginate(js, term.URL, term.Pages, func(d *render.Data) {
				d.Kind = "term"
				d.Title = term.Name
				d.Taxonomy = t.tax
				d.Term = term
				d.Breadcrumbs = []render.Link{home, {Title: t.title, URL: base}}
			})
		}
	}
}

// aliases adds a redirect page at each old address.
func (b *builder) aliases(js *jobs) {
	for _, p := range b.pages {
		for _, a := range p.Aliases {
			if a == p.URL {
				continue // warned of by content.Load
			}
			d := b.data("alias", p.Title, a)
			d.Target = p.URL
			js.page(b, aliasFile(a), "alias", d)
		}
	}
}

// specialPages adds the 404 page and the search page.
func (b *builder) specialPages(js *jobs) {
	d := b.data("404", "Page not found", "/404.html")
	d.NoIndex = true
	js.page(b, "404.html", "404", d)
	if b.cfg.Search.Disabled {
		return
	}
	d = b.data("search", "Search", "/search/")
	d.Breadcrumbs = []render.Link{home}
	d.NoIndex = true
	js.page(b, "search/index.html", "search", d)
}

// assets adds the theme's static files and copies of the content folder's
// files (images, documents) at their URLs.
func (b *builder) assets(js *jobs) {
	for _, a := range b.theme.Assets() {
		js.file(b, a.Path, a.Data)
	}
	for _, a := range b.site.Assets {
		key := func() uint64 {
			h := b.newHasher()
			h.str(a.URL)
			sum, err := b.cache.assetHash(b.rootFS, a.File)
			if err != nil {
				return 0 // unreadable: make it, and report why
			}
			h.u64(sum)
			return h.Sum64()
		}
		js.add(a.URL[1:], key, func(w *bytes.Buffer) error {
			f, err := b.rootFS.Open(a.File)
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
