package search

import "math"

// accumulator gathers the term frequencies of one page at a time, by stem
// id, in arrays that are reused from page to page: one per worker, so no
// page allocates. What it keeps of a word or a stem is in one struct, so
// that reading a word touches two of them rather than an entry of each of
// seven arrays: the arrays are far larger than the processor's caches, and
// the reads were most of the time of scoring.
type accumulator struct {
	word     []wordAcc // by word id
	counting bool      // count each word's pages, and note the words read
	stem     []stemAcc // by stem id
	terms    []termAcc
	secs     []secAcc // every term's sections, linked in order
	page     int32    // generation of stemAcc.slot and wordAcc.mark, from 1
	gen      int32    // generation of stemAcc.secAt, from 1
}

// wordAcc is what an accumulator knows of a word.
type wordAcc struct {
	stem int32 // its stem id
	mark int32 // the page that last counted it
	df   int32 // when counting, the pages read that have it
}

// stemAcc is where an accumulator keeps a stem of the page being read.
type stemAcc struct {
	slot   int32 // index in terms, valid when mark == page
	mark   int32
	secAt  int32 // its entry in secs for section secGen
	secGen int32
}

// termAcc is one stem of the page being read.
type termAcc struct {
	stem       int32
	tf         [numFields]uint16
	titlePos   int32 // first position in the title, or -1
	head, tail int32 // its sections in secs, -1 if none
}

// secAcc is one stem in one section.
type secAcc struct {
	idx   int32 // section
	head  uint16
	body  uint16
	first int32 // first position in the section (heading, gap, text)
	next  int32 // the stem's next section in secs, or -1
}

// newAccumulator makes an accumulator of the words of wordStem (word id →
// stem id) and stems stems. With words (the lexicon's) it counts the
// pages of each word.
func newAccumulator(wordStem []int32, stems int, words []lexEntry) *accumulator {
	// The generations start at 1, so the zeros of new entries are stale.
	a := &accumulator{word: make([]wordAcc, len(wordStem)), stem: make([]stemAcc, stems), counting: words != nil}
	for i, s := range wordStem {
		a.word[i].stem = s
	}
	return a
}

// inStemOrder returns vals, one for each of the terms of the page p just
// read whole, in the order of p's lexicon stems (pageText.stems), which
// number maps to stem ids; nil if a stem of p was not read.
func (a *accumulator) inStemOrder(p *pageText, number []int32, vals []uint32) []uint32 {
	if len(p.stems) != len(a.terms) {
		return nil
	}
	out := make([]uint32, len(p.stems))
	for k, st := range p.stems {
		sa := &a.stem[number[st]]
		if sa.mark != a.page {
			return nil
		}
		out[k] = vals[sa.slot]
	}
	return out
}

// inc adds one to a term frequency, stopping at its maximum.
func inc(n *uint16) {
	if *n < math.MaxUint16 {
		*n++
	}
}

// read gathers the stems of page p. If want is not nil, only the stems
// with want[stem] == wantGen are gathered.
func (a *accumulator) read(p *pageText, want []int32, wantGen int32) {
	a.page++
	a.terms, a.secs = a.terms[:0], a.secs[:0]
	start := int32(0)
	for _, sp := range p.spans {
		codes := p.codes[start:sp.end]
		start = sp.end
		f := int(sp.field)
		if f == fieldHeadings {
			a.gen++
		}
		pos := sp.offset
		for k := 0; k < len(codes); k++ {
			c := codes[k]
			p := pos
			switch {
			case c&codeJoined != 0:
				p -= int32(c &^ codeJoined)
				k++
				c = codes[k]
			case c >= codeSkip:
				pos += int32(c - codeSkip)
				continue
			default:
				pos++
			}
			wa := &a.word[c]
			if a.counting && wa.mark != a.page {
				wa.mark = a.page
				wa.df++
			}
			stem := wa.stem
			if want != nil && want[stem] != wantGen {
				continue
			}
			a.add(stem, f, sp.sec, p)
		}
	}
}

// add counts one word of field f, at position pos of section sec for the
// headings and body.
func (a *accumulator) add(stem int32, f int, sec, pos int32) {
	var t *termAcc
	st := &a.stem[stem]
	if st.mark == a.page {
		t = &a.terms[st.slot]
	} else {
		st.mark = a.page
		st.slot = int32(len(a.terms))
		a.terms = append(a.terms, termAcc{stem: stem, titlePos: -1, head: -1, tail: -1})
		t = &a.terms[len(a.terms)-1]
	}
	inc(&t.tf[f])
	switch f {
	case fieldTitle:
		if t.titlePos < 0 {
			t.titlePos = pos
		}
	case fieldHeadings, fieldBody:
		var s *secAcc
		if st.secGen == a.gen {
			s = &a.secs[st.secAt]
		} else {
			st.secGen = a.gen
			st.secAt = int32(len(a.secs))
			if t.tail >= 0 {
				a.secs[t.tail].next = int32(len(a.secs))
			} else {
				t.head = int32(len(a.secs))
			}
			t.tail = int32(len(a.secs))
			a.secs = append(a.secs, secAcc{idx: sec, first: pos, next: -1})
			s = &a.secs[len(a.secs)-1]
		}
		if f == fieldHeadings {
			inc(&s.head)
		} else {
			inc(&s.body)
		}
	}
}

// bits returns the fields the term is in, and pageBit if one of them is in
// identity.
func (t *termAcc) bits(identity byte) byte {
	var b byte
	for f, n := range t.tf {
		if n > 0 {
			b |= 1 << f
		}
	}
	if b&identity != 0 {
		b |= pageBit
	}
	return b
}

// topSecs returns the term's best sections (at most maxSecs, highest
// score first, the earlier of equals) in section order, with their
// scores, and the best score.
func (a *accumulator) topSecs(t *termAcc, score func(*secAcc) int32, out *[maxSecs]scoredSec) (n int, best int32) {
	for i := t.head; i >= 0; i = a.secs[i].next {
		s := &a.secs[i]
		v := scoredSec{idx: s.idx, ss: score(s), first: s.first}
		best = max(best, v.ss)
		// Insert by score, after equals; drop what falls off the end.
		j := n
		for j > 0 && out[j-1].ss < v.ss {
			j--
		}
		if j == maxSecs {
			continue
		}
		if n < maxSecs {
			n++
		}
		copy(out[j+1:n], out[j:n-1])
		out[j] = v
	}
	// Back to section order.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && out[j].idx < out[j-1].idx; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return n, best
}
