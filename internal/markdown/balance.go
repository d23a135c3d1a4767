package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/signpost-kb/signpost/internal/sanitize"
)

// Raw HTML reaches the renderer in pieces: a <details> in one HTML block,
// the Markdown inside it, its </details> in another; an <a> inline in a
// paragraph. Each piece is sanitised, and balanced with a
// sanitize.Balancer over the whole body, in scopes that follow the
// Markdown's own elements: whatever raw HTML opens inside a paragraph, a
// list item, a quote, a link or a container is closed before that element
// ends, what it opens at the top of the body is closed before the next
// section's heading (sections are cut there, and an interview's answers
// shown apart) and at the end of the body, and an end tag closes only an
// element raw HTML opened in the same scope. So an unclosed <a> or <table>
// cannot take the rest of the page, the theme's footer included, into a
// link or a table cell, and a stray </div> cannot close the theme's markup.

// rawAttr holds, on a raw HTML node, its sanitised and balanced HTML.
var rawAttr = []byte("sp-raw")

// balanceRaw sanitises every raw HTML node of doc into its rawAttr, and
// adds the end tags each scope needs as rawClose nodes.
func balanceRaw(doc ast.Node, src []byte, policy sanitize.Policy) {
	b := policy.Balancer()
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.HTMLBlock:
			n.SetAttribute(rawAttr, b.HTML(blockSource(n, src)))
			return
		case *ast.RawHTML:
			n.SetAttribute(rawAttr, b.HTML(inlineSource(n, src)))
			return
		}
		if t, ok := n.(*east.Table); ok {
			// Numbered with the raw HTML tables, for the labels of
			// those without a caption.
			t.SetAttribute(tableNumber, strconv.Itoa(b.NextTable()))
		}
		if n.FirstChild() == nil {
			return
		}
		saved := b.Enter()
		_, top := n.(*ast.Document)
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			if h, ok := c.(*ast.Heading); ok && top && h.Level <= 3 && b.Open() {
				n.InsertBefore(n, c, newRawClose(false, b.Close()))
			}
			visit(c)
			c = next
		}
		if b.Open() {
			n.AppendChild(n, newRawClose(n.LastChild().Type() == ast.TypeInline, b.Close()))
		}
		b.Leave(saved)
	}
	visit(doc)
}

func blockSource(n *ast.HTMLBlock, src []byte) string {
	var b strings.Builder
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		b.Write(line.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	return b.String()
}

func inlineSource(n *ast.RawHTML, src []byte) string {
	var b strings.Builder
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// rawHTMLOf returns what balanceRaw made of a raw HTML node.
func rawHTMLOf(n ast.Node) string {
	v, ok := n.Attribute(rawAttr)
	if !ok {
		return ""
	}
	s, _ := v.(string)
	return s
}

// rawClose and rawCloseBlock are the end tags that close what raw HTML
// left open in a scope: inside a block of text, or among blocks.
type rawClose struct {
	ast.BaseInline
	html string
}

type rawCloseBlock struct {
	ast.BaseBlock
	html string
}

var (
	kindRawClose      = ast.NewNodeKind("RawClose")
	kindRawCloseBlock = ast.NewNodeKind("RawCloseBlock")
)

func (n *rawClose) Kind() ast.NodeKind      { return kindRawClose }
func (n *rawCloseBlock) Kind() ast.NodeKind { return kindRawCloseBlock }
func (n *rawCloseBlock) IsRaw() bool        { return true }

func (n *rawClose) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"html": n.html}, nil)
}

func (n *rawCloseBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"html": n.html}, nil)
}

// newRawClose returns the node that writes the end tags html, inline or
// among blocks.
func newRawClose(inline bool, html string) ast.Node {
	if inline {
		return &rawClose{html: html}
	}
	return &rawCloseBlock{html: html}
}

func renderRawClose(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		switch n := node.(type) {
		case *rawClose:
			_, _ = w.WriteString(n.html)
		case *rawCloseBlock:
			_, _ = w.WriteString(n.html)
		}
	}
	return ast.WalkContinue, nil
}

// registerRawClose adds the renderers of the closing nodes to reg.
func registerRawClose(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRawClose, renderRawClose)
	reg.Register(kindRawCloseBlock, renderRawClose)
}
