package watch

import (
	"context"
	"fmt"
	"github.com/signpost-kb/signpost/internal/layout"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkEventToBatch measures the time from writing a file to receiving
// its batch, with the default quiet period: the watcher's share of the
// rebuild latency.
func BenchmarkEventToBatch(b *testing.B) {
	root := b.TempDir()
	name := filepath.Join(root, "content", "x.md")
	os.MkdirAll(filepath.Dir(name), 0o755)
	w, err := New(Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Batch)
	done := make(chan error)
	go func() { done <- w.Run(ctx, out) }()
	defer func() { cancel(); <-done }()
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(name, []byte(fmt.Sprint(i)), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case <-out:
		case <-time.After(waitLimit):
			b.Fatal("no batch")
		}
	}
}

func BenchmarkMerge(b *testing.B) {
	events := make([]Event, 10000)
	for i := range events {
		events[i] = Event{Path: fmt.Sprintf("content/%04d.md", i%2000), Op: Op(1 + i%3), Kind: layout.Content}
	}
	for b.Loop() {
		Merge(events)
	}
}

// BenchmarkNew measures the initial scan of a site of 2,000 files in 100
// folders.
func BenchmarkNew(b *testing.B) {
	root := b.TempDir()
	for i := range 2000 {
		name := filepath.Join(root, "content", fmt.Sprintf("s%02d", i%100), fmt.Sprintf("%d.md", i))
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, nil, 0o644)
	}
	for b.Loop() {
		w, err := New(Options{Root: root})
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}
