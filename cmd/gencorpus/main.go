// Command gencorpus writes a deterministic synthetic knowledge-base corpus
// (articles, interviews and strategy entries with front matter) for
// benchmarks:
//
//	gencorpus --pages 10000 --out /tmp/corpus [--seed 1] [--schema signpost|hugo] [--drafts 0]
//
// The same flags give byte-identical files on any machine. It writes
// OUT/content and refuses to run if that folder exists.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/signpost-kb/signpost/internal/corpus"
)

func main() {
	pages := flag.Int("pages", 0, "number of content pages (required)")
	out := flag.String("out", "", "site root to write content/ into (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	schema := flag.String("schema", "signpost", "front-matter field names: signpost or hugo")
	drafts := flag.Float64("drafts", 0, "fraction of pages marked draft: true")
	flag.Parse()
	if *pages <= 0 || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus --pages N --out DIR [--seed S] [--schema signpost|hugo] [--drafts F]")
		os.Exit(2)
	}
	opt := corpus.Options{Pages: *pages, Seed: *seed, Drafts: *drafts}
	switch *schema {
	case "signpost":
	case "hugo":
		opt.Schema = corpus.SchemaHugo
	default:
		fmt.Fprintf(os.Stderr, "gencorpus: --schema: want signpost or hugo, got %q\n", *schema)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	st, err := corpus.Generate(ctx, *out, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: %d pages (articles %d, interviews %d, strategy %d), %.1f MB, seed %d, %.2fs -> %s\n",
		*pages, st.Articles, st.Interviews, st.Strategy, float64(st.Bytes)/1e6, *seed,
		time.Since(start).Seconds(), *out+"/content")
}
