package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/slug"
)

// funcs returns the template functions, bound to the theme's
// configuration and assets.
func (t *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		// rel returns the link for a site path under the base path.
		"rel": t.relURL,
		// abs returns the absolute URL of a site path (or the rel link
		// when the base URL has no host).
		"abs": func(sitePath string) string {
			if !t.cfg.IsAbsolute() {
				return t.relURL(sitePath)
			}
			return t.cfg.AbsURL(sitePath)
		},
		// asset returns the link of a theme asset by name: "site.css".
		"asset": t.assetURL,
		// date formats a date the NHS way: "3 October 2017".
		"date": func(d time.Time) string {
			if d.IsZero() {
				return ""
			}
			return d.Format("2 January 2006")
		},
		// isodate formats a date for <time datetime>: "2017-10-03".
		"isodate": func(d time.Time) string {
			if d.IsZero() {
				return ""
			}
			return d.Format(time.DateOnly)
		},
		"tagURL": func(name string) string { return t.relURL("/tags/" + slug.Make(name) + "/") },
		"orgURL": func(name string) string { return t.relURL("/organisations/" + slug.Make(name) + "/") },
		"lower":  strings.ToLower,
		"add":    func(a, b int) int { return a + b },
		"sub":    func(a, b int) int { return a - b },
		// last returns the last link of a list, or nil.
		"last": func(links []Link) *Link {
			if len(links) == 0 {
				return nil
			}
			return &links[len(links)-1]
		},
		// partialCached renders a partial once per build for each list of
		// variants, and reuses the HTML wherever the same partial is asked
		// for with the same variants, as Hugo's partialCached does. The
		// variants must name everything the partial's output depends on
		// besides .Site: partials/header.html varies only with the current
		// menu item.
		"partialCached": t.partialCached,
		// navLink pairs a link of the header navigation with the page it
		// is shown on, for partials/nav-link.html.
		"navLink": func(item NavItem, page *Data) navLink { return navLink{Item: item, Page: page} },
		// level makes the card heading of an item's list entry
		// (partials/item.html, an h2) a heading of level n, for a list
		// under an h2: the home page's.
		"level": cardLevel,
		// scrolls reports whether the page's content has a table or a
		// code block, which need scroll.js.
		"scrolls": scrolls,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
}

// scrolls reports whether d's content has an element scroll.js looks
// after: a table's scroll wrapper or a code block.
func scrolls(d *Data) bool {
	has := func(h template.HTML) bool {
		return strings.Contains(string(h), `data-module="nhsuk-scroll"`) || strings.Contains(string(h), `data-module="nhsuk-code"`)
	}
	if has(d.Body) || has(d.Footnotes) {
		return true
	}
	for _, qa := range d.QA {
		if has(qa.Answer) {
			return true
		}
	}
	return false
}

// navLink is a link of the header navigation on a page.
type navLink struct {
	Item NavItem
	Page *Data
}

// assetURL returns the published link of the asset name. Unknown names
// fail template execution, so a typo in a template is caught by the build.
func (t *Theme) assetURL(name string) (string, error) {
	a, ok := t.byName[name]
	if !ok {
		return "", errUnknownAsset(name)
	}
	return t.relURL("/" + a.Path), nil
}

// relURL is config.Config.RelURL with the base path worked out once.
func (t *Theme) relURL(sitePath string) string {
	return t.basePath + strings.TrimPrefix(sitePath, "/")
}

type errUnknownAsset string

func (e errUnknownAsset) Error() string {
	return "asset " + string(e) + ": no such file in the theme's static folder"
}

// partialCached implements the template function of that name. data must be
// the page's *Data, whose Site the output is kept for; anything else is
// rendered every time.
func (t *Theme) partialCached(name string, data any, variants ...any) (template.HTML, error) {
	d, _ := data.(*Data)
	var key strings.Builder
	if d != nil && d.Site != nil {
		key.WriteString(name)
		for _, v := range variants {
			key.WriteByte(0)
			fmt.Fprint(&key, v)
		}
		if html, ok := t.memo.load(d.Site, key.String()); ok {
			return html, nil
		}
	}
	var b bytes.Buffer
	if err := t.partials.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	if d != nil && d.Site != nil {
		t.memo.store(d.Site, key.String(), html)
	}
	return html, nil
}

// cardLevel returns html, an item's entry rendered by partials/item.html
// or partials/section-item.html, with its card heading, the first h2, made
// a heading of level n (2 to 6).
func cardLevel(n int, html template.HTML) (template.HTML, error) {
	if n < 2 || n > 6 {
		return "", fmt.Errorf("level %d: want 2 to 6", n)
	}
	s := string(html)
	start := strings.Index(s, "<h2 ")
	end := strings.Index(s, "</h2>")
	if n == 2 || start < 0 || end < start {
		return html, nil
	}
	h := "h" + string(rune('0'+n))
	return template.HTML(s[:start] + "<" + h + s[start+3:end] + "</" + h + ">" + s[end+5:]), nil
}
