package markdown

import (
	"testing"
	"time"
)

// TestHighlightSteady: a code block whose highlighting took as long as
// Chroma lets one match try (so that a match may have timed out and the
// tokens come out otherwise) is highlighted again, until a run is quicker
// or highlightTries have been made.
func TestHighlightSteady(t *testing.T) {
	for _, tc := range []struct {
		name  string
		takes []time.Duration // each run's time
		want  string          // the output kept
		runs  int
	}{
		{"quick", []time.Duration{time.Millisecond}, "1", 1},
		{"slow, then quick", []time.Duration{matchTimeout, time.Millisecond}, "2", 2},
		{"slow every time", []time.Duration{time.Second, time.Second, time.Second, time.Second}, "3", highlightTries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var clock time.Time
			runs := 0
			h := &highlighter{now: func() time.Time { return clock }}
			out, ok := h.steady(func() ([]byte, bool) {
				clock = clock.Add(tc.takes[runs])
				runs++
				return []byte{byte('0' + runs)}, true
			})
			if !ok || string(out) != tc.want || runs != tc.runs {
				t.Errorf("got %q, %v after %d runs; want %q after %d", out, ok, runs, tc.want, tc.runs)
			}
		})
	}
	// A block that cannot be highlighted is not tried again.
	runs := 0
	h := &highlighter{now: func() time.Time { return time.Time{}.Add(time.Duration(runs) * time.Second) }}
	if _, ok := h.steady(func() ([]byte, bool) { runs++; return nil, false }); ok || runs != 1 {
		t.Errorf("a failed highlight: ok %v after %d runs; want false after 1", ok, runs)
	}
}
