// Package media reads what a page needs to know of the files it links to
// without reading them whole: the size of a document, for labels such as
// "(PDF, 2.1 MB)", and the width and height of an image, so that a page
// reserves the image's space and does not jump as it loads. PNG, JPEG and
// GIF sizes come from the standard library's image.DecodeConfig, WebP's
// from its header, and SVG's from the width, height and viewBox of its
// root element.
package media

import (
	"bufio"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif"  // registers GIF with image.DecodeConfig
	_ "image/jpeg" // registers JPEG
	_ "image/png"  // registers PNG
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
)

// Info is what Probe found out about a file.
type Info struct {
	// Size is the file's length in bytes.
	Size int64
	// Width and Height are an image's size in CSS pixels, or 0 when the
	// file is not an image or its size cannot be read.
	Width, Height int
}

// maxPixels bounds the width and height Probe reports: larger ones are
// not sizes a page can use.
const maxPixels = 1 << 20

// maxSVGHeader bounds the bytes read to find an SVG's root element.
const maxSVGHeader = 64 << 10

// Probe returns what can be known cheaply of the file name in fsys: its
// size, and for an image (by its extension) its width and height. An
// image whose size cannot be read is not an error: its Width and Height
// are 0.
func Probe(fsys fs.FS, name string) (Info, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	if !st.Mode().IsRegular() {
		return Info{}, errors.New(name + " is not a regular file")
	}
	info := Info{Size: st.Size()}
	r := bufio.NewReaderSize(f, 4096)
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif":
		if c, _, err := image.DecodeConfig(r); err == nil {
			info.Width, info.Height = c.Width, c.Height
		}
	case ".webp":
		info.Width, info.Height = webpSize(r)
	case ".svg":
		info.Width, info.Height = SVGSize(io.LimitReader(r, maxSVGHeader))
	}
	if info.Width <= 0 || info.Height <= 0 || info.Width > maxPixels || info.Height > maxPixels {
		info.Width, info.Height = 0, 0
	}
	return info, nil
}

// webpSize reads the size from a WebP file's header: a RIFF container
// whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
func webpSize(r io.Reader) (int, int) {
	var h [30]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, 0
	}
	if string(h[0:4]) != "RIFF" || string(h[8:12]) != "WEBP" {
		return 0, 0
	}
	switch string(h[12:16]) {
	case "VP8 ":
		// A key frame: 3 bytes of frame tag, the start code 9d 01 2a,
		// then 14-bit width and height.
		if h[23] != 0x9d || h[24] != 0x01 || h[25] != 0x2a {
			return 0, 0
		}
		w := int(binary.LittleEndian.Uint16(h[26:28]) & 0x3fff)
		ht := int(binary.LittleEndian.Uint16(h[28:30]) & 0x3fff)
		return w, ht
	case "VP8L":
		// A signature byte 0x2f, then width-1 and height-1 in 14 bits each.
		if h[20] != 0x2f {
			return 0, 0
		}
		b := binary.LittleEndian.Uint32(h[21:25])
		return int(b&0x3fff) + 1, int((b>>14)&0x3fff) + 1
	case "VP8X":
		// Flags (4 bytes), then canvas width-1 and height-1 in 24 bits.
		w := int(h[24]) | int(h[25])<<8 | int(h[26])<<16
		ht := int(h[27]) | int(h[28])<<8 | int(h[29])<<16
		return w + 1, ht + 1
	}
	return 0, 0
}

// SVGSize returns the size an SVG image is drawn at, from its root
// element: its width and height when they are in pixels (or have no
// unit), else its viewBox, else one of them and the viewBox's aspect
// ratio. It returns zeros when the size cannot be told (percentages,
// no viewBox, not SVG).
func SVGSize(r io.Reader) (int, int) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	for {
		tok, err := d.RawToken()
		if err != nil {
			return 0, 0
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0
		}
		var w, h, vw, vh float64
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = pixels(a.Value)
			case "height":
				h = pixels(a.Value)
			case "viewBox":
				f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
				if len(f) == 4 {
					vw, _ = strconv.ParseFloat(f[2], 64)
					vh, _ = strconv.ParseFloat(f[3], 64)
					if !(vw > 0 && vh > 0) || math.IsInf(vw, 0) || math.IsInf(vh, 0) {
						vw, vh = 0, 0
					}
				}
			}
		}
		switch {
		case w > 0 && h > 0:
		case w > 0 && vw > 0:
			h = w * vh / vw
		case h > 0 && vh > 0:
			w = h * vw / vh
		case vw > 0:
			w, h = vw, vh
		default:
			return 0, 0
		}
		cw, ch := clampPixels(w), clampPixels(h)
		if cw == 0 || ch == 0 {
			return 0, 0
		}
		return cw, ch
	}
}

// pixels parses an SVG length in pixels ("120", "120px"); other units and
// percentages give 0.
func pixels(s string) float64 {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "px")
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// clampPixels rounds a length to whole pixels within what a browser can
// draw; 0 means unknown.
func clampPixels(v float64) int {
	if !(v >= 0.5) || v > maxPixels {
		return 0
	}
	return int(math.Round(v))
}
