package search

import "math"

// accumulator gathers the term frequencies of one page at a time, by stem
// id, in arrays that are reused from page to page: one per worker, so no
// page allocates.
type accumulator struct {
	wordStem []int32 // word id → stem id
	words    []lexEntry
	noted    []bool  // if not nil, set for the words read that are not their own stem
	wordDF   []int32 // if not nil, the pages read of each word id
	wordMark []int32 // the page (generation) that last counted a word

	slot   []int32 // stem → index in terms, valid when mark[stem] == page
	mark   []int32
	terms  []termAcc
	secs   []secAcc // every term's sections, linked in order
	secAt  []int32  // stem → its entry in secs for section secGen[stem]
	secGen []int32
	page   int32 // generation of slot
	gen    int32 // generation of secAt
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

func newAccumulator(wordStem []int32, stems int) *accumulator {
	a := &accumulator{wordStem: wordStem, slot: make([]int32, stems), mark: make([]int32, stems),
		secAt: make([]int32, stems), secGen: make([]int32, stems)}
	for i := range a.mark {
		a.mark[i], a.secGen[i] = -1, -1
	}
	return a
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
			if a.noted != nil && a.words[c].differ {
				a.noted[c] = true
			}
			if a.wordDF != nil && a.wordMark[c] != a.page {
				a.wordMark[c] = a.page
				a.wordDF[c]++
			}
			stem := a.wordStem[c]
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
	if a.mark[stem] == a.page {
		t = &a.terms[a.slot[stem]]
	} else {
		a.mark[stem] = a.page
		a.slot[stem] = int32(len(a.terms))
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
		if a.secGen[stem] == a.gen {
			s = &a.secs[a.secAt[stem]]
		} else {
			a.secGen[stem] = a.gen
			a.secAt[stem] = int32(len(a.secs))
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
