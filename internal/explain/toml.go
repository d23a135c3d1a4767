package explain

import (
	"errors"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlKey matches a line that sets a key: `page_size = 20`.
var tomlKey = regexp.MustCompile(`^[ \t]*([A-Za-z0-9_\-."']+)[ \t]*=[ \t]*`)

// TOML explains err, the error of decoding the TOML text src.
func TOML(src []byte, err error) Problem {
	lines := strings.Split(string(src), "\n")
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{Line: 1, Msg: "the TOML is not valid: " + strings.TrimPrefix(err.Error(), "toml: "),
			Hint: `each line is a setting, name = value, with text in quotes: title = "NHS Digital Knowledge Base"`}
	}
	n := pe.Position.Line
	if n < 1 || n > len(lines) {
		n = 1
	}
	line := lines[n-1]
	p := Problem{Line: n, Col: pe.Position.Col}
	key := ""
	if m := tomlKey.FindStringSubmatchIndex(line); m != nil {
		key = strings.Trim(line[m[2]:m[3]], `"'`)
		value := strings.TrimRight(line[m[1]:], " \t")
		if q, ok := tomlValue(n, line, key, m[1], value, lines); ok {
			return q
		}
	}
	msg := pe.Message
	switch {
	case strings.HasPrefix(msg, "expected '.' or '=', but got ':'"):
		name := strings.TrimSpace(line[:strings.IndexByte(line, ':')])
		p.Msg = name + ": TOML settings are written name = value, with an equals sign, not a colon"
		p.Hint = "write " + name + " =" + line[strings.IndexByte(line, ':')+1:]
		return p
	case strings.HasPrefix(msg, "Key '") && strings.HasSuffix(msg, "' has already been defined."):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "Key '"), "' has already been defined.")
		p.Msg = name + ": set twice; keep one"
		p.Col = firstCol(line)
		return p
	case strings.HasPrefix(msg, "expected a comma (',') or array terminator (']')"):
		// The list was opened on an earlier line and never closed.
		for j := n - 1; j >= 1; j-- {
			if m := tomlKey.FindStringSubmatchIndex(lines[j-1]); m != nil && strings.HasPrefix(lines[j-1][m[1]:], "[") {
				k := strings.Trim(lines[j-1][m[2]:m[3]], `"'`)
				return Problem{Line: j, Col: column(lines[j-1], m[1]),
					Msg:  k + ": the list opened with [ is never closed",
					Hint: "add ] after the last item: " + k + " = " + withoutComment(lines[j-1][m[1]:]) + "]"}
			}
		}
	}
	if key != "" {
		p.Msg = key + ": " + msg
	} else {
		p.Msg = "the TOML is not valid: " + msg
	}
	p.Hint = `each line is a setting, name = value, with text in quotes: title = "NHS Digital Knowledge Base"`
	return p
}

// tomlValue explains a mistake in the value of key on line n, which
// starts at byte offset start.
func tomlValue(n int, line, key string, start int, value string, lines []string) (Problem, bool) {
	at := func(i int) int { return column(line, start+i) }
	if value == "" {
		return Problem{Line: n, Col: at(0), Msg: key + ": the setting has no value",
			Hint: "give it a value after the equals sign, with text in quotes: " + key + ` = "…"`}, true
	}
	switch c := value[0]; c {
	case '"', '\'':
		if strings.HasPrefix(value, `"""`) || strings.HasPrefix(value, "'''") {
			return Problem{}, false
		}
		end := closing(value, 0, c == '"')
		if c == '\'' {
			// A TOML literal string has no escapes at all.
			end = strings.IndexByte(value[1:], '\'')
			if end >= 0 {
				end += 2
			}
		}
		if end < 0 {
			return Problem{Line: n, Col: at(0),
				Msg:  key + ": the quote " + string(c) + " that starts the value is never closed",
				Hint: "end the value with " + string(c) + " on the same line: " + key + " = " + string(c) + strings.Trim(value, `"' `) + string(c)}, true
		}
		rest := strings.TrimLeft(value[end:], " \t")
		if rest != "" && !strings.HasPrefix(rest, "#") {
			inner := strings.TrimSpace(value)
			inner = inner[1 : len(inner)-1]
			p := Problem{Line: n, Col: at(end - 1),
				Msg: key + ": the value ends at this " + string(c) + ", and TOML cannot read the text after it"}
			if c == '"' {
				p.Hint = "to put double quotes inside the value, use single quotes around it: " + key + " = '" + inner + "'"
			} else {
				p.Hint = "to put an apostrophe inside the value, use double quotes around it: " + key + ` = "` + inner + `"`
			}
			return p, true
		}
		return Problem{}, false
	case '[', '{':
		end, open := brackets(value, 0, true)
		if end < 0 && c == '[' && continues(lines, n) {
			return Problem{}, false // a list written over several lines
		}
		if end < 0 {
			what, close := whatBracket(value[open])
			return Problem{Line: n, Col: at(open),
				Msg:  key + ": " + what + " is never closed",
				Hint: "add " + close + " after the last item: " + key + " = " + withoutComment(value) + close}, true
		}
		return Problem{}, false
	}
	if looksLikeTOMLValue(value) {
		return Problem{}, false
	}
	plain := value
	if i := strings.Index(plain, " #"); i >= 0 {
		plain = strings.TrimRight(plain[:i], " \t")
	}
	return Problem{Line: n, Col: at(0),
		Msg:  key + ": text must be in quotes in TOML",
		Hint: "put the value in quotes: " + key + " = " + quoteValue(plain)}, true
}

// continues reports whether the list opened on line n goes on over the
// next lines, as TOML allows: a later line closes it before any other
// setting starts.
func continues(lines []string, n int) bool {
	for _, l := range lines[n:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "]") || strings.HasSuffix(t, "]") {
			return true
		}
		if tomlKey.MatchString(l) || strings.HasPrefix(t, "[") {
			return false
		}
	}
	return false
}

// tomlBare matches the values TOML writes without quotes: numbers,
// booleans, dates and times, inf and nan.
var tomlBare = regexp.MustCompile(`^([+-]?(\d[\d_]*(\.[\d_]+)?([eE][+-]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|inf|nan)|true|false|\d{4}-\d\d-\d\d([Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:\d\d)?)?|\d\d:\d\d(:\d\d(\.\d+)?)?)([ \t]*(#.*)?)$`)

func looksLikeTOMLValue(v string) bool { return tomlBare.MatchString(v) }
