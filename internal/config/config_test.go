package config

import (
	"bytes"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/diag"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		basePath string
		abs      string // AbsURL("/articles/x/")
		diags    []string
	}{
		{"empty", "", "/", "/articles/x/", nil},
		{"subpath URL", `base_url = "https://intranet.example.nhs.uk/kb"`, "/kb/", "https://intranet.example.nhs.uk/kb/articles/x/", nil},
		{"path only", `base_url = "/kb/"`, "/kb/", "/kb/articles/x/", nil},
		{"dot segments cleaned", `base_url = "https://x.nhs.uk/a/../kb/"`, "/kb/", "https://x.nhs.uk/kb/articles/x/", nil},
		{"relative rejected", `base_url = "kb/"`, "/", "/articles/x/",
			[]string{`signpost.toml:1: error: base_url: "kb/" must be an absolute URL or start with /`}},
		{"ftp rejected", `base_url = "ftp://x.nhs.uk/"`, "/", "/articles/x/",
			[]string{`signpost.toml:1: error: base_url: "ftp://x.nhs.uk/": want an http or https URL`}},
		{"unknown key", "title = \"T\"\npage_sise = 10\n", "/", "/articles/x/",
			[]string{`signpost.toml:2: warning: unknown setting "page_sise"; it is ignored`, `hint: did you mean "page_size"?`}},
		{"unknown nested key", "[markdown]\nallow_htm = true\n", "/", "/articles/x/",
			[]string{`signpost.toml:2: warning: unknown setting "markdown.allow_htm"; it is ignored`}},
		{"unknown highlight style", "[markdown]\nhighlight_style = \"monokia\"\n", "/", "/articles/x/",
			[]string{`signpost.toml:2: error: markdown.highlight_style: there is no Chroma style "monokia"`, `hint: did you mean "monokai"?`}},
		{"highlight style in capitals", "[markdown]\nhighlight_style = \"Monokai\"\n", "/", "/articles/x/", nil},
		{"negative page size", "page_size = -1\n", "/", "/articles/x/",
			[]string{"signpost.toml:1: error: page_size: want a positive number, such as page_size = 20, got -1"}},
		{"no value", "title = \n", "/", "/articles/x/",
			[]string{"signpost.toml:1:9: error: title: the setting has no value\n    title = \n            ^\n    hint: give it a value after the equals sign, with text in quotes: title = \"…\"\n"}},
		{"text without quotes", "title = NHS Digital: KB\n", "/", "/articles/x/",
			[]string{"signpost.toml:1:9: error: title: text must be in quotes in TOML\n    title = NHS Digital: KB\n            ^\n    hint: put the value in quotes: title = \"NHS Digital: KB\"\n"}},
		{"a colon for an equals sign", "base_url: \"/kb/\"\n", "/", "/articles/x/",
			[]string{"signpost.toml:1:9: error: base_url: TOML settings are written name = value, with an equals sign, not a colon\n    base_url: \"/kb/\"\n            ^\n    hint: write base_url = \"/kb/\"\n"}},
		{"a number as text", "page_size = \"many\"\n", "/", "/articles/x/",
			[]string{"signpost.toml:1: error: page_size: want a number, got text in quotes\n    page_size = \"many\"\n    hint: write it as page_size = 20\n"}},
		{"true or false as text", "[markdown]\nallow_html = \"yes\"\n", "/", "/articles/x/",
			[]string{"signpost.toml:2: error: markdown.allow_html: want true or false, got text in quotes\n    allow_html = \"yes\"\n    hint: write it as allow_html = false (under [markdown])\n"}},
		{"a list as text", "[markdown]\nallow_url_schemes = \"data\"\n", "/", "/articles/x/",
			[]string{"signpost.toml:2: error: markdown.allow_url_schemes: want a list, got text in quotes\n    allow_url_schemes = \"data\"\n    hint: write it as allow_url_schemes = [\"data\"] (under [markdown])\n"}},
		{"a section as a value", "markdown = true\n", "/", "/articles/x/",
			[]string{"signpost.toml:1: error: markdown: want a section of settings, got true or false\n    markdown = true\n    hint: write it as [markdown] on a line of its own, then its settings, such as allow_html = false\n"}},
		{"camel case", "baseURL = \"/kb/\"\n", "/", "/articles/x/",
			[]string{"signpost.toml:1: warning: unknown setting \"baseURL\"; it is ignored\n    hint: did you mean \"base_url\"?\n"}},
		{"hyphens", "[markdown]\nallow-html = true\n", "/", "/articles/x/",
			[]string{"signpost.toml:2: warning: unknown setting \"markdown.allow-html\"; it is ignored\n    hint: did you mean \"markdown.allow_html\"?\n"}},
		{"capital letters", "Title = \"T\"\n", "/", "/articles/x/",
			[]string{"signpost.toml:1: warning: Title: setting names are lower case; read as title\n    hint: write title\n"}},
		{"content dir escapes", `content_dir = "../elsewhere"`, "/", "/articles/x/",
			[]string{`signpost.toml:1: error: content_dir: "../elsewhere" must be a folder inside the site, such as content_dir = "content"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, l := Parse([]byte(tt.src))
			var b bytes.Buffer
			_ = diag.WriteText(&b, l)
			got := b.String()
			for _, w := range tt.diags {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in %q", w, got)
				}
			}
			if len(tt.diags) == 0 && len(l) > 0 {
				t.Errorf("unexpected findings: %s", got)
			}
			if c.BasePath() != tt.basePath {
				t.Errorf("BasePath = %q, want %q", c.BasePath(), tt.basePath)
			}
			if a := c.AbsURL("/articles/x/"); a != tt.abs {
				t.Errorf("AbsURL = %q, want %q", a, tt.abs)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	c, l := Load(t.TempDir())
	if len(l) > 0 {
		t.Fatal(l)
	}
	if c.Language != "en-GB" || c.Theme != "nhs" || c.PageSize != 20 || c.OutputDir != "public" || c.ContentDir != "content" || c.Markdown.AllowHTML {
		t.Errorf("defaults = %+v", c)
	}
	if c.RelURL("/tags/") != "/tags/" || c.IsAbsolute() {
		t.Errorf("default base URL wrong: %q", c.BaseURL)
	}
}

func TestMenu(t *testing.T) {
	src := "title = \"T\"\n\n[[menu]]\ntitle = \"Guides\"\npath = \"guides\"\n\n[[menu]]\npath = \" about.md \"\n\n[[menu]]\ntitle = \"Nowhere\"\n"
	c, l := Parse([]byte(src))
	want := []MenuItem{{Title: "Guides", Path: "guides", Line: 5}, {Path: "about.md", Line: 8}, {Title: "Nowhere", Line: 10}}
	if len(c.Menu) != len(want) {
		t.Fatalf("menu = %+v", c.Menu)
	}
	for i := range want {
		if c.Menu[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, c.Menu[i], want[i])
		}
	}
	var b bytes.Buffer
	_ = diag.WriteText(&b, l)
	if !strings.Contains(b.String(), "signpost.toml:10: error: menu: entry 3 has no path") {
		t.Errorf("findings:\n%s", b.String())
	}
	_, l = Parse([]byte("[[menu]]\ntitel = \"x\"\npath = \"y\"\n"))
	b.Reset()
	_ = diag.WriteText(&b, l)
	if !strings.Contains(b.String(), `unknown setting "menu.titel"`) {
		t.Errorf("findings:\n%s", b.String())
	}
}

func TestMissingFiles(t *testing.T) {
	tests := []struct {
		src   string
		want  diag.Severity
		diags string
	}{
		{"", diag.Error, ""},
		{"[check]\nmissing_files = \"warning\"\n", diag.Warning, ""},
		{"[check]\nmissing_files = \"Warning \"\n", diag.Warning, ""},
		{"[check]\nmissing_files = \"error\"\n", diag.Error, ""},
		{"[check]\n\nmissing_files = \"warn\"\n", diag.Error,
			"signpost.toml:3: error: check.missing_files: \"warn\" is not a level; want \"error\" or \"warning\"\n    hint: write missing_files = \"warning\" (under [check]) to report links and images to missing files as warnings, or leave it out for errors\n"},
		{"[check]\nmissing_files = true\n", diag.Error,
			"signpost.toml:2: error: check.missing_files: want text in quotes, got true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, l := Parse([]byte(tt.src))
			var b bytes.Buffer
			_ = diag.WriteText(&b, l)
			if got := b.String(); tt.diags == "" && got != "" || !strings.Contains(got, tt.diags) {
				t.Errorf("findings = %q, want %q", got, tt.diags)
			}
			if got := c.Check.MissingFileSeverity(); got != tt.want {
				t.Errorf("MissingFileSeverity = %v, want %v", got, tt.want)
			}
		})
	}
}
