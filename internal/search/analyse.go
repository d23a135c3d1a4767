package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
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

// analysis is what the index keeps of one page.
type analysis struct {
	identity byte             // the identity fields of the page's kind
	lens     [numFields]int32 // words per field, stop words left out except in the title
	secLens  []int32          // words per section, heading and text
	terms    []docTerm        // sorted by stem
	words    [][2]string      // (word, stem) pairs where the two differ
}

// docTerm is one stem of a page.
type docTerm struct {
	stem     string
	tf       [numFields]uint16
	titlePos int32 // first position in the title, or -1
	secs     []secTerm
}

// bits returns the fields the stem is in, and pageBit if one of them is in
// identity.
func (t *docTerm) bits(identity byte) byte {
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

// secTerm is one stem of one section.
type secTerm struct {
	idx   int32
	head  uint16
	body  uint16
	first int32 // first position in the section (heading, gap, text)
}

// inc adds one to a term frequency, stopping at its maximum.
func inc(n *uint16) {
	if *n < math.MaxUint16 {
		*n++
	}
}

// sortDocs orders docs newest first, undated last, then by URL, and rejects
// duplicate URLs.
func sortDocs(docs []Doc) ([]Doc, error) {
	out := append([]Doc(nil), docs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Date.IsZero() != b.Date.IsZero() {
			return b.Date.IsZero()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.URL < b.URL
	})
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

// analyseAll analyses docs in parallel; the result is in docs' order.
func analyseAll(ctx context.Context, docs []Doc) ([]analysis, error) {
	out := make([]analysis, len(docs))
	caches := sync.Pool{New: func() any { return make(map[string][2]string) }}
	err := parallel(ctx, len(docs), func(i int) {
		cache := caches.Get().(map[string][2]string)
		out[i] = analyse(&docs[i], cache)
		caches.Put(cache)
	})
	return out, err
}

// analyser accumulates the stems of one page.
type analyser struct {
	a     analysis
	terms map[string]*docTerm
	words map[string]string
	cache map[string][2]string
}

func (z *analyser) term(stem string) *docTerm {
	t := z.terms[stem]
	if t == nil {
		t = &docTerm{stem: stem, titlePos: -1}
		z.terms[stem] = t
	}
	return t
}

func (z *analyser) note(tok Token) {
	if tok.Word != tok.Stem {
		z.words[tok.Word] = tok.Stem
	}
}

// field adds the words of text to field f.
func (z *analyser) field(f int, text string) {
	scan(text, true, z.cache, func(tok Token) {
		if f != fieldTitle && isStopWord(tok.Word) {
			return
		}
		z.note(tok)
		t := z.term(tok.Stem)
		inc(&t.tf[f])
		if !tok.Joined {
			z.a.lens[f]++
		}
		if f == fieldTitle && t.titlePos < 0 {
			t.titlePos = int32(tok.Pos)
		}
	})
}

// section adds the heading and text of section i.
func (z *analyser) section(i int, s Section) {
	seen := make(map[string]*secTerm)
	var n int32
	last := -1
	add := func(text string, f int, offset int) {
		scan(text, true, z.cache, func(tok Token) {
			last = max(last, tok.Pos)
			if isStopWord(tok.Word) {
				return
			}
			z.note(tok)
			t := z.term(tok.Stem)
			inc(&t.tf[f])
			st := seen[tok.Stem]
			if st == nil {
				t.secs = append(t.secs, secTerm{idx: int32(i), first: int32(offset + tok.Pos)})
				st = &t.secs[len(t.secs)-1]
				seen[tok.Stem] = st
			}
			if f == fieldHeadings {
				inc(&st.head)
			} else {
				inc(&st.body)
			}
			if !tok.Joined {
				z.a.lens[f]++
				n++
			}
		})
	}
	add(s.Heading, fieldHeadings, 0)
	add(s.Text, fieldBody, last+1+headingGap)
	z.a.secLens = append(z.a.secLens, n)
}

// analyse indexes the fields and sections of one page.
func analyse(d *Doc, cache map[string][2]string) analysis {
	z := &analyser{terms: make(map[string]*docTerm), words: make(map[string]string), cache: cache}
	z.a.identity = identityFields
	if d.Kind == "interview" {
		z.a.identity = interviewFields
	}
	z.field(fieldTitle, d.Title)
	for _, s := range d.Tags {
		z.field(fieldTags, s)
	}
	for _, s := range d.People {
		z.field(fieldPeople, s)
	}
	for _, s := range d.Organisations {
		z.field(fieldOrgs, s)
	}
	z.field(fieldSummary, d.Summary)
	for i, s := range d.Sections {
		z.section(i, s)
	}
	z.a.terms = make([]docTerm, 0, len(z.terms))
	for _, t := range z.terms {
		z.a.terms = append(z.a.terms, *t)
	}
	sort.Slice(z.a.terms, func(i, j int) bool { return z.a.terms[i].stem < z.a.terms[j].stem })
	for w, s := range z.words {
		z.a.words = append(z.a.words, [2]string{w, s})
	}
	sort.Slice(z.a.words, func(i, j int) bool { return z.a.words[i][0] < z.a.words[j][0] })
	return z.a
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
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i]), strings.ToLower(out[j])
		if a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}
