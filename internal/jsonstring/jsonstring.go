// Package jsonstring writes JSON strings without reflection, byte for byte
// as encoding/json does: the one escaper of the files signpost writes by
// hand (the output marker, the search index). It owns no state and must
// not grow a second notion of escaping: what encoding/json writes is the
// specification, and the tests compare the two.
package jsonstring

import "unicode/utf8"

const hex = "0123456789abcdef"

// Append appends s to dst as a quoted JSON string, as encoding/json writes
// it: quotes, backslashes and control characters escaped (\b, \f, \n, \r
// and \t by their short forms), invalid UTF-8 replaced by U+FFFD, U+2028
// and U+2029 escaped, and with escapeHTML also <, > and & (json.Marshal's
// default; an Encoder with SetEscapeHTML(false) leaves them).
func Append(dst []byte, s string, escapeHTML bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || (c != '<' && c != '>' && c != '&')) {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
