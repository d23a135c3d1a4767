package e2e

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// frontend is nhsuk-frontend's dist folder, installed by
// npm ci --prefix internal/e2e.
var frontend = filepath.Join("node_modules", "nhsuk-frontend", "dist", "nhsuk")

// deprecated are classes of nhsuk-frontend before version 10, or
// deprecated in it, that the theme must not use, with what replaces them.
var deprecated = map[string]string{
	"nhsuk-warning-callout":       "nhsuk-card nhsuk-card--warning",
	"nhsuk-review-date":           "a p.nhsuk-body-s",
	"nhsuk-nav-a-z":               "a list of links",
	"nhsuk-breadcrumb__backlink":  "nhsuk-back-link",
	"nhsuk-action-link__link":     "nhsuk-action-link on the <a>",
	"nhsuk-footer__copyright":     "a p.nhsuk-body-s in nhsuk-footer__meta",
	"nhsuk-logo":                  "nhsuk-header__logo",
	"nhsuk-header__search-wrap":   "nhsuk-header__search",
	"nhsuk-search__input":         "nhsuk-input in nhsuk-header__search-form",
	"nhsuk-header__transactional": "nhsuk-header__service",
}

// withoutRule are the nhsuk-frontend 10 classes that its own templates
// write but its stylesheet has no rule for (hooks for its scripts and
// modifiers it keeps for compatibility), each with the template that
// writes it: the test checks that the template still does.
var withoutRule = map[string]struct{ template, text string }{
	"nhsuk-contents-list":                    {"components/contents-list/template.njk", `"nhsuk-contents-list"`},
	"nhsuk-header__navigation-item--current": {"components/header/template.njk", "nhsuk-header__navigation-item--current"},
	"nhsuk-pagination__link--prev":           {"components/pagination/template.njk", "nhsuk-pagination__link--prev"},
	"nhsuk-pagination__link--next":           {"components/pagination/template.njk", "nhsuk-pagination__link--next"},
	"nhsuk-icon--arrow-right-circle":         {"components/action-link/template.njk", `nhsukIcon("arrow-right-circle")`},
	"nhsuk-icon--arrow-left":                 {"components/pagination/template.njk", `nhsukIcon("arrow-left")`},
	"nhsuk-icon--arrow-right":                {"components/pagination/template.njk", `nhsukIcon("arrow-right")`},
}

// A markupFinding is one breach of the theme's markup rules on a page.
type markupFinding struct{ page, what string }

// TestThemeMarkup builds the sample site and checks every page's markup
// against what nhsuk-frontend 10 pages have: classes are NHS.UK's or the
// theme's own (app-), none deprecated; heading levels are not skipped; no
// role="text", no section landmarks, no tab stops or regions before a
// script finds that a table or code block overflows; tables have NHS.UK's
// classes and header cells a scope. With nhsuk-frontend installed
// (npm ci --prefix internal/e2e) it also checks that each nhsuk- class the
// site uses has a rule in nhsuk-frontend 10's stylesheet, or is one its
// templates write without one.
func TestThemeMarkup(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: sample site build skipped")
	}
	out := buildSample(t)
	pages, classes := markupOf(t, out)
	var findings []markupFinding
	for _, p := range pages {
		findings = append(findings, p.findings...)
	}
	for _, c := range slices.Sorted(maps.Keys(classes)) {
		switch {
		case deprecated[c] != "":
			findings = append(findings, markupFinding{classes[c][0], fmt.Sprintf("class %s is deprecated: use %s", c, deprecated[c])})
		case !strings.HasPrefix(c, "nhsuk-") && !strings.HasPrefix(c, "app-"):
			findings = append(findings, markupFinding{classes[c][0], fmt.Sprintf("class %s is neither NHS.UK's (nhsuk-) nor the theme's (app-)", c)})
		}
	}
	for _, f := range findings {
		t.Errorf("%s: %s", f.page, f.what)
	}
	if len(pages) < 40 {
		t.Fatalf("only %d pages checked", len(pages))
	}

	css, err := os.ReadFile(filepath.Join(frontend, "nhsuk-frontend.css"))
	if err != nil {
		if os.Getenv("SIGNPOST_E2E") == "require" {
			t.Fatalf("nhsuk-frontend not installed, and SIGNPOST_E2E=require: %v (npm ci --prefix internal/e2e)", err)
		}
		t.Skipf("nhsuk-frontend not installed: its stylesheet not compared (npm ci --prefix internal/e2e): %v", err)
	}
	rules := cssClasses(css)
	if !rules["nhsuk-header"] || !rules["nhsuk-card__heading"] {
		t.Fatalf("%s: no rule for nhsuk-header or nhsuk-card__heading: not read right", filepath.Join(frontend, "nhsuk-frontend.css"))
	}
	used := 0
	for _, c := range slices.Sorted(maps.Keys(classes)) {
		if !strings.HasPrefix(c, "nhsuk-") {
			continue
		}
		used++
		if rules[c] {
			continue
		}
		w, ok := withoutRule[c]
		if !ok {
			t.Errorf("%s (and %d more pages): class %s has no rule in nhsuk-frontend 10's stylesheet: not a class of nhsuk-frontend 10", classes[c][0], len(classes[c])-1, c)
			continue
		}
		src, err := os.ReadFile(filepath.Join(frontend, w.template))
		if err != nil || !strings.Contains(string(src), w.text) {
			t.Errorf("class %s: %s no longer writes it (%v): nhsuk-frontend has dropped it", c, w.template, err)
		}
	}
	t.Logf("%d pages, %d classes, %d of them nhsuk-frontend's", len(pages), len(classes), used)
}

// cssClasses returns the class names a stylesheet's selectors name.
func cssClasses(css []byte) map[string]bool {
	// Drop comments and declarations: only selectors name classes
	// (a declaration's ".5rem" or a url's ".svg" does not).
	s := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(css), "")
	s = regexp.MustCompile(`\{[^{}]*\}`).ReplaceAllString(s, "{}")
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)`).FindAllStringSubmatch(s, -1) {
		out[m[1]] = true
	}
	return out
}

// A markupPage is what markupOf found on one page.
type markupPage struct {
	path     string
	findings []markupFinding
}

// markupOf parses every page of the site in out and returns the findings
// of each, and the pages each class is used on.
func markupOf(t *testing.T, out string) ([]markupPage, map[string][]string) {
	t.Helper()
	classes := map[string][]string{}
	var pages []markupPage
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %v", rel, err)
		}
		if isRedirect(doc) {
			return nil
		}
		page := markupPage{path: rel}
		add := func(format string, args ...any) {
			page.findings = append(page.findings, markupFinding{rel, fmt.Sprintf(format, args...)})
		}
		seen := map[string]bool{}
		level := 0
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, c := range strings.Fields(attrOf(n, "class")) {
					if !seen[c] {
						seen[c] = true
						classes[c] = append(classes[c], rel)
					}
				}
				if l := headingLevel(n); l > 0 {
					if l > level+1 {
						add("<%s> %q follows an h%d: heading level skipped", n.Data, textOf(n), level)
					}
					level = l
				}
				role := attrOf(n, "role")
				switch {
				case role == "text":
					add(`role="text" on <%s>: not a valid role`, n.Data)
				case role == "region" && !strings.Contains(attrOf(n, "class"), "nhsuk-notification-banner"):
					add(`role="region" on <%s class=%q> before any script ran`, n.Data, attrOf(n, "class"))
				case n.Data == "section" && (hasAttr(n, "aria-labelledby") || hasAttr(n, "aria-label")):
					add("<section> with a name is a region landmark")
				}
				if hasAttr(n, "tabindex") && !(n.Data == "main" && attrOf(n, "tabindex") == "-1") {
					add(`tabindex="%s" on <%s class=%q>`, attrOf(n, "tabindex"), n.Data, attrOf(n, "class"))
				}
				switch n.Data {
				case "table":
					if !strings.Contains(" "+attrOf(n, "class")+" ", " nhsuk-table ") {
						add("<table> without class nhsuk-table")
					}
				case "th":
					if !hasAttr(n, "scope") {
						add("<th> %q without scope", textOf(n))
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		pages = append(pages, page)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages, classes
}

// isRedirect reports whether doc is an alias page, which only redirects.
func isRedirect(doc *html.Node) bool {
	var found bool
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "meta" && strings.EqualFold(attrOf(n, "http-equiv"), "refresh") {
			found = true
		}
		for c := n.FirstChild; c != nil && !found; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

func headingLevel(n *html.Node) int {
	if len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6' {
		return int(n.Data[1] - '0')
	}
	return 0
}

func attrValue(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(n *html.Node, key string) string {
	v, _ := attrValue(n, key)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attrValue(n, key)
	return ok
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
