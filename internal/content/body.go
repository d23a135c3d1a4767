package content

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/slug"
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
	// page.md
	"Write the guidance here, in Markdown. Start with what the reader needs to",
	"do, in plain words. Put the page in the folder of its section, such as",
	"content/guides/, and it is listed there with the pages beside it.",
	"Use NHS.UK components where they help the reader, such as a warning",
	"callout for what the reader must not miss (README.md lists them all):",
	"> [!WARNING] Replace this warning",
	"> Or delete it.",
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

// checkBody warns, once, about a body that still holds text that signpost
// new wrote to be replaced, so that it is not published; and about text
// written as a link that Markdown cannot read as one. It returns the texts
// in square brackets that are not links, for Load to check against the
// titles of the site's pages.
func (d decoder) checkBody(body []byte, bodyLine int) []Bracket {
	var brackets []Bracket
	defined := map[string]bool{} // link reference labels, folded
	first, firstLine, n := "", 0, 0
	fence := ""
	comment := false // inside an HTML comment, which is never published
	for line := bodyLine; len(body) > 0; line++ {
		l, rest, _ := bytes.Cut(body, []byte("\n"))
		body = rest
		t := bytes.TrimSpace(l)
		if f := codeFence(t); f != "" && (fence == "" || strings.HasPrefix(f, fence)) {
			if fence == "" {
				fence = f
			} else if len(bytes.Trim(t, f[:1])) == 0 {
				fence = ""
			}
			continue
		}
		if fence == "" && (comment || bytes.Contains(t, []byte("<!--"))) {
			l, comment = outsideComments(l, comment)
			t = bytes.TrimSpace(l)
		}
		if fence == "" && bytes.IndexByte(t, '[') >= 0 {
			text := blankCode(l)
			if maybeSpacedLink(t) {
				d.checkLinks(text, line)
			}
			brackets = appendBrackets(brackets, text, line, defined)
		}
		if len(t) >= len(placeholderLens) || !placeholderLens[len(t)] || !placeholderSet[string(t)] {
			continue
		}
		if n == 0 {
			first, firstLine = string(t), line
		}
		n++
	}
	if n > 0 {
		d.l.Add(diag.Diagnostic{Pos: diag.Pos{File: d.file, Line: firstLine}, Severity: diag.Warning, Code: diag.CodePlaceholderText,
			Msg:  fmt.Sprintf("the page still has the text signpost new wrote for you to replace: %q", first),
			Hint: fmt.Sprintf("before the page is published, write its own text in place of it: %d %s of it in all", n, plural(n, "line", "lines"))})
	}
	// A label that a reference definition gives an address, anywhere in
	// the body, makes [label] a link.
	kept := brackets[:0]
	for _, b := range brackets {
		if !defined[foldLabel(b.Text)] {
			kept = append(kept, b)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

// appendBrackets appends to out the texts in square brackets on line n,
// whose code spans blankCode has blanked, that Markdown does not read as
// links or anything else (not [text](a), [text][label], ![image], [^note]
// or a task's [ ] or [x]), and records in defined the labels of reference
// definitions. It is a plain scan: a regular expression here took a fifth
// of the time of loading a site whose pages are full of links.
func appendBrackets(out []Bracket, line string, n int, defined map[string]bool) []Bracket {
	if label, ok := refLabel(line); ok {
		defined[foldLabel(label)] = true
		return out
	}
	for i := 0; i < len(line); i++ {
		if line[i] != '[' {
			continue
		}
		j := strings.IndexAny(line[i+1:], "[]")
		if j < 0 {
			break
		}
		j += i + 1
		if line[j] == '[' {
			i = j - 1 // the inner bracket opens the text, if any does
			continue
		}
		text := line[i+1 : j]
		var before, after byte
		if i > 0 {
			before = line[i-1]
		}
		if j+1 < len(line) {
			after = line[j+1]
		}
		switch {
		case before == '!' || before == '\\' || before == ']':
		case after == '(' || after == '[' || after == ':':
		case strings.HasPrefix(text, "^") || strings.TrimSpace(text) == "" || strings.EqualFold(text, "x"):
		default:
			out = append(out, Bracket{Line: n, Col: utf8.RuneCountInString(line[:i]) + 1, Text: text})
		}
		i = j
	}
	return out
}

// refLabel returns the label of a link reference definition, "[label]:
// address", that line is.
func refLabel(line string) (string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "[") {
		return "", false
	}
	end := strings.IndexAny(t[1:], "[]")
	if end < 0 || t[1+end] != ']' || !strings.HasPrefix(t[2+end:], ":") {
		return "", false
	}
	return t[1 : 1+end], true
}

// foldLabel folds a link label as Markdown matches them: case and runs of
// spaces do not count.
func foldLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// titleLinks warns about each text in square brackets that is the title
// of another page: written as [How to book leave], with no address, it is
// published as written rather than as a link to that page.
func titleLinks(pages []*Page) diag.List {
	var l diag.List
	var byTitle map[string]*Page
	for _, p := range pages {
		if len(p.Brackets) == 0 {
			continue
		}
		if byTitle == nil {
			byTitle = map[string]*Page{}
			seen := map[string]int{}
			for _, q := range pages {
				if t := foldLabel(q.Title); t != "" {
					seen[t]++
					byTitle[t] = q
				}
			}
			for t, n := range seen {
				if n > 1 {
					delete(byTitle, t) // which page is meant is not known
				}
			}
		}
		for _, b := range p.Brackets {
			q := byTitle[foldLabel(b.Text)]
			if q == nil || q == p {
				continue
			}
			rel := relativePath(path.Dir(p.File), q.File)
			l.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: b.Line, Col: b.Col}, Severity: diag.Warning, Code: diag.CodeLinkMalformed,
				Msg:  fmt.Sprintf("[%s] is not a link: it has no address, so it is published as written, brackets and all", b.Text),
				Hint: fmt.Sprintf("to link to the page %q, write [%s](%s)", q.Title, b.Text, rel)})
		}
	}
	return l
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// codeFence returns the fence a line of Markdown opens or closes a fenced
// code block with ("```", "~~~~"), or "".
func codeFence(t []byte) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 {
			return string(t[:n])
		}
	}
	return ""
}

// maybeSpacedLink reports whether a line may hold a link whose address
// has spaces: a "](" with a space before the next ")". It spares most
// lines, links and all, the regular expressions of checkLinks.
func maybeSpacedLink(t []byte) bool {
	for {
		i := bytes.Index(t, []byte("]("))
		if i < 0 {
			return false
		}
		t = t[i+2:]
		end := bytes.IndexByte(t, ')')
		if end < 0 {
			return false
		}
		if bytes.ContainsAny(t[:end], " \t") {
			return true
		}
		t = t[end:]
	}
}

// outsideComments returns line with the text of HTML comments blanked
// (so columns stay right), and whether a comment is still open at its
// end; inComment says whether one was open at its start.
func outsideComments(line []byte, inComment bool) ([]byte, bool) {
	out := bytes.Clone(line)
	for i := 0; i < len(out); {
		if !inComment {
			j := bytes.Index(out[i:], []byte("<!--"))
			if j < 0 {
				break
			}
			i += j
			inComment = true
			continue
		}
		j := bytes.Index(out[i:], []byte("-->"))
		end := len(out)
		if j >= 0 {
			end, inComment = i+j+3, false
		}
		for k := i; k < end; k++ {
			out[k] = ' '
		}
		i = end
	}
	return out, inComment
}

// spacedLink matches text written as a link whose address has spaces,
// which Markdown does not read as a link: [the plan](10 Year Plan.md).
var spacedLink = regexp.MustCompile(`!?\[([^\[\]]+)\]\(([^()"'<>\s][^()"'<>]*?\s[^()"'<>]*?)\)`)

// blankCode returns line with each of its code spans, whose text is not
// Markdown, written as spaces, one a character so that columns counted in
// characters stay where they were. A code span opens with a run of
// backticks and closes at the next run of as many (CommonMark 6.1); a run
// that no other closes is text. Backslash escapes are not looked at, as
// the regular expression before it did not: \`a\` is taken as code, which
// at worst leaves a bracket in it unchecked. It is one pass over the runs,
// however they are mixed: the regular expression allocated 70 MB for a
// 1 MB line under the race detector, which drops regexp's pooled machines.
func blankCode(line []byte) string {
	if bytes.IndexByte(line, '`') < 0 {
		return string(line)
	}
	type run struct{ at, n int32 } // a line is shorter than MaxFileSize
	var runs []run
	for i := 0; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == '`' {
			j++
		}
		runs = append(runs, run{int32(i), int32(j - i)})
		i = j
	}
	// next[k] is the index of the next run as long as run k (0: none),
	// found in one pass backwards.
	next := make([]int32, len(runs))
	lastOf := map[int32]int32{}
	for k := len(runs) - 1; k >= 0; k-- {
		next[k] = lastOf[runs[k].n]
		lastOf[runs[k].n] = int32(k)
	}
	out := make([]byte, 0, len(line))
	last := 0 // the bytes of line before last are in out
	for k := 0; k < len(runs); k++ {
		end := int(next[k])
		if end == 0 {
			continue // no run closes this one: its backticks are text
		}
		from, to := int(runs[k].at), int(runs[end].at+runs[end].n)
		out = append(out, line[last:from]...)
		for n := utf8.RuneCount(line[from:to]); n > 0; n-- {
			out = append(out, ' ')
		}
		last, k = to, end
	}
	return string(append(out, line[last:]...))
}

// checkLinks warns about what looks like a link on a line of the body but
// is not one, since its address has spaces: it would be published as
// written, brackets and all. Its code spans are blanked (blankCode).
func (d decoder) checkLinks(line string, n int) {
	for _, m := range spacedLink.FindAllStringSubmatchIndex(line, -1) {
		text, dest := line[m[0]:m[1]], strings.TrimSpace(line[m[4]:m[5]])
		col := utf8.RuneCountInString(line[:m[0]]) + 1
		dir, file := path.Split(dest)
		ext := path.Ext(file)
		hint := ""
		switch {
		case strings.Contains(dest, "://"):
			hint = "write each space in the address as %20"
		case ext == "" || strings.EqualFold(ext, ".md"):
			hint = fmt.Sprintf("link to the page's file, relative to this one, such as %s%s.md", dir, slug.Make(strings.TrimSuffix(file, ext)))
		default:
			hint = fmt.Sprintf("put the address in angle brackets, [%s](<%s>), or rename the file without spaces", line[m[2]:m[3]], dest)
		}
		what := "a link: a link's"
		if strings.HasPrefix(text, "!") {
			what = "an image: an image's"
		}
		d.l.Add(diag.Diagnostic{Pos: diag.Pos{File: d.file, Line: n, Col: col}, Severity: diag.Warning, Code: diag.CodeLinkMalformed,
			Msg:  fmt.Sprintf("%s is not %s address cannot have spaces, so it is published as written", text, what),
			Hint: hint})
	}
}

// spacedMsg matches the message of a link with spaces in its address, for
// the address.
var spacedMsg = regexp.MustCompile(`^(!?\[[^\[\]]+\])\((.+)\) is not a link`)

// pageLinkHints names, in the hint of each link with spaces in its
// address, the page it most likely means, once every page is known: one
// whose title or file name the address is ("[the interview](Example
// interview)"), linked by its path relative to the page.
func pageLinkHints(l diag.List, pages []*Page) {
	var byName map[string]*Page
	for i, d := range l {
		if d.Code != diag.CodeLinkMalformed {
			continue
		}
		m := spacedMsg.FindStringSubmatch(d.Msg)
		if m == nil {
			continue
		}
		if byName == nil {
			byName = map[string]*Page{}
			for _, p := range pages {
				if p.Title != "" {
					byName[slug.Make(p.Title)] = p
				}
			}
			for _, p := range pages {
				byName[slug.Make(strings.TrimSuffix(path.Base(p.File), path.Ext(p.File)))] = p
			}
		}
		dest := m[2]
		p := byName[slug.Make(strings.TrimSuffix(path.Base(dest), path.Ext(dest)))]
		if p == nil || p.File == d.File {
			continue
		}
		rel := relativePath(path.Dir(d.File), p.File)
		l[i].Hint = fmt.Sprintf("link to the page's file, relative to this one: write %s(%s), the file of %q", m[1], rel, p.Title)
	}
}

// relativePath is the path of file relative to the folder dir, both
// slash-separated from the same root: "../interviews/x.md".
func relativePath(dir, file string) string {
	from := strings.Split(dir, "/")
	to := strings.Split(path.Dir(file), "/")
	i := 0
	for i < len(from) && i < len(to) && from[i] == to[i] {
		i++
	}
	parts := make([]string, 0, len(from)-i+len(to)-i+1)
	for range from[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, to[i:]...)
	parts = append(parts, path.Base(file))
	return strings.Join(parts, "/")
}
