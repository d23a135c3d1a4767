package importer

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func convert(d Dialect, src string) string {
	return joinLines(convertBody(src, 1, d, nil).lines)
}

func TestConvertBody(t *testing.T) {
	tests := []struct {
		name string
		d    Dialect
		in   string
		want string
	}{
		{"closed admonition", Eleventy,
			"!!! warning Risk assessment\nRecord it.\n\nIn the docs.\n!!!\nAfter.\n",
			"> [!WARNING] Risk assessment\n> Record it.\n>\n> In the docs.\n\nAfter.\n"},
		{"closed admonition, other type", Eleventy,
			"!!! tip\nShort.\n!!!\n",
			"> [!TIP]\n> Short.\n"},
		{"closed admonition in a blockquote", Eleventy,
			"> !!! warning Title\n> detail\n> !!!\n",
			"> > [!WARNING] Title\n> > detail\n"},
		{"card and details", Eleventy,
			"::: card\n### Heading\n\nText\n:::   \n\n::: details Show more\nHidden\n:::\n",
			"::: card\n### Heading\n\nText\n:::\n\n::: details Show more\nHidden\n:::\n"},
		{"nested container closes as markdown-it does", Eleventy,
			"::: details Outer\nA\n::: card\nB\n:::\nC\n",
			":::: details Outer\nA\n\n::: card\nB\n:::\n::::\n\nC\n"},
		{"unclosed container ends with the page", Eleventy,
			"::: card\nText\n",
			"::: card\nText\n:::\n"},
		{"stray closing fence removed", Eleventy,
			"Text\n\n:::\n",
			"Text\n"},
		{"details without summary", Eleventy,
			"::: details\nText\n:::\n",
			"::: details Details\nText\n:::\n"},
		{"tip container is inset text", Eleventy,
			"::: tip Remember\nText\n:::\n",
			"::: inset\n**Remember**\n\nText\n:::\n"},
		{"containers in code stay", Eleventy,
			"```md\n::: card\n!!! warning X\n{{ x }}\n```\n",
			"```md\n::: card\n!!! warning X\n{{ x }}\n```\n"},
		{"mkdocs admonition", MkDocs,
			"!!! note\n\n    This is a note.\n\n    Second paragraph.\n\nAfter.\n",
			"> [!NOTE]\n> This is a note.\n>\n> Second paragraph.\n\nAfter.\n"},
		{"mkdocs admonition with title and capital type", MkDocs,
			"!!! Warning \"Intended Audience\"\n    For analysts.\nAfter.\n",
			"> [!WARNING] Intended Audience\n> For analysts.\n\nAfter.\n"},
		{"mkdocs collapsible with a code block", MkDocs,
			"??? info \"Graph View\"\n\n    ```python\n    print(1)\n    ```\n",
			"::: details Graph View\n```python\nprint(1)\n```\n:::\n"},
		{"mkdocs collapsible without type", MkDocs,
			"??? \"Our Members\"\n    - Ada\n",
			"::: details Our Members\n- Ada\n:::\n"},
		{"mkdocs collapsible without title", MkDocs,
			"???+ example\n    Body\n",
			"::: details Example\nBody\n:::\n"},
		{"mkdocs nested admonition", MkDocs,
			"!!! note \"Outer\"\n    !!! tip \"Inner\"\n        Deep\n",
			"> [!NOTE] Outer\n> > [!TIP] Inner\n> > Deep\n"},
		{"mkdocs admonition in a list item", MkDocs,
			"- item\n\n    !!! note\n        Inside\n",
			"- item\n\n    > [!NOTE]\n    > Inside\n"},
		{"closed-style markers mean nothing in mkdocs", MkDocs,
			"::: card\nText\n:::\n",
			"::: card\nText\n:::\n"},
		{"definition list", Eleventy,
			"Term 1\n: Definition one\n  continued\n\nTerm 2\n: Definition two\n",
			"- **Term 1**: Definition one\n  continued\n\n- **Term 2**: Definition two\n"},
		{"definition list with attributes on the term", Eleventy,
			"__PENDING__ {.t_pending}\n: Pending release\n",
			"- __PENDING__: Pending release\n"},
		{"a colon line after a list is not a definition", Eleventy,
			"- item\n: not a definition\n",
			"- item\n: not a definition\n"},
		{"toc marker", Eleventy, "[[toc]]\n\n## A\n", "## A\n"},
		{"mkdocs hacks", MkDocs,
			"Text\n\n[comment]: <> (The below header stops the title (as mkdocs adds it))\n#\n",
			"Text\n"},
		{"more separator", MkDocs,
			"> Summary\n\n<!-- more -->\nRest\n",
			"> Summary\n\nRest\n"},
		{"attribute lists", MkDocs,
			"[Read **HERE**](https://x.org){ .md-button .md-button--primary }\n## Heading {#keep .cls}\n![a](b.png){: width=\"50%\" }\n",
			"[Read **HERE**](https://x.org)\n## Heading {#keep}\n![a](b.png)\n"},
		{"attribute list on a fence", Eleventy,
			"```md { .nhsuk-code--button }\ncode\n```\n",
			"```md\ncode\n```\n"},
		{"attribute list in code stays", MkDocs,
			"Use `{ .class }` after a link.\n",
			"Use `{ .class }` after a link.\n"},
		{"icons and emoji", MkDocs,
			"-   :material-link-variant:{ .lg .middle } __Linkage__\n[Go :octicons-arrow-right-24:](x.md) :white_check_mark: :unknown:\n",
			"-   __Linkage__\n[Go](x.md) ✅ :unknown:\n"},
		{"grid cards", MkDocs,
			"<div class=\"grid cards\" markdown>\n\n-   __A__\n\n    ---\n\n    Text\n\n</div>\n",
			"-   __A__\n\n    Text\n"},
		{"figure", MkDocs,
			"<figure markdown>\n![](../images/d.png)\n<figcaption>Figure 1: the pipeline</figcaption>\n</figure>\n",
			"![](../images/d.png \"Figure 1: the pipeline\")\n"},
		{"image then figcaption", MkDocs,
			"![Results](r.png)\n<figcaption>Two <b>bar</b> charts</figcaption>\n",
			"![Results](r.png \"Two bar charts\")\n"},
		{"nunjucks removed outside code", Eleventy,
			"A {{ page.url }} b {# note #} c {% if x %}d{% endif %}\n",
			"A  b  c d\n"},
		{"nunjucks comment spanning lines", Eleventy,
			"Before\n\n{# {% for x in y %}\n{{ x }}\n{% endfor %} #}\n\nAfter\n",
			"Before\n\nAfter\n"},
		{"nunjucks for loop removed whole", Eleventy,
			"<ul>\n{% for a in collections.x %}\n<li>{{ a.title }}</li>\n{% endfor %}\n</ul>\n\nText\n",
			"Text\n"},
		{"nunjucks in inline code stays", Eleventy,
			"Write `{{ title }}` to show the title.\n",
			"Write `{{ title }}` to show the title.\n"},
		{"nunjucks raw block", Eleventy,
			"{% raw %}Show {{ this }}{% endraw %}\n",
			"Show {{ this }}\n"},
		{"image macro", Eleventy,
			"{% from \"nhsuk/components/images/macro.njk\" import image as nhsukImage %}\n{{ nhsukImage({\n  src: \"map.png\",\n  alt: \"A map\",\n  caption: \"The \\\"journey\\\" map\"\n}) }}\n",
			"![A map](map.png 'The \"journey\" map')\n"},
		{"inset text, warning callout and details macros", Eleventy,
			"{{ insetText({ text: \"Note this.\" }) }}\n{{ warningCallout({ heading: \"Careful\", html: \"<p>Hot</p>\" }) }}\n{{ details({ summaryText: \"More\", text: \"Hidden\" }) }}\n",
			"> [!NOTE]\n> Note this.\n\n> [!WARNING] Careful\n> <p>Hot</p>\n\n::: details More\nHidden\n:::\n"},
		{"macro with a variable argument is removed", Eleventy,
			"{{ card({ href: area.url }) }}\nText\n",
			"Text\n"},
		{"unclosed template delimiters stay", Eleventy,
			"A {{ b and {% c\n",
			"A {{ b and {% c\n"},
		{"hard breaks and rules kept", Eleventy,
			"Line one  \nLine two\n\n---\n\nAfter\n",
			"Line one  \nLine two\n\n---\n\nAfter\n"},
		{"blank lines collapse", MkDocs, "\n\nA\n\n\n\nB\n\n", "A\n\nB\n"},
		{"html block of an image", MkDocs,
			"<p align=\"center\">\n  <img src=\"https://x.org/a.png\" width=700 alt=\"A team\" ></img>\n</p>\n\nText\n",
			"![A team](https://x.org/a.png)\n\nText\n"},
		{"html block of buttons", MkDocs,
			"<div style=\"text-align:center;\">\n<a href=\"https://x.org/\" class=\"md-button\" target=\"_blank\">News</a>\n<button onclick=\"go()\">Random</button>\n</div>\n",
			"[News](https://x.org/)\n"},
		{"linked image", Eleventy,
			"<center><a href=\"https://x.org/\"><img src=\"a.png\" alt=\"A\"></a></center>\n",
			"[![A](a.png)](https://x.org/)\n"},
		{"attributes signpost does not publish", MkDocs,
			"<table id=\"t\"><tr><td align=\"left\" colspan=\"2\">x</td></tr></table>\n\nA <a href=\"https://x.org\" target='_blank'>link</a>.\n",
			"<table><tr><td colspan=\"2\">x</td></tr></table>\n\nA <a href=\"https://x.org\">link</a>.\n"},
		{"scripts and styles go with their content", Eleventy,
			"<script>\nvar a = 1;\n\nrun();\n</script>\n\n<style>p { color: red }</style>\nText <font color=red>red</font>\n",
			"Text red\n"},
		{"a video becomes a link", Eleventy,
			"<video src=\"https://x.org/v.mp4\" controls muted></video>\n",
			"[Watch the video (MP4)](https://x.org/v.mp4)\n"},
		{"links mended", Eleventy,
			"[a](https://x.org/a ) [b]((https://x.org/b)) [c](PUT LINK HERE) [d](<a b.md>) `[e](f g)`\n",
			"[a](https://x.org/a) [b](https://x.org/b) [c]\\(PUT LINK HERE) [d](<a b.md>) `[e](f g)`\n"},
		{"html in code stays", Eleventy,
			"```html\n<script>x</script>\n```\n\n`<font>`\n",
			"```html\n<script>x</script>\n```\n\n`<font>`\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := convert(tc.d, tc.in); got != tc.want {
				t.Errorf("convert(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestConvertBodyReports checks that what is removed is listed with its
// line.
func TestConvertBodyReports(t *testing.T) {
	b := convertBody("Intro\n\n{{ schedule.table('node') }}\n\n::: oddity\nX\n:::\n", 10, Eleventy, nil)
	var got []string
	for _, p := range b.log.problems {
		got = append(got, p.String())
	}
	want := []string{
		":12: removed `{{ schedule.table('node') }}`",
		":14: ::: oddity is not a signpost container",
	}
	if len(got) != len(want) {
		t.Fatalf("problems = %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("problem %d = %q, want it to contain %q", i, got[i], want[i])
		}
	}
}

// linkTable is a linker that rewrites the destinations it knows.
type linkTable map[string]string

func (lt linkTable) link(dest string, image bool, n int, log *fileLog) (string, bool) {
	if nd, ok := lt[dest]; ok {
		return nd, true
	}
	return dest, false
}

func TestLinks(t *testing.T) {
	lk := linkTable{"../x/": "x.md", "/a b/": "a b.md", "img.png": "../img.png", "<../x/>": "wrong"}
	tests := []struct{ in, want string }{
		{"[x](../x/) and [y](../x/ \"title\")", "[x](x.md) and [y](x.md \"title\")"},
		{"[![alt](img.png)](../x/)", "[![alt](../img.png)](x.md)"},
		{"[x](<../x/>)", "[x](x.md)"},
		{"[ref]: <../x/>", "[ref]: x.md"},
		{"[ref]: ../x/ \"T\"", "[ref]: x.md \"T\""},
		{"`[x](../x/)` in code", "`[x](../x/)` in code"},
		{"[bad]([x](../x/))", "[bad]([x](x.md))"},
		{"[s](/a b/)", `[s]\(/a b/)`},
		{"[s](</a b/>)", "[s](<a b.md>)"},
		{`\[x](../x/)`, `\[x](../x/)`},
	}
	for _, tc := range tests {
		b := convertBody(tc.in, 1, Eleventy, lk)
		if got := strings.TrimSuffix(joinLines(b.lines), "\n"); got != tc.want {
			t.Errorf("links in %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitMatter(t *testing.T) {
	tests := []struct {
		name, in     string
		has          bool
		matter, body string
		bodyLine     int
		wantErr      bool
	}{
		{"plain", "---\ntitle: A\n---\nBody\n", true, "title: A\n", "Body\n", 4, false},
		{"no newline after the closing fence", "---\ntitle: A\n---", true, "title: A\n", "", 4, false},
		{"trailing spaces on fences", "---  \ntitle: A\n--- \nBody", true, "title: A\n", "Body", 4, false},
		{"CRLF and BOM", "\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n", true, "title: A\n", "Body\n", 4, false},
		{"no front matter", "# Title\n", false, "", "# Title\n", 1, false},
		{"a rule later is not front matter", "Text\n\n---\n\nMore\n", false, "", "Text\n\n---\n\nMore\n", 1, false},
		{"unclosed", "---\ntitle: A\n", false, "", "---\ntitle: A\n", 1, true},
		{"empty", "---\n---\n", true, "", "", 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := splitMatter([]byte(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if s.has != tc.has || s.matter != tc.matter || s.body != tc.body || s.bodyLine != tc.bodyLine {
				t.Errorf("split = %+v", s)
			}
		})
	}
}

func TestAddCycle(t *testing.T) {
	base := time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		cycle string
		want  string
		ok    bool
	}{
		{"", "2025-12-20", true},
		{"ANNUAL", "2025-12-20", true},
		{"annual ", "2025-12-20", true},
		{"QUARTERLY", "2025-03-20", true},
		{"{month: 3}", "2025-03-20", true},
		{"{months: 6}", "2025-06-20", true},
		{"{years: 2}", "2026-12-20", true},
		{"{weeks: 2}", "2025-01-03", true},
		{"SOMETIMES", "", false},
		{"{fortnights: 1}", "", false},
	}
	for _, tc := range tests {
		var n *yaml.Node
		if tc.cycle != "" {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tc.cycle), &doc); err != nil {
				t.Fatal(err)
			}
			n = doc.Content[0]
		}
		got, ok := addCycle(base, n)
		if ok != tc.ok || (ok && got.Format(time.DateOnly) != tc.want) {
			t.Errorf("addCycle(%q) = %s, %v; want %s, %v", tc.cycle, got.Format(time.DateOnly), ok, tc.want, tc.ok)
		}
	}
}

func TestAnchors(t *testing.T) {
	body := "# Title\n\n## Using GitHub in a browser\n\n## 6.4 Model Comparison\n\n## What's new?\n\n## Repeat\n\n## Repeat\n\n## Named {#custom}\n"
	a := anchorsOf(body, Eleventy)
	tests := []struct{ frag, want string }{
		{"using-git-hub-in-a-browser", "using-github-in-a-browser"},
		{"using-github-in-a-browser", "using-github-in-a-browser"},
		{"64-model-comparison", "6-4-model-comparison"},
		{"6.4-model-comparison", "6-4-model-comparison"},
		{"what's-new%3F", "whats-new"},
		{"whats-new", "whats-new"},
		{"repeat-1", "repeat-1"},
		{"repeat_1", "repeat-1"},
		{"custom", "custom"},
	}
	for _, tc := range tests {
		got, ok := a.resolve(tc.frag)
		if !ok || got != tc.want {
			t.Errorf("resolve(%q) = %q, %v; want %q", tc.frag, got, ok, tc.want)
		}
	}
	if _, ok := a.resolve("title"); ok {
		t.Error("the title's heading is not in the body, so #title resolves to nothing")
	}
}

func TestQuotedYAML(t *testing.T) {
	for _, s := range []string{"plain", "a: b", "yes", "2024-01-01", "it's \"x\"", "back\\slash", "tab\there", " lead", "#hash", "- dash", "café – “x”", "null", "1.0", "[x]"} {
		for _, enc := range []string{quoted(s), quotedIfNeeded(s), flowList([]string{s})} {
			var v any
			if err := yaml.Unmarshal([]byte("k: "+enc), &v); err != nil {
				t.Errorf("%q written as %s: %v", s, enc, err)
				continue
			}
			got := v.(map[string]any)["k"]
			if l, ok := got.([]any); ok && len(l) == 1 {
				got = l[0]
			}
			if got != s {
				t.Errorf("%q written as %s reads back as %#v", s, enc, got)
			}
		}
	}
}
