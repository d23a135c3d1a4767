package explain

import (
	"regexp"
	"strconv"
	"strings"
)

// yamlKey matches a line that starts a field: indentation, an optional
// list dash, the key and its colon.
var yamlKey = regexp.MustCompile(`^([ \t]*)((?:- +)*)([A-Za-z_][\w.\-]*(?: +[\w.\-]+)*)[ \t]*:([ \t]+|$)`)

// yamlNoSpace matches a field whose colon is not followed by a space,
// which YAML reads as one word: `title:"Going paperless"`.
var yamlNoSpace = regexp.MustCompile(`^([ \t]*)([A-Za-z_][\w\-]*):(["'\[{]\S*|[A-Za-z0-9]\S* )`)

// yamlLine is the line the YAML decoder blames: "yaml: line 3: …".
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// YAML explains err, the error of decoding the YAML text src: each of the
// usual mistakes found in it, or else the decoder's own message reworded.
func YAML(src []byte, err error) []Problem {
	msg := err.Error()
	blamed := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		blamed, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	lines := strings.Split(string(src), "\n")
	if found := scanYAML(lines); len(found) > 0 {
		return found
	}
	p := Problem{Line: blamed, Msg: reword(msg, yamlRewordings)}
	if p.Line < 1 || p.Line > len(lines) {
		p.Line = 1
	} else {
		p.Col = firstCol(lines[p.Line-1])
	}
	if p.Msg == msg {
		p.Msg = "the front matter is not valid YAML: " + msg
	}
	p.Hint = "each line of the front matter is a field, name: value; put a value that has a colon, a # or quotes in it in quotes"
	return []Problem{p}
}

var yamlRewordings = []rewording{
	{regexp.MustCompile(`^found a tab character.*$|^found character that cannot start any token$`), "this line has a character YAML does not allow here, such as a tab or one of @ ` %"},
	{regexp.MustCompile(`^mapping values are not allowed in this context$`), "a colon followed by a space starts a field, and this one cannot start here"},
	{regexp.MustCompile(`^did not find expected key$`), "this line is not a field: a field is written name: value, with its name at the start of the line"},
	{regexp.MustCompile(`^could not find expected ':'$`), "a field's name must be followed by a colon and a space"},
	{regexp.MustCompile(`^did not find expected ',' or ']'$`), "a list opened with [ is not closed with ]"},
	{regexp.MustCompile(`^did not find expected ',' or '}'$`), "a set of fields opened with { is not closed with }"},
	{regexp.MustCompile(`^found unexpected end of stream$`), "the front matter ends inside a value: a quote or bracket is never closed"},
	{regexp.MustCompile(`^block sequence entries are not allowed in this context$`), "a list item (- …) cannot start here: put each item on its own line under the field"},
	{regexp.MustCompile(`^unknown anchor '(.*)' referenced$`), "a value starting with * is a YAML alias, and there is no anchor &$1; put the value in quotes"},
}

// scanYAML looks for the usual mistakes in the lines of a YAML document,
// and explains each it finds, so that a writer can fix them all at once.
func scanYAML(lines []string) []Problem {
	var found []Problem
	blockIndent := -1 // inside a block scalar (key: | or >): its key's indentation
	prevIndent, prevHasValue, prevKey := -1, false, ""
	for i, line := range lines {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if blockIndent >= 0 {
			if trimmed == "" || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if t := strings.IndexByte(line[:indent], '\t'); t >= 0 {
			found = append(found, Problem{Line: n, Col: column(line, t),
				Msg:  "this line is indented with a tab, and YAML allows only spaces",
				Hint: "replace the tab at the start of the line with spaces (two for each level)"})
			continue
		}
		if m := yamlNoSpace.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[3], "//") {
			key := m[2]
			colon := len(m[1]) + len(key)
			found = append(found, Problem{Line: n, Col: column(line, colon),
				Msg:  key + ": there is no space after the colon, so YAML does not read this line as a field",
				Hint: "put a space after the colon: " + key + ": " + strings.TrimSpace(line[colon+1:])})
			prevIndent, prevKey, prevHasValue = indent, key, true
			continue
		}
		m := yamlKey.FindStringSubmatchIndex(line)
		if m == nil {
			if strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
				if prevHasValue && indent <= prevIndent {
					found = append(found, Problem{Line: n, Col: column(line, indent),
						Msg:  "this list item belongs to no field: the field above it, " + prevKey + ", already has a value",
						Hint: "to make " + prevKey + " a list, leave nothing after its colon and put each item on its own line below it, starting with -"})
				}
				prevHasValue = false
				continue
			}
			if prevHasValue && indent > prevIndent {
				continue // a plain value continued on the next line
			}
			found = append(found, Problem{Line: n, Col: column(line, indent),
				Msg:  "this line is not a field: a field is written name: value",
				Hint: "add a colon and a space after the field's name; if the line continues the value above, put that value in quotes"})
			continue
		}
		key := line[m[6]:m[7]]
		valueStart := m[1]
		value := strings.TrimRight(line[valueStart:], " \t")
		keyIndent := m[3] - m[0] // indentation and any list dashes
		if m[5] > m[4] {
			keyIndent = m[5] - m[0]
		}
		if indent > 0 && prevHasValue && indent > prevIndent && m[5] == m[4] {
			found = append(found, Problem{Line: n, Col: column(line, 0),
				Msg:  key + ": this line is indented, but the field above it, " + prevKey + ", already has a value",
				Hint: "remove the spaces at the start of the line, so that " + key + " is a field of its own"})
			continue
		}
		if p, ok := yamlValue(n, line, key, valueStart, value, continuation(lines[i+1:], indent)); ok {
			found = append(found, p)
		}
		prevIndent, prevKey = keyIndent, key
		prevHasValue = value != "" && !strings.HasPrefix(value, "#")
		if strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">") {
			blockIndent, prevHasValue = indent, false
		}
		if c := value; c != "" && (c[0] == '"' || c[0] == '\'' || c[0] == '[' || c[0] == '{') {
			// A value written over several lines would be explained
			// above; its later lines are not fields.
			prevHasValue = true
		}
	}
	return found
}

// yamlValue explains a mistake in the value of field key on line n, which
// starts at byte offset start.
func yamlValue(n int, line, key string, start int, value, more string) (Problem, bool) {
	if value == "" {
		return Problem{}, false
	}
	at := func(i int) int { return column(line, start+i) }
	switch c := value[0]; c {
	case '"', '\'':
		end := closing(value, 0, true)
		if c == '\'' {
			end = closing(value, 0, false)
		}
		if end < 0 {
			return Problem{Line: n, Col: at(0),
				Msg:  key + ": the quote " + string(c) + " that starts the value is never closed",
				Hint: "end the value with " + string(c) + " on the same line: " + key + ": " + string(c) + strings.Trim(value, `"' `) + string(c)}, true
		}
		rest := strings.TrimLeft(value[end:], " \t")
		if rest != "" && !strings.HasPrefix(rest, "#") {
			inner := strings.TrimSpace(value)
			inner = inner[1 : len(inner)-1]
			p := Problem{Line: n, Col: at(end - 1),
				Msg: key + ": the value ends at this " + string(c) + ", and YAML cannot read the text after it"}
			if c == '"' {
				p.Hint = "to put double quotes inside the value, use single quotes around it: " + key + ": '" + inner + "'"
			} else {
				p.Hint = "to put an apostrophe inside the value, use double quotes around it: " + key + ": \"" + inner + "\" (or write it twice: '')"
			}
			return p, true
		}
	case '[', '{':
		end, open := brackets(value, 0, true)
		if end < 0 && more != "" {
			if e, _ := brackets(value+" "+more, 0, true); e >= 0 {
				return Problem{}, false // a list written over several lines
			}
		}
		if end < 0 {
			what, close := whatBracket(value[open])
			return Problem{Line: n, Col: at(open),
				Msg:  key + ": " + what + " is never closed",
				Hint: "add " + close + " at the end: " + key + ": " + withoutComment(value) + close}, true
		}
		rest := strings.TrimLeft(value[end:], " \t")
		if rest != "" && !strings.HasPrefix(rest, "#") {
			return Problem{Line: n, Col: at(end),
				Msg:  key + ": there is more text after the closing " + string(value[end-1]),
				Hint: "put everything inside the brackets, or the whole value in quotes"}, true
		}
	case '@', '`', '%':
		return Problem{Line: n, Col: at(0),
			Msg:  key + ": a value cannot start with " + string(c) + " in YAML",
			Hint: "put the " + key + " in quotes: " + key + ": " + quoteValue(value)}, true
	case '*':
		return Problem{Line: n, Col: at(0),
			Msg:  key + ": a value starting with * is read as a YAML alias",
			Hint: "put the " + key + " in quotes: " + key + ": " + quoteValue(value)}, true
	case '|', '>', '&', '!':
		return Problem{}, false
	case '-':
		if strings.HasPrefix(value, "- ") {
			return Problem{Line: n, Col: at(0),
				Msg:  key + ": a list item cannot be on the same line as its field",
				Hint: "put each item on its own line, starting with - under the field, or write " + key + ": [" + strings.TrimSpace(value[2:]) + "]"}, true
		}
	}
	if c := value[0]; c == '"' || c == '\'' || c == '[' || c == '{' {
		return Problem{}, false
	}
	plain := value
	if i := strings.Index(plain, " #"); i >= 0 {
		plain = strings.TrimRight(plain[:i], " \t")
	}
	if i := strings.Index(plain, ": "); i >= 0 || strings.HasSuffix(plain, ":") {
		if i < 0 {
			i = len(plain) - 1
		}
		return Problem{Line: n, Col: at(i),
			Msg:  key + ": the value has a colon followed by a space, which YAML reads as the start of another field",
			Hint: "put the " + key + " in quotes: " + key + ": " + quoteValue(plain)}, true
	}
	return Problem{}, false
}

// continuation joins the lines that follow a field and are indented more
// than it, which may continue its value.
func continuation(lines []string, indent int) string {
	var parts []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t != "" && len(l)-len(strings.TrimLeft(l, " \t")) <= indent {
			break
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

// withoutComment cuts a YAML or TOML comment off the end of a value.
func withoutComment(v string) string {
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimRight(v, " \t")
}
