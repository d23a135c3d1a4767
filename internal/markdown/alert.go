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

// GitHub-style alerts, which GitHub and most editors render too:
//
//	> [!NOTE]                                  NHS.UK inset text
//	> [!TIP]                                   inset text
//	> [!IMPORTANT]                             NHS.UK warning callout
//	> [!WARNING] Keep your smartcard safe      warning callout with that heading
//	> [!CAUTION]                               warning callout
//
// The marker is the first thing in the quote; text after it on the same
// line is the component's heading. Markers are not case-sensitive. A
// quote that starts with a marker signpost does not know ("[!DANGER]") is
// a warning, and stays a plain quote with its text as written.

// AlertKind says which alert an Alert is.
type AlertKind uint8

// The alerts.
const (
	AlertNote AlertKind = iota
	AlertTip
	AlertImportant
	AlertWarning
	AlertCaution
)

var alertNames = []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}

func (k AlertKind) String() string { return alertNames[k] }

// inset reports whether the alert renders as inset text rather than a
// warning callout.
func (k AlertKind) inset() bool { return k == AlertNote || k == AlertTip }

// KindAlert is the kind of an Alert.
var KindAlert = ast.NewNodeKind("Alert")

// Alert is a quote that starts with an alert marker. Its first child is
// its Title when the marker line has text after the marker.
type Alert struct {
	ast.BaseBlock
	Alert AlertKind
	// HeadingLevel is the level of the alert's heading (see headingLevels).
	HeadingLevel int
}

// Kind implements ast.Node.
func (*Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Alert": n.Alert.String()}, nil)
}

func (n *Alert) setHeadingLevel(l int) { n.HeadingLevel = l }

func (n *Alert) hasHeading() bool { return !n.Alert.inset() || titleOf(n) != nil }

// Alerts is the goldmark extension for GitHub-style alerts.
type Alerts struct{}

// Extend implements goldmark.Extender.
func (Alerts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the quote parser (priority 800), which takes the rest.
		parser.WithBlockParsers(util.Prioritized(alertParser{}, 790)),
		parser.WithASTTransformers(util.Prioritized(headingLevels{}, 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(alertRenderer{}, 100),
		util.Prioritized(titleRenderer{}, 100),
	))
}

// alertParser parses alerts: a quote whose first line is a marker.
type alertParser struct{}

func (alertParser) Trigger() []byte { return []byte{'>'} }

// quoteMarker consumes a quote marker ("> ") as goldmark's quote parser
// does, and reports whether there was one.
func quoteMarker(reader text.Reader) bool {
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w > 3 || pos >= len(line) || line[pos] != '>' {
		return false
	}
	pos++
	if pos >= len(line) || line[pos] == '\n' {
		reader.Advance(pos)
		return true
	}
	reader.Advance(pos)
	if line[pos] == ' ' || line[pos] == '\t' {
		padding := 0
		if line[pos] == '\t' {
			padding = util.TabWidth(reader.LineOffset()) - 1
		}
		reader.AdvanceAndSetPadding(1, padding)
	}
	return true
}

// alertMarker reads "[!NAME]" at the start of line: the name as written,
// the bytes it takes, and whether it is there.
func alertMarker(line []byte) (string, int, bool) {
	if !bytes.HasPrefix(line, []byte("[!")) {
		return "", 0, false
	}
	end := bytes.IndexByte(line, ']')
	if end < 3 || end > 40 {
		return "", 0, false
	}
	name := line[2:end]
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", 0, false
		}
	}
	return string(name), end + 1, true
}

func (alertParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w > 3 || pos >= len(line) || line[pos] != '>' {
		return nil, parser.NoChildren
	}
	// Look past the quote marker without consuming it.
	rest := line[pos+1:]
	rest = rest[util.TrimLeftSpaceLength(rest):]
	name, n, ok := alertMarker(rest)
	if !ok {
		return nil, parser.NoChildren
	}
	after := rest[n:]
	if len(after) > 0 && after[0] != ' ' && after[0] != '\t' && after[0] != '\n' && after[0] != '\r' {
		return nil, parser.NoChildren // "[!NOTE]x": not a marker
	}
	kind := -1
	for i, k := range alertNames {
		if strings.EqualFold(name, k) {
			kind = i
		}
	}
	_, seg := reader.PeekLine()
	markerStart := seg.Start - seg.Padding + (len(line) - len(rest))
	if kind < 0 {
		warn(pc, markerStart, diag.CodeMarkdownUnknownAlert,
			"write one of the markers signpost knows, or remove the marker",
			"unknown alert marker [!%s]: the quote is shown as a plain quote; the known markers are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and [!CAUTION]", name)
		return nil, parser.NoChildren
	}
	quoteMarker(reader)
	line, seg = reader.PeekLine()
	off := util.TrimLeftSpaceLength(line)
	node := &Alert{Alert: AlertKind(kind)}
	if t := newTitle(line, seg, off+n); t != nil {
		node.AppendChild(node, t)
	}
	reader.AdvanceToEOL()
	return node, parser.HasChildren
}

func (alertParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if quoteMarker(reader) {
		return parser.Continue | parser.HasChildren
	}
	return parser.Close
}

func (alertParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (alertParser) CanInterruptParagraph() bool { return true }

func (alertParser) CanAcceptIndentedLine() bool { return false }

// alertRenderer writes alerts with nhsuk-frontend 10's markup.
type alertRenderer struct{}

func (alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, renderAlert)
}

func renderAlert(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Alert)
	if n.Alert.inset() {
		hidden := "Information"
		if n.Alert == AlertTip {
			hidden = "Tip"
		}
		insetText(w, hidden, entering)
		return ast.WalkContinue, nil
	}
	warningCallout(w, n, n.HeadingLevel, entering)
	return ast.WalkContinue, nil
}

func (n *Alert) renderTitle(w util.BufWriter, src []byte, t *Title, entering bool) {
	if n.Alert.inset() {
		// Inset text has no heading of its own in NHS.UK: a small one.
		if entering {
			writeHeadingOpen(w, n.HeadingLevel, "nhsuk-heading-s")
		} else {
			writeHeadingClose(w, n.HeadingLevel)
		}
		return
	}
	warningTitle(w, src, t, n.HeadingLevel, entering)
}
