package server

import (
	"bytes"
	"path"
	"strings"
)

// isHTML reports whether the file name is served as an HTML page.
func isHTML(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// inject returns page with tag inserted just before its last closing body
// tag (matched in any letter case), or appended when it has none. It always
// returns a new slice, leaving page unmodified.
func inject(page, tag []byte) []byte {
	i := lastBodyClose(page)
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastBodyClose returns the index of the last "</body" in p that is
// followed by '>', white space or the end of p; or -1.
func lastBodyClose(p []byte) int {
	end := len(p)
	for {
		i := bytes.LastIndex(p[:end], []byte("</"))
		if i < 0 {
			return -1
		}
		if rest := p[i+2:]; len(rest) >= 4 && bytes.EqualFold(rest[:4], []byte("body")) &&
			(len(rest) == 4 || bytes.IndexByte([]byte(">\t\n\f\r /"), rest[4]) >= 0) {
			return i
		}
		end = i
	}
}
