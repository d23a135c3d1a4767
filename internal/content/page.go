// Package content loads a site's content folder: it walks the files, splits
// and decodes their front matter into typed, validated pages, and works out
// each page's URL. Every problem in every file is collected as a
// diagnostic, so one run reports them all.
//
// It owns the content types, their fields, their validation and their
// URLs. It must not render Markdown (markdown does) or decide more of what
// a build publishes than Page.Published says; and nothing changes a Page
// once it is loaded: builds and caches share it.
package content

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Kind is a content type.
type Kind string

// The content types.
const (
	Article   Kind = "article"
	Interview Kind = "interview"
	Strategy  Kind = "strategy"
	// PageKind is guidance, reference or an "about" page: any Markdown file
	// outside the folders of the other types, unless it says type:.
	PageKind Kind = "page"
)

// Kinds lists the content types that have a folder of their own, in
// display order. Pages, the fourth type, live anywhere else.
var Kinds = [...]Kind{Article, Interview, Strategy}

// Dated reports whether pages of kind k are ordered by date: articles,
// interviews and strategy entries are; guidance pages are not.
func (k Kind) Dated() bool { return k == Article || k == Interview || k == Strategy }

// Section returns the content folder, and URL section, of pages of kind k.
func (k Kind) Section() string {
	switch k {
	case Article:
		return "articles"
	case Interview:
		return "interviews"
	case Strategy:
		return "strategy"
	}
	return ""
}

// Label returns the human name of the kind, as shown on badges.
func (k Kind) Label() string {
	switch k {
	case Article:
		return "Article"
	case Interview:
		return "Interview"
	case Strategy:
		return "Strategy"
	case PageKind:
		return "Page"
	}
	return string(k)
}

// KindOfSection returns the kind whose pages live in the content folder
// section, and false if the folder holds no known kind.
func KindOfSection(section string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Section() == section {
			return k, true
		}
	}
	return "", false
}

// Strategy statuses.
const (
	StatusCurrent    = "current"
	StatusSuperseded = "superseded"
	StatusWithdrawn  = "withdrawn"
)

// Person is someone a page is about, such as an interviewee.
type Person struct {
	Name         string
	Role         string
	Organisation string
}

// Source describes the outside material a page summarises.
type Source struct {
	Publisher string
	URL       string
	Published time.Time
}

// Page is one content item: an article, an interview, a strategy entry or
// a page of guidance: what its front matter and its place in the content
// folder say. Nothing changes a Page once it is loaded: builds and caches
// share it.
type Page struct {
	// File is the page's source, slash-separated and relative to the site
	// root: "content/articles/x.md".
	File string
	// Section is the top-level content folder the page sits in: "articles".
	Section string
	// Dir is the folder of File relative to the content folder, ""
	// at its top: "guides/onboarding" for
	// content/guides/onboarding/x.md and for its index.md. Which section
	// the page belongs to, or lands, is the section tree's to say
	// (internal/section).
	Dir  string
	Kind Kind
	// Slug is the last segment of the page's URL.
	Slug string
	// URL is the page's path relative to the site root, always with a
	// leading and trailing slash: "/articles/x/".
	URL string

	Title   string
	Summary string
	// TitleFromBody and SummaryFromBody mark a title taken from the
	// body's first "# " heading (which the body then no longer has) and
	// a summary taken from its first paragraph.
	TitleFromBody   bool
	SummaryFromBody bool
	Date            time.Time
	// Weight orders the page among the others of its section, lightest
	// first, before those with no weight (Weighted false); "order:" is
	// another name for it.
	Weight   float64
	Weighted bool
	// Related lists files of pages related to this one, as written
	// (relative to the page, as links are).
	Related       []string
	Tags          []string
	Organisations []string
	Authors       []string
	Source        *Source

	// Interviews.
	Interviewee *Person
	Interviewer string

	// Strategy entries: the outside document.
	DocURL       string
	Publisher    string
	Status       string
	SupersededBy string

	Draft        bool
	LastReviewed time.Time
	ReviewDue    time.Time
	Expires      time.Time
	// Aliases are old site paths ("/old/path/") that redirect to URL.
	Aliases []string
	// NoSearch leaves the page out of the search index.
	NoSearch bool

	// BodyLine is the 1-based line of File on which the page's body
	// (Loaded.Body) starts, so positions in the body map back to the
	// file.
	BodyLine int
	// Invalid marks a page whose front matter has errors: it is never
	// published, but its body is still checked so one run reports
	// everything.
	Invalid bool
	// Lines holds the line number in File of each front-matter field that
	// was set, by field name, for positioning later findings.
	Lines map[string]int
	// Brackets are the texts in square brackets in the body that Markdown
	// does not read as links ("[Holiday rules]"): once every page is
	// known, one that is another page's title is reported as a link
	// written without its address (Load).
	Brackets []Bracket
}

// Bracket is a text in square brackets in a page's body, without them,
// and where its opening bracket is in the file.
type Bracket struct {
	Line, Col int
	Text      string
}

// People returns the names of the people the page is by or about, without
// repeats: its authors, interviewee and interviewer.
func (p *Page) People() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, a := range p.Authors {
		add(a)
	}
	if p.Interviewee != nil {
		add(p.Interviewee.Name)
	}
	add(p.Interviewer)
	return out
}

// AllOrganisations returns the page's organisations and its interviewee's,
// the organisations it is filed under.
func (p *Page) AllOrganisations() []string {
	if p.Interviewee == nil || p.Interviewee.Organisation == "" {
		return p.Organisations
	}
	return append(p.Organisations[:len(p.Organisations):len(p.Organisations)], p.Interviewee.Organisation)
}

// Line returns the line of front-matter field name, or the first line of
// the file if it was not set.
func (p *Page) Line(name string) int {
	if l, ok := p.Lines[name]; ok {
		return l
	}
	return 1
}

// Filter says which pages a build publishes.
type Filter struct {
	Drafts bool      // include draft pages
	Future bool      // include pages dated after Now
	Now    time.Time // the build's notion of today
	// DraftNotes, with Drafts, publishes a draft whose front matter has
	// errors all the same, its problems being notes on it: the live
	// preview shows work in progress rather than hiding it.
	DraftNotes bool
}

// Published reports whether p is part of a build with filter f.
func (p *Page) Published(f Filter) bool {
	if p.Invalid && !(f.DraftNotes && f.Drafts && p.Draft && p.Slug != "") {
		return false
	}
	if p.Draft && !f.Drafts {
		return false
	}
	if !f.Future && !p.Date.IsZero() && p.Date.After(f.Now) {
		return false
	}
	if !p.Expires.IsZero() && !p.Expires.After(f.Now) {
		return false
	}
	return true
}

// SectionPage is the home page's _index.md (or index.md): its title and
// introduction. The landing page of a section below it is a Page.
type SectionPage struct {
	File    string // "content/_index.md"; "" when the site has none
	Section string // always "": the home page
	Title   string
	Summary string
	// LastReviewed and ReviewDue date the section's introduction.
	LastReviewed time.Time
	ReviewDue    time.Time
	Body         []byte
	BodyLine     int
}

// Asset is a file in the content folder that is not Markdown, such as an
// image or a PDF, copied to the output as it is.
type Asset struct {
	File string // "content/articles/diagram.png"
	URL  string // "/articles/diagram.png"
}

// Site is everything loaded from a content folder.
type Site struct {
	// Pages holds every page, drafts included, sorted by File.
	Pages []*Page
	// Sections holds the home page's _index.md, under "", if there is
	// one.
	Sections map[string]*SectionPage
	// Assets holds the non-Markdown files, sorted by File.
	Assets []Asset
}

// SortByDate orders pages newest first, then by title, then by URL, so
// lists are stable however the pages were found.
func SortByDate(pages []*Page) {
	// By keys made once per page: time.Time's methods, called for every
	// comparison, were most of sorting a 10,000-page site.
	type key struct {
		sec        int64
		nsec       int
		title, url string
		page       *Page
	}
	keys := make([]key, len(pages))
	for i, p := range pages {
		keys[i] = key{p.Date.Unix(), p.Date.Nanosecond(), p.Title, p.URL, p}
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		if c := cmp.Compare(b.sec, a.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(b.nsec, a.nsec); c != 0 {
			return c
		}
		if c := strings.Compare(a.title, b.title); c != 0 {
			return c
		}
		return strings.Compare(a.url, b.url)
	})
	for i, k := range keys {
		pages[i] = k.page
	}
}

// SortedByDate reports whether pages are in the order SortByDate gives.
func SortedByDate(pages []*Page) bool {
	for i := 1; i < len(pages); i++ {
		if newer(pages[i], pages[i-1]) {
			return false
		}
	}
	return true
}

func newer(a, b *Page) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.URL < b.URL
}
