package content

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/parallel"
)

// Options configures Load.
type Options struct {
	// Dir is the content folder, relative to the root of the file system
	// given to Load: "content".
	Dir string
	// Workers bounds the files read and decoded at once; 0 means one per CPU.
	Workers int
	// Files, when not nil, lists the files of the content folder, as Walk
	// returns them, so that Load need not walk it: a caller that keeps
	// the list up to date between runs (watch mode) passes it.
	Files []string
	// LoadFile, when set, loads each Markdown file in place of the
	// function LoadFile, so that a caller can hand back results it kept
	// from an earlier run for files that have not changed. It is called
	// from several goroutines at once.
	LoadFile func(fsys fs.FS, dir, name string) Loaded
	// Known, when set, returns what a caller kept of a file that has not
	// changed since an earlier run, so that Load hands it back at once
	// rather than through its workers.
	Known func(name string) (Loaded, bool)
}

// Reserved lists the top-level names the build writes itself, which no
// content may take.
var Reserved = []string{"tags", "organisations", "search", "assets", "feed.xml", "sitemap.xml", "robots.txt", "404.html"}

// Load reads every file under opt.Dir in fsys (the site root). It returns
// the pages, section pages and assets it found, and every problem as a
// diagnostic. A file with errors is left out of the site; the caller
// decides whether errors stop the build.
func Load(ctx context.Context, fsys fs.FS, opt Options) (*Site, diag.List) {
	if opt.Dir == "" {
		opt.Dir = "content"
	}
	var l diag.List
	site := &Site{Sections: map[string]*SectionPage{}}
	files := opt.Files
	if files == nil {
		var walkDiags diag.List
		files, walkDiags = Walk(ctx, fsys, opt.Dir)
		l.Add(walkDiags...)
	}
	loadFile := opt.LoadFile
	if loadFile == nil {
		loadFile = LoadFile
	}

	var docs []string
	for _, f := range files {
		if isMarkdown(f) {
			docs = append(docs, f)
			continue
		}
		if strings.ContainsFunc(f, unpublishable) {
			// A file is published under its own name, which must be a
			// plain path on every system and in every URL.
			l.Errorf(diag.Pos{File: f}, diag.CodeContentFile, "the file name %q cannot be published: it contains a backslash or a control character", path.Base(f))
			l.Hint("rename the file")
			continue
		}
		site.Assets = append(site.Assets, Asset{File: f, URL: assetURL(opt.Dir, f)})
	}

	results := make([]Loaded, len(docs))
	todo := make([]int, 0, len(docs))
	for i, f := range docs {
		if opt.Known != nil {
			if r, ok := opt.Known(f); ok {
				results[i] = r
				continue
			}
		}
		todo = append(todo, i)
	}
	if err := parallel.For(ctx, opt.Workers, len(todo), func(_, j int) {
		i := todo[j]
		results[i] = loadFile(fsys, opt.Dir, docs[i])
	}); err != nil {
		l.Errorf(diag.Pos{}, diag.CodeCancelled, "loading content: %v", err)
		return site, l
	}

	for _, r := range results {
		l.Add(r.Diags...)
		switch {
		case r.Page != nil:
			site.Pages = append(site.Pages, r.Page)
		case r.Section != nil:
			if first, dup := site.Sections[r.Section.Section]; dup {
				// _index.md sorts before index.md, and wins.
				l.Warnf(diag.Pos{File: r.Section.File, Line: 1}, diag.CodeURLCollision, "%s is the home page too; this file is ignored", first.File)
				l.Hint("keep one of %s and %s", first.File, path.Base(r.Section.File))
				continue
			}
			site.Sections[r.Section.Section] = r.Section
		}
	}
	pageLinkHints(l, site.Pages)
	l.Add(titleLinks(site.Pages)...)
	l.Add(CheckURLs(site.Pages)...)
	var al diag.List
	site.Assets, al = checkAssets(site.Pages, site.Assets)
	l.Add(al...)
	return site, l
}

// checkAssets reports files of the content folder that would be published
// at the address of a page or an alias, and leaves them out.
func checkAssets(pages []*Page, assets []Asset) ([]Asset, diag.List) {
	var l diag.List
	taken := map[string]*Page{}
	for _, p := range pages {
		if p.Invalid {
			continue
		}
		taken[p.URL+"index.html"] = p
		for _, a := range p.Aliases {
			if strings.HasSuffix(a, "/") {
				a += "index.html"
			}
			taken[a] = p
		}
	}
	kept := assets[:0:0]
	for _, a := range assets {
		if p, ok := taken[a.URL]; ok {
			l.Errorf(diag.Pos{File: a.File}, diag.CodeURLCollision, "this file would be published at %s, which is the address of %s", a.URL, p.File)
			l.Hint("rename or move the file, or give the page a different slug")
			continue
		}
		kept = append(kept, a)
	}
	return kept, l
}

// Loaded is the outcome of loading one Markdown file.
type Loaded struct {
	Page    *Page
	Section *SectionPage
	// Body is the page's Markdown after the front matter, with line
	// endings normalised to "\n"; it starts on line Page.BodyLine of the
	// file. It is kept apart from the Page, which lists and templates
	// share, so that a caller can let it go once the page is rendered and
	// can keep a page whose fields have not changed with a new body.
	// A section page's body is in the SectionPage.
	Body  []byte
	Diags diag.List
}

// LoadFile reads and decodes the Markdown file name (a path in fsys under
// dir). Exactly one of the result's Page and Section is set unless the file
// could not be read or split at all. A page whose front matter has errors
// comes back marked Invalid, so its body can still be checked.
func LoadFile(fsys fs.FS, dir, name string) Loaded {
	src, err := ReadFile(fsys, name)
	if err != nil {
		return ReadError(name, err)
	}
	return ParseFile(dir, name, src)
}

// ReadError is the outcome of a Markdown file that ReadFile could not read.
func ReadError(name string, err error) Loaded {
	var r Loaded
	r.Diags.Errorf(diag.Pos{File: name}, diag.CodeContentRead, "%v", err)
	return r
}

// ReadFile reads the content file name, refusing files over MaxFileSize.
// Its errors say what went wrong without repeating the file's name.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	// One open for both the size check and the read: on an os.Root file
	// system every open walks the path again.
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", unwrapPathError(err))
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("the file is %d MB; signpost reads Markdown files of up to %d MB", info.Size()>>20, MaxFileSize>>20)
	}
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", unwrapPathError(err))
	}
	if buf.Len() > MaxFileSize {
		return nil, fmt.Errorf("the file is over %d MB; signpost reads Markdown files of up to %d MB", MaxFileSize>>20, MaxFileSize>>20)
	}
	return buf.Bytes(), nil
}

// unwrapPathError drops the path from a *fs.PathError, since diagnostics
// name the file already.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func isMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// unpublishable reports whether r may not appear in a published file name.
func unpublishable(r rune) bool {
	return r == '\\' || r < ' ' || r == 0x7f
}

// assetURL maps a content file to its site path: content/articles/x.png is
// served at /articles/x.png.
func assetURL(dir, name string) string {
	return "/" + strings.TrimPrefix(name, dir+"/")
}
