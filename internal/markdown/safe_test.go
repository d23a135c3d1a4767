package markdown

import (
	"strings"
	"testing"
)

// TestRawHTML checks raw HTML: dropped by default, sanitised when the site
// allows it, in blocks and inline alike.
func TestRawHTML(t *testing.T) {
	src := strings.Join([]string{
		"<details>",
		"<summary>More about the <abbr title=\"Electronic patient record\">EPR</abbr></summary>",
		"",
		"Hidden *Markdown*.",
		"",
		"</details>",
		"",
		"<script>",
		"alert('block')",
		"</script>",
		"",
		"<iframe src=\"https://evil.example/\"></iframe>",
		"",
		"<style>body { display: none }</style>",
		"",
		"<div onclick=\"alert('div')\" style=\"color:red\"><table><tr><td>Cell</td></tr></table></div>",
		"",
		"| Markdown |",
		"| --- |",
		"| table |",
		"",
		"Inline <b onmouseover=\"alert('b')\">bold</b>, H<sub>2</sub>O, x<sup>2</sup>,",
		"a line<br>break, <a href=\"javascript:alert('a')\">bad link</a>,",
		"<img src=\"x.png\" alt=\"X\" onerror=\"alert('img')\">,",
		"<a href=\"https://www.nhs.uk/\">good link</a> and <script>alert('inline')</script>.",
		"",
		"<object data=\"x.swf\"></object><embed src=\"y.swf\">",
		"",
	}, "\n")
	// An inline <script>'s content is Markdown text between two raw tags,
	// so it shows as (escaped) text; a block's is removed with it.
	never := []string{"<script", "alert('block')", "alert(‘block’)", "<iframe", "<style", "onclick", "onmouseover", "onerror", "style=", "javascript:", "<object", "<embed", "display: none"}

	t.Run("off by default", func(t *testing.T) {
		html := render(t, New(Options{}), src).HTML
		for _, n := range append(never, "<details", "<summary", "<abbr", "<sub>", "<b>", "<br>", "<img", "<table>") {
			if strings.Contains(html, n) {
				t.Errorf("raw HTML %q kept:\n%s", n, html)
			}
		}
		for _, w := range []string{"<em>Markdown</em>", "bold", "bad link", "good link"} {
			if !strings.Contains(html, w) {
				t.Errorf("missing text %q:\n%s", w, html)
			}
		}
	})

	t.Run("sanitised when allowed", func(t *testing.T) {
		html := render(t, New(Options{AllowHTML: true}), src).HTML
		for _, n := range never {
			if strings.Contains(html, n) {
				t.Errorf("unsafe %q kept:\n%s", n, html)
			}
		}
		for _, w := range []string{
			"<details>", `<summary>More about the <abbr title="Electronic patient record">EPR</abbr></summary>`,
			"<em>Markdown</em>", "</details>", `<div><div class="nhsuk-scroll" data-module="nhsuk-scroll"><div class="nhsuk-scroll__content" data-app-label="Table 1"><table><tr><td>Cell</td></tr></table></div></div></div>`,
			// Raw and Markdown tables are numbered in one sequence.
			`<div class="nhsuk-scroll__content" data-app-label="Table 2">` + "\n" + `<table class="nhsuk-table">`,
			"<b>bold</b>", "H<sub>2</sub>O", "x<sup>2</sup>", "a line<br>break", "<a>bad link</a>",
			`<img src="x.png" alt="X">`, `<a href="https://www.nhs.uk/">good link</a>`,
		} {
			if !strings.Contains(html, w) {
				t.Errorf("missing %q:\n%s", w, html)
			}
		}
	})
}

// TestAllowURLSchemes checks that a site can publish data: (or other
// normally removed) addresses only by naming the scheme.
func TestAllowURLSchemes(t *testing.T) {
	src := "![dot](data:image/png;base64,iVBORw0KGgo=) [js](javascript:go())\n\n<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"raw\">\n"
	html := render(t, New(Options{AllowHTML: true}), src).HTML
	if strings.Contains(html, "data:") || strings.Contains(html, "javascript:") {
		t.Errorf("removed schemes published by default:\n%s", html)
	}
	html = render(t, New(Options{AllowHTML: true, AllowURLSchemes: []string{"DATA"}}), src).HTML
	if strings.Count(html, `src="data:image/png;base64,iVBORw0KGgo="`) != 2 {
		t.Errorf("allowed data: images not published:\n%s", html)
	}
	if strings.Contains(html, "javascript:") {
		t.Errorf("javascript: published though only data: is allowed:\n%s", html)
	}
}

// TestCSPSafeOutput checks that Markdown features never produce inline
// styles or event handlers, which the Content-Security-Policy blocks, and
// that headings keep only an id and classes of their {attributes}.
func TestCSPSafeOutput(t *testing.T) {
	src := strings.Join([]string{
		"| left | centre | right | none |",
		"| :--- | :----: | ----: | ---- |",
		"| a | b | c | d |",
		"",
		"> ## Quoted heading {#q .big style=\"color:red\" onclick=\"alert(1)\" tabindex=\"1\"}",
		"",
		"## Top heading {style=\"color:red\"}",
		"",
		"    indented <code>",
		"",
	}, "\n")
	html := render(t, New(Options{}), src).HTML
	for _, n := range []string{"style=", "onclick", "tabindex=\"1\"", "align="} {
		if strings.Contains(html, n) {
			t.Errorf("unexpected %q in:\n%s", n, html)
		}
	}
	for _, w := range []string{
		`<th class="nhsuk-table__header nhsuk-u-text-align-left" scope="col">left</th>`,
		`<th class="nhsuk-table__header nhsuk-u-text-align-centre" scope="col">centre</th>`,
		`<td class="nhsuk-table__cell nhsuk-u-text-align-right">c</td>`, `<td class="nhsuk-table__cell">d</td>`,
		`<h2 id="q" class="big">Quoted heading</h2>`, `<h2 id="top-heading">Top heading</h2>`,
		`<div class="nhsuk-code" data-module="nhsuk-code"><pre class="nhsuk-code__container"><code class="nhsuk-code__content" data-app-label="Code">indented &lt;code&gt;`,
	} {
		if !strings.Contains(html, w) {
			t.Errorf("missing %q in:\n%s", w, html)
		}
	}
}
