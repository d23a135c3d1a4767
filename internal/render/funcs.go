package render

import (
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
		"rel": func(sitePath string) string { return t.cfg.RelURL(sitePath) },
		// abs returns the absolute URL of a site path (or the rel link
		// when the base URL has no host).
		"abs": func(sitePath string) string { return t.cfg.AbsURL(sitePath) },
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
		"tagURL": func(name string) string { return t.cfg.RelURL("/tags/" + slug.Make(name) + "/") },
		"orgURL": func(name string) string { return t.cfg.RelURL("/organisations/" + slug.Make(name) + "/") },
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
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
}

// assetURL returns the published link of the asset name. Unknown names
// fail template execution, so a typo in a template is caught by the build.
func (t *Theme) assetURL(name string) (string, error) {
	a, ok := t.byName[name]
	if !ok {
		return "", errUnknownAsset(name)
	}
	return t.cfg.RelURL("/" + a.Path), nil
}

type errUnknownAsset string

func (e errUnknownAsset) Error() string {
	return "asset " + string(e) + ": no such file in the theme's static folder"
}
