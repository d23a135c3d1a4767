package markdown

import (
	"bytes"
	"fmt"
)

// The limits checkShape enforces. goldmark, like most Markdown parsers,
// takes more than linear time on some shapes of input: deeply nested
// lists and quotes, paragraphs with thousands of emphasis or link
// delimiters, and links run together without spaces. A 500 KB line of
// "*a_b*c_d**e_f*g**h*i_j**" takes goldmark some seconds, and grows with
// the square of its length. Real pages come nowhere near these limits;
// they keep the time to render any body, however hostile, to a small
// multiple of its size.
const (
	// maxIndent bounds the columns of indentation and quote and list
	// markers before a line's text: about 100 levels of nesting.
	maxIndent = 400
	// maxDelims bounds the emphasis and link delimiters (* _ [ ] ` < ~)
	// in one paragraph, list item, heading or table row.
	maxDelims = 2000
	// maxDelimWork bounds the sum, over a body's paragraphs, of the
	// square of their delimiter counts.
	maxDelimWork = 400_000_000
	// maxLinkScan bounds the bytes goldmark scans for link destinations:
	// for each "](" the distance to the next space.
	maxLinkScan = 20_000_000
	// maxContainerDepth bounds how deeply ::: containers nest. They need
	// no indentation to nest, so the indentation limit does not bound
	// them, and goldmark visits every open block on every line.
	maxContainerDepth = 50
)

// shapeError is a body that checkShape refuses.
type shapeError struct {
	line      int // line in the body, from 1
	msg, hint string
}

// checkShape scans body once and returns an error if rendering it could
// take more than linear time.
func checkShape(body []byte) *shapeError {
	var (
		delims    int // in the current paragraph
		unitStart int // its first line
		delimWork int
		linkScan  int
		depth     int // of ::: containers, counting opening and closing fences
	)
	endUnit := func() *shapeError {
		delimWork += delims * delims
		if delimWork > maxDelimWork {
			return &shapeError{line: unitStart,
				msg:  "the page has too much emphasis and link markup to render in reasonable time",
				hint: "split the page, or write fewer *, _, [ and ] characters"}
		}
		delims = 0
		return nil
	}
	// The bytes the scan of a line below looks at: spaces, which end a
	// link destination, and the delimiters. Most of a line is other
	// text, which it passes over with one look-up.
	scanned := [256]bool{' ': true, '\t': true, '*': true, '_': true, '[': true, ']': true, '`': true, '<': true, '~': true}
	line := 0
	for len(body) > 0 {
		line++
		var text []byte
		text, body, _ = bytes.Cut(body, []byte("\n"))
		indent, n, marker := containerPrefix(text)
		if indent > maxIndent {
			return &shapeError{line: line,
				msg:  fmt.Sprintf("this line is nested too deeply: it starts with %d columns of indentation and list or quote markers", indent),
				hint: fmt.Sprintf("signpost renders lists and quotes nested up to about %d levels (%d columns)", maxIndent/4, maxIndent)}
		}
		rest := text[n:]
		if f := fence(rest); f > 0 {
			if len(bytes.TrimSpace(rest[f:])) == 0 {
				depth = max(depth-1, 0)
			} else if depth++; depth > maxContainerDepth {
				return &shapeError{line: line,
					msg:  fmt.Sprintf("::: containers are nested more than %d deep", maxContainerDepth),
					hint: "close each container with ::: before opening the next, unless it belongs inside"}
			}
		}
		blank := len(bytes.TrimSpace(rest)) == 0
		if blank || marker || rest[0] == '#' || rest[0] == '|' {
			// A blank line, or a new list item, heading or table row:
			// goldmark parses the inlines of each separately.
			if err := endUnit(); err != nil {
				return err
			}
			unitStart = 0
		}
		if unitStart == 0 && !blank {
			unitStart = line
		}
		// For each "](", goldmark reads the destination to the next space,
		// or for "](<" to the end of the line. pending counts the first
		// kind since the last space, and pendingSum adds their offsets,
		// so the whole line costs one pass.
		pending, pendingSum := 0, 0
		for i := n; i < len(text) && delims <= maxDelims; i++ {
			c := text[i]
			if !scanned[c] {
				continue
			}
			switch c {
			case ' ', '\t':
				linkScan += pending*i - pendingSum
				pending, pendingSum = 0, 0
			case '*', '_', '[', '`', '<', '~':
				delims++
			case ']':
				delims++
				if i+1 < len(text) && text[i+1] == '(' {
					if start := i + 2; start < len(text) && text[start] == '<' {
						linkScan += len(text) - start
					} else {
						pending++
						pendingSum += start
					}
				}
			}
		}
		linkScan += pending*len(text) - pendingSum
		if delims > maxDelims {
			return &shapeError{line: unitStart,
				msg:  fmt.Sprintf("this paragraph has more than %d *, _, [, ], `, < and ~ characters", maxDelims),
				hint: "split it into shorter paragraphs with blank lines"}
		}
		if linkScan > maxLinkScan {
			return &shapeError{line: line,
				msg:  "too many links are run together without spaces",
				hint: "put spaces or line breaks between links"}
		}
	}
	return endUnit()
}

// containerPrefix returns the columns and bytes of indentation, quote
// markers and list markers at the start of line, and whether it holds a
// list marker.
func containerPrefix(line []byte) (cols, n int, marker bool) {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '>':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			cols += 2
			i += 2
			marker = true
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				cols += j + 2 - i
				i = j + 2
				marker = true
				continue
			}
			return cols, i, marker
		default:
			return cols, i, marker
		}
	}
	return cols, i, marker
}
