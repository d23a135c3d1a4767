package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/signpost-kb/signpost/internal/sanitize"
)

// This file holds the parts of the renderer that keep its output safe and
// accessible under the Content-Security-Policy sites deploy with
// (default-src 'self': no inline scripts, styles or event handlers): raw
// HTML through the sanitiser, table alignment as classes rather than
// style attributes, task-list items as text rather than unlabelled
// checkboxes, and every code block in a scrolling region.

// rawHTML renders raw HTML blocks and inline HTML: through the sanitiser
// when the site allows raw HTML, and not at all otherwise.
type rawHTML struct {
	allow  bool
	policy sanitize.Policy
}

func (r rawHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.block)
	reg.Register(ast.KindRawHTML, r.inline)
	registerRawClose(reg)
}

func (r rawHTML) block(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering || !r.allow {
		return ast.WalkContinue, nil
	}
	// Sanitised and balanced with the rest of the body by balanceRaw.
	_, _ = w.WriteString(rawHTMLOf(node))
	return ast.WalkContinue, nil
}

func (r rawHTML) inline(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering || !r.allow {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(rawHTMLOf(node))
	return ast.WalkSkipChildren, nil
}

// blocks renders the nodes whose default HTML fails an audit.
type blocks struct{}

func (blocks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, renderTask)
	reg.Register(ast.KindCodeBlock, renderCodeBlock)
}

// renderTask writes a task-list marker as a styled box with its state in
// text, "Done:" or "To do:", which every screen reader reads. goldmark's
// disabled checkbox has no label, and a form control is the wrong thing
// in a page that cannot be edited.
func renderTask(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*east.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<span class="app-task app-task--done"><span class="nhsuk-u-visually-hidden">Done:</span></span> `)
	} else {
		_, _ = w.WriteString(`<span class="app-task"><span class="nhsuk-u-visually-hidden">To do:</span></span> `)
	}
	return ast.WalkContinue, nil
}

// renderCodeBlock writes an indented code block as NHS.UK's code
// component, as the highlighter does for fenced ones, so long lines
// scroll inside it instead of the page.
func renderCodeBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	codeStart(w, "Code")
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		writeEscaped(w, seg.Value(src))
	}
	_, _ = w.WriteString(codeEnd)
	return ast.WalkSkipChildren, nil
}

func writeEscaped(w util.BufWriter, b []byte) {
	for _, c := range b {
		if esc := util.EscapeHTMLByte(c); esc != nil {
			_, _ = w.Write(esc)
		} else {
			_ = w.WriteByte(c)
		}
	}
}

// tidy is an AST transformer: it keeps only the id and class of a
// heading's {attributes}, so that a page cannot set styles or anything
// else the theme does not expect. (Table cell alignment becomes classes in
// table.go: goldmark writes style attributes, which the CSP blocks.)
type tidy struct{}

func (tidy) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			var keep []ast.Attribute
			drop := false
			for _, a := range n.Attributes() {
				if name := string(a.Name); name == "id" || name == "class" {
					keep = append(keep, a)
				} else {
					drop = true
				}
			}
			if !drop {
				break
			}
			n.RemoveAttributes()
			for _, a := range keep {
				n.SetAttribute(a.Name, a.Value)
			}
		}
		return ast.WalkContinue, nil
	})
}
