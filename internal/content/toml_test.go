package content

import (
	"strings"
	"testing"
)

func TestTOMLTooDeep(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"flat", "title = \"T\"\ntags = [\"a\", \"b\"]\n[source]\nurl = \"https://x\"\n", 0},
		{"nested 100", "a = " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", 0},
		{"arrays 101", "\na = " + strings.Repeat("[", 101) + strings.Repeat("]", 101) + "\n", 2},
		{"inline tables", "a = 1\n\nb = " + strings.Repeat("{c = ", 200) + "1" + strings.Repeat("}", 200) + "\n", 3},
		{"brackets in strings", "a = \"" + strings.Repeat("[{", 500) + "\"\nb = '" + strings.Repeat("{", 500) + "'\n", 0},
		{"brackets in multi-line strings", "a = \"\"\"\n" + strings.Repeat("{", 500) + "\n\\\"\"\"\"\nb = '''\n" + strings.Repeat("[", 500) + "\n'''\nc = " + strings.Repeat("[", 101), 7},
		{"brackets in comments", "# " + strings.Repeat("{", 500) + "\na = 1\n", 0},
		{"escaped quote", `a = "\"` + strings.Repeat("{", 500) + `"` + "\n", 0},
	}
	for _, tt := range tests {
		if got := tomlTooDeep([]byte(tt.src)); got != tt.line {
			t.Errorf("%s: line %d, want %d", tt.name, got, tt.line)
		}
	}
}
