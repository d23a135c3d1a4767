package minify

import "bytes"

// CSS returns the stylesheet src as browsers read it, with what only
// its authors read taken out: comments, indentation and line breaks, the
// spaces around braces, semicolons, commas and child combinators and after
// colons (a selector never has a space after its colon, and a declaration
// or media feature needs none), and the last semicolon of each block. Strings are kept as written.
// It is not a full CSS parser and does not try to be: it never changes
// what a rule means, only the white space between its tokens. Pages load
// the published stylesheet on every first visit, so its bytes count
// against the page weight budget.
func CSS(src []byte) []byte {
	out := make([]byte, 0, len(src))
	// tight reports whether c needs no space on either side.
	tight := func(c byte) bool {
		switch c {
		case '{', '}', ';', ',', '>':
			return true
		}
		return false
	}
	space := false // white space seen since the last byte written
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return out
			}
			i += end + 3
			space = true
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			space = true
			continue
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j, len(src)-1)
			if space && len(out) > 0 && !tight(out[len(out)-1]) && out[len(out)-1] != ':' {
				out = append(out, ' ')
			}
			out = append(out, src[i:j+1]...)
			i, space = j, false
			continue
		}
		if c == '}' && len(out) > 0 && out[len(out)-1] == ';' {
			out = out[:len(out)-1]
		}
		if space && len(out) > 0 && !tight(c) && !tight(out[len(out)-1]) && out[len(out)-1] != ':' {
			out = append(out, ' ')
		}
		out = append(out, c)
		space = false
	}
	return out
}
