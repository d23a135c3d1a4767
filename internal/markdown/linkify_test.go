package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// The gate in front of Linkify's parser must change nothing: goldmark
// with it and goldmark with extension.Linkify render every text alike.
var (
	linkifyPlain = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))
	linkifyGated = goldmark.New(goldmark.WithExtensions(linkify{}, extension.Strikethrough))
)

func sameLinkify(t *testing.T, src string) {
	t.Helper()
	var want, got bytes.Buffer
	if err := linkifyPlain.Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	if err := linkifyGated.Convert([]byte(src), &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("%q:\ngot  %q\nwant %q", src, got.String(), want.String())
	}
}

func TestLinkifyGate(t *testing.T) {
	for _, src := range []string{
		"See https://example.org/a?b=c. and http://x.y/(z) too",
		"ftp://files.example.org/x, www.example.org and WWW.EXAMPLE.ORG",
		"mail someone@example.nhs.uk, or a.b-c_d+e@x.co.uk.",
		"not@an address, @name, x@y, a@b.c- and a@b.c_",
		"*https://example.org* _www.example.org_ ~~ftp://a.b~~ (https://example.org/(x))",
		"[https://example.org](https://example.org) and <https://example.org>",
		"https://example.org/a&amp;b; www.x.org/?q=1! one@two.three",
		"a line\nhttps://example.org at a line head\n(www.example.org)",
		"`https://example.org` in code, and a very long local part " + string(bytes.Repeat([]byte("a"), 70)) + "@example.org",
		"an address after 64 bytes: " + string(bytes.Repeat([]byte("b"), 63)) + "@example.org and " + string(bytes.Repeat([]byte("c"), 64)) + "@example.org",
		"http: alone, https:// nothing, www. nothing, @ alone",
	} {
		sameLinkify(t, src)
	}
}

func FuzzLinkifyGate(f *testing.F) {
	for _, s := range []string{"https://example.org x@y.z", "*www.a.b* (ftp://c.d)", "a b_c~d(e@f.g"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		sameLinkify(t, src)
	})
}
