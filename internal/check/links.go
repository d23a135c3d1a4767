package check

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
)

// SitePaths checks the links written as paths on this site, such as
// /articles/x/ or /articles/x/#id, against the files the build made and
// the headings of the pages. (Links between Markdown files, and anchors on
// the same page, are checked by the build itself.) When complete is false
// the build stopped before writing everything, so only links to pages are
// reported as missing.
func SitePaths(inv *build.Inventory, complete bool) diag.List {
	var l diag.List
	byURL := make(map[string]build.Doc, len(inv.Docs))
	var urls []string
	for _, d := range inv.Docs {
		byURL[d.URL] = d
		urls = append(urls, d.URL)
	}
	sort.Strings(urls)
	unpublished := map[string]*content.Page{}
	broken := map[string]bool{} // pages with errors of their own
	for _, p := range inv.Site.Pages {
		switch _, ok := byURL[p.URL]; {
		case ok:
		case p.Invalid && !(p.Draft && !inv.Filter.Drafts):
			broken[p.URL] = true
		default:
			unpublished[p.URL] = p
		}
	}
	x := &sitePaths{inv: inv, rules: newRules(inv.Config.Check), base: inv.Config.BasePath(), byURL: byURL, urls: urls,
		unpublished: unpublished, broken: broken, complete: complete}
	for _, d := range inv.Docs {
		for _, link := range d.Links {
			before := len(l)
			x.check(&l, d, link)
			if len(l) > before && (x.rules.Downgrade(link.Target) || x.rules.Downgrade(link.Dest)) {
				for i := before; i < len(l); i++ {
					l[i] = lower(l[i])
				}
			}
		}
	}
	return l
}

// sitePaths is what SitePaths checks links against.
type sitePaths struct {
	inv         *build.Inventory
	rules       rules
	base        string
	byURL       map[string]build.Doc
	urls        []string
	unpublished map[string]*content.Page
	broken      map[string]bool // pages with errors of their own
	complete    bool
}

// check checks one link of d, if it is written as a path on the site,
// adding what is wrong with it to l.
func (x *sitePaths) check(l *diag.List, d build.Doc, link markdown.Link) {
	target, fragment := link.Target, link.Fragment
	switch link.Kind {
	case markdown.SitePath:
	case markdown.External:
		// An absolute address under the site's own base URL.
		p, ok := ownPath(x.inv.Config, link.Dest)
		if !ok {
			return
		}
		target, fragment = p, ""
		if u, err := url.Parse(link.Dest); err == nil {
			fragment = markdown.FragmentID(u.Fragment)
		}
	default:
		return
	}
	if x.rules.Skip(target) || x.rules.Skip(link.Dest) {
		return
	}
	pos := diag.Pos{File: d.File, Line: link.Line}
	file, ok := resolve(x.inv.Files, target)
	if !ok && x.broken[pageURL(target)] {
		return // the page's own errors are reported, and fail the check
	}
	if !ok {
		if _, known := x.unpublished[pageURL(target)]; !x.complete && !known {
			return
		}
		before := len(*l)
		missing(l, pos, link.Dest, target, x.base, x.inv.Config.ContentDir, x.urls, x.unpublished)
		if x.inv.Config.Check.MissingFileSeverity() == diag.Warning {
			for i := before; i < len(*l); i++ {
				if d := &(*l)[i]; d.Code == diag.CodeLinkMissingFile && d.Severity == diag.Error {
					d.Severity = diag.Warning
					d.Msg += " (a warning, as check.missing_files in signpost.toml says)"
				}
			}
		}
		return
	}
	if fragment == "" {
		return
	}
	to, ok := x.byURL[docURL(file)]
	if !ok {
		return // a list or other generated page: its ids are not known
	}
	if to.IDs[fragment] {
		return
	}
	l.Errorf(pos, diag.CodeLinkMissingAnchor, "link to %s: %s has no heading with the id %q", link.Dest, to.File, fragment)
	var ids []string
	for id := range to.IDs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	switch c := diag.Closest(fragment, ids); {
	case c != "":
		l.Hint("did you mean #%s?", c)
	case len(ids) == 0:
		l.Hint("%s has no headings; link to the page without #%s", to.File, fragment)
	default:
		l.Hint("give the heading an id with {#%s} after its text, or link to one of: #%s", fragment, strings.Join(first(ids, 8), ", #"))
	}
}

// missing reports a link to a site path that the build did not make.
func missing(l *diag.List, pos diag.Pos, dest, target, base, contentDir string, urls []string, unpublished map[string]*content.Page) {
	code := diag.CodeLinkMissingPage
	if ext := path.Ext(target); ext != "" && ext != ".html" && ext != ".md" {
		code = diag.CodeLinkMissingFile
	}
	if p, ok := unpublished[pageURL(target)]; ok {
		l.Errorf(pos, code, "link to %s: %s is not published (it is a draft, dated in the future, or expired)", dest, p.File)
		l.Hint("publish %s, or remove the link until it is", p.File)
		return
	}
	l.Errorf(pos, code, "link to %s: the site has no page or file at that address", dest)
	switch {
	case base != "/" && strings.HasPrefix(target, base):
		l.Hint("leave out the base path: write /%s; signpost adds %s to every link that starts with /", strings.TrimPrefix(target, base), base)
	case code == diag.CodeLinkMissingFile:
		l.Hint("the file at %s comes from %s%s; put it there, or link to it by its path relative to this file", target, contentDir, target)
	case diag.Closest(pageURL(target), urls) != "":
		l.Hint("did you mean %s?", diag.Closest(pageURL(target), urls))
	default:
		l.Hint("link to the page's file instead, such as ../articles/x.md: signpost then checks the link and keeps it working if the page moves")
	}
}

// resolve finds the output file that a site path is served from: the path
// itself, or the index.html of the folder it names.
func resolve(files map[string]bool, sitePath string) (string, bool) {
	p := strings.TrimPrefix(sitePath, "/")
	var candidates []string
	switch {
	case p == "":
		candidates = []string{"index.html"}
	case strings.HasSuffix(p, "/"):
		candidates = []string{p + "index.html"}
	default:
		candidates = []string{p, p + "/index.html"}
	}
	for _, c := range candidates {
		if files[c] {
			return c, true
		}
	}
	return "", false
}

// pageURL is the folder-style URL a site path would have as a page:
// "/articles/x" → "/articles/x/".
func pageURL(sitePath string) string {
	if strings.HasSuffix(sitePath, "/") {
		return sitePath
	}
	if strings.HasSuffix(sitePath, "/index.html") {
		return strings.TrimSuffix(sitePath, "index.html")
	}
	return sitePath + "/"
}

// docURL is the page URL of an output file: "articles/x/index.html" →
// "/articles/x/".
func docURL(file string) string {
	return "/" + strings.TrimSuffix(file, "index.html")
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}
