package jsonstring

import (
	"bytes"
	"encoding/json"
	"testing"
)

// want is what encoding/json writes for s.
func want(t testing.TB, s string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

var cases = []string{
	"", "plain", `quote " and \ backslash`, "\b\f\n\r\t\x00\x01\x1f\x7f",
	"<script>&amp;</script>", "line\u2028para\u2029", "caf\u00e9 \U0001F600",
	"bad \xff utf-8 \xe2\x80", "\xe2\x80\xa8", "articles/x/index.html",
}

func TestAppendIsEncodingJSON(t *testing.T) {
	for _, s := range cases {
		for _, html := range []bool{false, true} {
			if got, w := string(Append(nil, s, html)), want(t, s, html); got != w {
				t.Errorf("Append(%q, %v) = %s, want %s", s, html, got, w)
			}
		}
	}
}

func TestAppendKeepsPrefix(t *testing.T) {
	if got := string(Append([]byte("x:"), "a\n", false)); got != `x:"a\n"` {
		t.Errorf("got %s", got)
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range cases {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, html bool) {
		if got, w := string(Append(nil, s, html)), want(t, s, html); got != w {
			t.Errorf("Append(%q, %v) = %s, want %s", s, html, got, w)
		}
	})
}
