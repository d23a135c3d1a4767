package sanitize

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Element says what the sanitiser does with an HTML element, by its tag
// name: kept is false for an element it removes, and withContent true
// for one it removes together with everything inside it (a script, a
// video, a form control). An element that is removed without its content
// leaves its text. Other packages ask this rather than keep a list of
// their own (signpost import cleans raw HTML with it).
func Element(name string) (kept, withContent bool) {
	a := atom.Lookup([]byte(strings.ToLower(name)))
	if dropWithContent[a] {
		return false, true
	}
	_, ok := allowed[a]
	return ok, false
}

// Attribute reports whether the sanitiser keeps the attribute attr on the
// kept element name (an address it keeps only if its scheme is safe).
func Attribute(name, attr string) bool {
	a := atom.Lookup([]byte(strings.ToLower(name)))
	extra, ok := allowed[a]
	if !ok {
		return false
	}
	attr = strings.ToLower(attr)
	return slices.Contains(global, attr) || slices.Contains(extra, attr)
}

// RemoteHost returns the host of an image address on another site
// (http:, https: or //host/…), and false for an address on this site or of
// another scheme. signpost's pages load nothing from other sites, so the
// Markdown renderer and the sanitiser publish such an image as a link to
// it, with RemoteLabel as its text.
func RemoteHost(src string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.Host == "" {
		return "", false
	}
	if s := strings.ToLower(u.Scheme); s != "" && s != "http" && s != "https" {
		return "", false
	}
	return u.Host, true
}

// RemoteLabel is the text of the link that stands for an image with the
// alt text alt on host: "A chart (image on example.org)".
func RemoteLabel(alt, host string) string {
	if alt = strings.TrimSpace(alt); alt == "" {
		return "image on " + host
	}
	return alt + " (image on " + host + ")"
}

// RemoteImages returns the addresses of the <img> elements of the HTML
// fragment s that are on another site, in order.
func RemoteImages(s string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if atom.Lookup(name) != atom.Img {
				continue
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "src" {
					if _, ok := RemoteHost(string(v)); ok {
						out = append(out, string(v))
					}
					break
				}
			}
		}
	}
}
