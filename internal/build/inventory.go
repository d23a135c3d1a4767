package build

import (
	"sync"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/markdown"
)

// Inventory is what a build published, for checks that look across the
// whole site, such as links to site paths. Run fills it in when
// Options.Inventory is set.
type Inventory struct {
	Config config.Config
	// Site is everything loaded from the content folder, including pages
	// the build left out.
	Site *content.Site
	// Filter decided which pages were published.
	Filter content.Filter
	// Docs holds every rendered body: the published pages, newest first,
	// then the introductions of the home and section pages that have one.
	Docs []Doc
	// Files holds every output path of the build, slash-separated and
	// relative to the output folder: "articles/x/index.html".
	Files map[string]bool
	// Complete reports that Files is the whole site: the build made every
	// file, rather than stopping at errors that a check does not stop at.
	Complete bool
}

// Doc is one rendered Markdown body.
type Doc struct {
	// File is the source: "content/articles/x.md".
	File string
	// URL is the site path it is published at: "/articles/x/".
	URL string
	// Page is the published page, or nil for a section's _index.md.
	Page *content.Page
	// Links are the links and images the body makes.
	Links []markdown.Link
	// IDs holds the ids of the body's headings.
	IDs map[string]bool
}

// inventory records the rendered pages, in the order of the model's.
func (p *pipeline) inventory(pages []pageResult) {
	if p.inv == nil {
		return
	}
	docs := make([]Doc, 0, len(p.model.pages)+len(p.inv.Docs))
	for i, pg := range p.model.pages {
		docs = append(docs, Doc{File: pg.File, URL: pg.URL, Page: pg, Links: pages[i].links, IDs: pages[i].ids})
	}
	p.inv.Docs = append(docs, p.inv.Docs...)
}

func introDoc(s *content.SectionPage, res *markdown.Result) Doc {
	d := Doc{File: s.File, URL: "/", Links: res.Links, IDs: make(map[string]bool, len(res.Headings))}
	if s.Section != "" {
		d.URL = "/" + s.Section + "/"
	}
	for _, h := range res.Headings {
		d.IDs[h.ID] = true
	}
	return d
}

// record returns out, noting the name of every file written to it in the
// inventory when there is one.
func (p *pipeline) record(out writer) writer {
	if p.inv == nil {
		return out
	}
	return &recorder{out: out, files: p.inv.Files}
}

type recorder struct {
	out   writer
	mu    sync.Mutex
	files map[string]bool
}

func (r *recorder) Write(name string, data []byte) error {
	r.mu.Lock()
	r.files[name] = true
	r.mu.Unlock()
	return r.out.Write(name, data)
}

// Keep implements writer.
func (r *recorder) Keep(name string) bool {
	if !r.out.Keep(name) {
		return false
	}
	r.mu.Lock()
	r.files[name] = true
	r.mu.Unlock()
	return true
}

func (r *recorder) forget(names []string) { r.out.forget(names) }
