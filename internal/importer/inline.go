package importer

import (
	"regexp"
	"strings"
)

var (
	attrToken = `(?:[.#][A-Za-z_][\w-]*|[A-Za-z_][\w-]*=(?:"[^"]*"|'[^']*'|[^\s}"']+))`
	// An attribute list of markdown-it-attrs or Python-Markdown attr_list:
	// { .class }, {: .class #id key=value }, {.class}.
	attrListRe  = regexp.MustCompile(`[ \t]*\{:?[ \t]*(` + attrToken + `(?:[ \t]+` + attrToken + `)*)[ \t]*\}`)
	headingRe   = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]`)
	iconRe      = regexp.MustCompile(`:(?:material|octicons|fontawesome|simple)-[a-z0-9-]+:(?:\{[^}\n]*\})?[ \t]?`)
	refDefRe    = regexp.MustCompile(`^( {0,3}\[[^\]^][^\]]*\]:[ \t]*)(<[^>]*>|\S+)`)
	htmlBlockRe = regexp.MustCompile(`(?i)^ {0,3}<(?:!--|/?(?:address|article|aside|blockquote|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|iframe|legend|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|script|style)(?:[\s/>]|$))`)
	// An HTML tag with the markdown attribute holds Markdown (MkDocs's
	// md_in_html).
	mdInHTMLRe = regexp.MustCompile(`^[ \t]*<[A-Za-z][^>]*\smarkdown(?:=["']?[a-z1]*["']?)?[\s>]`)
	rawHTMLRe  = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--`)
)

// linker rewrites the destination of a link or image in a page.
type linker interface {
	// link returns what to write instead of dest, and whether it changed.
	link(dest string, image bool, n int, log *fileLog) (string, bool)
}

// syntax removes, from every prose line, the inline syntax signpost has
// no use for: attribute lists, icon shortcodes; and makes emoji shortcodes
// emoji. It runs before the block conversions, so what it leaves is what
// they see.
func (c *converter) syntax(ls []line) {
	for k := range ls {
		l := &ls[k]
		if l.code {
			if l.fence {
				l.text = c.fenceInfo(l.text)
			}
			if c.dialect == Eleventy && strings.Contains(l.text, "raw %}") {
				l.text = c.unwrapRaw(l.text)
			}
			continue
		}
		if isBlank(l.text) {
			continue
		}
		// (Lines of HTML blocks too: a block the import turns into
		// Markdown holds Markdown after it.)
		s := outsideCode(l.text, func(seg string) string {
			if strings.Contains(seg, ":") {
				seg = c.removeIcons(seg)
				seg = c.replaceEmoji(seg)
			}
			return seg
		})
		if t := c.attrListsAll(s); t != s {
			s = t
			if isBlank(s) || emptyHeadingRe.MatchString(s) || containerCloseRe.MatchString(s) || closedAdmonitionEndRe.MatchString(s) {
				s = "" // nothing was left but the attributes
			}
		}
		if kind := hackLine(s); kind != "" && !beforeDefinition(ls, k) {
			// (Removed before a definition line, it would make the
			// paragraph above that definition's term.)
			c.log.remove(s)
			c.log.change(kind)
			s = ""
		}
		l.text = s
	}
}

// hackLine says what a line that only works around the old generator is,
// or "" for any other line.
func hackLine(t string) string {
	switch {
	case tocRe.MatchString(t):
		return "[[toc]] markers removed (signpost adds a Contents list to long pages)"
	case commentLinkRe.MatchString(t):
		return "[comment]: <> lines removed"
	case emptyHeadingRe.MatchString(t):
		return "empty # headings removed"
	}
	return ""
}

// inline rewrites the link destinations of every prose line outside HTML
// blocks, and notes whether raw HTML is left.
func (c *converter) inline(ls []line) {
	inHTML := false
	for k := range ls {
		l := &ls[k]
		if l.code || isBlank(l.text) {
			inHTML = false
			continue
		}
		if !inHTML && htmlBlockRe.MatchString(l.text) {
			inHTML = true
		}
		if rawHTMLRe.MatchString(l.text) {
			c.rawHTML = true
		}
		if inHTML {
			continue
		}
		if strings.Contains(l.text, "](") {
			l.text = c.fixLinks(l.text, l.n)
		}
		if c.linker != nil {
			l.text = c.links(l.text, l.n)
		}
	}
}

var rawTagRe = regexp.MustCompile(`\{%-?\s*(?:end)?raw\s*-?%\}`)

// unwrapRaw removes {% raw %} and {% endraw %} from code: they kept
// Nunjucks from running the code's template syntax, which signpost never
// runs.
func (c *converter) unwrapRaw(s string) string {
	return rawTagRe.ReplaceAllStringFunc(s, func(m string) string {
		c.log.remove(m)
		c.log.change("Nunjucks {% raw %} tags in code removed (signpost shows code as written)")
		return ""
	})
}

// fenceInfo removes an attribute list from a code fence's info string
// ("```md { .nhsuk-code--button }").
func (c *converter) fenceInfo(s string) string {
	for range 10 {
		loc := attrListRe.FindStringIndex(s)
		if loc == nil {
			break
		}
		c.log.remove(s[loc[0]:loc[1]])
		c.log.change("attribute lists ({ .class }) removed")
		s = s[:loc[0]] + s[loc[1]:]
	}
	return s
}

// replaceEmoji makes the GitHub emoji shortcodes in s emoji. A colon that
// ends a name that is not an emoji may start the next one.
func (c *converter) replaceEmoji(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9' || s[j] == '_' || s[j] == '+' || s[j] == '-') {
			j++
		}
		if j >= len(s) || s[j] != ':' || j == i+1 {
			continue
		}
		e, ok := emoji[s[i+1:j]]
		if !ok {
			i = j - 1
			continue
		}
		c.log.remove(s[i : j+1])
		c.log.change("emoji shortcodes (:name:) made emoji")
		b.WriteString(s[last:i])
		b.WriteString(e)
		last = j + 1
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// removeIcons removes Material icon shortcodes, with the space between an
// icon and the end of a link's text.
func (c *converter) removeIcons(s string) string {
	locs := iconRe.FindAllStringIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		start, end := loc[0], loc[1]
		c.log.remove(s[start:end])
		c.log.change("icon shortcodes (:material-…:) removed")
		pre := s[last:start]
		if end == len(s) || s[end] == ']' {
			pre = strings.TrimRight(pre, " \t")
		}
		b.WriteString(pre)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// attrListsAll removes attribute lists until none is left, since removing
// one can join the text around it into another.
func (c *converter) attrListsAll(s string) string {
	for range 10 {
		t := c.attrLists(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// attrLists removes attribute lists, keeping an {#id} at the end of a
// heading, which signpost reads.
func (c *converter) attrLists(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	heading := headingRe.MatchString(s)
	return outsideCode(s, func(seg string) string {
		return attrListRe.ReplaceAllStringFunc(seg, func(m string) string {
			id := ""
			if heading {
				for _, tok := range strings.Fields(strings.Trim(strings.TrimSpace(m), "{}:")) {
					if strings.HasPrefix(tok, "#") {
						id = tok
					}
				}
			}
			if id != "" {
				if strings.TrimSpace(m) == "{"+id+"}" {
					return m
				}
				c.log.remove(m)
				c.log.change("attribute lists ({ .class }) removed")
				return " {" + id + "}"
			}
			c.log.remove(m)
			c.log.change("attribute lists ({ .class }) removed")
			return ""
		})
	})
}

// outsideCode applies f to the parts of s outside inline code spans.
func outsideCode(s string, f func(string) string) string {
	if !strings.Contains(s, "`") {
		return f(s)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		end := codeSpanEnd(s, i)
		if end == i+backticks(s, i) {
			i = end // an unclosed run is text
			continue
		}
		b.WriteString(f(s[last:i]))
		b.WriteString(s[i:end])
		last, i = end, end
	}
	b.WriteString(f(s[last:]))
	return b.String()
}

func backticks(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	return n
}

// codeMask marks the bytes of s inside inline code spans.
func codeMask(s string) []bool {
	if !strings.Contains(s, "`") {
		return nil
	}
	mask := make([]bool, len(s))
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		end := codeSpanEnd(s, i)
		if end != i+backticks(s, i) {
			for k := i; k < end; k++ {
				mask[k] = true
			}
		}
		i = end
	}
	return mask
}

// fixLinks mends what the old generator read as a link and signpost
// would not, or would report: spaces before the closing parenthesis
// (which markdown-it allows), and an address in a second pair of
// parentheses, [text]((https://…)). Text written as a link whose address
// has spaces was not a link on the old site either: its "(" is escaped so
// that it stays text, as it was, and the report lists it.
func (c *converter) fixLinks(s string, n int) string {
	mask := codeMask(s)
	pairs := bracketPairs(s)
	var b strings.Builder
	last := 0
	for k := 0; k+1 < len(s); k++ {
		if s[k] != ']' || s[k+1] != '(' || (mask != nil && mask[k]) || pairs[k] < 0 {
			continue
		}
		closeAt := parenEnd(s, k+1)
		if closeAt < 0 {
			continue
		}
		ds, de, ok := destSpan(s, k+2)
		if ok && de > closeAt {
			continue // an address in angle brackets holding a ")"
		}
		switch {
		case !ok:
			inner := s[k+2 : closeAt]
			if strings.TrimSpace(inner) == "" || !strings.ContainsAny(strings.TrimSpace(inner), " \t") || strings.ContainsAny(inner, "<>()[]\\\"'") {
				continue
			}
			b.WriteString(s[last : k+1])
			b.WriteString(`\(`)
			last = k + 2
			c.log.change("text written as a link with spaces in its address kept as text, as the old site showed it")
			c.log.problem(n, groupLinks, "%s is not a link, since its address has spaces, so the old site showed it as text too; it is kept as text: write the address without spaces to make it a link", quoteSnippet(s[pairs[k]:closeAt+1]))
		case isBlank(s[de:closeAt]) && de < closeAt:
			b.WriteString(s[last:de])
			last = closeAt
			c.log.change("spaces before a link's closing parenthesis removed")
		}
		if ok {
			raw := s[ds:de]
			if strings.HasPrefix(raw, "(") && strings.HasSuffix(raw, ")") && absoluteURL(raw[1:len(raw)-1]) && ds >= last {
				b.WriteString(s[last:ds])
				b.WriteString(raw[1 : len(raw)-1])
				last = de
				c.log.remove("()")
				c.log.change("addresses in two pairs of parentheses, [text]((https://…)), mended")
				c.log.problem(n, groupLinks, "the link to %s had its address in two pairs of parentheses, so it was broken on the old site; the extra pair is removed", raw)
			}
		}
		k = closeAt
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// parenEnd is the index of the ")" that closes the "(" at i, on the same
// line, or -1.
func parenEnd(s string, i int) int {
	depth := 0
	for k := i; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

func absoluteURL(s string) bool {
	for _, p := range []string{"https://", "http://", "mailto:"} {
		if strings.HasPrefix(strings.ToLower(s), p) && !strings.ContainsAny(s, " \t") {
			return true
		}
	}
	return false
}

// links rewrites the destinations of the links, images and reference
// definitions on one line.
func (c *converter) links(s string, n int) string {
	if m := refDefRe.FindStringSubmatchIndex(s); m != nil {
		dest := s[m[4]:m[5]]
		if nd, ok := c.linker.link(unbracket(dest), false, n, &c.log); ok {
			c.log.remove(dest)
			return s[:m[4]] + destText(nd) + s[m[5]:]
		}
		return s
	}
	if !strings.Contains(s, "](") {
		return s
	}
	mask := codeMask(s)
	pairs := bracketPairs(s)
	var b strings.Builder
	last := 0
	for k := 0; k+1 < len(s); k++ {
		if s[k] != ']' || s[k+1] != '(' || (mask != nil && mask[k]) || (k > 0 && s[k-1] == '\\') {
			continue
		}
		open := pairs[k]
		if open < 0 {
			continue
		}
		ds, de, ok := destSpan(s, k+2)
		if !ok {
			continue
		}
		raw := s[ds:de]
		image := open > 0 && s[open-1] == '!'

		nd, changed := c.linker.link(unbracket(raw), image, n, &c.log)
		if !changed {
			continue
		}
		c.log.remove(raw)
		b.WriteString(s[last:ds])
		b.WriteString(destText(nd))
		last = de
		k = de - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// destSpan finds the destination of an inline link whose "(" is just
// before i: its start and end in s.
func destSpan(s string, i int) (int, int, bool) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) {
		return 0, 0, false
	}
	if s[i] == '<' {
		end := strings.IndexByte(s[i:], '>')
		if end < 0 || !linkTail(s, i+end+1) {
			return 0, 0, false
		}
		return i, i + end + 1, true
	}
	depth := 0
	j := i
	for ; j < len(s); j++ {
		ch := s[j]
		if ch == '\\' && j+1 < len(s) {
			j++
			continue
		}
		if ch == ' ' || ch == '\t' {
			break
		}
		if ch == '(' {
			depth++
		}
		if ch == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
	}
	if j == i || !linkTail(s, j) {
		return 0, 0, false
	}
	return i, j, true
}

// linkTail reports whether what follows a link destination at i is an
// optional title and the closing ")", as CommonMark requires.
func linkTail(s string, i int) bool {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) {
		return true // the title may go on to the next line
	}
	if s[i] == ')' {
		return true
	}
	close := byte(0)
	switch s[i] {
	case '"':
		close = '"'
	case '\'':
		close = '\''
	case '(':
		close = ')'
	default:
		return false
	}
	for k := i + 1; k < len(s); k++ {
		if s[k] == '\\' {
			k++
			continue
		}
		if s[k] == close {
			rest := strings.TrimLeft(s[k+1:], " \t")
			return rest == "" || rest[0] == ')'
		}
	}
	return true
}

// bracketPairs maps the index of each "]" in s to the index of the
// unescaped "[" it closes, or -1.
func bracketPairs(s string) []int {
	pairs := make([]int, len(s))
	var stack []int
	for j := 0; j < len(s); j++ {
		pairs[j] = -1
		switch s[j] {
		case '\\':
			j++
			if j < len(s) {
				pairs[j] = -1
			}
		case '[':
			stack = append(stack, j)
		case ']':
			if len(stack) > 0 {
				pairs[j] = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		}
	}
	return pairs
}

// emoji maps the GitHub emoji shortcodes used in knowledge bases (as
// markdown-it-emoji and pymdownx.emoji render them) to their characters.
var emoji = map[string]string{
	"+1": "👍", "-1": "👎", "100": "💯", "bulb": "💡", "calendar": "📆", "chart_with_upwards_trend": "📈",
	"check": "✔️", "heavy_check_mark": "✔️", "white_check_mark": "✅", "x": "❌", "question": "❓",
	"exclamation": "❗", "warning": "⚠️", "no_entry": "⛔", "no_entry_sign": "🚫", "wrench": "🔧",
	"hammer": "🔨", "seedling": "🌱", "memo": "📝", "pencil": "📝", "pencil2": "✏️", "book": "📖",
	"books": "📚", "bookmark": "🔖", "rocket": "🚀", "star": "⭐", "sparkles": "✨", "tada": "🎉",
	"smile": "😄", "smiley": "😃", "grinning": "😀", "slightly_smiling_face": "🙂", "wink": "😉",
	"thinking": "🤔", "heart": "❤️", "fire": "🔥", "eyes": "👀", "wave": "👋", "clap": "👏",
	"muscle": "💪", "pray": "🙏", "point_right": "👉", "point_left": "👈", "point_up": "☝️",
	"point_down": "👇", "raised_hands": "🙌", "lock": "🔒", "unlock": "🔓", "key": "🔑", "link": "🔗",
	"mag": "🔍", "email": "📧", "envelope": "✉️", "phone": "☎️", "computer": "💻", "gear": "⚙️",
	"bug": "🐛", "construction": "🚧", "information_source": "ℹ️", "heavy_plus_sign": "➕",
	"heavy_minus_sign": "➖", "arrow_right": "➡️", "arrow_left": "⬅️", "arrow_up": "⬆️",
	"arrow_down": "⬇️", "red_circle": "🔴", "green_circle": "🟢", "yellow_circle": "🟡",
	"large_blue_circle": "🔵", "white_circle": "⚪", "black_circle": "⚫", "hourglass": "⌛",
	"stopwatch": "⏱️", "clock1": "🕐", "date": "📅", "pushpin": "📌", "paperclip": "📎",
	"clipboard": "📋", "file_folder": "📁", "open_file_folder": "📂", "page_facing_up": "📄",
	"speech_balloon": "💬", "loudspeaker": "📢", "mega": "📣", "bell": "🔔", "trophy": "🏆",
	"dart": "🎯", "zap": "⚡", "boom": "💥", "recycle": "♻️", "hospital": "🏥", "pill": "💊",
	"syringe": "💉", "stethoscope": "🩺", "ambulance": "🚑", "busts_in_silhouette": "👥",
	"bust_in_silhouette": "👤", "people_holding_hands": "🧑‍🤝‍🧑", "handshake": "🤝", "thumbsup": "👍",
	"thumbsdown": "👎", "ok_hand": "👌", "raising_hand": "🙋", "man_technologist": "👨‍💻",
	"woman_technologist": "👩‍💻", "robot": "🤖", "package": "📦", "shield": "🛡️", "scroll": "📜",
}
