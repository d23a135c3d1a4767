package importer

import (
	"path"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// mkdocsSettings is what the import reads from mkdocs.yml.
type mkdocsSettings struct {
	siteName, siteURL, docsDir string
	blogDir                    string
	exclude                    []string
}

// mkdocsConfig reads the settings the import needs from mkdocs.yml. It is
// read as plain YAML: the Python tags some configurations use are kept as
// text.
func mkdocsConfig(data []byte) mkdocsSettings {
	var doc yaml.Node
	var cfg mkdocsSettings
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return cfg
	}
	m := mapping(doc.Content[0])
	cfg.siteName = scalar(m["site_name"])
	cfg.siteURL = scalar(m["site_url"])
	cfg.docsDir = scalar(m["docs_dir"])
	if ex := scalar(m["exclude_docs"]); ex != "" {
		for _, l := range strings.Split(ex, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				cfg.exclude = append(cfg.exclude, l)
			}
		}
	}
	if plugins := m["plugins"]; plugins != nil && plugins.Kind == yaml.SequenceNode {
		for _, pl := range plugins.Content {
			pm := mapping(pl)
			if b := mapping(pm["blog"]); b != nil {
				cfg.blogDir = scalar(b["blog_dir"])
				if cfg.blogDir == "" {
					cfg.blogDir = "blog"
				}
			} else if scalar(pl) == "blog" {
				cfg.blogDir = "blog"
			}
			if ex := mapping(pm["exclude"]); ex != nil {
				if globs, ok := nodeStrings(ex["glob"]); ok {
					cfg.exclude = append(cfg.exclude, globs...)
				}
			}
		}
	}
	return cfg
}

// excluded reports whether rel matches one of the exclusion patterns.
func excluded(rel string, patterns []string) bool {
	for _, p := range patterns {
		p = strings.TrimPrefix(p, "/")
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
		if ok, _ := path.Match(p, path.Base(rel)); ok && !strings.Contains(p, "/") {
			return true
		}
		if strings.HasSuffix(p, "/") && strings.HasPrefix(rel, p) {
			return true
		}
	}
	return false
}

// readMkDocs builds the site model of a MkDocs docs folder.
func readMkDocs(t *tree, cfg mkdocsSettings) *site {
	s := &site{dialect: MkDocs, tree: t, moved: map[string]string{}, consumed: map[string]bool{}, authors: map[string]string{}}
	s.blogDir = cfg.blogDir
	for rel, data := range t.text {
		if path.Base(rel) != ".authors.yml" {
			continue
		}
		s.consumed[rel] = true
		if s.blogDir == "" {
			s.blogDir = path.Dir(rel)
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
			continue
		}
		authors := mapping(mapping(doc.Content[0])["authors"])
		for id, a := range authors {
			if name := scalar(mapping(a)["name"]); name != "" {
				s.authors[id] = name
			}
		}
	}
	if s.blogDir == "." {
		s.blogDir = ""
	}
	for _, rel := range t.markdownFiles() {
		if excluded(rel, cfg.exclude) {
			t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: "is excluded from the MkDocs build (mkdocs.yml), so it is not imported"})
			continue
		}
		p := &page{rel: rel, src: t.srcPath(rel)}
		s.pages = append(s.pages, p)
		p.readMatter(t.text[rel])
		p.dest = rel
		p.url = mkdocsURL(rel)
		if s.isPost(rel) && p.fm != nil {
			p.url = s.postURL(p)
		}
	}
	s.placeLandings()
	s.index()
	return s
}

// mkdocsURL is the address MkDocs gives a file with use_directory_urls.
func mkdocsURL(rel string) string {
	dir, base := path.Split(rel)
	stem := strings.TrimSuffix(base, path.Ext(base))
	if stem == "index" || strings.EqualFold(stem, "readme") {
		return "/" + dir
	}
	return "/" + dir + stem + "/"
}

// isPost reports whether rel is a post of the Material blog.
func (s *site) isPost(rel string) bool {
	if s.blogDir == "" && !strings.HasPrefix(rel, "posts/") {
		return false
	}
	return strings.HasPrefix(rel, path.Join(s.blogDir, "posts")+"/")
}

// postURL is the address the Material blog gives a post:
// /blog/yyyy/MM/dd/slug/.
func (s *site) postURL(p *page) string {
	d := postDate(p.fm.get("date"))
	sl := p.fm.str("slug")
	if sl == "" {
		sl = materialSlug(p.fm.str("title"))
	}
	if d.IsZero() || sl == "" {
		return mkdocsURL(p.rel)
	}
	return "/" + path.Join(s.blogDir, d.Format("2006/01/02"), sl) + "/"
}

// postDate reads a blog post's date: a date, or a mapping whose created
// key is one.
func postDate(f *field) time.Time {
	if f == nil {
		return time.Time{}
	}
	n := f.node
	if m := mapping(n); m != nil {
		n = m["created"]
	}
	v := scalar(n)
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

var nonSlug = regexp.MustCompile(`[^\w\s-]`)

// materialSlug is Python-Markdown's toc.slugify, which the blog uses for
// posts without a slug.
func materialSlug(s string) string {
	s = nonSlug.ReplaceAllString(strings.ToLower(s), "")
	return strings.Join(strings.Fields(s), "-")
}
