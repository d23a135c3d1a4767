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
// or raw-text element can swallow the rest of the page. A fragment may open
// or close elements it does not match (Markdown splits <details> and its
// </details> into separate fragments), so elements are not balanced.
//
// It owns the allow-list of HTML. It must not know about Markdown or pages.
package sanitize

import (
	"net/url"
	"slices"
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
	atom.Details: {"open"}, atom.Dfn: nil, atom.Div: nil, atom.Dl: nil, atom.Dt: nil,
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

// HTML returns the fragment s with everything but harmless markup removed.
func (p Policy) HTML(s string) string {
	var b strings.Builder
	p.write(&b, s)
	return b.String()
}

func (p Policy) write(w *strings.Builder, s string) {
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
			w.WriteByte('<')
			w.WriteString(a.String())
			var seen []string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				key := string(k)
				if slices.Contains(seen, key) || !(slices.Contains(global, key) || slices.Contains(extra, key)) {
					continue
				}
				seen = append(seen, key)
				val := string(v)
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
				w.WriteString("</")
				w.WriteString(a.String())
				w.WriteByte('>')
			}
		case html.CommentToken, html.DoctypeToken:
			// Dropped.
		}
	}
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
