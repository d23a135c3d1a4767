package build

import (
	"context"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/search"
)

// searchDocs turns the published pages, and the sections their bodies were
// cut into, into the documents of the search index. Pages that opt out
// with search: false are left out; drafts never get this far unless the
// build includes them.
func (b *builder) searchDocs(items []item) []search.Doc {
	docs := make([]search.Doc, 0, len(b.pages))
	for i, p := range b.pages {
		if p.NoSearch {
			continue
		}
		d := search.Doc{
			URL:     p.URL,
			Kind:    string(p.Kind),
			Title:   p.Title,
			Summary: p.Summary,
			Date:    p.Date,
			People:  p.People(),
		}
		for _, t := range p.Tags {
			if term := b.tags.Lookup(t); term != nil {
				d.Tags = append(d.Tags, term.Name)
			}
		}
		for _, o := range organisations(p) {
			if term := b.orgs.Lookup(o); term != nil {
				d.Organisations = append(d.Organisations, term.Name)
			}
		}
		for _, s := range items[i].text {
			d.Sections = append(d.Sections, search.Section{Anchor: s.ID, Heading: s.Heading, Text: s.Text})
		}
		docs = append(docs, d)
	}
	return docs
}

// organisations returns a page's organisations and its interviewee's.
func organisations(p *content.Page) []string {
	orgs := p.Organisations
	if p.Interviewee != nil && p.Interviewee.Organisation != "" {
		orgs = append(orgs[:len(orgs):len(orgs)], p.Interviewee.Organisation)
	}
	return orgs
}

// writeSearch builds the search index and writes its files under search/.
func (b *builder) writeSearch(ctx context.Context, items []item, out writer) error {
	if b.cfg.Search.Disabled {
		return nil
	}
	ix, err := search.Build(ctx, b.searchDocs(items), search.Options{Cache: b.searchCache})
	if err != nil {
		return err
	}
	for _, f := range ix.Files() {
		if err := out.Write(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}
