// Package codestyle holds the Chroma styles that highlighted code can be
// coloured with, and parses one only when it is asked for.
//
// Chroma's own styles package parses every one of its styles, over 70
// XML files, when the program starts (about 9 ms, a sixtieth of a
// 1,000-page build), though a build uses one. The files here are copies
// of that package's, under Chroma's licence (styles/COPYING);
// TestSameAsChroma checks that they are the same styles, under the same
// names, as the Chroma signpost is built with. After upgrading Chroma,
// run go generate to copy them again.
package codestyle

//go:generate sh -c "cp \"$(go list -m -f '{{.Dir}}' github.com/alecthomas/chroma/v2)\"/styles/*.xml styles/ && chmod 644 styles/*.xml"

import (
	"embed"
	"io/fs"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

//go:embed styles/*.xml
var files embed.FS

// Fallback is the style Chroma uses for a name it does not know.
const Fallback = "swapoff"

// Get returns the style named name, in any case, as Chroma's styles.Get
// does, and whether there is one; each call parses its file.
func Get(name string) (*chroma.Style, bool) {
	f, err := files.Open(file(name))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	s, err := chroma.NewXMLStyle(f)
	if err != nil {
		return nil, false
	}
	return s, true
}

// Has reports whether there is a style named name, in any case.
func Has(name string) bool {
	_, err := fs.Stat(files, file(name))
	return err == nil
}

// Names returns the names of the styles, sorted, as Chroma's
// styles.Names does.
func Names() []string {
	entries, _ := fs.ReadDir(files, "styles")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".xml"))
	}
	// Sorted again: "a-b.xml" comes before "a.xml", "a" before "a-b".
	slices.Sort(names)
	return names
}

// file is the name of the style name's file: each is named after its
// style, in lower case.
func file(name string) string {
	name = strings.ToLower(name)
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return "styles/-" // no such file
	}
	return "styles/" + name + ".xml"
}
