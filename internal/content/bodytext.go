package content

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a page without a title or summary in its front matter takes from
// its body: the text of its first "# " heading, and of its first
// paragraph. These are found by reading the body line by line, as
// CommonMark would read its blocks, without rendering it (markdown does
// that): fenced code, containers, quotes, lists, tables and HTML are
// passed over.

// MaxSummary is the length, in characters, beyond which a summary taken
// from a page's first paragraph is cut, at a word, with an ellipsis: lists
// and search results show it, and a meta description is read to about
// this length.
const MaxSummary = 240

// heading is an ATX heading of level 1 found in a body.
type heading struct {
	text  string
	line  int  // 0-based line of the body; -1 when there is none
	first bool // nothing but blank lines, comments and link definitions before it
}

// atxH1 returns the text of a level-1 ATX heading, and whether l is one:
// up to three spaces, one #, then a space or the end of the line, and an
// optional closing run of #.
func atxH1(l []byte) ([]byte, bool) {
	i := 0
	for i < len(l) && i < 3 && l[i] == ' ' {
		i++
	}
	if i == len(l) || l[i] != '#' {
		return nil, false
	}
	i++
	if i < len(l) && l[i] != ' ' && l[i] != '\t' {
		return nil, false // ## or #text
	}
	text := bytes.TrimSpace(l[i:])
	if t := bytes.TrimRight(text, "#"); len(t) < len(text) && (len(t) == 0 || t[len(t)-1] == ' ' || t[len(t)-1] == '\t') {
		text = bytes.TrimSpace(t)
	}
	return text, true
}

// headingAttrs matches the attributes a heading may end with: {#id .class}.
var headingAttrs = regexp.MustCompile(`\s*\{[^{}]*\}\s*$`)

// firstHeading returns the body's first level-1 heading with text.
func firstHeading(body []byte) heading {
	first := true
	var sc lineScanner
	for i := 0; len(body) > 0; i++ {
		var l []byte
		l, body, _ = bytes.Cut(body, []byte("\n"))
		if sc.skip(l) {
			if len(bytes.TrimSpace(l)) > 0 {
				first = false
			}
			continue
		}
		t := bytes.TrimSpace(l)
		if m, ok := atxH1(l); ok {
			text := inlineText(headingAttrs.ReplaceAllString(string(m), ""))
			if text != "" {
				return heading{text: text, line: i, first: first}
			}
			continue // an empty heading: not a title
		}
		if first && len(t) > 0 && !ignorable(t) {
			first = false
		}
	}
	return heading{line: -1}
}

// ignorable reports whether a trimmed line of Markdown shows nothing: a
// link reference definition, [label]: destination (and the
// "[comment]: <> (…)" idiom built on it), or a one-line HTML comment.
func ignorable(t []byte) bool {
	if bytes.HasPrefix(t, []byte("<!--")) && bytes.HasSuffix(t, []byte("-->")) {
		return true
	}
	if len(t) < 4 || t[0] != '[' {
		return false
	}
	end := bytes.IndexByte(t, ']')
	return end > 1 && end+1 < len(t) && t[end+1] == ':' && bytes.IndexByte(t[1:end], '[') < 0
}

// firstParagraph returns the plain text of the body's first paragraph,
// cut to MaxSummary characters, or "".
func firstParagraph(body []byte) string {
	var sc lineScanner
	var para []string
	size := 0
	for len(body) > 0 && size < maxParagraphScan {
		var l []byte
		l, body, _ = bytes.Cut(body, []byte("\n"))
		if sc.skip(l) {
			if len(para) > 0 {
				break
			}
			continue
		}
		t := bytes.TrimSpace(l)
		if len(t) == 0 || !prose(l) {
			if len(para) > 0 {
				break
			}
			continue
		}
		if len(t) > maxParagraphScan {
			t = t[:maxParagraphScan]
		}
		para = append(para, string(t))
		size += len(t)
	}
	return clip(inlineText(strings.ToValidUTF8(strings.Join(para, " "), "")), MaxSummary)
}

// maxParagraphScan bounds the bytes of a first paragraph read for a
// summary: far more than MaxSummary characters with their markup.
const maxParagraphScan = 16 * MaxSummary

// prose reports whether a line of Markdown, outside any fence, is the
// text of a paragraph rather than the start of another kind of block.
func prose(l []byte) bool {
	if len(l)-len(bytes.TrimLeft(l, " ")) >= 4 || l[0] == '\t' {
		return false // indented code
	}
	t := bytes.TrimSpace(l)
	switch t[0] {
	case '#', '>', '|', '<', '{':
		return false
	case '-', '+', '*':
		// A list item, or a thematic break (or a setext underline).
		return len(t) > 1 && t[1] != ' ' && t[1] != '\t' && len(bytes.Trim(t, string(t[:1])+" ")) > 0
	case '_', '=':
		return len(bytes.Trim(t, string(t[:1])+" ")) > 0
	case '$':
		return !bytes.HasPrefix(t, []byte("$$"))
	case '!':
		// An image is not prose; an admonition (!!!) is not either.
		return false
	case '[':
		// A link reference definition, a footnote, a linked image.
		return !ignorable(t) && !bytes.HasPrefix(t, []byte("[^")) && !bytes.HasPrefix(t, []byte("[!["))
	}
	return !orderedItem(t) && !bytes.HasPrefix(t, []byte("???"))
}

// orderedItem reports whether a trimmed line starts an ordered list item:
// up to nine digits, "." or ")", then a space or the end of the line.
func orderedItem(t []byte) bool {
	n := 0
	for n < len(t) && n < 10 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n == 0 || n > 9 || n == len(t) || t[n] != '.' && t[n] != ')' {
		return false
	}
	return n+1 == len(t) || t[n+1] == ' ' || t[n+1] == '\t'
}

// lineScanner follows the fenced blocks of a body, line by line: code
// fences, ::: containers and HTML comments, whose lines are not headings
// or paragraphs of the page itself.
type lineScanner struct {
	fence     string // the code fence open, "```" or "~~~~"
	colons    int    // ::: containers open
	inComment bool
}

// skip reports whether line l is inside, or opens or closes, a fenced
// block.
func (s *lineScanner) skip(l []byte) bool {
	t := bytes.TrimSpace(l)
	switch {
	case s.inComment:
		if bytes.Contains(t, []byte("-->")) {
			s.inComment = false
		}
		return true
	case s.fence != "":
		if f := codeFence(t); f != "" && f[0] == s.fence[0] && len(f) >= len(s.fence) && len(bytes.Trim(t, f[:1])) == 0 {
			s.fence = ""
		}
		return true
	}
	if f := codeFence(t); f != "" {
		s.fence = f
		return true
	}
	if bytes.HasPrefix(t, []byte(":::")) {
		if len(bytes.Trim(t, ": ")) == 0 {
			if s.colons > 0 {
				s.colons--
			}
		} else {
			s.colons++
		}
		return true
	}
	if bytes.HasPrefix(t, []byte("<!--")) && !bytes.Contains(t, []byte("-->")) {
		s.inComment = true
		return true
	}
	return s.colons > 0
}

// Inline Markdown, reduced to its text.
var (
	inlineImage   = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]`)
	inlineLink    = regexp.MustCompile(`\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])`)
	footnoteRef   = regexp.MustCompile(`\[\^[^\]]+\]`)
	autoLink      = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	htmlTag       = regexp.MustCompile(`</?[A-Za-z][^<>]*>|<!--.*?-->`)
	attrList      = regexp.MustCompile(`\{[:#.][^{}]*\}`)
	strongOrEm    = regexp.MustCompile(`\*\*|__|~~|\*`)
	underscoreEm  = regexp.MustCompile(`(^|[\s\p{P}])_+|_+([\s\p{P}]|$)`)
	backslashEsc  = regexp.MustCompile(`\\([!-/:-@\[-` + "`" + `{-~])`)
	codeSpanTicks = regexp.MustCompile("`+")
)

// inlineText returns the text of a line of inline Markdown: links and
// images as their text, code spans as their code, emphasis, HTML tags,
// attribute lists and footnote references left out.
func inlineText(s string) string {
	if !strings.ContainsAny(s, "[]()<>*_~`\\{}!") {
		return strings.Join(strings.Fields(s), " ")
	}
	// Code spans first: what is inside them is not markup.
	var b strings.Builder
	rest := s
	for {
		loc := codeSpanTicks.FindStringIndex(rest)
		if loc == nil {
			b.WriteString(stripMarkup(rest))
			break
		}
		ticks := rest[loc[0]:loc[1]]
		end := strings.Index(rest[loc[1]:], ticks)
		if end < 0 {
			b.WriteString(stripMarkup(rest[:loc[1]]))
			rest = rest[loc[1]:]
			continue
		}
		b.WriteString(stripMarkup(rest[:loc[0]]))
		b.WriteString(strings.TrimSpace(rest[loc[1] : loc[1]+end]))
		rest = rest[loc[1]+end+len(ticks):]
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// stripMarkup removes the inline markup of text with no code spans.
func stripMarkup(s string) string {
	s = inlineImage.ReplaceAllString(s, "$1$2")
	s = footnoteRef.ReplaceAllString(s, "")
	for range 3 { // a link inside a link's text: [[x](y)](z)
		t := inlineLink.ReplaceAllString(s, "$1")
		if t == s {
			break
		}
		s = t
	}
	s = autoLink.ReplaceAllString(s, "$1")
	s = htmlTag.ReplaceAllString(s, "")
	s = attrList.ReplaceAllString(s, "")
	s = strongOrEm.ReplaceAllString(s, "")
	s = underscoreEm.ReplaceAllString(s, "$1$2")
	s = backslashEsc.ReplaceAllString(s, "$1")
	if strings.HasSuffix(s, "\\") {
		s = strings.TrimSuffix(s, "\\") // a hard line break
	}
	return strings.ReplaceAll(s, "&nbsp;", " ")
}

// clip cuts s to at most n characters, at the end of a word, with an
// ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, count := 0, 0
	for i := range s {
		if count == n {
			cut = i
			break
		}
		count++
	}
	if sp := strings.LastIndexFunc(s[:cut], unicode.IsSpace); sp > n/2 {
		cut = sp
	}
	return strings.TrimRightFunc(s[:cut], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// withoutLine returns a copy of body with line i (0-based) emptied, its
// line break kept, so that every other line keeps its number.
func withoutLine(body []byte, i int) []byte {
	start := 0
	for ; i > 0; i-- {
		n := bytes.IndexByte(body[start:], '\n')
		if n < 0 {
			return body
		}
		start += n + 1
	}
	end := len(body)
	if n := bytes.IndexByte(body[start:], '\n'); n >= 0 {
		end = start + n
	}
	out := make([]byte, 0, len(body)-(end-start))
	out = append(out, body[:start]...)
	return append(out, body[end:]...)
}
