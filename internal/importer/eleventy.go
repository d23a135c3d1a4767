package importer

import (
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// eleventySkip names the folders of an Eleventy input folder that hold no
// pages: data, layouts and includes, and the output.
func eleventySkip(rel string) bool {
	switch rel {
	case "_data", "_includes", "_layouts", "_site", "_components":
		return true
	}
	return false
}

// readEleventy builds the site model of an Eleventy content folder.
func readEleventy(t *tree) *site {
	s := &site{dialect: Eleventy, tree: t, moved: map[string]string{}, consumed: map[string]bool{}}
	rootName := path.Base(t.root)
	if t.root == "" {
		rootName = ""
	}
	for _, rel := range t.markdownFiles() {
		p := &page{rel: rel, src: t.srcPath(rel)}
		s.pages = append(s.pages, p)
		p.readMatter(t.text[rel])
		if p.fm == nil {
			continue
		}
		// The data cascade: folder data files from the top down, then the
		// template's own data file, under the front matter.
		dirs := []string{""}
		d := path.Dir(rel)
		if d != "." {
			parts := strings.Split(d, "/")
			for i := range parts {
				dirs = append(dirs, strings.Join(parts[:i+1], "/"))
			}
		}
		var data []string
		for _, dir := range dirs {
			name := path.Base(dir)
			if dir == "" {
				name = rootName
			}
			if name == "" {
				continue
			}
			data = append(data, path.Join(dir, name+".json"), path.Join(dir, name+".11tydata.json"))
		}
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		data = append(data, stem+".json", stem+".11tydata.json")
		for k := len(data) - 1; k >= 0; k-- {
			s.inheritData(p, data[k])
		}
		for _, js := range []string{stem + ".11tydata.js", stem + ".11tydata.cjs"} {
			if t.other[js] {
				p.log.problem(0, groupMatter, "%s is JavaScript data, which the import cannot run; add its values to the front matter by hand", t.srcPath(js))
			}
		}
	}
	for _, p := range s.pages {
		s.eleventyPlace(p)
	}
	s.placeLandings()
	s.index()
	return s
}

// inheritData merges a data file, if it exists, under the page's front
// matter. Files are applied from the most specific to the least, each
// under what is already there.
func (s *site) inheritData(p *page, rel string) {
	data, ok := s.tree.text[rel]
	if !ok {
		return
	}
	s.consumed[rel] = true // a data file is used, not copied
	n, err := jsonNode(data)
	if err != nil {
		p.log.problem(0, groupMatter, "the data file %s cannot be read (%v), so its values are not in this page", s.tree.srcPath(rel), err)
		return
	}
	p.fm.inherit(n, s.tree.srcPath(rel))
}

// readMatter splits and decodes the page's front matter.
func (p *page) readMatter(data []byte) {
	sp, err := splitMatter(data)
	p.split = sp
	if err != nil {
		p.log.problem(1, groupMatter, "%v; the whole file is imported as text: close the front matter by hand", err)
		p.fm = &matter{}
		return
	}
	if !sp.has {
		p.fm = &matter{}
		return
	}
	fm, err := parseMatter(sp.matter, sp.first)
	if err != nil {
		p.log.problem(sp.first, groupMatter, "the front matter cannot be read: %v; it is kept as a comment at the top of the file: fix it there", err)
		p.fm = nil
		return
	}
	p.fm = fm
}

var (
	njIfBlock = regexp.MustCompile(`\{%-?\s*if\b[\s\S]*?\{%-?\s*endif\s*-?%\}`)
	njAny     = regexp.MustCompile(`\{[{%#][\s\S]*?[}%#]\}`)
)

// eleventyPlace works out the old address of page p and where it goes in
// the new site.
func (s *site) eleventyPlace(p *page) {
	dir, base := path.Split(p.rel)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case stem == "index":
		p.url = "/" + dir + "/"
	case dir != "" && stem == path.Base(dir):
		// Eleventy publishes folder/folder.md at the folder's address.
		p.url = "/" + dir + "/"
	default:
		p.url = "/" + path.Join(dir, stem) + "/"
	}
	if dir == "" && stem == "index" {
		p.url = "/"
	}
	p.url = strings.ReplaceAll(p.url, "//", "/")
	if p.fm != nil {
		if f := p.fm.get("permalink"); f != nil {
			s.permalink(p, f)
		}
		if f := p.fm.get("redirectFrom"); f != nil {
			if list, ok := nodeStrings(f.node); ok {
				for _, u := range list {
					p.oldURLs = append(p.oldURLs, sitePathOf(u))
				}
			}
		}
	}
	p.dest = p.rel
	if dir != "" && stem == path.Base(dir) {
		if _, taken := s.tree.text[path.Join(dir, "index.md")]; !taken {
			p.dest = path.Join(dir, "index.md")
			p.log.change("folder/folder.md pages moved to folder/index.md, keeping their address")
		}
	}
}

// permalink applies a page's permalink: a fixed address (its Nunjucks
// pagination suffix removed), or false for a page Eleventy did not
// publish.
func (s *site) permalink(p *page, f *field) {
	if f.node.Kind != yaml.ScalarNode {
		return
	}
	v := strings.TrimSpace(f.node.Value)
	if f.node.Tag == "!!bool" && v == "false" {
		p.url = ""
		return
	}
	v = njIfBlock.ReplaceAllString(v, "")
	if njAny.MatchString(v) {
		p.log.problem(f.line, groupMatter, "permalink %q is worked out by a template; the page keeps the address of its file, %s: check that links to it still work", f.node.Value, p.url)
		return
	}
	p.url = sitePathOf(v)
}

// sitePathOf makes a permalink or redirect a site path: a leading slash,
// and a trailing one unless it names a file; index.html is its folder.
func sitePathOf(v string) string {
	v = strings.TrimSpace(v)
	v = "/" + strings.TrimLeft(v, "/")
	for strings.Contains(v, "//") {
		v = strings.ReplaceAll(v, "//", "/")
	}
	v = strings.TrimSuffix(v, "index.html")
	if strings.HasSuffix(v, ".html") {
		v = strings.TrimSuffix(v, ".html") + "/"
	}
	if !strings.HasSuffix(v, "/") && !hasFileExt(v) {
		v += "/"
	}
	return v
}

// placeLandings makes landing pages the _index.md of their sections: an
// index.md whose folder holds other pages, and (Eleventy) a page x.md
// beside a folder x/ of pages.
func (s *site) placeLandings() {
	pagesIn := map[string]int{} // folder → pages inside it, at any depth
	for _, p := range s.pages {
		for d := path.Dir(p.dest); ; d = path.Dir(d) {
			if d == "." {
				d = ""
			}
			pagesIn[d]++
			if d == "" {
				break
			}
		}
	}
	taken := map[string]bool{}
	for _, p := range s.pages {
		taken[p.dest] = true
	}
	for _, p := range s.pages {
		dir, base := path.Split(p.dest)
		dir = strings.TrimSuffix(dir, "/")
		stem := strings.TrimSuffix(base, path.Ext(base))
		switch {
		case (stem == "index" || (s.dialect == MkDocs && strings.EqualFold(stem, "readme"))) && (dir == "" || pagesIn[dir] > 1):
			p.dest = path.Join(dir, "_index.md")
			p.landing = true
			p.log.change("landing pages made their section's _index.md")
		case s.dialect == Eleventy && pagesIn[path.Join(dir, stem)] > 0 && !taken[path.Join(dir, stem, "index.md")] && !taken[path.Join(dir, stem, "_index.md")]:
			p.dest = path.Join(dir, stem, "_index.md")
			p.landing = true
			taken[p.dest] = true
			p.log.change("pages beside a folder of the same name made the folder's _index.md")
		}
		if p.fm == nil {
			continue
		}
		if pg := mapping(nodeOf(p.fm.get("pagination"))); pg != nil {
			if c, ok := strings.CutPrefix(scalar(pg["data"]), "collections."); ok {
				p.collection = c
			}
		}
		if c := p.fm.str("collection_tag"); c != "" {
			p.collection = c
		}
	}
}

func nodeOf(f *field) *yaml.Node {
	if f == nil {
		return nil
	}
	return f.node
}
