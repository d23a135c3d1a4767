package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is goldmark's Linkify extension, which makes links of bare
// addresses ("https://…", "www.…") and email addresses, behind a test
// that passes over the words that cannot start one. goldmark asks
// Linkify's parser at every space, '*', '_', '~' and '(' of the text, and
// the parser looks for an email address in every word that follows: a
// tenth of the time to parse a page.
type linkify struct{}

// Extend implements goldmark.Extender as extension.Linkify does, at the
// same priority.
func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(linkifyGate{extension.NewLinkifyParser()}, 999),
	))
}

// linkifyGate calls Linkify's parser only where it could find a link:
// where the text after the trigger character starts with one of the
// prefixes of the addresses it finds, or its first word has an '@' where
// the local part of an email address can end (within 64 bytes). Anywhere else the
// parser returns nil without reading or changing anything, as the gate
// does. (Linkify's CloseBlock does nothing, so the gate has none.)
type linkifyGate struct{ parser.InlineParser }

func (g linkifyGate) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if !mayLink(line) {
		return nil
	}
	return g.InlineParser.Parse(parent, block, pc)
}

// mayLink reports whether Linkify's parser could find a link at the
// start of line: an address with one of its prefixes, or an email
// address, whose local part (up to 64 bytes, no spaces) ends with '@'.
func mayLink(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	switch line[0] {
	case 'h', 'f', 'w':
		for _, p := range [...]string{"http:", "https:", "ftp:", "www."} {
			if bytes.HasPrefix(line, []byte(p)) {
				return true
			}
		}
	}
	for _, c := range line[:min(len(line), 65)] {
		switch c {
		case '@':
			return true
		case ' ', '\t', '\n':
			return false
		}
	}
	return false
}
