package gcfloor

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name        string
		floor, live uint64
		base, want  int
	}{
		{"before the first collection: the first starts at the floor", 128 * mb, 0, 100, 3200},
		{"a small live heap: the next starts at the floor", 128 * mb, 32 * mb, 100, 300},
		{"half the floor live: the base percentage reaches it", 128 * mb, 64 * mb, 100, 100},
		{"more live than half the floor: the base percentage", 128 * mb, 100 * mb, 100, 100},
		{"more live than the floor", 128 * mb, 400 * mb, 100, 100},
		{"a higher base percentage is kept", 128 * mb, 32 * mb, 500, 500},
		{"a floor below the runtime's first heap", 1 * mb, 0, 100, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tu := &tuner{floor: tc.floor, base: tc.base}
			if got := tu.percent(tc.live); got != tc.want {
				t.Errorf("percent(%d MB) = %d, want %d", tc.live/mb, got, tc.want)
			}
		})
	}
}

// TestSetRestore checks that Set changes the percentage, keeps it changed
// through collections, and that restore puts back the default.
func TestSetRestore(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	restore := Set(1 << 30)
	for range 3 {
		runtime.GC()
	}
	if got := debug.SetGCPercent(100); got <= 100 {
		t.Errorf("after Set and collections, GOGC = %d, want more than 100", got)
	}
	restore()
	runtime.GC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after restore, GOGC = %d, want 100", got)
	}
}

// TestSetTwice checks that two tuners at once, restored in either order,
// leave the default.
func TestSetTwice(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	a := Set(1 << 30)
	b := Set(1 << 29)
	runtime.GC()
	a()
	runtime.GC()
	b()
	runtime.GC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after both restored, GOGC = %d, want 100", got)
	}
}
