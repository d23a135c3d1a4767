package content

import (
	"path"
	"strings"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/slug"
)

// Parse decodes the source of the Markdown file name, which sits under the
// content folder dir. It returns a page, or a section page for _index.md;
// ParseFile also returns the page's body.
func Parse(dir, name string, src []byte) (*Page, *SectionPage, diag.List) {
	r := ParseFile(dir, name, src)
	return r.Page, r.Section, r.Diags
}

// ParseFile is Parse, with the page's body.
func ParseFile(dir, name string, src []byte) Loaded {
	var r Loaded
	r.Page, r.Section, r.Body, r.Diags = parse(dir, name, src)
	return r
}

func parse(dir, name string, src []byte) (*Page, *SectionPage, []byte, diag.List) {
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
	broken := func(bodyLine int) *Page {
		p := &Page{File: name, BodyLine: bodyLine, Invalid: true}
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
			return nil, nil, nil, l
		}
		return broken(1), nil, nil, l
	}

	var matter value
	if sp.format != "" {
		matter, err = parseMatter(sp)
		if err != nil {
			d.fileError(err, diag.CodeFrontmatterSyntax)
			if stem == "_index" {
				return nil, nil, nil, l
			}
			return broken(sp.bodyLine), nil, sp.body, l
		}
	}

	if stem == "_index" {
		s := &SectionPage{File: name, Section: dirPart, Body: sp.body, BodyLine: sp.bodyLine}
		if sp.format != "" {
			d.decodeSection(s, matter)
		}
		if strings.Contains(dirPart, "/") {
			d.warnf(1, diag.CodeContentFile, "_index.md is only used at the top of the content folder and in its sections; this one is ignored")
			return nil, nil, nil, l
		}
		return nil, s, nil, l
	}

	if sp.format == "" {
		d.errorf(1, diag.CodeFrontmatterSyntax, "no front matter: a page starts with a block of fields between --- lines")
		d.hint("add, at the top of the file:\n---\ntitle: \"…\"\ndate: 2024-01-31\nsummary: \"…\"\n---")
		return broken(sp.bodyLine), nil, sp.body, l
	}
	p := &Page{File: name, BodyLine: sp.bodyLine}
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
	d.checkBody(sp.body, sp.bodyLine)
	return p, nil, sp.body, l
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
	if errs, ok := err.(lineErrors); ok {
		for _, le := range errs {
			d.fileError(le, code)
		}
		return
	}
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
