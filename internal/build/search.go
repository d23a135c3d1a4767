package build

import (
	"context"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/parallel"
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

// indexDocs turns the published pages of m, and the sections their bodies
// were cut into, into the documents of the search index. Pages that opt
// out with search: false are left out; drafts never get this far unless
// the build includes them.
func indexDocs(m *model, pages []pageResult) []search.Doc {
	docs := make([]search.Doc, 0, len(m.pages))
	for i, pg := range m.pages {
		if pg.NoSearch {
			continue
		}
		d := search.Doc{
			URL:     pg.URL,
			Kind:    string(pg.Kind),
			Title:   pg.Title,
			Summary: pg.Summary,
			Date:    pg.Date,
			People:  pg.People(),
		}
		for _, t := range pg.Tags {
			if term := m.tags.Lookup(t); term != nil {
				d.Tags = append(d.Tags, term.Name)
			}
		}
		for _, o := range pg.AllOrganisations() {
			if term := m.orgs.Lookup(o); term != nil {
				d.Organisations = append(d.Organisations, term.Name)
			}
		}
		d.Sections = pages[i].text
		docs = append(docs, d)
	}
	return docs
}

// searchWrite says how to write the search index.
type searchWrite struct {
	cache    *search.Cache // carries work from one index to the next; nil for none
	workers  int
	synonyms [][]string
	// prev are the index's files in the output folder, which out keeps
	// unless written again: this index may have fewer.
	prev []string
}

// writeSearch builds the search index of docs and writes its files under
// search/. It returns the files written.
func writeSearch(ctx context.Context, docs []search.Doc, out writer, sw searchWrite) ([]string, error) {
	ix, err := search.Build(ctx, docs, search.Options{Cache: sw.cache, Workers: sw.workers, Synonyms: sw.synonyms})
	if err != nil {
		return nil, err
	}
	out.forget(sw.prev)
	// A thousand files or more, each hashed and written with system
	// calls of its own, at the end of the build: on the workers, as the
	// pages are.
	ixFiles := ix.Files()
	files := make([]string, len(ixFiles))
	errs := make([]error, len(ixFiles))
	if err := parallel.For(ctx, sw.workers, len(ixFiles), func(_, i int) {
		f := ixFiles[i]
		files[i], errs[i] = f.Path, out.Write(f.Path, f.Data)
	}); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// search writes the search index of the build, or with DeferSearch keeps
// the last build's (Cache.UpdateSearch brings it up to date). It returns
// the index's files, and whether they are the last build's.
func (p *pipeline) search(ctx context.Context, pages []pageResult, out writer) (files []string, stale bool, err error) {
	if p.set.cfg.Search.Disabled {
		return nil, false, nil
	}
	if p.cache.defersSearch(p.set) {
		for _, name := range p.cache.searchFiles {
			if out.Keep(name) {
				files = append(files, name)
			}
		}
		return files, true, nil
	}
	sw := searchWrite{cache: p.cache.searchCache(), workers: p.set.workers, synonyms: p.src.synonyms}
	if p.reuse != nil {
		sw.prev = p.cache.searchFiles
	}
	files, err = writeSearch(ctx, indexDocs(p.model, pages), out, sw)
	return files, false, err
}

// defersSearch reports whether a build with settings set leaves the search
// index for UpdateSearch: only a cache that is kept can.
func (c *Cache) defersSearch(set *settings) bool { return set.opt.DeferSearch && c.keep }

// searchCache is the search index's cache, or nil when the cache is not
// kept.
func (c *Cache) searchCache() *search.Cache {
	if !c.keep {
		return nil
	}
	return c.searchIndex()
}

// searchIndex returns the search index's cache once a cache file's part
// of it is decoded.
func (c *Cache) searchIndex() *search.Cache {
	if c.searchLoading != nil {
		<-c.searchLoading
	}
	return &c.search
}
