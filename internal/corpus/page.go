package corpus

import (
	"math/rand/v2"
	"time"
)

// Sections, in the order of the proportions drawn for each page.
const (
	articles = iota
	interviews
	strategy
)

// sectionNames are the folder names of the sections, indexed by section.
func sectionName(sec int) string {
	return [...]string{"articles", "interviews", "strategy"}[sec]
}

// Dates are drawn uniformly from [firstDay, firstDay+daySpan): 2015-01-01
// to 2025-12-30, as gencorpus.py draws them.
var firstDay = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC) // never mutated

const daySpan = 4017

// head is what other pages need to know about a page to link to it: its
// section, title and date. It is the first thing drawn from a page's random
// stream, so pageGen.head can recompute it for any page cheaply.
type head struct {
	sec   int
	title string
	day   int // days after firstDay
}

// fileName is the page's file name, unique by its index i.
func (h head) fileName(i int) string {
	return slugify(h.title) + "-" + pad6(i) + ".md"
}

// pageGen builds pages one at a time into a reusable buffer. Each worker
// has its own; they share the read-only vocab.
type pageGen struct {
	v         *vocab
	opt       Options
	src, hsrc *rand.PCG
	d, hd     draw // d draws the page being built, hd heads of other pages
	b         []byte
	blocks    int // blocks written to the body so far
	words     [5]string
	scratch   []int
	qs        []string
}

func newPageGen(v *vocab, opt Options) *pageGen {
	g := &pageGen{v: v, opt: opt, src: rand.NewPCG(0, 0), hsrc: rand.NewPCG(0, 0)}
	g.d = draw{v: v, r: rand.New(g.src)}
	g.hd = draw{v: v, r: rand.New(g.hsrc)}
	g.scratch = make([]int, len(v.tags))
	g.qs = make([]string, len(v.questions))
	return g
}

// seedPage points src at page i's own random stream, independent of the
// order in which pages are built.
func seedPage(src *rand.PCG, seed uint64, i int) {
	a := splitmix(seed ^ splitmix(uint64(i)+1))
	src.Seed(a, splitmix(a^0xd1b54a32d192ed03))
}

// drawHead draws a page's section, title and date, in that order.
func drawHead(d draw) head {
	x := d.r.Float64()
	sec := strategy
	switch {
	case x < 0.60:
		sec = articles
	case x < 0.85:
		sec = interviews
	}
	return head{sec: sec, title: d.title(), day: d.r.IntN(daySpan)}
}

// head recomputes page i's head without disturbing the page being built.
func (g *pageGen) head(i int) head {
	seedPage(g.hsrc, g.opt.Seed, i)
	return drawHead(g.hd)
}

// page builds page i and returns its section, file name and bytes; the
// bytes are valid until the next call.
func (g *pageGen) page(i int) (sec int, name string, data []byte) {
	seedPage(g.src, g.opt.Seed, i)
	d, r := g.d, g.d.r
	h := drawHead(d)
	tags := g.sample(2 + r.IntN(5))
	orgs := []string{d.pick(g.v.orgs)}
	if r.Float64() >= 0.8 {
		if o := d.pick(g.v.orgs); o != orgs[0] {
			orgs = append(orgs, o)
		}
	}
	g.words = [5]string{d.place(), d.product(), d.person(),
		d.place() + " " + d.pick(g.v.hospital) + " Hospital", d.number(1000, 99999)}
	target := 560 + r.IntN(281) // counted words; the prose comes to ~600-900
	wantTable := r.Float64() < 0.15
	wantCode := r.Float64() < 0.10
	summary := g.v.sentences[r.IntN(len(g.v.sentences))].text
	draft := r.Float64() < g.opt.Drafts
	reviewed := r.Float64() < 0.25
	hugo := g.opt.Schema == SchemaHugo

	b := append(g.b[:0], "---\ntitle: "...)
	b = appendQuoted(b, h.title)
	b = append(b, "\ndate: "...)
	b = appendDate(b, h.day)
	b = append(b, "\ntags: "...)
	b = appendList(b, tags)
	b = append(b, "\norganisations: "...)
	b = appendList(b, orgs)
	b = append(b, "\nsummary: "...)
	b = appendQuoted(b, summary)
	if draft {
		b = append(b, "\ndraft: true"...)
	}
	if reviewed { // review due well in the future, so no warnings for years
		b = append(b, "\nlast_reviewed: "...)
		b = appendDate(b, min(h.day+r.IntN(365), daySpan-1))
		b = append(b, "\nreview_due: "...)
		b = appendDate(b, daySpan+1461+r.IntN(1000))
	}
	slug := slugify(h.title)
	var interviewRole string
	switch h.sec {
	case articles:
		who := d.person()
		if hugo {
			b = append(b, "\nauthor: "...)
			b = appendQuoted(b, who)
		} else {
			b = append(b, "\nauthors: "...)
			b = appendList(b, []string{who})
		}
		if r.Float64() < 0.2 {
			b = append(b, "\nsource: {publisher: "...)
			b = appendQuoted(b, d.pick(g.v.publishers))
			b = append(b, ", url: "...)
			b = appendQuoted(b, "https://www.example.org/news/"+slug)
			b = append(b, ", published: "...)
			b = appendDate(b, max(h.day-r.IntN(60), 0))
			b = append(b, '}')
		}
	case interviews:
		who, role := d.person(), d.pick(g.v.roles)
		if hugo {
			b = append(b, "\ninterviewee: "...)
			b = appendQuoted(b, who)
			b = append(b, "\nrole: "...)
			b = appendQuoted(b, role)
		} else {
			b = append(b, "\ninterviewee:\n  name: "...)
			b = appendQuoted(b, who)
			b = append(b, "\n  role: "...)
			b = appendQuoted(b, role)
			b = append(b, "\n  organisation: "...)
			b = appendQuoted(b, orgs[0])
		}
		if r.Float64() < 0.5 {
			b = append(b, "\ninterviewer: "...)
			b = appendQuoted(b, d.person())
		}
		interviewRole = role
	case strategy:
		url := "https://www.example.gov.uk/publications/" + slug
		if hugo {
			b = append(b, "\nlink: "...)
		} else {
			b = append(b, "\nurl: "...)
		}
		b = appendQuoted(b, url)
		b = append(b, "\npublisher: "...)
		b = appendQuoted(b, d.pick(g.v.publishers))
		status := "current"
		switch x := r.Float64(); {
		case x >= 0.9:
			status = "withdrawn"
		case x >= 0.6:
			status = "superseded"
		}
		b = append(b, "\nstatus: "...)
		b = append(b, status...)
		if status == "superseded" && !hugo {
			b = append(b, "\nsuperseded_by: "...)
			b = appendQuoted(b, g.successor(i, h, url))
		}
	}
	b = append(b, "\n---\n\n"...)
	g.b, g.blocks = b, 0
	switch h.sec {
	case articles:
		g.article(i, target, wantTable, wantCode)
	case interviews:
		g.interview(i, target, interviewRole, wantTable, wantCode)
	case strategy:
		g.strategy(i, target, wantTable, wantCode)
	}
	g.b = append(g.b, '\n')
	return h.sec, h.fileName(i), g.b
}

// sample returns k distinct tags in random order.
func (g *pageGen) sample(k int) []string {
	idx, r := g.scratch, g.d.r
	for j := range idx {
		idx[j] = j
	}
	out := make([]string, k)
	for j := range k {
		m := j + r.IntN(len(idx)-j)
		idx[j], idx[m] = idx[m], idx[j]
		out[j] = g.v.tags[idx[j]]
	}
	return out
}

// successor returns what supersedes strategy page i: a later strategy
// entry of the corpus as a relative path when one turns up in a few draws,
// else an outside address derived from url.
func (g *pageGen) successor(i int, h head, url string) string {
	if n := g.opt.Pages; n > 1 {
		for range 16 {
			j := g.d.r.IntN(n - 1)
			if j >= i {
				j++
			}
			if o := g.head(j); o.sec == strategy && o.day > h.day {
				return "../strategy/" + o.fileName(j)
			}
		}
	}
	return url + "-update"
}
