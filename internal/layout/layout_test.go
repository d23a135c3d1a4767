package layout

import (
	"slices"
	"testing"
)

func TestClassify(t *testing.T) {
	def := New("", "")
	nested := New("docs/kb", "local")
	for _, tt := range []struct {
		site Site
		rel  string
		want Kind
	}{
		{def, "content", Content},
		{def, "content/articles/x.md", Content},
		{def, "content/_index.md", Content},
		{def, "content/articles/diagram.png", Content},
		{def, "content/articles/.x.md.swp", Ignored},
		{def, "content/articles/x.md~", Ignored},
		{def, "content/drafts/4913", Ignored},
		{def, "content/Thumbs.db", Ignored},
		{def, "content/.git/config", Ignored},
		{def, "themes/nhs/templates/base.html", Template},
		{def, "themes/nhs/templates/partials/footer.html", Template},
		{def, "themes/nhs/templates", Template},
		{def, "themes/nhs/static/site.css", Asset},
		{def, "themes/nhs/static", Asset},
		{def, "themes/nhs/static/.site.css.swp", Ignored},
		{def, "themes/nhs/data/synonyms.txt", Data},
		{def, "themes/nhs/data/.synonyms.txt.swp", Ignored},
		{def, "themes/nhs/README.md", Ignored},
		{def, "themes/other/templates/base.html", Ignored},
		{def, "themes", Ignored},
		{def, "static/img/logo.png", Ignored},
		{def, "signpost.toml", Config},
		{def, "signpost.toml/x", Ignored},
		{def, "signpost.toml~", Ignored},
		{def, "contents/x.md", Ignored},
		{def, "public/index.html", Ignored},
		{def, "README.md", Ignored},
		{def, "", Ignored},
		{def, "Content/x.md", Ignored},
		{def, "content/themes/x.md", Content},
		{nested, "docs/kb/a.md", Content},
		{nested, "docs/kb", Content},
		{nested, "docs/other.md", Ignored},
		{nested, "content/a.md", Ignored},
		{nested, "themes/local/templates/x.html", Template},
		{nested, "themes/nhs/templates/x.html", Ignored},
		{nested, "signpost.toml", Config},
	} {
		if got := tt.site.Classify(tt.rel); got != tt.want {
			t.Errorf("%+v.Classify(%q) = %v, want %v", tt.site, tt.rel, got, tt.want)
		}
	}
}

func TestRootsClassify(t *testing.T) {
	s := New("docs/kb", "")
	roots := s.Roots()
	if want := []string{"docs/kb", "signpost.toml", "themes/nhs/data", "themes/nhs/static", "themes/nhs/templates"}; !slices.Equal(roots, want) {
		t.Errorf("Roots() = %q, want %q", roots, want)
	}
	for _, r := range roots {
		if s.Classify(r) == Ignored {
			t.Errorf("root %q classifies as ignored", r)
		}
	}
}

func TestSkip(t *testing.T) {
	for _, tt := range []struct {
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
		{"_index.md", false},
		{"image.png", false},
		{"4912", false},
		{"4914", false},
		{"04913", false},
		{"#", false},
		{"content/~x.md", false},
		{"a___jb_b.md", false},

		// Dotfiles and dot-folders.
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
		{"x.md.swp", true},
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
		{"x.tmp", true},
		{"content/x.TMP", true},

		// Windows.
		{"Thumbs.db", true},
		{"content/articles/thumbs.db", true},
		{"desktop.ini", true},
		{"Desktop.ini", true},
	} {
		if got := Skip(tt.name); got != tt.want {
			t.Errorf("Skip(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Content.String(), "content"},
		{Template.String(), "template"},
		{Asset.String(), "asset"},
		{Config.String(), "config"},
		{Ignored.String(), "ignored"},
		{Kind(9).String(), "Kind(9)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
