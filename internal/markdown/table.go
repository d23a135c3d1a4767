package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Tables, with NHS.UK's table markup (nhsuk-frontend 10's table
// template) and an optional caption written as pandoc writes one: a
// paragraph starting "Table:" directly after the table, or else directly
// before it.
//
//	| Symptom | Cause |
//	| --- | --- |
//	| Rash | Allergy |
//
//	Table: Skin symptoms and their causes
//
// Each table sits in nhsuk-frontend's scroll wrapper, so a wide table
// scrolls inside itself rather than making the page scroll sideways at
// 320 px. As nhsuk-frontend's script does, the theme's scroll.js makes
// the wrapper focusable only when the table overflows it, and then a
// region named by the caption (or by data-app-label, "Table 1", "Table 2",
// … without one), so that keyboard users can scroll it; a table that fits
// is no landmark and no tab stop. Without JavaScript the wrapper still
// scrolls.

// KindTableCaption is the kind of a TableCaption.
var KindTableCaption = ast.NewNodeKind("TableCaption")

// TableCaption is a table's caption: the first child of its table.
type TableCaption struct {
	ast.BaseBlock
	// ID is the caption's id, which names the table's scroll region.
	ID string
}

// Kind implements ast.Node.
func (*TableCaption) Kind() ast.NodeKind { return KindTableCaption }

// Dump implements ast.Node.
func (n *TableCaption) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

// Tables is the goldmark extension for NHS.UK tables. It needs goldmark's
// table extension, and takes over its rendering.
type Tables struct{}

// Extend implements goldmark.Extender.
func (Tables) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tableCaptions{}, 530)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableRenderer{}, 100)))
}

// tableNumber is the attribute in which tableCaptions numbers tables, for
// the label of those without a caption (data-app-label). The attribute
// itself is never written out.
var tableNumber = []byte("sp-table-number")

var captionMarker = []byte("Table:")

// tableCaptions moves "Table: …" paragraphs into the tables they caption
// and numbers every table.
type tableCaptions struct{}

func (tableCaptions) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var tables []*east.Table
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*east.Table); ok && entering {
			tables = append(tables, t)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for i, t := range tables {
		t.SetAttribute(tableNumber, strconv.Itoa(i+1))
		p := captionParagraph(t.NextSibling(), src)
		if p == nil {
			p = captionParagraph(t.PreviousSibling(), src)
		}
		if p == nil {
			continue
		}
		c := &TableCaption{}
		first := p.FirstChild().(*ast.Text)
		seg := first.Segment
		seg = seg.WithStart(seg.Start + len(captionMarker))
		seg = seg.WithStart(seg.Start + util.TrimLeftSpaceLength(seg.Value(src)))
		first.Segment = seg
		for ch := p.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			c.AppendChild(c, ch)
			ch = next
		}
		c.SetPos(p.Pos())
		p.Parent().RemoveChild(p.Parent(), p)
		id := pc.IDs().Generate([]byte("table "+plainText(src, c)+" caption"), KindTableCaption)
		c.ID = string(id)
		t.InsertBefore(t, t.FirstChild(), c)
	}
}

// captionParagraph returns n if it is a paragraph that starts "Table:".
func captionParagraph(n ast.Node, src []byte) *ast.Paragraph {
	p, ok := n.(*ast.Paragraph)
	if !ok {
		return nil
	}
	first, ok := p.FirstChild().(*ast.Text)
	if !ok || !bytes.HasPrefix(first.Segment.Value(src), captionMarker) {
		return nil
	}
	if util.IsBlank(first.Segment.Value(src)[len(captionMarker):]) && first.NextSibling() == nil {
		return nil // "Table:" and nothing else
	}
	return p
}

// tableRenderer writes tables as nhsuk-frontend 10 does.
type tableRenderer struct{}

func (tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, renderTable)
	reg.Register(KindTableCaption, renderTableCaption)
	reg.Register(east.KindTableHeader, renderTableHeader)
	reg.Register(east.KindTableRow, renderTableRow)
	reg.Register(east.KindTableCell, renderTableCell)
}

func renderTable(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		if _, ok := node.LastChild().(*east.TableRow); ok {
			_, _ = w.WriteString("</tbody>\n")
		}
		_, _ = w.WriteString("</table>\n</div>\n</div>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<div class="nhsuk-scroll" data-module="nhsuk-scroll">` + "\n" + `<div class="nhsuk-scroll__content"`)
	if _, ok := node.FirstChild().(*TableCaption); !ok {
		_, _ = w.WriteString(` data-app-label="Table `)
		if v, ok := node.Attribute(tableNumber); ok {
			s, _ := v.(string)
			_, _ = w.WriteString(s)
		}
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(">\n" + `<table class="nhsuk-table">` + "\n")
	return ast.WalkContinue, nil
}

func renderTableCaption(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<caption class="nhsuk-table__caption" id="`)
		_, _ = w.Write(util.EscapeHTML([]byte(node.(*TableCaption).ID)))
		_, _ = w.WriteString(`">`)
	} else {
		_, _ = w.WriteString("</caption>\n")
	}
	return ast.WalkContinue, nil
}

func renderTableHeader(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<thead class="nhsuk-table__head">` + "\n" + `<tr class="nhsuk-table__row">` + "\n")
	} else {
		_, _ = w.WriteString("</tr>\n</thead>\n")
	}
	return ast.WalkContinue, nil
}

func renderTableRow(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		if _, ok := node.PreviousSibling().(*east.TableRow); !ok {
			_, _ = w.WriteString(`<tbody class="nhsuk-table__body">` + "\n")
		}
		_, _ = w.WriteString(`<tr class="nhsuk-table__row">` + "\n")
	} else {
		_, _ = w.WriteString("</tr>\n")
	}
	return ast.WalkContinue, nil
}

// renderTableCell writes a header cell with scope="col" and a body cell
// plainly, with a column's alignment as NHS.UK's text-align utility
// class: the Content-Security-Policy blocks style attributes.
func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	header := n.Parent().Kind() == east.KindTableHeader
	if !entering {
		if header {
			_, _ = w.WriteString("</th>\n")
		} else {
			_, _ = w.WriteString("</td>\n")
		}
		return ast.WalkContinue, nil
	}
	if header {
		_, _ = w.WriteString(`<th class="nhsuk-table__header`)
	} else {
		_, _ = w.WriteString(`<td class="nhsuk-table__cell`)
	}
	switch n.Alignment {
	case east.AlignLeft:
		_, _ = w.WriteString(" nhsuk-u-text-align-left")
	case east.AlignCenter:
		_, _ = w.WriteString(" nhsuk-u-text-align-centre")
	case east.AlignRight:
		_, _ = w.WriteString(" nhsuk-u-text-align-right")
	}
	if header {
		_, _ = w.WriteString(`" scope="col">`)
	} else {
		_, _ = w.WriteString(`">`)
	}
	return ast.WalkContinue, nil
}
