package search

import (
	"sort"
	"strconv"
	"strings"
)

// The spell shards list the words of the pages, so that a query word the
// index does not have can be matched to the words a letter or two away
// from it. Each shard holds the words of a range, sorted and front-coded,
// each with the number of pages it is on (at most 255). Shards are cut at
// the boundaries of the shortest prefixes that keep them under the target
// size: all the words of a first letter when they fit, else of its first
// two letters, and so on. A query word reads the shards of the words that
// share its first letters, as few letters as keep that to
// tunables.SpellShards shards; a word whose first letter is wrong is not
// corrected, as in most spelling checkers.

// spellEntry is a word of the spell shards.
type spellEntry struct {
	word string
	df   int
}

// maxSpellDF is the largest page count a spell shard records.
const maxSpellDF = 255

// spellVocabulary returns the words a query word may be corrected to:
// every word of the letters a to z, of three letters or more and not a
// stop word, with the number of pages it is on (counted while scoring),
// sorted.
func (b *builder) spellVocabulary() []spellEntry {
	var out []spellEntry
	for id, df := range b.wordDF {
		e := &b.words[id]
		if df == 0 || e.stop || len(e.word) < 3 || !isLatin(e.word) {
			continue
		}
		out = append(out, spellEntry{word: e.word, df: min(maxSpellDF, int(df))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].word < out[j].word })
	return out
}

// spellCost is the bytes a word adds to a spell shard before compression,
// about: its letters, a length and a count.
func spellCost(e spellEntry) int { return len(e.word) + 2 }

// packSpell cuts the sorted words into shards of about target bytes at
// the boundaries of the shortest prefixes possible.
func packSpell(words []spellEntry, target int) [][]spellEntry {
	var out [][]spellEntry
	var cur []spellEntry
	size := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur, size = nil, 0
		}
	}
	var pack func(words []spellEntry, depth int)
	pack = func(words []spellEntry, depth int) {
		for i := 0; i < len(words); {
			// The words that share the first depth+1 letters of words[i];
			// a word no longer than depth is a group of its own.
			j := i + 1
			if len(words[i].word) > depth {
				p := words[i].word[:depth+1]
				for j < len(words) && strings.HasPrefix(words[j].word, p) {
					j++
				}
			}
			n := 0
			for _, e := range words[i:j] {
				n += spellCost(e)
			}
			switch {
			case size+n <= target:
				cur = append(cur, words[i:j]...)
				size += n
			case n <= target || j-i == 1:
				flush()
				cur = append(cur, words[i:j]...)
				size = n
			default:
				flush()
				pack(words[i:j], depth+1)
			}
			i = j
		}
	}
	pack(words, 0)
	flush()
	return out
}

// spellShards encodes the spell shards and returns them with the lower
// bound of each.
func (b *builder) spellShards(words []spellEntry) ([]File, []string) {
	bounds := []string{}
	var files []File
	var prev string
	for i, shard := range packSpell(words, b.opt.SpellSize) {
		if i == 0 {
			bounds = append(bounds, "")
		} else {
			bounds = append(bounds, separator(prev, shard[0].word))
		}
		prev = shard[len(shard)-1].word
		var e encoder
		e.uint(len(shard))
		last := ""
		for _, w := range shard {
			p := commonPrefix(last, w.word)
			e.uint(p)
			e.string(w.word[p:])
			e.byte(byte(w.df))
			last = w.word
		}
		files = append(files, File{Path: "search/spell/" + strconv.Itoa(i) + ".bin", Data: e.b})
	}
	return files, bounds
}

// commonPrefix returns the length of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
