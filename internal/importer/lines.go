package importer

import (
	"strings"
)

// line is one line of a page body while it is converted.
type line struct {
	text string
	// n is the line in the source file the text comes from, for the report.
	n int
	// code marks a line of fenced code (its fences included): it is kept
	// exactly as written, template syntax and all.
	code bool
	// fence marks the opening fence line of a code block.
	fence bool
}

// splitLines cuts a body into lines numbered from first.
func splitLines(body string, first int) []line {
	body = strings.TrimSuffix(body, "\n")
	if body == "" {
		return nil
	}
	parts := strings.Split(body, "\n")
	ls := make([]line, len(parts))
	for i, p := range parts {
		ls[i] = line{text: p, n: first + i}
	}
	return ls
}

// joinLines is the text of ls, each line ended by a newline.
func joinLines(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// isBlank reports whether s holds only spaces and tabs.
func isBlank(s string) bool { return strings.TrimLeft(s, " \t") == "" }

// quoteDepth returns the number of blockquote markers (">") at the start
// of s and the text after them.
func quoteDepth(s string) (int, string) {
	d := 0
	for {
		t := strings.TrimLeft(s, " ")
		if len(s)-len(t) > 3 || !strings.HasPrefix(t, ">") {
			return d, s
		}
		s = strings.TrimPrefix(t[1:], " ")
		d++
	}
}

// fenceOpen reports whether s, after blockquote markers and any
// indentation, opens a fenced code block, and returns its fence character
// and length. Indentation is allowed at any depth so that fences inside
// MkDocs admonitions and list items are found too.
func fenceOpen(s string) (byte, int, bool) {
	_, s = quoteDepth(s)
	s = strings.TrimLeft(s, " \t")
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return 0, 0, false
	}
	c := s[0]
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	if n < 3 {
		return 0, 0, false
	}
	if c == '`' && strings.Contains(s[n:], "`") {
		return 0, 0, false // an inline code span, not a fence
	}
	return c, n, true
}

// fenceClose reports whether s closes a fence of character c and length n.
func fenceClose(s string, c byte, n int) bool {
	_, s = quoteDepth(s)
	s = strings.TrimSpace(s)
	if len(s) < n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			return false
		}
	}
	return true
}

// markCode marks the lines of fenced code blocks. A fence inside a
// blockquote ends when the blockquote does. An unclosed fence runs to the
// end of the body, as in CommonMark.
func markCode(ls []line) {
	for i := range ls {
		ls[i].code, ls[i].fence = false, false
	}
	for i := 0; i < len(ls); i++ {
		c, n, ok := fenceOpen(ls[i].text)
		if !ok {
			continue
		}
		depth, rest := quoteDepth(ls[i].text)
		fi, _ := indentOf(rest)
		ls[i].code, ls[i].fence = true, true
		for i+1 < len(ls) {
			d, r := quoteDepth(ls[i+1].text)
			if d < depth {
				break
			}
			// A fence inside a list item or an indented block ends with
			// it: at a line indented less than the fence.
			if w, _ := indentOf(r); fi >= 2 && !isBlank(r) && w < fi {
				break
			}
			i++
			ls[i].code = true
			if fenceClose(ls[i].text, c, n) {
				break
			}
		}
	}
}

// indentOf returns the width of the leading whitespace of s, a tab
// counting as four columns, and the rest of s.
func indentOf(s string) (int, string) {
	w := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w, s[i:]
		}
	}
	return w, ""
}

// dedent removes n columns of leading whitespace from s, or all of it if
// it has less.
func dedent(s string, n int) string {
	w := 0
	for i := 0; i < len(s); i++ {
		if w >= n {
			return s[i:]
		}
		switch s[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
			if w > n {
				return strings.Repeat(" ", w-n) + s[i+1:]
			}
		default:
			return s[i:]
		}
	}
	return ""
}

// collapseBlank removes blank lines at the start and end and turns runs of
// blank lines outside code into one.
func collapseBlank(ls []line) []line {
	out := ls[:0:0]
	for i, l := range ls {
		if !l.code && strings.Contains(l.text, ">") && strings.Trim(l.text, "> \t") == "" {
			l.text = strings.TrimRight(l.text, " \t") // an empty line of a quote
		}
		if !l.code && isBlank(l.text) {
			if len(out) == 0 {
				continue
			}
			// Two blank lines keep a paragraph from being the term of a
			// definition line after them.
			if last := out[len(out)-1]; !last.code && isBlank(last.text) && !(beforeDefinition(ls, i) && len(out) > 1 && mayBeTerm(out[len(out)-2])) {
				continue
			}
			l.text = ""
		}
		out = append(out, l)
	}
	for len(out) > 0 && !out[len(out)-1].code && isBlank(out[len(out)-1].text) {
		out = out[:len(out)-1]
	}
	return out
}

// mayBeTerm reports whether l could be read as the term of a definition.
func mayBeTerm(l line) bool {
	return !l.code && !isBlank(l.text) && !startsBlock(l.text) && !deflistRe.MatchString(l.text)
}
