package importer

import (
	"regexp"
	"strings"
)

// Dialect is the generator a site is imported from.
type Dialect string

// The dialects signpost imports.
const (
	Eleventy Dialect = "eleventy"
	MkDocs   Dialect = "mkdocs"
)

// converter converts the body of one page.
type converter struct {
	dialect Dialect
	linker  linker
	log     fileLog
	// macros are the Nunjucks macros the page imported, by the name it
	// calls them.
	macros map[string]macroRef
	// depth is the nesting of the block being converted.
	depth        int
	deepReported bool
	// more is the text before a <!-- more --> separator, if hasMore.
	more    string
	hasMore bool
	// rawHTML is set when the converted body still holds raw HTML.
	rawHTML bool
	// keepMarkdownAttr leaves HTML tags with a markdown attribute as
	// they are, for the block conversions.
	keepMarkdownAttr bool
}

// body is a converted page body.
type body struct {
	lines   []line
	log     fileLog
	more    string
	hasMore bool
	rawHTML bool
}

// convertBody converts the Markdown of one page, whose first line is line
// first of its file, from dialect d into signpost's syntax. lk rewrites
// link destinations; nil leaves them as written.
func convertBody(src string, first int, d Dialect, lk linker) body {
	c := &converter{dialect: d, linker: lk}
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	ls := splitLines(src, first)
	markCode(ls)
	if d == Eleventy {
		ls = c.templates(ls)
		markCode(ls) // a macro may have written new lines
	}
	c.syntax(ls)
	// Raw HTML is cleaned before the blocks are converted (they see what
	// is published), except the tags marked markdown (grid cards,
	// figures), which the block conversions read; and once more after
	// them, for what those left.
	c.keepMarkdownAttr = true
	ls = c.cleanHTML(ls)
	ls = c.blocks(ls)
	c.keepMarkdownAttr = false
	markCode(ls)
	ls = c.cleanHTML(ls)
	c.inline(ls)
	markCode(ls) // the code as the converted text has it
	ls = collapseBlank(ls)
	return body{lines: ls, log: c.log, more: c.more, hasMore: c.hasMore, rawHTML: c.rawHTML}
}

// cleanHTML cleans the raw HTML of ls, then removes what that leaves to be
// removed (a line left holding only "#").
func (c *converter) cleanHTML(ls []line) []line {
	ls = c.rawHTMLStage(ls)
	markCode(ls)
	c.syntax(ls)
	return ls
}

var atxH1Re = regexp.MustCompile(`^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)

// firstH1 returns the index of the body's first line if it is a level-one
// heading, and its text; -1 otherwise.
func firstH1(ls []line) (int, string) {
	for k, l := range ls {
		if isBlank(l.text) {
			continue
		}
		if l.code {
			return -1, ""
		}
		if m := atxH1Re.FindStringSubmatch(l.text); m != nil {
			return k, strings.TrimSpace(m[1])
		}
		return -1, ""
	}
	return -1, ""
}

// shiftHeadings moves every ATX heading outside code down one level, so a
// page whose body uses level-one headings keeps one h1, its title. It
// returns how many it moved.
func shiftHeadings(ls []line) int {
	n := 0
	for k := range ls {
		l := &ls[k]
		if l.code {
			continue
		}
		t := strings.TrimLeft(l.text, " ")
		if len(l.text)-len(t) > 3 || !strings.HasPrefix(t, "#") {
			continue
		}
		h := 0
		for h < len(t) && t[h] == '#' {
			h++
		}
		if h > 5 || (h < len(t) && t[h] != ' ' && t[h] != '\t') {
			continue
		}
		l.text = l.text[:len(l.text)-len(t)] + "#" + t
		n++
	}
	return n
}

// hasH1 reports whether a level-one ATX heading is left in ls.
func hasH1(ls []line) bool {
	for _, l := range ls {
		if !l.code && atxH1Re.MatchString(l.text) {
			return true
		}
	}
	return false
}
