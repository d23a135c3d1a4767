package markdown

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// DefaultStyle is the Chroma style for code: Modus Operandi, designed for
// WCAG AAA contrast on a light background.
const DefaultStyle = "modus-operandi"

// highlighter renders fenced code blocks with Chroma, marking tokens with
// CSS classes so that one stylesheet, written once, colours every page.
// Lexers are looked up once per language and shared.
type highlighter struct {
	style     *chroma.Style
	formatter *chromahtml.Formatter

	mu      sync.Mutex
	lexers  map[string]chroma.Lexer // by language name as written; nil when unknown
	cssOnce sync.Once
	cssData []byte
}

func newHighlighter(style string) *highlighter {
	if style == "" {
		style = DefaultStyle
	}
	s := styles.Get(style)
	return &highlighter{
		style:     s,
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
		lexers:    map[string]chroma.Lexer{},
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (h *highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
}

func (h *highlighter) lexer(lang string) chroma.Lexer {
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.lexers[lang]
	if !ok {
		if l = lexers.Get(lang); l != nil {
			l = chroma.Coalesce(l)
		}
		h.lexers[lang] = l
	}
	return l
}

// render writes a fenced code block inside a focusable, labelled region,
// so that keyboard users can scroll long lines.
func (h *highlighter) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := ""
	if n.Info != nil {
		lang = strings.ToLower(string(n.Language(src)))
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	label := "Code"
	if lang != "" {
		label = "Code (" + lang + ")"
	}
	_, _ = w.WriteString(`<div class="app-code" tabindex="0" role="region" aria-label="` + html.EscapeString(label) + `">`)
	var lexer chroma.Lexer
	if lang != "" {
		lexer = h.lexer(lang)
	}
	if lexer != nil {
		if it, err := lexer.Tokenise(nil, code.String()); err == nil {
			if err := h.formatter.Format(w, h.style, it); err == nil {
				_, _ = w.WriteString("</div>\n")
				return ast.WalkSkipChildren, nil
			}
		}
	}
	_, _ = w.WriteString(`<pre class="chroma"><code>`)
	_, _ = w.WriteString(html.EscapeString(code.String()))
	_, _ = w.WriteString("</code></pre></div>\n")
	return ast.WalkSkipChildren, nil
}

// css returns the stylesheet for highlighted code, generated once.
func (h *highlighter) css() []byte {
	h.cssOnce.Do(func() {
		var b bytes.Buffer
		_ = h.formatter.WriteCSS(&b, h.style)
		h.cssData = b.Bytes()
	})
	return h.cssData
}
