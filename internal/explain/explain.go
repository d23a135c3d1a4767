// Package explain turns the errors of the YAML and TOML parsers into
// findings that a writer who is not a developer can act on: what is wrong
// in plain words, on which line and column, and how to fix it ("put the
// title in quotes"). The parsers say where they gave up, in their own
// terms; explain reads the lines themselves to find the usual mistakes
// (a colon in an unquoted value, a tab in the indentation, a quote or a
// bracket never closed), and falls back to rewording the parser's message.
//
// It knows nothing of pages or configuration: content and config give it
// the text and the parser's error, and position the result in their file.
package explain

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Problem is a syntax error explained.
type Problem struct {
	// Line and Col are 1-based, in the text given; Col counts characters
	// and is 0 when unknown.
	Line, Col int
	// Msg says what is wrong, starting with the field where one is known:
	// `title: the value has a colon followed by a space, …`.
	Msg string
	// Hint says how to fix it.
	Hint string
}

// Excerpt returns line n (1-based) of src, for showing under a finding,
// or "" if there is no such line.
func Excerpt(src []byte, n int) string {
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}

// column is the 1-based character column of byte offset i in line.
func column(line string, i int) int {
	return utf8.RuneCountInString(line[:i]) + 1
}

// firstCol is the column of the first character of line that is not a
// space or a tab.
func firstCol(line string) int {
	return column(line, len(line)-len(strings.TrimLeft(line, " \t")))
}

// quoteValue writes s as a quoted YAML or TOML string, double-quoted
// unless it holds a double quote.
func quoteValue(s string) string {
	if strings.Contains(s, `"`) && !strings.Contains(s, `'`) {
		return "'" + s + "'"
	}
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// closing returns the byte offset just after the quoted string that
// starts at line[i] (a ' or "), or -1 if it is not closed on the line.
// Doubled single quotes and backslash escapes in double quotes are part
// of the string.
func closing(line string, i int, backslash bool) int {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch {
		case backslash && q == '"' && line[j] == '\\':
			j++
		case line[j] == q && q == '\'' && j+1 < len(line) && line[j+1] == '\'' && !backslash:
			j++
		case line[j] == q:
			return j + 1
		}
	}
	return -1
}

// brackets scans a flow list or mapping starting at line[i] ('[' or '{')
// and returns the offset just after its matching close, or -1 with the
// offset of the innermost bracket still open at the end of the line.
func brackets(line string, i int, backslash bool) (end, open int) {
	var stack []int
	for j := i; j < len(line); j++ {
		switch c := line[j]; c {
		case '"', '\'':
			k := closing(line, j, backslash)
			if k < 0 {
				return -1, j
			}
			j = k - 1
		case '[', '{':
			stack = append(stack, j)
		case ']', '}':
			if len(stack) == 0 {
				return j + 1, -1
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return j + 1, -1
			}
		case '#':
			if !backslash && j > 0 && (line[j-1] == ' ' || line[j-1] == '\t') {
				// A YAML comment ends the line.
				if len(stack) > 0 {
					return -1, stack[len(stack)-1]
				}
			}
		}
	}
	if len(stack) == 0 {
		return len(line), -1
	}
	return -1, stack[len(stack)-1]
}

// whatBracket names the collection a bracket opens.
func whatBracket(c byte) (what, close string) {
	if c == '{' {
		return "the set of fields opened with {", "}"
	}
	return "the list opened with [", "]"
}

// reword makes a parser message plainer, for the cases explain cannot
// pin down; unknown messages are kept as they are.
func reword(msg string, rewordings []rewording) string {
	for _, r := range rewordings {
		if r.re.MatchString(msg) {
			return r.re.ReplaceAllString(msg, r.plain)
		}
	}
	return msg
}

type rewording struct {
	re    *regexp.Regexp
	plain string
}
