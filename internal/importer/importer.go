// Package importer brings a site made with another generator (Eleventy,
// MkDocs) over to signpost: it reads the old site's content folder,
// converts its front matter and Markdown dialect into signpost's own, and
// writes a new signpost site with a report (IMPORT.md) of every change and
// of everything left to finish by hand.
//
// The import reads the source folder only, through an os.Root, so that no
// symbolic link in it leads anywhere else, and writes the destination
// folder only, which must be empty, creating each file exclusively.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Options says what to import and where.
type Options struct {
	Dialect Dialect
	// Src is the old site: its project folder (holding eleventy.config.js
	// or mkdocs.yml) or its content folder.
	Src string
	// Dest is the folder to write the new site into: it must be empty or
	// not exist, and must not be inside Src.
	Dest string
	// SiteURL is the address the old site was published at, such as
	// https://nhsbsa.github.io/nhsbsa-digital-playbook/. Links to it become
	// links to files, its path is the prefix hard-coded links may carry,
	// and it is the new site's base_url. Optional: mkdocs.yml's site_url
	// and Eleventy's pathPrefix are read when it is not given.
	SiteURL string
	// PublishDrafts keeps the pages whose status is DRAFT published, as
	// the NHSBSA playbook's layouts did, rather than making them drafts.
	PublishDrafts bool
}

// UsageError is an import refused before anything was written: a bad
// folder or option.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// Run imports the site and returns the report, which it has also written
// to Dest/IMPORT.md.
func Run(ctx context.Context, opt Options) (*Report, error) {
	if opt.Dialect != Eleventy && opt.Dialect != MkDocs {
		return nil, usagef("want eleventy or mkdocs, got %q", opt.Dialect)
	}
	if err := checkFolders(opt.Src, opt.Dest); err != nil {
		return nil, err
	}
	var siteURL *url.URL
	if opt.SiteURL != "" {
		u, err := url.Parse(opt.SiteURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, usagef("--site-url %q: want the old site's address, such as https://example.github.io/kb/", opt.SiteURL)
		}
		siteURL = u
	}
	src, err := os.OpenRoot(opt.Src)
	if err != nil {
		return nil, usagef("cannot read the source folder: %v", unwrapPath(err))
	}
	defer src.Close()

	root, prefix, note := contentRoot(src, opt.Dialect)
	var cfg mkdocsSettings
	if opt.Dialect == MkDocs {
		if data, err := src.ReadFile("mkdocs.yml"); err == nil {
			cfg = mkdocsConfig(data)
		}
		if siteURL == nil && cfg.siteURL != "" {
			if u, err := url.Parse(cfg.siteURL); err == nil && u.Host != "" {
				siteURL = u
			}
		}
	}
	skip := func(string) bool { return false }
	if opt.Dialect == Eleventy {
		skip = eleventySkip
	}
	t, err := readTree(ctx, src, root, skip)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", opt.Src, err)
	}
	var s *site
	if opt.Dialect == Eleventy {
		s = readEleventy(t)
	} else {
		s = readMkDocs(t, cfg)
	}
	s.siteURL = siteURL
	s.publishDrafts = opt.PublishDrafts
	s.avoidReserved()
	s.prepare()
	switch {
	case siteURL != nil:
		s.prefix = strings.TrimSuffix(siteURL.Path, "/")
	case prefix != "":
		s.prefix = "/" + strings.Trim(prefix, "/")
	default:
		s.prefix = s.detectPrefix()
	}
	if s.prefix == "/" {
		s.prefix = ""
	}
	rep := &Report{Dialect: opt.Dialect, Src: opt.Src, Dest: opt.Dest, ContentDir: root, ContentNote: note, Files: len(s.pages)}

	files, err := s.build(ctx, rep, src, opt, cfg)
	if err != nil {
		return nil, err
	}
	rep.sort()
	files = append(files, outFile{name: "IMPORT.md", data: []byte(rep.Markdown())})
	if err := writeSite(ctx, opt.Dest, src, files); err != nil {
		return nil, err
	}
	return rep, nil
}

// outFile is a file to write, relative to the destination folder: data,
// or a file of the source folder to copy.
type outFile struct {
	name string
	data []byte
	copy string // path relative to the source folder
}

// build converts the site into the files of the new one.
func (s *site) build(ctx context.Context, rep *Report, src *os.Root, opt Options, cfg mkdocsSettings) ([]outFile, error) {
	var files []outFile
	taken := map[string]bool{}
	for _, p := range s.pages {
		if taken[p.dest] {
			old := p.dest
			p.dest = p.rel
			for k := 2; taken[p.dest]; k++ {
				p.dest = strings.TrimSuffix(p.rel, path.Ext(p.rel)) + fmt.Sprintf("-%d", k) + path.Ext(p.rel)
			}
			p.log.problem(0, groupFiles, "another page already goes to content/%s, so this one is content/%s: check which should be the landing page", old, p.dest)
		}
		taken[p.dest] = true
	}
	stats := &rep.Links
	rawHTML := 0
	for _, p := range s.pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := s.convert(p, stats)
		files = append(files, outFile{name: path.Join("content", c.dest), data: []byte(c.text)})
		rep.Pages++
		if p.landing {
			rep.Landings++
		}
		if c.draft {
			rep.Drafts++
		}
		if c.rawHTML {
			rawHTML++
		}
		rep.add(p.src, p.dest, p.log)
	}
	rep.Problems = append(rep.Problems, s.tree.log...)
	others := sortedKeys(s.tree.other)
	for rel := range s.tree.text {
		if !isMarkdown(rel) && !s.consumed[rel] {
			others = append(others, rel)
		}
	}
	sort.Strings(others)
	for _, rel := range others {
		switch {
		case s.consumed[rel]:
		case generatedFile[s.destOf(rel)]:
			rep.Problems = append(rep.Problems, Problem{File: s.tree.srcPath(rel), Group: groupFiles, Msg: "is a file signpost writes itself, so it is not copied"})
		case copyable(rel):
			dest := path.Join("content", s.destOf(rel))
			if taken[s.destOf(rel)] {
				rep.Problems = append(rep.Problems, Problem{File: s.tree.srcPath(rel), Group: groupFiles, Msg: "has the same path as a page; it is not copied"})
				continue
			}
			files = append(files, outFile{name: dest, copy: s.tree.srcPath(rel)})
			rep.Copied++
		default:
			rep.Problems = append(rep.Problems, Problem{File: s.tree.srcPath(rel), Group: groupFiles, Msg: "is a template, script or style of the old site, which signpost does not use; it is not copied"})
		}
	}
	files = append(files, outFile{name: "signpost.toml", data: []byte(s.config(rep, src, opt, cfg, rawHTML))})
	files = append(files, outFile{name: ".gitignore", data: []byte("# The build output, the record and cache builds keep beside it, and the outside-link cache.\n/public/\n/.public.signpost-*\n/.signpost-linkcache.json\n")})
	return files, nil
}

// generatedFile are the files at the top of a site that signpost writes.
var generatedFile = map[string]bool{"feed.xml": true, "sitemap.xml": true, "robots.txt": true, "404.html": true}

// config writes the new site's signpost.toml.
func (s *site) config(rep *Report, src *os.Root, opt Options, cfg mkdocsSettings, rawHTML int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Made by signpost import from the %s site in %s.\n", dialectName(s.dialect), opt.Src)
	title := cfg.siteName
	if title == "" && s.dialect == Eleventy {
		title = eleventySiteTitle(s.tree)
	}
	if title == "" {
		if home, ok := s.byDest("_index.md"); ok {
			title = home.title
		}
	}
	if title != "" {
		fmt.Fprintf(&b, "title = %s\n", quoted(title))
		rep.Config = append(rep.Config, fmt.Sprintf("`title = %s`, the old site's name", quoted(title)))
	}
	switch {
	case s.siteURL != nil:
		u := *s.siteURL
		u.Path = strings.TrimSuffix(u.Path, "/") + "/"
		u.RawQuery, u.Fragment = "", ""
		fmt.Fprintf(&b, "base_url = %s\n", quoted(u.String()))
		rep.Config = append(rep.Config, fmt.Sprintf("`base_url = %s`, where the old site was published: change it if the new one is served elsewhere", quoted(u.String())))
	case s.prefix != "":
		fmt.Fprintf(&b, "base_url = %s\n", quoted(s.prefix+"/"))
		rep.Config = append(rep.Config, fmt.Sprintf("`base_url = %s`, the path the old site was served under (its links hard-code it): change it if the new site is served elsewhere", quoted(s.prefix+"/")))
	}
	if rawHTML > 0 {
		b.WriteString("\n[markdown]\n")
		fmt.Fprintf(&b, "# %d pages hold raw HTML, as the old site allowed; signpost sanitises it.\n", rawHTML)
		b.WriteString("allow_html = true\n")
		rep.Config = append(rep.Config, fmt.Sprintf("`allow_html = true` in `[markdown]`: %d pages hold raw HTML, which the old site published; signpost sanitises it (no scripts, styles or event handlers)", rawHTML))
	}
	if n := rep.Links.missing; n > 0 {
		b.WriteString("\n[check]\n")
		fmt.Fprintf(&b, "# The old site's folder lacks the files (images, documents) that %d links and\n", n)
		b.WriteString("# images lead to, so they were not copied: IMPORT.md lists them. They are\n")
		b.WriteString("# warnings until the files are added; then delete this line, so a missing file\n")
		b.WriteString("# is an error again. Links to missing pages are errors whatever it says.\n")
		b.WriteString("missing_files = \"warning\"\n")
		rep.Config = append(rep.Config, fmt.Sprintf("`missing_files = \"warning\"` in `[check]`: the source folder lacks the files that %d links and images lead to (listed below); build and check report them as warnings until the files are added, then delete the setting so a missing file is an error again", n))
	}
	return b.String()
}

// eleventySiteTitle finds the site's name in its global data.
func eleventySiteTitle(t *tree) string {
	src := t.src
	for _, name := range []string{"siteMeta.yaml", "siteMeta.yml", "site.yaml", "site.yml", "site.json", "metadata.json", "metadata.yaml", "meta.json"} {
		data, err := src.ReadFile(path.Join(t.root, "_data", name))
		if err != nil {
			continue
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
			continue
		}
		m := mapping(doc.Content[0])
		for _, k := range []string{"productLongName", "title", "siteName", "name", "serviceName"} {
			if v := scalar(m[k]); v != "" {
				return v
			}
		}
	}
	return ""
}

var sitePathLinkRe = regexp.MustCompile(`\]\(\s*<?(/[^)\s>]*)|^ {0,3}\[[^\]]+\]:\s*<?(/[^\s>]*)`)

// detectPrefix finds the path prefix that links hard-code when a site is
// served from a subpath (GitHub Pages): a first segment that is no page or
// folder of the site, after which the rest of the link names a page.
func (s *site) detectPrefix() string {
	votes := map[string]int{}
	for _, p := range s.pages {
		for _, l := range strings.Split(p.split.body, "\n") {
			for _, m := range sitePathLinkRe.FindAllStringSubmatch(l, -1) {
				sp := m[1] + m[2]
				first, rest, ok := strings.Cut(strings.TrimPrefix(sp, "/"), "/")
				if !ok || first == "" || s.tree.dirs[first] || s.byURL["/"+first+"/"] != nil {
					continue
				}
				if t := s.atSitePath("/" + rest); t.page != nil || (t.file != "" && !t.missing) {
					votes[first]++
				}
			}
		}
	}
	best, n := "", 0
	for _, k := range sortedKeys(votes) {
		if votes[k] > n {
			best, n = k, votes[k]
		}
	}
	if best == "" {
		return ""
	}
	return "/" + best
}

// checkFolders refuses a missing source, a destination that is not empty,
// and a destination inside the source (so that the import never writes
// into the source folder).
func checkFolders(src, dest string) error {
	if src == "" || dest == "" {
		return usagef("want a source folder and a destination folder")
	}
	info, err := os.Stat(src)
	if err != nil {
		return usagef("cannot read the source folder %s: %v", src, unwrapPath(err))
	}
	if !info.IsDir() {
		return usagef("the source %s is not a folder", src)
	}
	absSrc, err := realPath(src)
	if err != nil {
		return usagef("cannot resolve %s: %v", src, err)
	}
	absDest, err := realPath(dest)
	if err != nil {
		return usagef("cannot resolve %s: %v", dest, err)
	}
	if absDest == absSrc || strings.HasPrefix(absDest, absSrc+string(filepath.Separator)) {
		return usagef("the destination %s is inside the source folder %s; the import never writes into the source: choose a folder outside it", dest, src)
	}
	if strings.HasPrefix(absSrc, absDest+string(filepath.Separator)) {
		return usagef("the source folder %s is inside the destination %s; choose an empty folder elsewhere", src, dest)
	}
	entries, err := os.ReadDir(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return usagef("cannot use the destination %s: %v", dest, unwrapPath(err))
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			return usagef("the destination %s is not empty (it holds %s); the import writes a new site into an empty folder, so it never overwrites anything", dest, e.Name())
		}
	}
	return nil
}

// realPath is the absolute path of p with every symbolic link resolved,
// for the part of it that exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	cur := abs
	for {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}

// writeSite writes the files into dest, creating it if need be. Every
// file is created exclusively through an os.Root, so nothing is
// overwritten and nothing is written outside dest.
func writeSite(ctx context.Context, dest string, src *os.Root, files []outFile) error {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", dest, err)
	}
	root, err := os.OpenRoot(dest)
	if err != nil {
		return fmt.Errorf("cannot open %s: %w", dest, err)
	}
	defer root.Close()
	made := map[string]bool{}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if dir := path.Dir(f.name); dir != "." && !made[dir] {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("writing %s: %w", filepath.Join(dest, dir), err)
			}
			made[dir] = true
		}
		if err := writeOne(root, src, f); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dest, filepath.FromSlash(f.name)), unwrapPath(err))
		}
	}
	return nil
}

func writeOne(root, src *os.Root, f outFile) (err error) {
	w, err := root.OpenFile(f.name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}()
	if f.copy == "" {
		_, err = w.Write(f.data)
		return err
	}
	r, err := src.Open(f.copy)
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(w, r)
	return err
}
