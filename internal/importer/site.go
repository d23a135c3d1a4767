package importer

import (
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/slug"
)

// page is one Markdown file of the source site.
type page struct {
	rel  string // relative to the content folder: "select/2025/06/x/index.md"
	src  string // relative to the source folder, for the report: "app/select/…"
	dest string // relative to the new content folder: "select/2025/06/x/index.md"
	// url is the page's address on the old site, without the path
	// prefix: "/select/2025/06/x/". "" if it had none.
	url string
	// oldURLs are other addresses it answered at (redirectFrom).
	oldURLs []string
	split   split
	fm      *matter
	log     fileLog
	// landing marks a section's landing page (written as _index.md).
	landing bool
	// collection is the collection a landing page lists, if known.
	collection string
	title      string
	status     string // DRAFT, REVIEW, FINAL, or ""
	tags       []string
	// newURL is the page's address on the new site.
	newURL  string
	anchors *anchorMap
}

// anchor returns signpost's id for a link's #frag to p.
func (p *page) anchor(frag string, d Dialect) (string, bool) {
	if p.anchors == nil {
		body := p.split.body
		if f := p.fm.getOrNil("screenshots"); f != nil {
			// The gallery's headings, which links name too.
			body += "\n" + screenshotsMarkdown(&page{}, f)
		}
		p.anchors = anchorsOf(body, d)
	}
	return p.anchors.resolve(frag)
}

// site is the source site as the import sees it.
type site struct {
	dialect Dialect
	tree    *tree
	pages   []*page
	byRel   map[string]*page
	byURL   map[string]*page
	// prefix is the path the old site was served under, without a
	// trailing slash ("/nhsbsa-digital-playbook"), or "".
	prefix string
	// siteURL is the old site's published address, if known.
	siteURL *url.URL
	// authors maps MkDocs blog author ids to names.
	authors map[string]string
	// blogDir is the MkDocs blog folder, if there is one.
	blogDir string
	// moved maps other files' paths (relative to the content folder) to
	// their new paths; files not in it keep theirs.
	moved map[string]string
	// consumed holds the data files the import read into pages.
	consumed map[string]bool
	// publishDrafts keeps status: DRAFT pages published.
	publishDrafts bool
}

// avoidReserved moves pages and files out of the folders signpost writes
// itself (tags/, search/, assets/, …): a folder of the old site with one
// of those names is renamed name-content/, and the pages in it keep their
// old addresses as aliases. Files signpost writes at the top (robots.txt,
// sitemap.xml) are not copied.
func (s *site) avoidReserved() {
	reserved := map[string]bool{}
	for _, r := range content.Reserved {
		reserved[r] = true
	}
	rename := func(dest string) (string, bool) {
		first, rest, nested := strings.Cut(dest, "/")
		if !nested || !reserved[slug.Make(first)] {
			return dest, false
		}
		return first + "-content/" + rest, true
	}
	for _, p := range s.pages {
		if d, ok := rename(p.dest); ok {
			p.log.problem(0, groupFiles, "the folder %s/ has the name of a folder signpost writes itself, so the page is content/%s: its old address is kept as an alias", strings.Split(p.dest, "/")[0], d)
			p.dest = d
		}
	}
	for rel := range s.tree.other {
		if d, ok := rename(s.destOf(rel)); ok {
			s.moved[rel] = d
		}
	}
}

// prepare reads what other pages need to know of each page before any is
// converted: its tags and its document status.
func (s *site) prepare() {
	for _, p := range s.pages {
		if p.fm == nil {
			continue
		}
		for _, k := range []string{"tags", "categories"} {
			if list, ok := nodeStrings(nodeOf(p.fm.get(k))); ok {
				p.tags = append(p.tags, list...)
			}
		}
		p.status = strings.ToUpper(strings.TrimSpace(p.fm.str("status")))
		p.newURL = signpostURL(p.dest, p.slugField(s.dialect))
		if p.collection != "" && !p.landing {
			p.log.problem(p.fm.get("pagination").line, groupMatter, "this page listed the pages of collections.%s; signpost lists a section's pages on its landing page only: list them here by hand, or link to the tag's page", p.collection)
		}
	}
}

// slugField is the slug the new page's front matter gives it.
func (p *page) slugField(d Dialect) string {
	if d != MkDocs || p.fm == nil {
		return ""
	}
	return slug.Make(p.fm.str("slug"))
}

func (s *site) index() {
	s.byRel = make(map[string]*page, len(s.pages))
	s.byURL = make(map[string]*page, len(s.pages))
	for _, p := range s.pages {
		s.byRel[p.rel] = p
	}
	// Pages are indexed by their addresses in file order; the first page
	// to claim an address keeps it, as the generators report a clash.
	for _, p := range s.pages {
		if p.url != "" {
			if _, taken := s.byURL[p.url]; !taken {
				s.byURL[p.url] = p
			}
		}
	}
	for _, p := range s.pages {
		for _, u := range p.oldURLs {
			if _, taken := s.byURL[u]; !taken {
				s.byURL[u] = p
			}
		}
	}
}

// destOf is the new path of a file of the content folder.
func (s *site) destOf(rel string) string {
	if p, ok := s.byRel[rel]; ok {
		return p.dest
	}
	if d, ok := s.moved[rel]; ok {
		return d
	}
	return rel
}

// signpostURL is the address signpost gives the file dest (relative to
// the content folder), with front-matter slug sl: each folder's name
// made a slug, index.md and _index.md standing for their folder.
func signpostURL(dest, sl string) string {
	dir, base := path.Split(dest)
	stem := strings.TrimSuffix(base, path.Ext(base))
	var segs []string
	for _, seg := range strings.Split(strings.Trim(dir, "/"), "/") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	if stem == "_index" {
		stem, sl = "", ""
	} else if stem == "index" && len(segs) > 0 && sl == "" {
		stem = segs[len(segs)-1]
		segs = segs[:len(segs)-1]
	}
	var b strings.Builder
	b.WriteByte('/')
	for _, seg := range segs {
		if m := slug.Make(seg); m != "" {
			b.WriteString(m + "/")
		}
	}
	switch {
	case sl != "":
		b.WriteString(sl + "/")
	case stem != "" && stem != "index":
		if m := slug.Make(stem); m != "" {
			b.WriteString(m + "/")
		}
	}
	return b.String()
}

// link resolution --------------------------------------------------------

// target is where a link leads on the old site.
type target struct {
	page *page  // a page
	file string // or a file of the content folder (relative to it)
	// missing marks a file that is not in the source folder.
	missing bool
	// stale marks an address no page or file had: the link was broken
	// on the old site too. sitePath is that address.
	stale    bool
	sitePath string
	// self marks a link to a heading of the same page (#anchor).
	self bool
	// generated marks a page signpost makes itself (a topic page), at
	// sitePath.
	generated bool
}

// resolve finds what a link written on page p leads to. ok is false for
// links that are not to the old site (other sites, mailto:, same-page
// anchors), which stay as written.
func (s *site) resolve(p *page, dest string) (target, *url.URL, bool) {
	u, err := url.Parse(dest)
	if err != nil {
		return target{}, nil, false
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		if s.siteURL == nil || !strings.EqualFold(u.Host, s.siteURL.Host) || (u.Scheme != "http" && u.Scheme != "https") {
			return target{}, nil, false
		}
		base := strings.TrimSuffix(s.siteURL.Path, "/")
		if u.Path != base && !strings.HasPrefix(u.Path, base+"/") {
			return target{}, nil, false
		}
		u.Path = "/" + strings.TrimPrefix(strings.TrimPrefix(u.Path, base), "/")
		u.Scheme, u.Host = "", ""
	}
	if u.Path == "" {
		if u.Fragment != "" && u.RawQuery == "" {
			return target{page: p, self: true}, u, true
		}
		return target{}, nil, false // ?query on this page
	}
	if strings.HasPrefix(u.Path, "/") {
		return s.atSitePath(u.Path), u, true
	}
	if s.dialect == MkDocs {
		// MkDocs links between files, relative to the file.
		f := path.Join(path.Dir(p.rel), u.Path)
		if strings.HasPrefix(f, "../") || f == ".." {
			return target{stale: true, sitePath: u.Path}, u, true
		}
		if q, ok := s.byRel[f]; ok {
			return target{page: q}, u, true
		}
		if s.tree.exists(f) {
			return target{file: f}, u, true
		}
		if q, ok := s.byRel[path.Join(f, "index.md")]; ok && strings.HasSuffix(u.Path, "/") {
			return target{page: q}, u, true
		}
		if isMarkdown(f) || hasFileExt(f) {
			return target{file: f, missing: true}, u, true
		}
	}
	// Relative to the page's address, as a browser reads it.
	base := p.url
	if base == "" {
		base = "/" + path.Dir(p.rel) + "/"
	}
	if !strings.HasSuffix(base, "/") {
		base = path.Dir(base) + "/"
	}
	sp := path.Join(base, u.Path)
	if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(sp, "/") {
		sp += "/"
	}
	return s.atSitePath(sp), u, true
}

// atSitePath finds what was at a path on the old site.
func (s *site) atSitePath(sp string) target {
	if s.prefix != "" && (sp == s.prefix || strings.HasPrefix(sp, s.prefix+"/")) {
		if _, own := s.byURL[sp]; !own {
			sp = "/" + strings.TrimPrefix(strings.TrimPrefix(sp, s.prefix), "/")
		}
	}
	clean := path.Clean(sp)
	for _, cand := range sitePathCandidates(clean) {
		if q, ok := s.byURL[cand]; ok {
			return target{page: q}
		}
	}
	if t, ok := s.generatedPage(clean); ok {
		return t
	}
	rel := strings.TrimPrefix(clean, "/")
	if rel != "" && s.tree.exists(rel) {
		if q, ok := s.byRel[rel]; ok {
			return target{page: q}
		}
		return target{file: rel}
	}
	if hasFileExt(rel) && !isPageExt(rel) {
		return target{file: rel, missing: true}
	}
	return target{stale: true, sitePath: sp}
}

// generatedPage finds what the old generator made at a site path that no
// page of the source was at, and signpost makes too: topic pages (an
// Eleventy tag page, signpost's /tags/), the Material blog's category
// pages (signpost's topic pages) and its archive (the blog's section).
func (s *site) generatedPage(p string) (target, bool) {
	if p == "/tags" || strings.HasPrefix(p, "/tags/") {
		return target{generated: true, sitePath: strings.TrimSuffix(p, "/") + "/"}, true
	}
	if s.dialect != MkDocs || s.blogDir == "" {
		return target{}, false
	}
	blog := "/" + s.blogDir + "/"
	rest, ok := strings.CutPrefix(p+"/", blog)
	if !ok {
		return target{}, false
	}
	switch kind, name, _ := strings.Cut(strings.TrimSuffix(rest, "/"), "/"); kind {
	case "category":
		if tag, ok := s.tagBySlug(name); ok {
			return target{generated: true, sitePath: "/tags/" + slug.Make(tag) + "/"}, true
		}
	case "archive", "page":
		if q, ok := s.byURL[blog]; ok {
			return target{page: q}, true
		}
	}
	return target{}, false
}

// sitePathCandidates are the addresses a cleaned site path may be
// published under: with a trailing slash, without index.html, without a
// .html ending.
func sitePathCandidates(p string) []string {
	out := []string{p, p + "/"}
	if p == "/" {
		return []string{"/"}
	}
	if strings.HasSuffix(p, "/index.html") {
		out = append(out, strings.TrimSuffix(p, "index.html"))
	}
	if strings.HasSuffix(p, "/index") {
		out = append(out, strings.TrimSuffix(p, "index"))
	}
	if strings.HasSuffix(p, ".html") {
		out = append(out, strings.TrimSuffix(p, ".html")+"/")
	}
	if strings.HasSuffix(p, ".md") {
		out = append(out, strings.TrimSuffix(p, ".md")+"/")
	}
	return out
}

func hasFileExt(p string) bool {
	e := path.Ext(p)
	return e != "" && len(e) <= 6 && !strings.ContainsAny(e, " -")
}

func isPageExt(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm", ".md":
		return true
	}
	return false
}

// relLink is the link from the file from to the file to, both relative to
// the content folder, escaped for a Markdown destination.
func relLink(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fromDir = nil
	}
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromDir) && i < len(toParts)-1 && fromDir[i] == toParts[i] {
		i++
	}
	var parts []string
	for range fromDir[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, toParts[i:]...)
	return escapePath(strings.Join(parts, "/"))
}

// escapePath escapes the characters a link destination cannot hold as
// they are.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F").Replace(p)
}

// pageLinker rewrites the links of one page.
type pageLinker struct {
	s     *site
	p     *page
	stats *linkStats
}

// linkStats counts what happened to links across the site.
type linkStats struct {
	toPages, toFiles, stale, missing int
	// toDrafts counts links from published pages to drafts.
	toDrafts int
	// staleAnchors counts links to headings no page had.
	staleAnchors int
}

func (l pageLinker) link(dest string, image bool, n int, log *fileLog) (string, bool) {
	t, u, ok := l.s.resolve(l.p, dest)
	if !ok {
		return dest, false
	}
	query := ""
	if u.RawQuery != "" {
		query = "?" + u.RawQuery
	}
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.EscapedFragment()
	}
	if t.page != nil && strings.HasPrefix(u.Fragment, ":~:") {
		// A text fragment, which browsers find in any page.
		log.change("links with text fragments (#:~:text=) written as site paths")
		return t.page.newURL + query + "#" + u.EscapedFragment(), true
	}
	if t.self && u.Fragment != "" && tagsIndexRe.MatchString(l.p.split.body) {
		if _, ok := t.page.anchor(u.Fragment, l.s.dialect); !ok {
			if tag, ok := l.s.tagBySlug(u.Fragment); ok {
				log.change("links to the tags plugin's list made links to signpost's topic pages")
				return "/tags/" + slug.Make(tag) + "/", true
			}
		}
	}
	if t.page != nil && u.Fragment != "" {
		if id, ok := t.page.anchor(u.Fragment, l.s.dialect); ok {
			if id != u.Fragment {
				log.change("anchors (#…) made signpost's heading ids")
			}
			frag = "#" + id
		} else {
			// The heading is not on the page: the link was broken on the
			// old site too. A site path keeps it, for check to report.
			l.stats.staleAnchors++
			log.problem(n, groupLinks, "link to %s: %s has no heading with the id %q, so the link was broken on the old site too; it is kept as a site path (which signpost check reports): fix the anchor or remove it", dest, t.page.src, u.Fragment)
			log.change("links to missing anchors written as site paths")
			return t.page.newURL + query + frag, true
		}
	}
	if t.self {
		nd := frag
		if nd == dest {
			return dest, false
		}
		return nd, true
	}
	suffix := query + frag
	var nd, kind string
	switch {
	case t.page != nil:
		nd = relLink(l.p.dest, t.page.dest) + suffix
		l.stats.toPages++
		if t.page.status == "DRAFT" && l.p.status != "DRAFT" && !l.s.publishDrafts {
			l.stats.toDrafts++
			log.problem(n, groupLinks, "link to %s: %s has status DRAFT, so it is a draft now, and signpost will not build this page's link to it until it is published (remove its draft: true) or the link goes", dest, t.page.src)
		}
		kind = "links to pages made links to their files"
	case t.file != "" && !t.missing:
		nd = relLink(l.p.dest, l.s.destOf(t.file)) + suffix
		l.stats.toFiles++
		kind = "links to files made relative to the page's file"
	case t.file != "":
		nd = relLink(l.p.dest, l.s.destOf(t.file)) + suffix
		l.stats.missing++
		what := "link to"
		if image {
			what = "image"
		}
		kind = "links to missing files made relative to the page's file"
		log.problem(n, groupLinks, "%s %s: there is no file %s in the source folder, so it is missing here too; add the file, or remove the reference", what, dest, path.Join(l.s.tree.root, t.file))
	case t.generated:
		nd = t.sitePath + suffix
		l.stats.toPages++
		kind = "links to tag and category pages made links to signpost's topic pages"
	default:
		nd = t.sitePath + suffix
		l.stats.stale++
		kind = "broken links written as site paths"
		log.problem(n, groupLinks, "link to %s: no page or file of the old site was at %s, so the link was broken there too; it is kept as a site path (which signpost check reports): fix or remove it", dest, t.sitePath)
	}
	if nd == dest {
		return dest, false
	}
	log.change(kind)
	return nd, true
}

// rawAnchor checks a link of raw HTML to #frag on its own page: it
// returns signpost's id for the heading it names, or, if no heading of
// the page has that id (the link was broken on the old site too), reports
// it and returns frag as written. HTML links are left out of link: they
// are published as written, so they stay links on the same page.
func (l pageLinker) rawAnchor(frag string, n int, log *fileLog) string {
	id, _, _ := strings.Cut(frag, ":~:") // a text fragment names no id
	if id == "" {
		return frag
	}
	if nid, ok := l.p.anchor(id, l.s.dialect); ok {
		if nid != id {
			log.change("anchors (#…) in raw HTML made signpost's heading ids")
		}
		return nid + strings.TrimPrefix(frag, id)
	}
	l.stats.staleAnchors++
	log.problem(n, groupLinks, "link to #%s in raw HTML: no heading on the page has that id, so the link was broken on the old site too; it is kept as written: fix the anchor or remove it", frag)
	return frag
}

// tagsIndexRe finds the marker of the Material tags plugin's index.
var tagsIndexRe = regexp.MustCompile(`<!--\s*material/tags\s*-->|\[TAGS\]`)

// tagBySlug finds the tag whose Python-Markdown slug is sl.
func (s *site) tagBySlug(sl string) (string, bool) {
	for _, p := range s.pages {
		for _, t := range p.tags {
			if pythonSlug(t) == sl || slug.Make(t) == sl {
				return t, true
			}
		}
	}
	return "", false
}

// urlRelative makes an address written relative to the page's address
// (as a browser reads the links of raw HTML) a site path.
func (l pageLinker) urlRelative(dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return dest
	}
	base := l.p.url
	if base == "" {
		return dest
	}
	if !strings.HasSuffix(base, "/") {
		base = path.Dir(base) + "/"
	}
	sp := path.Join(base, u.Path)
	if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(sp, "/") {
		sp += "/"
	}
	u.Path = sp
	return u.String()
}

// byTag lists the pages with a tag (or, for DRAFT, REVIEW and FINAL, a
// status), sorted by title.
func (s *site) byTag(tag string) []*page {
	var out []*page
	for _, p := range s.pages {
		match := p.status != "" && p.status == tag
		for _, t := range p.tags {
			if t == tag {
				match = true
			}
		}
		if match {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ti, tj := out[i].titleGuess(), out[j].titleGuess()
		if ti != tj {
			return ti < tj
		}
		return out[i].rel < out[j].rel
	})
	return out
}
