// Package slug turns titles, file names, tags and headings into the short,
// stable, URL-safe names used in paths and anchors.
//
// It owns the one rule for such names; no other package makes them its own
// way.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug Make returns, in bytes; longer input is cut at
// a word boundary where there is one. It keeps every path segment well
// inside the 255-byte file-name limit of common file systems.
const MaxLen = 96

// Make returns the slug of s: lower case, accents folded ("é" → "e"),
// letters and digits kept, words joined by single hyphens. Apostrophes and
// other punctuation are dropped ("Dudley's plan?" → "dudleys-plan"), while
// spaces, hyphens, underscores, slashes, dots, plus and ampersand separate
// words ("dm+d" → "dm-d"). The result never contains "/", "\", "." or NUL,
// so it is always a single safe path segment. Make returns "" when s has
// no letters or digits.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	// Invalid UTF-8 is dropped before normalising: left in, it can stop
	// the decomposition of the letter after it, so that the slug of a
	// slug would differ from the slug.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining mark left by decomposition: drop it to fold accents.
		case r < unicode.MaxASCII && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(unicode.ToLower(r))
		case isSeparator(r):
			pendingHyphen = true
		}
	}
	return truncate(b.String())
}

func isSeparator(r rune) bool {
	if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) {
		return true
	}
	switch r {
	case '_', '/', '\\', '.', '+', '&', '|', '=', '~', ',', ';':
		return true
	}
	return false
}

func truncate(s string) string {
	if len(s) <= MaxLen {
		return s
	}
	cut := s[:MaxLen]
	if i := strings.LastIndexByte(cut, '-'); i > MaxLen/2 {
		return cut[:i]
	}
	// Cut at a rune boundary.
	for len(cut) > 0 && !isRuneStart(cut[len(cut)-1]) {
		cut = cut[:len(cut)-1]
	}
	if len(cut) > 0 && cut[len(cut)-1] >= 0x80 {
		cut = cut[:len(cut)-1]
	}
	return strings.TrimRight(cut, "-")
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
