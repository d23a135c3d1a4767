package markdown

import (
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// plainText returns the text of an inline container such as a heading,
// without markup.
func plainText(src []byte, n ast.Node) string {
	var b strings.Builder
	appendInline(&b, src, n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// appendText appends the plain text of block n to b, for search: prose,
// list items, table cells and code, with blocks separated by newlines. Raw
// HTML is left out.
func appendText(b *strings.Builder, src []byte, n ast.Node) {
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
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell:
		appendInline(b, src, n)
		b.WriteByte('\n')
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		appendText(b, src, c)
	}
}

// appendInline appends the text of n's inline children.
func appendInline(b *strings.Builder, src []byte, n ast.Node) {
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

// lineIndex maps byte offsets in a body to lines of its file.
type lineIndex struct {
	starts []int // offset of the start of each line
	first  int   // the file line of the body's first line
}

func newLineIndex(body []byte, first int) lineIndex {
	starts := []int{0}
	for i, c := range body {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	if first < 1 {
		first = 1
	}
	return lineIndex{starts: starts, first: first}
}

// line returns the file line of offset off.
func (x lineIndex) line(off int) int {
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
	return x.first + max(i-1, 0)
}
