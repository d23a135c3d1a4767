// Package markdown renders page bodies: one goldmark instance, configured
// once and shared by every worker, with GitHub Flavored Markdown,
// footnotes, typographic quotes, stable heading ids, Chroma highlighting
// with CSS classes, and link rewriting. Besides HTML it returns what the
// rest of the build needs from a body: its headings, its sections (the
// questions and answers of an interview), its plain text for search, and
// the links it makes, for checking.
//
// It owns Markdown syntax and the HTML made from it. It must not read
// files or look pages up itself: a Resolver the build gives it answers
// where a link leads.
package markdown

import (
	"bytes"
	"fmt"
	"html"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/sanitize"
)

// Options configures a Renderer. The zero value is safe: raw HTML is
// dropped and code uses the default accessible style.
type Options struct {
	// AllowHTML passes raw HTML in Markdown through the sanitiser
	// (internal/sanitize) instead of dropping it.
	AllowHTML bool
	// AllowURLSchemes lists the URL schemes, of javascript, vbscript and
	// data, that links, images and raw HTML may use all the same. By
	// default all three are removed.
	AllowURLSchemes []string
	// HighlightStyle names a Chroma style; "" means DefaultStyle.
	HighlightStyle string
	// MissingFiles is the level of a link or image to a file (not a
	// page) that is not there: diag.Error, the zero value, or
	// diag.Warning, as signpost.toml's check.missing_files says.
	MissingFiles diag.Severity
}

// Renderer renders Markdown. It is safe for concurrent use; build one per
// build and share it.
type Renderer struct {
	md     goldmark.Markdown
	code   *highlighter
	opt    Options
	policy sanitize.Policy
	pool   sync.Pool // *bytes.Buffer
}

// New returns a Renderer configured by opt.
func New(opt Options) *Renderer {
	r := &Renderer{code: newHighlighter(opt.HighlightStyle), opt: opt}
	for _, s := range opt.AllowURLSchemes {
		r.policy.AllowSchemes = append(r.policy.AllowSchemes, strings.ToLower(s))
	}
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(
			util.Prioritized(r.code, 100),
			util.Prioritized(blocks{}, 100),
			// Raw HTML is dropped, or sanitised when allowed, whatever
			// goldmark's own setting.
			util.Prioritized(rawHTML{allow: opt.AllowHTML, policy: r.policy}, 100),
			util.Prioritized(fileLabelRenderer{}, 100),
		),
	}
	if len(r.policy.AllowSchemes) > 0 {
		// goldmark blanks javascript: and most data: addresses itself;
		// the link walker does the same unless the site allows them.
		rendererOpts = append(rendererOpts, gmhtml.WithUnsafe())
	}
	r.md = goldmark.New(
		goldmark.WithExtensions(
			// GitHub Flavored Markdown, with table alignment left to the
			// tidy transformer.
			linkify{},
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			// Footnotes, with the theme's classes (app-).
			extension.NewFootnote(extension.WithFootnoteLinkClass("app-footnote-ref"), extension.WithFootnoteBacklinkClass("app-footnote-backref")),
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
			// NHS.UK components.
			Alerts{},
			Containers{},
			Figures{},
			Tables{},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(tidy{}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	r.pool.New = func() any { return new(bytes.Buffer) }
	return r
}

// typography writes typographic punctuation as characters rather than
// HTML entities, so the plain text used by search needs no decoding.
var typography = extension.TypographicSubstitutions{
	extension.LeftSingleQuote:  []byte("‘"),
	extension.RightSingleQuote: []byte("’"),
	extension.LeftDoubleQuote:  []byte("“"),
	extension.RightDoubleQuote: []byte("”"),
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.LeftAngleQuote:   []byte("«"),
	extension.RightAngleQuote:  []byte("»"),
	extension.Apostrophe:       []byte("’"),
}

// CodeCSS returns the stylesheet for highlighted code.
func (r *Renderer) CodeCSS() []byte { return r.code.css() }

// Heading is a heading of a page.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Section is a part of a body: the introduction before the first heading
// (Level 0), or a second- or third-level heading and what follows it up to
// the next one. An interview's questions are its level-2 sections.
type Section struct {
	Level int
	ID    string
	// Heading is the heading's plain text; HeadingHTML its inner HTML.
	Heading     string
	HeadingHTML string
	// Text is the plain text of the section's body, for search.
	Text string
	// HeadingStart, Start and End locate the section in Result.HTML: the
	// heading starts at HeadingStart, and the body after it is
	// HTML[Start:End]. For the introduction HeadingStart == Start == 0.
	HeadingStart, Start, End int
}

// LinkKind says where a link points.
type LinkKind uint8

// Link kinds.
const (
	External LinkKind = iota // another site: https://, mailto:, …
	Anchor                   // a heading on the same page: #x
	Page                     // another page, by its Markdown file
	File                     // a file in the content folder
	SitePath                 // a root-relative address on this site: /articles/x/
)

// Link is a link or image a body makes.
type Link struct {
	Line  int      // line in the page's file
	Dest  string   // as written
	Kind  LinkKind // what it points at
	Image bool     // an image rather than a link
	// NoAlt marks an image with no alt text that is not marked decorative
	// (![""](x.png)): check reports it.
	NoAlt bool
	// Target is the page or file path (content/articles/x.md) for Page and
	// File links, and the site path (/articles/x/) for SitePath links.
	Target string
	// Fragment is the id the #anchor names, without the hash, if any: a
	// text fragment (#:~:text=…) is left out (see FragmentID).
	Fragment string
}

// Result is a rendered body.
type Result struct {
	// HTML is the body, without its footnotes.
	HTML string
	// Footnotes is the footnote list, if the body has footnotes.
	Footnotes string
	// Headings lists every heading, nested ones included, in order.
	Headings []Heading
	// Sections cut HTML at its top-level second- and third-level headings.
	Sections []Section
	// Links lists every link and image, in order.
	Links []Link
	// Diags holds the findings in the body: missing same-page anchors,
	// links to missing pages, dropped dangerous links.
	Diags diag.List
}

// SectionHTML returns the body HTML of section i.
func (r *Result) SectionHTML(i int) string {
	s := r.Sections[i]
	return r.HTML[s.Start:s.End]
}

// Resolver maps links between files to URLs. The build implements it over
// the whole site. A Resolver that also implements Files gives images their
// sizes and links to documents their labels.
type Resolver interface {
	// Lookup returns the site path ("/articles/x/") of the page or file at
	// the slash-separated path file ("content/articles/x.md"), or an error
	// that says why the link cannot be followed: one that is
	// fs.ErrNotExist when there is no such file ("there is no page
	// content/articles/x.md"), another when it is not published.
	Lookup(file string) (sitePath string, err error)
	// FileAt returns the file of the page or content file published at a
	// site path, to suggest a fix for a link written relative to the
	// page's address rather than its file.
	FileAt(sitePath string) (file string, ok bool)
	// URL returns the link for a site path under the site's base path.
	URL(sitePath string) string
}

// Doc is a body to render.
type Doc struct {
	File     string // the page's file: "content/articles/x.md"
	URL      string // the page's site path, "/articles/x/", if it has one
	Body     []byte
	BodyLine int // the file line the body starts on
	Resolver Resolver
	// TakenID, when set, reports the ids the page's template uses besides
	// the body's, which no heading may take (render.Theme.TakesID).
	TakenID func(id string) bool
}

// Render renders d.
func (r *Renderer) Render(d Doc) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("%s: rendering the Markdown failed: %v", d.File, p)
		}
	}()
	if e := checkShape(d.Body); e != nil {
		res = &Result{}
		res.Diags.Errorf(diag.Pos{File: d.File, Line: max(d.BodyLine, 1) + e.line - 1}, diag.CodeMarkdownTooComplex, "%s", e.msg)
		res.Diags.Hint("%s", e.hint)
		return res, nil
	}
	doc, ids, found := r.parse(d.Body, false, d.TakenID)
	if found.unclosed > 0 {
		// Perhaps written for markdown-it-container, where a closing
		// fence closes the outermost container it can, and the ones
		// inside it with it.
		if doc2, ids2, found2 := r.parse(d.Body, true, d.TakenID); found2.unclosed < found.unclosed {
			doc, ids, found = doc2, ids2, found2
		}
	}

	res = &Result{}
	lines := newLineIndex(d.Body, d.BodyLine)
	ids.assignIDs(doc, d.Body, lines, d.File, &res.Diags)
	if r.opt.AllowHTML {
		balanceRaw(doc, d.Body, r.policy)
	}
	lines = newLineIndex(d.Body, d.BodyLine)
	// The components' findings, in the order of the body.
	sort.SliceStable(found.list, func(i, j int) bool { return found.list[i].off < found.list[j].off })
	for _, f := range found.list {
		res.Diags.Warnf(diag.Pos{File: d.File, Line: lines.line(f.off)}, f.code, "%s", f.msg)
		res.Diags.Hint("%s", f.hint)
	}
	lines = newLineIndex(d.Body, d.BodyLine)
	w := &walker{doc: d, lines: lines, res: res, ids: ids, policy: r.policy, allowHTML: r.opt.AllowHTML, missingFiles: r.opt.MissingFiles}
	w.links(doc)
	res.Diags.Sort()

	buf := r.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.pool.Put(buf)
	if err := r.renderSections(buf, d.Body, doc, res); err != nil {
		return nil, fmt.Errorf("%s: rendering the Markdown failed: %w", d.File, err)
	}
	return res, nil
}

// parse parses body. With outermost, a closing ::: fence closes the
// outermost open container it is long enough for, as markdown-it-container
// reads it, rather than the innermost, as pandoc does.
func (r *Renderer) parse(body []byte, outermost bool, takenID func(string) bool) (ast.Node, *ids, *findings) {
	ids := newIDs(takenID)
	pc := parser.NewContext(parser.WithIDs(ids))
	found := &findings{}
	pc.Set(findingsKey, found)
	if outermost {
		pc.Set(outermostKey, true)
	}
	doc := r.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	return doc, ids, found
}

// renderSections renders doc's top-level blocks one by one into buf,
// cutting sections at second- and third-level headings, and sets res's
// HTML, Footnotes, Headings and Sections.
func (r *Renderer) renderSections(buf *bytes.Buffer, src []byte, doc ast.Node, res *Result) error {
	gm := r.md.Renderer()
	cur := Section{}
	// One buffer gathers each section's text in turn; each section keeps an
	// exact-size copy, not a builder's spare capacity, since the texts of
	// every page are held until the search index is built.
	var text bytes.Buffer
	flush := func() {
		cur.End = buf.Len()
		cur.Text = string(bytes.TrimSpace(text.Bytes()))
		text.Reset()
		if cur.Level > 0 || cur.End > cur.Start || cur.Text != "" {
			res.Sections = append(res.Sections, cur)
		}
	}
	var footnotes ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			id := headingID(n)
			inner, err := r.renderInline(gm, src, n)
			if err != nil {
				return err
			}
			plain := plainText(src, n)
			res.Headings = append(res.Headings, Heading{Level: n.Level, ID: id, Text: plain})
			if n.Level <= 3 {
				flush()
				cur = Section{Level: n.Level, ID: id, Heading: plain, HeadingHTML: inner, HeadingStart: buf.Len()}
			}
			fmt.Fprintf(buf, "<h%d id=\"%s\">%s</h%d>\n", n.Level, html.EscapeString(id), inner, n.Level)
			if n.Level <= 3 {
				cur.Start = buf.Len()
			}
			continue
		case *east.FootnoteList:
			// Footnotes belong to the whole page, not to its last section.
			footnotes = n
			continue
		default:
			collectHeadings(src, n, res)
			if err := gm.Render(bufWriter{buf}, src, n); err != nil {
				return err
			}
		}
		appendText(&text, src, n)
	}
	flush()
	res.HTML = buf.String()
	if footnotes != nil {
		buf.Reset()
		if err := gm.Render(bufWriter{buf}, src, footnotes); err != nil {
			return err
		}
		// goldmark's footnote list has a class of its own, not the
		// theme's app- class: the list is rendered here alone, so its
		// opening tag is always the first thing written.
		res.Footnotes = strings.Replace(buf.String(), `<div class="footnotes"`, `<div class="app-footnotes"`, 1)
	}
	return nil
}

// bufWriter lets goldmark write straight into a bytes.Buffer. goldmark
// wraps any writer that is not a util.BufWriter in a new 4 KB bufio.Writer
// on every call, and a body is rendered block by block: for a long page
// those buffers were most of the memory a render allocated.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// renderInline renders the children of a block (a heading's text).
func (r *Renderer) renderInline(gm renderer.Renderer, src []byte, n ast.Node) (string, error) {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := gm.Render(bufWriter{&b}, src, c); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// collectHeadings records headings nested inside n (in lists or quotes).
func collectHeadings(src []byte, n ast.Node, res *Result) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := c.(*ast.Heading); ok && entering {
			res.Headings = append(res.Headings, Heading{Level: h.Level, ID: headingID(h), Text: plainText(src, h)})
		}
		return ast.WalkContinue, nil
	})
}

func headingID(h *ast.Heading) string {
	if v, ok := h.AttributeString("id"); ok {
		switch v := v.(type) {
		case []byte:
			return string(v)
		case string:
			return v
		}
	}
	return ""
}
