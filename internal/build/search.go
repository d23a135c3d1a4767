package build

import (
	"context"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/search"
)

// synonymsFile is the theme's list of abbreviations and synonyms.
const synonymsFile = "data/synonyms.txt"

// searchSynonyms returns the synonym groups the search index is built
// with: the theme's list (unless default_synonyms = false), then the
// site's own. A group that cannot be used is a warning, and left out.
func searchSynonyms(cfg config.Config, theme *render.Theme) ([][]string, diag.List) {
	var l diag.List
	var groups [][]string
	if theme != nil && cfg.Search.DefaultSynonyms {
		if data, origin, ok := theme.Data(synonymsFile); ok {
			g, errs := search.ParseSynonyms(data)
			for _, e := range errs {
				l.Warnf(diag.Pos{File: origin, Line: e.Line}, diag.CodeSearchSynonyms, "%v; the line is left out", e.Err)
			}
			groups = append(groups, g...)
		}
	}
	for i, g := range cfg.Search.Synonyms {
		if err := search.CheckSynonyms(g); err != nil {
			l.Warnf(diag.Pos{File: config.FileName}, diag.CodeSearchSynonyms, "search.synonyms: group %d: %v; it is left out", i+1, err)
			continue
		}
		groups = append(groups, g)
	}
	return groups, l
}

// themeOf returns the build's theme, or the cache's.
func (b *builder) themeOf() *render.Theme {
	if b.theme == nil && b.cache != nil {
		return b.cache.theme
	}
	return b.theme
}

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
		for _, o := range p.AllOrganisations() {
			if term := b.orgs.Lookup(o); term != nil {
				d.Organisations = append(d.Organisations, term.Name)
			}
		}
		d.Sections = items[i].text
		docs = append(docs, d)
	}
	return docs
}

// writeSearch builds the search index and writes its files under search/.
// With DeferSearch it keeps the last build's index instead.
func (b *builder) writeSearch(ctx context.Context, items []item, out writer) error {
	if b.cfg.Search.Disabled {
		return nil
	}
	if b.deferSearch {
		b.searchFiles = b.searchFiles[:0]
		for _, name := range b.cache.searchFiles {
			if out.Keep(name) {
				b.searchFiles = append(b.searchFiles, name)
			}
		}
		b.searchStale = true
		return nil
	}
	synonyms, _ := searchSynonyms(b.cfg, b.themeOf()) // reported by prepare
	ix, err := search.Build(ctx, b.searchDocs(items), search.Options{Cache: b.searchCache, Workers: b.workers, Synonyms: synonyms})
	if err != nil {
		return err
	}
	if b.reuse != nil {
		// The output keeps the last build's files unless written again:
		// this index may have fewer.
		out.forget(b.cache.searchFiles)
	}
	b.searchFiles = b.searchFiles[:0]
	for _, f := range ix.Files() {
		if err := out.Write(f.Path, f.Data); err != nil {
			return err
		}
		b.searchFiles = append(b.searchFiles, f.Path)
	}
	return nil
}

// UpdateSearch brings the search index up to date with the last
// successful build through the cache, if that build deferred it
// (Options.DeferSearch), and writes the files that changed into the
// output folder in place. It returns the files written or removed. It
// must not run at the same time as a build through the same cache;
// cancelling ctx leaves the output as it was.
func (c *Cache) UpdateSearch(ctx context.Context) ([]string, error) {
	last := c.last
	if last == nil || !last.searchStale || !c.warm(c.out) {
		return nil, nil
	}
	b := &builder{cfg: last.cfg, pages: last.pages, tags: last.tags, orgs: last.orgs, cache: c, searchCache: &c.search, reuse: last}
	w, err := newInPlace(c.out, c.manifest, c.listed)
	if err != nil {
		return nil, err
	}
	w.keepAll()
	if err := b.writeSearch(ctx, last.items, w); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	outputs := c.outputs
	c.forgetOutputs()
	if err := w.Commit(); err != nil {
		return nil, err
	}
	c.committed(last.out, outputs, w.manifest(), false)
	c.searchFiles, last.searchStale = b.searchFiles, false
	return w.changed(), nil
}
