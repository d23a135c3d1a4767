package build

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/signpost-kb/signpost/internal/diag"
)

// CodeOutputCollision is the code of two outputs of a build at one
// address, or one needing a folder where the other is a file.
const CodeOutputCollision = diag.CodeURLCollision

// origin is what makes one output file of a build.
type origin struct {
	// addr is the site path it is published at: "/articles/x/",
	// "/feed.xml".
	addr string
	// what names it for people: "the page content/articles/x.md", "the
	// site's Atom feed".
	what string
	// pos is where the content asks for it, with field the front-matter
	// field that does ("slug", "aliases"; "" for a file). For what
	// signpost makes of its own accord, pos.File is "".
	pos   diag.Pos
	field string
}

func (o origin) generated() bool { return o.pos.File == "" }

// plan is every output file of a build, by name, with what makes it.
// collided holds the names that two outputs want: a build that has them
// has errors, and writes nothing.
type plan struct {
	files    map[string]origin
	collided map[string]bool
}

// newPlan lists every file the build will write, before anything is
// written, and reports each collision as a content error at the file and
// line that asks for it, naming the other side: two outputs at one
// address, or an output needing a folder where another is a file (an
// alias /feed.xml/ needs the folder feed.xml/ where the feed is). Pages,
// aliases and files of the content folder are checked against each other
// by content.Load already; this finds what they collide with among the
// files signpost generates (lists and their later pages, topic and
// organisation pages, feeds, the sitemap, robots.txt, the search page and
// index, the 404 page, the theme's files) and the folder clashes between
// any two.
func newPlan(set *settings, src *sources, m *model) (plan, diag.List) {
	pn := &planner{pl: plan{files: map[string]origin{}, collided: map[string]bool{}}, pageSize: set.cfg.PageSize}
	// Content first, so that what signpost generates is what a
	// collision names as the other side.
	pn.content(src, m)
	pn.generated(set, src, m)
	pn.folders()
	pn.l.Sort()
	return pn.pl, pn.l
}

// planner makes a plan.
type planner struct {
	pl       plan
	l        diag.List
	pageSize int
}

// add plans the file name, which o makes, and reports a collision with a
// file already planned.
func (pn *planner) add(name string, o origin) {
	p := pn.pl.files
	prev, dup := p[name]
	if !dup {
		p[name] = o
		return
	}
	pn.pl.collided[name] = true
	switch {
	case !prev.generated() && !o.generated():
		// Reported by content.Load; the first is published.
	case o.generated() && prev.generated():
		pn.l.Errorf(diag.Pos{}, diag.CodeInternal, "%s and %s are both %s", prev.what, o.what, name)
	case o.generated():
		// The content's side is the one to change.
		p[name] = o
		collision(&pn.l, prev, o, "is the address of")
	default:
		collision(&pn.l, o, prev, "is the address of")
	}
}

// gen plans a file signpost makes of its own accord.
func (pn *planner) gen(name, addr, what string) { pn.add(name, origin{addr: addr, what: what}) }

// content plans what the content asks for: pages, aliases, copied files.
func (pn *planner) content(src *sources, m *model) {
	for _, pg := range m.pages {
		if m.tree.Lands(pg) == nil {
			// A landing page is published as its section's list.
			pn.add(indexFile(pg.URL), origin{addr: pg.URL, what: "the page " + pg.File, pos: diag.Pos{File: pg.File, Line: pg.Line("slug")}, field: "slug"})
		}
		for _, a := range pg.Aliases {
			if a == pg.URL {
				continue // warned of by content.Load, and not written
			}
			pn.add(aliasFile(a), origin{addr: a, what: "an alias of " + pg.File, pos: diag.Pos{File: pg.File, Line: pg.Line("aliases")}, field: "aliases"})
		}
	}
	for _, a := range src.content.Assets {
		pn.add(a.URL[1:], origin{addr: a.URL, what: "the file " + a.File, pos: diag.Pos{File: a.File}})
	}
}

// generated plans what signpost makes of its own accord: the theme's
// files, lists, taxonomy pages, feeds and machine files.
func (pn *planner) generated(set *settings, src *sources, m *model) {
	for _, a := range src.theme.Assets() {
		pn.gen(a.Path, "/"+a.Path, "the theme's file "+path.Base(a.Path))
	}
	pn.gen("index.html", "/", "the home page")
	for _, s := range m.tree.Sections() {
		pn.list(s.URL, len(s.Entries), "the list of the "+s.Title+" section")
	}
	for _, s := range m.tree.Top() {
		pn.gen(indexFeed(s.URL), s.URL+"feed.xml", "the Atom feed of the "+s.Title+" section")
	}
	pn.gen(indexFile("/"+m.tags.Name+"/"), "/"+m.tags.Name+"/", "the A to Z of topics")
	pn.gen(indexFile("/"+m.orgs.Name+"/"), "/"+m.orgs.Name+"/", "the A to Z of organisations")
	for _, term := range m.tags.Terms {
		pn.list(term.URL, len(term.Pages), "the page of the topic "+strconv.Quote(term.Name))
	}
	for _, term := range m.orgs.Terms {
		pn.list(term.URL, len(term.Pages), "the page of the organisation "+strconv.Quote(term.Name))
	}
	pn.gen("404.html", "/404.html", `the "Page not found" page`)
	pn.gen("feed.xml", "/feed.xml", "the site's Atom feed")
	pn.gen("sitemap.xml", "/sitemap.xml", "the sitemap")
	pn.gen("robots.txt", "/robots.txt", "robots.txt")
	if !set.cfg.Search.Disabled {
		pn.gen("search/index.html", "/search/", "the search page")
	}
}

// folders reports outputs that need a folder where another is a file. The
// search index's files, made later, are all under search/, which only
// signpost writes in.
func (pn *planner) folders() {
	p := pn.pl.files
	for name, o := range p {
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if other, ok := p[dir]; ok {
				pn.pl.collided[name] = true
				folderCollision(&pn.l, o, other, dir)
				break
			}
		}
		if !o.generated() && strings.HasPrefix(name, "search/") && name != "search/index.html" {
			pn.l.Errorf(o.pos, CodeOutputCollision, "%s%s is inside /search/, where signpost writes the search index", fieldPrefix(o), o.addr)
			pn.l.Hint("%s", hintFor(o))
		}
	}
}

// plan returns the plan of the build's outputs: the last build's when
// neither the model nor the theme has changed, since nothing a file name
// depends on has.
func (c *Cache) plan(set *settings, src *sources, m *model) (plan, diag.List) {
	if last := c.last; last != nil && last.model == m && last.themeKey == src.themeKey {
		return last.plan, nil
	}
	return newPlan(set, src, m)
}

// list plans the pages of a list of n items at base: base itself, then
// base/page/2/ and on.
func (pn *planner) list(base string, n int, what string) {
	for i := 1; i <= pageCount(pn.pageSize, n); i++ {
		o := origin{addr: listPageURL(base, i), what: what}
		if i > 1 {
			o.what = fmt.Sprintf("page %d of %s", i, what)
		}
		pn.add(indexFile(o.addr), o)
	}
}

// pageCount is the number of pages a list of n items takes, size a page.
func pageCount(size, n int) int {
	return max(1, (n+size-1)/size)
}

// listPageURL is the address of page n of the list at base.
func listPageURL(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// indexFeed is the output file of the feed of the section at url:
// "/articles/" → "articles/feed.xml".
func indexFeed(url string) string { return url[1:] + "feed.xml" }

// aliasFile is the output file of an alias: "/old/" → "old/index.html",
// "/old.html" → "old.html".
func aliasFile(a string) string {
	if strings.HasSuffix(a, "/") {
		return indexFile(a)
	}
	return a[1:]
}

// collision reports that the content's output o is at the address of
// other, which signpost generates. (Two pieces of content at one address
// are content.Load's to report.)
func collision(l *diag.List, o, other origin, verb string) {
	l.Errorf(o.pos, CodeOutputCollision, "%s%s %s %s, which signpost generates", fieldPrefix(o), o.addr, verb, other.what)
	l.Hint("%s", hintFor(o))
}

// folderCollision reports that o needs the folder dir, which is the file
// that other makes. It is reported at whichever side is content.
func folderCollision(l *diag.List, o, other origin, dir string) {
	switch {
	case !o.generated():
		msg := fmt.Sprintf("%s%s needs a folder %s/, but %s is %s", fieldPrefix(o), o.addr, dir, dir, other.what)
		if other.generated() {
			msg += ", which signpost generates"
		}
		if !other.generated() && other.pos.Line > 0 {
			msg += " (" + other.pos.String() + ")"
		}
		l.Errorf(o.pos, CodeOutputCollision, "%s", msg)
		l.Hint("%s", hintFor(o))
	case !other.generated():
		l.Errorf(other.pos, CodeOutputCollision, "%s%s would be a file where %s, which signpost generates, needs the folder %s/", fieldPrefix(other), other.addr, o.what, dir)
		l.Hint("%s", hintFor(other))
	default:
		l.Errorf(diag.Pos{}, diag.CodeInternal, "%s needs a folder %s/, but %s is %s", o.what, dir, dir, other.what)
	}
}

func fieldPrefix(o origin) string {
	switch o.field {
	case "aliases":
		return "aliases: "
	case "slug":
		return "this page's address "
	}
	return "this file's address "
}

func hintFor(o origin) string {
	switch o.field {
	case "aliases":
		return "remove the alias, or give an address no other page or file uses"
	case "slug":
		return "give the page a different slug, or move or rename the file"
	}
	return "rename or move the file"
}

// planned is a writer that refuses any file its build's plan does not
// list: a file written without being planned has not been checked for
// collisions, which is a bug in signpost.
type planned struct {
	writer
	plan   plan
	search bool // the search index is written under search/
}

func (w planned) allowed(name string) bool {
	_, ok := w.plan.files[name]
	return ok || w.search && strings.HasPrefix(name, "search/")
}

func (w planned) Write(name string, data []byte) error {
	switch {
	case w.plan.collided[name]:
		// Reported already; the build fails and keeps nothing.
		return nil
	case !w.allowed(name):
		return fmt.Errorf("internal error: %s is not one of the files the build planned", name)
	}
	return w.writer.Write(name, data)
}

func (w planned) Keep(name string) bool {
	return w.allowed(name) && w.writer.Keep(name)
}
