package explain

import (
	"errors"
	"slices"
	"testing"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

func TestYAML(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      Problem
	}{
		{"colon in an unquoted title", "title: Writing: for this knowledge base\ndate: 2024-01-01\n",
			Problem{1, 15, "title: the value has a colon followed by a space, which YAML reads as the start of another field", `put the title in quotes: title: "Writing: for this knowledge base"`}},
		{"colon at the end of a value", "summary: Three things to know:\ndate: 2024-01-01\n",
			Problem{1, 30, "summary: the value has a colon followed by a space, which YAML reads as the start of another field", `put the summary in quotes: summary: "Three things to know:"`}},
		{"a colon and double quotes", "title: The \"digital\" Trust: a view\n",
			Problem{1, 27, "title: the value has a colon followed by a space, which YAML reads as the start of another field", `put the title in quotes: title: 'The "digital" Trust: a view'`}},
		{"tab indentation", "title: T\ntags:\n\t- a\n",
			Problem{3, 1, "this line is indented with a tab, and YAML allows only spaces", "replace the tab at the start of the line with spaces (two for each level)"}},
		{"tab after spaces", "interviewee:\n  name: A\n \trole: B\n",
			Problem{3, 2, "this line is indented with a tab, and YAML allows only spaces", "replace the tab at the start of the line with spaces (two for each level)"}},
		{"unclosed list", "title: T\ntags: [a, b\ndate: 2024-01-01\n",
			Problem{2, 7, "tags: the list opened with [ is never closed", "add ] at the end: tags: [a, b]"}},
		{"unclosed mapping", "source: {publisher: \"NHS\", url: \"https://x\"\ndate: 2024-01-01\n",
			Problem{1, 9, "source: the set of fields opened with { is never closed", `add } at the end: source: {publisher: "NHS", url: "https://x"}`}},
		{"unclosed double quote", "title: \"Going paperless\ndate: 2024-01-01\nsummary: \"S\"\n",
			Problem{1, 8, "title: the quote \" that starts the value is never closed", `end the value with " on the same line: title: "Going paperless"`}},
		{"double quotes inside double quotes", "title: \"The \"digital\" Trust\"\n",
			Problem{1, 13, "title: the value ends at this \", and YAML cannot read the text after it", `to put double quotes inside the value, use single quotes around it: title: 'The "digital" Trust'`}},
		{"apostrophe inside single quotes", "title: 'Mark's view'\n",
			Problem{1, 13, "title: the value ends at this ', and YAML cannot read the text after it", `to put an apostrophe inside the value, use double quotes around it: title: "Mark's view" (or write it twice: '')`}},
		{"no space after the colon", "title:\"Going paperless\"\ndate: 2024-01-01\n",
			Problem{1, 6, "title: there is no space after the colon, so YAML does not read this line as a field", `put a space after the colon: title: "Going paperless"`}},
		{"no colon", "title \"Going paperless\"\ndate: 2024-01-01\n",
			Problem{1, 1, "this line is not a field: a field is written name: value", "add a colon and a space after the field's name; if the line continues the value above, put that value in quotes"}},
		{"indented field under a value", "title: T\n  date: 2024-01-01\n",
			Problem{2, 1, "date: this line is indented, but the field above it, title, already has a value", "remove the spaces at the start of the line, so that date is a field of its own"}},
		{"at sign", "author: @nhsengland\n",
			Problem{1, 9, "author: a value cannot start with @ in YAML", `put the author in quotes: author: "@nhsengland"`}},
		{"star", "title: *Important* update\n",
			Problem{1, 8, "title: a value starting with * is read as a YAML alias", `put the title in quotes: title: "*Important* update"`}},
		{"a list item under a field with a value", "tags: leadership\n- ccio\n",
			Problem{2, 1, "this list item belongs to no field: the field above it, tags, already has a value", "to make tags a list, leave nothing after its colon and put each item on its own line below it, starting with -"}},
		{"list item on the field's line", "tags: - a\n",
			Problem{1, 7, "tags: a list item cannot be on the same line as its field", "put each item on its own line, starting with - under the field, or write tags: [a]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tt.src), &n)
			if err == nil {
				t.Fatalf("%q is valid YAML", tt.src)
			}
			if got := YAML([]byte(tt.src), err); len(got) != 1 || got[0] != tt.want {
				t.Errorf("yaml says: %v\ngot  %#v\nwant %#v", err, got, tt.want)
			}
		})
	}
}

// TestYAMLValid checks that the scan finds nothing in valid YAML of the
// shapes front matter takes, so it cannot blame a good line for another's
// error.
// TestYAMLSeveral checks that every mistake found is reported, so that a
// writer fixes them all in one go.
func TestYAMLSeveral(t *testing.T) {
	src := "title: Going paperless: the digital Trust\ndate: 2024-01-01\ntags: [paperless, digital\n\tsummary: s\n"
	var n yaml.Node
	got := YAML([]byte(src), yaml.Unmarshal([]byte(src), &n))
	want := []Problem{
		{1, 23, "title: the value has a colon followed by a space, which YAML reads as the start of another field", `put the title in quotes: title: "Going paperless: the digital Trust"`},
		{3, 7, "tags: the list opened with [ is never closed", "add ] at the end: tags: [paperless, digital]"},
		{4, 1, "this line is indented with a tab, and YAML allows only spaces", "replace the tab at the start of the line with spaces (two for each level)"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestYAMLValid(t *testing.T) {
	for _, src := range []string{
		"title: \"Writing: for this\"\ndate: 2024-01-01  # a comment: with a colon\n",
		"summary: >\n  Long text: with a colon\n\n  and more\ntags:\n  - a\n  - \"b: c\"\n",
		"summary: |\n  Tabbed:\ttext: in a block\n  - not a list\ndate: 2024-01-01\n",
		"interviewee:\n  name: A\n  role: \"B\"\nsource: {publisher: \"P\", url: \"https://x.nhs.uk/a\"}\n",
		"tags: [a, \"b, c\",\n  d]\n",
		"title: It's fine\nurl: https://www.england.nhs.uk/x/\ntime: 10:30\n",
		"summary: A long value\n  continued on the next line\n",
		"title: 'Mark''s view'\ntitle2: \"say \\\"hi\\\"\"\n",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if found := scanYAML(splitLines(src)); len(found) > 0 {
			t.Errorf("%q: found %#v", src, found)
		}
	}
}

func TestYAMLFallback(t *testing.T) {
	src := "a:\n  - x\n y: 1\n"
	got := YAML([]byte(src), errors.New("yaml: line 2: did not find expected key"))
	want := []Problem{{2, 3, "this line is not a field: a field is written name: value, with its name at the start of the line", "each line of the front matter is a field, name: value; put a value that has a colon, a # or quotes in it in quotes"}}
	if !slices.Equal(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestTOML(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      Problem
	}{
		{"text without quotes", "title = Writing: for this\n",
			Problem{1, 9, "title: text must be in quotes in TOML", `put the value in quotes: title = "Writing: for this"`}},
		{"a colon for an equals sign", "title: \"T\"\n",
			Problem{1, 6, "title: TOML settings are written name = value, with an equals sign, not a colon", `write title = "T"`}},
		{"unclosed quote", "title = \"Writing\ndate = 2024-01-01\n",
			Problem{1, 9, "title: the quote \" that starts the value is never closed", `end the value with " on the same line: title = "Writing"`}},
		{"unclosed list", "tags = [\"a\", \"b\"\ndate = 2024-01-01\n",
			Problem{1, 8, "tags: the list opened with [ is never closed", `add ] after the last item: tags = ["a", "b"]`}},
		{"apostrophe in single quotes", "title = 'Mark's view'\n",
			Problem{1, 14, "title: the value ends at this ', and TOML cannot read the text after it", `to put an apostrophe inside the value, use double quotes around it: title = "Mark's view"`}},
		{"set twice", "page_size = 20\npage_size = 30\n",
			Problem{2, 1, "page_size: set twice; keep one", ""}},
		{"no value", "title =\n",
			Problem{1, 8, "title: the setting has no value", `give it a value after the equals sign, with text in quotes: title = "…"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			_, err := toml.Decode(tt.src, &m)
			if err == nil {
				t.Fatalf("%q is valid TOML", tt.src)
			}
			if got := TOML([]byte(tt.src), err); got != tt.want {
				t.Errorf("toml says: %v\ngot  %#v\nwant %#v", err, got, tt.want)
			}
		})
	}
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
