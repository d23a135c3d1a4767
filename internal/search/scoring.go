package search

// A build through a Cache scores again only the pages whose postings can
// have changed since the last build through it (Cache.last):
//
//   - every page, when the number of pages or a corpus average (stats,
//     quantised) is not the last build's: each page's norms and each
//     stem's idf depend on them;
//   - otherwise a page that is new or changed (a key the last build did
//     not score), and a page that has a stem whose number of pages
//     changed (its idf did).
//
// The others take their postings from the last build, unchanged: what the
// scores are made of is the same, so they are the scores a build without
// the cache computes. The counts of pages of each word (for spelling) are
// the last build's, with the words of the pages that came and went added
// and taken away, instead of counted again over every page.

// reusable reports, for each page, whether its postings can be the last
// build's; off is the postings' offsets by stem id, so that stem s has
// off[s+1]-off[s] pages.
func (b *builder) reusable(off []int32) []bool {
	last := b.last
	if last == nil || last.stats != b.stats {
		return nil
	}
	changed := make([]bool, len(b.stems))
	for s := range changed {
		var old int32
		if ls := b.lexStem[s]; int(ls) < len(last.stemDF) {
			old = last.stemDF[ls]
		}
		changed[s] = old != off[s+1]-off[s]
	}
	reuse := make([]bool, len(b.pages))
	for i, p := range b.pages {
		vals, ok := last.posts[b.keys[i]]
		if !ok || len(vals) != len(p.stems) {
			continue
		}
		reuse[i] = true
		for _, st := range p.stems {
			if changed[b.number[st]] {
				reuse[i] = false
				break
			}
		}
	}
	return reuse
}

// wordDFDelta returns the pages of each word of the lexicon: the last
// build's counts, with the words of the pages that are new added and of
// those that are gone taken away. It returns nil when it cannot say (a
// page that is gone is not known, or a count would fall below zero).
func (b *builder) wordDFDelta() []int32 {
	last := b.last
	counts := make(map[[32]byte]int32, len(b.keys))
	for _, k := range b.keys {
		counts[k]++
	}
	df := make([]int32, len(b.words))
	if len(last.wordDF) > len(df) {
		return nil
	}
	copy(df, last.wordDF)
	mark := make([]int32, len(b.words))
	stamp := int32(0)
	add := func(p *pageText, n int32) bool {
		stamp++
		for j := 0; j < len(p.codes); j++ {
			c := p.codes[j]
			switch {
			case c&codeJoined != 0:
				j++
				c = p.codes[j]
			case c >= codeSkip:
				continue
			}
			if int(c) >= len(df) {
				return false
			}
			if mark[c] != stamp {
				mark[c] = stamp
				df[c] += n
			}
		}
		return true
	}
	for k, n := range counts {
		if d := n - last.counts[k]; d != 0 && !add(b.pageSet[k], d) {
			return nil
		}
	}
	for k, n := range last.counts {
		if _, ok := counts[k]; ok {
			continue
		}
		p := last.pages[k]
		if p == nil || !add(p, -n) {
			return nil
		}
	}
	for _, n := range df {
		if n < 0 {
			return nil
		}
	}
	b.counts = counts
	return df
}

// keepScoring gives the cache what this build scored: kept holds each
// page's postings (nil for one that could not be kept) and off the
// postings' offsets by stem id.
func (b *builder) keepScoring(off []int32, kept [][]uint32) {
	s := &scoring{lex: b.lex, gen: b.gen, pages: b.pageSet, counts: b.counts, stats: b.stats, wordDF: b.wordDF}
	if s.counts == nil {
		s.counts = make(map[[32]byte]int32, len(b.keys))
		for _, k := range b.keys {
			s.counts[k]++
		}
	}
	s.stemDF = make([]int32, len(b.number))
	for st, ls := range b.lexStem {
		s.stemDF[ls] = off[st+1] - off[st]
	}
	s.posts = make(map[[32]byte][]uint32, len(b.keys))
	for i, vals := range kept {
		if vals != nil {
			s.posts[b.keys[i]] = vals
		}
	}
	b.opt.Cache.keepScoring(b.lex, b.synSum, s)
}
