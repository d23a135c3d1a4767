package corpus

import "strconv"

// This file holds the body builders. Each appends Markdown blocks to g.b
// (separated by blank lines, see block) and returns the words it counted;
// the counts steer the page towards its target length as gencorpus.py does.

// block starts a new body block.
func (g *pageGen) block() {
	if g.blocks > 0 {
		g.b = append(g.b, "\n\n"...)
	}
	g.blocks++
}

// paragraph appends 3-6 pooled sentences, some decorated with a page
// proper noun and a percentage, bold or emphasis, an outside link or a link
// to another page of the corpus. With emph the whole paragraph is in
// emphasis (an interview's introduction).
func (g *pageGen) paragraph(i int, emph bool) int {
	d, r := g.d, g.d.r
	g.block()
	if emph {
		g.b = append(g.b, '_')
	}
	n, words := 3+r.IntN(4), 0
	for k := range n {
		if k > 0 {
			g.b = append(g.b, ' ')
		}
		s := g.v.sentences[r.IntN(len(g.v.sentences))]
		t, body := s.text, s.text[:len(s.text)-1] // body: without the full stop
		words += s.words
		b := g.b
		switch x := r.Float64(); {
		case x < 0.10:
			b = append(append(b, body...), " at "...)
			b = append(append(b, d.pick(g.words[:])...), ", according to "...)
			b = append(append(b, d.number(2, 98)...), "% of respondents."...)
			words += 6
		case x < 0.14:
			b = append(append(b, t[:s.sp1]...), " **"...)
			b = append(append(b, t[s.sp1+1:s.sp2]...), "** "...)
			b = append(b, t[s.sp2+1:]...)
		case x < 0.16 || x < 0.18 && g.opt.Pages < 2:
			b = append(append(b, body...), " (see ["...)
			b = append(append(b, d.pick(g.words[:])...), "](https://example.nhs.uk/"...)
			b = append(append(b, d.number(0, 1000000)...), "))."...)
			words += 2
		case x < 0.18:
			j := r.IntN(g.opt.Pages - 1)
			if j >= i {
				j++
			}
			h := g.head(j)
			b = append(append(b, body...), " (see ["...)
			b = append(append(b, h.title...), "](../"...)
			b = append(append(b, sectionName(h.sec)...), '/')
			b = append(append(b, h.fileName(j)...), "))."...)
			words += 2
		case x < 0.21:
			b = append(append(b, t[:s.last]...), " *"...)
			b = append(append(b, t[s.last+1:len(t)-1]...), "*."...)
		default:
			b = append(b, t...)
		}
		g.b = b
	}
	if emph {
		g.b = append(g.b, '_')
	}
	return words
}

// list appends a bullet or numbered list of 3-6 pooled sentences.
func (g *pageGen) list(ordered bool) int {
	r := g.d.r
	g.block()
	words := 0
	for k := range 3 + r.IntN(4) {
		s := g.v.sentences[r.IntN(len(g.v.sentences))]
		words += s.words
		if k > 0 {
			g.b = append(g.b, '\n')
		}
		if ordered {
			g.b = append(strconv.AppendInt(g.b, int64(k+1), 10), ". "...)
		} else {
			g.b = append(g.b, "- "...)
		}
		g.b = append(g.b, s.text...)
	}
	return words
}

// table appends a GFM table of 3-4 columns and 3-6 rows of percentages.
func (g *pageGen) table() int {
	d, r := g.d, g.d.r
	g.block()
	cols := []string{"Measure", "Baseline", "Current", "Target"}[:3+r.IntN(2)]
	b := g.b
	for _, c := range cols {
		b = append(append(b, "| "...), c...)
		b = append(b, ' ')
	}
	b = append(b, "|\n|"...)
	for range cols {
		b = append(b, "---|"...)
	}
	rows := 3 + r.IntN(4)
	for range rows {
		b = append(append(b, "\n| "...), d.adj()...)
		b = append(append(b, ' '), d.noun()...)
		for range cols[1:] {
			b = append(append(b, " | "...), d.number(1, 100)...)
			b = append(b, '%')
		}
		b = append(b, " |"...)
	}
	g.b = b
	return 3 * (rows + 2)
}

// code appends a fenced code block from one of the snippet templates.
func (g *pageGen) code() int {
	d, r := g.d, g.d.r
	g.block()
	sn := g.v.snippets[r.IntN(len(g.v.snippets))]
	f := fill{n: d.pick(g.v.codeNouns), adj: d.adj(), prod: d.product(),
		k: d.number(2, 60), k2: d.number(5, 30),
		first: d.pick(g.v.firstNames), last: d.pick(g.v.lastNames),
		place: toLower(d.place())}
	g.b = append(append(append(g.b, "```"...), sn.lang...), '\n')
	start := len(g.b)
	g.b = expand(g.b, sn.text, "{{", "}}", &f)
	spaces := 0
	for _, c := range g.b[start:] {
		if c == ' ' {
			spaces++
		}
	}
	g.b = append(g.b, "```"...)
	return spaces / 3
}

// quote appends a block quote: a pooled sentence and who said it.
func (g *pageGen) quote() int {
	s := g.v.sentences[g.d.r.IntN(len(g.v.sentences))]
	g.block()
	g.b = append(append(g.b, "> "...), s.text...)
	g.b = append(append(g.b, " — "...), g.d.person()...)
	return s.words + 3
}

// extras returns the table and code blocks a page asked for, in that order.
func (g *pageGen) extras(wantTable, wantCode bool) []func() int {
	var ex []func() int
	if wantTable {
		ex = append(ex, g.table)
	}
	if wantCode {
		ex = append(ex, g.code)
	}
	return ex
}

// article: an introduction, then `## ` sections of 1-3 paragraphs, each
// followed by a table, code, a list or a quote, until target words.
func (g *pageGen) article(i, target int, wantTable, wantCode bool) {
	r := g.d.r
	ex := g.extras(wantTable, wantCode)
	words := g.paragraph(i, false)
	for words < target {
		g.heading(g.d.heading())
		for range 1 + r.IntN(3) {
			words += g.paragraph(i, false)
			if words >= target {
				break
			}
		}
		x := r.Float64()
		switch {
		case words >= target:
		case len(ex) > 0 && x < 0.5:
			words += ex[0]()
			ex = ex[1:]
		case x < 0.75:
			words += g.list(r.Float64() < 0.3)
		case x < 0.85:
			words += g.quote()
		}
	}
	for _, f := range ex { // make sure the requested table and code made it in
		f()
	}
}

// interview: an introduction in emphasis, then `## Question?` headings each
// followed by its answer.
func (g *pageGen) interview(i, target int, role string, wantTable, wantCode bool) {
	r := g.d.r
	ex := g.extras(wantTable, wantCode)
	words := g.paragraph(i, true)
	qs := append(g.qs[:0], g.v.questions...)
	r.Shuffle(len(qs), func(a, b int) { qs[a], qs[b] = qs[b], qs[a] })
	for q := 0; words < target; q++ {
		g.heading(g.d.question(qs[q%len(qs)], role))
		for range 1 + r.IntN(3) {
			words += g.paragraph(i, false)
			if words >= target {
				break
			}
		}
		x := r.Float64()
		switch {
		case words >= target:
		case len(ex) > 0 && x < 0.4:
			words += ex[0]()
			ex = ex[1:]
		case x < 0.6:
			words += g.list(false)
		}
	}
	for _, f := range ex {
		f()
	}
}

// strategy: an introduction, then the standard strategy headings (Purpose,
// Scope, Key commitments with a numbered list, …), then free headings.
func (g *pageGen) strategy(i, target int, wantTable, wantCode bool) {
	r := g.d.r
	ex := g.extras(wantTable, wantCode)
	words := g.paragraph(i, false)
	for hi := 1; words < target; hi++ {
		if hi <= len(g.v.stratHeads) {
			g.heading(g.v.stratHeads[hi-1])
		} else {
			g.heading(g.d.heading())
		}
		words += g.paragraph(i, false)
		if hi == 3 || r.Float64() < 0.3 {
			words += g.list(hi == 3)
		}
		if len(ex) > 0 && r.Float64() < 0.4 {
			words += ex[0]()
			ex = ex[1:]
		}
	}
	for _, f := range ex {
		f()
	}
}

// heading appends a level-2 heading.
func (g *pageGen) heading(text string) {
	g.block()
	g.b = append(append(g.b, "## "...), text...)
}
