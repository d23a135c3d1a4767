package check

import (
	"slices"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/diag"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReview(t *testing.T) {
	now := time.Date(2026, 1, 1, 23, 59, 0, 0, time.UTC)
	tests := []struct {
		due  string
		want diag.Severity
		msg  string // "" for no finding
	}{
		{"", 0, ""},
		{"2025-12-31", diag.Warning, `review_due: 2025-12-31, 1 day ago: "P" is overdue for review`},
		{"2024-01-01", diag.Warning, `review_due: 2024-01-01, 731 days ago: "P" is overdue for review`},
		{"2026-01-01", diag.Info, `review_due: 2026-01-01, today: "P" is due for review`},
		{"2026-01-02", diag.Info, `review_due: 2026-01-02, tomorrow: "P" is due for review`},
		{"2026-01-31", diag.Info, `review_due: 2026-01-31, in 30 days: "P" is due for review`},
		{"2026-02-01", 0, ""},
	}
	for _, tt := range tests {
		var due time.Time
		if tt.due != "" {
			due = date(tt.due)
		}
		d, ok := Review("P", due, now, DefaultWindow)
		if ok != (tt.msg != "") {
			t.Errorf("%s: finding %v, want %v", tt.due, ok, tt.msg != "")
			continue
		}
		if ok && (d.Severity != tt.want || d.Msg != tt.msg) {
			t.Errorf("%s: got %v %q, want %v %q", tt.due, d.Severity, d.Msg, tt.want, tt.msg)
		}
	}
}

// TestReviewTimeZone checks that a date is a calendar day: just after
// midnight in London, during summer time, is already the next day.
func TestReviewTimeZone(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	now := time.Date(2026, 7, 2, 0, 30, 0, 0, london) // 2026-07-01 23:30 UTC
	d, ok := Review("P", date("2026-07-01"), now, DefaultWindow)
	if !ok || d.Severity != diag.Warning {
		t.Errorf("due yesterday in London: got %v %v", ok, d)
	}
}

func TestExpiry(t *testing.T) {
	now := date("2026-01-01")
	tests := []struct {
		expires string
		want    bool
	}{
		{"", false},
		{"2025-12-31", false}, // already gone: left out, not "soon"
		{"2026-01-01", true},
		{"2026-01-31", true},
		{"2026-02-01", false},
	}
	for _, tt := range tests {
		var e time.Time
		if tt.expires != "" {
			e = date(tt.expires)
		}
		if d, ok := Expiry(e, now, DefaultWindow); ok != tt.want || ok && (d.Severity != diag.Info || d.Code != diag.CodeExpiresSoon) {
			t.Errorf("%s: got %v %v, want %v", tt.expires, ok, d, tt.want)
		}
	}
}

func TestStrict(t *testing.T) {
	l := diag.List{
		{Severity: diag.Error, Msg: "e"},
		{Severity: diag.Warning, Msg: "w"},
		{Severity: diag.Info, Msg: "i"},
	}
	Strict(l)
	want := diag.List{
		{Severity: diag.Error, Msg: "e"},
		{Severity: diag.Warning, Msg: "w", Strict: true},
		{Severity: diag.Info, Msg: "i"},
	}
	if !slices.Equal(l, want) {
		t.Errorf("got %+v", l)
	}
}
