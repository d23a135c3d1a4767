package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteText writes l for people: one `file:line: level: message` line per
// diagnostic, with its hint indented on the next lines. A control
// character in a file name or a message (a file named with a newline) is
// escaped as the JSON output escapes it, "\n", so that every finding is
// one line and none can pass for another; a hint's own lines are indented.
func WriteText(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		d.File, d.Msg = escapeLine(d.File), escapeLine(d.Msg)
		b.WriteString(d.String())
		b.WriteByte('\n')
		if d.Excerpt != "" {
			writeExcerpt(&b, d.Excerpt, d.Col)
		}
		if d.Hint != "" {
			b.WriteString("    hint: ")
			for i, line := range strings.Split(d.Hint, "\n") {
				if i > 0 {
					b.WriteString("\n          ")
				}
				b.WriteString(escapeLine(line))
			}
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeLine escapes the control characters of s as encoding/json does
// ("\n", "\t", "\u001b"), and invalid UTF-8 as U+FFFD, leaving the rest.
func escapeLine(s string) string {
	clean := true
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r) // RuneError for invalid UTF-8
		}
	}
	return b.String()
}

// writeExcerpt writes a line of a file, indented, and under it a caret at
// column col (1-based, in characters; none when 0). Tabs are shown as
// spaces to the next multiple of 4, so the caret stays under its
// character.
func writeExcerpt(b *strings.Builder, line string, col int) {
	const indent = "    "
	var shown strings.Builder
	caret := -1
	width := 0
	for i, r := range []rune(line) {
		if i == col-1 {
			caret = width
		}
		switch {
		case r == '\t':
			n := 4 - width%4
			shown.WriteString(strings.Repeat(" ", n))
			width += n
		case r < ' ' || r == 0x7f:
			shown.WriteRune('?')
			width++
		default:
			shown.WriteRune(r)
			width++
		}
	}
	if col-1 == len([]rune(line)) {
		caret = width
	}
	b.WriteString(indent)
	b.WriteString(shown.String())
	b.WriteByte('\n')
	if caret >= 0 {
		b.WriteString(indent)
		b.WriteString(strings.Repeat(" ", caret))
		b.WriteString("^\n")
	}
}

// Summary counts a list's findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Summarize counts the findings in l.
func Summarize(l List) Summary {
	return Summary{Errors: l.Count(Error), Warnings: l.Count(Warning), Infos: l.Count(Info)}
}

// WriteJSON writes l for machines: one JSON object per line per diagnostic
// (file, line, column, level, code, message, hint), then one summary object
// {"summary": {"errors": n, "warnings": n, "infos": n}}.
func WriteJSON(w io.Writer, l List) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range l {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return enc.Encode(struct {
		Summary Summary `json:"summary"`
	}{Summarize(l)})
}

// WriteGitHub writes l as GitHub Actions workflow commands, so that each
// finding is shown as an annotation on the file and line in the pull request.
func WriteGitHub(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		cmd := "notice"
		switch d.Severity {
		case Error:
			cmd = "error"
		case Warning:
			cmd = "warning"
			if d.Strict {
				// It fails the run: show it as GitHub shows failures.
				cmd = "error"
			}
		}
		b.WriteString("::")
		b.WriteString(cmd)
		var props []string
		if d.File != "" {
			props = append(props, "file="+escapeProperty(d.File))
		}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line))
		}
		if d.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", d.Col))
		}
		if d.Code != 0 {
			props = append(props, "title="+escapeProperty("signpost: "+d.Code.String()))
		}
		if len(props) > 0 {
			b.WriteByte(' ')
			b.WriteString(strings.Join(props, ","))
		}
		b.WriteString("::")
		msg := d.Msg
		if d.Hint != "" {
			msg += "\n" + d.Hint
		}
		b.WriteString(escapeData(msg))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message, as the Actions toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
