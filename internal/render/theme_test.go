package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/themes"
)

func embedded(t *testing.T) Layer {
	t.Helper()
	fsys, ok := themes.Embedded("nhs")
	if !ok {
		t.Fatal("no embedded theme")
	}
	return Layer{FS: fsys, Dir: "(embedded)"}
}

func TestOverride(t *testing.T) {
	site := fstest.MapFS{
		"templates/404.html": {Data: []byte(`{{define "main"}}<h1>Lost? Call the service desk.</h1>{{end}}`)},
		"static/logo.png":    {Data: []byte("png")},
	}
	cfg := config.Default()
	_ = cfg.SetBaseURL("/kb/")
	th, l := Load(Options{Layers: []Layer{{FS: site, Dir: "themes/nhs"}, embedded(t)}, Config: cfg, ExtraCSS: []byte(".chroma{}")})
	if th == nil || l.HasErrors() {
		t.Fatalf("load: %v", l)
	}
	var b bytes.Buffer
	d := &Data{Site: &Site{Title: "KB", Language: "en-GB"}, Kind: "404", Title: "Page not found", Path: "/404.html"}
	if err := th.Render(&b, "404", d); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if !strings.Contains(html, "Call the service desk") || !strings.Contains(html, `class="nhsuk-header"`) {
		t.Errorf("override not layered over the embedded base:\n%s", html)
	}
	var css, logo *Asset
	for i, a := range th.Assets() {
		switch a.Name {
		case "site.css":
			css = &th.Assets()[i]
		case "logo.png":
			logo = &th.Assets()[i]
		}
	}
	if css == nil || !bytes.HasSuffix(css.Data, []byte(".chroma{}")) || !strings.HasPrefix(css.Path, "assets/site.") {
		t.Errorf("site.css = %+v", css)
	}
	if logo == nil || logo.Path != hashedPath("logo.png", []byte("png")) {
		t.Errorf("logo = %+v", logo)
	}
	if !strings.Contains(html, `href="/kb/`+css.Path+`"`) {
		t.Errorf("stylesheet link not under the base path")
	}
}

func TestTemplateErrors(t *testing.T) {
	site := fstest.MapFS{
		"templates/article.html": {Data: []byte("{{define \"main\"}}\n<p>{{.Title</p>\n{{end}}")},
	}
	_, l := Load(Options{Layers: []Layer{{FS: site, Dir: "themes/nhs"}, embedded(t)}, Config: config.Default()})
	if !l.HasErrors() {
		t.Fatal("want an error")
	}
	d := l[0]
	if d.File != "themes/nhs/templates/article.html" || d.Line != 2 {
		t.Errorf("error at %s:%d: %s", d.File, d.Line, d.Msg)
	}

	// A missing page template is an error naming it.
	_, l = Load(Options{Layers: []Layer{{FS: fstest.MapFS{"templates/base.html": {Data: []byte("x")}}, Dir: "themes/x"}}, Config: config.Default()})
	if !l.HasErrors() || !strings.Contains(l[0].Msg, "the theme has no templates/") {
		t.Errorf("missing template: %v", l)
	}
}

func TestUnknownAssetFails(t *testing.T) {
	site := fstest.MapFS{"templates/404.html": {Data: []byte(`{{define "main"}}<img src="{{asset "nope.png"}}">{{end}}`)}}
	th, l := Load(Options{Layers: []Layer{{FS: site, Dir: "themes/nhs"}, embedded(t)}, Config: config.Default()})
	if th == nil {
		t.Fatal(l)
	}
	err := th.Render(&bytes.Buffer{}, "404", &Data{Site: &Site{}, Kind: "404"})
	if err == nil || !strings.Contains(err.Error(), "asset nope.png: no such file") {
		t.Errorf("err = %v", err)
	}
}
