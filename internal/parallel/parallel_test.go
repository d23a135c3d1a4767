package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for _, tc := range []struct{ workers, n int }{
		{0, 0}, {0, 1}, {1, 10}, {2, 1}, {3, 100}, {8, 7}, {-1, 50}, {1000, 200},
	} {
		seen := make([]int32, tc.n)
		var mu sync.Mutex
		ws := map[int]bool{}
		err := For(context.Background(), tc.workers, tc.n, func(w, i int) {
			atomic.AddInt32(&seen[i], 1)
			mu.Lock()
			ws[w] = true
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range seen {
			if c != 1 {
				t.Errorf("workers %d, n %d: index %d called %d times", tc.workers, tc.n, i, c)
			}
		}
		for w := range ws {
			if w < 0 || w >= Workers(tc.workers) || w >= max(tc.n, 1) {
				t.Errorf("workers %d, n %d: worker number %d out of range", tc.workers, tc.n, w)
			}
		}
	}
}

func TestForBoundsGoroutines(t *testing.T) {
	var running, most atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 100)
	done := make(chan error)
	go func() {
		done <- For(context.Background(), 3, 100, func(_, _ int) {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			started <- struct{}{}
			<-release
			running.Add(-1)
		})
	}()
	for range 3 {
		<-started
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m := most.Load(); m != 3 {
		t.Errorf("at most %d iterations ran at once, want 3", m)
	}
}

func TestForStopsWhenCancelled(t *testing.T) {
	for _, workers := range []int{1, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int32
		err := For(ctx, workers, 1000, func(_, i int) {
			if calls.Add(1) == 10 {
				cancel()
			}
		})
		if err != context.Canceled {
			t.Errorf("workers %d: err = %v, want context.Canceled", workers, err)
		}
		// Each worker may have started one iteration after the cancel.
		if n := calls.Load(); n > int32(10+workers) {
			t.Errorf("workers %d: %d iterations ran after cancelling at the 10th", workers, n)
		}
	}
}

func TestWorkers(t *testing.T) {
	if got, want := Workers(0), min(runtime.GOMAXPROCS(0), Max); got != want {
		t.Errorf("Workers(0) = %d, want %d", got, want)
	}
	if got := Workers(5); got != 5 {
		t.Errorf("Workers(5) = %d", got)
	}
	if got := Workers(1 << 20); got != Max {
		t.Errorf("Workers(1<<20) = %d, want %d", got, Max)
	}
}
