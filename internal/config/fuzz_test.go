package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse decodes arbitrary signpost.toml files. It must not panic, and
// a configuration without errors must have a base path and folders that
// stay inside the site.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title = \"T\"\nbase_url = \"https://intranet.example.nhs.uk/kb/\"\npage_size = 10\n[markdown]\nallow_html = true\nallow_url_schemes = [\"data\"]\n",
		"base_url = \"/kb/../x/\"\ncontent_dir = \"../up\"\n",
		"output_dir = \"/\"\ntheme = \"..\\\\x\"\n",
		"[search]\ndisabled = true\n[[markdown]]\n",
		"page_size = -5\nbase_url = \"javascript:alert(1)\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, l := Parse(data)
		if l.HasErrors() {
			return
		}
		if bp := c.BasePath(); !strings.HasPrefix(bp, "/") || !strings.HasSuffix(bp, "/") || strings.Contains(bp, "/../") {
			t.Fatalf("base path %q from base_url %q", bp, c.BaseURL)
		}
		if !filepath.IsLocal(c.ContentDir) || !filepath.IsLocal(c.Theme) || c.PageSize <= 0 {
			t.Fatalf("config %+v", c)
		}
		for _, s := range c.Markdown.AllowURLSchemes {
			if s != "data" && s != "javascript" && s != "vbscript" {
				t.Fatalf("scheme %q accepted", s)
			}
		}
	})
}
