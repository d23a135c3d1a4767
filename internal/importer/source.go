package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
)

// maxMarkdown is the largest Markdown or data file the import reads.
const maxMarkdown = 16 << 20

// tree is the content folder of the source site, read through an os.Root
// so that no symbolic link leads the import outside the source folder.
type tree struct {
	src  *os.Root
	root string // the content folder, relative to the source folder ("" for itself)
	// text holds the Markdown and data files, by path relative to root.
	text map[string][]byte
	// other lists every other regular file, by path relative to root.
	other map[string]bool
	dirs  map[string]bool
	log   []Problem
}

// srcPath is the path of rel (relative to the content folder) relative to
// the source folder, as the report names files.
func (t *tree) srcPath(rel string) string { return path.Join(t.root, rel) }

// exists reports whether the content folder has a file at rel.
func (t *tree) exists(rel string) bool {
	_, ok := t.text[rel]
	return ok || t.other[rel]
}

// textExt are the files read as text: pages and data.
func isText(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md", ".markdown", ".json", ".yml", ".yaml":
		return true
	}
	return false
}

// readTree walks the content folder root of src, skipping the folders
// skip names (relative to root).
func readTree(ctx context.Context, src *os.Root, root string, skip func(rel string) bool) (*tree, error) {
	t := &tree{src: src, root: root, text: map[string][]byte{}, other: map[string]bool{}, dirs: map[string]bool{}}
	start := root
	if start == "" {
		start = "."
	}
	fsys := src.FS()
	err := fs.WalkDir(fsys, start, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, start), "/")
		if start == "." {
			rel = strings.TrimPrefix(p, "./")
			if p == "." {
				rel = ""
			}
		}
		if err != nil {
			if rel == "" {
				return err
			}
			t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: fmt.Sprintf("cannot be read, so it is not imported: %v", unwrapPath(err))})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "" {
			return nil
		}
		name := path.Base(rel)
		if d.IsDir() {
			if strings.HasPrefix(name, ".") || name == "node_modules" || skip(rel) {
				return fs.SkipDir
			}
			t.dirs[rel] = true
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, serr := src.Stat(p)
			switch {
			case serr != nil:
				t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: "is a symbolic link to somewhere outside the source folder (or to nothing); it is not imported"})
				return nil
			case info.IsDir():
				t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: "is a symbolic link to a folder; it is not followed: copy the folder into the new site by hand if it belongs there"})
				return nil
			case !info.Mode().IsRegular():
				t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: "is not a regular file; it is not imported"})
				return nil
			}
		} else if !mode.IsRegular() {
			t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: "is not a regular file (a pipe or device); it is not imported"})
			return nil
		}
		if name == ".DS_Store" || name == "Thumbs.db" {
			return nil
		}
		if !isText(rel) {
			if !strings.HasPrefix(name, ".") {
				t.other[rel] = true
			}
			return nil
		}
		info, err := src.Stat(p)
		if err == nil && info.Size() > maxMarkdown {
			t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: fmt.Sprintf("is larger than %d MB, so it is not imported", maxMarkdown>>20)})
			return nil
		}
		data, err := src.ReadFile(p)
		if err != nil {
			t.log = append(t.log, Problem{File: t.srcPath(rel), Group: groupFiles, Msg: fmt.Sprintf("cannot be read, so it is not imported: %v", unwrapPath(err))})
			return nil
		}
		t.text[rel] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// markdownFiles lists the Markdown files of the tree, sorted.
func (t *tree) markdownFiles() []string {
	var out []string
	for rel := range t.text {
		if isMarkdown(rel) {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

func isMarkdown(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// copyable reports whether a file that is not a page belongs in a
// signpost content folder: images, documents and other files pages link
// to, but not the old generator's templates, scripts and styles.
func copyable(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".njk", ".liquid", ".hbs", ".handlebars", ".mustache", ".ejs", ".haml", ".pug", ".jinja", ".j2",
		".js", ".cjs", ".mjs", ".ts", ".jsx", ".tsx", ".scss", ".sass", ".less", ".css", ".py", ".pyc",
		".html", ".htm", ".11ty.js", ".toml", ".lock", ".sh", ".map", ".sketch", ".ai", ".psd", ".fig":
		return false
	}
	base := path.Base(rel)
	return !strings.HasPrefix(base, ".") && base != "package.json"
}

var (
	eleventyInputRe = regexp.MustCompile(`\binput\s*:\s*["'` + "`" + `]([^"'` + "`" + `]+)["'` + "`" + `]`)
	eleventyPrefix  = regexp.MustCompile(`\bpathPrefix\s*:\s*["'` + "`" + `]([^"'` + "`" + `]+)["'` + "`" + `]`)
)

// eleventyConfigs are the names Eleventy reads its configuration from.
var eleventyConfigs = []string{".eleventy.js", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs", "eleventy.config.ts"}

// contentRoot finds the content folder of the site in src: the folder the
// generator's configuration names, else the usual one if there is one
// holding Markdown, else src itself. It also returns the path prefix the
// configuration gives, if any.
func contentRoot(src *os.Root, d Dialect) (root, prefix string, note string) {
	switch d {
	case Eleventy:
		for _, name := range eleventyConfigs {
			data, err := src.ReadFile(name)
			if err != nil {
				continue
			}
			if m := eleventyPrefix.FindSubmatch(data); m != nil {
				prefix = string(m[1])
			}
			if m := eleventyInputRe.FindSubmatch(data); m != nil {
				r := path.Clean(strings.TrimPrefix(string(m[1]), "./"))
				if isDir(src, r) {
					return cleanRoot(r), prefix, "the input folder " + name + " names"
				}
			}
		}
		for _, r := range []string{"src", "app", "content", "site", "input", "docs"} {
			if isDir(src, r) && hasMarkdown(src, r) {
				return r, prefix, "the folder holding the site's Markdown"
			}
		}
	case MkDocs:
		if data, err := src.ReadFile("mkdocs.yml"); err == nil {
			cfg := mkdocsConfig(data)
			if cfg.docsDir != "" && isDir(src, cfg.docsDir) {
				return cleanRoot(cfg.docsDir), "", "docs_dir in mkdocs.yml"
			}
		}
		if isDir(src, "docs") {
			return "docs", "", "MkDocs's docs folder"
		}
	}
	return "", prefix, "the folder given"
}

func cleanRoot(r string) string {
	if r == "." {
		return ""
	}
	return r
}

func isDir(src *os.Root, p string) bool {
	info, err := src.Stat(p)
	return err == nil && info.IsDir()
}

// hasMarkdown reports whether folder p of src holds a Markdown file.
func hasMarkdown(src *os.Root, p string) bool {
	found := false
	_ = fs.WalkDir(src.FS(), p, func(q string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if !d.IsDir() && isMarkdown(q) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}
