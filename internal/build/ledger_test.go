package build

import (
	"strings"
	"testing"
)

// TestLedger covers the account every writer keeps: names checked, a name
// given twice refused, files inherited from the previous build replaced by
// a write and dropped by forget, and the bytes added up.
func TestLedger(t *testing.T) {
	prev := manifest{Files: map[string]string{"a.html": "h1", "search/x.bin": "h2"}, Sizes: map[string]int64{"a.html": 10, "search/x.bin": 20}}
	for _, tc := range []struct {
		name  string
		steps func(l *ledger) error
		files int
		bytes int64
		err   string
	}{
		{"write", func(l *ledger) error { return l.write("x/index.html", "h", 5) }, 1, 5, ""},
		{"write twice", func(l *ledger) error {
			l.write("x/index.html", "h", 5)
			return l.write("x/index.html", "h", 5)
		}, 1, 5, "two outputs of the build are both x/index.html"},
		{"keep then write", func(l *ledger) error {
			l.keep("a.html", "h1", 10)
			return l.write("a.html", "h", 3)
		}, 1, 10, "two outputs of the build are both a.html"},
		{"invalid names", func(l *ledger) error {
			for _, n := range []string{"", ".", "../x", "/x", `a\b`, "a\x00b", "a//b", MarkerFile} {
				if err := l.write(n, "h", 1); err == nil {
					return nil
				}
				if l.keep(n, "h", 1) {
					return nil
				}
			}
			return l.write("../escape", "h", 1)
		}, 0, 0, `invalid output path "../escape"`},
		{"inherit, write one again", func(l *ledger) error {
			l.inheritAll(prev)
			return l.write("a.html", "new", 3)
		}, 2, 23, ""},
		{"inherit, forget the index, write it again", func(l *ledger) error {
			l.inheritAll(prev)
			l.forget([]string{"search/x.bin"})
			return l.write("search/y.bin", "h", 7)
		}, 2, 17, ""},
		{"forget keeps what was written", func(l *ledger) error {
			l.inheritAll(prev)
			l.write("search/x.bin", "h", 4)
			l.forget([]string{"search/x.bin", "a.html"})
			return nil
		}, 1, 4, ""},
		{"inherited then kept counts once", func(l *ledger) error {
			l.inheritAll(prev)
			if !l.keep("search/x.bin", "h2", 20) {
				return nil
			}
			return l.write("search/x.bin", "h", 1)
		}, 2, 30, "two outputs of the build are both search/x.bin"},
	} {
		l := newLedger()
		err := tc.steps(&l)
		if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		}
		if files, size := l.count(); files != tc.files || size != tc.bytes {
			t.Errorf("%s: %d files, %d bytes; want %d, %d", tc.name, files, size, tc.files, tc.bytes)
		}
	}
}
