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
		{"negative page size", "page_size = -1\n", "/", "/articles/x/",
			[]string{"signpost.toml:1: error: page_size: want a positive number, got -1"}},
		{"syntax error", "title = \n", "/", "/articles/x/",
			[]string{"signpost.toml:1: error: invalid TOML"}},
		{"content dir escapes", `content_dir = "../elsewhere"`, "/", "/articles/x/",
			[]string{`signpost.toml:1: error: content_dir: "../elsewhere" must be a folder inside the site`}},
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
