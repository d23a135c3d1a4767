package preview

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/corpus"
	"github.com/signpost-kb/signpost/internal/watch"
)

// BenchmarkSaveToOutput10k measures what someone editing a 10,000-page
// site waits for in watch mode: from saving a file to its page written in
// the output folder, through the file system's change notification, the
// watcher's quiet period (watch.DefaultQuiet) and the rebuild. Each
// iteration edits the body of the same article. It reports the median and
// 90th percentile besides the mean.
func BenchmarkSaveToOutput10k(b *testing.B) { saveToOutput(b, 0) }

// BenchmarkTyping10k is BenchmarkSaveToOutput10k with one edit a second,
// as someone typing in an editor that saves as they go: each edit comes
// while the search index update of the one before (SearchDelay after it)
// is still running, and must not wait for it. Run it on a real disk
// (TMPDIR=/tmp), where that update's writes take longest.
func BenchmarkTyping10k(b *testing.B) { saveToOutput(b, time.Second) }

// saveToOutput measures from an edit to its page in the output. With
// every > 0 the edits start that far apart (their ns/op is about every);
// with 0 each comes as soon as the last reached the output.
func saveToOutput(b *testing.B, every time.Duration) {
	root := b.TempDir()
	st, err := corpus.Generate(context.Background(), root, corpus.Options{Pages: 10000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	page := filepath.Join(out, "articles", stemOf(st.FirstArticle), "index.html")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	built := make(chan struct{}, 1)
	go func() {
		done <- Run(ctx, Options{
			Build: build.Options{Root: root, Out: out, Now: now},
			Reload: func([]string) {
				select {
				case built <- struct{}{}:
				default:
				}
			},
		})
	}()
	defer func() {
		cancel()
		<-done
	}()
	// The first build, or why there is none: a benchmark has no test
	// timeout, so a preview that stopped or hung would wait for ever.
	select {
	case <-built:
	case err := <-done:
		done <- err
		b.Fatalf("the preview stopped before its first build: %v", err)
	case <-time.After(5 * time.Minute):
		pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
		b.Fatal("no first build in 5 minutes; the goroutines are above")
	}
	var times []time.Duration
	n := 0
	next := time.Now()
	for b.Loop() {
		n++
		if every > 0 {
			time.Sleep(time.Until(next))
			next = time.Now().Add(every)
		}
		if err := corpus.Edit(root, st.FirstArticle, n); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		want := []byte("Revision " + strconv.Itoa(n) + ":")
		for {
			data, _ := os.ReadFile(page)
			if bytes.Contains(data, want) {
				break
			}
			if time.Since(start) > time.Minute {
				pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
				b.Fatal("the edit never reached the output; the goroutines are above")
			}
			time.Sleep(200 * time.Microsecond)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
	b.ReportMetric(float64(watch.DefaultQuiet.Milliseconds()), "quiet-ms")
}

// stemOf returns the slug of a generated page: its file name without
// the extension.
func stemOf(rel string) string {
	base := filepath.Base(rel)
	return base[:len(base)-len(filepath.Ext(base))]
}
