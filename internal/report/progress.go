package report

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress shows a count on one terminal line, rewritten in place: nothing
// for the first Delay, so that quick runs print nothing, then at most one
// update per Every.
type Progress struct {
	w     io.Writer
	label string
	now   func() time.Time
	// Delay is how long to wait before the first update; Every the least
	// time between updates.
	Delay, Every time.Duration

	mu    sync.Mutex
	start time.Time
	last  time.Time
	shown bool
}

// NewProgress returns a Progress that writes "label: done/total" to w,
// telling time with now.
func NewProgress(w io.Writer, label string, now func() time.Time) *Progress {
	return &Progress{w: w, label: label, now: now, Delay: 500 * time.Millisecond, Every: 100 * time.Millisecond, start: now()}
}

// Update shows that done of total are done. It is safe to call from
// several goroutines, and cheap when it prints nothing.
func (p *Progress) Update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if t.Sub(p.start) < p.Delay || p.shown && t.Sub(p.last) < p.Every && done < total {
		return
	}
	p.last, p.shown = t, true
	pct := 0
	if total > 0 {
		pct = done * 100 / total
	}
	fmt.Fprintf(p.w, "\r%s: %d/%d (%d%%)\x1b[K", p.label, done, total, pct)
}

// Done clears the line, if anything was shown.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
