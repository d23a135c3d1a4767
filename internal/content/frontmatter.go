package content

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
)

// MaxFileSize is the largest content file signpost reads, in bytes.
const MaxFileSize = 16 << 20

// split is a content file cut into its front matter and body.
type split struct {
	format   string // "yaml", "toml", or "" when the file has no front matter
	matter   []byte // the front matter between its fences
	first    int    // file line of the first line of matter
	body     []byte
	bodyLine int // file line on which body starts
}

// splitFile checks that src is a readable Markdown text file and cuts off
// its front matter, if any. It normalises a byte-order mark and CRLF line
// endings away. Its errors are lineErrors where a line is known.
func splitFile(src []byte) (split, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return split{}, &lineError{line: 1, msg: "the file is empty; a page starts with front matter (--- title: … ---) followed by Markdown"}
	}
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return split{}, &lineError{line: 1, msg: "the file is UTF-16 encoded; save it as UTF-8"}
	}
	if i := bytes.IndexByte(src[:min(len(src), 8000)], 0); i >= 0 {
		return split{}, &lineError{line: 1, msg: "this is a binary file, not Markdown text (it contains NUL bytes); rename it or move it out of the content folder"}
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:invalidUTF8(src)], []byte("\n"))
		return split{}, &lineError{line: line, msg: "the file is not valid UTF-8 (perhaps saved as Windows-1252 or Latin-1); save it as UTF-8"}
	}
	src = normaliseNewlines(src)

	var got capture
	r := &matterReader{src: src, got: &got}
	rest, err := frontmatter.Parse(r, &got,
		frontmatter.NewFormat("---", "---", got.yaml),
		frontmatter.NewFormat("+++", "+++", got.toml),
	)
	if err != nil {
		return split{}, &lineError{line: 1, msg: fmt.Sprintf("cannot read front matter: %v", err)}
	}
	opening, fence := openingFence(src)
	if got.format == "" {
		if fence != "" {
			return split{}, &lineError{line: opening, msg: fmt.Sprintf("front matter opened with %s on line %d is never closed; add a line %s after the last field", fence, opening, fence)}
		}
		return split{body: src, bodyLine: 1}, nil
	}
	// rest is the start of the body, as much of it as the frontmatter
	// package had read when the front matter ended (matterReader): the
	// body is the end of the file from there, shared rather than copied.
	rest = src[r.off-len(rest):]
	bodyLine := 1 + bytes.Count(src[:len(src)-len(rest)], []byte("\n"))
	// A front matter closed on the file's last line, with no newline after
	// it, leaves an empty body that starts on that same line.
	return split{format: got.format, matter: got.data, first: opening + 1, body: rest, bodyLine: bodyLine}, nil
}

// capture receives the front matter from the frontmatter package without
// decoding it: decoding is done here, so that errors carry file lines.
type capture struct {
	format string
	data   []byte
}

func (c *capture) yaml(data []byte, _ any) error {
	c.format, c.data = "yaml", bytes.Clone(data)
	return nil
}

func (c *capture) toml(data []byte, _ any) error {
	c.format, c.data = "toml", bytes.Clone(data)
	return nil
}

// matterReader reads src for the frontmatter package a line at a time
// until got holds the front matter, and then ends: the package would
// otherwise copy the whole body, or what its reader had read ahead, into
// a buffer of its own, growing it as it goes, which splitFile has no use
// for. off is how much of src it has read.
type matterReader struct {
	src []byte
	off int
	got *capture
}

func (r *matterReader) Read(p []byte) (int, error) {
	if r.got.format != "" || r.off == len(r.src) {
		return 0, io.EOF
	}
	rest := r.src[r.off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i+1]
	}
	n := copy(p, rest)
	r.off += n
	return n, nil
}

// openingFence returns the line and text of a front-matter fence ("---" or
// "+++") if it is the first non-blank line of src.
func openingFence(src []byte) (int, string) {
	line := 1
	for len(src) > 0 {
		l, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := bytes.TrimSpace(l); len(t) > 0 {
			if s := string(t); s == "---" || s == "+++" {
				return line, s
			}
			return 0, ""
		}
		src = rest
		line++
	}
	return 0, ""
}

// normaliseNewlines turns CRLF and lone CR line endings into LF, keeping
// line numbers unchanged.
func normaliseNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence in b.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// parseMatter decodes a split's front matter into a value tree.
func parseMatter(s split) (value, error) {
	switch s.format {
	case "toml":
		return parseTOML(s.matter, s.first)
	default:
		return parseYAML(s.matter, s.first)
	}
}
