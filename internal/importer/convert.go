package importer

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/slug"
)

// dropped are the front-matter keys that mean nothing to signpost, with
// the reason the report gives.
var dropped = map[string]string{
	"layout":                         "signpost has one theme, with a layout per kind of page",
	"pagination":                     "signpost paginates its section lists itself",
	"eleventyNavigation":             "signpost's navigation comes from the folders",
	"eleventyComputed":               "it is computed by templates",
	"eleventyExcludeFromCollections": "signpost lists every page of a section",
	"collection_tag":                 "sections are folders in signpost",
	"groups":                         "signpost lists a section's pages itself (a group that named a collection)",
	"hide":                           "a Material page option",
	"template":                       "a Material page option",
	"icon":                           "a Material page option",
	"toc":                            "signpost adds a Contents list to long pages",
	"mermaid":                        "signpost shows Mermaid diagrams as code",
	"discussion":                     "the old site's comments widget",
	"comments":                       "the old site's comments widget",
	"opengraphImage":                 "a social-media preview image",
	"promote":                        "the old home page's promoted list",
	"hero":                           "the old home page's banner",
	"permalink":                      "the page keeps its address (an alias where it moved)",
}

// appended is Markdown added after a page's body; resolve says whether its
// links are the old site's, to be rewritten like the body's.
type appended struct {
	text    string
	resolve bool
	line    int // of the front-matter field it comes from
}

// converted is a page converted to signpost.
type converted struct {
	dest    string
	text    string
	rawHTML bool
	draft   bool
}

// convert converts page p: its front matter to signpost's fields, its body
// to signpost's Markdown, and the parts of the front matter the old
// layouts showed (galleries, related links, issue sheets) to Markdown
// after the body.
func (s *site) convert(p *page, stats *linkStats) converted {
	lk := pageLinker{s: s, p: p, stats: stats}
	b := convertBody(p.split.body, p.split.bodyLine, s.dialect, lk)
	p.log.merge(b.log)
	lines := b.lines

	var o out
	var after []appended // Markdown sections to add after the body
	if p.fm == nil {
		o.kept = nil
	}
	fm := p.fm
	if fm == nil {
		fm = &matter{}
	}
	prev := (*field)(nil)
	for _, f := range fm.fields {
		s.field(p, f, prev, &o, &after)
		prev = f
	}
	if p.fm != nil && p.fm.get("title") == nil && p.fm.get("hero") != nil {
		if h := scalar(mapping(p.fm.get("hero").node)["heading"]); h != "" && o.title == "" {
			o.title = h
			p.log.change("titles taken from the home page's hero heading")
		}
	}

	// The title, and a level-one heading that repeats it.
	if k, h := firstH1(lines); k >= 0 {
		switch {
		case o.title == "":
			o.title = stripInline(h)
			lines = append(lines[:k:k], lines[k+1:]...)
			p.log.change("titles taken from the page's first # heading")
		case sameText(o.title, stripInline(h)):
			lines = append(lines[:k:k], lines[k+1:]...)
			p.log.change("# headings that repeated the title removed")
		case s.dialect == MkDocs:
			p.log.problem(lines[k].n, groupMatter, "the title %q differs from the page's # heading %q; MkDocs showed the heading, so it is now the title", o.title, stripInline(h))
			o.title = stripInline(h)
			lines = append(lines[:k:k], lines[k+1:]...)
		}
	}
	lines = collapseBlank(lines)
	if hasH1(lines) {
		n := shiftHeadings(lines)
		p.log.changeN("headings moved down a level, so the title is the page's one level-one heading", n)
	}
	if o.title == "" {
		o.title = titleFromFile(p.dest)
		p.log.problem(1, groupMatter, "the page has no title and no # heading; it is titled %q from its file name: change it if it should be something else", o.title)
	}
	p.title = o.title

	if o.summary == "" && b.hasMore {
		if sum := plainText(b.more); sum != "" {
			o.summary = sum
			p.log.change("summaries taken from the text before <!-- more -->")
		}
	}

	// Addresses: the new address, and aliases for the old ones.
	p.newURL = signpostURL(p.dest, o.slug)
	for _, u := range append([]string{p.url}, p.oldURLs...) {
		if u == "" || u == p.newURL || strings.ContainsAny(u, "{}") || reservedPath(u) {
			continue
		}
		if !contains(o.aliases, u) {
			o.aliases = append(o.aliases, u)
			p.log.change("old addresses kept as aliases (they redirect to the page)")
		}
	}

	// A page in a typed section that lacks what the type needs is a page.
	if !p.landing {
		switch strings.Split(p.dest, "/")[0] {
		case "articles":
			if o.date == "" || o.summary == "" {
				o.typ = "page"
				p.log.change("pages in articles/ without a date or summary given type: page")
			}
		case "interviews", "strategy":
			o.typ = "page"
			p.log.change("pages in interviews/ or strategy/ given type: page")
		}
	}

	var text strings.Builder
	o.write(&text)
	if p.fm == nil && p.split.has {
		text.Reset()
		o.write(&text)
		// Keep the unreadable front matter as a comment after the fields.
		t := text.String()
		t = strings.TrimSuffix(t, "---\n")
		text.Reset()
		text.WriteString(t)
		text.WriteString("# The old front matter, which could not be read:\n")
		for _, l := range strings.Split(strings.TrimSuffix(p.split.matter, "\n"), "\n") {
			text.WriteString("# " + l + "\n")
		}
		text.WriteString("---\n")
	}
	bodyText := joinLines(lines)
	if bodyText != "" {
		text.WriteString("\n")
		text.WriteString(bodyText)
	}
	rawHTML := b.rawHTML
	for _, a := range after {
		var alk linker
		if a.resolve {
			alk = lk
		}
		ab := convertBody(a.text, a.line, "", alk)
		for k := range ab.log.problems {
			ab.log.problems[k].Line = a.line
		}
		p.log.merge(ab.log)
		rawHTML = rawHTML || ab.rawHTML
		text.WriteString("\n")
		text.WriteString(joinLines(ab.lines))
	}
	return converted{dest: p.dest, text: text.String(), rawHTML: rawHTML, draft: o.draft}
}

// field converts one front-matter key.
func (s *site) field(p *page, f *field, prev *field, o *out, after *[]appended) {
	n := f.node
	str := scalar(n)
	kind := func(k string) { p.log.change(k) }
	keep := func() {
		o.kept = append(o.kept, f)
		kind("front matter that signpost has no field for kept as YAML comments")
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" && !identLike(f.key) {
		what := ""
		if prev != nil && prev.node.Kind == yaml.ScalarNode && (prev.node.Style&(yaml.FoldedStyle|yaml.LiteralStyle)) != 0 {
			what = fmt.Sprintf(" (probably a line that fell out of the %s: block above; add it back there, indented, if it belongs)", prev.key)
		}
		p.log.problem(f.line, groupMatter, "%q: a line of text that YAML read as an empty key%s; it is dropped", f.key, what)
		kind("stray lines that YAML read as empty keys dropped")
		return
	}
	switch f.key {
	case "title":
		if str != "" {
			o.title = str
			return
		}
	case "description":
		switch {
		case str == "" && n.Kind == yaml.ScalarNode:
			kind("empty descriptions dropped")
			return
		case p.fm.get("summary") != nil:
			keep()
			return
		case str != "":
			o.summary = p.plainSummary(str)
			kind("description made summary")
			return
		}
	case "summary":
		if str != "" {
			o.summary = p.plainSummary(str)
			return
		}
		if n.Kind == yaml.ScalarNode {
			kind("empty summaries dropped")
			return
		}
	case "date":
		if d := dateValue(f); d != "" {
			o.date = d
			if m := mapping(n); m != nil && m["updated"] != nil {
				o.kept = append(o.kept, &field{key: "updated", node: m["updated"], line: f.line})
			}
			return
		}
		p.log.problem(f.line, groupMatter, "date %s is not a date signpost reads (YYYY-MM-DD); it is kept as a comment: write the date by hand", quoteSnippet(yamlText(n)))
		keep()
		return
	case "tags", "categories", "category":
		list, ok := nodeStrings(n)
		if !ok {
			break
		}
		if len(list) == 0 {
			kind("empty tags dropped")
			return
		}
		o.tags = dedupe(append(o.tags, list...))
		switch {
		case f.key == "categories":
			kind("blog categories made tags")
		case f.key == "category":
			kind("category made a tag")
		case n.Kind == yaml.ScalarNode:
			kind("tags written as one string made a list")
		}
		return
	case "author", "authors":
		if m := mapping(n); m != nil && scalar(m["name"]) != "" {
			o.authors = append(o.authors, scalar(m["name"]))
			kind("author made authors")
			return
		}
		list, ok := nodeStrings(n)
		if !ok {
			break
		}
		for _, a := range list {
			if name, ok := s.authors[a]; ok && f.key == "authors" && s.dialect == MkDocs {
				a = name
				kind("blog author ids made names (from .authors.yml)")
			} else if f.key == "authors" && s.dialect == MkDocs && len(s.authors) > 0 {
				p.log.problem(f.line, groupMatter, "author %q is not in .authors.yml; it is kept as written", a)
			}
			o.authors = append(o.authors, a)
		}
		o.authors = dedupe(o.authors)
		if f.key == "author" {
			kind("author made authors")
		}
		return
	case "order", "weight", "nav_order", "sidebar_position":
		if w := s.weight(p, f); w != "" {
			o.weight = w
			if f.key != "weight" {
				kind(f.key + " made weight")
			}
			return
		}
	case "slug":
		if str != "" && s.dialect == MkDocs {
			o.slug = slug.Make(str)
			if o.slug != str {
				kind("slugs made plain URL segments (lower case); the old address is an alias")
			}
			return
		}
	case "redirectFrom", "redirect_from", "aliases":
		if list, ok := nodeStrings(n); ok {
			for _, u := range list {
				o.aliases = append(o.aliases, sitePathOf(u))
			}
			kind(f.key + " made aliases")
			return
		}
	case "permalink":
		if s.dialect == MkDocs {
			kind(`front matter "permalink" dropped (MkDocs ignores it; the page keeps its address)`)
			return
		}
	case "review", "reviewInfo":
		if s.review(p, f, o) {
			if f.key == "reviewInfo" {
				kind("reviewInfo read as review")
			}
			return
		}
	case "status":
		st := strings.ToUpper(strings.TrimSpace(str))
		switch st {
		case "DRAFT":
			if s.publishDrafts {
				kind("status: DRAFT dropped (the page is published, as on the old site: --publish-drafts)")
				return
			}
			o.draft = true
			kind("status: DRAFT made draft: true")
			return
		case "REVIEW", "FINAL":
			kind("status: " + st + " dropped (the page is published)")
			return
		}
	case "draft":
		if n.Tag == "!!bool" {
			o.draft = str == "true"
			return
		}
	case "search":
		if m := mapping(n); m != nil {
			if scalar(m["exclude"]) == "true" {
				o.search = "false"
			}
			kind(`MkDocs "search" options made search: false where the page was left out`)
			return
		}
		if n.Tag == "!!bool" {
			o.search = str
			return
		}
	case "related":
		if md, resolve := s.relatedMarkdown(p, f); md != "" {
			*after = append(*after, appended{md, resolve, f.line})
			kind("related boxes made a list of links after the body")
			return
		}
	case "screenshots":
		if md := screenshotsMarkdown(p, f); md != "" {
			*after = append(*after, appended{md, true, f.line})
			kind("screenshot galleries made headings and figures after the body")
			return
		}
	case "groups":
		if md := groupsMarkdown(p, f); md != "" {
			*after = append(*after, appended{md, true, f.line})
			kind("hub groups of cards (text, images, dates) made headings and paragraphs after the body")
			return
		}
	case "links":
		if md := linksMarkdown(p, f); md != "" {
			*after = append(*after, appended{md, true, f.line})
			kind("blog post links made a Related links list after the body")
			return
		}
	case "issuesheet":
		if md := issueSheetMarkdown(n); md != "" {
			*after = append(*after, appended{md, true, f.line})
			kind("issue sheets made a table after the body")
			return
		}
	case "image":
		if m := mapping(n); m != nil && (scalar(m["opengraphImage"]) == "true" || p.fm.get("opengraphImage") != nil) {
			kind(`front matter "image" dropped (a social-media preview image)`)
			return
		}
	case "expires", "organisations", "last_reviewed", "review_due", "source", "interviewee", "interviewer", "publisher", "superseded_by":
		o.kept = append(o.kept, f)
		kind("front matter that signpost has no field for kept as YAML comments")
		return
	}
	if why, ok := dropped[f.key]; ok {
		kind(fmt.Sprintf("front matter %q dropped (%s)", f.key, why))
		return
	}
	keep()
}

// identLike reports whether a key looks like a field name rather than a
// line of text.
var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

func identLike(k string) bool { return identRe.MatchString(k) }

// dateValue reads a date field: a YAML date or date and time, or a MkDocs
// mapping whose created key is one.
func dateValue(f *field) string {
	n := f.node
	if m := mapping(n); m != nil {
		n = m["created"]
	}
	v := scalar(n)
	if v == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, v); err == nil {
		return v
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.Format(time.RFC3339)
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}

// weight reads an order: a number, or a map of collection to number, of
// which the one for the section the page is in is taken.
func (s *site) weight(p *page, f *field) string {
	if f.node.Kind == yaml.ScalarNode {
		if _, err := strconv.ParseFloat(f.node.Value, 64); err == nil {
			return f.node.Value
		}
		return ""
	}
	m := mapping(f.node)
	if m == nil {
		return ""
	}
	keys := mappingKeys(f.node)
	if len(keys) == 0 {
		return ""
	}
	chosen := ""
	if c := s.sectionCollection(p); c != "" && m[c] != nil {
		chosen = c
	}
	if chosen == "" {
		for _, t := range p.tagsOf() {
			if m[t] != nil {
				chosen = t
				break
			}
		}
	}
	if chosen == "" {
		chosen = keys[0]
	}
	v := scalar(m[chosen])
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		return ""
	}
	if len(keys) > 1 {
		p.log.change("per-collection orders made weight (the value for the page's own section)")
	}
	return v
}

// plainSummary returns a description or summary as the plain text
// signpost's summaries are: Markdown links in it would show as brackets
// and addresses in lists and search results, and a long address would
// widen a card past a phone's screen.
func (p *page) plainSummary(s string) string {
	plain := inlinePlain(s)
	if plain != oneLine(s) {
		p.log.change("Markdown in summaries made plain text (links as their text)")
	}
	return plain
}

// tagsOf returns the page's tags as its front matter gives them.
func (p *page) tagsOf() []string {
	if p.fm == nil {
		return nil
	}
	list, _ := nodeStrings(nodeOf(p.fm.get("tags")))
	return list
}

// sectionCollection is the collection the landing page of p's section
// lists.
func (s *site) sectionCollection(p *page) string {
	dir := path.Dir(p.dest)
	if p.landing {
		dir = path.Dir(dir)
	}
	for {
		if dir == "." {
			dir = ""
		}
		if q, ok := s.byDest(path.Join(dir, "_index.md")); ok && q != p && q.collection != "" {
			return q.collection
		}
		if dir == "" {
			return ""
		}
		dir = path.Dir(dir)
	}
}

func (s *site) byDest(dest string) (*page, bool) {
	for _, p := range s.pages {
		if p.dest == dest {
			return p, true
		}
	}
	return nil, false
}

// review converts document-control review data: the date last reviewed,
// and the cycle that gives the next review's date.
func (s *site) review(p *page, f *field, o *out) bool {
	m := mapping(f.node)
	if m == nil {
		return false
	}
	last := dateValue(&field{node: m["last_reviewed_date"]})
	if last == "" {
		last = dateValue(&field{node: m["last_reviewed"]})
	}
	if last == "" {
		p.log.problem(f.line, groupMatter, "%s has no last_reviewed_date; it is kept as a comment", f.key)
		o.kept = append(o.kept, f)
		return true
	}
	o.lastReviewed = last
	p.log.change("review.last_reviewed_date made last_reviewed")
	t, _ := time.Parse(time.DateOnly, last[:min(len(last), 10)])
	cycle := m["review_cycle"]
	due, ok := addCycle(t, cycle)
	if !ok {
		p.log.problem(f.line, groupMatter, "review_cycle %s is not a cycle the import knows; review_due is not set: add it by hand", quoteSnippet(yamlText(cycle)))
		return true
	}
	o.reviewDue = due.Format(time.DateOnly)
	p.log.change("review_cycle made review_due (the last review plus the cycle)")
	return true
}

// addCycle adds a review cycle to t: a name such as ANNUAL, or a Luxon
// duration such as {month: 3}. No cycle means annual, as the NHSBSA
// playbook's layouts read it.
func addCycle(t time.Time, n *yaml.Node) (time.Time, bool) {
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return t.AddDate(1, 0, 0), true
	}
	if m := mapping(n); m != nil {
		y, mo, d := 0, 0, 0
		for k, v := range m {
			x, err := strconv.Atoi(scalar(v))
			if err != nil {
				return t, false
			}
			switch strings.TrimSuffix(strings.ToLower(k), "s") {
			case "year":
				y += x
			case "quarter":
				mo += 3 * x
			case "month":
				mo += x
			case "week":
				d += 7 * x
			case "day":
				d += x
			default:
				return t, false
			}
		}
		return t.AddDate(y, mo, d), true
	}
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToUpper(scalar(n))) {
	case "ANNUAL", "ANNUALLY", "YEARLY", "YEAR", "12MONTHS":
		return t.AddDate(1, 0, 0), true
	case "BIANNUAL", "BIANNUALLY", "SIXMONTHLY", "HALFYEARLY", "6MONTHS":
		return t.AddDate(0, 6, 0), true
	case "QUARTERLY", "3MONTHS":
		return t.AddDate(0, 3, 0), true
	case "MONTHLY":
		return t.AddDate(0, 1, 0), true
	case "BIENNIAL", "BIENNIALLY", "2YEARS":
		return t.AddDate(2, 0, 0), true
	}
	return t, false
}

var inlineMarkRe = regexp.MustCompile("[*_`]+|\\[|\\]\\([^)]*\\)|\\]")

// stripInline removes emphasis, code and link syntax from a heading.
func stripInline(s string) string {
	return strings.TrimSpace(inlineMarkRe.ReplaceAllString(s, ""))
}

// sameText reports whether two titles say the same, ignoring case,
// spacing and punctuation.
func sameText(a, b string) bool {
	norm := func(s string) string {
		var out []rune
		for _, r := range strings.ToLower(s) {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && r != '’' && r != '‘' && r != '“' && r != '”' {
				out = append(out, r)
			}
		}
		return string(out)
	}
	return norm(a) == norm(b)
}

// plainText is Markdown made one line of plain text, for a summary.
func plainText(md string) string {
	var parts []string
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		for strings.HasPrefix(t, ">") {
			t = strings.TrimSpace(t[1:])
		}
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "<") || strings.HasPrefix(t, "![") {
			continue
		}
		parts = append(parts, t)
	}
	return inlinePlain(strings.Join(parts, " "))
}

var (
	inlineImageRe = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	inlineLinkRe  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// inlinePlain returns the Markdown text md on one line as the plain text
// a summary is: images left out, links as their text, no bold or code
// marks.
func inlinePlain(md string) string {
	s := oneLine(md)
	s = inlineImageRe.ReplaceAllString(s, "")
	s = inlineLinkRe.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return oneLine(s)
}

// titleFromFile makes a title of a file's name: "how-to-publish.md" is
// "How to publish".
func titleFromFile(dest string) string {
	base := path.Base(dest)
	stem := strings.TrimSuffix(base, path.Ext(base))
	if stem == "_index" || stem == "index" {
		stem = path.Base(path.Dir(dest))
		if stem == "." {
			return "Home"
		}
	}
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(stem))
	if len(words) == 0 {
		return "Untitled"
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// reservedPath reports whether a site path is in a folder signpost writes
// itself, where no alias can go.
func reservedPath(u string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(u, "/"), "/")
	for _, r := range content.Reserved {
		if first == r {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
