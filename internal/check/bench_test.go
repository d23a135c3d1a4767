package check

import (
	"context"
	"testing"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/corpus"
)

// benchSite generates a corpus of n pages once per benchmark.
func benchSite(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := corpus.Generate(context.Background(), dir, corpus.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkDryRun1k is the dry-run build that check starts from, without
// an inventory, for comparison with BenchmarkCheck1k.
func BenchmarkDryRun1k(b *testing.B) {
	dir := benchSite(b, 1000)
	for b.Loop() {
		if _, l := build.Run(context.Background(), build.Options{Root: dir, Now: now, DryRun: true}); l.HasErrors() {
			b.Fatal(l)
		}
	}
}

// BenchmarkCheck1k is a whole check (without --external): the dry run with
// an inventory, site-path links and review dates.
func BenchmarkCheck1k(b *testing.B) {
	dir := benchSite(b, 1000)
	for b.Loop() {
		if _, l := Run(context.Background(), Options{Build: build.Options{Root: dir, Now: now}}); l.HasErrors() {
			b.Fatal(l)
		}
	}
}
