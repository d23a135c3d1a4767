package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Figures: an image alone in its paragraph is an NHS.UK image, a figure
// whose caption is the image's title:
//
//	![A ward team using the new system](ward.jpg "The team on ward 4")
//
// The link walker gives every image its width and height from the file,
// decoding="async", and loading="lazy" after the first image of the page
// (see walker.image).

// KindFigure is the kind of a Figure.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is an image with an optional caption.
type Figure struct {
	ast.BaseBlock
	// Caption is the image's title, as written (with backslash escapes
	// and entities); nil for none.
	Caption []byte
}

// Kind implements ast.Node.
func (*Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Caption": string(n.Caption)}, nil)
}

// Figures is the goldmark extension for figures.
type Figures struct{}

// Extend implements goldmark.Extender.
func (Figures) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(figures{}, 520)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(figureRenderer{}, 100)))
}

// figures turns each paragraph that holds one image and nothing else into
// a Figure.
type figures struct{}

func (figures) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			if loneImage(p, src) != nil {
				paras = append(paras, p)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		img := loneImage(p, src)
		f := &Figure{Caption: img.Title}
		img.Title = nil
		img.SetAttributeString("class", []byte("nhsuk-image__img"))
		f.SetPos(p.Pos())
		f.SetBlankPreviousLines(p.HasBlankPreviousLines())
		p.Parent().ReplaceChild(p.Parent(), p, f)
		f.AppendChild(f, img)
	}
}

// loneImage returns the image that is p's only content but spaces.
func loneImage(p *ast.Paragraph, src []byte) *ast.Image {
	var img *ast.Image
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			if img != nil {
				return nil
			}
			img = c
		case *ast.Text:
			if !util.IsBlank(c.Segment.Value(src)) {
				return nil
			}
		default:
			return nil
		}
	}
	return img
}

// figureRenderer writes figures with nhsuk-frontend 10's image markup.
type figureRenderer struct{}

func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, renderFigure)
}

func renderFigure(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Figure)
	if entering {
		_, _ = w.WriteString(`<figure class="nhsuk-image">` + "\n")
		return ast.WalkContinue, nil
	}
	_ = w.WriteByte('\n')
	if len(n.Caption) > 0 {
		_, _ = w.WriteString(`<figcaption class="nhsuk-image__caption">`)
		gmhtml.DefaultWriter.Write(w, n.Caption)
		_, _ = w.WriteString("</figcaption>\n")
	}
	_, _ = w.WriteString("</figure>\n")
	return ast.WalkContinue, nil
}
