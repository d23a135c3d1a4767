package corpus

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// sentencePool is how many sentences newVocab pre-builds; pages are
// assembled from them (as gencorpus.py does), so building a page is cheap.
const sentencePool = 40000

// vocab is everything drawn once per Generate from the seed: the word pools
// (shuffled so the Zipf ranks differ per seed), the invented place names and
// the sentence pool. It is read-only after newVocab, so the page workers
// share one.
type vocab struct {
	tags, orgs, publishers            []string
	firstNames, lastNames, roles      []string
	places, productSuffixes, hospital []string
	nouns, adjs, verbs                []string
	nounW, adjW, verbW                []float64 // cumulative Zipf weights
	codeNouns                         []string  // nouns that are identifiers
	verbsBase, adverbs                []string
	dets, preps, conjs, openers       []string
	questions, headings, stratHeads   []string
	shapes                            [][]string // sentence shapes, tokenised
	snippets                          []snippet
	sentences                         []sentence
}

// sentence is one pooled sentence with the offsets paragraph needs to
// decorate it without scanning: sp1 and sp2 are the byte offsets of the
// first and second spaces (-1 if absent), last that of the last space.
type sentence struct {
	text           string
	words          int
	sp1, sp2, last int
}

// newVocab builds the vocabulary for seed.
func newVocab(seed uint64) *vocab {
	r := rand.New(rand.NewPCG(splitmix(seed), splitmix(seed^0x5bd1e9955bd1e995)))
	v := &vocab{
		tags:            lines(tagList),
		orgs:            lines(organisationList),
		publishers:      lines(publisherList),
		firstNames:      words(firstNameWords),
		lastNames:       words(lastNameWords),
		roles:           lines(roleList),
		productSuffixes: words(productWords),
		hospital:        words(hospitalWords),
		nouns:           words(nounWords),
		adjs:            words(adjectiveWords),
		verbs:           words(verbWords),
		verbsBase:       words(verbBaseWords),
		adverbs:         words(adverbWords),
		dets:            words(determinerWords),
		preps:           words(prepositionWords),
		conjs:           words(conjunctionWords),
		openers:         lines(openerList),
		questions:       lines(questionList),
		headings:        lines(headingList),
		stratHeads:      lines(strategyHeadingList),
		snippets:        snippets(),
	}
	for _, shape := range lines(sentenceShapeList) {
		v.shapes = append(v.shapes, strings.Split(shape, " "))
	}
	for _, pool := range [][]string{v.nouns, v.adjs, v.verbs} {
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	}
	v.nounW = zipfWeights(len(v.nouns))
	v.adjW = zipfWeights(len(v.adjs))
	v.verbW = zipfWeights(len(v.verbs))
	for _, n := range v.nouns {
		if isLetters(n) {
			v.codeNouns = append(v.codeNouns, n)
		}
	}
	for _, a := range words(placeFirstWords) {
		for _, b := range words(placeSecondWords) {
			v.places = append(v.places, capitalise(a+b))
		}
	}
	slices.Sort(v.places)
	v.places = slices.Compact(v.places)
	r.Shuffle(len(v.places), func(i, j int) { v.places[i], v.places[j] = v.places[j], v.places[i] })

	// Build every sentence into one arena, then slice it: one allocation.
	d := draw{v: v, r: r}
	arena := make([]byte, 0, sentencePool*110)
	ends := make([]int, sentencePool)
	for i := range ends {
		arena = d.appendSentence(arena)
		ends[i] = len(arena)
	}
	all := string(arena)
	v.sentences = make([]sentence, sentencePool)
	start := 0
	for i, end := range ends {
		v.sentences[i] = newSentence(all[start:end])
		start = end
	}
	return v
}

// newSentence records the word count and space offsets of s.
func newSentence(s string) sentence {
	st := sentence{text: s, words: 1, sp1: -1, sp2: -1, last: -1}
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			continue
		}
		st.words++
		switch {
		case st.sp1 < 0:
			st.sp1 = i
		case st.sp2 < 0:
			st.sp2 = i
		}
		st.last = i
	}
	return st
}

// zipfWeights returns cumulative Zipf-like weights (s = 0.5) for n ranks, so
// a few words are common and most are rare.
func zipfWeights(n int) []float64 {
	w := make([]float64, n)
	acc := 0.0
	for rank := 1; rank <= n; rank++ {
		acc += 1 / math.Sqrt(float64(rank))
		w[rank-1] = acc
	}
	return w
}

// isLetters reports whether s is all ASCII lower-case letters.
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// splitmix is the SplitMix64 finaliser: it spreads nearby seeds apart.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// draw draws words and phrases from a vocab with one random stream.
type draw struct {
	v *vocab
	r *rand.Rand
}

func (d draw) pick(s []string) string { return s[d.r.IntN(len(s))] }

// zipf picks from s with the cumulative weights cum.
func (d draw) zipf(s []string, cum []float64) string {
	x := d.r.Float64() * cum[len(cum)-1]
	return s[min(sort.SearchFloat64s(cum, x), len(s)-1)]
}

func (d draw) noun() string    { return d.zipf(d.v.nouns, d.v.nounW) }
func (d draw) adj() string     { return d.zipf(d.v.adjs, d.v.adjW) }
func (d draw) verb() string    { return d.zipf(d.v.verbs, d.v.verbW) }
func (d draw) place() string   { return d.pick(d.v.places) }
func (d draw) person() string  { return d.pick(d.v.firstNames) + " " + d.pick(d.v.lastNames) }
func (d draw) product() string { return d.place() + d.pick(d.v.productSuffixes) }

// appendNP appends a noun phrase: determiner, optional adjective, one or two
// nouns ("an integrated record", "the ward").
func (d draw) appendNP(b []byte) []byte {
	x := d.r.Float64()
	det := d.pick(d.v.dets)
	var rest [3]string
	n := 1
	switch {
	case x < 0.4:
		rest[0] = d.noun()
	case x < 0.8:
		rest[0], rest[1] = d.adj(), d.noun()
		n = 2
	default:
		rest[0], rest[1], rest[2] = d.adj(), d.noun(), d.noun()
		n = 3
	}
	if det == "a" && isVowel(rest[0][0]) {
		det = "an"
	}
	b = append(b, det...)
	for _, w := range rest[:n] {
		b = append(append(b, ' '), w...)
	}
	return b
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// sentenceShapeList holds the six sentence shapes, one per line. In each
// space-separated token a lone code letter (optionally followed by a comma)
// stands for a drawn word: N noun phrase, V verb, B verb base form,
// A adjective, D adverb, P preposition, C conjunction, O opener; other tokens
// are literal.
const sentenceShapeList = `N V N P N
O N V N, C N V N
We need to B N P N before N V N
N D V N, which V N
It is A that N V N P N P N
N V N`

// appendSentence appends a sentence of a random shape, capitalised and
// ending in a full stop.
func (d draw) appendSentence(b []byte) []byte {
	start := len(b)
	shape := d.v.shapes[d.r.IntN(len(d.v.shapes))]
	for i, tok := range shape {
		if i > 0 {
			b = append(b, ' ')
		}
		code, comma := tok, ""
		if len(tok) == 2 && tok[1] == ',' {
			code, comma = tok[:1], ","
		}
		switch code {
		case "N":
			b = d.appendNP(b)
		case "V":
			b = append(b, d.verb()...)
		case "B":
			b = append(b, d.pick(d.v.verbsBase)...)
		case "A":
			b = append(b, d.adj()...)
		case "D":
			b = append(b, d.pick(d.v.adverbs)...)
		case "P":
			b = append(b, d.pick(d.v.preps)...)
		case "C":
			b = append(b, d.pick(d.v.conjs)...)
		case "O":
			b = append(b, d.pick(d.v.openers)...)
		default:
			b = append(b, tok...)
			continue
		}
		b = append(b, comma...)
	}
	if c := b[start]; c >= 'a' && c <= 'z' {
		b[start] = c - 'a' + 'A'
	}
	return append(b, '.')
}

// heading returns a section heading from the heading templates.
func (d draw) heading() string {
	t := d.pick(d.v.headings)
	f := fill{adj: d.adj(), n: d.noun(), n2: d.noun()}
	return string(expand(nil, t, "{", "}", &f))
}

// question returns an interview question for an interviewee with role.
func (d draw) question(t, role string) string {
	np := d.appendNP(nil)
	f := fill{n2: d.noun(), role: toLower(role)}
	for i, c := range np { // drop the determiner
		if c == ' ' {
			f.np = string(np[i+1:])
			break
		}
	}
	return capitalise(string(expand(nil, t, "{", "}", &f)))
}

// title returns a page title in one of five shapes.
func (d draw) title() string {
	a := d.adj()
	var t string
	switch d.r.IntN(5) {
	case 0:
		t = a + " " + d.noun() + " at " + d.place()
	case 1:
		t = "How " + d.product() + " " + d.verb() + " " + d.noun() + " " + d.noun()
	case 2:
		t = a + " " + d.noun() + ": lessons from " + d.place()
	case 3:
		t = "The " + a + " " + d.noun() + " " + d.noun() + " in " + d.place()
	default:
		t = "Why " + d.noun() + " " + d.verb() + " " + a + " " + d.noun()
	}
	return capitalise(t)
}

// number returns a decimal in [lo, hi).
func (d draw) number(lo, hi int) string { return strconv.Itoa(lo + d.r.IntN(hi-lo)) }

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}
