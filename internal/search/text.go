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
	return tokenize(text, true, nil)
}

// tokenize is Tokenize with a choice of joined forms and an optional cache
// of raw word → (folded word, stem).
func tokenize(text string, joined bool, cache map[string][2]string) []Token {
	toks := make([]Token, 0, len(text)/6+1)
	scan(text, joined, cache, func(t Token) { toks = append(toks, t) })
	return toks
}

// scan calls emit with each token of text, in the order Tokenize returns
// them.
func scan(text string, joined bool, cache map[string][2]string, emit func(Token)) {
	pos := 0
	var parts [][2]int
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isIdeograph(r) {
			emitCompound(text, append(parts[:0], [2]int{i, i + size}), &pos, joined, cache, emit)
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
			h, hs := utf8.DecodeRuneInString(text[j:])
			if j < len(text) && isHyphen(h) {
				if n, _ := utf8.DecodeRuneInString(text[j+hs:]); j+hs < len(text) && isWordRune(n) && !isIdeograph(n) {
					start = j + hs
					continue
				}
			}
			break
		}
		emitCompound(text, parts, &pos, joined, cache, emit)
		i = j
	}
}

// scanPart returns the end of the word part that starts at text[start].
func scanPart(text string, start int) int {
	j := start
	prev := rune(-1)
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) && !isIdeograph(r) {
			prev = r
			j += size
			continue
		}
		next, nsize := utf8.DecodeRuneInString(text[j+size:])
		if j+size >= len(text) {
			break
		}
		if isApostrophe(r) && prev >= 0 && isWordRune(next) && !isIdeograph(next) {
			prev = next
			j += size + nsize
			continue
		}
		if (r == '.' || r == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next) {
			prev = next
			j += size + nsize
			continue
		}
		break
	}
	return j
}

// emitCompound emits the tokens of one word or hyphenated compound.
func emitCompound(text string, parts [][2]int, pos *int, joined bool, cache map[string][2]string, emit func(Token)) {
	first := *pos
	n := 0
	for _, p := range parts {
		w, stem := analyseWord(text[p[0]:p[1]], cache)
		if w == "" {
			continue
		}
		emit(Token{Word: w, Stem: stem, Pos: *pos, Start: p[0], End: p[1]})
		*pos++
		n++
	}
	if !joined || n < 2 {
		return
	}
	start, end := parts[0][0], parts[len(parts)-1][1]
	raw := text[start:end]
	v, ok := cache[raw]
	if !ok {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(fold(text[p[0]:p[1]]))
		}
		w := spell(b.String())
		v = [2]string{w, stemWord(w)}
		if cache != nil {
			cache[raw] = v
		}
	}
	emit(Token{Word: v[0], Stem: v[1], Pos: first, Start: start, End: end, Joined: true})
}

// analyseWord folds, respells and stems one raw word, using cache if not
// nil. A raw compound ("e-prescribing") caches its joined form.
func analyseWord(raw string, cache map[string][2]string) (word, stem string) {
	if cache != nil {
		if v, ok := cache[raw]; ok {
			return v[0], v[1]
		}
	}
	word = spell(fold(raw))
	stem = stemWord(word)
	if cache != nil {
		cache[raw] = [2]string{word, stem}
	}
	return word, stem
}

// Normalize returns the folded, respelled form of one word, as stored in
// Token.Word.
func Normalize(word string) string { return spell(fold(word)) }

// Stem returns the stem of a word already folded by Normalize.
func Stem(word string) string { return stemWord(word) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// foldRune maps letters that have no canonical decomposition to what a
// person would type on an English keyboard, or returns "". The JavaScript
// runtime has the same table.
func foldRune(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	case 'ς':
		return "σ"
	case '\u2019':
		return "'"
	}
	return ""
}

// fold decomposes a raw word (NFKD), lower-cases it, drops the Latin
// combining accents (U+0300–U+036F), maps the letters in foldRune, removes a
// possessive "'s" or trailing apostrophe, then every other apostrophe, and
// the thousands commas of a number.
func fold(raw string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(raw) {
		r = unicode.ToLower(r)
		switch {
		case r >= 0x300 && r <= 0x36F:
		case foldRune(r) != "":
			b.WriteString(foldRune(r))
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
		w = strings.NewReplacer("'", "", ",", "").Replace(w)
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
