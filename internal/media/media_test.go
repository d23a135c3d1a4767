package media

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webp returns the first bytes of a WebP file with the chunk kind and
// payload given.
func webp(kind string, payload ...byte) []byte {
	b := []byte("RIFF\x00\x00\x00\x00WEBP" + kind + "\x00\x00\x00\x00")
	return append(b, append(payload, make([]byte, 16)...)...)
}

func TestProbe(t *testing.T) {
	pngData := encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, 640, 480)
	fsys := fstest.MapFS{
		"c/a.png":  {Data: pngData},
		"c/A.PNG":  {Data: pngData},
		"c/b.jpg":  {Data: encoded(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }, 30, 20)},
		"c/c.gif":  {Data: encoded(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) }, 7, 9)},
		"c/d.svg":  {Data: []byte(`<?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg" width="120" height="60px"></svg>`)},
		"c/e.svg":  {Data: []byte(`<svg viewBox="0 0 200 80"><title>NHS</title></svg>`)},
		"c/f.svg":  {Data: []byte(`<svg width="100" viewBox="0,0,200,80"></svg>`)},
		"c/g.svg":  {Data: []byte(`<svg width="100%" height="50%"></svg>`)},
		"c/h.svg":  {Data: []byte(`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg height="40" viewBox="0 0 200 80"/>`)},
		"c/i.svg":  {Data: []byte(`<html><svg width="1" height="1"/></html>`)},
		"c/j.webp": {Data: webp("VP8 ", 0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01)},
		"c/k.webp": {Data: webp("VP8L", 0x2f, 0x3f, 0xc0, 0x07, 0x00)},
		"c/l.webp": {Data: webp("VP8X", 0, 0, 0, 0, 0x3f, 0x01, 0x00, 0xef, 0x00, 0x00)},
		"c/m.png":  {Data: []byte("not a png")},
		"c/n.pdf":  {Data: bytes.Repeat([]byte("x"), 2200)},
	}
	for _, tt := range []struct {
		name string
		w, h int
	}{
		{"c/a.png", 640, 480}, {"c/A.PNG", 640, 480}, {"c/b.jpg", 30, 20}, {"c/c.gif", 7, 9},
		{"c/d.svg", 120, 60}, {"c/e.svg", 200, 80}, {"c/f.svg", 100, 40}, {"c/g.svg", 0, 0},
		{"c/h.svg", 100, 40}, {"c/i.svg", 0, 0},
		{"c/j.webp", 640, 480}, {"c/k.webp", 64, 32}, {"c/l.webp", 320, 240},
		{"c/m.png", 0, 0}, {"c/n.pdf", 0, 0},
	} {
		info, err := Probe(fsys, tt.name)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if info.Width != tt.w || info.Height != tt.h {
			t.Errorf("%s: %d×%d, want %d×%d", tt.name, info.Width, info.Height, tt.w, tt.h)
		}
		if info.Size != int64(len(fsys[tt.name].Data)) {
			t.Errorf("%s: size %d, want %d", tt.name, info.Size, len(fsys[tt.name].Data))
		}
	}
	if _, err := Probe(fsys, "c/missing.png"); err == nil {
		t.Error("a missing file is not an error")
	}
	if _, err := Probe(fsys, "c"); err == nil {
		t.Error("a folder is not an error")
	}
}

func TestFormatSize(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {1, "1 byte"}, {1023, "1023 bytes"}, {1024, "1 KB"}, {1536, "2 KB"},
		{254 * 1024, "254 KB"}, {1024*1024 - 513, "1023 KB"}, {1024*1024 - 100, "1 MB"},
		{2_200_000, "2.1 MB"}, {10 * 1 << 20, "10 MB"}, {1 << 30, "1 GB"}, {1288490189, "1.2 GB"},
	} {
		if got := FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestDocumentKind(t *testing.T) {
	for name, want := range map[string]string{
		"a.pdf": "PDF", "b.DOCX": "Word", "c.doc": "Word", "d.xlsx": "Excel", "e.xls": "Excel",
		"f.odt": "ODT", "g.ods": "ODS", "h.odp": "ODP", "i.csv": "CSV", "j.pptx": "PowerPoint",
		"k.png": "", "l.md": "", "pdf": "",
	} {
		got, ok := DocumentKind(name)
		if got != want || ok != (want != "") {
			t.Errorf("DocumentKind(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// FuzzSVGSize reads arbitrary SVG headers: never a panic, never a size
// that is negative or absurd.
func FuzzSVGSize(f *testing.F) {
	for _, s := range []string{
		`<svg width="120" height="60"/>`, `<svg viewBox="0 0 200 80"/>`, `<svg width="1e400" viewBox="0 0 1 1"/>`,
		`<svg width="-3" height="NaN" viewBox="0 0 0 0"/>`, `<?xml?><svg viewBox="1 2 3"/>`, `<svg height="10" viewBox="0 0 1e-300 1"/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, h := SVGSize(strings.NewReader(s))
		if w < 0 || h < 0 || w > 1<<20 || h > 1<<20 || (w == 0) != (h == 0) {
			t.Fatalf("SVGSize(%q) = %d, %d", s, w, h)
		}
	})
}

// FuzzProbe probes arbitrary bytes as every kind of image.
func FuzzProbe(f *testing.F) {
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"x.png", "x.jpg", "x.gif", "x.webp", "x.svg"} {
			info, err := Probe(fstest.MapFS{name: {Data: data}}, name)
			if err != nil {
				t.Fatal(err)
			}
			if info.Width < 0 || info.Height < 0 || (info.Width == 0) != (info.Height == 0) {
				t.Fatalf("%s: %+v", name, info)
			}
		}
	})
}
