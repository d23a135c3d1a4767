package minify

import (
	"os"
	"strings"
	"testing"
)

func TestCSS(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a { color: red; }\n", "a{color:red}"},
		{"/* a comment */\nh1, h2 > p {\n  margin: 0 auto;\n  padding: 0;\n}\n", "h1,h2>p{margin:0 auto;padding:0}"},
		{".a :not(.b) .c { x: calc(1rem - 2px); }", ".a :not(.b) .c{x:calc(1rem - 2px)}"},
		{`q::before { content: "a  ,  b;}" ; }`, `q::before{content:"a  ,  b;}"}`},
		{`p { font-family: "Helvetica Neue", Arial; content: 'it\'s' }`, `p{font-family:"Helvetica Neue",Arial;content:'it\'s'}`},
		{"@media (min-width: 40em) {\n  a { b: c; }\n}\n", "@media (min-width:40em){a{b:c}}"},
		{"a { b: c !important; }", "a{b:c !important}"},
		{"a:hover, a :focus { b: c }", "a:hover,a :focus{b:c}"},
		{"a{b:c}/* unclosed", "a{b:c}"},
		{`a { content: "unclosed }`, `a{content:"unclosed }`},
	} {
		if got := string(CSS([]byte(tt.in))); got != tt.want {
			t.Errorf("CSS(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestCSSTheme checks that the theme's stylesheet keeps every rule:
// the same selectors and declarations, white space aside.
func TestCSSTheme(t *testing.T) {
	src, err := os.ReadFile("../../themes/nhs/static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	got := CSS(src)
	if len(got) >= len(src) {
		t.Fatalf("%d bytes from %d", len(got), len(src))
	}
	strip := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' {
				i += strings.Index(s[i+2:], "*/") + 3
				continue
			}
			if !strings.ContainsRune(" \t\n;", rune(s[i])) {
				b.WriteByte(s[i])
			}
		}
		return b.String()
	}
	if strip(string(got)) != strip(string(src)) {
		t.Error("minifying changed more than white space, comments and final semicolons")
	}
}
