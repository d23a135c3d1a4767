package build

import (
	"path"
	"strings"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/render"
)

// maxRelated is the number of related pages a page shows when its
// related: does not name them: those sharing the most topics.
const maxRelated = 3

// relatedPages works out what each published page shows as related: the
// pages its related: names, or else up to maxRelated pages sharing the
// most topics with it. It reports the related: entries that name no
// published page or section.
func (m *model) relatedPages() (map[*content.Page][]render.Link, diag.List) {
	var l diag.List
	out := make(map[*content.Page][]render.Link, len(m.pages))
	byTags := m.tags.Related(m.pages, maxRelated)
	for _, p := range m.pages {
		if len(p.Related) == 0 {
			for _, q := range byTags[p] {
				out[p] = append(out[p], render.Link{Title: q.Title, URL: q.URL})
			}
			continue
		}
		for _, r := range p.Related {
			if target, ok := m.relatedFile(p, r); ok && m.resolve.invalid(target) {
				// Its own errors are reported, and fail the build: a
				// second error here would read as another mistake.
				continue
			}
			link, err := m.relatedLink(p, r)
			if err != "" {
				l.Errorf(diag.Pos{File: p.File, Line: p.Line("related")}, diag.CodeLinkMissingPage, "related: %s", err)
				l.Hint("list the files of published pages or the folders of sections, relative to this page, as links are: related: [../guides/nhsmail.md]")
				continue
			}
			if link.URL != p.URL {
				out[p] = append(out[p], link)
			}
		}
	}
	return out, l
}

// relatedFile returns the file an entry r of the related: of p names,
// unless it is a site path.
func (m *model) relatedFile(p *content.Page, r string) (string, bool) {
	if strings.HasPrefix(r, "/") {
		return "", false
	}
	return path.Join(path.Dir(p.File), strings.SplitN(r, "#", 2)[0]), true
}

// relatedLink resolves an entry r of the related: of p: a file relative to
// p, or a site path.
func (m *model) relatedLink(p *content.Page, r string) (render.Link, string) {
	var url string
	if strings.HasPrefix(r, "/") {
		url = path.Clean(r)
		if url != "/" {
			url += "/"
		}
		if f, ok := m.resolve.FileAt(url); ok {
			if q := m.resolve.page(f); q != nil {
				return render.Link{Title: q.Title, URL: q.URL}, ""
			}
		}
	} else {
		target, _ := m.relatedFile(p, r)
		u, err := m.resolve.Lookup(target)
		if err != nil {
			return render.Link{}, err.Error()
		}
		if q := m.resolve.page(target); q != nil {
			return render.Link{Title: q.Title, URL: q.URL}, ""
		}
		url = u
	}
	if s := m.tree.At(url); s != nil {
		return render.Link{Title: s.Title, URL: s.URL}, ""
	}
	if url == "/" {
		return render.Link{Title: "Home", URL: "/"}, ""
	}
	return render.Link{}, r + " is not a page or a section of this site"
}
