package markdown

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/sanitize"
)

// Raw HTML in Markdown is dropped unless the site allows it, and then it
// is sanitised. Either way nothing goes without a word: each element
// dropped, and each element or attribute the sanitiser removes, is a
// warning with the line it is on and what to write instead. Comments are
// the exception: they are notes to editors, never shown, and dropping
// them loses nothing a reader would see.

// htmlGroup is one kind of raw HTML dropped, with every line it is on.
type htmlGroup struct {
	msg, hint string
	lines     []int
}

// htmlReport gathers what a body's raw HTML lost, one warning per kind.
type htmlReport struct {
	groups map[string]*htmlGroup
	order  []string
}

func (r *htmlReport) add(line int, msg, hint string) {
	if r.groups == nil {
		r.groups = map[string]*htmlGroup{}
	}
	g := r.groups[msg]
	if g == nil {
		g = &htmlGroup{msg: msg, hint: hint}
		r.groups[msg] = g
		r.order = append(r.order, msg)
	}
	if len(g.lines) == 0 || g.lines[len(g.lines)-1] != line {
		g.lines = append(g.lines, line)
	}
}

// report adds the warnings to l.
func (r *htmlReport) report(l *diag.List, file string) {
	for _, k := range r.order {
		g := r.groups[k]
		msg := g.msg
		if len(g.lines) > 1 {
			more := g.lines[1:]
			var s []string
			for i, n := range more {
				if i == 8 {
					s = append(s, fmt.Sprintf("and %d more", len(more)-8))
					break
				}
				s = append(s, strconv.Itoa(n))
			}
			msg += " (also on line"
			if len(more) > 1 {
				msg += "s"
			}
			msg += " " + strings.Join(s, ", ") + ")"
		}
		l.Warnf(diag.Pos{File: file, Line: g.lines[0]}, diag.CodeMarkdownRawHTML, "%s", msg)
		l.Hint("%s", g.hint)
	}
}

// rawHTML records what happens to the raw HTML node n.
func (w *walker) rawHTML(n ast.Node) {
	var src string
	var off int
	block := false
	switch n := n.(type) {
	case *ast.HTMLBlock:
		block = true
		var b strings.Builder
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			if i == 0 {
				off = seg.Start
			}
			b.Write(seg.Value(w.doc.Body))
		}
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(w.doc.Body))
		}
		src = b.String()
	case *ast.RawHTML:
		var b strings.Builder
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			if i == 0 {
				off = seg.Start
			}
			b.Write(seg.Value(w.doc.Body))
		}
		src = b.String()
	default:
		return
	}
	line := w.lines.line(off)
	if w.allowHTML {
		w.sanitised(line, src)
		return
	}
	tags := startTags(src)
	if len(tags) == 0 {
		closing := endTag(src)
		if closing == "" {
			return // a comment, or nothing a reader would see
		}
		if _, seen := w.html.groups[droppedMsg(closing, block)]; seen {
			return // the end of an element already reported
		}
		tags = []tag{{name: closing}}
	}
	t := tags[0]
	hint := insteadOf(t)
	if !neverPublished(t.name) {
		hint += ", or set markdown.allow_html = true in signpost.toml to publish it sanitised"
	}
	w.html.add(line, droppedMsg(t.name, block), hint)
}

func droppedMsg(name string, block bool) string {
	if block {
		return "raw HTML <" + name + "> dropped, with any text inside it: raw HTML is not published"
	}
	return "raw HTML <" + name + "> dropped (the text beside it is kept): raw HTML is not published"
}

// sanitised reports what the sanitiser removes from the fragment src.
func (w *walker) sanitised(line int, src string) {
	out := w.policy.HTML(src)
	in, kept := startTags(src), startTags(out)
	count := func(tags []tag) (map[string]int, map[[2]string]int) {
		els, attrs := map[string]int{}, map[[2]string]int{}
		for _, t := range tags {
			els[t.name]++
			for _, a := range t.attrs {
				attrs[[2]string{t.name, a}]++
			}
		}
		return els, attrs
	}
	inEls, inAttrs := count(in)
	outEls, outAttrs := count(kept)
	// An image on another site is published as a link to it, and said so.
	for _, src := range sanitize.RemoteImages(src) {
		host, _ := sanitize.RemoteHost(src)
		w.remoteFound(line, src, host, "")
		inEls["img"]--
	}
	var names []string
	for name, n := range inEls {
		if n > outEls[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		w.html.add(line, "raw HTML <"+name+"> removed by the sanitiser", removedHint(name))
	}
	var pairs [][2]string
	for k, n := range inAttrs {
		if n > outAttrs[k] && outEls[k[0]] > 0 {
			pairs = append(pairs, k)
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0]+" "+pairs[i][1] < pairs[j][0]+" "+pairs[j][1] })
	for _, k := range pairs {
		w.html.add(line, "the "+k[1]+" attribute of raw HTML <"+k[0]+"> removed by the sanitiser", attrHint(k[1]))
	}
}

// tag is a start tag: its element and attribute names, in lower case.
type tag struct {
	name  string
	attrs []string
	class string
}

// startTags returns the start tags of an HTML fragment, in order.
func startTags(s string) []tag {
	var tags []tag
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tags
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			t := tag{name: string(name)}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				t.attrs = append(t.attrs, string(k))
				if string(k) == "class" {
					t.class = string(v)
				}
			}
			tags = append(tags, t)
		}
	}
}

// endTag returns the element of the first end tag in s, or "".
func endTag(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			name, _ := z.TagName()
			return string(name)
		}
	}
}

// insteadOf says how to write in Markdown what the element t does.
func insteadOf(t tag) string {
	switch t.name {
	case "details", "summary":
		return `write a details component instead: "::: details Summary text", the content, then ":::"`
	case "img", "picture", "figure", "figcaption":
		return `write an image instead: ![what it shows](file.png "Caption")`
	case "a":
		return "write a link instead: [link text](address or page.md)"
	case "b", "strong":
		return "write **bold text** instead"
	case "i", "em":
		return "write *emphasised text* instead"
	case "br":
		return `end the line with a backslash (\) for a line break instead`
	case "p":
		return "leave the tag out: a blank line starts a new paragraph"
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return "write a heading instead: ## Heading"
	case "ul", "ol", "li":
		return "write a list instead, one item a line starting with - (or 1.)"
	case "blockquote":
		return "write a quote instead, each line starting with >"
	case "hr":
		return "write --- on a line of its own instead"
	case "code", "pre", "kbd", "samp":
		return "write `code` or a fenced code block (```) instead"
	case "table", "thead", "tbody", "tr", "td", "th", "caption":
		return `write a Markdown table instead (| a | b |), with "Table: Caption" for a caption`
	case "s", "del", "strike":
		return "write ~~struck text~~ instead"
	case "div", "span", "section", "aside":
		switch {
		case strings.Contains(t.class, "inset-text"):
			return "write ::: inset instead"
		case strings.Contains(t.class, "warning-callout"), strings.Contains(t.class, "card--warning"):
			return "write ::: warning Heading instead"
		case strings.Contains(t.class, "do-dont"):
			return "write ::: do and ::: dont lists instead"
		case strings.Contains(t.class, "card"):
			return "write ::: card Heading instead"
		case strings.Contains(t.class, "details"), strings.Contains(t.class, "expander"):
			return "write ::: details Summary text instead"
		}
		return "leave the tag out, or use a component such as ::: inset or ::: card"
	}
	if neverPublished(t.name) {
		return "signpost never publishes scripts, styles, frames, forms or embedded media: link to the content instead, [title](address)"
	}
	return "write it in Markdown"
}

// neverPublished reports whether the sanitiser removes the element name
// whatever the settings.
func neverPublished(name string) bool {
	switch name {
	case "script", "noscript", "style", "iframe", "object", "embed", "applet", "form", "input", "button", "select",
		"textarea", "link", "meta", "base", "video", "audio", "canvas", "svg", "math", "frame", "frameset", "template":
		return true
	}
	return false
}

func removedHint(name string) string {
	switch name {
	case "script", "noscript", "style", "link", "meta", "base":
		return "pages cannot carry scripts or styles: the theme's stylesheet styles every page"
	case "iframe", "object", "embed", "frame", "frameset", "video", "audio", "canvas", "svg", "math":
		return "embedded content is not published: link to it instead, [title](address), or add the file to content/ and use ![alt](file.png)"
	case "form", "input", "button", "select", "textarea", "option", "datalist":
		return "forms are not published: link to the form instead"
	}
	return "only harmless markup is published; write it in Markdown (see \"Markdown\" in README.md)"
}

func attrHint(attr string) string {
	switch {
	case strings.HasPrefix(attr, "on"):
		return "event handlers are not published: pages cannot run scripts"
	case attr == "style":
		return "styles come from the theme; use Markdown or a component such as ::: inset"
	case attr == "id" || attr == "name":
		return "ids come from headings: write ## Heading {#my-id} to choose one"
	case attr == "href" || attr == "src" || attr == "cite":
		return "javascript:, vbscript: and data: addresses are not published unless markdown.allow_url_schemes names them"
	}
	return "the sanitiser keeps only the attributes listed in README.md"
}
