// Package config loads and validates signpost.toml, the site's
// configuration. Every setting has a default, so a folder of Markdown with
// no configuration file builds.
//
// It owns the settings, their defaults and their validation. It must not
// read anything but signpost.toml, nor know what the build does with a
// setting.
package config

import (
	"github.com/alecthomas/chroma/v2/styles"

	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/explain"
)

// FileName is the name of the configuration file at the site root.
const FileName = "signpost.toml"

// Config is a site's configuration.
type Config struct {
	// Title names the site; it is the service name in the page header.
	Title string `toml:"title"`
	// Description is the site's one-line description, used on the home
	// page and in feeds.
	Description string `toml:"description"`
	// BaseURL is where the site is published, such as
	// "https://intranet.example.nhs.uk/kb/", or a path such as "/kb/". It
	// always ends in a slash. Use BasePath and AbsURL rather than reading
	// it directly.
	BaseURL string `toml:"base_url"`
	// Language is the BCP 47 language of the content, "en-GB" by default.
	Language string `toml:"language"`
	// Theme names the theme; a folder themes/<theme>/ at the site root
	// overrides the embedded theme of the same name file by file.
	Theme string `toml:"theme"`
	// ContentDir and OutputDir are the content and output folders,
	// relative to the site root.
	ContentDir string `toml:"content_dir"`
	OutputDir  string `toml:"output_dir"`
	// PageSize is the number of items on each page of a list.
	PageSize int `toml:"page_size"`
	// Owner names the organisation that runs the site, shown in the footer.
	Owner string `toml:"owner"`

	Markdown Markdown `toml:"markdown"`
	Search   Search   `toml:"search"`
	Check    Check    `toml:"check"`
	// Menu is the header navigation, in order: [[menu]] entries. Empty
	// means the default: the top-level sections, then topics and
	// organisations.
	Menu []MenuItem `toml:"menu"`
	// Header sets the organisation header: a trust's name beside the NHS
	// logo, as NHS.UK's organisation header variant shows it.
	Header Header `toml:"header"`
	// Footer sets the footer's links (accessibility statement, privacy,
	// cookies, contact) and its navigation columns.
	Footer Footer `toml:"footer"`
	// Banner is an optional notification banner on every page.
	Banner Banner `toml:"banner"`
}

// Header configures the page header.
type Header struct {
	// Organisation is the organisation's name, such as "Anytown and
	// District"; set, the header is NHS.UK's organisation header.
	Organisation string `toml:"organisation"`
	// OrganisationSplit is the name's second line, such as "NHS
	// Foundation Trust".
	OrganisationSplit string `toml:"organisation_split"`
	// OrganisationDescriptor is a line under the name, such as "Digital
	// services".
	OrganisationDescriptor string `toml:"organisation_descriptor"`
}

// Footer configures the page footer.
type Footer struct {
	// Links are the footer's support links, in order: the accessibility
	// statement, privacy, cookies and contact pages a public-sector site
	// must link.
	Links []FooterLink `toml:"links"`
	// Navigation is the footer's columns of links. Empty means none.
	Navigation []FooterColumn `toml:"navigation"`
}

// FooterColumn is one column of the footer navigation.
type FooterColumn struct {
	Heading string       `toml:"heading"`
	Links   []FooterLink `toml:"links"`
}

// FooterLink is a link of the footer.
type FooterLink struct {
	// Title is the link's text; "" means the title of what Path names.
	Title string `toml:"title"`
	// Path names a page or section as a [[menu]] path does, or is an
	// http or https address on another site.
	Path string `toml:"path"`
	// Line is the line of signpost.toml the link's path is on (0 when
	// not known), for the findings about it.
	Line int `toml:"-"`
}

// Banner configures a notification banner shown on every page.
type Banner struct {
	// Title is the banner's title, "Important" by default.
	Title string `toml:"title"`
	// Text is the banner's message; the banner shows when it is set.
	Text string `toml:"text"`
	// LinkTitle and LinkPath add a link after the text, LinkPath as a
	// footer link's path.
	LinkTitle string `toml:"link_title"`
	LinkPath  string `toml:"link_path"`
	// LinkLine is the line of signpost.toml link_path is on (0 when not
	// known).
	LinkLine int `toml:"-"`
}

// MenuItem is one [[menu]] entry of the header navigation.
type MenuItem struct {
	// Title is the link's text; "" means the title of what Path names.
	Title string `toml:"title"`
	// Path names a page or a section: a file or folder of the content
	// folder ("about.md", "guides"), or a path on the site ("/tags/").
	Path string `toml:"path"`
	// Line is the line of signpost.toml the entry's path is on (0 when
	// not known), for findings about it.
	Line int `toml:"-"`
}

// Markdown configures rendering.
type Markdown struct {
	// AllowHTML lets raw HTML in Markdown through (sanitised). It is off by
	// default: raw HTML is dropped.
	AllowHTML bool `toml:"allow_html"`
	// AllowURLSchemes lists the URL schemes that are removed from links,
	// images and raw HTML unless listed here: any of "data", "javascript"
	// and "vbscript". Empty by default.
	AllowURLSchemes []string `toml:"allow_url_schemes"`
	// ContentsMinHeadings is the number of second-level headings from which
	// a page gets a "Contents" list. 0 means the default, 3.
	ContentsMinHeadings int `toml:"contents_min_headings"`
	// HighlightStyle names the Chroma style for code; "" is the theme's
	// accessible default.
	HighlightStyle string `toml:"highlight_style"`
}

// Search configures the built-in search.
type Search struct {
	// Disabled turns off the search index and search page.
	Disabled bool `toml:"disabled"`
	// Synonyms are the site's groups of terms that mean the same, such as
	// ["EPR", "electronic patient record"]: a search for one finds the
	// others.
	Synonyms [][]string `toml:"synonyms"`
	// DefaultSynonyms adds the theme's list of NHS and digital
	// abbreviations (data/synonyms.txt in the theme) to Synonyms. It is on
	// by default.
	DefaultSynonyms bool `toml:"default_synonyms"`
}

// Check sets exceptions to signpost check's link checks, as Zola's
// link_checker does. Each entry names the links it applies to: a host
// ("www.linkedin.com", which covers its subdomains too), an address prefix
// ("https://www.gov.uk/government/publications/"), or a prefix of paths on
// this site ("/legacy/").
type Check struct {
	// Skip lists links that are not checked at all: intranet hosts the
	// checker cannot reach, sites that refuse robots, old sections served
	// by another system.
	Skip []string `toml:"skip"`
	// Downgrade lists links whose problems are reported one level lower:
	// a broken link to a site path is a warning, a dead outside link a
	// note.
	Downgrade []string `toml:"downgrade"`
	// MissingFiles is how a link or image to a file that is not there
	// (an image, a PDF: not a page) is reported, by build and check
	// alike: "error" (the default) or "warning". An imported site whose
	// images were not copied sets "warning" until they are added. Links to
	// missing pages stay errors whatever it says.
	MissingFiles string `toml:"missing_files"`
}

// MissingFileSeverity is the level of a link or image to a missing file.
func (c Check) MissingFileSeverity() diag.Severity {
	if c.MissingFiles == MissingWarning {
		return diag.Warning
	}
	return diag.Error
}

// The values of check.missing_files.
const (
	MissingError   = "error"
	MissingWarning = "warning"
)

// Default returns the configuration used when signpost.toml sets nothing.
func Default() Config {
	return Config{
		Title:      "Knowledge base",
		BaseURL:    "/",
		Language:   "en-GB",
		Theme:      "nhs",
		ContentDir: "content",
		OutputDir:  "public",
		PageSize:   20,
		Markdown:   Markdown{ContentsMinHeadings: 3},
		Search:     Search{DefaultSynonyms: true},
	}
}

// Load reads signpost.toml from the site folder root, if there is one, and
// returns the configuration with defaults filled in. Problems come back as
// diagnostics positioned in the file: unknown keys are warnings, invalid
// values errors.
func Load(root string) (Config, diag.List) {
	data, err := os.ReadFile(filepath.Join(root, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		c := Default()
		var l diag.List
		c.validate(&l, nil)
		return c, l
	}
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: FileName}, diag.CodeConfigRead, "cannot read the configuration: %v", err)
		return Default(), l
	}
	return Parse(data)
}

// Parse decodes the contents of a signpost.toml file.
func Parse(data []byte) (Config, diag.List) {
	var l diag.List
	c := Default()
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&c)
	if err != nil {
		l.Add(syntaxError(data, err))
		return Default(), l
	}
	for _, k := range md.Keys() {
		key := k.String()
		if !slices.Contains(knownKeys, key) && slices.ContainsFunc(knownKeys, func(s string) bool { return strings.EqualFold(s, key) }) {
			// The TOML decoder matches names whatever their case.
			l.Warnf(diag.Pos{File: FileName, Line: keyLine(data, k)}, diag.CodeConfigUnknownKey, "%s: setting names are lower case; read as %s", key, strings.ToLower(key))
			l.Hint("write %s", strings.ToLower(key))
		}
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		l.Warnf(diag.Pos{File: FileName, Line: keyLine(data, k)}, diag.CodeConfigUnknownKey, "unknown setting %q; it is ignored", key)
		if s := closestKey(key); s != "" {
			l.Hint("did you mean %q?", s)
		}
	}
	c.validate(&l, data)
	return c, l
}

var knownKeys = []string{
	"title", "description", "base_url", "language", "theme", "content_dir", "output_dir",
	"page_size", "owner", "markdown", "markdown.allow_html", "markdown.allow_url_schemes", "markdown.contents_min_headings",
	"markdown.highlight_style", "search", "search.disabled", "search.synonyms", "search.default_synonyms", "check", "check.skip", "check.downgrade", "check.missing_files",
	"menu", "menu.title", "menu.path", "header", "header.organisation", "header.organisation_split", "header.organisation_descriptor",
	"footer", "footer.links", "footer.links.title", "footer.links.path", "footer.navigation", "footer.navigation.heading",
	"footer.navigation.links", "footer.navigation.links.title", "footer.navigation.links.path",
	"banner", "banner.title", "banner.text", "banner.link_title", "banner.link_path",
}

// closestKey returns the setting that key most likely misspells: one that
// differs only in case, hyphens or underscores ("baseURL", "base-url"),
// or else the nearest by edit distance.
func closestKey(key string) string {
	fold := func(s string) string {
		return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(s))
	}
	for _, k := range knownKeys {
		if fold(k) == fold(key) {
			return k
		}
	}
	return diag.Closest(key, knownKeys)
}

// examples shows a valid value of each setting, for messages: a user of
// the binary alone has no README to look in.
var examples = map[string]string{
	"title":                          `title = "NHS Digital Knowledge Base"`,
	"description":                    `description = "Interviews, articles and strategy documents on digital change in the NHS."`,
	"base_url":                       `base_url = "https://intranet.example.nhs.uk/kb/"`,
	"language":                       `language = "en-GB"`,
	"theme":                          `theme = "nhs"`,
	"content_dir":                    `content_dir = "content"`,
	"output_dir":                     `output_dir = "public"`,
	"page_size":                      `page_size = 20`,
	"owner":                          `owner = "NHS England"`,
	"markdown":                       "[markdown] on a line of its own, then its settings, such as allow_html = false",
	"markdown.allow_html":            `allow_html = false (under [markdown])`,
	"markdown.allow_url_schemes":     `allow_url_schemes = ["data"] (under [markdown])`,
	"markdown.contents_min_headings": `contents_min_headings = 3 (under [markdown])`,
	"markdown.highlight_style":       `highlight_style = "modus-operandi" (under [markdown])`,
	"search":                         "[search] on a line of its own, then its settings, such as disabled = false",
	"search.disabled":                `disabled = false (under [search])`,
	"search.synonyms":                `synonyms = [["EPR", "electronic patient record"], ["A&E", "accident and emergency"]] (under [search])`,
	"search.default_synonyms":        `default_synonyms = false (under [search])`,
	"check":                          `[check] on a line of its own, then its settings, such as skip = ["www.linkedin.com"]`,
	"check.skip":                     `skip = ["www.linkedin.com", "https://www.gov.uk/government/publications/", "/legacy/"] (under [check])`,
	"check.downgrade":                `downgrade = ["nhs.sharepoint.com"] (under [check])`,
	"check.missing_files":            `missing_files = "warning" (under [check])`,
	"menu":                           "[[menu]] on a line of its own for each link of the header, then its title and path, such as path = \"guides\"",
	"menu.title":                     `title = "Guides" (under [[menu]])`,
	"menu.path":                      `path = "guides" (under [[menu]]): a file or folder of the content folder, or a path on the site such as "/tags/"`,
	"header":                         "[header] on a line of its own, then its settings, such as organisation = \"Anytown and District\"",
	"header.organisation":            `organisation = "Anytown and District" (under [header])`,
	"header.organisation_split":      `organisation_split = "NHS Foundation Trust" (under [header])`,
	"header.organisation_descriptor": `organisation_descriptor = "Digital services" (under [header])`,
	"footer":                         "[[footer.links]] on a line of its own for each support link, then its title and path",
	"footer.links":                   "[[footer.links]] on a line of its own for each link, then title = \"Accessibility statement\" and path = \"accessibility.md\"",
	"footer.links.title":             `title = "Accessibility statement" (under [[footer.links]])`,
	"footer.links.path":              `path = "accessibility.md" (under [[footer.links]]): a file or folder of the content folder, a path on the site, or an https address`,
	"footer.navigation":              "[[footer.navigation]] on a line of its own for each column, then heading = \"Guidance\" and links = [{ title = \"Guides\", path = \"guides\" }]",
	"footer.navigation.heading":      `heading = "Guidance" (under [[footer.navigation]])`,
	"footer.navigation.links":        `links = [{ title = "Guides", path = "guides" }] (under [[footer.navigation]])`,
	"banner":                         "[banner] on a line of its own, then its settings, such as text = \"The intranet is read-only on Saturday.\"",
	"banner.title":                   `title = "Important" (under [banner])`,
	"banner.text":                    `text = "The intranet is read-only on Saturday." (under [banner])`,
	"banner.link_title":              `link_title = "Read more" (under [banner])`,
	"banner.link_path":               `link_path = "news/maintenance.md" (under [banner])`,
}

// typeError matches the TOML decoder's error for a value of the wrong type.
var typeError = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]+)"\): (?:incompatible types: TOML value has type (\w+); destination has type (\w+)|type mismatch for .*: expected table but found (\w+))$`)

// syntaxError explains an error decoding signpost.toml, saying what a
// valid value looks like.
func syntaxError(data []byte, err error) diag.Diagnostic {
	d := diag.Diagnostic{Pos: diag.Pos{File: FileName}, Severity: diag.Error, Code: diag.CodeConfigSyntax}
	if m := typeError.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		key, got, want := m[2], m[3], m[4]
		if m[5] != "" {
			got, want = m[5], "table"
		}
		d.Line, d.Code = line, diag.CodeConfigValue
		d.Excerpt = explain.Excerpt(data, line)
		d.Msg = fmt.Sprintf("%s: want %s, got %s", key, describeType(want), describeType(got))
		if ex, ok := examples[key]; ok {
			d.Hint = "write it as " + ex
		}
		return d
	}
	p := explain.TOML(data, err)
	d.Line, d.Col, d.Msg, d.Hint, d.Excerpt = p.Line, p.Col, p.Msg, p.Hint, explain.Excerpt(data, p.Line)
	key, _, _ := strings.Cut(p.Msg, ":")
	if ex, ok := examples[key]; ok && !strings.Contains(d.Hint, key+" =") {
		d.Hint = "write it as " + ex
	}
	return d
}

// describeType names a TOML or Go type for people.
func describeType(t string) string {
	switch t {
	case "string":
		return "text in quotes"
	case "int64", "float64", "integer", "float":
		return "a number"
	case "bool", "boolean":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "table", "struct", "map":
		return "a section of settings"
	}
	return t
}

func (c *Config) validate(l *diag.List, data []byte) {
	at := func(key string) diag.Pos {
		return diag.Pos{File: FileName, Line: keyLine(data, strings.Split(key, "."))}
	}
	if c.Language == "" {
		c.Language = "en-GB"
	}
	if c.Theme == "" {
		c.Theme = "nhs"
	}
	if c.PageSize <= 0 {
		if c.PageSize < 0 {
			l.Errorf(at("page_size"), diag.CodeConfigValue, "page_size: want a positive number, such as page_size = 20, got %d", c.PageSize)
		}
		c.PageSize = 20
	}
	if c.Markdown.ContentsMinHeadings <= 0 {
		c.Markdown.ContentsMinHeadings = 3
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	if c.OutputDir == "" {
		c.OutputDir = "public"
	}
	for _, f := range []struct{ key, val string }{{"content_dir", c.ContentDir}, {"theme", c.Theme}} {
		if !filepath.IsLocal(f.val) || strings.ContainsAny(f.val, `\`) {
			l.Errorf(at(f.key), diag.CodeConfigValue, "%s: %q must be a folder inside the site, such as %s", f.key, f.val, examples[f.key])
		}
	}
	for i, s := range c.Markdown.AllowURLSchemes {
		switch ls := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(s, ":"))); ls {
		case "data", "javascript", "vbscript":
			c.Markdown.AllowURLSchemes[i] = ls
		default:
			l.Errorf(at("markdown.allow_url_schemes"), diag.CodeConfigValue, "markdown.allow_url_schemes: %q is never removed; list only data, javascript or vbscript, such as %s", s, examples["markdown.allow_url_schemes"])
		}
	}
	for _, list := range []struct {
		key     string
		entries []string
	}{{"check.skip", c.Check.Skip}, {"check.downgrade", c.Check.Downgrade}} {
		for _, e := range list.entries {
			if err := checkRule(e); err != nil {
				l.Errorf(at(list.key), diag.CodeConfigValue, "%s: %q %v", list.key, e, err)
				l.Hint("write a host, an address or a path on this site, such as %s", examples[list.key])
			}
		}
	}
	switch v := strings.ToLower(strings.TrimSpace(c.Check.MissingFiles)); v {
	case "":
		c.Check.MissingFiles = MissingError
	case MissingError, MissingWarning:
		c.Check.MissingFiles = v
	default:
		l.Errorf(at("check.missing_files"), diag.CodeConfigValue, "check.missing_files: %q is not a level; want \"error\" or \"warning\"", c.Check.MissingFiles)
		l.Hint("write %s to report links and images to missing files as warnings, or leave it out for errors", examples["check.missing_files"])
		c.Check.MissingFiles = MissingError
	}
	for i, g := range c.Search.Synonyms {
		n := 0
		for _, t := range g {
			if strings.TrimSpace(t) != "" {
				n++
			}
		}
		if n < 2 {
			l.Errorf(at("search.synonyms"), diag.CodeConfigValue, "search.synonyms: group %d has %d terms; want two or more that mean the same, such as [\"EPR\", \"electronic patient record\"]", i+1, n)
		}
	}
	if s := c.Markdown.HighlightStyle; s != "" {
		if _, ok := styles.Registry[strings.ToLower(s)]; !ok {
			// Chroma would use its fallback style without a word.
			names := styles.Names()
			l.Errorf(at("markdown.highlight_style"), diag.CodeConfigValue, "markdown.highlight_style: there is no Chroma style %q", s)
			if d := diag.Closest(strings.ToLower(s), names); d != "" {
				l.Hint("did you mean %q? The styles are: %s", d, strings.Join(names, ", "))
			} else {
				l.Hint("leave it out for the default, modus-operandi (WCAG AAA contrast), or choose one of: %s", strings.Join(names, ", "))
			}
			c.Markdown.HighlightStyle = ""
		}
	}
	lines := entryLines(data, "menu")
	for i := range c.Menu {
		m := &c.Menu[i]
		if i < len(lines) {
			m.Line = lines[i].line()
		}
		m.Title, m.Path = strings.TrimSpace(m.Title), strings.TrimSpace(m.Path)
		if m.Path == "" {
			l.Errorf(diag.Pos{File: FileName, Line: m.Line}, diag.CodeConfigValue, "menu: entry %d has no path", i+1)
			l.Hint("give each [[menu]] the page or section it links to, such as %s", examples["menu.path"])
		}
	}
	c.validateTheme(l, data)
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		l.Errorf(at("base_url"), diag.CodeConfigValue, "base_url: %v", err)
		l.Hint(`use an absolute URL such as "https://intranet.example.nhs.uk/kb/" or a path such as "/kb/"`)
		c.BaseURL = "/"
	}
}

// SetBaseURL validates and normalises u and makes it the base URL.
func (c *Config) SetBaseURL(u string) error {
	if u == "" {
		u = "/"
	}
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("%q is not a URL", u)
	}
	switch {
	case p.Scheme == "" && p.Host == "":
		if !strings.HasPrefix(p.Path, "/") {
			return fmt.Errorf("%q must be an absolute URL or start with /", u)
		}
	case p.Scheme != "http" && p.Scheme != "https":
		return fmt.Errorf("%q: want an http or https URL", u)
	case p.Host == "":
		return fmt.Errorf("%q has no host", u)
	}
	if p.RawQuery != "" || p.Fragment != "" || p.User != nil {
		return fmt.Errorf("%q must not have a query, fragment or user", u)
	}
	clean := path.Clean("/" + p.Path)
	if clean != "/" {
		clean += "/"
	}
	p.Path, p.RawPath = clean, ""
	c.BaseURL = p.String()
	return nil
}

// BasePath returns the path part of the base URL: "/" or "/kb/".
func (c Config) BasePath() string {
	p, err := url.Parse(c.BaseURL)
	if err != nil || p.Path == "" {
		return "/"
	}
	return p.EscapedPath()
}

// IsAbsolute reports whether the base URL has a scheme and host, so that
// absolute links (feeds, sitemap, canonical links) can be made.
func (c Config) IsAbsolute() bool { return strings.Contains(c.BaseURL, "://") }

// RelURL returns the link for a site path such as "/articles/x/" under
// the base path: "/kb/articles/x/".
func (c Config) RelURL(sitePath string) string {
	return c.BasePath() + strings.TrimPrefix(sitePath, "/")
}

// AbsURL returns the absolute URL of a site path when the base URL is
// absolute, and the base-path-relative link otherwise.
func (c Config) AbsURL(sitePath string) string {
	if !c.IsAbsolute() {
		return c.RelURL(sitePath)
	}
	return strings.TrimSuffix(c.BaseURL, "/") + "/" + strings.TrimPrefix(sitePath, "/")
}

// keyLine finds the line of a dotted key in TOML source, or 0. It is a
// best-effort scan: the TOML decoder does not report key positions.
func keyLine(data []byte, key []string) int {
	if len(data) == 0 || len(key) == 0 {
		return 0
	}
	table := strings.Join(key[:len(key)-1], ".")
	name := key[len(key)-1]
	current := ""
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			current = strings.Trim(t, "[] \t")
			if len(key) == 1 && current == name {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if ok && current == table && strings.Trim(strings.TrimSpace(k), `"'`) == name {
			return i + 1
		}
	}
	return 0
}

// entryPos is where an entry of an array of tables ([[menu]]) is in
// TOML source: the line of its [[…]] header and the lines of the paths in
// it (path = …, in inline tables too), in order.
type entryPos struct {
	header int
	paths  []int
}

// line returns the line of the entry's first path, or of its header when
// it has none.
func (e entryPos) line() int { return e.pathLine(0) }

// pathLine returns the line of the entry's i'th path, or of its header
// when it has fewer.
func (e entryPos) pathLine(i int) int {
	if i < len(e.paths) {
		return e.paths[i]
	}
	return e.header
}

var pathKeyRe = regexp.MustCompile(`(?:^|[{,])\s*["']?path["']?\s*=`)

// entryLines returns where each [[table]] entry is in TOML source, in
// order.
func entryLines(data []byte, table string) []entryPos {
	var entries []entryPos
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "[{") {
			in = strings.HasPrefix(t, "[[") && strings.Trim(strings.Fields(t + " ")[0], "[] \t") == table
			if in {
				entries = append(entries, entryPos{header: i + 1})
			}
			continue
		}
		if in {
			for range pathKeyRe.FindAllStringIndex(t, -1) {
				e := &entries[len(entries)-1]
				e.paths = append(e.paths, i+1)
			}
		}
	}
	return entries
}

// checkRule reports what is wrong with an entry of [check] skip or
// downgrade: it must be a host name, an http or https address, or a path
// on the site.
func checkRule(e string) error {
	switch {
	case e == "" || strings.ContainsAny(e, " \t\n"):
		return fmt.Errorf("is not a host, an address or a path: it is empty or has spaces")
	case strings.HasPrefix(e, "/"):
		return nil
	case strings.Contains(e, "://"):
		u, err := url.Parse(e)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("is not an http or https address")
		}
		return nil
	case strings.ContainsAny(e, "/?#:@"):
		return fmt.Errorf("is not a host name: an address starts with https:// and a path on this site with /")
	}
	return nil
}

// validateTheme checks the header, footer and banner settings.
func (c *Config) validateTheme(l *diag.List, data []byte) {
	at := func(key string) diag.Pos {
		return diag.Pos{File: FileName, Line: keyLine(data, strings.Split(key, "."))}
	}
	h := &c.Header
	h.Organisation, h.OrganisationSplit, h.OrganisationDescriptor = strings.TrimSpace(h.Organisation), strings.TrimSpace(h.OrganisationSplit), strings.TrimSpace(h.OrganisationDescriptor)
	if h.Organisation == "" && (h.OrganisationSplit != "" || h.OrganisationDescriptor != "") {
		l.Errorf(at("header.organisation_split"), diag.CodeConfigValue, "header: organisation_split and organisation_descriptor need organisation, the first line of the name")
		l.Hint("write the name's first line as %s", examples["header.organisation"])
	}
	link := func(where string, f *FooterLink) {
		f.Title, f.Path = strings.TrimSpace(f.Title), strings.TrimSpace(f.Path)
		pos := at(where)
		if f.Line > 0 {
			pos.Line = f.Line
		}
		if f.Path == "" {
			l.Errorf(pos, diag.CodeConfigValue, "%s: a link has no path", where)
			l.Hint("give each link the page, section or address it links to, such as %s", examples["footer.links.path"])
		}
		if IsExternal(f.Path) && f.Title == "" {
			l.Errorf(pos, diag.CodeConfigValue, "%s: the link to %s has no title", where, f.Path)
			l.Hint(`a link to another site needs its text, such as title = "Privacy notice"`)
		}
	}
	linkLines := entryLines(data, "footer.links")
	for i := range c.Footer.Links {
		if i < len(linkLines) {
			c.Footer.Links[i].Line = linkLines[i].line()
		}
		link("footer.links", &c.Footer.Links[i])
	}
	colLines := entryLines(data, "footer.navigation")
	for i := range c.Footer.Navigation {
		col := &c.Footer.Navigation[i]
		if i < len(colLines) {
			for j := range col.Links {
				col.Links[j].Line = colLines[i].pathLine(j)
			}
		}
		col.Heading = strings.TrimSpace(col.Heading)
		if len(col.Links) == 0 {
			l.Errorf(at("footer.navigation"), diag.CodeConfigValue, "footer.navigation: column %d has no links", i+1)
			l.Hint("write them as %s", examples["footer.navigation.links"])
		}
		for j := range col.Links {
			link("footer.navigation", &col.Links[j])
		}
	}
	b := &c.Banner
	b.Title, b.Text, b.LinkTitle, b.LinkPath = strings.TrimSpace(b.Title), strings.TrimSpace(b.Text), strings.TrimSpace(b.LinkTitle), strings.TrimSpace(b.LinkPath)
	b.LinkLine = keyLine(data, []string{"banner", "link_path"})
	if b.Text == "" && (b.Title != "" || b.LinkPath != "" || b.LinkTitle != "") {
		l.Errorf(at("banner"), diag.CodeConfigValue, "banner: the banner has no text; it is not shown")
		l.Hint("write its message as %s", examples["banner.text"])
	}
	if b.LinkTitle != "" && b.LinkPath == "" {
		l.Errorf(at("banner.link_title"), diag.CodeConfigValue, "banner: link_title needs link_path, what it links to")
		l.Hint("write it as %s", examples["banner.link_path"])
	}
	if b.Title == "" {
		b.Title = "Important"
	}
}

// IsExternal reports whether p, a link of the configuration, is an
// address on another site: http, https or mailto.
func IsExternal(p string) bool {
	for _, s := range []string{"http://", "https://", "mailto:"} {
		if len(p) >= len(s) && strings.EqualFold(p[:len(s)], s) {
			return true
		}
	}
	return false
}
