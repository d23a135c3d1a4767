// Package themes carries signpost's default theme inside the binary, so an
// installed signpost needs no theme files on disk. A site overrides any of
// its files from its own themes/nhs/ folder.
//
// It owns the embedded files only: how a theme is layered and rendered is
// the render package's.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed nhs
var embedded embed.FS

// Default is the name of the embedded theme.
const Default = "nhs"

// Embedded returns the files of the embedded theme named name (templates/
// and static/ at its root), and false if there is no such theme.
func Embedded(name string) (fs.FS, bool) {
	if name != Default {
		return nil, false
	}
	sub, err := fs.Sub(embedded, name)
	if err != nil {
		return nil, false
	}
	return sub, true
}
