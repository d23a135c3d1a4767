package search

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// byPage groups refs given in stem order by page, in stem order within a
// page.
func byPage[T any](n int, refs []T, page func(T) int32) [][]T {
	count := make([]int32, n+1)
	for _, r := range refs {
		count[page(r)+1]++
	}
	for i := range n {
		count[i+1] += count[i]
	}
	flat := make([]T, len(refs))
	next := append([]int32(nil), count[:n]...)
	for _, r := range refs {
		p := page(r)
		flat[next[p]] = r
		next[p]++
	}
	out := make([][]T, n)
	for i := range out {
		out[i] = flat[count[i]:count[i+1]:count[i+1]]
	}
	return out
}

// workersMax bounds workers().
const workersMax = 64

// workers is the number of goroutines parallel uses.
func workers() int { return min(workersMax, max(1, runtime.GOMAXPROCS(0))) }

// parallel calls f(w, 0) … f(w, n-1) on workers() goroutines, where w is the
// calling worker's number, and stops early when ctx is cancelled.
func parallel(ctx context.Context, n int, f func(w, i int)) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers(), max(1, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				f(w, i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
