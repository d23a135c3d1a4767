// Package layout is the one model of a site folder's paths: which part of
// the site a path belongs to (content, theme template, theme asset,
// configuration) and which files never belong to a site (editors'
// temporary and backup files, hidden files). The watcher, the content
// loader, the theme loader, the preview loop and the build all ask it;
// none of them keeps a rule of its own.
//
// It owns path rules only: it reads no file and must not learn what a
// kind of file means to the build.
package layout

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-kb/signpost/internal/config"
)

// Kind says which part of a site a path belongs to, and so what a change
// to it can affect.
type Kind uint8

// The kinds of site paths.
const (
	// Ignored is a path the build never reads: an editor's temporary or
	// backup file, a hidden file, or anything outside the parts below
	// (the output folder, README.md, another theme).
	Ignored Kind = iota
	// Content is a file of the content folder: pages, section pages and
	// the files copied as they are.
	Content
	// Template is a file of the site's theme's templates/ folder.
	Template
	// Asset is a file of the site's theme's static/ folder.
	Asset
	// Config is the configuration file, signpost.toml.
	Config
	// Data is a file of the site's theme's data/ folder, such as the
	// search's synonyms.
	Data
)

var kindNames = [...]string{Ignored: "ignored", Content: "content", Template: "template", Asset: "asset", Config: "config", Data: "data"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Theme reports whether k is part of the theme: a template, an asset or
// a data file.
func (k Kind) Theme() bool { return k == Template || k == Asset || k == Data }

// Folders of a theme, relative to the theme's root.
const (
	TemplatesDir = "templates"
	StaticDir    = "static"
	DataDir      = "data"
)

// ThemesDir is the folder of a site's own themes, relative to its root.
const ThemesDir = "themes"

// Site is the layout of one site folder: where its content and its theme
// are. The zero value is not useful; make one with New or Of.
type Site struct {
	// ContentDir is the content folder, slash-separated and relative to
	// the site root: "content".
	ContentDir string
	// ThemeDir is the site's folder for its theme: "themes/nhs".
	ThemeDir string
}

// New returns the layout of a site whose content folder is contentDir
// (slash-separated, relative to the root; "" means "content") and whose
// theme is named theme ("" means the default theme).
func New(contentDir, theme string) Site {
	if contentDir == "" {
		contentDir = config.Default().ContentDir
	}
	if theme == "" {
		theme = config.Default().Theme
	}
	return Site{ContentDir: path.Clean(contentDir), ThemeDir: path.Join(ThemesDir, theme)}
}

// Of returns the layout a configuration gives.
func Of(cfg config.Config) Site { return New(cfg.ContentDir, cfg.Theme) }

// Classify reports the kind of the slash-separated path rel, relative to
// the site root. A folder that holds a part (the content folder itself,
// themes/nhs/templates) has that part's kind, so that a watcher can be
// given the roots of the parts.
func (s Site) Classify(rel string) Kind {
	if rel == config.FileName {
		return Config
	}
	if rest, ok := under(rel, s.ContentDir); ok {
		return kindUnless(Content, rest)
	}
	if rest, ok := under(rel, path.Join(s.ThemeDir, TemplatesDir)); ok {
		return kindUnless(Template, rest)
	}
	if rest, ok := under(rel, path.Join(s.ThemeDir, StaticDir)); ok {
		return kindUnless(Asset, rest)
	}
	if rest, ok := under(rel, path.Join(s.ThemeDir, DataDir)); ok {
		return kindUnless(Data, rest)
	}
	return Ignored
}

// kindUnless is k, or Ignored when the path rest inside the part is one
// the site never uses.
func kindUnless(k Kind, rest string) Kind {
	if Skip(rest) {
		return Ignored
	}
	return k
}

// under reports whether rel is dir or inside it, and the rest of rel.
func under(rel, dir string) (string, bool) {
	if rel == dir {
		return "", true
	}
	if rest, ok := strings.CutPrefix(rel, dir+"/"); ok {
		return rest, true
	}
	return "", false
}

// Roots returns the paths a watcher watches to see every change the build
// can see: the content folder, the theme's templates, static and data
// folders, and the configuration file, sorted.
func (s Site) Roots() []string {
	roots := []string{s.ContentDir, path.Join(s.ThemeDir, TemplatesDir), path.Join(s.ThemeDir, StaticDir), path.Join(s.ThemeDir, DataDir), config.FileName}
	slices.Sort(roots)
	return roots
}

// Change is a site path that was created, edited or removed, with its
// kind: what the watcher reports, the preview passes on and a build
// rebuilds for.
type Change struct {
	Path string // slash-separated, relative to the site root
	Kind Kind
}

// Skip reports whether the slash-separated path name (a base name or a
// relative path) is one signpost never reads or watches, wherever it meets
// it: an editor's temporary or backup file, a hidden file, or a file under
// a hidden folder. It matches, in any path element:
//
//   - dotfiles and dot-folders: .git, .DS_Store, emacs lock files .#foo,
//     hidden temporaries such as .foo.md.swp or .goutputstream-XYZ
//   - vim swap files (.swp, .swx, .swpx) and vim's write test files 4913,
//     5036, … (vim tries 4913, then steps by 123)
//   - backups ending in ~ and emacs auto-saves #foo#
//   - JetBrains safe-write files ending ___jb_tmp___ or ___jb_old___
//   - .tmp files left by write-to-temp-then-rename savers
//   - the folder caches of Windows (Thumbs.db, desktop.ini)
func Skip(name string) bool {
	for elem := range strings.SplitSeq(name, "/") {
		if SkipName(elem) {
			return true
		}
	}
	return false
}

// SkipName is Skip for one path element.
func SkipName(e string) bool {
	switch {
	case e == "" || e == ".":
		return false
	case e[0] == '.', // dotfiles, .#emacs-lock, .DS_Store, ..
		strings.HasSuffix(e, "~"),
		len(e) > 1 && e[0] == '#' && e[len(e)-1] == '#',
		strings.HasSuffix(e, "___jb_tmp___"),
		strings.HasSuffix(e, "___jb_old___"),
		strings.EqualFold(e, "Thumbs.db"),
		strings.EqualFold(e, "desktop.ini"),
		vimProbe(e):
		return true
	}
	switch strings.ToLower(path.Ext(e)) {
	case ".swp", ".swx", ".swpx", ".tmp":
		return true
	}
	return false
}

// vimProbe reports whether e is one of the files vim creates to test
// whether it may write a folder: 4913, then 4913+123, 4913+246, ….
func vimProbe(e string) bool {
	n, err := strconv.Atoi(e)
	return err == nil && e[0] != '0' && e[0] != '+' && n >= 4913 && (n-4913)%123 == 0 && n < 4913+123*1000
}
