package markdown

import (
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/diag"
)

// TestRemoteImages checks that an image on another site, in Markdown or in
// raw HTML, is published as a link to it and reported at its line: pages
// load nothing from other hosts.
func TestRemoteImages(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		html      bool
		want      []string // in the HTML
		lines     []int    // of the image-remote findings (BodyLine is 10)
	}{
		{"lone image", "![A chart](https://example.org/c.png \"Beds\")", false,
			[]string{`<p><a href="https://example.org/c.png">A chart (image on example.org)</a>: Beds</p>`}, []int{10}},
		{"inline, protocol-relative, no alt", "Text\n\nwith ![](//cdn.example.org/a.png) in it.", false,
			[]string{`with <a href="//cdn.example.org/a.png">image on cdn.example.org</a> in it.`}, []int{12}},
		{"image on this site stays", "![A ward](/assets/ward.png)", false, []string{`<img src="/kb/assets/ward.png" alt="A ward"`}, nil},
		{"raw HTML", "<p><a href=\"https://github.com/ann\"><img src=\"https://avatars.example.com/u/1\" alt=\"Ann\"></a></p>", true,
			[]string{`<a href="https://github.com/ann">Ann (image on avatars.example.com)</a>`}, []int{10}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, New(Options{AllowHTML: tt.html}), tt.src)
			if strings.Contains(res.HTML, "<img") && tt.lines != nil {
				t.Errorf("an image on another site is still an <img>:\n%s", res.HTML)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.HTML, w) {
					t.Errorf("HTML lacks %s:\n%s", w, res.HTML)
				}
			}
			var lines []int
			for _, d := range res.Diags {
				if d.Code == diag.CodeImageRemote {
					lines = append(lines, d.Line)
					if d.Severity != diag.Warning || d.Hint == "" {
						t.Errorf("finding %+v: want a warning with a hint", d)
					}
				} else if d.Code == diag.CodeMarkdownRawHTML {
					t.Errorf("the image is reported as removed: %s", diags(res.Diags))
				}
			}
			if len(lines) != len(tt.lines) || (len(lines) > 0 && lines[0] != tt.lines[0]) {
				t.Errorf("image-remote at lines %v, want %v:\n%s", lines, tt.lines, diags(res.Diags))
			}
		})
	}
}
