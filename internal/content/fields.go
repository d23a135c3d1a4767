package content

import (
	"fmt"
	"math"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/slug"
)

// str decodes a scalar as a string. Numbers, dates and booleans are taken
// as written ("title: 2017" is the title "2017").
func (d decoder) str(f field) (string, bool) {
	switch f.val.kind {
	case nullValue:
		return "", true
	case scalarValue:
		if f.val.cut != "" {
			d.warnf(f.val.line, diag.CodeFrontmatterValue, "%s: YAML reads %q as a comment, not part of the %s, so the %s is %q", f.key, f.val.cut, f.key, f.key, strings.TrimSpace(f.val.text))
			d.hint("put the %s in quotes to keep all of it: %s: %q", f.key, f.key, strings.TrimSpace(f.val.text)+" "+f.val.cut)
		}
		return strings.TrimSpace(f.val.text), true
	}
	d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a string, got %s", f.key, f.val.describe())
	return "", false
}

// strList decodes a list of strings. A bare string is taken as a list of
// one, with a warning, since "tags: a, b" is a common slip.
func (d decoder) strList(f field) []string {
	if f.val.kind == listValue && len(f.val.items) > MaxListItems {
		d.errorf(f.val.line, diag.CodeFrontmatterValue, "%s: %d items; a page can have at most %d", f.key, len(f.val.items), MaxListItems)
		d.hint("%s", listHint[f.key])
		return nil
	}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		for _, x := range out {
			if x == s {
				return
			}
		}
		if s != "" {
			out = append(out, s)
		}
	}
	switch f.val.kind {
	case nullValue:
		return nil
	case scalarValue:
		if f.val.tag != "str" {
			d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a list of strings, got %s", f.key, f.val.describe())
			d.hint("write %s: [%s]", f.key, f.val.text)
			return nil
		}
		d.warnf(f.val.line, diag.CodeFrontmatterType, "%s: want a list of strings, got a string; taking %q as one item", f.key, strings.TrimSpace(f.val.text))
		d.hint("write %s: [%s] (a list, even of one)", f.key, strings.TrimSpace(f.val.text))
		add(f.val.text)
		return out
	case mapValue:
		d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a list of strings, got %s", f.key, f.val.describe())
		return nil
	}
	for _, it := range f.val.items {
		switch it.kind {
		case scalarValue:
			add(it.text)
		case nullValue:
			d.warnf(it.line, diag.CodeFrontmatterValue, "%s: an empty item is ignored", f.key)
		default:
			d.errorf(it.line, diag.CodeFrontmatterType, "%s: want a list of strings, but an item is %s", f.key, it.describe())
		}
	}
	return out
}

var dateLayouts = []string{
	time.DateOnly,
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 -07:00",
}

// date decodes a date: YYYY-MM-DD, or an RFC 3339 date and time.
func (d decoder) date(f field) time.Time {
	switch f.val.kind {
	case nullValue:
		return time.Time{}
	case scalarValue:
		s := strings.TrimSpace(f.val.text)
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t
			}
		}
		if f.val.tag == "int" || f.val.tag == "float" || f.val.tag == "bool" || f.val.tag == "time" {
			d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a date such as 2017-10-03, got %s", f.key, f.val.describe())
			if f.val.tag == "time" {
				d.hint("write the date, and the time after it if it matters: %s = 2017-10-03 or %s = 2017-10-03T%s", f.key, f.key, s)
			}
			return time.Time{}
		}
		d.errorf(f.val.line, diag.CodeFrontmatterValue, "%s: %q is not a valid date; want YYYY-MM-DD, such as 2017-10-03", f.key, s)
		return time.Time{}
	}
	d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a date such as 2017-10-03, got %s", f.key, f.val.describe())
	return time.Time{}
}

// number decodes a number, whole or not, and reports whether one was set.
func (d decoder) number(f field) (float64, bool) {
	switch {
	case f.val.kind == nullValue:
		return 0, false
	case f.val.kind == scalarValue && (f.val.tag == "int" || f.val.tag == "float"):
		n, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(f.val.text), "_", ""), 64)
		if err == nil && !math.IsInf(n, 0) && !math.IsNaN(n) {
			return n, true
		}
	case f.val.kind == mapValue:
		d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a number, got %s; signpost orders a page within its folder's section only", f.key, f.val.describe())
		d.hint("write one number, such as %s: 10 (lighter pages come first)", f.key)
		return 0, false
	}
	d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want a number, such as %s: 10, got %s", f.key, f.key, describeScalar(f.val))
	return 0, false
}

// boolean decodes true or false.
func (d decoder) boolean(f field) bool {
	if f.val.kind == nullValue {
		return false
	}
	if f.val.kind == scalarValue && f.val.tag == "bool" {
		return f.val.text == "true" || f.val.text == "True" || f.val.text == "TRUE"
	}
	d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want true or false, got %s", f.key, describeScalar(f.val))
	return false
}

func describeScalar(v value) string {
	if v.kind == scalarValue {
		return fmt.Sprintf("%q", v.text)
	}
	return v.describe()
}

// absURL checks that s is an absolute http or https URL.
func (d decoder) absURL(key string, line int, s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.errorf(line, diag.CodeFrontmatterValue, "%s: %q is not an absolute http or https address", key, s)
		d.hint("write the full address, such as https://www.england.nhs.uk/…")
		return ""
	}
	return s
}

// slug checks a slug: front matter may only name a single safe path segment.
func (d decoder) slug(f field, s string) string {
	clean := slug.Make(s)
	if clean == "" {
		d.errorf(f.line, diag.CodeFrontmatterValue, "slug: %q has no letters or digits", s)
		return ""
	}
	if clean != s {
		d.warnf(f.line, diag.CodeFrontmatterValue, "slug: %q is not a plain URL segment; using %q", s, clean)
		d.hint("a slug uses lower-case letters, digits and hyphens only, such as %s", clean)
	}
	return clean
}

// termList decodes a list of tags or organisations, each of which gets a
// page and an address: an item with no letters or digits ("!!!", "..", an
// emoji) would have neither, so it is an error at its line rather than an
// item that silently vanishes.
func (d decoder) termList(f field, what string) []string {
	out := d.strList(f)
	if len(out) == 0 {
		return out
	}
	items := f.val.items
	if f.val.kind == scalarValue {
		items = []value{f.val}
	}
	kept := out[:0]
	for _, s := range out {
		if slug.Make(s) != "" {
			kept = append(kept, s)
			continue
		}
		line := f.val.line
		for _, it := range items {
			if it.kind == scalarValue && strings.TrimSpace(it.text) == s {
				line = it.line
				break
			}
		}
		d.errorf(line, diag.CodeFrontmatterValue, "%s: %q has no letters or digits, so it cannot be %s with its own page", f.key, s, what)
		d.hint("write it in words, such as \"digital leadership\"")
	}
	return kept
}

// MaxListItems bounds each list field of a page (tags, organisations,
// authors, aliases): no real page needs more, and every item costs the
// build a page, a redirect or a facet for each word of the page in the
// search index.
const MaxListItems = 100

// listHint says what to do with a list over MaxListItems.
var listHint = map[string]string{
	"tags":          "keep the topics the page is mainly about; a topic on one page helps nobody find it",
	"organisations": "keep the organisations the page is mainly about",
	"authors":       "name the main authors, and the rest in the text",
	"aliases":       "keep the old addresses people still use",
	"related":       "keep the few pages a reader of this one most needs next",
}

// alias checks and normalises an old site path that should redirect here:
// "/old/page/" or "/old/page.html". It refuses anything that could point
// outside the output folder or off the site.
func (d decoder) alias(f field, a string) (string, bool) {
	bad := strings.ContainsAny(a, "\\\x00?#") || strings.Contains(a, "://") || strings.HasPrefix(a, "//")
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			bad = true
		}
	}
	if bad || !strings.HasPrefix(a, "/") {
		d.errorf(f.line, diag.CodeFrontmatterValue, "aliases: %q is not a path on this site", a)
		d.hint("an alias is an old address on this site, such as /old/page/")
		return "", false
	}
	clean := path.Clean(a)
	if clean == "/" {
		d.errorf(f.line, diag.CodeFrontmatterValue, "aliases: %q would replace the home page", a)
		return "", false
	}
	if path.Ext(clean) != ".html" {
		clean += "/"
	}
	return clean, true
}

// person decodes {name, role, organisation}.
func (d decoder) person(f field) *Person {
	if f.val.kind == nullValue {
		return nil
	}
	if f.val.kind == scalarValue && f.val.tag == "str" {
		d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want name, role and organisation, got a string", f.key)
		d.hint(`write %s: {name: %q, role: "…", organisation: "…"}`, f.key, strings.TrimSpace(f.val.text))
		return nil
	}
	if f.val.kind != mapValue {
		d.errorf(f.val.line, diag.CodeFrontmatterType, "%s: want name, role and organisation, got %s", f.key, f.val.describe())
		return nil
	}
	var p Person
	personKeys := []string{"name", "role", "organisation"}
	for _, sub := range d.lowerCase(f.val, f.key+".", func(k string) bool { return slices.Contains(personKeys, k) }).keys {
		sf := field{key: f.key + "." + sub.key, line: sub.line, val: sub.val}
		switch sub.key {
		case "name":
			p.Name, _ = d.str(sf)
		case "role":
			p.Role, _ = d.str(sf)
		case "organisation":
			p.Organisation, _ = d.str(sf)
			if o := strings.TrimSpace(p.Organisation); o != "" && slug.Make(o) == "" {
				d.errorf(sf.line, diag.CodeFrontmatterValue, "%s: %q has no letters or digits, so it cannot be an organisation with its own page", sf.key, o)
				p.Organisation = ""
			}
		default:
			d.warnf(sub.line, diag.CodeFrontmatterUnknownField, "%s: unknown field; it is ignored", sf.key)
			if s := diag.Closest(sub.key, []string{"name", "role", "organisation"}); s != "" {
				d.hint("did you mean %q?", s)
			}
		}
	}
	if p.Name == "" {
		d.errorf(f.line, diag.CodeFrontmatterRequired, "%s.name: missing; say who this is", f.key)
	}
	return &p
}

// source decodes {publisher, url, published}.
func (d decoder) source(f field) *Source {
	if f.val.kind == nullValue {
		return nil
	}
	if f.val.kind != mapValue {
		d.errorf(f.val.line, diag.CodeFrontmatterType, "source: want publisher, url and published, got %s", f.val.describe())
		d.hint(`write source: {publisher: "…", url: "https://…", published: 2017-10-03}`)
		return nil
	}
	var s Source
	sourceKeys := []string{"publisher", "url", "published"}
	for _, sub := range d.lowerCase(f.val, "source.", func(k string) bool { return slices.Contains(sourceKeys, k) }).keys {
		sf := field{key: "source." + sub.key, line: sub.line, val: sub.val}
		switch sub.key {
		case "publisher":
			s.Publisher, _ = d.str(sf)
		case "url":
			if u, ok := d.str(sf); ok && u != "" {
				s.URL = d.absURL(sf.key, sf.line, u)
			}
		case "published":
			s.Published = d.date(sf)
		default:
			d.warnf(sub.line, diag.CodeFrontmatterUnknownField, "%s: unknown field; it is ignored", sf.key)
			if c := diag.Closest(sub.key, []string{"publisher", "url", "published"}); c != "" {
				d.hint("did you mean %q?", c)
			}
		}
	}
	if s == (Source{}) {
		return nil
	}
	return &s
}
