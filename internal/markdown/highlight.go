package markdown

import (
	"bytes"
	"html"
	"strings"
	"sync"
	"time"

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
	// now is the clock steady measures highlighting by (time.Now; tests
	// set their own).
	now func() time.Time
}

// matchTimeout is how long Chroma lets one regular expression try to match
// (regexp2's MatchTimeout, which Chroma sets to 250 ms) before it takes it
// as no match, so that the code is cut into other tokens: on a machine
// overloaded for that long, the same page could come out highlighted two
// ways. A block highlighted in less time than that cannot have had a match
// time out; steady highlights one that took longer again, up to
// highlightTries times.
const (
	matchTimeout   = 250 * time.Millisecond
	highlightTries = 3
)

// steady returns what highlight gives, from a run that took less than
// matchTimeout if one of highlightTries does, so that the output does not
// depend on the load of the moment.
func (h *highlighter) steady(highlight func() ([]byte, bool)) ([]byte, bool) {
	now := h.now
	if now == nil {
		now = time.Now
	}
	for try := 1; ; try++ {
		start := now()
		out, ok := highlight()
		if !ok || now().Sub(start) < matchTimeout || try == highlightTries {
			return out, ok
		}
	}
}

func newHighlighter(style string) *highlighter {
	if style == "" {
		style = DefaultStyle
	}
	s := styles.Get(style)
	return &highlighter{
		style:     s,
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("app-code-"), chromahtml.PreventSurroundingPre(true), chromahtml.TabWidth(4)),
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

// render writes a fenced code block as nhsuk-frontend 10's code component
// (codeStart), its tokens marked with Chroma's classes under the app-code-
// prefix.
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
	var lexer chroma.Lexer
	if lang != "" {
		lexer = h.lexer(lang)
	}
	if lexer != nil {
		tokens, ok := h.steady(func() ([]byte, bool) {
			it, err := lexer.Tokenise(nil, code.String())
			if err != nil {
				return nil, false
			}
			var tokens bytes.Buffer
			if err := h.formatter.Format(&tokens, h.style, it); err != nil {
				return nil, false
			}
			return tokens.Bytes(), true
		})
		if ok {
			codeStart(w, label)
			_, _ = w.Write(tokens)
			_, _ = w.WriteString(codeEnd)
			return ast.WalkSkipChildren, nil
		}
	}
	codeStart(w, label)
	_, _ = w.WriteString(html.EscapeString(code.String()))
	_, _ = w.WriteString(codeEnd)
	return ast.WalkSkipChildren, nil
}

// codeStart opens a code block as nhsuk-frontend 10's code component
// writes it. As nhsuk-frontend's script does, the theme's scroll.js makes
// the code focusable only when its lines overflow, and then a region
// named by data-app-label ("Code (go)"), so that keyboard users can
// scroll it; code that fits is no tab stop. Without JavaScript it still
// scrolls. codeEnd closes the block.
func codeStart(w util.BufWriter, label string) {
	_, _ = w.WriteString(`<div class="nhsuk-code" data-module="nhsuk-code"><pre class="nhsuk-code__container"><code class="nhsuk-code__content" data-app-label="` + html.EscapeString(label) + `">`)
}

const codeEnd = "</code></pre></div>\n"

// css returns the stylesheet for highlighted code, generated once: the
// colours of the tokens, each rule as short as it can be.
func (h *highlighter) css() []byte {
	h.cssOnce.Do(func() {
		var b bytes.Buffer
		_ = h.formatter.WriteCSS(&b, h.style)
		h.cssData = tokenCSS(b.Bytes())
	})
	return h.cssData
}

// tokenCSS keeps of Chroma's stylesheet the rules for tokens, without
// the ancestor Chroma scopes them under (".app-code-chroma .app-code-k"
// becomes ".app-code-k": the prefix alone keeps them apart from the
// theme's classes), and drops the rules for line numbers and highlighted
// lines, which signpost never writes, and for Chroma's own <pre>, which
// the theme styles as nhsuk-code__container. Every page loads this
// stylesheet, so its bytes count.
func tokenCSS(css []byte) []byte {
	const scope = ".app-code-chroma ."
	var out bytes.Buffer
	for line := range bytes.Lines(css) {
		i := bytes.Index(line, []byte(scope))
		if i < 0 || bytes.HasPrefix(line, []byte("/* Line")) || bytes.HasPrefix(line, []byte("/* CodeLine")) {
			continue
		}
		out.Write(line[i+len(scope)-1:])
	}
	return out.Bytes()
}
