package watch

import (
	"path"
	"strconv"
	"strings"
)

// Kind says which part of a site a path belongs to, and so what a change to
// it can affect.
type Kind uint8

// The kinds of site paths.
const (
	Content Kind = iota + 1 // content/: pages
	Theme                   // themes/: templates and theme assets
	Config                  // signpost.toml
	Static                  // static/: files copied as they are
)

var kindNames = [...]string{Content: "content", Theme: "theme", Config: "config", Static: "static"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Classify reports the kind of the slash-separated path rel, relative to the
// site root: content/…, themes/…, static/… or signpost.toml. It reports
// false for anything else. The roots themselves ("content") classify too, so
// that a watched root can be named on its own.
func Classify(rel string) (Kind, bool) { return ClassifyIn(rel, "content") }

// ClassifyIn is Classify for a site whose content folder is contentDir (a
// slash-separated path relative to the root, from content_dir).
func ClassifyIn(rel, contentDir string) (Kind, bool) {
	if rel == contentDir || strings.HasPrefix(rel, contentDir+"/") {
		return Content, true
	}
	top, _, _ := strings.Cut(rel, "/")
	switch top {
	case "themes":
		return Theme, true
	case "static":
		return Static, true
	case "signpost.toml":
		if top == rel {
			return Config, true
		}
	}
	return 0, false
}

// Ignored reports whether the slash-separated path name (a base name or a
// relative path) is an editor's temporary or backup file, or lies under a
// dot-directory, and so never belongs to a site. It matches, in any path
// element:
//
//   - dotfiles and dot-directories: .git, .DS_Store, emacs lock files .#foo,
//     hidden temporaries such as .foo.md.swp or .goutputstream-XYZ
//   - vim swap files (.swp, .swx, .swpx) and vim's write test files 4913,
//     5036, … (vim tries 4913, then steps by 123)
//   - backups ending in ~ and emacs auto-saves #foo#
//   - JetBrains safe-write files ending ___jb_tmp___ or ___jb_old___
//   - .tmp files left by write-to-temp-then-rename savers
func Ignored(name string) bool {
	for elem := range strings.SplitSeq(name, "/") {
		if ignoredElem(elem) {
			return true
		}
	}
	return false
}

func ignoredElem(e string) bool {
	switch {
	case e == "" || e == ".":
		return false
	case e[0] == '.', // dotfiles, .#emacs-lock, .DS_Store, ..
		strings.HasSuffix(e, "~"),
		len(e) > 1 && e[0] == '#' && e[len(e)-1] == '#',
		strings.HasSuffix(e, "___jb_tmp___"),
		strings.HasSuffix(e, "___jb_old___"),
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
// whether it may write a directory: 4913, then 4913+123, 4913+246, ….
func vimProbe(e string) bool {
	n, err := strconv.Atoi(e)
	return err == nil && e[0] != '0' && e[0] != '+' && n >= 4913 && (n-4913)%123 == 0 && n < 4913+123*1000
}
