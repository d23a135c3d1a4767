package preview

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
func BenchmarkSaveToOutput10k(b *testing.B) {
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
	<-built
	var times []time.Duration
	n := 0
	for b.Loop() {
		n++
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
				b.Fatal("the edit never reached the output")
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
