package importer

import (
	"regexp"
	"strings"
)

var (
	// markdown-it-container: "::: name rest"; a closing fence has at least
	// as many colons and nothing else.
	containerOpenRe  = regexp.MustCompile(`^( {0,3})(:{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(.*?)[ \t]*$`)
	containerCloseRe = regexp.MustCompile(`^ {0,3}(:{3,})[ \t]*$`)
	// markdown-it-admonition (the NHSBSA playbook): "!!! type Title", the
	// body not indented, closed by a bare "!!!".
	closedAdmonitionRe    = regexp.MustCompile(`^( {0,3})!!![ \t]+([A-Za-z][\w-]*)[ \t]*(.*?)[ \t]*$`)
	closedAdmonitionEndRe = regexp.MustCompile(`^ {0,3}!!![ \t]*$`)
	// Python-Markdown / Material: "!!! type "Title"" or "??? type", the
	// body indented four spaces; "???+" is a details open by default.
	mkdocsAdmonitionRe = regexp.MustCompile(`^([ \t]*)(!!!|\?\?\?\+?)[ \t]*(?:([A-Za-z][\w-]*)((?:[ \t]+(?:inline|end))*))?[ \t]*(?:"(.*)")?[ \t]*$`)
	deflistRe          = regexp.MustCompile(`^( {0,3}):[ \t]+(.*)$`)
	tocRe              = regexp.MustCompile(`^[ \t]*(?:\[\[_?toc_?\]\]|\[TOC\])[ \t]*$`)
	commentLinkRe      = regexp.MustCompile(`^ {0,3}\[(?:comment|//)\]:[ \t]*(?:<>|#)(?:[ \t].*)?$`)
	emptyHeadingRe     = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]*$`)
	moreRe             = regexp.MustCompile(`^[ \t]*<!--[ \t]*more[ \t]*-->[ \t]*$`)
	gridOpenRe         = regexp.MustCompile(`^[ \t]*<div[ \t]+class=["']grid(?:[ \t]+cards)?["'][^>]*[ \t]markdown(?:=["']?[a-z1]*["']?)?[ \t]*>[ \t]*$`)
	figureOpenRe       = regexp.MustCompile(`^[ \t]*<figure\b[^>]*>[ \t]*$`)
	figureCloseRe      = regexp.MustCompile(`^[ \t]*</figure>[ \t]*$`)
	figcaptionRe       = regexp.MustCompile(`^[ \t]*<figcaption\b[^>]*>(.*?)</figcaption>[ \t]*$`)
	imageLineRe        = regexp.MustCompile(`^([ \t]*)!\[([^\]]*)\]\(([^)\s]+|<[^>]*>)(?:[ \t]+("[^"]*"|'[^']*'))?\)[ \t]*$`)
	cardSeparatorRe    = regexp.MustCompile(`^[ \t]{2,}(?:-{3,}|\*{3,}|_{3,})[ \t]*$`)
)

// blocks converts the block syntax of ls into signpost's, recursively.
func (c *converter) blocks(ls []line) []line {
	var out []line
	for i := 0; i < len(ls); {
		l := ls[i]
		if l.code {
			out = append(out, l)
			i++
			continue
		}
		if d, _ := quoteDepth(l.text); d > 0 {
			j := i
			for j < len(ls) {
				if d, _ := quoteDepth(ls[j].text); d == 0 {
					break
				}
				j++
			}
			out = append(out, c.quoteGroup(ls[i:j])...)
			i = j
			continue
		}
		if n := c.block(ls, i, &out); n > 0 {
			i += n
			continue
		}
		out = append(out, l)
		i++
	}
	return out
}

// quoteGroup converts the syntax inside a blockquote, such as an
// admonition written in one.
func (c *converter) quoteGroup(ls []line) []line {
	if c.tooDeep(ls[0].n) {
		return ls
	}
	c.depth++
	defer func() { c.depth-- }()
	inner := make([]line, len(ls))
	for k, l := range ls {
		_, rest := quoteDepth1(l.text)
		l.text = rest
		inner[k] = l
	}
	conv := collapseBlank(c.blocks(inner))
	trimmed := trimBlankLines(inner)
	same := len(conv) == len(trimmed)
	for k := 0; same && k < len(conv); k++ {
		same = conv[k].text == trimmed[k].text
	}
	if same {
		return ls
	}
	if len(conv) == 0 {
		// Still a break between what is around it (two blank lines, so
		// that a definition after it gets no term).
		return []line{{n: ls[0].n}, {n: ls[0].n}}
	}
	return requote(conv, "")
}

// quoteDepth1 removes one blockquote marker from s.
func quoteDepth1(s string) (bool, string) {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 || !strings.HasPrefix(t, ">") {
		return false, s
	}
	t = t[1:]
	if strings.HasPrefix(t, " ") {
		t = t[1:]
	}
	return true, t
}

// requote puts ls in a blockquote, each line after indent.
func requote(ls []line, indent string) []line {
	out := make([]line, len(ls))
	for k, l := range ls {
		if isBlank(l.text) {
			l.text = indent + ">"
		} else {
			l.text = indent + "> " + l.text
		}
		out[k] = l
	}
	return out
}

// block converts the block starting at ls[i], if it is one to convert,
// appending the result to out, and returns the number of lines it used
// (0 if none).
func (c *converter) block(ls []line, i int, out *[]line) int {
	t := ls[i].text
	// A line removed before a definition line would make the paragraph
	// before it that definition's term.
	lineRemovable := !beforeDefinition(ls, i)
	switch {
	case !lineRemovable:
	case moreRe.MatchString(t):
		c.log.remove(t)
		if !c.hasMore {
			c.hasMore = true
			c.more = joinLines(*out)
		}
		c.log.change("<!-- more --> separators removed (the text before it is the summary)")
		*out = append(*out, line{n: ls[i].n})
		return 1
	case tagsIndexRe.MatchString(t) && strings.TrimSpace(tagsIndexRe.ReplaceAllString(t, "")) == "":
		c.log.remove(t)
		*out = append(*out, line{text: "See every topic and its pages on the [topics page](/tags/).", n: ls[i].n})
		c.log.change("the tags plugin's list made a link to signpost's topics page")
		return 1
	case gridOpenRe.MatchString(t):
		return c.grid(ls, i, out)
	case figureOpenRe.MatchString(t):
		if n := c.figure(ls, i, out); n > 0 {
			return n
		}
	case imageLineRe.MatchString(t):
		if i+1 < len(ls) && !ls[i+1].code {
			if m := figcaptionRe.FindStringSubmatch(ls[i+1].text); m != nil {
				im := imageLineRe.FindStringSubmatch(t)
				c.log.remove(ls[i+1].text)
				c.log.remove(im[4])
				*out = append(*out, line{text: im[1] + imageMarkdown(im[2], unbracket(im[3]), stripTags(m[1])), n: ls[i].n})
				c.log.change("<figcaption> after an image made the image's caption")
				return 2
			}
		}
	}
	if c.dialect == Eleventy {
		if m := containerOpenRe.FindStringSubmatch(t); m != nil {
			return c.container(ls, i, m, out)
		}
		if containerCloseRe.MatchString(t) && lineRemovable {
			c.log.remove(t)
			c.log.problem(ls[i].n, groupMarkdown, "a ::: that closes no container was removed")
			*out = append(*out, line{n: ls[i].n})
			return 1
		}
		if m := closedAdmonitionRe.FindStringSubmatch(t); m != nil {
			return c.closedAdmonition(ls, i, m, out)
		}
	}
	if c.dialect == MkDocs {
		if m := mkdocsAdmonitionRe.FindStringSubmatch(t); m != nil && (m[3] != "" || m[5] != "" || m[2] != "!!!") {
			return c.mkdocsAdmonition(ls, i, m, out)
		}
	}
	if n := c.deflist(ls, i, out); n > 0 {
		return n
	}
	return 0
}

// container converts a markdown-it container. As markdown-it-container
// does, it ends at the first fence of at least as many colons with nothing
// after them, or with the text it is in; a container opened inside one
// ends with it.
func (c *converter) container(ls []line, i int, m []string, out *[]line) int {
	if c.tooDeep(ls[i].n) {
		return 0
	}
	// The fence's indentation (up to three spaces) means nothing.
	indent, colons, name, rest := "", len(m[2]), strings.ToLower(m[3]), m[4]
	j := i + 1
	for ; j < len(ls); j++ {
		if ls[j].code {
			continue
		}
		if cm := containerCloseRe.FindStringSubmatch(ls[j].text); cm != nil && len(cm[1]) >= colons {
			break
		}
	}
	closed := j < len(ls)
	if !closed {
		if c.depth == 0 {
			c.log.problem(ls[i].n, groupMarkdown, "::: %s is never closed; it now ends with the page", name)
		} else {
			c.log.change("::: containers closed where the container around them ends, as markdown-it did")
		}
	}
	c.depth++
	inner := collapseBlank(c.blocks(trimBlankLines(ls[i+1 : j])))
	c.depth--
	open := ""
	switch name {
	case "card":
		open = "card"
		if rest != "" {
			open += " " + rest
		}
	case "details":
		open = "details "
		if rest == "" {
			rest = "Details"
			c.log.change("::: details without a summary given the summary \"Details\"")
		}
		open += rest
	case "tip", "note", "info", "inset":
		open = "inset"
		if rest != "" {
			inner = append([]line{{text: "**" + rest + "**", n: ls[i].n}, {n: ls[i].n}}, inner...)
		}
	case "warning", "danger", "caution", "important":
		open = "warning"
		if rest != "" {
			open += " " + rest
		}
	case "do", "dont":
		open = name
	default:
		open = name
		if rest != "" {
			open += " " + rest
		}
		c.log.problem(ls[i].n, groupMarkdown, "::: %s is not a signpost container (card, details, inset, warning, do, dont); it is kept as written, so signpost will warn about it: change it to one of those, or remove its ::: lines", name)
	}
	if !strings.HasPrefix(open, name) {
		c.log.remove(name)
	}
	c.log.change("::: " + name + " containers converted")
	inner = closeFences(inner)
	fence := strings.Repeat(":", containerFence(inner))
	blankBefore(out, ls[i].n)
	*out = append(*out, line{text: indent + fence + " " + open, n: ls[i].n})
	*out = append(*out, inner...)
	endN := ls[i].n
	if closed {
		endN = ls[j].n
	} else if j > i+1 {
		endN = ls[j-1].n
	}
	*out = append(*out, line{text: indent + fence, n: endN}, line{n: endN})
	if closed {
		return j - i + 1
	}
	return j - i
}

// beforeDefinition reports whether the next line after ls[i] that is not
// blank is a definition line (": …").
func beforeDefinition(ls []line, i int) bool {
	for k := i + 1; k < len(ls); k++ {
		if isBlank(ls[k].text) && !ls[k].code {
			continue
		}
		return !ls[k].code && deflistRe.MatchString(ls[k].text)
	}
	return false
}

// blankBefore ends the paragraph before a block the import writes, so
// that the block cannot be read as part of it.
func blankBefore(out *[]line, n int) {
	k := len(*out)
	if k == 0 || isBlank((*out)[k-1].text) {
		return
	}
	// The first line of an alert or container is not a paragraph.
	if _, t := quoteDepth((*out)[k-1].text); alertOrFenceRe.MatchString(t) {
		return
	}
	*out = append(*out, line{n: n})
}

var alertOrFenceRe = regexp.MustCompile(`^[ \t]*(?:\[![A-Z]+\]|:{3,})`)

// maxNesting is how deep containers, admonitions and blockquotes are
// converted inside each other; deeper ones are left as written, so that
// no input takes the converter more than linear time.
const maxNesting = 20

// tooDeep reports, once per page, a block nested past maxNesting.
func (c *converter) tooDeep(n int) bool {
	if c.depth < maxNesting {
		return false
	}
	if !c.deepReported {
		c.deepReported = true
		c.log.problem(n, groupMarkdown, "blocks are nested more than %d deep here; the ones inside are left as written: simplify them by hand", maxNesting)
	}
	return true
}

// closeFences closes a code fence left open at the end of ls, which the
// container around it closed; otherwise the fence would run on past the
// container's end.
func closeFences(ls []line) []line {
	var c byte
	n, open := 0, false
	for _, l := range ls {
		if !open {
			if ch, k, ok := fenceOpen(l.text); ok && l.code {
				c, n, open = ch, k, true
			}
			continue
		}
		if fenceClose(l.text, c, n) {
			open = false
		}
	}
	if !open {
		return ls
	}
	last := ls[len(ls)-1]
	return append(ls, line{text: strings.Repeat(string(c), n), n: last.n, code: true})
}

// containerFence is the number of colons a container around inner needs:
// one more than any container fence in it, and at least three.
func containerFence(inner []line) int {
	n := 3
	for _, l := range inner {
		if l.code {
			continue
		}
		_, t := quoteDepth(l.text)
		t = strings.TrimLeft(t, " \t")
		k := 0
		for k < len(t) && t[k] == ':' {
			k++
		}
		if k >= 3 && k+1 > n {
			n = k + 1
		}
	}
	return n
}

// alertMarker is the signpost alert for an admonition type.
func alertMarker(typ string) (string, bool) {
	switch strings.ToLower(typ) {
	case "note", "abstract", "summary", "tldr", "info", "todo", "question", "help", "faq",
		"example", "quote", "cite", "success", "check", "done", "seealso":
		return "NOTE", true
	case "tip", "hint":
		return "TIP", true
	case "important":
		return "IMPORTANT", true
	case "warning", "attention", "failure", "fail", "missing", "bug":
		return "WARNING", true
	case "caution", "danger", "error":
		return "CAUTION", true
	}
	return "NOTE", false
}

// alert writes an admonition as a signpost alert: a blockquote opened by
// [!TYPE] and the title.
func (c *converter) alert(typ, title string, n int, body []line, indent string, out *[]line) {
	marker, known := alertMarker(typ)
	if !known {
		c.log.problem(n, groupMarkdown, "admonition type %q is not one signpost knows; it is now a note (> [!NOTE]): change the marker if another fits better", typ)
	}
	if !strings.EqualFold(marker, typ) {
		c.log.remove(typ)
	}
	head := "[!" + marker + "]"
	if title = strings.TrimSpace(title); title != "" {
		head += " " + title
	}
	blankBefore(out, n)
	*out = append(*out, line{text: indent + "> " + head, n: n})
	*out = append(*out, requote(collapseBlank(body), indent)...)
	*out = append(*out, line{n: n})
}

// closedAdmonition converts a markdown-it-admonition block, which ends
// at a bare "!!!" line.
func (c *converter) closedAdmonition(ls []line, i int, m []string, out *[]line) int {
	if c.tooDeep(ls[i].n) {
		return 0
	}
	j := i + 1
	for ; j < len(ls); j++ {
		if !ls[j].code && closedAdmonitionEndRe.MatchString(ls[j].text) {
			break
		}
	}
	closed := j < len(ls)
	if !closed {
		c.log.problem(ls[i].n, groupMarkdown, "!!! %s is never closed with a !!! line; it now ends with the page", m[2])
	}
	c.depth++
	body := trimBlankLines(c.blocks(trimBlankLines(ls[i+1 : j])))
	c.depth--
	title := strings.Trim(m[3], `"`)
	c.alert(m[2], title, ls[i].n, body, "", out)
	c.log.change("!!! admonitions made alerts (> [!" + mustMarker(m[2]) + "])")
	if closed {
		return j - i + 1
	}
	return j - i
}

func mustMarker(typ string) string { m, _ := alertMarker(typ); return m }

// mkdocsAdmonition converts a Python-Markdown admonition or a Material
// collapsible block, whose body is indented four spaces more than the
// marker.
func (c *converter) mkdocsAdmonition(ls []line, i int, m []string, out *[]line) int {
	if c.tooDeep(ls[i].n) {
		return 0
	}
	ind, _ := indentOf(m[1])
	j := i + 1
	last := i // the last line of the body
	for ; j < len(ls); j++ {
		if isBlank(ls[j].text) {
			continue
		}
		if w, _ := indentOf(ls[j].text); w < ind+4 {
			break
		}
		last = j
	}
	body := make([]line, 0, last-i)
	for _, l := range ls[i+1 : last+1] {
		l.text = dedent(l.text, ind+4)
		body = append(body, l)
	}
	// Dedented, the body's lines are read afresh.
	markCode(body)
	c.syntax(body)
	body = c.cleanHTML(body)
	c.depth++
	body = trimBlankLines(c.blocks(trimBlankLines(body)))
	c.depth--
	typ, title := m[3], m[5]
	if m[4] != "" {
		c.log.remove(m[4])
		c.log.change("admonition placement options (inline, end) removed")
	}
	prefix := strings.Repeat(" ", ind)
	if strings.HasPrefix(m[2], "???") {
		if title == "" {
			title = titleCase(typ)
		}
		if title == "" {
			title = "Details"
		}
		c.log.remove(typ)
		if m[2] == "???+" {
			c.log.change("??? collapsible blocks made ::: details (the ones open by default (???+) now start closed)")
		} else {
			c.log.change("??? collapsible blocks made ::: details")
		}
		body = closeFences(body)
		fence := strings.Repeat(":", containerFence(body))
		blankBefore(out, ls[i].n)
		*out = append(*out, line{text: prefix + fence + " details " + oneLine(title), n: ls[i].n})
		for _, l := range body {
			if !isBlank(l.text) {
				l.text = prefix + l.text
			}
			*out = append(*out, l)
		}
		*out = append(*out, line{text: prefix + fence, n: ls[last].n}, line{n: ls[last].n})
		return last - i + 1
	}
	if typ == "" {
		typ = "note"
	}
	c.alert(typ, title, ls[i].n, body, prefix, out)
	c.log.change("!!! admonitions made alerts (> [!" + mustMarker(typ) + "])")
	return last - i + 1
}

func titleCase(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// deflist converts a definition list (markdown-it-deflist, Python-Markdown
// def_list) starting at ls[i] into a bulleted list, each term in bold
// before its definition, since signpost has no definition lists.
func (c *converter) deflist(ls []line, i int, out *[]line) int {
	if !c.isTerm(ls, i) || (len(*out) > 0 && !isBlank((*out)[len(*out)-1].text)) {
		return 0
	}
	start := i
	var items []line
	for c.isTerm(ls, i) {
		term := strings.TrimSpace(c.attrLists(ls[i].text))
		n := ls[i].n
		i++
		if isBlank(ls[i].text) {
			i++
		}
		first := true
		for i < len(ls) && !ls[i].code {
			if !first && isBlank(ls[i].text) {
				// Another definition of the same term, after a blank line.
				k := i
				for k < len(ls) && isBlank(ls[k].text) && !ls[k].code {
					k++
				}
				if k < len(ls) && !ls[k].code && deflistRe.MatchString(ls[k].text) {
					i = k
				}
			}
			m := deflistRe.FindStringSubmatch(ls[i].text)
			if m == nil {
				break
			}
			if emptyHeadingRe.MatchString(m[2]) {
				c.log.remove(m[2])
				m[2] = ""
			}
			if strings.HasPrefix(m[2], ":") {
				m[2] = `\` + m[2] // not a definition marker of its own
			}
			if first {
				items = append(items, line{text: "- " + boldTerm(term) + ": " + m[2], n: n})
				first = false
			} else {
				items = append(items, line{n: ls[i].n}, line{text: "  " + m[2], n: ls[i].n})
			}
			i++
			// The definition's own lines: lazy ones, and indented ones
			// after blank lines.
			for i < len(ls) {
				if ls[i].code {
					if w, _ := indentOf(ls[i].text); w < 2 {
						break
					}
					l := ls[i]
					items = append(items, l)
					i++
					continue
				}
				t := ls[i].text
				if isBlank(t) {
					k := i
					for k < len(ls) && isBlank(ls[k].text) && !ls[k].code {
						k++
					}
					if k < len(ls) {
						if w, _ := indentOf(ls[k].text); w >= 2 && !deflistRe.MatchString(ls[k].text) {
							for ; i < k; i++ {
								items = append(items, line{n: ls[i].n})
							}
							continue
						}
					}
					break
				}
				w, rest := indentOf(t)
				if deflistRe.MatchString(t) || c.isTerm(ls, i) || (w < 2 && startsBlock(t)) {
					break
				}
				// The definition's text starts two columns in, after ": ",
				// as a list item's does after "- ": indented lines stay as
				// they are, lazy ones are indented to match.
				if w < 2 {
					rest = "  " + t
				} else {
					rest = t
				}
				items = append(items, line{text: rest, n: ls[i].n})
				i++
			}
		}
		c.log.change("definition lists made bulleted lists (term in bold, then its definition)")
		// Blank lines between entries stay.
		k := i
		for k < len(ls) && isBlank(ls[k].text) && !ls[k].code {
			k++
		}
		if k < len(ls) && c.isTerm(ls, k) {
			for ; i < k; i++ {
				items = append(items, line{n: ls[i].n})
			}
		}
	}
	if i == start {
		return 0
	}
	*out = append(*out, items...)
	return i - start
}

// isTerm reports whether ls[i] is the term of a definition list: a line of
// text followed by a definition line, directly or after one blank line.
func (c *converter) isTerm(ls []line, i int) bool {
	if i >= len(ls) || ls[i].code || isBlank(ls[i].text) {
		return false
	}
	t := ls[i].text
	if w, _ := indentOf(t); w > 3 {
		return false
	}
	tt := strings.TrimSpace(t)
	if strings.HasPrefix(tt, "#") || deflistRe.MatchString(t) || strings.HasPrefix(tt, ":::") || strings.HasPrefix(tt, "[!") || strings.HasPrefix(tt, "!!!") || strings.HasPrefix(tt, "???") || strings.HasPrefix(tt, "|") || strings.HasPrefix(tt, "<") || listItemRe.MatchString(t) {
		return false
	}
	k := i + 1
	if k < len(ls) && isBlank(ls[k].text) && !ls[k].code {
		k++
	}
	return k < len(ls) && !ls[k].code && deflistRe.MatchString(ls[k].text)
}

var breakRe = regexp.MustCompile(`^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|` + "```" + `|~~~|<|\||(?:[-*_][ \t]*){3,}$|:::|!!!|\?\?\?)`)

// startsBlock reports whether a line that is not indented starts a block
// of its own rather than continuing a paragraph.
func startsBlock(t string) bool { return breakRe.MatchString(t) || listItemRe.MatchString(t) }

var listItemRe = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)`)

func boldTerm(t string) string {
	if (strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**") || strings.HasPrefix(t, "__") && strings.HasSuffix(t, "__")) && len(t) > 4 {
		return t
	}
	// A * or _ at either end would run into the bold markers.
	if strings.HasSuffix(t, "*") || strings.HasSuffix(t, "_") {
		t = t[:len(t)-1] + `\` + t[len(t)-1:]
	}
	if strings.HasPrefix(t, "*") || strings.HasPrefix(t, "_") {
		t = `\` + t
	}
	return "**" + t + "**"
}

// grid unwraps Material grid cards (<div class="grid cards" markdown>) to
// the plain list inside them, without the rules that divided each card.
func (c *converter) grid(ls []line, i int, out *[]line) int {
	if c.tooDeep(ls[i].n) {
		return 0
	}
	depth := 0
	j := i
	for ; j < len(ls); j++ {
		if ls[j].code {
			continue
		}
		depth += strings.Count(ls[j].text, "<div") - strings.Count(ls[j].text, "</div>")
		if depth <= 0 {
			break
		}
	}
	if j == len(ls) || j == i || strings.TrimSpace(ls[j].text) != "</div>" {
		return 0
	}
	c.log.remove(ls[i].text)
	c.log.remove(ls[j].text)
	var inner []line
	for _, l := range ls[i+1 : j] {
		if !l.code && cardSeparatorRe.MatchString(l.text) {
			continue
		}
		inner = append(inner, l)
	}
	c.log.change("Material grid cards made plain lists")
	*out = append(*out, line{n: ls[i].n})
	c.depth++
	*out = append(*out, c.blocks(inner)...)
	c.depth--
	*out = append(*out, line{n: ls[j].n})
	return j - i + 1
}

// figure turns an HTML <figure> holding one Markdown image and its
// <figcaption> into a Markdown image with a caption.
func (c *converter) figure(ls []line, i int, out *[]line) int {
	j := i + 1
	for ; j < len(ls) && j < i+12; j++ {
		if figureCloseRe.MatchString(ls[j].text) {
			break
		}
	}
	if j >= len(ls) || !figureCloseRe.MatchString(ls[j].text) {
		return 0
	}
	var img []string
	caption, other := "", false
	n := ls[i].n
	for _, l := range ls[i+1 : j] {
		switch {
		case isBlank(l.text), emptyHeadingRe.MatchString(l.text), commentLinkRe.MatchString(l.text), tocRe.MatchString(l.text):
		case imageLineRe.MatchString(l.text) && img == nil:
			img = imageLineRe.FindStringSubmatch(l.text)
			n = l.n
		case figcaptionRe.MatchString(l.text) && caption == "":
			caption = stripTags(figcaptionRe.FindStringSubmatch(l.text)[1])
		default:
			other = true
		}
	}
	if img == nil || other {
		return 0
	}
	for _, l := range ls[i : j+1] {
		if !imageLineRe.MatchString(l.text) {
			c.log.remove(l.text)
		}
	}
	c.log.remove(img[4])
	*out = append(*out, line{text: imageMarkdown(img[2], unbracket(img[3]), caption), n: n})
	c.log.change("HTML <figure>s made Markdown images with captions")
	return j - i + 1
}

func unbracket(d string) string {
	if strings.HasPrefix(d, "<") && strings.HasSuffix(d, ">") {
		return d[1 : len(d)-1]
	}
	return d
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return strings.TrimSpace(tagRe.ReplaceAllString(s, "")) }

// trimBlankLines removes blank lines at the start and end of ls.
func trimBlankLines(ls []line) []line {
	for len(ls) > 0 && !ls[0].code && isBlank(ls[0].text) {
		ls = ls[1:]
	}
	for len(ls) > 0 && !ls[len(ls)-1].code && isBlank(ls[len(ls)-1].text) {
		ls = ls[:len(ls)-1]
	}
	return ls
}
