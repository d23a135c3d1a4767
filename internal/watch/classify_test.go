package watch

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		rel  string
		kind Kind
		ok   bool
	}{
		{"content", Content, true},
		{"content/articles/x.md", Content, true},
		{"content/_index.md", Content, true},
		{"themes/nhs/layouts/page.html", Theme, true},
		{"themes", Theme, true},
		{"static/img/logo.png", Static, true},
		{"signpost.toml", Config, true},
		{"signpost.toml/x", 0, false},
		{"signpost.toml~", 0, false},
		{"contents/x.md", 0, false},
		{"public/index.html", 0, false},
		{"README.md", 0, false},
		{"", 0, false},
		{"Content/x.md", 0, false},
	}
	for _, tt := range tests {
		kind, ok := Classify(tt.rel)
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tt.rel, kind, ok, tt.kind, tt.ok)
		}
	}
}

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		// Ordinary files.
		{"x.md", false},
		{"content/articles/x.md", false},
		{"signpost.toml", false},
		{"static/img/logo.png", false},
		{"content/2024/x.md", false},
		{"content/4913.md", false},
		{"content/tmp/x.md", false},
		{"content/a.swp.md", false},
		{"content/notes#1.md", false},
		{"4912", false},
		{"4914", false},
		{"04913", false},
		{"#", false},
		{"content/~x.md", false},

		// Dotfiles and dot-directories.
		{".DS_Store", true},
		{"content/.DS_Store", true},
		{".git", true},
		{"content/.git/config", true},
		{".hidden/x.md", true},
		{".#x.md", true},
		{"content/.#x.md", true},
		{".goutputstream-ABC123", true},

		// vim.
		{".x.md.swp", true},
		{"content/.x.md.swx", true},
		{"x.md.swpx", true},
		{"X.MD.SWP", true},
		{"4913", true},
		{"content/articles/4913", true},
		{"5036", true},
		{"5159", true},
		{"x.md~", true},
		{"content/x.md~", true},

		// emacs.
		{"#x.md#", true},
		{"content/#x.md#", true},

		// JetBrains safe write.
		{"x.md___jb_tmp___", true},
		{"x.md___jb_old___", true},

		// write-to-temp-then-rename.
		{"x.md.tmp", true},
		{"content/x.TMP", true},
	}
	for _, tt := range tests {
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestKindOpString(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Content.String(), "content"},
		{Config.String(), "config"},
		{Kind(0).String(), "Kind(0)"},
		{Kind(9).String(), "Kind(9)"},
		{Create.String(), "create"},
		{Remove.String(), "remove"},
		{Op(7).String(), "Op(7)"},
		{Event{Path: "content/x.md", Op: Write, Kind: Content}.String(), "write content/x.md (content)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestClassifyIn(t *testing.T) {
	for _, tt := range []struct {
		rel  string
		kind Kind
		ok   bool
	}{
		{"docs/kb/a.md", Content, true},
		{"docs/kb", Content, true},
		{"docs/other.md", 0, false},
		{"content/a.md", 0, false},
		{"themes/nhs/x.html", Theme, true},
		{"signpost.toml", Config, true},
	} {
		kind, ok := ClassifyIn(tt.rel, "docs/kb")
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("ClassifyIn(%q) = %v, %v; want %v, %v", tt.rel, kind, ok, tt.kind, tt.ok)
		}
	}
}
