package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// parseJSValue reads the argument of a Nunjucks macro call: a JavaScript
// object literal such as { src: "x.png", alt: 'A map', width: 2 }, with
// strings, numbers, booleans, null, arrays and nested objects. Anything
// else (a variable, an expression) is an error, since it cannot be known
// without running the template.
func parseJSValue(s string) (any, error) {
	p := &jsParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q", p.rest())
	}
	return v, nil
}

type jsParser struct {
	s string
	i int
}

const maxJSDepth = 50

func (p *jsParser) rest() string {
	r := p.s[p.i:]
	if len(r) > 20 {
		r = r[:20] + "…"
	}
	return r
}

func (p *jsParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsParser) value(depth int) (any, error) {
	if depth > maxJSDepth {
		return nil, errors.New("nested too deeply")
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, errors.New("missing value")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"' || c == '\'' || c == '`':
		return p.str()
	case c == '-' || c == '.' || (c >= '0' && c <= '9'):
		j := p.i + 1
		for j < len(p.s) && strings.IndexByte("0123456789.eE+-", p.s[j]) >= 0 {
			j++
		}
		f, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", p.s[p.i:j])
		}
		p.i = j
		return f, nil
	}
	word := p.ident()
	switch word {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null", "undefined":
		return nil, nil
	case "":
		return nil, fmt.Errorf("unexpected %q", p.rest())
	}
	return nil, fmt.Errorf("%s is a template variable, not a value", word)
}

func (p *jsParser) ident() string {
	j := p.i
	for j < len(p.s) {
		c := p.s[j]
		if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > p.i && c >= '0' && c <= '9' {
			j++
			continue
		}
		break
	}
	w := p.s[p.i:j]
	p.i = j
	return w
}

func (p *jsParser) str() (string, error) {
	q := p.s[p.i]
	var b strings.Builder
	for p.i++; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\\' && p.i+1 < len(p.s):
			p.i++
			switch e := p.s[p.i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("unclosed string")
}

func (p *jsParser) object(depth int) (any, error) {
	p.i++ // {
	m := map[string]any{}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, errors.New("unclosed {")
		}
		if p.s[p.i] == '}' {
			p.i++
			return m, nil
		}
		var key string
		if c := p.s[p.i]; c == '"' || c == '\'' {
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			key = k
		} else if key = p.ident(); key == "" {
			return nil, fmt.Errorf("unexpected %q", p.rest())
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("want : after %s", key)
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		m[key] = v
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		}
	}
}

func (p *jsParser) array(depth int) (any, error) {
	p.i++ // [
	var a []any
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, errors.New("unclosed [")
		}
		if p.s[p.i] == ']' {
			p.i++
			return a, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		}
	}
}
