package content

import (
	"bytes"
	"fmt"

	"github.com/signpost-kb/signpost/internal/diag"
)

// Placeholders are the lines of body text that signpost new writes into a
// page for its writer to replace (internal/scaffold's templates; its tests
// check that the two agree). Headings a page may keep, such as "## Key
// points", are not among them.
var Placeholders = []string{
	// article.md
	"Write the article here, in Markdown. Start with what the reader most needs",
	`to know. Use ` + "`## Headings`" + ` to break it up; a page with three or more gets a`,
	`"Contents" list.`,
	"Link to other pages by their files, relative to this one, such as",
	"`[an interview](../interviews/file-name.md)`, or to a heading on a page,",
	"`[a question](../interviews/file-name.md#question-id)`. signpost checks",
	"every such link when it builds.",
	// interview.md
	"An introduction: who the interviewee is, and when and why they were",
	"interviewed. Each question below is a `## ` heading ending in a question",
	"mark, followed by its answer; each gets its own link and search result.",
	"## What is the first question? {#first-question}",
	"The answer, in the interviewee's words or summarised in yours.",
	"## What is the second question? {#second-question}",
	"The answer.",
	"## What is the third question? {#third-question}",
	// strategy.md
	"What the document says and why it matters to the people who use this",
	"knowledge base.",
	"- The first point.",
	"- The second point.",
}

// placeholderSet holds Placeholders, and placeholderLens the lengths of
// them, so that most lines are passed over without a lookup.
var placeholderSet, placeholderLens = func() (map[string]bool, [256]bool) {
	set := map[string]bool{}
	var lens [256]bool
	for _, p := range Placeholders {
		set[p] = true
		lens[len(p)] = true
	}
	return set, lens
}()

// checkPlaceholders warns, once, about a body that still holds text that
// signpost new wrote to be replaced, so that it is not published.
func (d decoder) checkPlaceholders(body []byte, bodyLine int) {
	first, firstLine, n := "", 0, 0
	for line := bodyLine; len(body) > 0; line++ {
		l, rest, _ := bytes.Cut(body, []byte("\n"))
		body = rest
		t := bytes.TrimSpace(l)
		if len(t) >= len(placeholderLens) || !placeholderLens[len(t)] || !placeholderSet[string(t)] {
			continue
		}
		if n == 0 {
			first, firstLine = string(t), line
		}
		n++
	}
	if n == 0 {
		return
	}
	d.l.Add(diag.Diagnostic{Pos: diag.Pos{File: d.file, Line: firstLine}, Severity: diag.Warning, Code: diag.CodePlaceholderText,
		Msg:  fmt.Sprintf("the page still has the text signpost new wrote for you to replace: %q", first),
		Hint: fmt.Sprintf("write the page's own text in place of it (%d %s of it in all) before the page is published", n, plural(n, "line", "lines"))})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
