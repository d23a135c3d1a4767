package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text as the index and the query see it.
//
// The JavaScript runtime (themes/nhs/static/search.js) implements the same
// rules; TestJSRuntime proves that the two agree.
type Token struct {
	Word   string // folded: lower case, accents removed, British spelling
	Stem   string // Snowball English stem of Word (Word itself for numbers and non-Latin words)
	Pos    int    // word position; the parts of a hyphenated word take consecutive positions
	Start  int    // byte offset of the token in the text
	End    int    // byte offset just after the token
	Joined bool   // the joined form of a hyphenated word ("eprescribing" for "e-prescribing"), at its first part's position
}

// Tokenize splits text into words for the index: every word, and for a
// hyphenated word its parts and their joined form. Stop words are kept; the
// caller decides where they count.
//
// Words are runs of letters, digits and combining marks. An apostrophe
// between letters stays in the word ("King's" → "king", "O'Brien" →
// "obrien"), a point or comma between digits too ("27,001" → "27001", "2.5"),
// and a hyphen between words joins a compound. Han, Hiragana and Katakana
// characters are one word each.
func Tokenize(text string) []Token {
	return tokenize(text, true)
}

// tokenize is Tokenize with a choice of joined forms.
func tokenize(text string, joined bool) []Token {
	lx := newLexer(newLexicon())
	toks := make([]Token, 0, len(text)/6+1)
	lx.scan(text, joined, func(w lexWord, pos, start, end int, n int) {
		word := lx.lex.words[w.id]
		toks = append(toks, Token{Word: word.word, Stem: lx.lex.stems[w.stem], Pos: pos, Start: start, End: end, Joined: n > 0})
	})
	return toks
}

// scan calls emit with each token of text, in the order Tokenize returns
// them: n is 0 for a word, and for the joined form of a compound the number
// of its parts that were words (the form's position is that many before the
// position after them).
func (lx *lexer) scan(text string, joined bool, emit func(w lexWord, pos, start, end, n int)) {
	pos := 0
	parts := lx.parts[:0]
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
			// Most words are ASCII letters and digits followed by a space or
			// punctuation that cannot continue them: look them up at once.
			j, h := i, uint32(fnvOffset)
			for ; j < len(text) && text[j] < utf8.RuneSelf && asciiWord[text[j]]; j++ {
				h = (h ^ uint32(text[j])) * fnvPrime
			}
			if j == len(text) || plainEnd(text, j) {
				if w := lx.wordHashed(text[i:j], h); w.id >= 0 {
					emit(w, pos, i, j, 0)
					pos++
				}
				i = j
				continue
			}
		}
		r, size := decodeRune(text, i)
		if r >= 0x2E80 && isIdeograph(r) {
			parts = append(parts[:0], [2]int{i, i + size})
			lx.compound(text, parts, &pos, joined, emit)
			i += size
			continue
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		parts = parts[:0]
		start, j := i, i
		for {
			j = scanPart(text, start)
			parts = append(parts, [2]int{start, j})
			if j < len(text) {
				if h, hs := decodeRune(text, j); isHyphen(h) && j+hs < len(text) {
					if n, _ := decodeRune(text, j+hs); isWordRune(n) && !isIdeograph(n) {
						start = j + hs
						continue
					}
				}
			}
			break
		}
		lx.compound(text, parts, &pos, joined, emit)
		i = j
	}
	lx.parts = parts
}

// plainEnd reports whether the ASCII word ending at text[j] ends there for
// certain: the character at j is ASCII and neither a hyphen nor an
// apostrophe, nor a point or comma after a digit.
func plainEnd(text string, j int) bool {
	switch c := text[j]; {
	case c >= utf8.RuneSelf, c == '-', c == '\'':
		return false
	case c == '.' || c == ',':
		return !isDigit(rune(text[j-1]))
	}
	return true
}

// decodeRune decodes the rune at text[i], quickly for ASCII.
func decodeRune(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// scanPart returns the end of the word part that starts at text[start].
func scanPart(text string, start int) int {
	j := start
	prev := rune(-1)
	for j < len(text) {
		c := text[j]
		if c < utf8.RuneSelf && asciiWord[c] {
			prev = rune(c)
			j++
			continue
		}
		r, size := decodeRune(text, j)
		if isWordRune(r) && !isIdeograph(r) {
			prev = r
			j += size
			continue
		}
		if j+size >= len(text) {
			break
		}
		next, nsize := decodeRune(text, j+size)
		if isApostrophe(r) && prev >= 0 && isWordRune(next) && !isIdeograph(next) {
			prev = next
			j += size + nsize
			continue
		}
		if (r == '.' || r == ',') && isDigit(prev) && isDigit(next) {
			prev = next
			j += size + nsize
			continue
		}
		break
	}
	return j
}

// compound emits the tokens of one word or hyphenated compound.
func (lx *lexer) compound(text string, parts [][2]int, pos *int, joined bool, emit func(w lexWord, pos, start, end, n int)) {
	first := *pos
	n := 0
	for _, p := range parts {
		w := lx.word(text[p[0]:p[1]])
		if w.id < 0 {
			continue
		}
		emit(w, *pos, p[0], p[1], 0)
		*pos++
		n++
	}
	if !joined || n < 2 {
		return
	}
	start, end := parts[0][0], parts[len(parts)-1][1]
	emit(lx.joined(text, parts), first, start, end, n)
}

// Normalize returns the folded, respelled form of one word, as stored in
// Token.Word.
func Normalize(word string) string { return spell(fold(word)) }

// Stem returns the stem of a word already folded by Normalize.
func Stem(word string) string { return stemWord(word) }

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// foldTable maps letters that have no canonical decomposition to what a
// person would type on an English keyboard. It travels in the manifest, so
// the runtime folds with the same table.
var foldTable = map[string]string{
	"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ς": "σ",
	"\u2019": "'",
}

// foldRunes is foldTable by rune.
var foldRunes = func() map[rune]string {
	m := make(map[rune]string, len(foldTable))
	for k, v := range foldTable {
		r, _ := utf8.DecodeRuneInString(k)
		m[r] = v
	}
	return m
}()

// fold decomposes a raw word (NFKD), lower-cases it, drops the Latin
// combining accents (U+0300–U+036F), maps the letters in foldTable, removes a
// possessive "'s" or trailing apostrophe, then every other apostrophe, and
// the thousands commas of a number.
func fold(raw string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(raw) {
		r = unicode.ToLower(r)
		switch {
		case r >= 0x300 && r <= 0x36F:
		case r >= utf8.RuneSelf && foldRunes[r] != "":
			b.WriteString(foldRunes[r])
		default:
			b.WriteRune(r)
		}
	}
	w := b.String()
	if strings.HasSuffix(w, "'s") {
		w = w[:len(w)-2]
	} else {
		w = strings.TrimSuffix(w, "'")
	}
	if strings.ContainsAny(w, "',") {
		b.Reset()
		for i := 0; i < len(w); i++ {
			if w[i] != '\'' && w[i] != ',' {
				b.WriteByte(w[i])
			}
		}
		w = b.String()
	}
	return w
}

// isLatin reports whether w is one or more of the letters a to z, the only
// words that are respelled and stemmed.
func isLatin(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// stemWord returns the Snowball English stem of a folded word, mapped
// through spellingStems. Numbers and non-Latin words are their own stem.
func stemWord(w string) string {
	if !isLatin(w) {
		return w
	}
	s := english.Stem(w, true)
	if to, ok := spellingStems[s]; ok {
		return to
	}
	return s
}
