package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestMachineFilesValid builds sites with an absolute base URL and with a
// path, and checks every Atom feed against RFC 4287 and the sitemap
// against the sitemaps protocol (the rules of its schema, sitemap.xsd), as
// validators and feed readers do. Without an absolute address there is no
// sitemap, and the build says so once.
func TestMachineFilesValid(t *testing.T) {
	for _, tt := range []struct {
		site, baseURL string
		sitemap       bool
	}{
		{"testdata/sites/site.txtar", "", true}, // https://intranet.example.nhs.uk/kb/
		{"testdata/sites/site.txtar", "/", false},
		{"testdata/sites/strategy.txtar", "", false}, // /kb/
		{"testdata/sites/interview.txtar", "http://localhost:8080/", true},
	} {
		t.Run(tt.site+" "+tt.baseURL, func(t *testing.T) {
			dir := testsite.FromFile(t, tt.site)
			out := t.TempDir()
			res, l := Run(t.Context(), Options{Root: dir, Out: out, BaseURL: tt.baseURL, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
			if res == nil || l.HasErrors() {
				t.Fatalf("build: %v", l)
			}
			notes := 0
			for _, d := range l {
				if d.Code == diag.CodeBaseURLRelative {
					notes++
				}
			}
			if want := map[bool]int{true: 0, false: 1}[tt.sitemap]; notes != want {
				t.Errorf("%d notes of the relative base URL, want %d: %v", notes, want, l)
			}
			tree := testsite.Tree(t, out)
			feeds := 0
			for name, data := range tree {
				if strings.HasSuffix(name, "feed.xml") {
					feeds++
					for _, err := range validateAtom(data) {
						t.Errorf("%s: %v", name, err)
					}
				}
			}
			if feeds == 0 {
				t.Error("no feeds")
			}
			sitemap, ok := tree["sitemap.xml"]
			if ok != tt.sitemap {
				t.Fatalf("sitemap.xml written: %v, want %v", ok, tt.sitemap)
			}
			if ok {
				for _, err := range validateSitemap(sitemap) {
					t.Errorf("sitemap.xml: %v", err)
				}
				if !bytes.Contains(tree["robots.txt"], []byte("\nSitemap: http")) {
					t.Errorf("robots.txt does not name the sitemap: %s", tree["robots.txt"])
				}
			} else if bytes.Contains(tree["robots.txt"], []byte("Sitemap:")) {
				t.Errorf("robots.txt names a sitemap there is not: %s", tree["robots.txt"])
			}
		})
	}
}

// TestValidators checks that the validators catch what the build must
// never write.
func TestValidators(t *testing.T) {
	const feed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>%s</id><title>T</title><updated>2020-01-01T00:00:00Z</updated><author><name>A</name></author>
<entry><id>%s</id><title>E</title><updated>%s</updated><link rel="alternate" href="%s"/></entry></feed>`
	for _, good := range [][4]string{
		{"https://x.nhs.uk/", "https://x.nhs.uk/a/", "2020-01-01T00:00:00Z", "https://x.nhs.uk/a/"},
		{"urn:uuid:0137680d-a953-53a8-a871-f24ce119aa4b", "urn:uuid:4b80a9e3-3696-5ae4-8276-f28f8fc679c2", "2020-01-01T00:00:00+01:00", "/kb/a/"},
	} {
		if errs := validateAtom([]byte(fmt.Sprintf(feed, good[0], good[1], good[2], good[3]))); len(errs) > 0 {
			t.Errorf("a valid feed: %v", errs)
		}
	}
	for _, bad := range [][4]string{
		{"tag:signpost.invalid,2024:/", "https://x.nhs.uk/a/", "2020-01-01T00:00:00Z", "https://x.nhs.uk/a/"},
		{"/", "https://x.nhs.uk/a/", "2020-01-01T00:00:00Z", "https://x.nhs.uk/a/"},
		{"https://x.nhs.uk/", "/a/", "2020-01-01T00:00:00Z", "https://x.nhs.uk/a/"},
		{"https://x.nhs.uk/", "https://x.nhs.uk/a/", "2020-01-01", "https://x.nhs.uk/a/"},
		{"https://x.nhs.uk/", "https://x.nhs.uk/a/", "2020-01-01T00:00:00Z", "/a/"},
		{"urn:uuid:x", "https://x.nhs.uk/a/", "2020-01-01T00:00:00Z", "/a/"},
		{"https://x.nhs.uk/", "https://x.nhs.uk/", "2020-01-01T00:00:00Z", "/a/"},
	} {
		if errs := validateAtom([]byte(fmt.Sprintf(feed, bad[0], bad[1], bad[2], bad[3]))); len(errs) == 0 {
			t.Errorf("%v: no error", bad)
		}
	}
	const sitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s</loc><lastmod>%s</lastmod></url></urlset>`
	if errs := validateSitemap([]byte(fmt.Sprintf(sitemap, "https://x.nhs.uk/a/", "2020-01-01"))); len(errs) > 0 {
		t.Errorf("a valid sitemap: %v", errs)
	}
	for _, bad := range [][2]string{{"/a/", "2020-01-01"}, {"https://x.nhs.uk/a/", "1 January 2020"}, {"ftp://x.nhs.uk/a/", "2020"}} {
		if errs := validateSitemap([]byte(fmt.Sprintf(sitemap, bad[0], bad[1]))); len(errs) == 0 {
			t.Errorf("%v: no error", bad)
		}
	}
}

// element is a parsed XML element, for the validators.
type element struct {
	name     xml.Name
	attrs    map[string]string
	text     string
	children []*element
}

func (e *element) all(local string) []*element {
	var out []*element
	for _, c := range e.children {
		if c.name.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// parseXML parses a whole document, which must be well-formed UTF-8.
func parseXML(data []byte) (*element, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*element
	var root *element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{name: tok.Name, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, e)
			} else if root != nil {
				return nil, fmt.Errorf("more than one root element")
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		return nil, fmt.Errorf("no UTF-8 XML declaration")
	}
	return root, nil
}

const atomNS = "http://www.w3.org/2005/Atom"

// validateAtom checks an Atom feed against RFC 4287: the elements a feed
// and each entry must have, once each; ids that are absolute IRIs, unique
// in the feed; RFC 3339 dates; an alternate link or content per entry; an
// author for the feed or each entry.
func validateAtom(data []byte) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	root, err := parseXML(data)
	if err != nil {
		return []error{err}
	}
	if root.name.Space != atomNS || root.name.Local != "feed" {
		return []error{fmt.Errorf("root element %v is not an Atom feed", root.name)}
	}
	ids := map[string]bool{}
	one := func(e *element, where, local string) *element {
		got := e.all(local)
		if len(got) != 1 {
			bad("%s has %d %s elements, want 1", where, len(got), local)
			return nil
		}
		if got[0].name.Space != atomNS {
			bad("%s: %s is not in the Atom namespace", where, local)
		}
		return got[0]
	}
	checkID := func(where string, id *element) {
		if id == nil {
			return
		}
		s := strings.TrimSpace(id.text)
		u, err := url.Parse(s)
		switch {
		case err != nil || u.Scheme == "":
			bad("%s: id %q is not an absolute IRI", where, s)
		case u.Scheme == "tag" && strings.Contains(s, ".invalid,"):
			bad("%s: id %q is a placeholder", where, s)
		case u.Scheme == "urn" && !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(s):
			bad("%s: id %q is not a well-formed UUID URN", where, s)
		}
		if ids[s] {
			bad("%s: id %q is not unique", where, s)
		}
		ids[s] = true
	}
	checkDate := func(where string, e *element) {
		if e == nil {
			return
		}
		if _, err := time.Parse(time.RFC3339, strings.TrimSpace(e.text)); err != nil {
			bad("%s: %s %q is not an RFC 3339 date-time", where, e.name.Local, e.text)
		}
	}
	checkLinks := func(where string, e *element) int {
		alternates := 0
		for _, l := range e.all("link") {
			href := l.attrs["href"]
			_, err := url.Parse(href)
			if href == "" || err != nil {
				bad("%s: link href %q is not an IRI reference", where, href)
				continue
			}
			if rel := l.attrs["rel"]; rel == "" || rel == "alternate" {
				alternates++
			}
		}
		return alternates
	}
	checkID("feed", one(root, "feed", "id"))
	one(root, "feed", "title")
	checkDate("feed", one(root, "feed", "updated"))
	if checkLinks("feed", root) > 1 {
		bad("feed: more than one alternate link")
	}
	feedAuthor := len(root.all("author")) > 0
	absolute := strings.HasPrefix(strings.TrimSpace(root.all("id")[0].text), "http")
	for i, e := range root.all("entry") {
		where := "entry " + strconv.Itoa(i+1)
		checkID(where, one(e, where, "id"))
		one(e, where, "title")
		checkDate(where, one(e, where, "updated"))
		for _, p := range e.all("published") {
			checkDate(where, p)
		}
		if n := checkLinks(where, e); n != 1 && len(e.all("content")) == 0 {
			bad("%s has %d alternate links and no content, want one link", where, n)
		}
		if absolute {
			for _, l := range e.all("link") {
				if u, err := url.Parse(l.attrs["href"]); err == nil && !u.IsAbs() {
					bad("%s: link %q is relative although the site's address is known", where, l.attrs["href"])
				}
			}
		}
		if !feedAuthor && len(e.all("author")) == 0 {
			bad("%s has no author, and neither has the feed", where)
		}
		for _, a := range e.all("author") {
			one(a, where+" author", "name")
		}
	}
	return errs
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// w3cDate is the W3C Datetime profile that sitemap.xsd's tLastmod allows.
var w3cDate = regexp.MustCompile(`^\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?)?)?$`)

// validateSitemap checks a sitemap against the sitemaps protocol and the
// rules of sitemap.xsd: a urlset of at most 50,000 url elements in its
// namespace, each with one loc (an absolute http or https URL of under
// 2,048 characters, on the sitemap's host) and at most one lastmod (W3C
// Datetime), changefreq and priority (0.0 to 1.0); no other elements; at
// most 50 MB.
func validateSitemap(data []byte) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(data) > 50<<20 {
		bad("%d bytes, over 50 MB", len(data))
	}
	root, err := parseXML(data)
	if err != nil {
		return []error{err}
	}
	if root.name.Space != sitemapNS || root.name.Local != "urlset" {
		return []error{fmt.Errorf("root element %v is not a urlset", root.name)}
	}
	if n := len(root.children); n == 0 || n > 50000 {
		bad("%d url elements, want 1 to 50,000", n)
	}
	host := ""
	locs := map[string]bool{}
	for i, u := range root.children {
		where := "url " + strconv.Itoa(i+1)
		if u.name.Space != sitemapNS || u.name.Local != "url" {
			bad("%s: element %v is not a url", where, u.name)
			continue
		}
		counts := map[string]int{}
		for _, c := range u.children {
			counts[c.name.Local]++
			text := strings.TrimSpace(c.text)
			switch c.name.Local {
			case "loc":
				p, err := url.Parse(text)
				switch {
				case err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "":
					bad("%s: loc %q is not an absolute http or https URL", where, text)
				case len(text) >= 2048:
					bad("%s: loc is %d characters long", where, len(text))
				case host != "" && p.Host != host:
					bad("%s: loc %q is not on the host %s", where, text, host)
				default:
					host = p.Host
				}
				if locs[text] {
					bad("%s: loc %q is listed twice", where, text)
				}
				locs[text] = true
			case "lastmod":
				if !w3cDate.MatchString(text) {
					bad("%s: lastmod %q is not a W3C Datetime", where, text)
				}
			case "changefreq":
				switch text {
				case "always", "hourly", "daily", "weekly", "monthly", "yearly", "never":
				default:
					bad("%s: changefreq %q", where, text)
				}
			case "priority":
				if f, err := strconv.ParseFloat(text, 64); err != nil || f < 0 || f > 1 {
					bad("%s: priority %q is not between 0.0 and 1.0", where, text)
				}
			default:
				bad("%s: unexpected element %s", where, c.name.Local)
			}
			if c.name.Space != sitemapNS {
				bad("%s: %s is not in the sitemap namespace", where, c.name.Local)
			}
		}
		if counts["loc"] != 1 {
			bad("%s has %d loc elements, want 1", where, counts["loc"])
		}
		for _, name := range []string{"lastmod", "changefreq", "priority"} {
			if counts[name] > 1 {
				bad("%s has %d %s elements", where, counts[name], name)
			}
		}
	}
	return errs
}

// TestREADMERelativeBaseNote checks README.md's example of the note a
// build gives without the site's address against the note itself.
func TestREADMERelativeBaseNote(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	var b bytes.Buffer
	_ = diag.WriteText(&b, diag.List{relativeBaseNote(cfg)})
	if !bytes.Contains(data, []byte("```\n"+b.String()+"```\n")) {
		t.Errorf("README.md lacks the note as a build prints it:\n%s", b.String())
	}
}
