package search

import "sort"

// marker tells which words of a text a query matches: those with one of
// its stems, and the terms in a row of the synonyms it matched.
type marker struct {
	stems   map[string]bool
	words   map[string]bool // synonyms of one word, matched as written
	phrases [][]string
}

// marks returns which of toks the query matches.
func (mk *marker) marks(toks []Token) []bool {
	out := make([]bool, len(toks))
	for i, t := range toks {
		out[i] = mk.stems[t.Stem] || mk.words[t.Word]
	}
	if len(mk.phrases) == 0 {
		return out
	}
	var parts []int // the tokens that are not joined forms
	for i, t := range toks {
		if !t.Joined {
			parts = append(parts, i)
		}
	}
	for i := range parts {
		for _, ph := range mk.phrases {
			if i+len(ph) > len(parts) {
				continue
			}
			ok := true
			for j, st := range ph {
				ok = ok && toks[parts[i+j]].Stem == st
			}
			if ok {
				for j := range ph {
					out[parts[i+j]] = true
				}
			}
		}
	}
	return out
}

// firstMatch returns the word position of the first token of toks that
// the query matches, or -1. The parts of a text are numbered from 0, so a
// position is also an index into its parts.
func (mk *marker) firstMatch(toks []Token) int {
	m := -1
	for i, ok := range mk.marks(toks) {
		if ok && (m < 0 || toks[i].Pos < m) {
			m = toks[i].Pos
		}
	}
	return m
}

// excerpt returns the window of text around word position m (or its start
// if m < 0), with an ellipsis where words are left out: up to before words
// before m and words in all.
func excerpt(text string, toks []Token, m, before, words int) string {
	spans := make([]wordSpan, len(toks))
	for i, t := range toks {
		spans[i] = wordSpan{pos: int32(t.Pos), start: int32(t.Start), end: int32(t.End), joined: t.Joined}
	}
	return excerptSpans(text, spans, m, before, words)
}

// excerptSpans is excerpt over the tokens' spans.
func excerptSpans(text string, toks []wordSpan, m, before, words int) string {
	return excerptOf(toks, m, before, words).text(text)
}

// excerptAt is where an excerpt is in its text: text[from:to], with an
// ellipsis before it if pre and after it if post.
type excerptAt struct {
	from, to  int32
	pre, post bool
}

// text returns the excerpt of text.
func (e excerptAt) text(text string) string {
	s := text[e.from:e.to]
	if e.pre {
		s = "… " + s
	}
	if e.post {
		s += " …"
	}
	return s
}

// excerptOf finds the excerpt of excerptSpans in its text.
func excerptOf(toks []wordSpan, m, before, words int) excerptAt {
	n := 0
	for _, t := range toks {
		if !t.joined {
			n++
		}
	}
	if n == 0 {
		return excerptAt{}
	}
	start := 0
	if m > 0 {
		start = max(0, m-before)
	}
	end := min(n, start+words)
	start = max(0, min(start, end-words))
	// The parts are the tokens that are not joined forms, in position order.
	var from, to int32
	k := 0
	for _, t := range toks {
		if t.joined {
			continue
		}
		if k == start {
			from = t.start
		}
		if k == end-1 {
			to = t.end
			break
		}
		k++
	}
	return excerptAt{from: from, to: to, pre: start > 0, post: end < n}
}

// Segment is a run of displayed text; Mark is set on matched words.
type Segment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// highlight splits s into segments, marking the words the query matches.
func (mk *marker) highlight(s string) []Segment {
	var spans [][2]int
	toks := Tokenize(s)
	for i, ok := range mk.marks(toks) {
		if ok {
			spans = append(spans, [2]int{toks[i].Start, toks[i].End})
		}
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i][0] != spans[j][0] {
			return spans[i][0] < spans[j][0]
		}
		return spans[i][1] > spans[j][1]
	})
	out := []Segment{}
	at := 0
	for i := 0; i < len(spans); {
		start, end := spans[i][0], spans[i][1]
		for i++; i < len(spans) && spans[i][0] <= end; i++ {
			end = max(end, spans[i][1])
		}
		if start > at {
			out = append(out, Segment{Text: s[at:start]})
		}
		out = append(out, Segment{Text: s[start:end], Mark: true})
		at = end
	}
	if at < len(s) {
		out = append(out, Segment{Text: s[at:]})
	}
	return out
}
