package importer

import (
	"regexp"
	"strings"
)

// Eleventy runs Markdown through Nunjucks first, so its pages can hold
// {% tags %}, {{ expressions }} and {# comments #}. signpost has no
// template engine in content: the import removes them, listing each
// removal in the report, and turns the calls of the NHS.UK macros that
// have a Markdown form (images, cards, inset text, details, warning
// callouts, buttons and action links) into that Markdown. Fenced code and
// inline code keep their template syntax as text.

// njBuf is text being written with the source line of each byte.
type njBuf struct {
	b   strings.Builder
	lns []int
}

func (o *njBuf) write(s string, n int) {
	o.b.WriteString(s)
	for range len(s) {
		o.lns = append(o.lns, n)
	}
}

// templates converts the Nunjucks in the prose lines of ls.
func (c *converter) templates(ls []line) []line {
	var out []line
	for i := 0; i < len(ls); {
		if ls[i].code {
			out = append(out, ls[i])
			i++
			continue
		}
		j := i
		for j < len(ls) && !ls[j].code {
			j++
		}
		if hasTemplate(ls[i:j]) {
			out = append(out, c.dropEmptyElements(c.templateRegion(ls[i:j]))...)
		} else {
			out = append(out, ls[i:j]...)
		}
		i = j
	}
	return out
}

func hasTemplate(ls []line) bool {
	for _, l := range ls {
		if strings.Contains(l.text, "{%") || strings.Contains(l.text, "{{") || strings.Contains(l.text, "{#") {
			return true
		}
	}
	return false
}

// templateRegion converts one run of prose lines, which template tags may
// span.
func (c *converter) templateRegion(ls []line) []line {
	var src strings.Builder
	var lns []int
	for _, l := range ls {
		src.WriteString(l.text)
		src.WriteByte('\n')
		for range len(l.text) + 1 {
			lns = append(lns, l.n)
		}
	}
	s := src.String()
	ends := blockEnds(s)
	var o njBuf
	for i := 0; i < len(s); {
		switch {
		case s[i] == '`':
			end := codeSpanEnd(s, i)
			for k := i; k < end; k++ {
				o.write(s[k:k+1], lns[k])
			}
			i = end
		case strings.HasPrefix(s[i:], "{#"):
			end := strings.Index(s[i+2:], "#}")
			if end < 0 {
				c.log.problem(lns[i], groupTemplates, "a Nunjucks comment {# is never closed with #}; it is left as text: remove it or close it")
				o.write("{#", lns[i])
				i += 2
				continue
			}
			end += i + 4
			c.removeTemplate(lns[i], s[i:end], "Nunjucks comment removed")
			i = end
		case strings.HasPrefix(s[i:], "{%"):
			i = c.tag(s, lns, i, &o, ends)
		case strings.HasPrefix(s[i:], "{{"):
			end := exprEnd(s, i+2, "}}")
			if end < 0 {
				c.log.problem(lns[i], groupTemplates, "a Nunjucks expression {{ is never closed with }}; it is left as text")
				o.write("{{", lns[i])
				i += 2
				continue
			}
			c.expression(s[i:end], lns[i], &o)
			i = end
		default:
			o.write(s[i:i+1], lns[i])
			i++
		}
	}
	text := strings.TrimSuffix(o.b.String(), "\n")
	var res []line
	start := 0
	for k := 0; k <= len(text); k++ {
		if k == len(text) || text[k] == '\n' {
			n := ls[len(ls)-1].n
			if start < len(o.lns) {
				n = o.lns[start]
			}
			res = append(res, line{text: text[start:k], n: n})
			start = k + 1
		}
	}
	return res
}

var (
	openTagLine  = regexp.MustCompile(`^[ \t]*<([A-Za-z][A-Za-z0-9]*)\b[^<>]*>[ \t]*$`)
	closeTagLine = regexp.MustCompile(`^[ \t]*</([A-Za-z][A-Za-z0-9]*)>[ \t]*$`)
)

// dropEmptyElements removes HTML elements that removing template code left
// empty: an opening tag's line followed, after blank lines only, by its
// closing tag's line.
func (c *converter) dropEmptyElements(ls []line) []line {
	var out []line
	for _, l := range ls {
		if cm := closeTagLine.FindStringSubmatch(l.text); cm != nil {
			k := len(out) - 1
			for k >= 0 && isBlank(out[k].text) {
				k--
			}
			if k >= 0 {
				if m := openTagLine.FindStringSubmatch(out[k].text); m != nil && strings.EqualFold(m[1], cm[1]) {
					c.log.remove(out[k].text)
					c.log.remove(l.text)
					c.log.change("HTML elements left empty by removed template code removed")
					out = out[:k]
					continue
				}
			}
		}
		out = append(out, l)
	}
	return out
}

// codeSpanEnd returns the end of the inline code span starting at the
// backtick run at i, or the end of the run if it is never closed within
// its paragraph.
func codeSpanEnd(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	for k := i + n; k < len(s); k++ {
		if s[k] == '\n' && blankLineAt(s, k+1) {
			break
		}
		if s[k] != '`' {
			continue
		}
		m := 0
		for k+m < len(s) && s[k+m] == '`' {
			m++
		}
		if m == n {
			return k + m
		}
		k += m - 1
	}
	return i + n
}

// blankLineAt reports whether the line starting at i is blank.
func blankLineAt(s string, i int) bool {
	for ; i < len(s) && s[i] != '\n'; i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}

// exprEnd returns the index just past the closing delimiter close of a
// Nunjucks tag or expression whose contents start at i, skipping quoted
// strings and nested brackets, or -1 if it is never closed.
func exprEnd(s string, i int, close string) int {
	depth := 0
	for k := i; k < len(s); k++ {
		switch ch := s[k]; ch {
		case '"', '\'', '`':
			for k++; k < len(s) && s[k] != ch; k++ {
				if s[k] == '\\' {
					k++
				}
			}
		case '(', '[', '{':
			if depth == 0 && strings.HasPrefix(s[k:], close) {
				return k + len(close)
			}
			depth++
		case ')', ']', '}':
			if depth == 0 && strings.HasPrefix(s[k:], close) {
				return k + len(close)
			}
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 && strings.HasPrefix(s[k:], close) {
				return k + len(close)
			}
		}
	}
	return -1
}

var tagName = regexp.MustCompile(`^\{%-?\s*([A-Za-z_]\w*)`)

// blockTags are the tags whose body means nothing without a template
// engine: the whole block goes.
var blockTags = map[string]string{
	"for":    "endfor",
	"macro":  "endmacro",
	"call":   "endcall",
	"filter": "endfilter",
	"set":    "endset",
	"block":  "endblock",
}

// tag handles the {% … %} at s[i:], writing what it leaves to o, and
// returns the index after it.
func (c *converter) tag(s string, lns []int, i int, o *njBuf, ends map[int]int) int {
	end := exprEnd(s, i+2, "%}")
	if end < 0 {
		c.log.problem(lns[i], groupTemplates, "a Nunjucks tag {%% is never closed with %%}; it is left as text")
		o.write("{%", lns[i])
		return i + 2
	}
	text := s[i:end]
	m := tagName.FindStringSubmatch(text)
	name := ""
	if m != nil {
		name = m[1]
	}
	switch name {
	case "raw", "verbatim":
		closeRe := regexp.MustCompile(`\{%-?\s*end` + name + `\s*-?%\}`)
		loc := closeRe.FindStringIndex(s[end:])
		if loc == nil {
			c.removeTemplate(lns[i], text, "Nunjucks tag removed")
			return end
		}
		c.log.remove(text)
		c.log.remove(s[end+loc[0] : end+loc[1]])
		c.log.change("Nunjucks {% raw %} blocks unwrapped (their text kept as written)")
		inner := s[end : end+loc[0]]
		for k := 0; k < len(inner); k++ {
			o.write(inner[k:k+1], lns[end+k])
		}
		return end + loc[1]
	case "from", "import":
		c.imports(text)
		c.removeTemplate(lns[i], text, "Nunjucks imports removed")
		return end
	}
	if _, ok := blockTags[name]; ok && !(name == "set" && strings.Contains(text, "=")) {
		blockEnd, ok := ends[i]
		if !ok {
			c.removeTemplate(lns[i], text, "Nunjucks tags removed")
			return end
		}
		c.removeTemplate(lns[i], s[i:blockEnd], "Nunjucks {% "+name+" %} blocks removed")
		return blockEnd
	}
	c.removeTemplate(lns[i], text, "Nunjucks tags removed")
	return end
}

// blockEnds matches the block tags of s ({% for %} … {% endfor %} and the
// rest of blockTags), innermost first, in one pass: it maps the start of
// each opening tag to the index just after its closing tag. Tags are
// found as the converter reads them, skipping code spans, comments and
// expressions.
func blockEnds(s string) map[int]int {
	ends := map[int]int{}
	open := map[string][]int{} // block name → starts of its open tags
	closer := map[string]string{}
	for name, end := range blockTags {
		closer[end] = name
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == '`':
			i = codeSpanEnd(s, i)
		case strings.HasPrefix(s[i:], "{#"):
			end := strings.Index(s[i+2:], "#}")
			if end < 0 {
				i += 2
				continue
			}
			i += end + 4
		case strings.HasPrefix(s[i:], "{{"):
			end := exprEnd(s, i+2, "}}")
			if end < 0 {
				i += 2
				continue
			}
			i = end
		case strings.HasPrefix(s[i:], "{%"):
			end := exprEnd(s, i+2, "%}")
			if end < 0 {
				i += 2
				continue
			}
			if m := tagName.FindStringSubmatch(s[i:end]); m != nil {
				name := m[1]
				if _, ok := blockTags[name]; ok && !(name == "set" && strings.Contains(s[i:end], "=")) {
					open[name] = append(open[name], i)
				} else if opener, ok := closer[name]; ok && len(open[opener]) > 0 {
					st := open[opener]
					ends[st[len(st)-1]] = end
					open[opener] = st[:len(st)-1]
				}
			}
			i = end
		default:
			i++
		}
	}
	return ends
}

// removeTemplate records the removal of template code.
func (c *converter) removeTemplate(n int, text, kind string) {
	c.log.remove(text)
	c.log.change(kind)
	c.log.problem(n, groupTemplates, "removed %s", quoteSnippet(text))
}

var (
	fromImport = regexp.MustCompile(`^\{%-?\s*from\s+["']([^"']+)["']\s+import\s+(.+?)\s*(?:with\s+context\s*)?-?%\}$`)
	nsImport   = regexp.MustCompile(`^\{%-?\s*import\s+["']([^"']+)["']\s+as\s+([A-Za-z_]\w*)`)
)

// imports records the macros a {% from … import … %} or {% import … as
// … %} tag makes available.
func (c *converter) imports(text string) {
	if c.macros == nil {
		c.macros = map[string]macroRef{}
	}
	text = strings.Join(strings.Fields(text), " ")
	if m := fromImport.FindStringSubmatch(text); m != nil {
		for _, part := range strings.Split(m[2], ",") {
			f := strings.Fields(part)
			switch {
			case len(f) == 1:
				c.macros[f[0]] = macroRef{file: m[1], name: f[0]}
			case len(f) == 3 && f[1] == "as":
				c.macros[f[2]] = macroRef{file: m[1], name: f[0]}
			}
		}
		return
	}
	if m := nsImport.FindStringSubmatch(text); m != nil {
		c.macros[m[2]] = macroRef{file: m[1], namespace: true}
	}
}

// macroRef is a macro a page imported.
type macroRef struct {
	file, name string
	namespace  bool
}

var callRe = regexp.MustCompile(`^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?\s*\(([\s\S]*)\)$`)

// expression handles one {{ … }}: a macro call with a Markdown form is
// converted; anything else is removed.
func (c *converter) expression(text string, n int, o *njBuf) {
	inner := strings.TrimSpace(text[2 : len(text)-2])
	inner = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(inner, "-"), "-"))
	m := callRe.FindStringSubmatch(inner)
	if m == nil {
		c.removeTemplate(n, text, "Nunjucks expressions removed")
		return
	}
	name := m[1]
	ref, imported := c.macros[name]
	switch {
	case m[2] != "":
		c.removeTemplate(n, text, "Nunjucks macro calls removed")
		if imported {
			c.log.problems[len(c.log.problems)-1].Msg += ": a macro from " + ref.file + ", which signpost cannot run; write its output into the page by hand"
		}
		return
	case imported:
		name = ref.name
	}
	args, err := parseJSValue(strings.TrimSpace(m[3]))
	md := ""
	if err == nil {
		md = macroMarkdown(name, args)
	}
	if md == "" {
		c.removeTemplate(n, text, "Nunjucks macro calls removed")
		why := ": signpost has no Markdown for it"
		if err != nil {
			why = ": its arguments cannot be read (" + err.Error() + ")"
		}
		c.log.problems[len(c.log.problems)-1].Msg += why
		return
	}
	c.log.remove(text)
	c.log.change("NHS.UK " + name + " macros made Markdown")
	o.write("\n\n"+md+"\n\n", n)
}

// macroMarkdown is the Markdown for a call of the NHS.UK macro name with
// the argument args, or "" if it has none.
func macroMarkdown(name string, args any) string {
	a, ok := args.(map[string]any)
	if !ok {
		return ""
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			if s, ok := a[k].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
		return ""
	}
	switch name {
	case "image":
		src := str("src")
		if src == "" {
			return ""
		}
		return imageMarkdown(str("alt"), src, str("caption"))
	case "card":
		heading, href, desc := str("heading"), str("href"), str("description", "descriptionHtml", "text", "html")
		if heading == "" && desc == "" {
			return ""
		}
		open := "::: card"
		if heading != "" {
			open += " " + linkOrText(heading, href)
		}
		return open + "\n" + desc + "\n:::"
	case "insetText":
		t := str("text", "html")
		if t == "" {
			return ""
		}
		return quoteBlock("[!NOTE]", t)
	case "warningCallout":
		t := str("text", "html")
		if t == "" {
			return ""
		}
		marker := "[!WARNING]"
		if h := str("heading", "label"); h != "" {
			marker += " " + h
		}
		return quoteBlock(marker, t)
	case "details":
		t := str("text", "html")
		s := str("summaryText", "summary", "summaryHtml")
		if t == "" || s == "" {
			return ""
		}
		return "::: details " + oneLine(s) + "\n" + t + "\n:::"
	case "button", "actionLink":
		t, href := str("text", "html"), str("href")
		if t == "" || href == "" {
			return ""
		}
		return "[" + t + "](" + href + ")"
	}
	return ""
}

// quoteBlock is a blockquote alert with the marker line and body.
func quoteBlock(marker, body string) string {
	var b strings.Builder
	b.WriteString("> " + marker)
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		b.WriteString("\n>")
		if !isBlank(l) {
			b.WriteString(" " + l)
		}
	}
	return b.String()
}

func linkOrText(text, href string) string {
	if href == "" {
		return oneLine(text)
	}
	return "[" + oneLine(text) + "](" + href + ")"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// imageMarkdown is a Markdown image, with its caption as the title (a
// figure caption in signpost) when it is one line of text, and as a
// paragraph after it otherwise.
func imageMarkdown(alt, src, caption string) string {
	img := "![" + escapeBrackets(oneLine(alt)) + "](" + destText(src)
	caption = strings.TrimSpace(caption)
	if caption != "" && !strings.Contains(caption, "\n") && !inlineMarkup(caption) {
		return img + " " + titleText(caption) + ")"
	}
	img += ")"
	if caption != "" {
		img += "\n\n" + caption
	}
	return img
}

// inlineMarkup reports whether s holds Markdown that a title, plain text,
// would show as written: links, code, strong emphasis, HTML. Such a caption
// is written as a paragraph after the image instead.
func inlineMarkup(s string) bool {
	for _, m := range []string{"](", "`", "**", "__", "<"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// titleText quotes s as a link title.
func titleText(s string) string {
	switch {
	case !strings.Contains(s, `"`):
		return `"` + s + `"`
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// destText writes a link destination, in angle brackets if it has spaces.
func destText(d string) string {
	if strings.ContainsAny(d, " \t()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(d) + ">"
	}
	return d
}

func escapeBrackets(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(s)
}

// quoteSnippet shows template code in the report: on one line, cut short.
func quoteSnippet(s string) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "…"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}
