package markdown

import (
	"errors"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/sanitize"
)

// walker rewrites and records the links of one body, gives images their
// sizes and documents their labels, and reports the raw HTML that is not
// published.
type walker struct {
	doc       Doc
	lines     *lineIndex
	res       *Result
	ids       *ids
	policy    sanitize.Policy
	allowHTML bool
	// missingFiles is the level of a link to a missing file.
	missingFiles diag.Severity
	files        Files // nil if the resolver tells nothing of files
	images       int   // seen so far
	html         htmlReport
}

// links visits every link and image in doc: it rewrites destinations
// between files to site URLs, drops dangerous ones, and records each link.
func (w *walker) links(doc ast.Node) {
	w.files, _ = w.doc.Resolver.(Files)
	var unsafe, remote []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			before := len(w.res.Links)
			dest, ok := w.visit(n, string(n.Destination), false)
			if !ok {
				unsafe = append(unsafe, n)
				return ast.WalkSkipChildren, nil
			}
			n.Destination = []byte(dest)
			if len(w.res.Links) > before {
				w.documentLabel(n, &w.res.Links[before])
			}
		case *ast.Image:
			before := len(w.res.Links)
			dest, ok := w.visit(n, string(n.Destination), true)
			if !ok {
				unsafe = append(unsafe, n)
				return ast.WalkSkipChildren, nil
			}
			n.Destination = []byte(dest)
			if len(w.res.Links) > before {
				if w.res.Links[before].Kind == External && w.remoteImage(n, dest) {
					remote = append(remote, n)
					return ast.WalkSkipChildren, nil
				}
				w.image(n, &w.res.Links[before])
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			w.rawHTML(n)
		case *ast.AutoLink:
			dest := string(n.URL(w.doc.Body))
			if n.AutoLinkType == ast.AutoLinkEmail {
				dest = "mailto:" + dest
			}
			if !w.policy.SafeURL(dest) {
				unsafe = append(unsafe, n)
				return ast.WalkSkipChildren, nil
			}
			w.res.Links = append(w.res.Links, Link{Line: w.lines.line(n.Pos()), Dest: dest, Kind: External})
		}
		return ast.WalkContinue, nil
	})
	// Replace each dangerous link by its text, so no javascript: (or
	// vbscript:, data:) address reaches the page.
	for _, n := range unsafe {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if _, isImage := n.(*ast.Image); !isImage {
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, n, c)
				c = next
			}
		}
		parent.RemoveChild(parent, n)
		if f, ok := parent.(*Figure); ok && f.Parent() != nil {
			f.Parent().RemoveChild(f.Parent(), f) // nothing left to show
		}
	}
	for _, n := range remote {
		w.imageAsLink(n.(*ast.Image))
	}
	w.html.report(&w.res.Diags, w.doc.File)
}

// remoteImage reports an image whose address is on another site, and
// whether it is one: signpost's pages load nothing from other hosts (a
// strict Content-Security-Policy would block it, and it would tell the
// other site who reads the page), so it is published as a link to the
// image. Other schemes the policy allowed (data:) stay images.
func (w *walker) remoteImage(n *ast.Image, dest string) bool {
	host, ok := sanitize.RemoteHost(dest)
	if !ok {
		return false
	}
	w.remoteFound(w.lines.line(n.Pos()), dest, host, strings.TrimSpace(plainText(w.doc.Body, n)))
	return true
}

// remoteFound reports the image at src on host, in Markdown or raw HTML.
func (w *walker) remoteFound(line int, src, host, alt string) {
	pos := diag.Pos{File: w.doc.File, Line: line}
	w.res.Diags.Warnf(pos, diag.CodeImageRemote, "image %s: it is on another site (%s), and pages load nothing from other sites; it is published as a link to the image", truncate(src, 60), host)
	u, _ := url.Parse(src)
	w.res.Diags.Hint("save the image into the content folder beside this page and link to the file, such as ![%s](%s)", truncate(alt, 30), path.Base(u.Path))
}

// imageAsLink replaces the image n by a link to it whose text is the
// image's alt text and the host it is on: "A chart (image on example.org)".
func (w *walker) imageAsLink(n *ast.Image) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	link := ast.NewLink()
	link.Destination, link.Title = n.Destination, n.Title
	alt := strings.TrimSpace(plainText(w.doc.Body, n))
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		link.AppendChild(link, c)
		c = next
	}
	host, _ := sanitize.RemoteHost(string(n.Destination))
	label := strings.TrimPrefix(sanitize.RemoteLabel(alt, host), alt)
	link.AppendChild(link, ast.NewString([]byte(label)))
	if f, ok := parent.(*Figure); ok && f.Parent() != nil {
		// A figure of a link would be a picture frame round text: a
		// paragraph holds the link, and the caption follows it.
		p := ast.NewParagraph()
		p.AppendChild(p, link)
		if len(f.Caption) > 0 {
			p.AppendChild(p, ast.NewString(append([]byte(": "), f.Caption...)))
		}
		f.Parent().ReplaceChild(f.Parent(), f, p)
		return
	}
	parent.ReplaceChild(parent, n, link)
}

// visit resolves one destination and records the link. It returns the
// destination to emit, and false if the link must be dropped.
func (w *walker) visit(n ast.Node, dest string, image bool) (string, bool) {
	line := w.lines.line(n.Pos())
	pos := diag.Pos{File: w.doc.File, Line: line}
	if !w.policy.SafeURL(dest) {
		w.res.Diags.Warnf(pos, diag.CodeLinkUnsafe, "link to %q removed: javascript:, vbscript: and data: addresses are not published", truncate(dest, 40))
		w.res.Diags.Hint("to publish them all the same, list the scheme in markdown.allow_url_schemes in signpost.toml")
		return "", false
	}
	link := Link{Line: line, Dest: dest, Image: image}
	defer func() { w.res.Links = append(w.res.Links, link) }()

	u, err := url.Parse(dest)
	if err != nil {
		if _, ok := sanitize.Scheme(dest); ok {
			link.Kind = External // an outside address, as written
			return dest, true
		}
		// A path on this site that cannot be read: emitting it as written
		// could point anywhere.
		link.Kind = External
		w.res.Diags.Warnf(pos, diag.CodeLinkUnsafe, "link to %q removed: it is not a valid address", truncate(dest, 40))
		w.res.Diags.Hint("write %% as %%25 in addresses, and leave out control characters")
		return "", false
	}
	switch {
	case u.Scheme != "" || u.Host != "":
		link.Kind = External
		return dest, true
	case dest == "" || dest == "#":
		// No address, or "#" alone: the top of this page.
		link.Kind = Anchor
		return dest, true
	case u.Path == "" && u.Fragment != "":
		link.Kind, link.Fragment = Anchor, FragmentID(u.Fragment)
		if link.Fragment != "" && !w.ids.has(link.Fragment) {
			w.res.Diags.Errorf(pos, diag.CodeLinkMissingAnchor, "link to #%s: no heading on this page has that id", u.Fragment)
			w.res.Diags.Hint("%s", anchorHint(w.ids, u.Fragment))
		}
		return dest, true
	case strings.HasPrefix(u.Path, "/"):
		// A path from the site's root: cleaned, so that /../x cannot climb
		// above the base path.
		p := path.Clean(u.Path)
		if strings.HasSuffix(u.Path, "/") && p != "/" {
			p += "/"
		}
		link.Kind, link.Target, link.Fragment = SitePath, p, FragmentID(u.Fragment)
		return w.url(p, u), true
	}
	// A path relative to this file's folder.
	target := path.Join(path.Dir(w.doc.File), u.Path)
	link.Target, link.Fragment = target, FragmentID(u.Fragment)
	if isMarkdownPath(u.Path) {
		link.Kind = Page
	} else {
		link.Kind = File
	}
	sitePath, err := w.doc.Resolver.Lookup(target)
	if err != nil && strings.HasSuffix(u.Path, "/") {
		// A folder: a page bundle's index.md.
		if p, err2 := w.doc.Resolver.Lookup(path.Join(target, "index.md")); err2 == nil {
			sitePath, err = p, nil
		}
	}
	if err != nil {
		if link.Kind == Page {
			w.res.Diags.Errorf(pos, diag.CodeLinkMissingPage, "link to %s: %v", dest, err)
		} else {
			what := "link to"
			if image {
				what = "image"
			}
			w.missingFile(pos, "%s %s: %v", what, dest, err)
		}
		if fix := w.urlRelativeFix(u.Path); fix != "" {
			w.res.Diags.Hint("links are relative to this file, not to the page's address: write %s", fix)
		} else if _, err2 := w.doc.Resolver.Lookup(strings.TrimSuffix(target, "/") + ".md"); err2 == nil && path.Ext(target) == "" {
			w.res.Diags.Hint("a link to a page names its file, with .md: write %s.md", strings.TrimSuffix(u.Path, "/"))
		} else if fix := w.caseFix(target, u.Path); fix != "" {
			w.res.Diags.Hint("file names are spelt as they are in the folder, in lower case: write %s", fix)
		} else if !errors.Is(err, fs.ErrNotExist) {
			// The target exists but is not published; the message says why.
		} else if link.Kind == Page {
			w.res.Diags.Hint("links between pages are relative to this file, such as ../strategy/wachter-review.md")
		} else {
			w.res.Diags.Hint("put the file in the content folder, or fix the path (it is relative to this file)")
		}
		return dest, true
	}
	if strings.HasSuffix(u.Path, "/") || link.Kind == Page {
		link.Kind = Page
		if link.Target == target && !isMarkdownPath(target) {
			link.Target = path.Join(target, "index.md")
		}
	}
	return w.url(sitePath, u), true
}

// FragmentID is the heading id a URL's fragment names: the fragment,
// less a text fragment (:~:text=…), which browsers find in the text of
// any page, so that "#:~:text=…" names no id ("") and "#x:~:text=…" x.
func FragmentID(fragment string) string {
	id, _, _ := strings.Cut(fragment, ":~:")
	return id
}

// missingFile reports a link or image to a missing file at the level the
// site asks for.
func (w *walker) missingFile(pos diag.Pos, format string, args ...any) {
	if w.missingFiles != diag.Warning {
		w.res.Diags.Errorf(pos, diag.CodeLinkMissingFile, format, args...)
		return
	}
	w.res.Diags.Warnf(pos, diag.CodeLinkMissingFile, format+" (a warning, as check.missing_files in signpost.toml says)", args...)
}

// urlRelativeFix returns the file-relative link for a destination that was
// written relative to the page's published address (as some generators
// expect: "../other-page/"), or "" if it names nothing that way either.
func (w *walker) urlRelativeFix(p string) string {
	if w.doc.URL == "" {
		return ""
	}
	target := path.Join(w.doc.URL, p)
	if strings.HasSuffix(p, "/") || path.Ext(target) == "" {
		target += "/"
	}
	file, ok := w.doc.Resolver.FileAt(target)
	if !ok {
		return ""
	}
	return relPath(path.Dir(w.doc.File), file)
}

// relPath returns the slash-separated path of file relative to folder dir.
func relPath(dir, file string) string {
	from, to := strings.Split(dir, "/"), strings.Split(file, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	var parts []string
	for range from[i:] {
		parts = append(parts, "..")
	}
	return path.Join(append(parts, to[i:]...)...)
}

// url returns the emitted link for a site path, keeping the query and
// fragment of the original.
func (w *walker) url(sitePath string, u *url.URL) string {
	out := w.doc.Resolver.URL(sitePath)
	out = (&url.URL{Path: out}).EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out
}

// caseFix returns the link p (to target) written as the file it names
// when only its case is wrong, with .md added if it has no extension:
// [About us](About) for about.md. It returns "" when there is none.
func (w *walker) caseFix(target, p string) string {
	t, written := strings.TrimSuffix(target, "/"), strings.TrimSuffix(p, "/")
	base := strings.ToLower(path.Base(t))
	if path.Ext(base) == "" {
		base += ".md"
	}
	if base == path.Base(t) {
		return ""
	}
	if _, err := w.doc.Resolver.Lookup(path.Join(path.Dir(t), base)); err != nil {
		return ""
	}
	return path.Join(path.Dir(written), base)
}

func isMarkdownPath(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// AnchorHint suggests the nearest heading ids for a missing anchor.
func anchorHint(s *ids, missing string) string {
	var all []string
	for id := range s.used {
		all = append(all, id)
	}
	sort.Strings(all)
	if c := diag.Closest(missing, all); c != "" {
		return "did you mean #" + c + "?"
	}
	if len(all) == 0 {
		return "this page has no headings"
	}
	if len(all) > 8 {
		all = all[:8]
	}
	return "headings on this page: #" + strings.Join(all, ", #")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
