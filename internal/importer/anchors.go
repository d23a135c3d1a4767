package importer

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/signpost-kb/signpost/internal/slug"
)

// Links to a heading (#anchor) name the id the old generator gave it,
// which signpost's ids need not match: markdown-it-anchor keeps
// punctuation, @sindresorhus/slugify splits "GitHub" into "git-hub",
// Python-Markdown drops the dot of "6.4". The import works out each
// heading's old ids in every common scheme and rewrites the anchor to
// signpost's id for the same heading.

var (
	atxRe      = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	explicitID = regexp.MustCompile(`[ \t]*\{[^}]*#([A-Za-z][\w:.-]*)[^}]*\}[ \t]*$`)
	mdLinkText = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	anyTagRe   = regexp.MustCompile(`<[^>]*>`)
	pyNonWord  = regexp.MustCompile(`[^\w\s-]`)
	pyDashes   = regexp.MustCompile(`[-\s]+`)
)

// anchorMap maps the ids a page's headings had on the old site to their
// ids in signpost.
type anchorMap struct {
	ids map[string]bool   // signpost's ids
	old map[string]string // an old id → signpost's id
}

// anchorsOf reads the headings of a page's body.
func anchorsOf(body string, d Dialect) *anchorMap {
	ls := splitLines(body, 1)
	markCode(ls)
	a := &anchorMap{ids: map[string]bool{}, old: map[string]string{}}
	used := map[string]int{}
	oldUsed := map[string]int{}
	first := true
	for _, l := range ls {
		if l.code {
			continue
		}
		m := atxRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		text := m[2]
		id := ""
		if e := explicitID.FindStringSubmatch(text); e != nil {
			id = e[1]
			text = text[:len(text)-len(e[0])]
		}
		text = attrListRe.ReplaceAllString(text, "")
		plain := headingText(text)
		if first && m[1] == "#" {
			first = false
			// The title's heading is not in the page's body any more.
			continue
		}
		first = false
		sid := id
		if sid == "" {
			base := slug.Make(plain)
			if base == "" {
				base = "section"
			}
			sid = base
			for n := max(used[base], 1); a.ids[sid]; n++ {
				sid = base + "-" + strconv.Itoa(n)
				used[base] = n + 1
			}
		}
		a.ids[sid] = true
		if id != "" {
			a.old[id] = sid
			continue
		}
		for _, cand := range oldIDs(plain) {
			k := cand
			if n := oldUsed[cand]; n > 0 {
				k = cand + "-" + strconv.Itoa(n)
				if _, ok := a.old[cand+"_"+strconv.Itoa(n)]; !ok {
					a.old[cand+"_"+strconv.Itoa(n)] = sid // Python-Markdown's repeats
				}
			}
			oldUsed[cand]++
			if _, ok := a.old[k]; !ok {
				a.old[k] = sid
			}
		}
	}
	return a
}

// resolve returns signpost's id for the anchor frag, and false if no
// heading of the page had it.
func (a *anchorMap) resolve(frag string) (string, bool) {
	if a.ids[frag] {
		return frag, true
	}
	if id, ok := a.old[frag]; ok {
		return id, true
	}
	if dec, err := url.PathUnescape(frag); err == nil {
		if id, ok := a.old[dec]; ok {
			return id, true
		}
		if id, ok := a.old[strings.ToLower(dec)]; ok {
			return id, true
		}
	}
	return "", false
}

// headingText is the plain text of a heading's Markdown.
func headingText(s string) string {
	s = mdLinkText.ReplaceAllString(s, "$1")
	s = anyTagRe.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", "`", "", "\\", "").Replace(s)
	s = strings.Trim(s, "*_")
	return strings.TrimSpace(s)
}

// oldIDs are the ids the common Markdown generators give a heading.
func oldIDs(text string) []string {
	var out []string
	add := func(s string) {
		if s == "" {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	lower := strings.ToLower(strings.TrimSpace(text))
	// markdown-it-anchor's default: spaces to hyphens, the rest kept.
	add(strings.Join(strings.Fields(lower), "-"))
	typo := strings.NewReplacer("'", "’", `"`, "”").Replace(lower)
	add(strings.Join(strings.Fields(typo), "-"))
	add(sindresorhus(text))
	add(sindresorhus(strings.Map(func(r rune) rune {
		if r >= 128 {
			return -1
		}
		return r
	}, text)))
	add(pythonSlug(text))
	add(githubSlug(text))
	add(slug.Make(text))
	return out
}

// sindresorhus is @sindresorhus/slugify, which Eleventy's slugify filter
// and the x-govuk plugins use: camel case split, & as "and", everything
// else but letters and digits a hyphen.
func sindresorhus(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) && unicode.IsLower(rs[i-1]) {
			b.WriteByte(' ')
		}
		if i > 0 && i+1 < len(rs) && unicode.IsUpper(r) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1]) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	t := strings.ReplaceAll(b.String(), "&", " and ")
	t = strings.NewReplacer("'", "", "’", "").Replace(t)
	var out strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(t)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && out.Len() > 0 {
				out.WriteByte('-')
			}
			dash = false
			out.WriteRune(r)
		default:
			dash = true
		}
	}
	return out.String()
}

// pythonSlug is Python-Markdown's toc.slugify, MkDocs's default.
func pythonSlug(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if r < 128 {
			b.WriteRune(r)
		}
	}
	t := pyNonWord.ReplaceAllString(b.String(), "")
	t = strings.ToLower(strings.TrimSpace(t))
	return pyDashes.ReplaceAllString(t, "-")
}

// githubSlug is GitHub's heading anchor.
func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
