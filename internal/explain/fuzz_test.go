package explain

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// FuzzExplain checks that any text that fails to decode is explained
// without a panic, on a line of the text, with a message.
func FuzzExplain(f *testing.F) {
	for _, s := range []string{
		"title: Writing: for this\n", "tags:\n\t- a\n", "tags: [a, b\n", "title: \"x\ndate: 1\n",
		"title: 'Mark's'\n", "a:\n  - x\n y: 1\n", "title = Writing\n", "tags = [\"a\"\nb = 1\n", "x: [\"a\", {b: '\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			for _, p := range YAML([]byte(src), err) {
				if p.Line < 1 || p.Line > lines || p.Col < 0 || p.Msg == "" {
					t.Errorf("YAML(%q) = %+v", src, p)
				}
			}
		}
		var m map[string]any
		if _, err := toml.Decode(src, &m); err != nil {
			if p := TOML([]byte(src), err); p.Line < 1 || p.Line > lines || p.Col < 0 || p.Msg == "" {
				t.Errorf("TOML(%q) = %+v", src, p)
			}
		}
	})
}
