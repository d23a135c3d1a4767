package importer

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

// FuzzConvertBody checks the Markdown converters on any input: they never
// panic; they lose no word of the text except in what they report having
// removed (template code, syntax markers, attribute lists, link
// addresses they rewrote); and converting their output again changes
// nothing.
func FuzzConvertBody(f *testing.F) {
	for _, name := range []string{"eleventy-design-history", "eleventy-playbook", "mkdocs-material"} {
		ar, err := txtar.ParseFile(filepath.Join("testdata", "sites", name+".txtar"))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if isMarkdown(file.Name) {
				sp, _ := splitMatter(file.Data)
				f.Add(sp.body, strings.HasPrefix(name, "mkdocs"))
			}
		}
	}
	for _, s := range []string{
		"::: card\n::: details x\n::::\n:::\n", "!!! warning\n!!!\n!!!\n", "??? \n    x\n",
		"{{ a({b: {c: [1, 'x', \"y\"]}}) }}", "{% for %}{% for %}{% endfor %}", "{# {# #} #}",
		"`{{ x }}` {{ y }} ``{% z %}``", "a\n: b\n: c\n", "> !!! note\n> x\n> !!!", "{% raw %}{{ x }}",
		"[a](b){.c} :material-x:{ .y } :smile:", "<figure>\n![](x)\n<figcaption>c</figcaption>\n</figure>",
		"<div class=\"grid cards\" markdown>\n- x\n\n  ---\n</div>", "~~~\n{{ x }}\n~~~\n{{ y }}",
		"\t!!! note\n\t\tx", "- a\n\n    ??? info\n        b\n", "[[toc]]\n#\n[comment]: <> (x)\n<!-- more -->",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, mkdocs bool) {
		if !utf8.ValidString(src) || len(src) > 1<<14 {
			return
		}
		d := Eleventy
		if mkdocs {
			d = MkDocs
		}
		b := convertBody(src, 1, d, nil)
		out := joinLines(b.lines)
		kept := words(out)
		for _, r := range b.log.removed {
			for w, n := range words(r) {
				kept[w] += n
			}
		}
		for w, n := range words(src) {
			if kept[w] < n {
				t.Fatalf("%q appears %d times in the input, %d times in the output and what was removed\ninput:  %q\noutput: %q\nremoved: %q", w, n, kept[w], src, out, b.log.removed)
			}
		}
		if d == Eleventy && templateLeft(b.lines) {
			// Text that {% raw %} kept, or delimiters that close nothing:
			// read as Eleventy again, it would be template code.
			return
		}
		again := joinLines(convertBody(out, 1, d, nil).lines)
		if again != out {
			t.Fatalf("converting twice differs\ninput:  %q\nonce:   %q\ntwice:  %q", src, out, again)
		}
	})
}

// templateLeft reports whether template delimiters are left outside code.
func templateLeft(ls []line) bool {
	for _, l := range ls {
		if !l.code && hasTemplate([]line{l}) {
			return true
		}
	}
	return false
}

// words counts the letters and digits of s, case folded. (Counting
// letters rather than whole words lets a removal join two words, as the
// template engine did: "a{# x #}b" is "ab".)
func words(s string) map[string]int {
	m := map[string]int{}
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			m[string(r)]++
		}
	}
	return m
}
