package config

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/diag"
)

func TestAllowURLSchemes(t *testing.T) {
	c, l := Parse([]byte("[markdown]\nallow_html = true\nallow_url_schemes = [\"DATA:\", \"vbscript\"]\n"))
	if len(l) > 0 {
		t.Fatalf("unexpected findings: %v", l)
	}
	if !c.Markdown.AllowHTML || !slices.Equal(c.Markdown.AllowURLSchemes, []string{"data", "vbscript"}) {
		t.Errorf("markdown = %+v", c.Markdown)
	}

	_, l = Parse([]byte("[markdown]\nallow_url_schemes = [\"https\"]\n"))
	var b bytes.Buffer
	_ = diag.WriteText(&b, l)
	want := `signpost.toml:2: error: markdown.allow_url_schemes: "https" is never removed; list only data, javascript or vbscript`
	if !strings.Contains(b.String(), want) {
		t.Errorf("got %q, want %q", b.String(), want)
	}

	if c := Default(); len(c.Markdown.AllowURLSchemes) != 0 || c.Markdown.AllowHTML {
		t.Errorf("default markdown = %+v; want raw HTML and every dangerous scheme off", c.Markdown)
	}
}
