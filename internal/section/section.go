// Package section builds a site's section tree: every folder of the
// content folder that holds published pages is a section, nested to any
// depth, with its landing page (if it has one), its pages and its
// subsections in order. Breadcrumbs, lists, the sub-navigation of a page,
// previous and next links and the default menu are all read from it.
//
// The landing page of a section is the published page at the section's
// address: its _index.md, or else its index.md, or a page such as
// guides.md beside the folder guides/ (the conventions of Hugo, Eleventy
// and MkDocs sites). A folder whose index.md is its only page is not a
// section but a page bundle: that index.md is a page of the folder's own
// section, at the folder's address, with its files beside it.
//
// Within a section, entries are ordered by weight (lightest first, those
// with a weight before those without), then, for dated types (articles,
// interviews, strategy entries), by date, newest first, then by title and
// address.
//
// The package owns the shape of the tree and its order. It must not
// decide which pages are published (the build gives it those), read files
// or know about templates; and nothing changes a Tree once Build has made
// it: builds share it.
package section

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/signpost-kb/signpost/internal/content"
)

// Tree is the sections of a site.
type Tree struct {
	// Root is the home page's section: the top of the content folder.
	Root  *Section
	byURL map[string]*Section
	// in is the section each page is an entry of; lands the section each
	// landing page lands.
	in    map[*content.Page]*Section
	lands map[*content.Page]*Section
	all   []*Section
}

// Section is one folder of the content folder and what is in it.
type Section struct {
	// Dir is the folder, relative to the content folder: "guides/onboarding"
	// ("" for the root).
	Dir string
	// URL is the section's address: "/guides/onboarding/".
	URL string
	// Title is the landing page's title, or the folder's name in words
	// ("getting-started" → "Getting started"; "articles" → "Articles").
	Title string
	// Landing is the section's landing page, or nil when its page is a
	// generated list. The root's landing is the home page, which is not
	// a Page: it is nil.
	Landing *content.Page
	Parent  *Section
	// Entries are the section's pages and subsections, in order.
	Entries []Entry
	// Depth is 0 for the root, 1 for a top-level section.
	Depth int
	// at is where each entry's address is in Entries, made by Build once
	// they are sorted, so that Index does not scan thousands of entries
	// for each of thousands of pages.
	at map[string]int
}

// Entry is a page of a section or one of its subsections: exactly one of
// Page and Section is set.
type Entry struct {
	Page    *content.Page
	Section *Section
}

// Title is the entry's title.
func (e Entry) Title() string {
	if e.Page != nil {
		return e.Page.Title
	}
	return e.Section.Title
}

// URL is the entry's address.
func (e Entry) URL() string {
	if e.Page != nil {
		return e.Page.URL
	}
	return e.Section.URL
}

// weight returns the entry's weight: its page's, or its section's landing
// page's.
func (e Entry) weight() (float64, bool) {
	p := e.Page
	if p == nil {
		p = e.Section.Landing
	}
	if p == nil {
		return 0, false
	}
	return p.Weight, p.Weighted
}

// date returns the date the entry is ordered by: a dated page's.
func (e Entry) date() time.Time {
	if e.Page != nil && e.Page.Kind.Dated() {
		return e.Page.Date
	}
	return time.Time{}
}

// Compare orders two entries of a section.
func Compare(a, b Entry) int {
	wa, oka := a.weight()
	wb, okb := b.weight()
	switch {
	case oka != okb:
		if oka {
			return -1
		}
		return 1
	case oka && wa != wb:
		return cmp.Compare(wa, wb)
	}
	da, db := a.date(), b.date()
	switch {
	case da.IsZero() != db.IsZero():
		if db.IsZero() {
			return -1
		}
		return 1
	case !da.Equal(db):
		return db.Compare(da)
	}
	ta, tb := a.Title(), b.Title()
	if c := cmp.Compare(strings.ToLower(ta), strings.ToLower(tb)); c != 0 {
		return c
	}
	if c := cmp.Compare(ta, tb); c != 0 {
		return c
	}
	return cmp.Compare(a.URL(), b.URL())
}

// Build makes the section tree of the published pages.
func Build(pages []*content.Page) *Tree {
	t := &Tree{byURL: map[string]*Section{}, in: make(map[*content.Page]*Section, len(pages)), lands: map[*content.Page]*Section{}}
	t.Root = &Section{Dir: "", URL: "/"}
	t.byURL["/"] = t.Root

	// The folder each page is listed in: its own, but for a folder's
	// index file, the page for the folder, the folder above.
	home := make([]string, len(pages))
	for i, p := range pages {
		home[i] = p.Dir
		if isIndex(p) {
			home[i] = parent(p.Dir)
		}
	}
	// Every folder a page is listed in is a section, and so is every
	// folder above it, and every folder with an _index.md.
	for i, p := range pages {
		t.ensure(home[i])
		if strings.HasPrefix(path.Base(p.File), "_index.") && p.Dir != "" && p.URL == content.FolderURL(p.Dir) {
			t.ensure(p.Dir)
		}
	}
	// A page at a section's address lands it; the others are its entries.
	for i, p := range pages {
		if s := t.byURL[p.URL]; s != nil && s != t.Root && s.Landing == nil {
			s.Landing = p
			t.lands[p] = s
			continue
		}
		s := t.byURL[content.FolderURL(home[i])]
		s.Entries = append(s.Entries, Entry{Page: p})
		t.in[p] = s
	}
	for _, s := range t.all {
		if s.Landing != nil && s.Landing.Title != "" {
			s.Title = s.Landing.Title
		}
	}
	slices.SortStableFunc(t.Root.Entries, Compare)
	t.Root.index()
	for _, s := range t.all {
		slices.SortStableFunc(s.Entries, Compare)
		s.index()
	}
	// Deterministic, parents first: by depth, then by address.
	slices.SortFunc(t.all, func(a, b *Section) int {
		if c := cmp.Compare(a.Depth, b.Depth); c != 0 {
			return c
		}
		return cmp.Compare(a.URL, b.URL)
	})
	return t
}

// ensure returns the section of the folder dir, making it and the
// sections above it when they are not there yet.
func (t *Tree) ensure(dir string) *Section {
	url := content.FolderURL(dir)
	if s := t.byURL[url]; s != nil {
		return s
	}
	up := t.ensure(parent(dir))
	s := &Section{Dir: dir, URL: url, Title: FolderTitle(dir), Parent: up, Depth: up.Depth + 1}
	t.byURL[url] = s
	t.all = append(t.all, s)
	up.Entries = append(up.Entries, Entry{Section: s})
	return s
}

func parent(dir string) string {
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		return dir[:i]
	}
	return ""
}

func isIndex(p *content.Page) bool {
	stem := strings.TrimSuffix(path.Base(p.File), path.Ext(p.File))
	return stem == "index" || stem == "_index"
}

// FolderTitle names a section without a landing page after its folder:
// "articles" → "Articles", "strategy" → "Strategy", "getting-started" and
// "getting_started" → "Getting started".
func FolderTitle(dir string) string {
	name := path.Base(dir)
	if dir == "" {
		return ""
	}
	if k, ok := content.KindOfSection(name); ok && !strings.Contains(dir, "/") {
		if k == content.Strategy {
			return "Strategy"
		}
		return k.Label() + "s"
	}
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) }), " ")
	if name == "" {
		return path.Base(dir)
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// Sections returns every section but the root, parents before their
// subsections.
func (t *Tree) Sections() []*Section { return t.all }

// Top returns the top-level sections, in order.
func (t *Tree) Top() []*Section {
	var out []*Section
	for _, e := range t.Root.Entries {
		if e.Section != nil {
			out = append(out, e.Section)
		}
	}
	return out
}

// At returns the section at the address url, or nil.
func (t *Tree) At(url string) *Section { return t.byURL[url] }

// In returns the section whose entry the page p is, or nil when p is a
// landing page (or not in the tree).
func (t *Tree) In(p *content.Page) *Section { return t.in[p] }

// Lands returns the section the page p is the landing page of, or nil.
func (t *Tree) Lands(p *content.Page) *Section { return t.lands[p] }

// Ancestors returns the sections above s, the root first.
func (s *Section) Ancestors() []*Section {
	var out []*Section
	for up := s.Parent; up != nil; up = up.Parent {
		out = append(out, up)
	}
	slices.Reverse(out)
	return out
}

// Pages returns the section's pages, in order, without its subsections.
func (s *Section) Pages() []*content.Page {
	var out []*content.Page
	for _, e := range s.Entries {
		if e.Page != nil {
			out = append(out, e.Page)
		}
	}
	return out
}

// Count returns the number of pages in the section and its subsections,
// landing pages included.
func (s *Section) Count() int {
	n := 0
	if s.Landing != nil {
		n++
	}
	for _, e := range s.Entries {
		if e.Page != nil {
			n++
		} else {
			n += e.Section.Count()
		}
	}
	return n
}

// Index returns the position of the entry at url among the section's
// entries, or -1.
func (s *Section) Index(url string) int {
	if s.at != nil {
		if i, ok := s.at[url]; ok {
			return i
		}
		return -1
	}
	return slices.IndexFunc(s.Entries, func(e Entry) bool { return e.URL() == url })
}

// index makes s.at.
func (s *Section) index() {
	s.at = make(map[string]int, len(s.Entries))
	for i, e := range s.Entries {
		if _, dup := s.at[e.URL()]; !dup {
			s.at[e.URL()] = i // the first, as a scan finds
		}
	}
}

// Within reports whether the address url is the section's or inside it.
func (s *Section) Within(url string) bool {
	return strings.HasPrefix(url, s.URL)
}
