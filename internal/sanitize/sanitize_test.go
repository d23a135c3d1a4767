package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestHTML(t *testing.T) {
	// A table is put in the scroll wrapper that Markdown tables have.
	const wrapped = `<div class="nhsuk-scroll" data-module="nhsuk-scroll"><div class="nhsuk-scroll__content" data-app-label="Table 1">`
	tests := []struct{ name, in, want string }{
		// Kept.
		{"formatting", `<b>bold</b> <i>it</i> <sup>2</sup> <sub>n</sub> <kbd>Ctrl</kbd> <mark>m</mark>`, `<b>bold</b> <i>it</i> <sup>2</sup> <sub>n</sub> <kbd>Ctrl</kbd> <mark>m</mark>`},
		{"details", "<details open><summary>More</summary>\n<p>Hidden</p></details>", "<details open=\"\"><summary>More</summary>\n<p>Hidden</p></details>"},
		{"table", `<table><caption>C</caption><thead><tr><th scope="col" colspan="2">H</th></tr></thead><tbody><tr><td rowspan="1">x</td></tr></tbody></table>`, wrapped + `<table><caption>C</caption><thead><tr><th scope="col" colspan="2">H</th></tr></thead><tbody><tr><td rowspan="1">x</td></tr></tbody></table></div></div>`},
		{"br and hr", `a<br>b<br/>c<hr>`, `a<br>b<br>c<hr>`},
		{"link", `<a href="https://www.nhs.uk/" title="NHS">NHS</a>`, `<a href="https://www.nhs.uk/" title="NHS">NHS</a>`},
		{"relative link", `<a href="../x/">x</a>`, `<a href="../x/">x</a>`},
		{"mailto", `<a href="mailto:a@example.org">mail</a>`, `<a href="mailto:a@example.org">mail</a>`},
		{"image", `<img src="ward.png" alt="A ward" width="10" height="5">`, `<img src="ward.png" alt="A ward" width="10" height="5">`},
		// An image on another site becomes a link to it: pages load
		// nothing from other hosts.
		{"remote image", `<img src="https://avatars.example.com/u/1?v=4" alt="Ann <A>">`, `<a href="https://avatars.example.com/u/1?v=4">Ann &lt;A&gt; (image on avatars.example.com)</a>`},
		{"protocol-relative image", `<img src=//cdn.example.org/a.png>`, `<a href="//cdn.example.org/a.png">image on cdn.example.org</a>`},
		{"remote image in a link", `<a href="https://github.com/ann"><img src="HTTPS://x.example/a.png" alt="Ann"></a>`, `<a href="https://github.com/ann">Ann (image on x.example)</a>`},
		{"remote image, javascript: src", `<img src="javascript://x.example/%0aalert(1)" alt="A">`, `<img alt="A">`},
		{"global attributes", `<span class="x" lang="cy" dir="ltr" title="t">s</span>`, `<span class="x" lang="cy" dir="ltr" title="t">s</span>`},
		{"entities", `<p>a &amp; b &lt; c &copy;</p>`, `<p>a &amp; b &lt; c ©</p>`},
		{"lone angle bracket", `1 < 2 > 0`, `1 &lt; 2 &gt; 0`},
		{"lists", `<ol start="3" reversed><li value="3">x</li></ol><dl><dt>t</dt><dd>d</dd></dl>`, `<ol start="3" reversed=""><li value="3">x</li></ol><dl><dt>t</dt><dd>d</dd></dl>`},
		// Balanced: what the fragment opens it closes, and what it did
		// not open it does not close.
		{"unbalanced open", `<details><summary>S</summary>`, `<details><summary>S</summary></details>`},
		{"unbalanced close", `</details>`, ``},
		{"unclosed link", `<a href="https://evil.example/">click`, `<a href="https://evil.example/">click</a>`},
		{"unclosed table", `<table><tr><td>cell`, wrapped + `<table><tr><td>cell</td></tr></table></div></div>`},
		{"tables numbered, a stray end tag in one ignored", `<table><tr><td>a</div>b</table><table><tr><td>c</table>`,
			wrapped + `<table><tr><td>ab</td></tr></table></div></div>` +
				`<div class="nhsuk-scroll" data-module="nhsuk-scroll"><div class="nhsuk-scroll__content" data-app-label="Table 2"><table><tr><td>c</td></tr></table></div></div>`},
		{"a table in a scroll wrapper already", `<div class="nhsuk-scroll"><div class="x nhsuk-scroll__content"><table><tr><td>a</table></div></div>`,
			`<div class="nhsuk-scroll"><div class="x nhsuk-scroll__content"><table><tr><td>a</td></tr></table></div></div>`},
		{"nested tables", `<table><tr><td><table><tr><td>in</table>out</table>`,
			wrapped + `<table><tr><td><div class="nhsuk-scroll" data-module="nhsuk-scroll"><div class="nhsuk-scroll__content" data-app-label="Table 2"><table><tr><td>in</td></tr></table></div></div>out</td></tr></table></div></div>`},
		{"stray end tags", `</div></main></body><b>x</b></td></table>`, `<b>x</b>`},
		{"misnested", `<b><i>x</b>y</i>`, `<b><i>x</i></b>y`},
		{"implied ends", `<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl><table><tr><td>1<td>2<tr><td>3</table><p>p<div>d</div>`,
			`<ul><li>a</li><li>b</li></ul><dl><dt>t</dt><dd>d</dd></dl>` + wrapped + `<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table></div></div><p>p</p><div>d</div>`},
		{"self-closing div", `<div/>x`, `<div>x</div>`},

		// Removed with their content.
		{"script", `a<script>alert(1)</script>b`, `ab`},
		{"script upper case", `a<SCRIPT SRC=//evil.example/x.js></SCRIPT>b`, `ab`},
		{"script unclosed", `a<script>alert(1)`, `a`},
		{"script comment trick", `<script><!--</script><b>kept</b>-->`, `<b>kept</b>--&gt;`},
		{"style", `<style>body{display:none}</style>x`, `x`},
		{"iframe", `<iframe src="https://evil.example/"></iframe>x`, `x`},
		{"iframe content", `<iframe><b>no</b></iframe>x`, `x`},
		{"object", `<object data="x.swf"><param name="a" value="b"><b>fallback</b></object>x`, `x`},
		{"embed", `<embed src="x.swf">x`, `x`},
		{"nested drop", `<object><object></object><b>in</b></object>out`, `out`},
		{"svg", `<svg onload="alert(1)"><script>alert(1)</script><a href="javascript:x">x</a></svg>ok`, `ok`},
		{"math", `<math><mi xlink:href="javascript:alert(1)">x</mi></math>ok`, `ok`},
		{"template", `<template><img src=x onerror=alert(1)></template>ok`, `ok`},
		{"noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>ok`, `<img src="x">&#34;&gt;ok`}, // noscript is raw text, as in a browser with scripting on
		{"textarea", `<textarea><script>x</script></textarea>ok`, `ok`},
		{"plaintext", `ok<plaintext><script>x</script>`, `ok`},

		// Tags removed, text kept.
		{"form", `<form action="https://evil.example/"><input name="q"><b>x</b></form>`, `<b>x</b>`},
		{"unknown element", `<blink>old</blink>`, `old`},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://evil.example/">x`, `x`},
		{"base", `<base href="https://evil.example/">x`, `x`},
		{"link", `<link rel="stylesheet" href="https://evil.example/x.css">x`, `x`},
		{"comment", `a<!-- secret -->b`, `ab`},
		{"unclosed comment", `a<!-- b<script>alert(1)</script>`, `a`},
		{"doctype", `<!DOCTYPE html>x`, `x`},

		// Attributes removed.
		{"event handler", `<img src="x.png" alt="x" onerror="alert(1)" onload=alert(2)>`, `<img src="x.png" alt="x">`},
		{"event handler upper case", `<b OnClick="alert(1)">x</b>`, `<b>x</b>`},
		{"style attribute", `<p style="background:url(https://evil.example/)">x</p>`, `<p>x</p>`},
		{"id and name", `<p id="maincontent" name="x">x</p>`, `<p>x</p>`},
		{"target", `<a href="/x/" target="_blank">x</a>`, `<a href="/x/">x</a>`},
		{"duplicate attribute", `<a href="/ok/" href="javascript:alert(1)">x</a>`, `<a href="/ok/">x</a>`},
		{"srcset", `<img src="a.png" srcset="javascript:alert(1) 1x" alt="">`, `<img src="a.png" alt="">`},
		{"quote in value", `<a title='a"b' href="/x/">x</a>`, `<a title="a&#34;b" href="/x/">x</a>`},
		{"attribute breaking out", `<a title="x" "onclick"="alert(1)">x</a>`, `<a title="x">x</a>`},

		// Dangerous addresses removed.
		{"javascript", `<a href="javascript:alert(1)">x</a>`, `<a>x</a>`},
		{"javascript case", `<a href="JaVaScRiPt:alert(1)">x</a>`, `<a>x</a>`},
		{"javascript spaces", `<a href="  javascript:alert(1)">x</a>`, `<a>x</a>`},
		{"javascript tab", "<a href=\"java\tscript:alert(1)\">x</a>", `<a>x</a>`},
		{"javascript newline entity", `<a href="java&#10;script:alert(1)">x</a>`, `<a>x</a>`},
		{"javascript entities", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`, `<a>x</a>`},
		{"javascript colon entity", `<a href="javascript&colon;alert(1)">x</a>`, `<a>x</a>`},
		{"javascript percent", `<a href="%6Aavascript:alert(1)">x</a>`, `<a>x</a>`},
		{"javascript control", "<a href=\"\x01javascript:alert(1)\">x</a>", `<a>x</a>`},
		{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`, `<a>x</a>`},
		{"data image", `<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">`, `<img alt="x">`},
		{"data link", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, `<a>x</a>`},
		{"cite", `<blockquote cite="javascript:alert(1)">q</blockquote>`, `<blockquote>q</blockquote>`},
		{"colon in path", `<a href="a/b:c">x</a>`, `<a href="a/b:c">x</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Policy{}).HTML(tt.in); got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPolicyAllowSchemes(t *testing.T) {
	in := `<img src="data:image/png;base64,iVBORw0KGgo=" alt="x"><a href="javascript:go()">x</a>`
	got := Policy{AllowSchemes: []string{"data"}}.HTML(in)
	want := `<img src="data:image/png;base64,iVBORw0KGgo=" alt="x"><a>x</a>`
	if got != want {
		t.Errorf("allow data:\n got %q\nwant %q", got, want)
	}
}

func TestScheme(t *testing.T) {
	tests := []struct {
		in     string
		scheme string
		ok     bool
	}{
		{"https://www.nhs.uk/", "https", true},
		{"JavaScript:x", "javascript", true},
		{" \t\njava\r\nscript:x", "javascript", true},
		{"%64ata:text/html,x", "data", true},
		{"%2564ata:x", "data", true}, // decoded twice
		{"../a:b", "", false},
		{"/x/", "", false},
		{"#x", "", false},
		{"?q=a:b", "", false},
		{"a b:c", "ab", true}, // suspicious rather than exact: java script: is javascript:
		{"1http:x", "", false},
		{":x", "", false},
		{"", "", false},
		{"mailto:a@b", "mailto", true},
	}
	for _, tt := range tests {
		s, ok := Scheme(tt.in)
		if s != tt.scheme || ok != tt.ok {
			t.Errorf("Scheme(%q) = %q, %v; want %q, %v", tt.in, s, ok, tt.scheme, tt.ok)
		}
	}
}

// FuzzHTML checks that the output of the sanitiser, parsed as a browser
// parses it, has no element or attribute outside the allow-list, no event
// handler and no dangerous address, and that sanitising is idempotent.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		`<b>x</b>`, `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a>`, `<svg><script>x</script></svg>`,
		`<details><summary>s</summary>t</details>`, `<!-- x --><p>y`, `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
		`<table><tr><td colspan=2>x</td></tr></table>`, `<a href="&#106;avascript:x">x</a>`, `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<a href="https://evil.example/">x`, `<table><tr><td>x`, `</div></main><b>x`, `<ul><li>a<li>b`, `<p>a<table><td>b<p>c`, `<b><i>x</b>y</i>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Policy{}.HTML(in)
		if again := (Policy{}).HTML(out); again != out {
			t.Fatalf("not idempotent:\n in %q\nout %q\nagain %q", in, out, again)
		}
		checkTree(t, in, out)
		checkBalanced(t, in, out)
	})
}

// checkBalanced fails unless out is balanced, token by token (each end tag
// closes the element opened last, and every element opened is closed) and
// as a browser reads it: put between markup of the page's own, it leaves
// the page's markup as it was, neither taking what follows into one of its
// elements (an unclosed <a> or <table>) nor closing the page's elements (a
// stray </div>).
func checkBalanced(t *testing.T, in, out string) {
	t.Helper()
	var open []string
	z := html.NewTokenizer(strings.NewReader(out))
	for done := false; !done; {
		switch z.Next() {
		case html.ErrorToken:
			done = true
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); !isVoid(a) {
				open = append(open, a.String())
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				t.Fatalf("</%s> does not close the last element opened (%v) in output %q of %q", name, open, out, in)
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Fatalf("%v left open in output %q of %q", open, out, in)
	}

	page := `<!DOCTYPE html><html><body><main id="main"><div id="wrap">` + out + `<i id="last"></i></div><p id="after">footer</p></main></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	parent := map[string]string{}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "id" && n.Parent != nil {
				for _, pa := range n.Parent.Attr {
					if pa.Key == "id" {
						parent[a.Val] = pa.Val
					}
				}
				if _, ok := parent[a.Val]; !ok {
					parent[a.Val] = "<" + n.Parent.Data + ">"
				}
			}
		}
	}
	if parent["last"] != "wrap" || parent["after"] != "main" || parent["wrap"] != "main" {
		t.Fatalf("output %q of %q changes the page around it: the element after it is in %s, the page's next element in %s", out, in, parent["last"], parent["after"])
	}
}

// checkTree parses out as the body of a page and fails if anything in it
// is outside the policy.
func checkTree(t *testing.T, in, out string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatalf("parse %q: %v", out, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			extra, ok := allowed[n.DataAtom]
			if !ok || n.Namespace != "" {
				t.Fatalf("element %s (namespace %q) in output %q of %q", n.Data, n.Namespace, out, in)
			}
			for _, a := range n.Attr {
				name := strings.ToLower(a.Key)
				if strings.HasPrefix(name, "on") || name == "style" || a.Namespace != "" {
					t.Fatalf("attribute %s in output %q of %q", a.Key, out, in)
				}
				if !contains(global, name) && !contains(extra, name) {
					t.Fatalf("attribute %s on %s in output %q of %q", a.Key, n.Data, out, in)
				}
				if urlAttrs[name] && !(Policy{}).SafeURL(a.Val) {
					t.Fatalf("unsafe %s=%q in output %q of %q", name, a.Val, out, in)
				}
			}
		case html.CommentNode, html.DoctypeNode:
			t.Fatalf("comment or doctype in output %q of %q", out, in)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestDeepNesting gives the sanitiser a million nested elements: it stays
// balanced, keeps the text and the first MaxDepth elements, and (since the
// open elements are bounded) takes linear time; no timing is asserted.
func TestDeepNesting(t *testing.T) {
	in := strings.Repeat("<div><p>x", 500000) + strings.Repeat("</p></div>", 500000)
	out := Policy{}.HTML(in)
	checkBalanced(t, "(a million nested elements)", out)
	if got := strings.Count(out, "<div>"); got > MaxDepth {
		t.Errorf("%d nested elements kept; the bound is %d", got, MaxDepth)
	}
	if strings.Count(out, "x") != 500000 {
		t.Errorf("text lost")
	}
}

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name              string
		kept, withContent bool
	}{
		{"p", true, false}, {"IMG", true, false}, {"script", false, true}, {"video", false, true},
		{"center", false, false}, {"font", false, false}, {"add", false, false},
	} {
		kept, with := Element(tc.name)
		if kept != tc.kept || with != tc.withContent {
			t.Errorf("Element(%q) = %v, %v; want %v, %v", tc.name, kept, with, tc.kept, tc.withContent)
		}
		// The rules are those HTML applies.
		out := Policy{}.HTML("<" + tc.name + ">text</" + tc.name + ">")
		if got := strings.Contains(out, "<"+strings.ToLower(tc.name)); got != tc.kept {
			t.Errorf("HTML keeps <%s>: %v, Element says %v", tc.name, got, tc.kept)
		}
		if got := strings.Contains(out, "text"); got == tc.withContent {
			t.Errorf("HTML keeps the text of <%s>: %v, Element says removed with content %v", tc.name, got, tc.withContent)
		}
	}
	for _, tc := range []struct {
		el, attr string
		want     bool
	}{
		{"a", "href", true}, {"a", "target", false}, {"p", "align", false}, {"p", "class", true},
		{"td", "colspan", true}, {"td", "width", false}, {"img", "width", true}, {"div", "style", false},
		{"sup", "id", false}, {"font", "class", false},
	} {
		if got := Attribute(tc.el, tc.attr); got != tc.want {
			t.Errorf("Attribute(%q, %q) = %v, want %v", tc.el, tc.attr, got, tc.want)
		}
	}
}
