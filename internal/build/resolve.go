package build

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/media"
	"github.com/signpost-kb/signpost/internal/section"
)

// resolver maps the files that pages link to onto their URLs. It
// implements markdown.Resolver, and markdown.Files over the content
// folder's published files, reading each one's size (and an image's
// dimensions) once, when a page first links to it. A resolver is made
// afresh whenever a content file changes, so what it read stays true.
type resolver struct {
	fsys       fs.FS    // the site root, for FileInfo
	infos      sync.Map // file → fileInfo
	cfg        config.Config
	filter     content.Filter
	contentDir string
	published  map[string]*content.Page // by file
	all        map[string]*content.Page // by file, drafts included
	assets     map[string]string        // file → site path
	sections   map[string]string        // _index.md file → section site path
	byURL      map[string]string        // site path → file
}

func newResolver(cfg config.Config, fsys fs.FS, site *content.Site, published []*content.Page, tree *section.Tree, filter content.Filter) *resolver {
	r := &resolver{
		fsys:       fsys,
		cfg:        cfg,
		filter:     filter,
		contentDir: cfg.ContentDir,
		published:  make(map[string]*content.Page, len(published)),
		all:        make(map[string]*content.Page, len(site.Pages)),
		assets:     make(map[string]string, len(site.Assets)),
		sections:   map[string]string{},
		byURL:      make(map[string]string, len(published)+len(site.Assets)),
	}
	for _, p := range site.Pages {
		r.all[p.File] = p
	}
	for _, p := range published {
		r.published[p.File] = p
		r.byURL[p.URL] = p.File
	}
	for _, a := range site.Assets {
		r.assets[a.File] = a.URL
		r.byURL[a.URL] = a.File
	}
	// A section is linked by its folder; the home page by the content
	// folder or its _index.md or index.md.
	r.sections[cfg.ContentDir] = "/"
	r.sections[path.Join(cfg.ContentDir, "_index.md")] = "/"
	r.sections[path.Join(cfg.ContentDir, "index.md")] = "/"
	for _, s := range tree.Sections() {
		r.sections[path.Join(cfg.ContentDir, s.Dir)] = s.URL
	}
	return r
}

// Lookup implements markdown.Resolver.
func (r *resolver) Lookup(file string) (string, error) {
	if p, ok := r.published[file]; ok {
		return p.URL, nil
	}
	if p, ok := r.all[file]; ok {
		switch {
		case p.Draft && !r.filter.Drafts:
			return "", fmt.Errorf("%s is a draft, so it is not published", file)
		case !p.Expires.IsZero() && !p.Expires.After(r.filter.Now):
			return "", fmt.Errorf("%s expired on %s, so it is not published", file, p.Expires.Format(time.DateOnly))
		case !p.Date.IsZero() && p.Date.After(r.filter.Now) && !r.filter.Future:
			return "", fmt.Errorf("%s is dated %s, in the future, so it is not published yet", file, p.Date.Format(time.DateOnly))
		case p.Invalid && p.URL != "":
			// The page has errors of its own, which fail the build: the
			// link is not wrong, and saying so would only hide them.
			return p.URL, nil
		}
		return "", fmt.Errorf("%s is not published", file)
	}
	if u, ok := r.assets[file]; ok {
		return u, nil
	}
	if u, ok := r.sections[file]; ok {
		return u, nil
	}
	if !strings.HasPrefix(file, r.contentDir+"/") {
		return "", fmt.Errorf("%s is outside the content folder", file)
	}
	if path.Ext(file) == ".md" {
		return "", &missing{what: "page", file: file}
	}
	return "", &missing{what: "file", file: file}
}

// FileAt implements markdown.Resolver: the file of the published page or
// content file at a site path.
func (r *resolver) FileAt(sitePath string) (string, bool) {
	f, ok := r.byURL[sitePath]
	return f, ok
}

// URL implements markdown.Resolver.
func (r *resolver) URL(sitePath string) string { return r.cfg.RelURL(sitePath) }

// fileInfo is what FileInfo found of a file.
type fileInfo struct {
	info markdown.FileInfo
	ok   bool
}

// FileInfo implements markdown.Files for the published files of the
// content folder.
func (r *resolver) FileInfo(file string) (markdown.FileInfo, bool) {
	if _, ok := r.assets[file]; !ok || r.fsys == nil {
		return markdown.FileInfo{}, false
	}
	if v, ok := r.infos.Load(file); ok {
		fi := v.(fileInfo)
		return fi.info, fi.ok
	}
	var fi fileInfo
	if m, err := media.Probe(r.fsys, file); err == nil {
		fi = fileInfo{info: markdown.FileInfo{Size: m.Size, Width: m.Width, Height: m.Height}, ok: true}
	}
	r.infos.Store(file, fi)
	return fi.info, fi.ok
}

// page returns the published page at file.
func (r *resolver) page(file string) *content.Page { return r.published[file] }

// invalid reports whether file is a page whose front matter has errors of
// its own, which fail the build: what names it is not wrong for that.
func (r *resolver) invalid(file string) bool {
	p, ok := r.all[file]
	return ok && p.Invalid
}

// missing is the error for a link to a file that does not exist.
type missing struct{ what, file string }

func (e *missing) Error() string        { return "there is no " + e.what + " " + e.file }
func (e *missing) Is(target error) bool { return target == fs.ErrNotExist }
