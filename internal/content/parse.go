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
	landing := stem == "_index" || stem == "index"
	if landing && dirPart == "" {
		return parseHome(d, name, src)
	}
	// kind is the type of the page unless it says type:. Only files
	// inside the folders of articles, interviews and strategy entries
	// are of those types; a folder's _index.md, its landing page, is a
	// page wherever it is; and a folder's index.md is the page for the
	// folder, typed by the folder the folder is in (articles/x/index.md
	// is the article x, with its files beside it).
	var kind Kind
	switch {
	case stem == "_index":
		kind = PageKind
	case stem == "index":
		kind = kindOf(segments[:len(segments)-1])
	default:
		kind = kindOf(segments)
	}
	urlSegments, urlStem := segments, stem
	if landing {
		// The folder's own address: content/guides/onboarding/index.md
		// is at /guides/onboarding/.
		urlSegments, urlStem = segments[:len(segments)-1], segments[len(segments)-1]
	}
	newPage := func(bodyLine int) *Page {
		p := &Page{File: name, Dir: dirPart, Kind: kind, BodyLine: bodyLine}
		if len(segments) > 0 {
			p.Section = segments[0]
		}
		return p
	}
	// broken is the page of a file that cannot be read as one: it is not
	// published, but it is still there for the links to it, which must not
	// be reported as links to nowhere on top of its own error.
	broken := func(bodyLine int) *Page {
		p := newPage(bodyLine)
		p.Invalid = true
		p.Slug = slug.Make(urlStem)
		p.URL = pageURL(urlSegments, p.Slug)
		return p
	}

	sp, err := splitFile(src)
	if err != nil {
		d.fileError(err, diag.CodeContentFile)
		return broken(1), nil, nil, l
	}

	var matter value
	if sp.format != "" {
		matter, err = parseMatter(sp)
		if err != nil {
			d.fileError(err, diag.CodeFrontmatterSyntax)
			return broken(sp.bodyLine), nil, sp.body, l
		}
	}
	if sp.format == "" && kind != PageKind {
		d.errorf(1, diag.CodeFrontmatterSyntax, "no front matter: every %s starts with a block of fields between --- lines", kind)
		d.hint("add, at the top of the file:\n---\ntitle: \"…\"\ndate: 2024-01-31\nsummary: \"…\"\n---")
		return broken(sp.bodyLine), nil, sp.body, l
	}
	p := newPage(sp.bodyLine)
	errorsBefore := l.Count(diag.Error)
	h := firstHeading(sp.body)
	body := sp.body
	if sp.format == "" {
		p.Lines = map[string]int{}
		fillFromBody(p, h, sp.body)
		if p.Title == "" {
			d.errorf(1, diag.CodeFrontmatterRequired, "title: missing; every page needs one")
			d.hint("start the page with a heading such as # Getting an NHSmail account, or give it front matter with title: \"…\"")
		}
	} else {
		d.decodePage(p, matter, sp.first-1, h, sp.body)
	}
	switch {
	case p.TitleFromBody:
		// The page's title is its heading: it is not repeated.
		body = withoutLine(body, h.line)
	case h.line >= 0 && h.first && strings.EqualFold(h.text, p.Title):
		// The body repeats the title of the front matter as its first
		// heading, as pages written for other generators do.
		body = withoutLine(body, h.line)
	}
	if stem == "_index" && p.Slug != "" {
		d.warnf(p.Line("slug"), diag.CodeFrontmatterFieldNotUsed, "slug: a folder's _index.md is at the folder's address, %s; slug is ignored", pageURL(urlSegments, slug.Make(urlStem)))
		d.hint("rename the folder to change the section's address")
		p.Slug = ""
	}
	if p.Slug == "" {
		p.Slug = slug.Make(urlStem)
		if p.Slug == "" {
			d.errorf(1, diag.CodeContentFile, "cannot make a URL from the file name %q", base)
			d.hint("rename the file with letters or digits, or set slug: in the front matter")
		}
	}
	p.Invalid = l.Count(diag.Error) > errorsBefore
	p.URL = pageURL(urlSegments, p.Slug)
	p.Brackets = d.checkBody(body, sp.bodyLine)
	return p, nil, body, l
}

// kindOf returns the type of a page in the folders segments of the content
// folder, unless it says type:.
func kindOf(segments []string) Kind {
	if len(segments) > 0 {
		if k, ok := KindOfSection(segments[0]); ok {
			return k
		}
	}
	return PageKind
}

// parseHome decodes the home page's _index.md or index.md: its title,
// summary and introduction.
func parseHome(d decoder, name string, src []byte) (*Page, *SectionPage, []byte, diag.List) {
	sp, err := splitFile(src)
	if err != nil {
		d.fileError(err, diag.CodeContentFile)
		return nil, nil, nil, *d.l
	}
	var matter value
	if sp.format != "" {
		if matter, err = parseMatter(sp); err != nil {
			d.fileError(err, diag.CodeFrontmatterSyntax)
			return nil, nil, nil, *d.l
		}
	}
	s := &SectionPage{File: name, Body: sp.body, BodyLine: sp.bodyLine}
	if sp.format != "" {
		d.decodeSection(s, matter)
	}
	if h := firstHeading(sp.body); s.Title == "" && h.line >= 0 {
		s.Title = h.text
		s.Body = withoutLine(sp.body, h.line)
	}
	return nil, s, nil, *d.l
}

// FolderURL is the address of the folder dir of the content folder,
// relative to it ("guides/onboarding" → "/guides/onboarding/"; "" → "/"):
// the address of its section.
func FolderURL(dir string) string {
	if dir == "" {
		return "/"
	}
	return pageURL(strings.Split(dir, "/"), "")
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
