package search

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
)

// Synonyms are groups of terms that mean the same: "EPR" and "electronic
// patient record", "A&E" and "accident and emergency". A term is a word or
// a phrase. A phrase matches where the page has its words in a row, each
// word by its stem (so "electronic patient records" matches too); a word
// matches as it is written, folded ("accessibility", not "accessible"),
// so a group lists the plurals it means ("EPR, EPRs").
//
// Each group is indexed under one key: its first term of one word that is
// its own stem and not a stop word ("epr"), or if it has none the stems of
// its first term ("accid and emerg"; "ons", which Snowball stems to the
// stop word "on", is not a key). Wherever a page has a term of the group,
// the index counts the key there, in the same field, as if the page had the
// word: a title that says "electronic patient record" ranks for "EPR" as a
// title that says "EPR" does. A query word that is part of a term of a
// group also matches the group's key, so "electronic patient record" finds
// the pages that say "EPR".
//
// The term shards carry each group under the stems that find it: the
// first stem of each term that a query keeps (not a stop word), and the
// key. The query engines need no table of their own.

// LineError is a problem on one line of a file.
type LineError struct {
	Line int
	Err  error
}

// ParseSynonyms reads synonym groups from a text file: one group a line,
// its terms separated by commas; blank lines and lines starting with # are
// skipped. It returns the groups and, for each line that is not a group,
// what is wrong with it.
func ParseSynonyms(data []byte) ([][]string, []LineError) {
	var groups [][]string
	var errs []LineError
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var terms []string
		for _, t := range strings.Split(text, ",") {
			if t = strings.TrimSpace(t); t != "" {
				terms = append(terms, t)
			}
		}
		if err := CheckSynonyms(terms); err != nil {
			errs = append(errs, LineError{line, err})
			continue
		}
		groups = append(groups, terms)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, LineError{0, err})
	}
	return groups, errs
}

// maxSynonymWords is the most words a synonym term may have.
const maxSynonymWords = 8

// CheckSynonyms reports what is wrong with a synonym group, or nil: it
// needs two terms or more that mean something different to the index, each
// of one to eight words.
func CheckSynonyms(terms []string) error {
	seen := map[string]bool{}
	for _, t := range terms {
		toks := tokenize(t, false)
		switch {
		case len(toks) == 0:
			return fmt.Errorf("%q has no words: a term is a word or a phrase", t)
		case len(toks) > maxSynonymWords:
			return fmt.Errorf("%q has %d words: a term may have at most %d", t, len(toks), maxSynonymWords)
		case allStopWords(toks):
			return fmt.Errorf("%q is only stop words, which search leaves out: write the term another way or leave it out", t)
		}
		seen[termKey(toks)] = true
	}
	if len(seen) < 2 {
		return fmt.Errorf("want two terms or more that mean the same, separated by commas, got %q", strings.Join(terms, ", "))
	}
	return nil
}

// termKey is what a term matches: its word, or the stems of its words
// joined with spaces.
func termKey(toks []Token) string {
	if len(toks) == 1 {
		return toks[0].Word
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Stem)
	}
	return b.String()
}

func allStopWords(toks []Token) bool {
	for _, t := range toks {
		if !isStopWord(t.Word) {
			return false
		}
	}
	return true
}

// synTable is the synonym groups of a build, compiled against its lexicon.
type synTable struct {
	groups []synGroup
	byLast [][]int32 // lexicon stem id → the members (as group<<8|member) that end with it
	maxLen int       // most words in a member
	sum    [32]byte  // fingerprint of the groups, for the Cache
}

// synGroup is one group of synonyms.
type synGroup struct {
	key     string
	keyWord lexWord // the word counted where a page has a member: its stem is key
	members []synMember
}

// synMember is one term of a group.
type synMember struct {
	stems  []string
	ids    []int32 // lexicon stem ids
	anchor int     // the first word that a query keeps, or 0
	word   string  // a term of one word: the word
	wordID int32   // and its lexicon id
}

// compileSynonyms turns groups of terms into a synTable, adding their
// words to lex. Groups that CheckSynonyms rejects are left out (the caller
// reports them). It returns nil when there are no groups.
func compileSynonyms(lex *lexicon, groups [][]string) *synTable {
	st := &synTable{}
	h := sha256.New()
	lx := newLexer(lex)
	for _, terms := range groups {
		if len(st.groups) >= 1<<23 || CheckSynonyms(terms) != nil {
			continue
		}
		fmt.Fprintf(h, "%q\n", terms)
		var g synGroup
		seen := map[string]bool{}
		for _, t := range terms {
			toks := tokenize(t, false)
			k := termKey(toks)
			if seen[k] || len(g.members) >= 255 {
				continue
			}
			seen[k] = true
			m := synMember{anchor: -1}
			for i, tok := range toks {
				m.stems = append(m.stems, tok.Stem)
				m.ids = append(m.ids, lx.word(t[tok.Start:tok.End]).stem)
				if m.anchor < 0 && !isQueryStopWord(tok.Word) {
					m.anchor = i
				}
			}
			m.anchor = max(0, m.anchor)
			if len(toks) == 1 {
				w := lx.word(t[toks[0].Start:toks[0].End])
				m.word, m.wordID = toks[0].Word, w.id
			}
			if g.key == "" && len(toks) == 1 && !isStopWord(toks[0].Word) && toks[0].Word == toks[0].Stem {
				g.key = toks[0].Stem
			}
			g.members = append(g.members, m)
		}
		if g.key == "" {
			g.key = g.members[0].word + " " // no stem has a space
			for _, m := range g.members {
				if len(m.stems) > 1 {
					g.key = strings.Join(m.stems, " ")
					break
				}
			}
		}
		g.keyWord = lex.internSynthetic(g.key)
		st.groups = append(st.groups, g)
	}
	if len(st.groups) == 0 {
		return nil
	}
	h.Sum(st.sum[:0])
	for gi, g := range st.groups {
		for mi, m := range g.members {
			last := m.ids[len(m.ids)-1]
			if int(last) >= len(st.byLast) {
				st.byLast = append(st.byLast, make([][]int32, int(last)+1-len(st.byLast))...)
			}
			st.byLast[last] = append(st.byLast[last], int32(gi<<8|mi))
			st.maxLen = max(st.maxLen, len(m.ids))
		}
	}
	return st
}

// synRing holds the last words of a text, for matching synonym terms as
// they end.
type synRing struct {
	stems [maxSynonymWords]int32
	pos   [maxSynonymWords]int32 // the word's position
	start [maxSynonymWords]int32 // its byte offset
	n     int                    // words pushed since the text began
}

func (r *synRing) reset() { r.n = 0 }

func (r *synRing) push(stem, pos, start int32) {
	i := r.n % maxSynonymWords
	r.stems[i], r.pos[i], r.start[i] = stem, pos, start
	r.n++
}

// back returns the k-th word before the last (0 is the last).
func (r *synRing) back(k int) int { return (r.n - 1 - k) % maxSynonymWords }

// synMatch is a group matched by a term that ends at the last word pushed.
type synMatch struct {
	group int
	words int // the term's words
}

// match appends to out the groups whose terms end at the last word pushed,
// each once, with its longest term; a word whose stem is the key is not a
// match. The caller pushed w last.
func (st *synTable) match(r *synRing, w lexWord, out []synMatch) []synMatch {
	if int(w.stem) >= len(st.byLast) {
		return out
	}
next:
	for _, ref := range st.byLast[w.stem] {
		g, m := &st.groups[ref>>8], &st.groups[ref>>8].members[ref&0xff]
		if len(m.ids) > r.n || len(m.ids) == 1 && (m.wordID != w.id || m.stems[0] == g.key) {
			continue
		}
		for k := 1; k < len(m.ids); k++ {
			if r.stems[r.back(k)] != m.ids[len(m.ids)-1-k] {
				continue next
			}
		}
		for i := range out {
			if out[i].group == int(ref>>8) {
				out[i].words = max(out[i].words, len(m.ids))
				continue next
			}
		}
		out = append(out, synMatch{group: int(ref >> 8), words: len(m.ids)})
	}
	return out
}

// synFiling is a group filed in the term shards under a stem that finds
// it.
type synFiling struct {
	stem  string
	group int
}

// filings returns where each group whose key is in stems (sorted) goes in
// the term shards: under each member's anchor stem and under the key, each
// stem once per group.
func (st *synTable) filings(stems []string) []synFiling {
	if st == nil {
		return nil
	}
	var out []synFiling
	for gi, g := range st.groups {
		if i := sort.SearchStrings(stems, g.key); i == len(stems) || stems[i] != g.key {
			continue
		}
		seen := map[string]bool{g.key: true}
		out = append(out, synFiling{g.key, gi})
		for _, m := range g.members {
			if s := m.stems[m.anchor]; !seen[s] {
				seen[s] = true
				out = append(out, synFiling{s, gi})
			}
		}
	}
	return out
}
