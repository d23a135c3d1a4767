// Package sanitize cleans fragments of untrusted HTML, such as the raw HTML
// in a Markdown page. It keeps harmless markup (text formatting, lists,
// tables, details and summary, images, links) and removes everything that
// could run code, load or embed other documents, restyle the page or break
// the Content-Security-Policy a site is served with: script, style, iframe,
// object and embed elements with their content, forms, event-handler and
// style attributes, comments, and javascript:, vbscript: and data:
// addresses.
//
// It works token by token with golang.org/x/net/html's tokenizer and writes
// every kept token out again from what the tokenizer understood, so the
// output is well formed whatever the input: no unclosed attribute, comment
// or raw-text element can swallow the rest of the page. It is balanced too:
// every element it opens is closed within the fragment (an end tag is
// written for each one left open, and for one a sibling ends, as a <li>
// ends the <li> before it), and an end tag that closes nothing the
// fragment opened is dropped, so that an unclosed <a> or <table> cannot
// take the rest of the page into a link or a table cell, nor a stray </div>
// close the page's own markup. A Balancer does the same over several
// fragments of one document, for HTML that Markdown splits (a <details> in
// one block, its </details> in another).
//
// It owns the allow-list of HTML. It must not know about Markdown or pages.
package sanitize

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Policy says what a sanitiser lets through beyond its fixed allow-list.
// The zero value is the strictest policy.
type Policy struct {
	// AllowSchemes lists URL schemes that are otherwise removed ("data",
	// "javascript", "vbscript") but that the site explicitly allows, in
	// lower case.
	AllowSchemes []string
}

// dropWithContent lists the elements removed together with everything
// inside them.
var dropWithContent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Applet: true, atom.Template: true, atom.Noscript: true,
	atom.Textarea: true, atom.Title: true, atom.Xmp: true, atom.Noembed: true,
	atom.Noframes: true, atom.Plaintext: true, atom.Svg: true, atom.Math: true,
	atom.Select: true, atom.Frameset: true, atom.Frame: true, atom.Head: true,
	atom.Audio: true, atom.Video: true, atom.Canvas: true, atom.Button: true,
	atom.Datalist: true, atom.Option: true, atom.Optgroup: true,
}

// allowed maps each kept element to the attributes it may keep, beyond
// the global ones.
var allowed = map[atom.Atom][]string{
	atom.A:    {"href", "title", "hreflang"},
	atom.Abbr: nil, atom.B: nil, atom.Bdi: nil, atom.Bdo: nil, atom.Blockquote: {"cite"},
	atom.Br: nil, atom.Caption: nil, atom.Cite: nil, atom.Code: nil, atom.Col: {"span"},
	atom.Colgroup: {"span"}, atom.Data: {"value"}, atom.Dd: nil, atom.Del: {"cite", "datetime"},
	atom.Details: {"open"}, atom.Dfn: nil, atom.Div: {"data-module", "data-app-label"}, atom.Dl: nil, atom.Dt: nil,
	atom.Em: nil, atom.Figcaption: nil, atom.Figure: nil,
	atom.H1: nil, atom.H2: nil, atom.H3: nil, atom.H4: nil, atom.H5: nil, atom.H6: nil,
	atom.Hr: nil, atom.I: nil, atom.Img: {"src", "alt", "width", "height", "title", "loading"},
	atom.Ins: {"cite", "datetime"}, atom.Kbd: nil, atom.Li: {"value"}, atom.Mark: nil,
	atom.Ol: {"start", "reversed", "type"}, atom.P: nil, atom.Pre: nil, atom.Q: {"cite"},
	atom.Rp: nil, atom.Rt: nil, atom.Ruby: nil, atom.S: nil, atom.Samp: nil, atom.Small: nil,
	atom.Span: nil, atom.Strong: nil, atom.Sub: nil, atom.Summary: nil, atom.Sup: nil,
	atom.Table: nil, atom.Tbody: nil, atom.Td: {"colspan", "rowspan", "headers"},
	atom.Tfoot: nil, atom.Th: {"colspan", "rowspan", "headers", "scope", "abbr"},
	atom.Thead: nil, atom.Time: {"datetime"}, atom.Tr: nil, atom.U: nil, atom.Ul: nil,
	atom.Var: nil, atom.Wbr: nil,
}

// global lists the attributes any kept element may keep. id and name are
// not among them: a page's HTML must not take the ids the theme relies on
// (maincontent, the search field) or clobber DOM properties.
var global = []string{"class", "title", "lang", "dir"}

// urlAttrs are the attributes holding addresses.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true}

// HTML returns the fragment s with everything but harmless markup
// removed, balanced.
func (p Policy) HTML(s string) string {
	b := p.Balancer()
	return b.HTML(s) + b.Close()
}

// Balancer sanitises the fragments of one document in order and keeps the
// elements they open balanced across them, within scopes: the caller
// Enters a scope where the document's own markup opens an element (a
// paragraph, a list item) and Leaves it where that element ends, writing
// the end tags Leave returns there. In a scope, an end tag closes only an
// element a fragment opened in that scope, and every element opened in it
// is closed by the time it is left.
type Balancer struct {
	p      Policy
	open   []opened // elements opened and not yet closed, outermost first
	floor  int      // open[floor:] were opened in the current scope
	tables int      // the tables of the document so far, for their labels
}

// opened is an element the Balancer has opened. wrap marks the two
// elements of the scroll wrapper it puts around a table: an end tag does
// not close them (a stray </div> in a table is not the table's end), the
// table's end tag does.
//
// scroll marks a div that is such a wrapper's content already (written by
// hand, or the Balancer's own output sanitised again): a table in it is
// not wrapped again.
type opened struct {
	a            atom.Atom
	wrap, scroll bool
}

// NextTable counts a table of the document that is not raw HTML (a
// Markdown table) and returns its number, so that the tables of a page,
// raw HTML or not, are numbered in one sequence.
func (b *Balancer) NextTable() int {
	b.tables++
	return b.tables
}

// MaxDepth bounds the elements open at once; a start tag past it is
// dropped with its end tag, and its text kept. No page needs more, and it
// keeps the work per tag bounded.
const MaxDepth = 128

// Balancer returns a Balancer for one document.
func (p Policy) Balancer() *Balancer { return &Balancer{p: p} }

// HTML sanitises the next fragment of the document.
func (b *Balancer) HTML(s string) string {
	var w strings.Builder
	b.write(&w, s)
	return w.String()
}

// Enter starts a scope and returns what Leave needs to end it.
func (b *Balancer) Enter() (saved int) {
	saved, b.floor = b.floor, len(b.open)
	return saved
}

// Open reports whether the current scope has elements open.
func (b *Balancer) Open() bool { return len(b.open) > b.floor }

// Close closes the elements opened in the current scope, innermost first,
// and returns their end tags.
func (b *Balancer) Close() string {
	var w strings.Builder
	b.closeTo(&w, b.floor)
	return w.String()
}

// Leave ends the current scope, closing what is open in it (as Close),
// and restores the scope that Enter returned saved for.
func (b *Balancer) Leave(saved int) string {
	s := b.Close()
	b.floor = saved
	return s
}

// closeTo writes the end tags of open[depth:], innermost first.
func (b *Balancer) closeTo(w *strings.Builder, depth int) {
	for len(b.open) > depth {
		a := b.open[len(b.open)-1].a
		b.open = b.open[:len(b.open)-1]
		w.WriteString("</")
		w.WriteString(a.String())
		w.WriteByte('>')
	}
}

// find returns the depth of the innermost open element of the current
// scope that is one of targets, searching no further out than one of
// bounds, and -1 if there is none.
func (b *Balancer) find(targets, bounds []atom.Atom) int {
	for i := len(b.open) - 1; i >= b.floor; i-- {
		switch e := b.open[i]; {
		case e.wrap:
			return -1
		case slices.Contains(targets, e.a):
			return i
		case slices.Contains(bounds, e.a):
			return -1
		}
	}
	return -1
}

// endImplied closes what the start of element a ends in HTML: an open
// list item at the next <li>, a cell at the next cell or row, a paragraph
// at the next block.
func (b *Balancer) endImplied(w *strings.Builder, a atom.Atom) {
	tableParts := []atom.Atom{atom.Table, atom.Thead, atom.Tbody, atom.Tfoot}
	var targets, bounds []atom.Atom
	switch a {
	case atom.Li:
		targets, bounds = []atom.Atom{atom.Li}, []atom.Atom{atom.Ul, atom.Ol, atom.Table, atom.Td, atom.Th}
	case atom.Dt, atom.Dd:
		targets, bounds = []atom.Atom{atom.Dt, atom.Dd}, []atom.Atom{atom.Dl, atom.Table, atom.Td, atom.Th}
	case atom.Td, atom.Th:
		targets, bounds = []atom.Atom{atom.Td, atom.Th}, append([]atom.Atom{atom.Tr}, tableParts...)
	case atom.Tr:
		targets, bounds = []atom.Atom{atom.Tr}, tableParts
	case atom.Thead, atom.Tbody, atom.Tfoot:
		targets, bounds = []atom.Atom{atom.Thead, atom.Tbody, atom.Tfoot}, []atom.Atom{atom.Table}
	}
	if targets != nil {
		if i := b.find(targets, bounds); i >= 0 {
			b.closeTo(w, i)
		}
	}
	if closesP[a] {
		if i := b.find([]atom.Atom{atom.P}, []atom.Atom{atom.Table, atom.Td, atom.Th, atom.Caption}); i >= 0 {
			b.closeTo(w, i)
		}
	}
}

// closesP lists the kept elements whose start ends an open paragraph.
var closesP = map[atom.Atom]bool{
	atom.Blockquote: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Figcaption: true,
	atom.Figure: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Hr: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Summary: true,
	atom.Table: true, atom.Ul: true,
}

func (b *Balancer) write(w *strings.Builder, s string) {
	p := b.p
	z := html.NewTokenizer(strings.NewReader(s))
	// skip counts the dropped elements we are inside; skipping is the
	// element whose end tag ends the outermost of them.
	var skip int
	var skipping atom.Atom
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF: a strings.Reader has no other errors.
			return
		case html.TextToken:
			if skip == 0 {
				w.WriteString(html.EscapeString(string(z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if skip > 0 {
				if a == skipping && tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if dropWithContent[a] {
				if tt == html.StartTagToken && !isVoid(a) {
					skip, skipping = 1, a
				}
				continue
			}
			extra, ok := allowed[a]
			if !ok {
				continue // unknown element: drop the tag, keep its text
			}
			b.endImplied(w, a)
			if !isVoid(a) && len(b.open) >= MaxDepth || a == atom.Table && len(b.open)+3 > MaxDepth {
				continue // too deep: drop the tag, keep its text
			}
			var attrs [][2]string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, [2]string{string(k), string(v)})
			}
			if a == atom.Img && b.remoteImage(w, attrs) {
				continue
			}
			if a == atom.Table && (len(b.open) == 0 || !b.open[len(b.open)-1].scroll) {
				b.scrollWrapper(w)
			}
			w.WriteByte('<')
			w.WriteString(a.String())
			var seen []string
			for _, kv := range attrs {
				key := kv[0]
				if slices.Contains(seen, key) || !(slices.Contains(global, key) || slices.Contains(extra, key)) {
					continue
				}
				seen = append(seen, key)
				val := kv[1]
				if urlAttrs[key] && !p.SafeURL(val) {
					continue
				}
				w.WriteByte(' ')
				w.WriteString(key)
				w.WriteString(`="`)
				w.WriteString(html.EscapeString(val))
				w.WriteByte('"')
			}
			w.WriteByte('>')
			if !isVoid(a) {
				// A self-closing <div/> opens a div all the same.
				b.open = append(b.open, opened{a: a, scroll: a == atom.Div && scrollContent(attrs)})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skip > 0 {
				if a == skipping {
					skip--
				}
				continue
			}
			if _, ok := allowed[a]; ok && !isVoid(a) {
				// Close it, and what is open inside it, if this scope
				// opened it; otherwise it is not the fragment's to close.
				if i := b.find([]atom.Atom{a}, nil); i >= 0 {
					b.closeTo(w, i)
					if a == atom.Table && i >= 2 && b.open[i-1].wrap {
						b.closeTo(w, i-2)
					}
				}
			}
		case html.CommentToken, html.DoctypeToken:
			// Dropped.
		}
	}
}

// scrollWrapper opens, before a table, nhsuk-frontend's scroll wrapper
// that Markdown tables have, so a wide table scrolls inside itself rather
// than making the page scroll sideways at 320 px; the theme's scroll.js
// makes it a named Tab stop when it overflows. Its label is the table's
// caption, or "Table N".
func (b *Balancer) scrollWrapper(w *strings.Builder) {
	w.WriteString(`<div class="nhsuk-scroll" data-module="nhsuk-scroll"><div class="nhsuk-scroll__content" data-app-label="Table `)
	w.WriteString(strconv.Itoa(b.NextTable()))
	w.WriteString(`">`)
	b.open = append(b.open, opened{a: atom.Div, wrap: true}, opened{a: atom.Div, wrap: true})
}

// scrollContent reports whether a div's attributes make it the content of
// a scroll wrapper.
func scrollContent(attrs [][2]string) bool {
	for _, kv := range attrs {
		if kv[0] == "class" {
			return slices.Contains(strings.Fields(kv[1]), "nhsuk-scroll__content")
		}
	}
	return false
}

// remoteImage writes an <img> whose address is on another site as a link
// to it (pages load nothing from other sites), and reports whether it was
// one. Inside a link, where a link cannot go, it writes the text alone.
func (b *Balancer) remoteImage(w *strings.Builder, attrs [][2]string) bool {
	var src, alt string
	for _, kv := range attrs {
		switch kv[0] {
		case "src":
			if src == "" {
				src = kv[1]
			}
		case "alt":
			if alt == "" {
				alt = kv[1]
			}
		}
	}
	host, ok := RemoteHost(src)
	if !ok || !b.p.SafeURL(src) {
		return false
	}
	label := html.EscapeString(RemoteLabel(alt, host))
	if b.find([]atom.Atom{atom.A}, nil) >= 0 {
		w.WriteString(label)
		return true
	}
	w.WriteString(`<a href="`)
	w.WriteString(html.EscapeString(src))
	w.WriteString(`">`)
	w.WriteString(label)
	w.WriteString("</a>")
	return true
}

// isVoid reports whether a is an element with no end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Wbr, atom.Frame:
		return true
	}
	return false
}

// blockedSchemes are the URL schemes removed unless a Policy allows them.
var blockedSchemes = []string{"javascript", "vbscript", "data"}

// SafeURL reports whether the address u may be published under p: it is
// not a javascript:, vbscript: or data: address (however disguised with
// case, whitespace, control characters or percent-encoding), unless p
// allows that scheme.
func (p Policy) SafeURL(u string) bool {
	scheme, ok := Scheme(u)
	if !ok {
		return true
	}
	if slices.Contains(blockedSchemes, scheme) {
		return slices.Contains(p.AllowSchemes, scheme)
	}
	return true
}

// Scheme returns the lower-case scheme of the address u, and false if u
// has none. It reads u as a browser does, but more suspiciously: it drops
// every whitespace and control character before the colon, not only the
// tabs and newlines browsers drop, and a percent-encoded scheme, which is
// not a scheme to a browser, is decoded (up to three times) and checked
// too, so that no later decoding step can turn it into one.
func Scheme(u string) (string, bool) {
	for range 4 {
		if s, ok := scheme(u); ok {
			return s, true
		}
		d, err := url.PathUnescape(u)
		if err != nil || d == u {
			break
		}
		u = d
	}
	return "", false
}

func scheme(u string) (string, bool) {
	var b strings.Builder
	for _, r := range u {
		switch {
		case r <= ' ' || r == 0x7f:
			continue
		case r == ':':
			s := strings.ToLower(b.String())
			return s, validScheme(s)
		case r == '/' || r == '?' || r == '#' || b.Len() > 32:
			return "", false
		}
		b.WriteRune(r)
	}
	return "", false
}

// validScheme reports whether s is a URL scheme: a letter followed by
// letters, digits, "+", "-" or ".". Anything else before a colon (a path
// such as "../x:y") is not a scheme, and the address is relative.
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}
