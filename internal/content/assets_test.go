package content

import (
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/diag"
)

func TestCheckAssets(t *testing.T) {
	pages := []*Page{
		{File: "content/articles/a.md", URL: "/articles/a/", Aliases: []string{"/old/a/", "/old/a.html"}},
		{File: "content/articles/bad.md", URL: "/articles/bad/", Invalid: true},
	}
	tests := []struct {
		url     string
		clashes string // the page it clashes with, or ""
	}{
		{"/articles/a/index.html", "content/articles/a.md"},
		{"/old/a/index.html", "content/articles/a.md"},
		{"/old/a.html", "content/articles/a.md"},
		{"/articles/a/diagram.png", ""},
		{"/articles/bad/index.html", ""}, // an invalid page is not published
	}
	for _, tt := range tests {
		assets := []Asset{{File: "content" + tt.url, URL: tt.url}}
		kept, l := checkAssets(pages, assets)
		if tt.clashes == "" {
			if len(kept) != 1 || len(l) != 0 {
				t.Errorf("%s: kept %v, findings %v; want it kept without findings", tt.url, kept, l)
			}
			continue
		}
		if len(kept) != 0 || len(l) != 1 || l[0].Code != diag.CodeURLCollision || l[0].File != "content"+tt.url || !strings.Contains(l[0].Msg, tt.clashes) {
			t.Errorf("%s: kept %v, findings %v; want it left out with a collision naming %s", tt.url, kept, l, tt.clashes)
		}
	}
}
