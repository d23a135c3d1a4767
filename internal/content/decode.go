package content

import (
	"slices"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/diag"
)

// fieldKinds says which content types use each front-matter field; nil
// means every type.
var fieldKinds = map[string][]Kind{
	"type": nil, "title": nil, "date": nil, "summary": nil, "description": nil, "tags": nil,
	"organisations": nil, "draft": nil, "last_reviewed": nil, "review_due": nil,
	"expires": nil, "slug": nil, "aliases": nil, "search": nil,
	"weight": nil, "order": nil, "related": nil,
	"authors":       nil,
	"source":        {Article, Interview, PageKind},
	"interviewee":   {Interview},
	"interviewer":   {Interview},
	"url":           {Strategy},
	"publisher":     {Strategy},
	"status":        {Strategy},
	"superseded_by": {Strategy},
}

// fieldNames lists the known fields, for "did you mean" suggestions.
var fieldNames = []string{
	"type", "title", "date", "summary", "tags", "organisations", "authors", "source",
	"interviewee", "interviewer", "url", "publisher", "status", "superseded_by",
	"draft", "last_reviewed", "review_due", "expires", "slug", "aliases", "search",
	"weight", "order", "related",
}

// required lists the fields each type must set, in the order they are
// reported.
var required = map[Kind][]string{
	Article:   {"title", "date", "summary"},
	Interview: {"title", "date", "summary", "interviewee"},
	Strategy:  {"title", "summary", "url", "publisher", "status"},
	PageKind:  {"title"},
}

// decoder decodes one file's front matter, collecting findings.
type decoder struct {
	file string
	l    *diag.List
}

func (d decoder) errorf(line int, code diag.Code, format string, args ...any) {
	d.l.Errorf(diag.Pos{File: d.file, Line: line}, code, format, args...)
}

func (d decoder) warnf(line int, code diag.Code, format string, args ...any) {
	d.l.Warnf(diag.Pos{File: d.file, Line: line}, code, format, args...)
}

func (d decoder) hint(format string, args ...any) { d.l.Hint(format, args...) }

// decodePage fills p (whose File, Section and default Kind are set) from
// front matter v, and from the body's first heading h what the front
// matter does not say.
func (d decoder) decodePage(p *Page, v value, opening int, h heading, body []byte) {
	if v.kind != mapValue {
		d.errorf(v.line, diag.CodeFrontmatterType, "front matter: want `key: value` fields, got %s", v.describe())
		return
	}
	v = d.lowerCase(v, "", func(k string) bool { _, ok := fieldKinds[k]; return ok })
	p.Lines = make(map[string]int, len(v.keys))
	for _, f := range v.keys {
		p.Lines[f.key] = f.line
	}
	// The type comes first: it decides which fields apply.
	if f, ok := lookup(v, "type"); ok {
		if s, ok := d.str(f); ok && s != "" {
			k := Kind(strings.ToLower(strings.TrimSpace(s)))
			switch k {
			case Article, Interview, Strategy, PageKind:
				p.Kind = k
			default:
				d.errorf(f.line, diag.CodeFrontmatterValue, "type: %q is not one of article, interview, strategy, page", s)
				if c := diag.Closest(string(k), []string{"article", "interview", "strategy", "page"}); c != "" {
					d.hint("did you mean %q?", c)
				}
				p.Kind = ""
			}
		}
	}
	failed := map[string]bool{}
	for _, f := range v.keys {
		before := d.l.Count(diag.Error)
		d.decodeField(p, f)
		if d.l.Count(diag.Error) > before {
			failed[f.key] = true
		}
	}
	if p.Kind == "" {
		return
	}
	if !failed["title"] && !failed["summary"] {
		fillFromBody(p, h, body)
	}
	for _, name := range required[p.Kind] {
		if name == "title" && p.TitleFromBody {
			continue
		}
		if _, ok := p.Lines[name]; ok && (failed[name] || !isEmpty(p, name)) {
			continue // set, or already reported as wrong
		}
		if _, ok := p.Lines[name]; ok {
			d.errorf(p.Line(name), diag.CodeFrontmatterRequired, "%s: is empty; every %s needs one", name, p.Kind)
		} else {
			d.errorf(opening, diag.CodeFrontmatterRequired, "%s: missing; every %s needs one", name, p.Kind)
		}
		d.hint("%s", requiredHint(name))
	}
	if p.Kind == Strategy && p.Status == StatusSuperseded && p.SupersededBy == "" {
		d.warnf(p.Line("status"), diag.CodeStrategySupersededByMissing, "status: superseded, but superseded_by does not say what replaced it")
		d.hint("add `superseded_by:` with the URL of the newer document or the path of its strategy entry, such as ../strategy/long-term-plan.md")
	}
	if !p.LastReviewed.IsZero() && !p.ReviewDue.IsZero() && p.ReviewDue.Before(p.LastReviewed) {
		d.warnf(p.Line("review_due"), diag.CodeFrontmatterValue, "review_due: %s is before last_reviewed %s", p.ReviewDue.Format(time.DateOnly), p.LastReviewed.Format(time.DateOnly))
	}
}

// lowerCase reads a field whose name differs from a known one only in
// case ("Draft", "TITLE") as that field, with a warning: a draft must never
// be published because its draft line was capitalised. A field set both
// ways is an error, and the capitalised one is dropped. prefix names the
// mapping for messages ("interviewee.").
func (d decoder) lowerCase(v value, prefix string, known func(string) bool) value {
	lines := map[string]int{} // of the known fields, and those read as them
	for _, f := range v.keys {
		if known(f.key) {
			lines[f.key] = f.line
		}
	}
	keys := make([]field, 0, len(v.keys))
	for _, f := range v.keys {
		lower := strings.ToLower(f.key)
		if known(f.key) || !known(lower) {
			keys = append(keys, f)
			continue
		}
		if first, dup := lines[lower]; dup {
			d.errorf(f.line, diag.CodeFrontmatterValue, "%s%s: %s%s is set too, on line %d; keep one", prefix, f.key, prefix, lower, first)
			continue
		}
		d.warnf(f.line, diag.CodeFrontmatterFieldCase, "%s%s: field names are lower case; read as %s%s", prefix, f.key, prefix, lower)
		d.hint("write %s:", lower)
		lines[lower] = f.line
		f.key = lower
		keys = append(keys, f)
	}
	v.keys = keys
	return v
}

// fillFromBody gives a page the title of the body's first heading h, when
// its front matter has none, and a page of guidance the summary of the
// body's first paragraph.
func fillFromBody(p *Page, h heading, body []byte) {
	if p.Title == "" && h.line >= 0 {
		p.Title, p.TitleFromBody = h.text, true
	}
	if p.Kind == PageKind && p.Summary == "" {
		if s := firstParagraph(body); s != "" {
			p.Summary, p.SummaryFromBody = s, true
		}
	}
}

func requiredHint(name string) string {
	switch name {
	case "title":
		return `add a line such as title: "Improving patient care with an EPR", or start the text with a heading such as # Improving patient care`
	case "date":
		return "add the publication date, such as date: 2017-10-03"
	case "summary":
		return "add one or two sentences, such as summary: \"…\"; it is shown in lists, search results and the page description"
	case "interviewee":
		return `add interviewee: {name: "…", role: "…", organisation: "…"}`
	case "url":
		return `add the address of the document, such as url: "https://www.gov.uk/…"`
	case "publisher":
		return `add who published the document, such as publisher: "NHS England"`
	case "status":
		return "add status: current (or superseded, withdrawn)"
	}
	return ""
}

// isEmpty reports whether required field name decoded to nothing.
func isEmpty(p *Page, name string) bool {
	switch name {
	case "title":
		return p.Title == ""
	case "date":
		return p.Date.IsZero()
	case "summary":
		return p.Summary == ""
	case "interviewee":
		return p.Interviewee == nil
	case "url":
		return p.DocURL == ""
	case "publisher":
		return p.Publisher == ""
	case "status":
		return p.Status == ""
	}
	return false
}

func lookup(v value, key string) (field, bool) {
	for _, f := range v.keys {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func (d decoder) decodeField(p *Page, f field) {
	kinds, known := fieldKinds[f.key]
	if !known {
		d.warnf(f.line, diag.CodeFrontmatterUnknownField, "%s: unknown field; it is ignored", f.key)
		if s := diag.Closest(f.key, fieldNames); s != "" {
			d.hint("did you mean %q?", s)
		}
		return
	}
	if kinds != nil && p.Kind == "" {
		return // the missing type is reported; its fields cannot be judged
	}
	if kinds != nil && !hasKind(kinds, p.Kind) {
		d.warnf(f.line, diag.CodeFrontmatterFieldNotUsed, "%s: not used on a page of type %s; it is ignored", f.key, p.Kind)
		return
	}
	switch f.key {
	case "type":
		// Decoded first, in decodePage.
	case "title":
		p.Title, _ = d.str(f)
	case "summary":
		p.Summary, _ = d.str(f)
	case "description":
		// Hugo, Eleventy and MkDocs call the summary "description".
		if _, both := p.Lines["summary"]; both {
			d.warnf(f.line, diag.CodeFrontmatterFieldNotUsed, "description: the page has a summary too; description is ignored")
		} else {
			p.Summary, _ = d.str(f)
			p.Lines["summary"] = f.line
		}
	case "date":
		p.Date = d.date(f)
	case "last_reviewed":
		p.LastReviewed = d.date(f)
	case "review_due":
		p.ReviewDue = d.date(f)
	case "expires":
		p.Expires = d.date(f)
	case "tags":
		p.Tags = d.termList(f, "a topic")
	case "organisations":
		p.Organisations = d.termList(f, "an organisation")
	case "authors":
		p.Authors = d.strList(f)
	case "weight", "order":
		other := map[string]string{"weight": "order", "order": "weight"}[f.key]
		if _, both := p.Lines[other]; both && f.key == "order" {
			d.warnf(f.line, diag.CodeFrontmatterFieldNotUsed, "order: the page has a weight too; order is ignored")
			d.hint("order is another name for weight: keep one")
			return
		}
		p.Weight, p.Weighted = d.number(f)
	case "related":
		for _, r := range d.strList(f) {
			if strings.Contains(r, "://") || strings.HasPrefix(r, "#") {
				d.errorf(f.line, diag.CodeFrontmatterValue, "related: %q is not a file of this site", r)
				d.hint("list the files of related pages, relative to this one, as links are: related: [../guides/nhsmail.md]")
				continue
			}
			p.Related = append(p.Related, r)
		}
	case "draft":
		p.Draft = d.boolean(f)
	case "search":
		p.NoSearch = !d.boolean(f) && f.val.kind != nullValue
	case "slug":
		if s, ok := d.str(f); ok && s != "" {
			p.Slug = d.slug(f, s)
		}
	case "aliases":
		for _, a := range d.strList(f) {
			if alias, ok := d.alias(f, a); ok {
				p.Aliases = append(p.Aliases, alias)
			}
		}
	case "source":
		p.Source = d.source(f)
	case "interviewee":
		p.Interviewee = d.person(f)
	case "interviewer":
		p.Interviewer, _ = d.str(f)
	case "url":
		if s, ok := d.str(f); ok && s != "" {
			p.DocURL = d.absURL(f.key, f.line, s)
		}
	case "publisher":
		p.Publisher, _ = d.str(f)
	case "status":
		if s, ok := d.str(f); ok && s != "" {
			switch st := strings.ToLower(strings.TrimSpace(s)); st {
			case StatusCurrent, StatusSuperseded, StatusWithdrawn:
				p.Status = st
			default:
				d.errorf(f.line, diag.CodeFrontmatterValue, "status: %q is not one of current, superseded, withdrawn", s)
			}
		}
	case "superseded_by":
		if s, ok := d.str(f); ok && s != "" {
			if strings.Contains(s, "://") {
				p.SupersededBy = d.absURL(f.key, f.line, s)
			} else {
				p.SupersededBy = s
			}
		}
	}
}

func hasKind(kinds []Kind, k Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// decodeSection fills s from the front matter of an _index.md.
func (d decoder) decodeSection(s *SectionPage, v value) {
	if v.kind != mapValue {
		d.errorf(v.line, diag.CodeFrontmatterType, "front matter: want `key: value` fields, got %s", v.describe())
		return
	}
	sectionKeys := []string{"title", "summary", "description", "last_reviewed", "review_due"}
	for _, f := range d.lowerCase(v, "", func(k string) bool { return slices.Contains(sectionKeys, k) }).keys {
		switch f.key {
		case "title":
			s.Title, _ = d.str(f)
		case "summary", "description":
			s.Summary, _ = d.str(f)
		case "last_reviewed":
			s.LastReviewed = d.date(f)
		case "review_due":
			s.ReviewDue = d.date(f)
		default:
			d.warnf(f.line, diag.CodeFrontmatterUnknownField, "%s: unknown field in a section's _index.md; it is ignored", f.key)
			if c := diag.Closest(f.key, []string{"title", "summary", "last_reviewed", "review_due"}); c != "" {
				d.hint("did you mean %q?", c)
			}
		}
	}
}
