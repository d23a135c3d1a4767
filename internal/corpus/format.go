package corpus

import (
	"strconv"
	"strings"
)

// appendQuoted appends s as a YAML double-quoted scalar.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendList appends ss as a YAML flow sequence of quoted strings.
func appendList(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendQuoted(b, s)
	}
	return append(b, ']')
}

// appendDate appends the date day days after firstDay as YYYY-MM-DD.
func appendDate(b []byte, day int) []byte {
	return firstDay.AddDate(0, 0, day).AppendFormat(b, "2006-01-02")
}

// slugify lower-cases s, turns every run of other characters than a-z and
// 0-9 into one hyphen, trims hyphens and cuts the result to 60 bytes.
func slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteByte(c)
		} else {
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > 60 {
		out = strings.TrimRight(out[:60], "-")
	}
	return out
}

// pad6 formats i in decimal, zero-padded to at least six digits.
func pad6(i int) string {
	s := strconv.Itoa(i)
	if len(s) < 6 {
		s = "000000"[len(s):] + s
	}
	return s
}
