package build

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/diag"
)

// feedSize is the number of entries in each Atom feed.
const feedSize = 20

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Link      atomLink     `xml:"link"`
	Summary   string       `xml:"summary,omitempty"`
	Authors   []atomPerson `xml:"author"`
	Category  []atomCat    `xml:"category"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feeds adds the Atom feeds of the site and of each section, the sitemap
// and robots.txt.
func (ls *lists) feeds() {
	p := ls.p
	m, cfg := p.model, p.set.cfg
	key := func(name, title string, pages []*content.Page) func() uint64 {
		return func() uint64 { return p.keys.pages(p.cache.seed, m, name, title, pages) }
	}
	// Landing pages are their sections: not entries of a feed.
	var all []*content.Page
	for _, pg := range m.pages {
		if m.tree.Lands(pg) == nil {
			all = append(all, pg)
		}
	}
	ls.add("feed.xml", key("feed.xml", m.info.Title, all), func(w *bytes.Buffer) error {
		return p.writeFeed(w, "feed.xml", m.info.Title, "/", all)
	})
	for _, s := range m.tree.Top() {
		name, title, pages := indexFeed(s.URL), m.info.Title+": "+s.Title, m.under[s]
		ls.add(name, key(name, title, pages), func(w *bytes.Buffer) error {
			return p.writeFeed(w, name, title, s.URL, pages)
		})
	}
	robots := "User-agent: *\nAllow: /\n"
	if cfg.IsAbsolute() {
		// The sitemaps protocol wants absolute addresses: without the
		// site's, no sitemap is better than one that search engines and
		// validators reject.
		ls.add("sitemap.xml", key("sitemap.xml", "", m.pages), p.writeSitemap)
		robots += "Sitemap: " + cfg.AbsURL("/sitemap.xml") + "\n"
	}
	ls.file("robots.txt", []byte(robots))
}

// feedID returns an Atom id for a site path: its absolute URL, or, when
// the base URL is a path, a name-based UUID of its path under the base
// path (RFC 9562, version 5), which is a valid, permanent id that claims
// no domain.
func (p *pipeline) feedID(sitePath string) string {
	if p.set.cfg.IsAbsolute() {
		return p.set.cfg.AbsURL(sitePath)
	}
	return uuid5(p.set.cfg.RelURL(sitePath))
}

// urlNamespace is the UUID namespace of URLs (RFC 9562, appendix A).
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuid5 returns the version 5 UUID of name in the URL namespace, as a URN.
func uuid5(name string) string {
	h := sha1.New()
	h.Write(urlNamespace[:])
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// relativeBaseNote says, once a build, that base_url is a path: the
// sitemap is left out, and feeds link to pages by path.
func relativeBaseNote(cfg config.Config) diag.Diagnostic {
	return diag.Diagnostic{
		Pos: diag.Pos{File: config.FileName}, Severity: diag.Info, Code: diag.CodeBaseURLRelative,
		Msg:  fmt.Sprintf("base_url is %q, a path rather than the site's full address, so sitemap.xml is not written (search engines need full addresses) and feeds link to pages by path", cfg.BaseURL),
		Hint: `set base_url in signpost.toml to the address the site is published at, such as base_url = "https://intranet.example.nhs.uk/kb/", or pass it with --base-url`,
	}
}

// updated is the date a page last changed: when it was last reviewed, or
// else published.
func updated(p *content.Page) time.Time {
	if p.LastReviewed.After(p.Date) {
		return p.LastReviewed
	}
	return p.Date
}

// writeFeed writes the Atom feed name of pages to w.
func (p *pipeline) writeFeed(w *bytes.Buffer, name, title, sitePath string, pages []*content.Page) error {
	f := atomFeed{
		Lang:  p.set.cfg.Language,
		ID:    p.feedID(sitePath),
		Title: title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: p.set.cfg.AbsURL("/" + name)},
			{Rel: "alternate", Type: "text/html", Href: p.set.cfg.AbsURL(sitePath)},
		},
		Author: &atomPerson{Name: p.model.info.Title},
	}
	if p.set.cfg.Owner != "" {
		f.Author.Name = p.set.cfg.Owner
	}
	var newest time.Time
	for _, pg := range pages {
		up := updated(pg)
		if up.IsZero() {
			continue // an undated strategy entry has no place in a feed
		}
		if up.After(newest) {
			newest = up
		}
		e := atomEntry{
			ID:      p.feedID(pg.URL),
			Title:   pg.Title,
			Updated: up.UTC().Format(time.RFC3339),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: p.set.cfg.AbsURL(pg.URL)},
			Summary: pg.Summary,
		}
		if !pg.Date.IsZero() {
			e.Published = pg.Date.UTC().Format(time.RFC3339)
		}
		for _, a := range pg.People() {
			e.Authors = append(e.Authors, atomPerson{Name: a})
		}
		for _, t := range pg.Tags {
			e.Category = append(e.Category, atomCat{Term: t})
		}
		f.Entries = append(f.Entries, e)
		if len(f.Entries) == feedSize {
			break
		}
	}
	if newest.IsZero() {
		newest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	return writeXML(w, f)
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// writeSitemap lists every page of the site that search engines should
// index: the home page, sections, items and taxonomy pages.
func (p *pipeline) writeSitemap(w *bytes.Buffer) error {
	var s urlset
	add := func(sitePath string, mod time.Time) {
		u := sitemapURL{Loc: p.set.cfg.AbsURL(sitePath)}
		if !mod.IsZero() {
			u.LastMod = mod.Format(time.DateOnly)
		}
		s.URLs = append(s.URLs, u)
	}
	add("/", time.Time{})
	for _, sec := range p.model.tree.Sections() {
		if sec.Landing == nil {
			add(sec.URL, time.Time{})
		}
	}
	for _, pg := range sortedByURL(p.model.pages) {
		add(pg.URL, updated(pg))
	}
	add("/tags/", time.Time{})
	for _, t := range p.model.tags.Terms {
		add(t.URL, time.Time{})
	}
	add("/organisations/", time.Time{})
	for _, t := range p.model.orgs.Terms {
		add(t.URL, time.Time{})
	}
	return writeXML(w, s)
}

func sortedByURL(pages []*content.Page) []*content.Page {
	out := slices.Clone(pages)
	slices.SortFunc(out, func(a, b *content.Page) int { return strings.Compare(a.URL, b.URL) })
	return out
}

func writeXML(w *bytes.Buffer, v any) error {
	w.WriteString(xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.WriteByte('\n')
	return nil
}
