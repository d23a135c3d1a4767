package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/slug"
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
			if _, dup := site.Sections[r.Section.Section]; !dup {
				site.Sections[r.Section.Section] = r.Section
			}
		}
	}
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
	Diags   diag.List
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
	var r Loaded
	r.Page, r.Section, r.Diags = Parse(dir, name, src)
	return r
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

// Parse decodes the source of the Markdown file name, which sits under the
// content folder dir. It returns a page, or a section page for _index.md.
func Parse(dir, name string, src []byte) (*Page, *SectionPage, diag.List) {
	var l diag.List
	d := decoder{file: name, l: &l}
	rel := strings.TrimPrefix(name, dir+"/")
	dirPart, base := path.Split(rel)
	dirPart = strings.TrimSuffix(dirPart, "/")
	stem := strings.TrimSuffix(base, path.Ext(base))
	segments := []string{}
	if dirPart != "" {
		segments = strings.Split(dirPart, "/")
	}
	if stem == "index" && len(segments) > 0 {
		// A page bundle: content/articles/foo/index.md is the page "foo".
		stem = segments[len(segments)-1]
		segments = segments[:len(segments)-1]
	}
	// broken is the page of a file that cannot be read as one: it is not
	// published, but it is still there for the links to it, which must not
	// be reported as links to nowhere on top of its own error.
	broken := func(body []byte, bodyLine int) *Page {
		p := &Page{File: name, Body: body, BodyLine: bodyLine, Invalid: true}
		if len(segments) > 0 {
			p.Section = segments[0]
			p.Kind, _ = KindOfSection(p.Section)
		}
		p.Slug = slug.Make(stem)
		p.URL = pageURL(segments, p.Slug)
		return p
	}

	sp, err := splitFile(src)
	if err != nil {
		d.fileError(err, diag.CodeContentFile)
		if stem == "_index" {
			return nil, nil, l
		}
		return broken(nil, 1), nil, l
	}

	var matter value
	if sp.format != "" {
		matter, err = parseMatter(sp)
		if err != nil {
			d.fileError(err, diag.CodeFrontmatterSyntax)
			if stem == "_index" {
				return nil, nil, l
			}
			return broken(sp.body, sp.bodyLine), nil, l
		}
	}

	if stem == "_index" {
		s := &SectionPage{File: name, Section: dirPart, Body: sp.body, BodyLine: sp.bodyLine}
		if sp.format != "" {
			d.decodeSection(s, matter)
		}
		if strings.Contains(dirPart, "/") {
			d.warnf(1, diag.CodeContentFile, "_index.md is only used at the top of the content folder and in its sections; this one is ignored")
			return nil, nil, l
		}
		return nil, s, l
	}

	if sp.format == "" {
		d.errorf(1, diag.CodeFrontmatterSyntax, "no front matter: a page starts with a block of fields between --- lines")
		d.hint("add, at the top of the file:\n---\ntitle: \"…\"\ndate: 2024-01-31\nsummary: \"…\"\n---")
		return broken(sp.body, sp.bodyLine), nil, l
	}
	p := &Page{File: name, Body: sp.body, BodyLine: sp.bodyLine}
	if len(segments) > 0 {
		p.Section = segments[0]
	}
	errorsBefore := l.Count(diag.Error)
	d.decodePage(p, matter, sp.first-1)
	if p.Slug == "" {
		p.Slug = slug.Make(stem)
		if p.Slug == "" {
			d.errorf(1, diag.CodeContentFile, "cannot make a URL from the file name %q", base)
			d.hint("rename the file with letters or digits, or set slug: in the front matter")
		}
	}
	p.Invalid = l.Count(diag.Error) > errorsBefore
	p.URL = pageURL(segments, p.Slug)
	d.checkPlaceholders(sp.body, sp.bodyLine)
	return p, nil, l
}

// pageURL is the URL of a page with slug in the folders segments under
// its content folder: "/articles/x/".
func pageURL(segments []string, pageSlug string) string {
	var b strings.Builder
	b.WriteByte('/')
	for _, s := range segments {
		seg := slug.Make(s)
		if seg == "" {
			continue
		}
		b.WriteString(seg)
		b.WriteByte('/')
	}
	if pageSlug != "" {
		b.WriteString(pageSlug)
		b.WriteByte('/')
	}
	return b.String()
}

// fileError records a splitting or decoding error.
func (d decoder) fileError(err error, code diag.Code) {
	if le, ok := err.(*lineError); ok {
		d.l.Add(diag.Diagnostic{Pos: diag.Pos{File: d.file, Line: le.line, Col: le.col}, Severity: diag.Error, Code: code, Msg: le.msg, Hint: le.hint, Excerpt: le.excerpt})
		return
	}
	d.errorf(1, code, "%v", err)
}

// CheckURLs reports pages that share a URL, aliases that clash with a page
// or each other, and pages that take a name the build reserves.
func CheckURLs(pages []*Page) diag.List {
	var l diag.List
	owner := map[string]*Page{}
	for _, p := range pages {
		if p.Invalid {
			continue
		}
		if first, ok := owner[p.URL]; ok {
			l.Errorf(diag.Pos{File: p.File, Line: p.Line("slug")}, diag.CodeURLCollision,
				"URL %s is also the URL of %s", p.URL, first.File)
			l.Hint("rename one of the files, or give one a different slug")
			continue
		}
		owner[p.URL] = p
		top, _, _ := strings.Cut(strings.TrimPrefix(p.URL, "/"), "/")
		for _, r := range Reserved {
			if top == r {
				l.Errorf(diag.Pos{File: p.File, Line: 1}, diag.CodeURLReserved,
					"URL %s is inside /%s/, which signpost generates itself", p.URL, r)
				l.Hint("move the file to another folder")
			}
		}
	}
	for _, p := range pages {
		if p.Invalid {
			continue
		}
		for _, a := range p.Aliases {
			if other, ok := owner[a]; ok && other != p {
				l.Errorf(diag.Pos{File: p.File, Line: p.Line("aliases")}, diag.CodeURLCollision,
					"aliases: %s is the URL of %s; an alias must be an address no page uses", a, other.File)
				continue
			}
			if a == p.URL {
				l.Warnf(diag.Pos{File: p.File, Line: p.Line("aliases")}, diag.CodeURLCollision, "aliases: %s is this page's own URL; it is ignored", a)
				continue
			}
			owner[a] = p
		}
	}
	return l
}

// Walk lists the files under dir, sorted, skipping hidden and editor
// files. Symbolic links are followed only when they stay inside the site.
func Walk(ctx context.Context, fsys fs.FS, dir string) ([]string, diag.List) {
	var files []string
	var l diag.List
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			l.Errorf(diag.Pos{File: p}, diag.CodeContentRead, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if p != dir && layout.SkipName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			ok, isDir := checkSymlink(fsys, p, &l)
			if ok && isDir {
				l.Warnf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic links to folders are not followed; this one is ignored")
				l.Hint("move the folder into the content folder instead")
			} else if ok {
				files = append(files, p)
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			// Opening a named pipe would block the build for ever.
			l.Errorf(diag.Pos{File: p}, diag.CodeContentFile, "%s", irregular(d.Type()))
			l.Hint("signpost reads only regular files; move it out of the content folder")
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil && ctx.Err() == nil {
		l.Errorf(diag.Pos{File: dir}, diag.CodeSiteFolder, "cannot read the content folder: %v", unwrapPathError(err))
		l.Hint("run signpost in the site's folder, or pass --source DIR")
	}
	sort.Strings(files)
	return files, l
}

// irregular describes a file that is neither a regular file nor a folder.
func irregular(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "this is a named pipe (FIFO), not a file"
	case m&fs.ModeSocket != 0:
		return "this is a socket, not a file"
	case m&fs.ModeDevice != 0:
		return "this is a device, not a file"
	}
	return fmt.Sprintf("this is not a regular file (%v)", m.Type())
}

// maxLinkHops bounds a chain of symbolic links, as the kernel does.
const maxLinkHops = 40

// checkSymlink reports whether the symbolic link p resolves inside the site,
// and whether it points to a folder. It follows a chain of links itself,
// checking every hop, so a link to a link that leaves the site is refused
// as clearly as one that leaves it directly.
func checkSymlink(fsys fs.FS, p string, l *diag.List) (ok, isDir bool) {
	first, err := fs.ReadLink(fsys, p)
	if err != nil {
		l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "cannot read the symbolic link: %v", unwrapPathError(err))
		return false, false
	}
	cur := p
	for hop := 0; ; hop++ {
		info, err := fs.Lstat(fsys, cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "broken symbolic link to %s", first)
			l.Hint("remove the link, or point it at a file that exists")
			return false, false
		case err != nil:
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s cannot be followed: %v", first, unwrapPathError(err))
			return false, false
		case info.Mode()&fs.ModeSymlink == 0 && !info.IsDir() && !info.Mode().IsRegular():
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s: %s", first, irregular(info.Mode()))
			return false, false
		case info.Mode()&fs.ModeSymlink == 0:
			return true, info.IsDir()
		case hop == maxLinkHops:
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s: more than %d links in a row (is there a loop?)", first, maxLinkHops)
			return false, false
		}
		target, err := fs.ReadLink(fsys, cur)
		if err != nil {
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "cannot read the symbolic link %s: %v", cur, unwrapPathError(err))
			return false, false
		}
		next := path.Join(path.Dir(cur), target)
		if path.IsAbs(target) || strings.Contains(target, `\`) || !fs.ValidPath(next) {
			if cur == p {
				l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s points outside the site; signpost refuses it", target)
			} else {
				l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s points outside the site (%s links to %s); signpost refuses it", first, cur, target)
			}
			l.Hint("copy the file into the content folder instead of linking to it")
			return false, false
		}
		cur = next
	}
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
