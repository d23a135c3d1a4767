package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/signpost-kb/signpost/internal/diag"
)

// Fenced containers, as markdown-it-container and pandoc's fenced divs
// write them:
//
//	::: details Where can I find my NHS number?
//	Markdown…
//	:::
//
// A line of three or more colons, a name, and the rest of the line as the
// component's title opens a container; a line of at least as many colons
// and nothing else closes it. Containers nest: a fence closes the
// innermost open container it is long enough for, so an outer container
// may use more colons (":::: card" outside "::: details") or the same
// number. A container left open is closed at the end of the document (or
// of the list or quote it is in), with a warning. The names:
//
//	::: details Summary text    NHS.UK details (an expander that needs no JavaScript)
//	::: inset                   inset text
//	::: warning Heading         warning callout ("Important" when it has no heading)
//	::: card Heading            card; ::: card [Heading](page.md) links the card
//	::: do / ::: dont           do and don't lists, each holding a Markdown list
//
// An unknown name is a warning; its content is shown all the same, with
// its title as a paragraph.

// ContainerKind says which component a Container is.
type ContainerKind uint8

// The containers.
const (
	ContainerUnknown ContainerKind = iota
	ContainerDetails
	ContainerInset
	ContainerWarning
	ContainerCard
	ContainerDo
	ContainerDont
)

// containerNames are the names containers are written with.
var containerNames = map[string]ContainerKind{
	"details": ContainerDetails, "inset": ContainerInset, "warning": ContainerWarning,
	"card": ContainerCard, "do": ContainerDo, "dont": ContainerDont, "don't": ContainerDont, "don’t": ContainerDont,
}

// knownContainers lists the names for messages, in the order README.md
// documents them.
const knownContainers = "details, inset, warning, card, do and dont"

// containerHints suggests a name for names other dialects use.
var containerHints = map[string]string{
	"note": "::: inset (or > [!NOTE])", "info": "::: inset (or > [!NOTE])", "tip": "::: inset (or > [!TIP])",
	"important": "::: warning", "caution": "::: warning", "danger": "::: warning", "warn": "::: warning",
	"expander": "::: details", "summary": "::: details", "spoiler": "::: details", "collapse": "::: details",
	"panel": "::: card", "dos": "::: do", "donts": "::: dont", "do-not": "::: dont", "dont's": "::: dont",
}

// KindContainer is the kind of a Container.
var KindContainer = ast.NewNodeKind("Container")

// Container is a fenced container. Its first child is its Title when the
// opening line has text after the name.
type Container struct {
	ast.BaseBlock
	// Name is the name as written; Container the component it names.
	Name      string
	Container ContainerKind
	// HeadingLevel is the level of the component's heading (see
	// headingLevels).
	HeadingLevel int
	fence        int  // the colons of the opening fence
	closed       bool // by a closing fence
	off          int  // where the opening fence starts
}

// Kind implements ast.Node.
func (*Container) Kind() ast.NodeKind { return KindContainer }

// Dump implements ast.Node.
func (n *Container) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

func (n *Container) setHeadingLevel(l int) { n.HeadingLevel = l }

func (n *Container) hasHeading() bool {
	switch n.Container {
	case ContainerWarning, ContainerDo, ContainerDont:
		return true
	case ContainerInset, ContainerCard:
		return titleOf(n) != nil
	}
	return false
}

// Containers is the goldmark extension for fenced containers.
type Containers struct{}

// Extend implements goldmark.Extender.
func (Containers) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(containerParser{}, 750)),
		parser.WithASTTransformers(
			util.Prioritized(headingLevels{}, 500),
			util.Prioritized(doDontLists{}, 510),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(containerRenderer{}, 100),
		util.Prioritized(titleRenderer{}, 100),
	))
}

// fence reads a fence at the start of line: its colons, and the offset
// just after them; n is 0 if there is none.
func fence(line []byte) (n int) {
	for n < len(line) && line[n] == ':' {
		n++
	}
	if n < 3 {
		return 0
	}
	return n
}

// containerParser parses fenced containers.
type containerParser struct{}

func (containerParser) Trigger() []byte { return []byte{':'} }

func (containerParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || line[pos] != ':' {
		return nil, parser.NoChildren
	}
	n := fence(line[pos:])
	if n == 0 {
		return nil, parser.NoChildren
	}
	start := seg.Start - seg.Padding + pos
	i := pos + n
	i += util.TrimLeftSpaceLength(line[i:])
	j := nameEnd(line, i)
	if j == i {
		if util.IsBlank(line[i:]) {
			warn(pc, start, diag.CodeMarkdownStrayFence, "a container opens with a name, such as ::: details Summary text; remove this line if it closes nothing",
				"%s closes no container: it is shown as text", strings.Repeat(":", n))
		}
		return nil, parser.NoChildren
	}
	name := string(line[i:j])
	kind := containerNames[strings.ToLower(name)]
	node := &Container{Name: name, Container: kind, fence: n, off: start}
	if kind == ContainerUnknown {
		hint := "the known containers are " + knownContainers
		if h, ok := containerHints[strings.ToLower(name)]; ok {
			hint = "write " + h
		} else if c := diag.Closest(strings.ToLower(name), []string{"details", "inset", "warning", "card", "do", "dont"}); c != "" {
			hint = "did you mean ::: " + c + "? The known containers are " + knownContainers
		}
		warn(pc, start, diag.CodeMarkdownUnknownContainer, hint,
			"unknown container ::: %s: its content is shown without the component", name)
	}
	// The title: the rest of the line, without pandoc's closing colons.
	rest := bytes.TrimRight(line[j:], " \t\r\n")
	rest = bytes.TrimRight(rest, ":")
	if t := newTitle(line[:j+len(rest)], seg, j); t != nil {
		node.AppendChild(node, t)
	}
	reader.AdvanceToEOL()
	return node, parser.HasChildren
}

// nameEnd returns the end of a container's name starting at line[i]:
// letters, digits, "-", "_" and an apostrophe ("don't", "don’t").
func nameEnd(line []byte, i int) int {
	for i < len(line) {
		c := line[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '\'':
			i++
		case bytes.HasPrefix(line[i:], []byte("’")):
			i += len("’")
		default:
			return i
		}
	}
	return i
}

func (containerParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	c := node.(*Container)
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w >= 4 || pos >= len(line) {
		return parser.Continue | parser.HasChildren
	}
	n := fence(line[pos:])
	if n == 0 || !util.IsBlank(line[pos+n:]) {
		return parser.Continue | parser.HasChildren
	}
	// A closing fence: for the innermost open container it is long enough
	// for (or, read as markdown-it-container does, the outermost), and
	// not inside fenced code.
	outermost := pc.Get(outermostKey) != nil
	blocks := pc.OpenedBlocks()
	var inner []*Container // open inside this one
	after := false
	for _, b := range blocks {
		if b.Node == node {
			after = true
			continue
		}
		switch b := b.Node.(type) {
		case *ast.FencedCodeBlock:
			if after {
				return parser.Continue | parser.HasChildren
			}
		case *Container:
			if !after && outermost && b.fence <= n {
				return parser.Continue | parser.HasChildren // an outer one takes it
			}
			if after {
				if !outermost && b.fence <= n {
					return parser.Continue | parser.HasChildren
				}
				inner = append(inner, b)
			}
		}
	}
	if n < c.fence {
		return parser.Continue | parser.HasChildren
	}
	for _, b := range inner {
		b.closed = true
		warn(pc, b.off, diag.CodeMarkdownUnclosedContainer, "give the outer container more colons than the ones inside it: "+strings.Repeat(":", n+1)+" "+c.Name+" … "+strings.Repeat(":", n+1),
			"::: %s ends at the ::: that closes the ::: %s around it, as markdown-it-container reads it", b.Name, c.Name)
	}
	c.closed = true
	reader.AdvanceToEOL()
	return parser.Close
}

func (containerParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	c := node.(*Container)
	if !c.closed {
		if f, _ := pc.Get(findingsKey).(*findings); f != nil {
			f.unclosed++
		}
		fenceText := strings.Repeat(":", c.fence)
		warn(pc, c.off, diag.CodeMarkdownUnclosedContainer, "end it with a line of "+fenceText,
			"::: %s is not closed: it ends at the end of the page, or of the list or quote it is in", c.Name)
	}
}

func (containerParser) CanInterruptParagraph() bool { return true }

func (containerParser) CanAcceptIndentedLine() bool { return false }

// outermostKey, set in the parser context, makes a closing fence close the
// outermost container it can (see Renderer.parse).
var outermostKey = parser.NewContextKey()

// KindIcon is the kind of an Icon.
var KindIcon = ast.NewNodeKind("Icon")

// Icon is the tick or cross of an item in a do or don't list.
type Icon struct {
	ast.BaseInline
	Cross bool
}

// Kind implements ast.Node.
func (*Icon) Kind() ast.NodeKind { return KindIcon }

// Dump implements ast.Node.
func (n *Icon) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// doDontLists is an AST transformer: it marks the lists of do and don't
// containers as NHS.UK's tick and cross lists, gives each item its icon
// and, in a don't list, the words "do not" (unless the item starts with
// them), and warns of a do or don't container that holds no list.
type doDontLists struct{}

func (doDontLists) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, ok := n.(*Container)
		if !entering || !ok || (c.Container != ContainerDo && c.Container != ContainerDont) {
			return ast.WalkContinue, nil
		}
		cross := c.Container == ContainerDont
		lists := 0
		for l := c.FirstChild(); l != nil; l = l.NextSibling() {
			list, ok := l.(*ast.List)
			if !ok {
				continue
			}
			lists++
			if cross {
				list.SetAttributeString("class", []byte("nhsuk-list nhsuk-list--cross"))
			} else {
				list.SetAttributeString("class", []byte("nhsuk-list nhsuk-list--tick"))
			}
			list.SetAttributeString("role", []byte("list"))
			for item := list.FirstChild(); item != nil; item = item.NextSibling() {
				markItem(item, cross, src)
			}
		}
		if lists == 0 {
			what := "do"
			if cross {
				what = "dont"
			}
			warn(pc, c.off, diag.CodeMarkdownNoList, "put the points in a list, one per line starting with - ",
				"::: %s holds no list: a do or don't list is a Markdown list", what)
		}
		return ast.WalkContinue, nil
	})
}

// markItem puts the icon (and for a cross, "do not ") at the start of a
// list item's first block.
func markItem(item ast.Node, cross bool, src []byte) {
	first := item.FirstChild()
	switch first.(type) {
	case *ast.TextBlock, *ast.Paragraph:
	case nil:
		first = ast.NewTextBlock()
		item.AppendChild(item, first)
	default:
		tb := ast.NewTextBlock()
		item.InsertBefore(item, first, tb)
		first = tb
	}
	icon := &Icon{Cross: cross}
	if first.FirstChild() == nil {
		first.AppendChild(first, icon)
	} else {
		first.InsertBefore(first, first.FirstChild(), icon)
	}
	if !cross {
		return
	}
	text := strings.ToLower(plainText(src, first))
	for _, p := range []string{"do not", "don't", "don’t", "never"} {
		if strings.HasPrefix(text, p) {
			return
		}
	}
	first.InsertAfter(first, icon, ast.NewString([]byte("do not ")))
}

// containerRenderer writes containers with nhsuk-frontend 10's markup.
type containerRenderer struct{}

func (containerRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindContainer, renderContainer)
	reg.Register(KindIcon, renderIcon)
}

func renderIcon(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		if node.(*Icon).Cross {
			_, _ = w.WriteString(iconCross)
		} else {
			_, _ = w.WriteString(iconTick)
		}
	}
	return ast.WalkContinue, nil
}

func renderContainer(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Container)
	untitled := titleOf(n) == nil
	switch n.Container {
	case ContainerDetails:
		if !entering {
			_, _ = w.WriteString("</div>\n</details>\n")
			break
		}
		_, _ = w.WriteString(`<details class="nhsuk-details">` + "\n" + `<summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">`)
		if untitled {
			_, _ = w.WriteString("Details")
			_, _ = w.WriteString(detailsSummaryEnd)
		}
	case ContainerInset:
		insetText(w, "Information", entering)
	case ContainerWarning:
		warningCallout(w, n, n.HeadingLevel, entering)
	case ContainerCard:
		if !entering {
			_, _ = w.WriteString("</div>\n</div>\n")
			break
		}
		if cardLink(n) != nil && !linksIn(n, titleOf(n)) {
			_, _ = w.WriteString(`<div class="nhsuk-card nhsuk-card--clickable">` + "\n")
		} else {
			_, _ = w.WriteString(`<div class="nhsuk-card">` + "\n")
		}
		_, _ = w.WriteString(`<div class="nhsuk-card__content">` + "\n")
	case ContainerDo, ContainerDont:
		if !entering {
			_, _ = w.WriteString("</div>\n</div>\n")
			break
		}
		_, _ = w.WriteString(`<div class="nhsuk-card nhsuk-card--feature">` + "\n" + `<div class="nhsuk-card__content">` + "\n")
		if untitled {
			writeHeadingOpen(w, n.HeadingLevel, "nhsuk-card__heading")
			if n.Container == ContainerDo {
				_, _ = w.WriteString("Do")
			} else {
				_, _ = w.WriteString("Don’t")
			}
			writeHeadingClose(w, n.HeadingLevel)
		}
	}
	return ast.WalkContinue, nil
}

const detailsSummaryEnd = "</span></summary>\n" + `<div class="nhsuk-details__text">` + "\n"

func (n *Container) renderTitle(w util.BufWriter, src []byte, t *Title, entering bool) {
	switch n.Container {
	case ContainerDetails:
		if !entering {
			_, _ = w.WriteString(detailsSummaryEnd)
		}
	case ContainerInset:
		if entering {
			writeHeadingOpen(w, n.HeadingLevel, "nhsuk-heading-s")
		} else {
			writeHeadingClose(w, n.HeadingLevel)
		}
	case ContainerWarning:
		warningTitle(w, src, t, n.HeadingLevel, entering)
	case ContainerCard, ContainerDo, ContainerDont:
		if entering {
			if l := cardLink(n); l != nil {
				l.SetAttributeString("class", []byte("nhsuk-card__link"))
			}
			writeHeadingOpen(w, n.HeadingLevel, "nhsuk-card__heading")
		} else {
			writeHeadingClose(w, n.HeadingLevel)
		}
	default:
		if entering {
			_, _ = w.WriteString("<p>")
		} else {
			_, _ = w.WriteString("</p>\n")
		}
	}
}

// cardLink returns the link of a card whose title is one link and nothing
// else: "::: card [Heading](page.md)".
func cardLink(n *Container) *ast.Link {
	if n.Container != ContainerCard {
		return nil
	}
	t := titleOf(n)
	if t == nil || t.FirstChild() == nil || t.FirstChild() != t.LastChild() {
		return nil
	}
	l, _ := t.FirstChild().(*ast.Link)
	return l
}

// linksIn reports whether n holds a link outside its child skip. A card
// whose body has links of its own is not made clickable as a whole, which
// would cover them.
func linksIn(n, skip ast.Node) bool {
	found := false
	for c := n.FirstChild(); c != nil && !found; c = c.NextSibling() {
		if c == skip {
			continue
		}
		_ = ast.Walk(c, func(x ast.Node, entering bool) (ast.WalkStatus, error) {
			switch x.(type) {
			case *ast.Link, *ast.AutoLink:
				found = true
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
	}
	return found
}
