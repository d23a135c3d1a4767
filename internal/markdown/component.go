package markdown

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/signpost-kb/signpost/internal/diag"
)

// This file holds what the NHS.UK components (alert.go, container.go)
// share: the findings their parsers report, the block that holds a
// component's title, and the level of a component's heading.

// finding is a warning a parser or transformer found, at a byte offset in
// the body; Render turns it into a diagnostic with the file and line.
type finding struct {
	off       int
	code      diag.Code
	msg, hint string
}

// findings collects the findings of one parse. Render puts one in the
// parser context; a parse without one reports nothing.
type findings struct {
	list []finding
	seen map[[2]int]bool // offset and message length, so a line re-parsed is reported once
	// unclosed counts the containers no fence closed.
	unclosed int
}

var findingsKey = parser.NewContextKey()

// warn records a finding at offset off of the body being parsed.
func warn(pc parser.Context, off int, code diag.Code, hint, format string, args ...any) {
	f, _ := pc.Get(findingsKey).(*findings)
	if f == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	k := [2]int{off, len(msg)}
	if f.seen == nil {
		f.seen = map[[2]int]bool{}
	}
	if f.seen[k] {
		return
	}
	f.seen[k] = true
	f.list = append(f.list, finding{off: off, code: code, msg: msg, hint: hint})
}

// KindTitle is the kind of a Title.
var KindTitle = ast.NewNodeKind("ComponentTitle")

// Title holds the inline text written after a component's marker, such as
// the heading in "> [!WARNING] Keep your smartcard safe" or the summary in
// "::: details Summary text". It is a block whose line goldmark parses as
// inline Markdown; the component renders it.
type Title struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (*Title) Kind() ast.NodeKind { return KindTitle }

// Dump implements ast.Node.
func (n *Title) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// newTitle returns a Title over the segment seg of a marker line, or nil if
// the segment holds only spaces.
func newTitle(line []byte, seg text.Segment, from int) *Title {
	if from >= len(line) {
		return nil
	}
	rest := line[from:]
	left := util.TrimLeftSpaceLength(rest)
	right := util.TrimRightSpaceLength(rest)
	if left+right >= len(rest) {
		return nil
	}
	t := &Title{}
	start := seg.Start - seg.Padding + from + left
	t.Lines().Append(text.NewSegment(start, start+len(rest)-left-right))
	return t
}

// titleOf returns the Title of a component node, or nil.
func titleOf(n ast.Node) *Title {
	t, _ := n.FirstChild().(*Title)
	return t
}

// headed is a component node with a heading whose level depends on where
// it stands.
type headed interface {
	ast.Node
	setHeadingLevel(int)
	// hasHeading reports whether the component shows a heading.
	hasHeading() bool
}

// headingLevels sets the level of each component's heading: one below
// the heading it follows, so that a page's headings never skip a level.
// Under a second-level heading that is h3, the level NHS.UK's warning
// callout and do-and-don't lists use; before any heading (the page's title
// is the h1) it is h2. A component inside another goes one level below
// the outer one's heading. It is never deeper than h6.
type headingLevels struct{}

var headingLevelsDone = parser.NewContextKey()

func (headingLevels) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	if pc.Get(headingLevelsDone) != nil {
		return // registered by more than one extension
	}
	pc.Set(headingLevelsDone, true)
	last := 1
	// outer holds the level to go back to as each headed component ends.
	var outer []int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				last = n.Level
			}
		case headed:
			if !n.hasHeading() {
				break
			}
			if entering {
				level := min(last+1, 6)
				n.setHeadingLevel(level)
				outer = append(outer, last)
				last = level
			} else {
				last = outer[len(outer)-1]
				outer = outer[:len(outer)-1]
			}
		}
		return ast.WalkContinue, nil
	})
}

// titleRenderer renders Titles, as their components want them.
type titleRenderer struct{}

func (titleRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTitle, renderTitle)
}

// titler is a component that renders its own Title.
type titler interface {
	renderTitle(w util.BufWriter, src []byte, t *Title, entering bool)
}

// renderTitle writes a component's title as its component wants it.
func renderTitle(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	t := node.(*Title)
	if c, ok := t.Parent().(titler); ok {
		c.renderTitle(w, src, t, entering)
		return ast.WalkContinue, nil
	}
	// Not a component's: a paragraph, so that nothing is lost.
	if entering {
		_, _ = w.WriteString("<p>")
	} else {
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkContinue, nil
}

// insetText writes the start or end of an NHS.UK inset text, whose
// visually hidden prefix is hidden ("Information").
func insetText(w util.BufWriter, hidden string, entering bool) {
	if entering {
		_, _ = w.WriteString(`<div class="nhsuk-inset-text">` + "\n" + `<span class="nhsuk-u-visually-hidden">` + hidden + ": </span>\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
}

// warningCallout writes the start or end of nhsuk-frontend 10's warning
// callout: a warning card whose heading (from n's Title, or "Important")
// has the visually hidden prefix "Important: " unless it says
// "important" itself.
//
// nhsuk-frontend wraps the heading's text in <span role="text"> for
// VoiceOver; "text" is not an ARIA role and the W3C validator rejects it,
// so the span is written without it.
func warningCallout(w util.BufWriter, n ast.Node, level int, entering bool) {
	if !entering {
		_, _ = w.WriteString("</div>\n</div>\n")
		return
	}
	_, _ = w.WriteString(`<div class="nhsuk-card nhsuk-card--warning">` + "\n" + `<div class="nhsuk-card__content">` + "\n")
	if titleOf(n) == nil {
		writeHeadingOpen(w, level, "nhsuk-card__heading")
		_, _ = w.WriteString("Important")
		writeHeadingClose(w, level)
	}
}

// warningTitle writes the heading of a warning callout around t.
func warningTitle(w util.BufWriter, src []byte, t *Title, level int, entering bool) {
	prefix := !strings.Contains(strings.ToLower(plainText(src, t)), "important")
	if entering {
		writeHeadingOpen(w, level, "nhsuk-card__heading")
		if prefix {
			_, _ = w.WriteString(`<span><span class="nhsuk-u-visually-hidden">Important: </span>`)
		}
		return
	}
	if prefix {
		_, _ = w.WriteString("</span>")
	}
	writeHeadingClose(w, level)
}
func writeHeadingOpen(w util.BufWriter, level int, class string) {
	_, _ = w.WriteString("<h")
	_ = w.WriteByte(byte('0' + level))
	if class != "" {
		_, _ = w.WriteString(` class="` + class + `"`)
	}
	_ = w.WriteByte('>')
}

func writeHeadingClose(w util.BufWriter, level int) {
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(byte('0' + level))
	_, _ = w.WriteString(">\n")
}

// The icons of NHS.UK's do and don't lists, as nhsuk-frontend 10 draws
// them (its nhsukIcon macro): decorative, hidden from assistive
// technology.
const (
	iconTick  = `<svg class="nhsuk-icon nhsuk-icon--tick" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M11.4 17.5a2 2 0 0 1-2.7.1h-.1L4 12.8a1.5 1.5 0 0 1 2.1-2L10 14.7l8.1-8.1a1.5 1.5 0 1 1 2.2 2l-8.9 9Z"/></svg>`
	iconCross = `<svg class="nhsuk-icon nhsuk-icon--cross" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M17 18.5c-.4 0-.8-.1-1.1-.4l-10-10c-.6-.6-.6-1.6 0-2.1.6-.6 1.5-.6 2.1 0l10 10c.6.6.6 1.5 0 2.1-.3.3-.6.4-1 .4z M7 18.5c-.4 0-.8-.1-1.1-.4-.6-.6-.6-1.5 0-2.1l10-10c.6-.6 1.5-.6 2.1 0 .6.6.6 1.5 0 2.1l-10 10c-.3.3-.6.4-1 .4z"/></svg>`
)
