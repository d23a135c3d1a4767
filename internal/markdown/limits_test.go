package markdown

import (
	"strings"
	"testing"
)

// TestCheckShape gives bodies on both sides of each limit. The refused
// ones are shapes that take goldmark more than linear time.
func TestCheckShape(t *testing.T) {
	nested := func(depth int) string {
		var b strings.Builder
		for i := range depth {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		return b.String()
	}
	paragraphs := func(unit string, n int) string {
		return strings.Repeat(unit+"\n\n", n)
	}
	tests := []struct {
		name string
		body string
		line int    // 0: accepted
		msg  string // the start of the message
	}{
		{"prose", paragraphs("Some *words* with a [link](https://www.nhs.uk/) and `code`.", 1000), 0, ""},
		{"long tight list of links", strings.Repeat("- [Page](page.md) and [another](other.md)\n", 5000), 0, ""},
		{"table", "| a | b |\n| - | - |\n" + strings.Repeat("| *x* | [y](z) |\n", 5000), 0, ""},
		{"nested 100 levels", nested(100), 0, ""},
		{"nested 250 levels", "Intro.\n\n" + nested(250), 203, "this line is nested too deeply: it starts with 402 columns"},
		{"quotes", strings.Repeat(">", 401) + " x\n", 1, "this line is nested too deeply"},
		{"list markers on one line", strings.Repeat("- ", 201) + "x\n", 1, "this line is nested too deeply"},
		{"delimiters in one paragraph", "Fine.\n\n" + strings.Repeat("*a_b*c_d**e_f*g**h*i_j** ", 150) + "\n", 3, "this paragraph has more than 2000"},
		{"delimiters across a paragraph's lines", "Fine.\n\n" + strings.Repeat("*a* _b_ **c**\n", 300), 3, "this paragraph has more than 2000"},
		{"delimiters in many paragraphs", paragraphs(strings.Repeat("*a_b*c_d**e_f*g**h*i_j** ", 100), 250), 409, "the page has too much emphasis and link markup"},
		{"links run together", paragraphs(strings.Repeat("[a](", 450), 300), 99, "too many links are run together without spaces"},
		{"many containers in turn", strings.Repeat("::: details Summary\nText.\n:::\n\n", 5000), 0, ""},
		{"containers nested 50 deep", strings.Repeat("::: card x\n", 50) + strings.Repeat(":::\n", 50), 0, ""},
		{"containers nested 51 deep", "Intro.\n\n" + strings.Repeat("::: card x\n", 51), 53, "::: containers are nested more than 50 deep"},
		{"containers nested in quotes and lists", strings.Repeat("> - ::: a\n", 51), 51, "::: containers are nested more than 50 deep"},
		{"angle-bracket links", paragraphs(strings.Repeat("[a](<b ", 400), 300), 71, "too many links are run together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := checkShape([]byte(tt.body))
			switch {
			case tt.line == 0 && e != nil:
				t.Fatalf("refused at line %d: %s", e.line, e.msg)
			case tt.line == 0:
			case e == nil:
				t.Fatalf("accepted; want line %d: %s", tt.line, tt.msg)
			case e.line != tt.line || !strings.HasPrefix(e.msg, tt.msg):
				t.Fatalf("line %d: %s\nwant line %d: %s", e.line, e.msg, tt.line, tt.msg)
			}
		})
	}
}

// TestRenderRefusesComplexBodies checks that Render reports a refused body
// at its line in the file and renders nothing of it.
func TestRenderRefusesComplexBodies(t *testing.T) {
	res := render(t, New(Options{}), "Fine.\n\n"+strings.Repeat(">", 1000)+" deep\n")
	want := "content/articles/a.md:12: error: this line is nested too deeply: it starts with 1001 columns of indentation and list or quote markers\n" +
		"    hint: signpost renders lists and quotes nested up to about 100 levels (400 columns)\n"
	if got := diags(res.Diags); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	if res.HTML != "" {
		t.Errorf("HTML rendered: %.100s", res.HTML)
	}
}
