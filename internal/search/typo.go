package search

import (
	"slices"
	"sort"
	"strings"
)

// Spelling correction. A query word of tunables.TypoLen letters or more
// (a to z) that matches nothing is matched to the words of the spell
// shards within one edit (two from TypoLong letters), an edit being a
// letter added, removed or changed, or two next to each other swapped (the
// optimal string alignment distance). The closest words win, then the words
// on most pages; each weighs less than a word as typed (Typo1W, Typo2W). A
// word still being typed may also be the start of a word within those
// edits. A word the index has on at most Rare pages also matches the words
// within those edits that are on Common times as many pages, below it.
// The JavaScript runtime implements the same rules (search-engine.js).

// osa returns the optimal string alignment distance of a and b, or k+1 if
// it is more than k. With prefix it is the distance of a to the closest
// start of b.
func osa(a, b string, k int, prefix bool) int {
	whole, start := distances(a, b, k)
	if prefix {
		return start
	}
	return whole
}

// distances returns the optimal string alignment distance of a and b, and
// of a to the closest start of b, each k+1 if it is more than k. One table
// gives both: the distance to b is its last cell, to a start of b the
// least of its last row.
func distances(a, b string, k int) (whole, start int) {
	if len(b) < len(a)-k {
		return k + 1, k + 1
	}
	// Rows of the table of distances between a[:i] and b[:j].
	n := len(b)
	var buf [3 * 32]int
	rows := buf[:0]
	if 3*(n+1) > len(buf) {
		rows = make([]int, 3*(n+1))
	} else {
		rows = buf[:3*(n+1)]
	}
	prev2, prev, cur := rows[:n+1], rows[n+1:2*(n+1)], rows[2*(n+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= n; j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			low = min(low, v)
		}
		if low > k {
			return k + 1, k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	whole, start = prev[n], prev[n]
	for _, v := range prev {
		start = min(start, v)
	}
	if abs(len(a)-len(b)) > k {
		whole = k + 1
	}
	return min(whole, k+1), min(start, k+1)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// spelling is a word of the spell shards near a query word.
type spelling struct {
	word  string
	df    int
	d     int  // edits
	whole bool // the whole word is d edits away, not only its start
}

// nearWords returns the words of shards within k edits of w, not w
// itself, closest first, then those on most pages, then in order. With
// prefix the start of a word may be that near.
func nearWords(shards []*spellShard, w string, k int, prefix bool) []spelling {
	var out []spelling
	for _, sh := range shards {
		for i, x := range sh.words {
			if x == w || !prefix && abs(len(x)-len(w)) > k {
				continue
			}
			dw, ds := distances(w, x, k)
			d := dw
			if prefix {
				d = min(d, ds)
			}
			if d >= 1 && d <= k {
				out = append(out, spelling{word: x, df: sh.df[i], d: d, whole: dw == d})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.d != b.d {
			return a.d < b.d
		}
		if a.df != b.df {
			return a.df > b.df
		}
		return a.word < b.word
	})
	return out
}

// dfIn returns the pages of w in the spell shards, 0 if it is not there.
func dfIn(shards []*spellShard, w string) int {
	for _, sh := range shards {
		if i := sort.SearchStrings(sh.words, w); i < len(sh.words) && sh.words[i] == w {
			return sh.df[i]
		}
	}
	return 0
}

// spellFor reads the spell shards of word w.
func (s *Searcher) spellFor(w string) ([]*spellShard, error) {
	var out []*spellShard
	for _, i := range s.m.spellShards(w) {
		sh, err := s.spellShard(i)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// typos corrects the groups that match nothing, and adds the common words
// near a rare one.
func (s *Searcher) typos(groups []*group) error {
	t := &s.m.Query
	for _, g := range groups {
		k := t.typoEdits(len(g.word))
		if !isLatin(g.word) || k == 0 {
			continue
		}
		rare := false
		switch {
		case len(g.exps) == 0:
		case !g.prefix && len(g.exps) == 1 && g.exps[0].t.stem == g.stem && g.exps[0].t.df <= t.Rare && len(g.word) >= t.RareLen:
			rare = true
		default:
			continue
		}
		shards, err := s.spellFor(g.word)
		if err != nil {
			return err
		}
		near := nearWords(shards, g.word, k, g.prefix && !rare)
		if rare {
			least := t.Common * max(1, dfIn(shards, g.word))
			kept := near[:0]
			for _, n := range near {
				if n.df >= least {
					kept = append(kept, n)
				}
			}
			near = kept
		}
		// The closest words; of a word being typed, the whole words that
		// close if there are any, else the words it may be the start of.
		whole := slices.ContainsFunc(near, func(n spelling) bool { return n.whole && n.d == near[0].d })
		seen := map[string]bool{g.stem: true}
		for _, n := range near {
			if n.d > near[0].d || len(seen) > t.Typos {
				break
			}
			if whole && !n.whole {
				continue
			}
			stem := stemWord(n.word)
			if seen[stem] {
				continue
			}
			seen[stem] = true
			sh, err := s.shard(s.m.shardOf(stem))
			if err != nil {
				return err
			}
			if e := sh.entry(stem); e != nil {
				g.exps = append(g.exps, expansion{e, t.typoW(n.d)})
				if g.fix == nil && n.whole {
					g.fix = &fix{to: n.word, also: rare}
				}
			}
		}
	}
	return nil
}

// fix is the correction of a query word.
type fix struct {
	to   string
	also bool // the word as typed is searched too
}

// Correction says how a query was corrected.
type Correction struct {
	Text string `json:"text"`           // the query as searched, its corrected words replaced
	Also bool   `json:"also,omitempty"` // the words as typed were searched too (the index has them, on few pages)
}

// explain says what was searched for: the corrected query, and for a
// query without results or with results that have only some of its words,
// the closest spellings of the words that match nothing and the query
// without its rarest word.
func (s *Searcher) explain(res *Results, groups []*group, text string) error {
	var fixed []*group
	also := true
	for _, g := range groups {
		if g.fix != nil {
			fixed = append(fixed, g)
			also = also && g.fix.also
		}
	}
	if len(fixed) > 0 {
		res.Correction = &Correction{Text: replaceWords(text, fixed, func(g *group) string { return g.fix.to }), Also: also}
	}
	if res.Total > 0 && !res.Partial {
		return nil
	}
	t := &s.m.Query
	for _, g := range groups {
		if len(g.exps) > 0 || !isLatin(g.word) || len(g.word) < 3 {
			continue
		}
		shards, err := s.spellFor(g.word)
		if err != nil {
			return err
		}
		seen := map[string]bool{g.stem: true}
		for _, n := range nearWords(shards, g.word, t.typoEdits(len(g.word))+1, false) {
			if len(res.Suggestions) == t.Suggest {
				break
			}
			if stem := stemWord(n.word); !seen[stem] {
				seen[stem] = true
				res.Suggestions = append(res.Suggestions, replaceWords(text, []*group{g}, func(*group) string { return n.word }))
			}
		}
	}
	// The rarest word dropped, when the other words are all in the index.
	if len(groups) > 1 {
		rarest, least, found := groups[0], -1, 0
		for _, g := range groups {
			df := 0
			for _, x := range g.exps {
				df = max(df, x.t.df)
			}
			if df > 0 {
				found++
			}
			if least < 0 || df < least {
				rarest, least = g, df
			}
		}
		if found >= len(groups)-1 {
			res.Dropped = collapseSpaces(text[:rarest.start] + " " + text[rarest.end:])
		}
	}
	return nil
}

// replaceWords returns text with the words of groups (in query order)
// replaced.
func replaceWords(text string, groups []*group, to func(*group) string) string {
	var b strings.Builder
	at := 0
	for _, g := range groups {
		b.WriteString(text[at:g.start])
		b.WriteString(to(g))
		at = g.end
	}
	b.WriteString(text[at:])
	return b.String()
}

// collapseSpaces trims the spaces around s and makes each run of them one.
func collapseSpaces(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(s[i])
	}
	return b.String()
}
