package search

// tunables are the numbers that decide how queries are read and ranked. The
// builder writes them into the manifest, and both query engines (Searcher
// here and the JavaScript runtime) read them from there, so the runtime
// never carries a copy that could drift.
type tunables struct {
	Groups       int `json:"groups"`       // query words used
	Expansions   int `json:"expansions"`   // completions of a half-typed last word
	PrefixShards int `json:"prefixshards"` // term shards searched for completions
	PrefixLen    int `json:"prefixlen"`    // shortest last word that is completed
	ExactW       int `json:"exactw"`       // weight of a word's own stem and of its synonyms
	CompletionW  int `json:"completionw"`  // weight of a completion
	PageSize     int `json:"pagesize"`     // results per page when a query sets no limit

	// Spelling: a word of TypoLen letters or more that the index does not
	// have is matched to the index's words within one edit, two from
	// TypoLong letters; Typo1W and Typo2W weigh them. A word the index has
	// on at most Rare pages also matches a word one or two edits away that
	// is on Common times as many pages. SpellShards is how many spell
	// shards a word may read; Typos how many corrections it takes; Suggest
	// how many closest spellings a query with no results offers.
	TypoLen     int `json:"typolen"`
	TypoLong    int `json:"typolong"`
	Typo1W      int `json:"typo1w"`
	Typo2W      int `json:"typo2w"`
	Rare        int `json:"rare"`
	RareLen     int `json:"rarelen"`
	Common      int `json:"common"`
	SpellShards int `json:"spellshards"`
	Typos       int `json:"typos"`
	Suggest     int `json:"suggest"`

	// Excerpts are windows of whole words: up to ExcerptBefore words
	// before the first match and ExcerptWords in all.
	ExcerptBefore int `json:"excerptbefore"`
	ExcerptWords  int `json:"excerptwords"`
}

// defaults are the tunables every index is built with.
var defaults = tunables{
	Groups: 10, Expansions: 8, PrefixShards: 4, PrefixLen: 3, ExactW: 10, CompletionW: 8, PageSize: 10,
	TypoLen: 4, TypoLong: 8, Typo1W: 7, Typo2W: 5, Rare: 2, RareLen: 5, Common: 10, SpellShards: 2, Typos: 3, Suggest: 3,
	ExcerptBefore: 6, ExcerptWords: 28,
}

// typoEdits is how many edits a word of n letters may be from the word
// it is corrected to: none below TypoLen letters.
func (t *tunables) typoEdits(n int) int {
	switch {
	case n < t.TypoLen:
		return 0
	case n < t.TypoLong:
		return 1
	}
	return 2
}

// typoW is the weight of a correction d edits away.
func (t *tunables) typoW(d int) int32 {
	if d <= 1 {
		return int32(t.Typo1W)
	}
	return int32(t.Typo2W)
}
