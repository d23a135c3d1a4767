package check

import (
	"testing"

	"github.com/signpost-kb/signpost/internal/config"
)

func TestResolve(t *testing.T) {
	files := map[string]bool{
		"index.html": true, "articles/index.html": true, "articles/x/index.html": true,
		"articles/report.pdf": true, "feed.xml": true, "old/page.html": true,
	}
	tests := []struct {
		path, want string
	}{
		{"/", "index.html"},
		{"/articles/", "articles/index.html"},
		{"/articles/x/", "articles/x/index.html"},
		{"/articles/x", "articles/x/index.html"},
		{"/articles/x/index.html", "articles/x/index.html"},
		{"/articles/report.pdf", "articles/report.pdf"},
		{"/feed.xml", "feed.xml"},
		{"/old/page.html", "old/page.html"},
		{"/articles/y/", ""},
		{"/articles/report.pdf/", ""},
	}
	for _, tt := range tests {
		got, ok := resolve(files, tt.path)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("resolve(%q) = %q, %v; want %q", tt.path, got, ok, tt.want)
		}
	}
}

func TestPageURL(t *testing.T) {
	for in, want := range map[string]string{
		"/articles/x/":           "/articles/x/",
		"/articles/x":            "/articles/x/",
		"/articles/x/index.html": "/articles/x/",
	} {
		if got := pageURL(in); got != want {
			t.Errorf("pageURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOwnPath(t *testing.T) {
	abs := config.Default()
	if err := abs.SetBaseURL("https://intranet.example.nhs.uk/kb/"); err != nil {
		t.Fatal(err)
	}
	rel := config.Default()
	if err := rel.SetBaseURL("/kb/"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cfg  config.Config
		url  string
		want string // "" when not the site's own
	}{
		{abs, "https://intranet.example.nhs.uk/kb/articles/x/", "/articles/x/"},
		{abs, "https://intranet.example.nhs.uk/kb/articles/x/#q", "/articles/x/"},
		{abs, "https://intranet.example.nhs.uk/kb/", "/"},
		{abs, "https://intranet.example.nhs.uk/kb", "/"},
		{abs, "https://intranet.example.nhs.uk/kbx/", ""},
		{abs, "https://intranet.example.nhs.uk/other/", ""},
		{abs, "http://intranet.example.nhs.uk/kb/articles/x/", ""},
		{rel, "https://intranet.example.nhs.uk/kb/articles/x/", ""},
	}
	for _, tt := range tests {
		got, ok := ownPath(tt.cfg, tt.url)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ownPath(%s, %q) = %q, %v; want %q", tt.cfg.BaseURL, tt.url, got, ok, tt.want)
		}
	}
}
