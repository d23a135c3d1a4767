// Package parallel is signpost's one worker pool: it runs the iterations of
// a loop on a bounded number of goroutines. It owns nothing but the
// goroutines it starts, which have all returned when For does; what the
// loop body reads and writes is the caller's to keep safe (typically each
// iteration writes only its own element of a slice made beforehand).
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Max bounds the goroutines of one loop, whatever the machine: per-worker
// state (a lexer, a buffer) is allocated for each.
const Max = 64

// Workers returns the number of goroutines a loop asked to use n at a time
// runs on: n when positive, else one per CPU, and never more than Max.
func Workers(n int) int {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return min(max(n, 1), Max)
}

// For calls f(w, i) for each i from 0 to n-1 on Workers(workers)
// goroutines (never more than n), where w, from 0 to Workers(workers)-1,
// numbers the goroutine making the call, so that f can use per-worker
// state. Iterations are handed out in order. Once ctx is done no new
// iteration starts; For returns ctx.Err() after every call of f has
// returned.
func For(ctx context.Context, workers, n int, f func(w, i int)) error {
	k := min(Workers(workers), n)
	if k <= 1 {
		// One worker: no goroutine, and panics keep their stack.
		for i := range n {
			if ctx.Err() != nil {
				break
			}
			f(0, i)
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range k {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				f(w, i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}
