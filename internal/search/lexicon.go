package search

import (
	"strings"
	"sync"
)

// A lexicon numbers the words and stems of the pages being indexed, so that
// the index builder handles int32s rather than strings and folds, respells
// and stems each distinct word once. It is safe for concurrent use; each
// worker reads it through its own lexer, which caches what it has looked
// up.
type lexicon struct {
	mu      sync.Mutex
	wordIDs map[string]int32 // folded word → word id
	words   []lexEntry       // by word id
	stemIDs map[string]int32 // stem → stem id
	stems   []string         // by stem id
}

// lexEntry is a word of the lexicon.
type lexEntry struct {
	word   string
	stem   int32
	stop   bool // a stop word
	differ bool // the word is not its own stem
}

func newLexicon() *lexicon {
	return &lexicon{wordIDs: make(map[string]int32), stemIDs: make(map[string]int32)}
}

// intern returns the id of a folded word and its stem, adding them if new.
func (l *lexicon) intern(word, stem string) lexWord {
	l.mu.Lock()
	defer l.mu.Unlock()
	if id, ok := l.wordIDs[word]; ok {
		e := &l.words[id]
		return lexWord{id: id, stem: e.stem, stop: e.stop}
	}
	sid, ok := l.stemIDs[stem]
	if !ok {
		sid = int32(len(l.stems))
		l.stems = append(l.stems, stem)
		l.stemIDs[stem] = sid
	}
	id := int32(len(l.words))
	l.words = append(l.words, lexEntry{word: word, stem: sid, stop: isStopWord(word), differ: word != stem})
	l.wordIDs[word] = id
	return lexWord{id: id, stem: sid, stop: isStopWord(word)}
}

// internSynthetic returns the id of the word a synonym group's key is
// counted as: a word no text can have, whose stem is key.
func (l *lexicon) internSynthetic(key string) lexWord {
	word := "\x00" + key
	l.mu.Lock()
	defer l.mu.Unlock()
	if id, ok := l.wordIDs[word]; ok {
		return lexWord{id: id, stem: l.words[id].stem}
	}
	sid, ok := l.stemIDs[key]
	if !ok {
		sid = int32(len(l.stems))
		l.stems = append(l.stems, key)
		l.stemIDs[key] = sid
	}
	id := int32(len(l.words))
	l.words = append(l.words, lexEntry{word: word, stem: sid})
	l.wordIDs[word] = id
	return lexWord{id: id, stem: sid}
}

// snapshot returns the words and stems known so far. Entries never change
// once added, so the slices can be read while other goroutines add more.
func (l *lexicon) snapshot() ([]lexEntry, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.words, l.stems
}

// lexWord is a word as a lexer returns it. An id below zero is a word that
// folds to nothing (a lone combining mark).
type lexWord struct {
	id, stem int32
	stop     bool
}

// lexer looks words up in a lexicon, remembering raw spellings. It is used
// by one goroutine at a time.
type lexer struct {
	lex   *lexicon
	raw   rawTable // raw word or hyphenated compound → word
	parts [][2]int // scratch for scan
	mark  []int32  // lexicon stem → the last page that had it, plus one
	pages int32    // pages read
}

func newLexer(l *lexicon) *lexer {
	return &lexer{lex: l}
}

// word folds, respells and stems one raw word.
func (lx *lexer) word(raw string) lexWord { return lx.wordHashed(raw, hashRaw(raw)) }

// wordHashed is word for a raw word whose hashRaw is h.
func (lx *lexer) wordHashed(raw string, h uint32) lexWord {
	if w, ok := lx.raw.get(raw, h); ok {
		return w
	}
	w := lexWord{id: -1, stem: -1}
	if word := spell(fold(raw)); word != "" {
		w = lx.lex.intern(word, stemWord(word))
	}
	lx.raw.put(strings.Clone(raw), h, w)
	return w
}

// joined returns the joined form of a hyphenated compound: its parts
// folded and put together, then respelled and stemmed.
func (lx *lexer) joined(text string, parts [][2]int) lexWord {
	raw := text[parts[0][0]:parts[len(parts)-1][1]]
	h := hashRaw(raw)
	if w, ok := lx.raw.get(raw, h); ok {
		return w
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(fold(text[p[0]:p[1]]))
	}
	word := spell(b.String())
	w := lx.lex.intern(word, stemWord(word))
	lx.raw.put(strings.Clone(raw), h, w)
	return w
}

// rawTable is a hash table from raw spellings to words with open
// addressing: the lexer looks up every word of every page, and a map is
// twice as slow for these short keys.
type rawTable struct {
	keys   []string // "" in an empty slot
	hashes []uint32
	words  []lexWord
	n      int
}

// hashRaw is FNV-1a.
func hashRaw(s string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func (t *rawTable) get(key string, h uint32) (lexWord, bool) {
	if t.n == 0 {
		return lexWord{}, false
	}
	mask := uint32(len(t.keys) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch k := t.keys[i]; {
		case k == "":
			return lexWord{}, false
		case t.hashes[i] == h && k == key:
			return t.words[i], true
		}
	}
}

// put adds a key that is not in the table. The table starts small and
// doubles: Tokenize makes a lexer for each text it is given, such as each
// term of each synonym group, and a first size of 8,192 slots (256 KB to
// allocate and clear) cost a build 150 MB for the theme's synonyms alone.
func (t *rawTable) put(key string, h uint32, w lexWord) {
	if 2*(t.n+1) > len(t.keys) {
		old := *t
		size := max(16, 2*len(old.keys))
		*t = rawTable{keys: make([]string, size), hashes: make([]uint32, size), words: make([]lexWord, size)}
		for i, k := range old.keys {
			if k != "" {
				t.put(k, old.hashes[i], old.words[i])
			}
		}
	}
	mask := uint32(len(t.keys) - 1)
	i := h & mask
	for t.keys[i] != "" {
		i = (i + 1) & mask
	}
	t.keys[i], t.hashes[i], t.words[i] = key, h, w
	t.n++
}
