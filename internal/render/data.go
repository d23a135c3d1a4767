package render

import (
	"html/template"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/markdown"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// Data is what a page template sees.
type Data struct {
	Site *Site
	// Kind is the page template's name: "home", "section", "article", …
	Kind string
	// Title is the page's h1 and the first part of its <title>.
	Title string
	// Description is the meta description.
	Description string
	// Path is the page's site path: "/articles/x/".
	Path string
	// Breadcrumbs lead from the home page to the page's parent.
	Breadcrumbs []Link
	// Feed is the site path of the Atom feed for this page, if any.
	Feed string
	// Draft shows the draft banner.
	Draft bool
	// Notes are what is still to fix in a draft, shown in its banner in
	// the live preview.
	Notes []string
	// NoIndex asks search engines not to index the page.
	NoIndex bool

	// Item pages.
	Page      *content.Page
	Body      template.HTML
	Footnotes template.HTML
	// Contents lists the page's second-level headings when it is long
	// enough to need a contents list.
	Contents []markdown.Heading
	// QA holds an interview's questions and answers; Body is then its
	// introduction only.
	QA []QA
	// SupersededBy links to what replaced a superseded strategy.
	SupersededBy *Link
	// Tags and Organisations are the page's terms, with their URLs.
	Tags          []Link
	Organisations []Link
	// Related are the pages to read next: those the page's related:
	// names, or those sharing the most topics with it.
	Related []Link
	// SectionNav lists the other pages and subsections of the section the
	// page is in; Previous and Next are the entries either side of it.
	SectionNav     *SectionNav
	Previous, Next *Link

	// List pages.
	Items []Item
	Pager *Pager
	// Taxonomy pages.
	Taxonomy *taxonomy.Taxonomy
	Term     *taxonomy.Term
	// Home page.
	Latest      []Latest
	PopularTags []*taxonomy.Term

	// Alias pages: where to go.
	Target string
}

// Site is what every page knows of the site. It is plain data, the same
// for every page of a build: a build fingerprints its exported fields to
// tell when pages must be rendered again.
type Site struct {
	Title       string
	Description string
	Language    string
	Owner       string
	// Nav links the sections, for the header: the site's [[menu]], or
	// its top-level sections, topics and organisations.
	Nav []NavItem
	// Search is true when the site has a search page.
	Search bool
	// Absolute is true when the base URL is absolute, so canonical and
	// feed links can be given.
	Absolute bool
}

// Link is a title and a site path.
type Link struct {
	Title string
	URL   string
}

// QA is a question of an interview and its answer.
type QA struct {
	ID       string
	Question template.HTML
	Answer   template.HTML
}

// Latest is the newest items of one section, for the home page, or the
// first of its pages and subsections when it is not a section of dated
// items.
type Latest struct {
	ID    string // for the section's heading id: "articles"
	Title string
	URL   string
	Items []Item
	// Dated is true for articles, interviews and strategy: Items are the
	// newest.
	Dated bool
}

// SectionEntry is a section as the list of the section above it shows it,
// for partials/section-item.html.
type SectionEntry struct {
	Title   string
	URL     string
	Summary string // its landing page's
	Pages   int    // in it and its subsections, its landing page left out
}

// Item is a page as a list shows it. Templates see the page's fields
// through it, and HTML, the page's entry in a list rendered once by the
// partial partials/item.html, so that a page on many lists (its section,
// each of its topics) is rendered once rather than once per list. An item
// for a subsection has no Page, and HTML by partials/section-item.html.
type Item struct {
	*content.Page
	HTML template.HTML
}

// SectionNav is the "in this section" navigation of a page: the entries
// of its section, in order, with the page among them.
type SectionNav struct {
	Title string // the section's
	URL   string
	Items []SectionNavItem
	// Total is the number of entries of the section: more than Items
	// holds when only those nearest the page are listed.
	Total int
}

// SectionNavItem is an entry of a SectionNav.
type SectionNavItem struct {
	Title   string
	URL     string
	Current bool // the page itself
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	Prev, Next    string // site paths, "" at the ends
	Pages         []Link // every page of the list, for numbered links
}
