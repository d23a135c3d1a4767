package search

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// BM25F parameters. A page's score for a stem is
//
//	idf × (metaWeight × sat(Σ w_f·tf_f / norm_f) + sat((2·tf_headings + tf_body) / norm_body))
//
// over the "meta" fields title, tags, people, organisations and summary, with
// sat(x) = x·(k1+1)/(x+k1) and norm_f = 1 − b_f + b_f·len_f/avglen_f.
// Saturating the meta fields apart from the body keeps a title or tag match
// above any number of mentions in the text.
const (
	k1         = 1.2
	metaWeight = 2.0
	bodyB      = 0.75
	// scoreScale turns scores into the integers stored in the index.
	scoreScale = 32
)

var (
	fieldWeight = [numFields]float64{fieldTitle: 6, fieldTags: 5, fieldPeople: 5, fieldOrgs: 3, fieldSummary: 2, fieldHeadings: 2, fieldBody: 1}
	fieldB      = [numFields]float64{fieldTitle: 0.5, fieldTags: 0.3, fieldPeople: 0.3, fieldOrgs: 0.3, fieldSummary: 0.5}
)

// stats are the corpus averages the scores are normalised by.
type stats struct {
	docs   int
	avgLen [numFields]float64
	avgSec float64
}

func newStats(an []analysis) stats {
	s := stats{docs: len(an)}
	var sum [numFields]float64
	var secSum, secs float64
	for _, a := range an {
		for f, n := range a.lens {
			sum[f] += float64(n)
		}
		for _, n := range a.secLens {
			secSum += float64(n)
			secs++
		}
	}
	for f := range sum {
		if len(an) > 0 {
			s.avgLen[f] = sum[f] / float64(len(an))
		}
	}
	if secs > 0 {
		s.avgSec = secSum / secs
	}
	return s
}

func sat(x float64) float64 { return x * (k1 + 1) / (x + k1) }

func lengthNorm(b, n, avg float64) float64 {
	if avg == 0 {
		return 1
	}
	return 1 - b + b*n/avg
}

func idf(docs, df int) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// quantise turns a positive score into a stored integer of at least 1.
func quantise(x float64) int32 {
	return max(1, int32(math.Round(x*scoreScale)))
}

// docScore is the quantised BM25F score of a page for one stem.
func (s *stats) docScore(a *analysis, t *docTerm, idf float64) int32 {
	var meta float64
	for f := fieldTitle; f <= fieldSummary; f++ {
		if t.tf[f] > 0 {
			meta += fieldWeight[f] * float64(t.tf[f]) / lengthNorm(fieldB[f], float64(a.lens[f]), s.avgLen[f])
		}
	}
	bodyLen := float64(a.lens[fieldHeadings] + a.lens[fieldBody])
	avgBody := s.avgLen[fieldHeadings] + s.avgLen[fieldBody]
	body := (fieldWeight[fieldHeadings]*float64(t.tf[fieldHeadings]) + float64(t.tf[fieldBody])) / lengthNorm(bodyB, bodyLen, avgBody)
	var score float64
	if meta > 0 {
		score += metaWeight * sat(meta)
	}
	if body > 0 {
		score += sat(body)
	}
	return quantise(idf * score)
}

// secScore is the quantised BM25 score of a section for one stem.
func (s *stats) secScore(a *analysis, st secTerm, idf float64) int32 {
	x := (fieldWeight[fieldHeadings]*float64(st.head) + float64(st.body)) / lengthNorm(bodyB, float64(a.secLens[st.idx]), s.avgSec)
	return quantise(idf * sat(x))
}

// scoredDoc is a page's score for a stem, with its best sections.
type scoredDoc struct {
	doc      int32
	ds       int32
	bits     byte
	titlePos int32
	secs     []scoredSec // at most maxSecs, by section index
}

type scoredSec struct {
	idx, ss, first int32
}

// maxSecs is how many sections a scored page keeps per stem.
const maxSecs = 3

// rank is the page's score when the query is this stem alone: the runtime
// ranks by 2·ds + best section score.
func (d *scoredDoc) rank() int32 {
	return 2*d.ds + d.bestScore()
}

// best returns the index of the best section (highest score, then first),
// or -1 if the stem is in no section.
func (d *scoredDoc) best() int32 {
	b, bs := int32(-1), int32(0)
	for _, s := range d.secs {
		if s.ss > bs {
			b, bs = s.idx, s.ss
		}
	}
	return b
}

func (d *scoredDoc) bestScore() int32 {
	var bs int32
	for _, s := range d.secs {
		bs = max(bs, s.ss)
	}
	return bs
}

// scorePostings scores every page of one stem and orders them best first,
// newest first among equals.
func (s *stats) scorePostings(an []analysis, ps []posting) []scoredDoc {
	w := idf(s.docs, len(ps))
	out := make([]scoredDoc, len(ps))
	for i, p := range ps {
		a := &an[p.doc]
		d := scoredDoc{doc: p.doc, ds: s.docScore(a, p.t, w), bits: p.t.bits(a.identity), titlePos: p.t.titlePos}
		d.secs = make([]scoredSec, len(p.t.secs))
		for j, st := range p.t.secs {
			d.secs[j] = scoredSec{idx: st.idx, ss: s.secScore(a, st, w), first: st.first}
		}
		if len(d.secs) > maxSecs {
			sort.SliceStable(d.secs, func(i, j int) bool { return d.secs[i].ss > d.secs[j].ss })
			d.secs = d.secs[:maxSecs]
			sort.Slice(d.secs, func(i, j int) bool { return d.secs[i].idx < d.secs[j].idx })
		}
		out[i] = d
	}
	sortByRank(out)
	return out
}

// sortByRank orders pages best first for a one-stem query, newest first
// among equals.
func sortByRank(ds []scoredDoc) {
	type ranked struct{ rank, i int32 }
	order := make([]ranked, len(ds))
	for i := range ds {
		order[i] = ranked{ds[i].rank(), int32(i)}
	}
	slices.SortFunc(order, func(a, b ranked) int {
		if a.rank != b.rank {
			return cmp.Compare(b.rank, a.rank)
		}
		return cmp.Compare(ds[a.i].doc, ds[b.i].doc)
	})
	sorted := make([]scoredDoc, len(ds))
	for j, r := range order {
		sorted[j] = ds[r.i]
	}
	copy(ds, sorted)
}
