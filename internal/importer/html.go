package importer

import (
	"html"
	"path"
	"regexp"
	"strings"

	"github.com/signpost-kb/signpost/internal/sanitize"
)

// Raw HTML in the old pages is published by signpost only as its
// sanitiser allows (internal/sanitize), and each removal there is a
// warning. The import does the same removals once, in the content, so
// that the converted pages hold what is published and the report lists
// what went: attributes such as align, style and target, elements such
// as <center>, and scripts, forms and videos with their content (a video
// becomes a link to it). An HTML block that holds only links and images
// (a centred picture, a Material button) becomes Markdown, so that
// signpost checks its links and images.

var (
	// A tag on one line (a ">" on the next could be a blockquote's).
	htmlTagRe  = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[ \t]+[^\s"'<>/=]+(?:[ \t]*=[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'=<>` + "`" + `]+))?)*)[ \t]*(/?)>`)
	htmlAttrRe = regexp.MustCompile(`([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?`)
)

// htmlTag is one tag of raw HTML.
type htmlTag struct {
	start, end  int // in the region's text
	closing     bool
	selfClosing bool
	name        string // lower case
	attrs       [][2]string
	hasAttr     map[string]bool
}

func (t htmlTag) attr(k string) string {
	for _, a := range t.attrs {
		if a[0] == k {
			return a[1]
		}
	}
	return ""
}

// parseTag reads the tag at the start of s.
func parseTag(s string, at int) (htmlTag, bool) {
	m := htmlTagRe.FindStringSubmatch(s)
	if m == nil {
		return htmlTag{}, false
	}
	t := htmlTag{start: at, end: at + len(m[0]), closing: m[1] == "/", selfClosing: m[4] == "/", name: strings.ToLower(m[2]), hasAttr: map[string]bool{}}
	for _, a := range htmlAttrRe.FindAllStringSubmatch(m[3], -1) {
		k := strings.ToLower(a[1])
		v := a[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			v = v[1 : len(v)-1]
		}
		t.attrs = append(t.attrs, [2]string{k, html.UnescapeString(v)})
		t.hasAttr[k] = true
	}
	return t, true
}

// htmlTags finds the tags of s outside code spans and comments.
func htmlTags(s string) []htmlTag {
	var tags []htmlTag
	for i := 0; i < len(s); {
		switch {
		case s[i] == '`':
			i = codeSpanEnd(s, i)
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				return tags
			}
			i += end + 7
		case s[i] == '<':
			if linkDestBefore(s, i) {
				// An address in angle brackets, [text](<a b.md>), is not HTML.
				if end := strings.IndexByte(s[i:], '>'); end >= 0 {
					i += end + 1
					continue
				}
			}
			if t, ok := parseTag(s[i:], i); ok {
				tags = append(tags, t)
				i = t.end
				continue
			}
			i++
		default:
			i++
		}
	}
	return tags
}

var refDefStart = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*$`)

// linkDestBefore reports whether the "<" at i opens a link destination:
// it follows "](" or a reference definition's label.
func linkDestBefore(s string, i int) bool {
	lineStart := strings.LastIndexByte(s[:i], '\n') + 1
	before := strings.TrimRight(s[lineStart:i], " \t")
	return strings.HasSuffix(before, "](") || refDefStart.MatchString(s[lineStart:i])
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// mediaElements become a link to what they showed.
var mediaElements = map[string]string{"video": "Watch the video", "audio": "Listen to the recording", "iframe": "Open the embedded page", "object": "Open the embedded content", "embed": "Open the embedded content"}

// rawHTML cleans the raw HTML of the prose lines of ls.
func (c *converter) rawHTMLStage(ls []line) []line {
	var out []line
	for i := 0; i < len(ls); {
		if ls[i].code {
			out = append(out, ls[i])
			i++
			continue
		}
		j := i
		has := false
		for j < len(ls) && !ls[j].code {
			has = has || strings.Contains(ls[j].text, "<")
			j++
		}
		if has {
			out = append(out, c.htmlRegion(ls[i:j])...)
		} else {
			out = append(out, ls[i:j]...)
		}
		i = j
	}
	return out
}

// region is text with the source line of each byte.
type region struct {
	s   string
	lns []int
}

func regionOf(ls []line) region {
	var b strings.Builder
	var lns []int
	for _, l := range ls {
		b.WriteString(l.text)
		b.WriteByte('\n')
		for range len(l.text) + 1 {
			lns = append(lns, l.n)
		}
	}
	return region{b.String(), lns}
}

func (r region) lines(fallback int) []line {
	text := strings.TrimSuffix(r.s, "\n")
	var res []line
	start := 0
	for k := 0; k <= len(text); k++ {
		if k == len(text) || text[k] == '\n' {
			n := fallback
			if start < len(r.lns) {
				n = r.lns[start]
			} else if len(r.lns) > 0 {
				n = r.lns[len(r.lns)-1]
			}
			res = append(res, line{text: text[start:k], n: n})
			start = k + 1
		}
	}
	return res
}

func (c *converter) htmlRegion(ls []line) []line {
	r := regionOf(ls)
	r = c.dropElements(r)
	// Then block by block (blocks end at blank lines).
	var o njBuf
	for _, blk := range splitBlocks(r) {
		t := strings.TrimLeft(blk.s, " \t\n")
		if htmlBlockRe.MatchString(t) && !(c.keepMarkdownAttr && mdInHTMLRe.MatchString(t)) {
			if md, ok := c.linksAndImages(blk); ok {
				n := blk.lns[len(blk.s)-len(t)]
				o.write(md, n)
				continue
			}
		}
		c.cleanTags(blk, &o)
	}
	return region{o.b.String(), o.lns}.lines(ls[0].n)
}

// splitBlocks cuts a region at its blank lines, each block keeping its
// trailing newlines.
func splitBlocks(r region) []region {
	var out []region
	start := 0
	for k := 0; k < len(r.s); k++ {
		if r.s[k] != '\n' {
			continue
		}
		// The next line is blank: the block ends after it.
		e := k + 1
		for e < len(r.s) && (r.s[e] == ' ' || r.s[e] == '\t') {
			e++
		}
		if e < len(r.s) && r.s[e] == '\n' {
			out = append(out, region{r.s[start : e+1], r.lns[start : e+1]})
			start = e + 1
			k = e
		}
	}
	if start < len(r.s) {
		out = append(out, region{r.s[start:], r.lns[start:]})
	}
	return out
}

// dropElements removes the elements the sanitiser removes with their
// content; a video, audio or embedded page becomes a link to it.
func (c *converter) dropElements(r region) region {
	tags := htmlTags(r.s)
	var o njBuf
	last := 0
	for k := 0; k < len(tags); k++ {
		t := tags[k]
		if t.closing {
			continue
		}
		if _, with := sanitize.Element(t.name); !with {
			continue
		}
		end := t.end
		inner := tags[k+1:]
		if !t.selfClosing && !voidElements[t.name] {
			depth := 1
			for m, u := range inner {
				if u.name != t.name {
					continue
				}
				if u.closing {
					depth--
				} else if !u.selfClosing {
					depth++
				}
				if depth == 0 {
					end = u.end
					inner = inner[:m]
					k += m + 1
					break
				}
			}
			if depth != 0 {
				inner = nil
			}
		}
		start := t.start
		// An element on lines of its own goes with its lines, so that no
		// blank line is left where it was.
		ls := strings.LastIndexByte(r.s[:start], '\n') + 1
		le := strings.IndexByte(r.s[end:], '\n')
		if le >= 0 && isBlank(r.s[ls:start]) && isBlank(r.s[end:end+le]) && ls >= last {
			if _, media := mediaElements[t.name]; !media {
				start, end = ls, end+le+1
			}
		}
		o.writeRegion(r, last, start)
		removed := r.s[t.start:end]
		c.log.remove(removed)
		if label, ok := mediaElements[t.name]; ok {
			src := t.attr("src")
			if src == "" {
				src = t.attr("data")
			}
			for _, u := range inner {
				if src == "" && u.name == "source" {
					src = u.attr("src")
				}
			}
			if src != "" && c.policySafe(src) {
				o.write(c.mediaLink(label, src, r, t.start), r.lns[t.start])
				c.log.change("HTML <" + t.name + ">s made links to what they showed")
				last = end
				continue
			}
		}
		c.log.change("raw HTML elements signpost does not publish removed with their content (<" + t.name + ">)")
		c.log.problem(r.lns[t.start], groupMarkdown, "raw HTML <%s> removed with its content (%s), as signpost never publishes it: write what it showed in Markdown if it matters", t.name, quoteSnippet(removed))
		last = end
	}
	o.writeRegion(r, last, len(r.s))
	return region{o.b.String(), o.lns}
}

func (o *njBuf) writeRegion(r region, from, to int) {
	for k := from; k < to; k++ {
		o.write(r.s[k:k+1], r.lns[k])
	}
}

// mediaLink is the link that stands for a video or embedded page: a
// Markdown link on a line of its own, an HTML one inside other HTML.
func (c *converter) mediaLink(label, src string, r region, at int) string {
	if ext := strings.TrimPrefix(path.Ext(strings.SplitN(src, "?", 2)[0]), "."); ext != "" && len(ext) <= 4 && label != "Open the embedded page" {
		label += " (" + strings.ToUpper(ext) + ")"
	}
	lineStart := strings.LastIndexByte(r.s[:at], '\n') + 1
	if strings.TrimSpace(r.s[lineStart:at]) == "" {
		return "[" + label + "](" + destText(c.htmlRef(src)) + ")"
	}
	return `<a href="` + html.EscapeString(src) + `">` + label + "</a>"
}

func (c *converter) policySafe(u string) bool { return sanitize.Policy{}.SafeURL(u) }

// htmlRef is the link destination for an address written in raw HTML:
// MkDocs rewrites the links of Markdown between files but not of HTML,
// which the browser reads relative to the page's address.
func (c *converter) htmlRef(dest string) string {
	if c.dialect == MkDocs && c.linker != nil {
		if u, ok := c.linker.(interface{ urlRelative(string) string }); ok {
			return u.urlRelative(dest)
		}
	}
	return dest
}

// wrappers are the elements an HTML block of links and images may sit in.
var wrappers = map[string]bool{"p": true, "div": true, "center": true, "span": true, "figure": true, "br": true}

// linksAndImages turns an HTML block that holds only links and images, in
// wrappers such as <p align="center">, into Markdown.
func (c *converter) linksAndImages(blk region) (string, bool) {
	tags := htmlTags(blk.s)
	var items []string
	pos := 0
	text := func(from, to int) bool { return strings.TrimSpace(html.UnescapeString(blk.s[from:to])) == "" }
	for k := 0; k < len(tags); k++ {
		t := tags[k]
		if !text(pos, t.start) {
			return "", false
		}
		pos = t.end
		switch {
		case wrappers[t.name]:
		case t.name == "img" && !t.closing:
			if t.attr("src") == "" {
				return "", false
			}
			items = append(items, c.htmlImage(t))
		case t.name == "img":
		case t.name == "a" && !t.closing:
			href := t.attr("href")
			if href == "" || k+1 >= len(tags) {
				return "", false
			}
			next := tags[k+1]
			switch {
			case next.name == "a" && next.closing:
				label := strings.TrimSpace(html.UnescapeString(blk.s[t.end:next.start]))
				if label == "" || strings.ContainsAny(label, "<>[]") {
					return "", false
				}
				items = append(items, "["+oneLine(label)+"]("+destText(c.htmlRef(href))+")")
				k++
			case next.name == "img" && !next.closing && k+2 < len(tags) && tags[k+2].name == "a" && tags[k+2].closing &&
				text(t.end, next.start) && text(next.end, tags[k+2].start) && next.attr("src") != "":
				items = append(items, "["+c.htmlImage(next)+"]("+destText(c.htmlRef(href))+")")
				k += 2
			default:
				return "", false
			}
			pos = tags[k].end
		default:
			return "", false
		}
	}
	if len(items) == 0 || !text(pos, len(blk.s)) {
		return "", false
	}
	c.log.remove(blk.s)
	c.log.change("HTML blocks of links and images made Markdown")
	return strings.Join(items, "\n\n") + "\n\n", true
}

func (c *converter) htmlImage(t htmlTag) string {
	alt := t.attr("alt")
	if alt == "" {
		alt = t.attr("title")
	}
	text := escapeBrackets(oneLine(alt))
	if t.hasAttr["alt"] && t.attr("alt") == "" {
		text = `""` // alt="": marked as decoration, as signpost writes it
	}
	img := "![" + text + "](" + destText(c.htmlRef(t.attr("src")))
	if title := t.attr("title"); title != "" && title != alt {
		img += " " + titleText(oneLine(title))
	}
	return img + ")"
}

// cleanTags writes blk with each tag as the sanitiser would publish it:
// tags of elements it removes gone (their text kept), attributes it
// removes gone.
func (c *converter) cleanTags(blk region, o *njBuf) {
	last := 0
	for _, t := range htmlTags(blk.s) {
		if c.keepMarkdownAttr && t.hasAttr["markdown"] {
			continue
		}
		kept, _ := sanitize.Element(t.name)
		var repl string
		switch {
		case !kept:
			c.log.remove(blk.s[t.start:t.end])
			c.log.change("raw HTML tags signpost does not publish removed, their text kept (<" + t.name + ">)")
		case t.closing:
			continue
		default:
			var b strings.Builder
			b.WriteString("<" + t.name)
			changed := false
			for _, a := range t.attrs {
				if !sanitize.Attribute(t.name, a[0]) || ((a[0] == "href" || a[0] == "src") && !c.policySafe(a[1])) {
					changed = true
					c.log.change("raw HTML attributes signpost does not publish removed (" + a[0] + ")")
					continue
				}
				if a[0] == "href" && strings.HasPrefix(a[1], "#") && !c.keepMarkdownAttr {
					// Once, in the last pass, when the page's headings are
					// as they will be.
					if r, ok := c.linker.(interface {
						rawAnchor(frag string, n int, log *fileLog) string
					}); ok {
						if frag := r.rawAnchor(a[1][1:], blk.lns[t.start], &c.log); frag != a[1][1:] {
							a[1], changed = "#"+frag, true
						}
					}
				}
				b.WriteString(" " + a[0] + `="` + html.EscapeString(a[1]) + `"`)
			}
			if !changed {
				continue // the tag stays as written
			}
			c.log.remove(blk.s[t.start:t.end])
			if t.selfClosing {
				b.WriteString(" /")
			}
			b.WriteString(">")
			repl = b.String()
		}
		o.writeRegion(blk, last, t.start)
		o.write(repl, blk.lns[t.start])
		last = t.end
	}
	o.writeRegion(blk, last, len(blk.s))
}
