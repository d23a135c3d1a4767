package search

import (
	"cmp"
	"math"
	"slices"
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

// stats are the corpus averages the scores are normalised by, quantised
// (quantiseAvg), and the number of pages.
type stats struct {
	docs   int
	avgLen [numFields]float64
	avgSec float64
}

func newStats(pages []*pageText) stats {
	s := stats{docs: len(pages)}
	var sum [numFields]float64
	var secSum, secs float64
	for _, p := range pages {
		for f, n := range p.lens {
			sum[f] += float64(n)
		}
		for _, n := range p.secLens {
			secSum += float64(n)
			secs++
		}
	}
	for f := range sum {
		if len(pages) > 0 {
			s.avgLen[f] = quantiseAvg(sum[f] / float64(len(pages)))
		}
	}
	if secs > 0 {
		s.avgSec = quantiseAvg(secSum / secs)
	}
	return s
}

// avgSteps is how many steps of quantiseAvg make a doubling.
const avgSteps = 16

// quantiseAvg rounds a positive average to the nearest of the values
// 2^(k/avgSteps): within 2.2 % of it, far less than would change a
// ranking, and the same after most edits, so that a rebuild scores again
// only the pages that changed (scoring). An edit of a few words on a site
// of 10,000 pages moves an average by a few millionths of it.
func quantiseAvg(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return x
	}
	return math.Exp2(math.Round(math.Log2(x)*avgSteps) / avgSteps)
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

// norms are a page's length normalisations, which divide its term
// frequencies: per meta field, for the body, and per section.
type norms struct {
	field [fieldSummary + 1]float64
	body  float64
	secs  []float64
}

// norms computes the norms of page p into n.
func (s *stats) norms(p *pageText, n *norms) {
	for f := range n.field {
		n.field[f] = lengthNorm(fieldB[f], float64(p.lens[f]), s.avgLen[f])
	}
	n.body = lengthNorm(bodyB, float64(p.lens[fieldHeadings]+p.lens[fieldBody]), s.avgLen[fieldHeadings]+s.avgLen[fieldBody])
	n.secs = n.secs[:0]
	for _, l := range p.secLens {
		n.secs = append(n.secs, lengthNorm(bodyB, float64(l), s.avgSec))
	}
}

// docScore is the quantised BM25F score of a page for one stem.
func docScore(n *norms, tf *[numFields]uint16, idf float64) int32 {
	var meta float64
	for f := fieldTitle; f <= fieldSummary; f++ {
		if tf[f] > 0 {
			meta += fieldWeight[f] * float64(tf[f]) / n.field[f]
		}
	}
	body := (fieldWeight[fieldHeadings]*float64(tf[fieldHeadings]) + float64(tf[fieldBody])) / n.body
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
func secScore(n *norms, st *secAcc, idf float64) int32 {
	x := (fieldWeight[fieldHeadings]*float64(st.head) + float64(st.body)) / n.secs[st.idx]
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
