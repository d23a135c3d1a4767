package content

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/signpost-kb/signpost/internal/explain"
)

// A value is a decoded front-matter value of either format, with the line
// it came from, so that typed decoding can report positioned errors.
type value struct {
	kind  valueKind
	tag   string // scalars: "str", "int", "float", "bool", "timestamp"
	text  string // scalars: the text as written (YAML) or formatted (TOML)
	line  int    // 1-based line in the file
	items []value
	keys  []field
	// cut is the comment YAML read at the end of a plain scalar when it
	// looks like part of the value, "#paperless" in "title: Going
	// #paperless", which would otherwise be lost without a word.
	cut string
}

type valueKind uint8

const (
	nullValue valueKind = iota
	scalarValue
	listValue
	mapValue
)

// A field is one key of a mapping.
type field struct {
	key  string
	line int
	val  value
}

// describe names the type of v for messages: "a string", "a list".
func (v value) describe() string {
	switch v.kind {
	case nullValue:
		return "nothing"
	case listValue:
		return "a list"
	case mapValue:
		return "a mapping"
	}
	switch v.tag {
	case "int", "float":
		return "a number"
	case "bool":
		return "true/false"
	case "timestamp":
		return "a date"
	case "time":
		return "a time of day without a date (" + v.text + ")"
	}
	return "a string"
}

// maxNodes bounds the size of a front matter after alias expansion, so a
// "billion laughs" document is an error rather than an out-of-memory crash.
const maxNodes = 10000

var errTooLarge = errors.New("front matter is too large or expands too many aliases (more than 10,000 values)")

// parseYAML decodes YAML front matter. first is the file line of the first
// line of data.
func parseYAML(data []byte, first int) (v value, err error) {
	defer func() {
		// yaml.v3 has panicked on hostile input before; never let it take
		// the build down.
		if r := recover(); r != nil {
			err = fmt.Errorf("the front matter is not valid YAML: %v", r)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return value{}, yamlError(data, err, first)
	}
	if doc.Kind == 0 { // empty document
		return value{kind: mapValue, line: first}, nil
	}
	budget := maxNodes
	return fromYAML(&doc, first-1, &budget)
}

// yamlError explains the YAML decoder's error in plain words, on the file
// line: first is the file line of the first line of data.
func yamlError(data []byte, err error, first int) error {
	var errs lineErrors
	for _, p := range explain.YAML(data, err) {
		errs = append(errs, &lineError{line: p.Line + first - 1, col: p.Col, msg: p.Msg, hint: p.Hint, excerpt: explain.Excerpt(data, p.Line)})
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errs
}

// lineErrors are several decoding errors, each on its line.
type lineErrors []*lineError

func (e lineErrors) Error() string { return e[0].msg }

// lineError is a decoding error on a known line.
type lineError struct {
	line, col int
	msg, hint string
	excerpt   string // the line, as written
}

func (e *lineError) Error() string { return e.msg }

func fromYAML(n *yaml.Node, offset int, budget *int) (value, error) {
	*budget--
	if *budget < 0 {
		return value{}, &lineError{line: n.Line + offset, msg: errTooLarge.Error()}
	}
	line := n.Line + offset
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return value{kind: mapValue, line: line}, nil
		}
		return fromYAML(n.Content[0], offset, budget)
	case yaml.AliasNode:
		if n.Alias == nil {
			return value{line: line}, nil
		}
		v, err := fromYAML(n.Alias, offset, budget)
		if le, ok := err.(*lineError); ok {
			// Blame the use of the alias, not its anchor: the outermost
			// use is where the expansion went too far.
			le.line = line
		}
		v.line = line
		return v, err
	case yaml.SequenceNode:
		v := value{kind: listValue, line: line}
		for _, c := range n.Content {
			item, err := fromYAML(c, offset, budget)
			if err != nil {
				return value{}, err
			}
			v.items = append(v.items, item)
		}
		return v, nil
	case yaml.MappingNode:
		v := value{kind: mapValue, line: line}
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return value{}, &lineError{line: k.Line + offset, msg: "a field's name must be a plain word, such as title", col: k.Column}
			}
			if first, dup := seen[k.Value]; dup {
				return value{}, &lineError{line: k.Line + offset, col: k.Column,
					msg: fmt.Sprintf("%s: set twice (first on line %d); keep one", k.Value, first)}
			}
			seen[k.Value] = k.Line + offset
			fv, err := fromYAML(val, offset, budget)
			if err != nil {
				return value{}, err
			}
			v.keys = append(v.keys, field{key: k.Value, line: k.Line + offset, val: fv})
		}
		return v, nil
	case yaml.ScalarNode:
		tag := strings.TrimPrefix(n.ShortTag(), "!!")
		if tag == "null" {
			return value{line: line}, nil
		}
		if tag == "binary" {
			tag = "str"
		}
		v := value{kind: scalarValue, tag: tag, text: n.Value, line: line}
		if c := n.LineComment; n.Style == 0 && len(c) > 1 && c[0] == '#' && c[1] != ' ' && c[1] != '\t' && c[1] != '#' {
			v.cut = c
		}
		return v, nil
	}
	return value{line: line}, nil
}

// maxTOMLDepth bounds the nesting of arrays and inline tables in TOML
// front matter: the TOML decoder takes time that grows faster than the
// square of the depth of nested inline tables (16,000 take half a minute).
const maxTOMLDepth = 100

// tomlTooDeep returns the line (from 1) on which the brackets and braces
// of TOML data nest deeper than maxTOMLDepth, or 0. It skips strings and
// comments; it is a bound, not a parser.
func tomlTooDeep(data []byte) int {
	line, depth := 1, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			quote := []byte{c}
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				quote = []byte{c, c, c}
			}
			i += len(quote)
			for i < len(data) && !bytes.HasPrefix(data[i:], quote) {
				switch {
				case data[i] == '\n':
					line++
				case data[i] == '\\' && c == '"':
					i++ // an escaped character
				}
				i++
			}
			i += len(quote) - 1
		case '[', '{':
			if depth++; depth > maxTOMLDepth {
				return line
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return 0
}

// parseTOML decodes TOML front matter. first is the file line of the first
// line of data.
func parseTOML(data []byte, first int) (v value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the front matter is not valid TOML: %v", r)
		}
	}()
	if line := tomlTooDeep(data); line > 0 {
		return value{}, &lineError{line: line + first - 1, msg: fmt.Sprintf("front matter nests lists and tables more than %d deep", maxTOMLDepth)}
	}
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		p := explain.TOML(data, err)
		return value{}, &lineError{line: p.Line + first - 1, col: p.Col, msg: p.Msg, hint: p.Hint, excerpt: explain.Excerpt(data, p.Line)}
	}
	lines := tomlKeyLines(data, first)
	budget := maxNodes
	return fromTOML(m, "", lines, first, &budget)
}

func fromTOML(x any, path string, lines map[string]int, line int, budget *int) (value, error) {
	*budget--
	if *budget < 0 {
		return value{}, &lineError{line: line, msg: errTooLarge.Error()}
	}
	switch x := x.(type) {
	case map[string]any:
		v := value{kind: mapValue, line: line}
		for k, c := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			l := lines[p]
			if l == 0 {
				l = line
			}
			fv, err := fromTOML(c, p, lines, l, budget)
			if err != nil {
				return value{}, err
			}
			v.keys = append(v.keys, field{key: k, line: l, val: fv})
		}
		sort.Slice(v.keys, func(i, j int) bool {
			if v.keys[i].line != v.keys[j].line {
				return v.keys[i].line < v.keys[j].line
			}
			return v.keys[i].key < v.keys[j].key
		})
		return v, nil
	case []map[string]any:
		v := value{kind: listValue, line: line}
		for _, c := range x {
			item, err := fromTOML(c, path, lines, line, budget)
			if err != nil {
				return value{}, err
			}
			v.items = append(v.items, item)
		}
		return v, nil
	case []any:
		v := value{kind: listValue, line: line}
		for _, c := range x {
			item, err := fromTOML(c, path, lines, line, budget)
			if err != nil {
				return value{}, err
			}
			v.items = append(v.items, item)
		}
		return v, nil
	case string:
		return value{kind: scalarValue, tag: "str", text: x, line: line}, nil
	case int64:
		return value{kind: scalarValue, tag: "int", text: strconv.FormatInt(x, 10), line: line}, nil
	case float64:
		return value{kind: scalarValue, tag: "float", text: strconv.FormatFloat(x, 'g', -1, 64), line: line}, nil
	case bool:
		return value{kind: scalarValue, tag: "bool", text: strconv.FormatBool(x), line: line}, nil
	case time.Time:
		if x.Location().String() == "time-local" {
			// 07:32:00: a time of day without a date, which no date
			// field can use (as a date it would be 1 January of year 0).
			return value{kind: scalarValue, tag: "time", text: x.Format(time.TimeOnly), line: line}, nil
		}
		return value{kind: scalarValue, tag: "timestamp", text: x.Format(time.RFC3339), line: line}, nil
	case fmt.Stringer: // toml.LocalDate, LocalTime, LocalDateTime
		return value{kind: scalarValue, tag: "timestamp", text: x.String(), line: line}, nil
	}
	return value{kind: scalarValue, tag: "str", text: fmt.Sprint(x), line: line}, nil
}

// tomlKeyLines finds the line of each dotted key path in TOML source. The
// TOML decoder does not report key positions, so this scans for
// `key =` lines under `[table]` headers; it is exact for the flat front
// matter signpost uses and best effort beyond.
func tomlKeyLines(data []byte, first int) map[string]int {
	lines := map[string]int{}
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			table = strings.TrimSpace(strings.Trim(t, "[]"))
			if _, ok := lines[table]; !ok {
				lines[table] = i + first
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if !ok || strings.HasPrefix(t, "#") {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		if table != "" {
			k = table + "." + k
		}
		if _, ok := lines[k]; !ok {
			lines[k] = i + first
		}
	}
	return lines
}
