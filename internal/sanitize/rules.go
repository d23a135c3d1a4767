package sanitize

import (
	"slices"
	"strings"

	"golang.org/x/net/html/atom"
)

// Element says what the sanitiser does with an HTML element, by its tag
// name: kept is false for an element it removes, and withContent true
// for one it removes together with everything inside it (a script, a
// video, a form control). An element that is removed without its content
// leaves its text. Other packages ask this rather than keep a list of
// their own (signpost import cleans raw HTML with it).
func Element(name string) (kept, withContent bool) {
	a := atom.Lookup([]byte(strings.ToLower(name)))
	if dropWithContent[a] {
		return false, true
	}
	_, ok := allowed[a]
	return ok, false
}

// Attribute reports whether the sanitiser keeps the attribute attr on the
// kept element name (an address it keeps only if its scheme is safe).
func Attribute(name, attr string) bool {
	a := atom.Lookup([]byte(strings.ToLower(name)))
	extra, ok := allowed[a]
	if !ok {
		return false
	}
	attr = strings.ToLower(attr)
	return slices.Contains(global, attr) || slices.Contains(extra, attr)
}
