// Package gcfloor lets the heap of a command that runs once, such as a
// build, grow to a floor before the garbage collector works to keep it
// small.
//
// With the runtime's default (GOGC=100) the collector runs each time the
// heap has doubled since the last collection, starting at 4 MB: a build of
// 1,000 pages, whose live heap stays under 40 MB while it allocates over
// 200 MB, collected a dozen times and spent a tenth of its CPU time
// marking. Over the floor the collector paces itself as before, so a large
// site's peak memory is what it was.
package gcfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapMinimum is the heap at which the runtime starts its first collection
// at GOGC=100, before any heap is known to be live.
const heapMinimum = 4 << 20

// Set lets the heap grow to floor bytes before a collection, until the
// returned function is called, which puts the collector back to its
// default, GOGC=100. After each collection it sets the GOGC percentage so
// that the next starts when the heap reaches floor, or twice the live heap
// (as GOGC=100 does), whichever is larger. Set changes the whole
// process's collector, which must be at its default: call it only when
// the user has not set GOGC. Two at once (tests running commands side by
// side) leave it at the default once both are done.
func Set(floor uint64) (restore func()) {
	t := &tuner{floor: floor, base: defaultPercent}
	debug.SetGCPercent(t.percent(0))
	t.arm()
	return t.stop
}

// defaultPercent is the runtime's GOGC percentage when GOGC is not set.
const defaultPercent = 100

type tuner struct {
	floor   uint64
	base    int // the GOGC percentage over the floor
	mu      sync.Mutex
	stopped bool
	live    [1]metrics.Sample
}

// sentinel is allocated for each collection to notice: its cleanup runs
// once a collection has found it unreachable. It holds a pointer so that
// the runtime does not pack it with other small objects.
type sentinel struct {
	_ *int
	_ [8]byte
}

func (t *tuner) arm() {
	runtime.AddCleanup(new(sentinel), (*tuner).collected, t)
}

// collected runs after each collection, on the runtime's cleanup goroutine.
func (t *tuner) collected() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	t.live[0].Name = "/gc/heap/live:bytes"
	metrics.Read(t.live[:])
	var live uint64
	if t.live[0].Value.Kind() == metrics.KindUint64 {
		live = t.live[0].Value.Uint64()
	}
	debug.SetGCPercent(t.percent(live))
	t.arm()
}

// percent is the GOGC percentage that makes the next collection start when
// the heap reaches the floor, given the live heap of the last collection
// (0 before the first), or the base percentage when that starts it later.
func (t *tuner) percent(live uint64) int {
	if live == 0 {
		return max(t.base, int(t.floor*100/heapMinimum))
	}
	if live >= t.floor {
		return t.base
	}
	return max(t.base, int(t.floor*100/live)-100)
}

func (t *tuner) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.stopped {
		t.stopped = true
		debug.SetGCPercent(t.base)
	}
}
