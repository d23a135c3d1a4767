package check

import (
	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
)

// CodeNoAlt is the code of an image without alt text.
const CodeNoAlt = "image-no-alt"

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
			l.Warnf(diag.Pos{File: d.File, Line: link.Line}, CodeNoAlt, "image %s has no alt text", link.Dest)
			l.Hint(`say what the image shows between the brackets, ![A ward team at work](%s); if it is only decoration, write ![""](%s)`, link.Dest, link.Dest)
		}
	}
	return l
}
