package search

import (
	"context"

	par "github.com/signpost-kb/signpost/internal/parallel"
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

// parallel calls f(w, 0) … f(w, n-1) on the given number of goroutines
// (see parallel.For), where w is the calling worker's number, and stops
// early when ctx is cancelled.
func parallel(ctx context.Context, workers, n int, f func(w, i int)) error {
	return par.For(ctx, workers, n, f)
}
