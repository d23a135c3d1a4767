package minify

import "bytes"

// JS returns the script src without its comment lines, blank lines and the
// white space at the start and end of each line. Line breaks between the
// lines kept are kept, so automatic semicolon insertion reads the script as
// before.
//
// It works a line at a time and removes only what must be a comment: a
// line whose first characters are // or /* (a regular expression cannot
// start with either, and a line cannot start inside a string unless it is
// a template literal or a continued string). A script with a template
// literal, a string continued over lines, or a /* that could open a comment
// after code on its line is returned as it is, rather than risk changing
// what it means. A /* … */ comment ending on a line with code after it
// keeps that code.
func JS(src []byte) []byte {
	if bytes.IndexByte(src, '`') >= 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	inComment := false
	for line := range bytes.Lines(src) {
		line = bytes.TrimRight(line, "\r\n")
		if bytes.HasSuffix(line, []byte{'\\'}) {
			return src
		}
		t := bytes.TrimSpace(line)
		for {
			if inComment {
				end := bytes.Index(t, []byte("*/"))
				if end < 0 {
					t = nil
					break
				}
				t, inComment = bytes.TrimSpace(t[end+2:]), false
				continue
			}
			if bytes.HasPrefix(t, []byte("/*")) {
				t, inComment = t[2:], true
				continue
			}
			break
		}
		if len(t) == 0 || bytes.HasPrefix(t, []byte("//")) {
			continue
		}
		if open := bytes.Index(t, []byte("/*")); open >= 0 && !bytes.Contains(t[open:], []byte("*/")) {
			// A comment may start here and run over the lines below, or
			// this is /* inside a string or pattern: either way, the
			// lines below cannot be read a line at a time.
			return src
		}
		out = append(out, t...)
		out = append(out, '\n')
	}
	if inComment {
		return src // an unclosed comment: leave it to the browser to refuse
	}
	return out
}
