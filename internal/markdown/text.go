package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// plainText returns the text of an inline container such as a heading,
// without markup.
func plainText(src []byte, n ast.Node) string {
	var b bytes.Buffer
	appendInline(&b, src, n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// appendText appends the plain text of block n to b, for search: prose,
// list items, table cells and code, with blocks separated by newlines. Raw
// HTML is left out.
func appendText(b *bytes.Buffer, src []byte, n ast.Node) {
	switch n := n.(type) {
	case *ast.HTMLBlock, *ast.ThematicBreak, *ast.LinkReferenceDefinition:
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		b.WriteByte('\n')
		return
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell, *Title, *TableCaption:
		appendInline(b, src, n)
		b.WriteByte('\n')
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		appendText(b, src, c)
	}
}

// appendInline appends the text of n's inline children.
func appendInline(b *bytes.Buffer, src []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			// Left out: markup, not text.
		case *east.FootnoteLink:
			// A reference number is not text.
		default:
			appendInline(b, src, c)
		}
	}
}

// lineIndex maps byte offsets in a body to lines of its file. Most bodies
// need few lookups (one per link), so it counts newlines on demand rather
// than indexing every line up front.
type lineIndex struct {
	body  []byte
	first int // the file line of the body's first line
	// off and n cache the last lookup: n newlines before off. Links come
	// in document order, so each lookup scans on from the last.
	off, n int
}

func newLineIndex(body []byte, first int) *lineIndex {
	if first < 1 {
		first = 1
	}
	return &lineIndex{body: body, first: first}
}

// line returns the file line of offset off.
func (x *lineIndex) line(off int) int {
	off = min(max(off, 0), len(x.body))
	if off < x.off {
		x.off, x.n = 0, 0
	}
	x.n += bytes.Count(x.body[x.off:off], []byte{'\n'})
	x.off = off
	return x.first + x.n
}
