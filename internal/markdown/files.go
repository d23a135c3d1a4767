package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/signpost-kb/signpost/internal/media"
)

// FileInfo is what the renderer needs to know of a file a page links to.
type FileInfo struct {
	// Size is the file's length in bytes.
	Size int64
	// Width and Height are an image's size in pixels; 0 when unknown.
	Width, Height int
}

// Files tells the renderer about the files of the content folder. A
// Resolver that also implements Files gives images their width and height
// and links to documents their "(PDF, 2.1 MB)" labels; the renderer never
// opens a file itself.
type Files interface {
	// FileInfo returns what is known of the published content file at the
	// slash-separated path file ("content/articles/report.pdf"), and
	// false when nothing is.
	FileInfo(file string) (FileInfo, bool)
}

// decorativeAlt is how an image is marked decorative: its alt text is two
// double quotes, written out, ![""](divider.png). It is published with
// alt="", which tells screen readers to pass over it, and check does not
// ask for a description.
const decorativeAlt = `![""]`

// image gives an image its size, decoding and loading attributes, and
// records whether it lacks alt text.
func (w *walker) image(n *ast.Image, link *Link) {
	src := w.doc.Body
	if p := n.Pos(); p >= 0 && p < len(src) && bytes.HasPrefix(src[p:], []byte(decorativeAlt)) {
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			n.RemoveChild(n, c)
			c = next
		}
	} else if strings.TrimSpace(plainText(src, n)) == "" {
		link.NoAlt = true
	}
	if link.Kind == File && w.files != nil {
		if info, ok := w.files.FileInfo(link.Target); ok && info.Width > 0 && info.Height > 0 {
			n.SetAttributeString("width", []byte(strconv.Itoa(info.Width)))
			n.SetAttributeString("height", []byte(strconv.Itoa(info.Height)))
		}
	}
	n.SetAttributeString("decoding", []byte("async"))
	// The first image is likely on the first screen, where lazy loading
	// would only delay it; every later one loads as it nears the view.
	if w.images > 0 {
		n.SetAttributeString("loading", []byte("lazy"))
	}
	w.images++
}

// documentLabel adds "(PDF, 2.1 MB)" to the text of a link to a document
// in the content folder, unless the text already names its format.
func (w *walker) documentLabel(n *ast.Link, link *Link) {
	if link.Kind != File || w.files == nil {
		return
	}
	kind, ok := media.DocumentKind(link.Target)
	if !ok {
		return
	}
	info, ok := w.files.FileInfo(link.Target)
	if !ok {
		return
	}
	if strings.Contains(strings.ToLower(plainText(w.doc.Body, n)), "("+strings.ToLower(kind)) {
		return
	}
	n.AppendChild(n, &FileLabel{Label: " (" + kind + ", " + media.FormatSize(info.Size) + ")"})
}

// KindFileLabel is the kind of a FileLabel.
var KindFileLabel = ast.NewNodeKind("FileLabel")

// FileLabel is the format and size added to a link to a document. It is
// not part of the page's text for search.
type FileLabel struct {
	ast.BaseInline
	Label string
}

// Kind implements ast.Node.
func (*FileLabel) Kind() ast.NodeKind { return KindFileLabel }

// Dump implements ast.Node.
func (n *FileLabel) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Label": n.Label}, nil)
}

// fileLabelRenderer writes file labels.
type fileLabelRenderer struct{}

func (fileLabelRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFileLabel, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*FileLabel).Label)))
		}
		return ast.WalkContinue, nil
	})
}
