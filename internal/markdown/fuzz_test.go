package markdown

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/signpost-kb/signpost/internal/sanitize"
)

// renderers for the fuzzers: raw HTML dropped, and sanitised.
var (
	fuzzPlain = New(Options{})
	fuzzHTML  = New(Options{AllowHTML: true})
)

// unsafeMarkup returns the first thing in the HTML out that no rendered
// body may contain, read as a browser reads it: script-capable or
// page-altering elements, event handlers, inline styles (blocked by the
// CSP) and dangerous addresses.
func unsafeMarkup(out string) string {
	z := html.NewTokenizer(strings.NewReader(out))
	inIcon := false // inside one of the do and don't lists' own icons
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "svg" {
				inIcon = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw())
			name, more := z.TagName()
			switch string(name) {
			case "svg":
				// The icons of do and don't lists, exactly as written.
				if strings.HasPrefix(out[strings.Index(out, raw):], iconTick) || strings.HasPrefix(out[strings.Index(out, raw):], iconCross) {
					inIcon = true
					continue
				}
				return "<svg>"
			case "path":
				if inIcon {
					continue
				}
				return "<path>"
			case "script", "style", "iframe", "object", "embed", "math", "form", "input", "base", "meta", "link", "textarea", "template", "noscript":
				return "<" + string(name) + ">"
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				key := string(k)
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcset" {
					return key + "="
				}
				if key == "href" || key == "src" || key == "cite" {
					if s, ok := sanitize.Scheme(string(v)); ok && (s == "javascript" || s == "vbscript" || s == "data") {
						return key + "=" + string(v)
					}
				}
			}
		}
	}
}

// FuzzRender renders arbitrary bodies with every extension, with raw HTML
// off and on. Render must not panic (it turns a panic into an error, which
// fails here), the output must be safe, and the sections must lie inside
// the HTML.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nText *em* **strong** ~~del~~ `code`\n\n## Q? {#q}\n\nA.\n",
		"| a | b |\n| :- | -: |\n| 1 | 2 |\n",
		"- [x] done\n- [ ] todo\n\n1. one\n2. two\n",
		"```go\nfunc main() {}\n```\n\n    indented\n",
		"Text[^1].\n\n[^1]: Note.\n",
		"[page](../strategy/plan.md#scope) [ext](https://www.nhs.uk) [bad](javascript:alert(1)) ![img](diagram.png)\n",
		"<details><summary>S</summary>\n\nBody\n\n</details>\n\n<script>alert(1)</script>\n",
		"Inline <b onclick=\"x\">b</b> <a href=\"javascript:x\">a</a> <img src=x onerror=y>\n",
		"> ## Quoted {style=\"color:red\" onclick=\"x\"}\n",
		"[ref]\n\n[ref]: <javascript:alert(1)> \"t\"\n",
		"<https://www.nhs.uk> www.nhs.uk a@b.nhs.uk\n",
		strings.Repeat(">", 50) + " deep\n",
		"Read <a href=\"https://evil.example/\">this\n\nand this\n",
		"<table>\n<tr><td>open\n\n## Next?\n\nText\n",
		"- <div>in a list\n- </div></ul></main> stray\n\n> <table><td>quoted\n",
		"Text[^1]\n\n[^1]: <a href=x>open <b>note\n",
		// NHS.UK components.
		"> [!NOTE]\n> Inset.\n\n> [!WARNING] Keep *it* safe\n> Text.\n\n> [!DANGER]\n> Unknown.\n",
		"::: details Summary *text*\nBody\n:::\n\n::: inset\nx\n:::\n\n::: warning Heading\nx\n:::\n",
		":::: card [The plan](../strategy/plan.md)\n::: details Inner\ntext\n:::\n::::\n",
		"::: do\n- a\n- b\n:::\n\n::: dont\n- c\n\n- do not d\n:::\n\n::: do\nno list\n:::\n",
		"::: nope x\ny\n\n::: details\n```\n:::\n```\n\n:::\n",
		"- > [!TIP] t\n  > ::: card\n  > - x\n\n> ::: details s\n> body\n",
		"![Alt](diagram.png \"Caption\")\n\n![\"\"](diagram.png)\n\n![](diagram.png)\n\n[pdf](My%20File.pdf)\n",
		"| a | b |\n| - | -: |\n| 1 | 2 |\n\nTable: Caption *x*\n\nTable: before\n\n| c |\n| - |\n",
		"::: warning <b onclick=x>h</b>\n<script>x</script>\n:::\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range []*Renderer{fuzzPlain, fuzzHTML} {
			res, err := r.Render(Doc{File: "content/articles/a.md", URL: "/articles/a/", Body: []byte(src), BodyLine: 5, Resolver: testSite})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			for _, out := range []string{res.HTML, res.Footnotes} {
				if m := unsafeMarkup(out); m != "" {
					t.Fatalf("unsafe %q in output (allow HTML %v):\n%s", m, r.opt.AllowHTML, out)
				}
			}
			for _, s := range res.Sections {
				if s.HeadingStart < 0 || s.HeadingStart > s.Start || s.Start > s.End || s.End > len(res.HTML) {
					t.Fatalf("section %+v outside HTML of %d bytes", s, len(res.HTML))
				}
			}
			// The pieces a template puts in a page on their own stay
			// inside it: the body, the footnotes, and each section (an
			// interview shows each answer apart).
			pieces := []string{res.HTML, res.Footnotes}
			for _, s := range res.Sections {
				pieces = append(pieces, res.HTML[s.HeadingStart:s.End])
			}
			for _, piece := range pieces {
				if why := escapes(piece); why != "" {
					t.Fatalf("output (allow HTML %v) changes the page around it: %s\n%s", r.opt.AllowHTML, why, piece)
				}
			}
			for _, d := range res.Diags {
				if d.File != "content/articles/a.md" || d.Line < 5 {
					t.Fatalf("finding at %s:%d: %s", d.File, d.Line, d.Msg)
				}
			}
		}
	})
}

// escapes puts piece between markup of a page, as a template does, parses
// the page as a browser does and says how piece changed the markup around
// it, or returns "": an element left open takes what follows into it, a
// stray end tag closes the page's own.
func escapes(piece string) string {
	page := `<!DOCTYPE html><html><body><main id="main"><div id="wrap">` + piece + `<i id="last"></i></div><p id="after">footer</p></main></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return err.Error()
	}
	parent := map[string]string{}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key != "id" || n.Parent == nil {
				continue
			}
			parent[a.Val] = "<" + n.Parent.Data + ">"
			for _, pa := range n.Parent.Attr {
				if pa.Key == "id" {
					parent[a.Val] = pa.Val
				}
			}
		}
	}
	if parent["last"] != "wrap" || parent["after"] != "main" || parent["wrap"] != "main" {
		return "what follows it is in " + parent["last"] + " and the page's next element in " + parent["after"]
	}
	return ""
}

// href matches the destinations of rendered links and images.
var href = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// FuzzLinkDestination resolves arbitrary link destinations. Every address
// that comes out must be an outside address with a safe scheme, an anchor
// on the page, or a path under the site's base path (/kb/): never one that
// climbs out of it.
func FuzzLinkDestination(f *testing.F) {
	for _, s := range []string{
		"../strategy/plan.md#scope", "a.md", "bundle/", "diagram.png", "My%20File.pdf", "/tags/ccio/",
		"https://www.nhs.uk/", "mailto:kb@nhs.net", "#here", "../../../../etc/passwd", "/../../etc/passwd",
		"//evil.example/x", "javascript:alert(1)", "JAVA\tSCRIPT:x", "%6Aavascript:x", "data:text/html,x",
		"\\\\server\\share", "C:\\Windows\\x.md", "a.md?x=1#y", "..%2f..%2fx.md", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dest string) {
		if strings.ContainsAny(dest, "\n\r") {
			return
		}
		// Angle brackets let the destination hold spaces and parentheses.
		src := "## Here\n\n[x](<" + strings.NewReplacer("<", "", ">", "").Replace(dest) + ">) ![i](<" + strings.NewReplacer("<", "", ">", "").Replace(dest) + ">)\n"
		res, err := fuzzPlain.Render(Doc{File: "content/articles/a.md", URL: "/articles/a/", Body: []byte(src), BodyLine: 1, Resolver: testSite})
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		for _, m := range href.FindAllStringSubmatch(res.HTML, -1) {
			checkEmitted(t, dest, m[1])
		}
		for _, l := range res.Links {
			if (l.Kind == Page || l.Kind == File) && !strings.HasPrefix(l.Target, "content/") && l.Target != "content" {
				// A relative path that climbs out of the content folder
				// is only ever reported, never followed.
				if !hasFinding(res, l.Line) {
					t.Fatalf("link to %q outside the content folder (%q) not reported", dest, l.Target)
				}
			}
		}
	})
}

// checkEmitted fails unless the emitted address out is safe.
func checkEmitted(t *testing.T, dest, out string) {
	t.Helper()
	raw := strings.NewReplacer("&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(out)
	if strings.HasPrefix(raw, "#") || raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err == nil && u.Scheme != "" {
		switch strings.ToLower(u.Scheme) {
		case "javascript", "vbscript", "data":
			t.Fatalf("%q: dangerous address %q emitted", dest, out)
		}
		return
	}
	if strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, `\\`) || strings.HasPrefix(raw, `/\`) {
		// A protocol-relative address is an outside address, as written.
		return
	}
	if strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "/kb/") {
		t.Fatalf("%q: site address %q is outside the base path /kb/", dest, out)
	}
	if strings.HasPrefix(raw, "/kb/") {
		for _, seg := range strings.Split(strings.SplitN(strings.SplitN(raw, "?", 2)[0], "#", 2)[0], "/") {
			if seg == ".." {
				t.Fatalf("%q: emitted %q climbs with ..", dest, out)
			}
		}
	}
}

func hasFinding(res *Result, line int) bool {
	for _, d := range res.Diags {
		if d.Line == line {
			return true
		}
	}
	return false
}
