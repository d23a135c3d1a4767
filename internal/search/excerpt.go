package search

import "sort"

// Excerpts are windows of whole words: up to excerptBefore words before the
// first match and excerptWords words in all.
const (
	excerptBefore = 6
	excerptWords  = 28
)

// firstMatch returns the word position of the first token of toks whose
// stem matches, or -1. The parts of a text are numbered from 0, so a
// position is also an index into its parts.
func firstMatch(toks []Token, match func(stem string) bool) int {
	m := -1
	for _, t := range toks {
		if (m < 0 || t.Pos < m) && match(t.Stem) {
			m = t.Pos
		}
	}
	return m
}

// excerpt returns the window of text around word position m (or its start
// if m < 0), with an ellipsis where words are left out.
func excerpt(text string, toks []Token, m int) string {
	var parts []Token
	for _, t := range toks {
		if !t.Joined {
			parts = append(parts, t)
		}
	}
	n := len(parts)
	if n == 0 {
		return ""
	}
	start := 0
	if m > 0 {
		start = max(0, m-excerptBefore)
	}
	end := min(n, start+excerptWords)
	start = max(0, min(start, end-excerptWords))
	s := text[parts[start].Start:parts[end-1].End]
	if start > 0 {
		s = "… " + s
	}
	if end < n {
		s += " …"
	}
	return s
}

// Segment is a run of displayed text; Mark is set on matched words.
type Segment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// highlight splits s into segments, marking the words whose stem matches.
func highlight(s string, match func(stem string) bool) []Segment {
	var spans [][2]int
	for _, t := range Tokenize(s) {
		if match(t.Stem) {
			spans = append(spans, [2]int{t.Start, t.End})
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
