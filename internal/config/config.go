// Package config loads and validates signpost.toml, the site's
// configuration. Every setting has a default, so a folder of Markdown with
// no configuration file builds.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/signpost-kb/signpost/internal/diag"
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
		l.Errorf(diag.Pos{File: FileName}, "config-read", "cannot read the configuration: %v", err)
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
		pos := diag.Pos{File: FileName}
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos.Line = pe.Position.Line
			msg = pe.Message
		}
		l.Errorf(pos, "config-syntax", "invalid TOML: %s", msg)
		l.Hint("see the Configuration section of README.md for the format")
		return Default(), l
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		l.Warnf(diag.Pos{File: FileName, Line: keyLine(data, k)}, "config-unknown-key", "unknown setting %q; it is ignored", key)
		if s := diag.Closest(key, knownKeys); s != "" {
			l.Hint("did you mean %q?", s)
		}
	}
	c.validate(&l, data)
	return c, l
}

var knownKeys = []string{
	"title", "description", "base_url", "language", "theme", "content_dir", "output_dir",
	"page_size", "owner", "markdown", "markdown.allow_html", "markdown.allow_url_schemes", "markdown.contents_min_headings",
	"markdown.highlight_style", "search", "search.disabled", "search.synonyms", "search.default_synonyms",
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
			l.Errorf(at("page_size"), "config-value", "page_size: want a positive number, got %d", c.PageSize)
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
			l.Errorf(at(f.key), "config-value", "%s: %q must be a folder inside the site", f.key, f.val)
		}
	}
	for i, s := range c.Markdown.AllowURLSchemes {
		switch ls := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(s, ":"))); ls {
		case "data", "javascript", "vbscript":
			c.Markdown.AllowURLSchemes[i] = ls
		default:
			l.Errorf(at("markdown.allow_url_schemes"), "config-value", "markdown.allow_url_schemes: %q is never removed; list only data, javascript or vbscript", s)
		}
	}
	for i, g := range c.Search.Synonyms {
		n := 0
		for _, t := range g {
			if strings.TrimSpace(t) != "" {
				n++
			}
		}
		if n < 2 {
			l.Errorf(at("search.synonyms"), "config-value", "search.synonyms: group %d has %d terms; want two or more that mean the same, such as [\"EPR\", \"electronic patient record\"]", i+1, n)
		}
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		l.Errorf(at("base_url"), "config-value", "base_url: %v", err)
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
