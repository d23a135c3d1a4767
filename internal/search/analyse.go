package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Fields of a page, in the order of their bits in a posting.
const (
	fieldTitle = iota
	fieldTags
	fieldPeople
	fieldOrgs
	fieldSummary
	fieldHeadings
	fieldBody
	numFields
)

// identityFields are the fields that say what a page is about: a query whose
// every word is in one of them links to the page rather than a section. An
// interview is about its answers, so only the names of its people count.
// Tags and organisations are left out: a section is a more precise answer
// than a page that is merely tagged with the words.
const (
	identityFields  = 1<<fieldTitle | 1<<fieldPeople
	interviewFields = 1 << fieldPeople
	pageBit         = 1 << 7 // set in a posting's bits when the stem is in an identity field
)

// headingGap separates a section's heading from its text in word
// positions, so that the two are never adjacent.
const headingGap = 4

// pageText is a page as the index reads it: the words of its fields and
// sections as codes, with their lengths. It is computed once per page and
// read several times while the index is built, and kept by a Cache.
//
// A code below codeSkip is a word id. codeSkip+k skips k positions (stop
// words, which count for positions but are not indexed outside the title).
// codeJoined|n is the joined form of a compound of n parts, whose word id is
// the next code; its position is n before the position after its parts.
type pageText struct {
	identity byte             // the identity fields of the page's kind
	lens     [numFields]int32 // words per field, stop words left out except in the title
	secLens  []int32          // words per section, heading and text
	spans    []span           // the page's texts, in order
	codes    []uint32
	stems    []int32 // the lexicon stems of the indexed words, once each
}

const (
	codeSkip   = 1 << 30
	codeJoined = 1 << 31
)

// span is one text of a page: a field's value, or a section's heading or
// text.
type span struct {
	field  uint8
	sec    int32 // section, for fieldHeadings and fieldBody
	offset int32 // position of the text's first word
	end    int32 // end of its codes; it starts where the previous span ends
}

// sortDocs orders docs newest first, undated last, then by URL, and rejects
// duplicate URLs.
//
// It sorts the pages' dates and URLs, and then moves each Doc once: sorting
// the Docs themselves moved each many times, and compared their dates
// through time.Time's methods, which took a twentieth of a rebuild's search
// time for 10,000 pages.
func sortDocs(docs []Doc) ([]Doc, error) {
	type key struct {
		undated bool
		sec     int64 // the instant of the date
		nsec    int
		url     string
		i       int
	}
	keys := make([]key, len(docs))
	for i := range docs {
		d := &docs[i].Date
		keys[i] = key{undated: d.IsZero(), sec: d.Unix(), nsec: d.Nanosecond(), url: docs[i].URL, i: i}
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		if a.undated != b.undated {
			if b.undated {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.sec, a.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(b.nsec, a.nsec); c != 0 {
			return c
		}
		return strings.Compare(a.url, b.url)
	})
	out := make([]Doc, len(docs))
	for j, k := range keys {
		out[j] = docs[k.i]
	}
	seen := make(map[string]bool, len(out))
	for _, d := range out {
		if strings.TrimSpace(d.Kind) == "" {
			return nil, fmt.Errorf("search: page %s has no kind: want article, interview or strategy", d.URL)
		}
		if seen[d.URL] {
			return nil, fmt.Errorf("search: two pages have the URL %s: give one a different slug", d.URL)
		}
		seen[d.URL] = true
	}
	return out, nil
}

// read turns a page into its pageText. Where the page has a term of a
// synonym group of syn (which may be nil), it counts the group's key too.
func (lx *lexer) read(d *Doc, syn *synTable) *pageText {
	p := &pageText{identity: identityFields}
	if d.Kind == "interview" {
		p.identity = interviewFields
	}
	lx.pages++
	n := len(d.Title) + len(d.Summary)
	for _, s := range d.Sections {
		n += len(s.Heading) + len(s.Text)
	}
	p.codes = make([]uint32, 0, n/7)
	p.stems = make([]int32, 0, n/20)
	r := pageReader{lx: lx, p: p, syn: syn}
	r.text(fieldTitle, 0, 0, d.Title)
	for _, s := range d.Tags {
		r.text(fieldTags, 0, 0, s)
	}
	for _, s := range d.People {
		r.text(fieldPeople, 0, 0, s)
	}
	for _, s := range d.Organisations {
		r.text(fieldOrgs, 0, 0, s)
	}
	r.text(fieldSummary, 0, 0, d.Summary)
	for i, s := range d.Sections {
		head := r.text(fieldHeadings, int32(i), 0, s.Heading)
		n := r.words
		r.text(fieldBody, int32(i), head+headingGap, s.Text)
		p.secLens = append(p.secLens, n+r.words)
	}
	return p
}

// pageReader appends the texts of a page to its pageText.
type pageReader struct {
	lx    *lexer
	p     *pageText
	words int32 // indexed words of the last text
	syn   *synTable
	ring  synRing
	found []synMatch
}

// text appends one text and returns the number of positions it takes.
func (r *pageReader) text(f int, sec, offset int32, text string) int32 {
	p := r.p
	var positions, skip int32
	r.words = 0
	// Positions matter in the title, headings and text only.
	keepPos := f == fieldTitle || f == fieldHeadings || f == fieldBody
	r.ring.reset()
	r.lx.scan(text, true, func(w lexWord, pos, start, end, n int) {
		if n == 0 {
			positions++
		}
		found := r.found[:0]
		if r.syn != nil && n == 0 {
			r.ring.push(w.stem, positions, int32(start))
			found = r.syn.match(&r.ring, w, found)
		}
		r.found = found
		switch {
		case f != fieldTitle && w.stop:
			if n == 0 && keepPos {
				skip++
			}
		case n > 0:
			if skip > 0 {
				p.codes = append(p.codes, codeSkip+uint32(skip))
				skip = 0
			}
			p.codes = append(p.codes, codeJoined|uint32(n), uint32(w.id))
			r.stem(w.stem)
		default:
			if skip > 0 {
				p.codes = append(p.codes, codeSkip+uint32(skip))
				skip = 0
			}
			p.codes = append(p.codes, uint32(w.id))
			p.lens[f]++
			r.words++
			r.stem(w.stem)
		}
		// A synonym's key counts at the first word of its term, like the
		// joined form of a compound.
		for _, m := range found {
			if skip > 0 {
				p.codes = append(p.codes, codeSkip+uint32(skip))
				skip = 0
			}
			back := uint32(1)
			if keepPos {
				back = uint32(m.words)
			}
			key := r.syn.groups[m.group].keyWord
			p.codes = append(p.codes, codeJoined|back, uint32(key.id))
			r.stem(key.stem)
		}
	})
	p.spans = append(p.spans, span{field: uint8(f), sec: sec, offset: offset, end: int32(len(p.codes))})
	return positions
}

// stem notes that the page has lexicon stem s.
func (r *pageReader) stem(s int32) {
	lx := r.lx
	if int(s) >= len(lx.mark) {
		lx.mark = append(lx.mark, make([]int32, int(s)+1-len(lx.mark)+len(lx.mark)/2)...)
	}
	if lx.mark[s] != lx.pages {
		lx.mark[s] = lx.pages
		r.p.stems = append(r.p.stems, s)
	}
}

// sortedNames returns the distinct non-empty names, sorted case-insensitively.
func sortedNames(lists ...[]string) []string {
	set := make(map[string]bool)
	for _, l := range lists {
		for _, s := range l {
			if s = strings.TrimSpace(s); s != "" {
				set[s] = true
			}
		}
	}
	// Each name is lowered once, not at each comparison.
	type name struct{ lower, s string }
	names := make([]name, 0, len(set))
	for s := range set {
		names = append(names, name{strings.ToLower(s), s})
	}
	slices.SortFunc(names, func(a, b name) int {
		if c := strings.Compare(a.lower, b.lower); c != 0 {
			return c
		}
		return strings.Compare(a.s, b.s)
	})
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n.s
	}
	return out
}
