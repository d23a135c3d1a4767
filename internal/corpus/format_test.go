package corpus

import (
	"context"
	"testing"
)

func TestSlugify(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Acute backlog at Carwick", "acute-backlog-at-carwick"},
		{"Acute budget: lessons from Gorfield", "acute-budget-lessons-from-gorfield"},
		{"  --Real-time  dm+d!  ", "real-time-dm-d"},
		{"", ""},
		{"The cross-organisational record-sharing framework-agreement in Wickchester", "the-cross-organisational-record-sharing-framework-agreement"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	} {
		if got := slugify(tc.in); got != tc.want {
			t.Errorf("slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAppendQuoted(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"O'Brien", `"O'Brien"`},
	} {
		if got := string(appendQuoted(nil, tc.in)); got != tc.want {
			t.Errorf("appendQuoted(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestPad6(t *testing.T) {
	for _, tc := range []struct {
		in   int
		want string
	}{{0, "000000"}, {42, "000042"}, {999999, "999999"}, {1234567, "1234567"}} {
		if got := pad6(tc.in); got != tc.want {
			t.Errorf("pad6(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAppendDate(t *testing.T) {
	for _, tc := range []struct {
		day  int
		want string
	}{{0, "2015-01-01"}, {365, "2016-01-01"}, {daySpan, "2025-12-31"}} {
		if got := string(appendDate(nil, tc.day)); got != tc.want {
			t.Errorf("appendDate(%d) = %s, want %s", tc.day, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	f := &fill{n: "ward", adj: "secure", k: "7"}
	for _, tc := range []struct{ text, open, close, want string }{
		{"{Adj} {n} and {k}", "{", "}", "Secure ward and 7"},
		{"x {{n}}_{{k}} {y} ${z}", "{{", "}}", "x ward_7 {y} ${z}"},
		{"{{unknown}} {{n", "{{", "}}", "{{unknown}} {{n"},
		{"", "{", "}", ""},
	} {
		if got := string(expand(nil, tc.text, tc.open, tc.close, f)); got != tc.want {
			t.Errorf("expand(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// BenchmarkGenerate10k generates a 10,000-page corpus into a fresh temporary
// directory per iteration (files written, so disk speed counts).
func BenchmarkGenerate10k(b *testing.B) {
	var bytes int64
	for b.Loop() {
		st, err := Generate(context.Background(), b.TempDir(), Options{Pages: 10000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		bytes = st.Bytes
	}
	b.SetBytes(bytes)
}

// BenchmarkPages10k builds the same 10,000 pages in memory only: the
// generator's own cost, without the file system.
func BenchmarkPages10k(b *testing.B) {
	opt := Options{Pages: 10000, Seed: 1}
	var bytes int64
	for b.Loop() {
		v := newVocab(opt.Seed)
		g := newPageGen(v, opt)
		bytes = 0
		for i := range opt.Pages {
			_, _, data := g.page(i)
			bytes += int64(len(data))
		}
	}
	b.SetBytes(bytes)
}
