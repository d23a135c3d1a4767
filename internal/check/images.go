package check

import (
	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
)

// Images reports the images that have no alt text and are not marked
// decorative: a screen reader says nothing of them, or reads out the
// file name.
func Images(inv *build.Inventory) diag.List {
	var l diag.List
	for _, d := range inv.Docs {
		for _, link := range d.Links {
			if !link.Image || !link.NoAlt {
				continue
			}
			l.Warnf(diag.Pos{File: d.File, Line: link.Line}, diag.CodeImageNoAlt, "image %s has no alt text", link.Dest)
			l.Hint(`say what the image shows between the brackets, ![A ward team at work](%s); if it is only decoration, write ![""](%s)`, link.Dest, link.Dest)
		}
	}
	return l
}
