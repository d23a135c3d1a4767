package slug

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"How will you keep the paperless system secure?", "how-will-you-keep-the-paperless-system-secure"},
		{"CCIO", "ccio"},
		{"electronic-patient-records", "electronic-patient-records"},
		{"NHS England", "nhs-england"},
		{"Guy's and St Thomas' NHS Foundation Trust", "guys-and-st-thomas-nhs-foundation-trust"},
		{"Dudley’s “digital Trust”", "dudleys-digital-trust"},
		{"dm+d", "dm-d"},
		{"Q&A", "q-a"},
		{"Café résumé naïve", "cafe-resume-naive"},
		{"20260330_konstantin_ georgiev_interview", "20260330-konstantin-georgiev-interview"},
		{"  --leading and trailing--  ", "leading-and-trailing"},
		{"../../etc/passwd", "etc-passwd"},
		{`C:\Windows\system32`, "c-windows-system32"},
		{"a\x00b", "ab"},
		{"Bristol, North Somerset and South Gloucestershire ICB", "bristol-north-somerset-and-south-gloucestershire-icb"},
		{"10% to 95%", "10-to-95"},
		{"Funding: where next", "funding-where-next"},
		{"Ελληνικά", "ελληνικα"},
		{"???", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMakeTruncates(t *testing.T) {
	long := strings.Repeat("word ", 60)
	got := Make(long)
	if len(got) > MaxLen || strings.HasSuffix(got, "-") || !strings.HasPrefix(got, "word-word") {
		t.Errorf("Make(long) = %q (len %d)", got, len(got))
	}
	got = Make(strings.Repeat("é", 200))
	if len(got) > MaxLen || !utf8.ValidString(got) {
		t.Errorf("Make(accents) = %q", got)
	}
	got = Make(strings.Repeat("λ", 200))
	if len(got) > MaxLen || !utf8.ValidString(got) {
		t.Errorf("Make(greek) = %q", got)
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"How will you?", "../x", "a/b\\c", "é\u0301", "\xff\xfe", strings.Repeat("ab ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if len(got) > MaxLen {
			t.Fatalf("too long: %d", len(got))
		}
		if strings.ContainsAny(got, "/\\.\x00 ") || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("unsafe slug %q from %q", got, s)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 %q", got)
		}
		if Make(got) != got {
			t.Fatalf("not idempotent: %q -> %q", got, Make(got))
		}
	})
}
