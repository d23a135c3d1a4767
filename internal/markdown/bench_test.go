package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRender renders the sample site's articles, which use no
// components: the cost every page pays for the component extensions.
func BenchmarkRender(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "articles", "*.md"))
	var bodies [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		// The body, after the front matter.
		if i := bytes.Index(data[3:], []byte("\n---\n")); i >= 0 {
			data = data[i+3+5:]
		}
		bodies = append(bodies, data)
	}
	if len(bodies) == 0 {
		b.Skip("no sample articles")
	}
	r := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			if _, err := r.Render(Doc{File: "content/articles/a.md", URL: "/articles/a/", Body: body, BodyLine: 1, Resolver: testSite}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
