// Package corpus generates deterministic synthetic knowledge-base content
// for benchmarks and tests: articles (~60 %), interviews (~25 %) and
// strategy entries (~15 %) in signpost's front-matter schema, with prose
// bodies of ~600-900 words, `## ` headings, lists, block quotes, links
// (outside ones and relative links to other pages of the corpus), emphasis,
// a GFM table on ~15 % of pages and a fenced code block on ~10 %.
//
// The output depends only on Options (never on the machine, the worker count
// or the time): the same options give byte-identical files. Each page draws
// from its own random stream, derived from the seed and the page's index, so
// pages are built in parallel; the word pools and a pool of 40,000 sentences
// are drawn once per Generate from the seed. Proper nouns (invented places,
// products, people, hospitals) and numbers are drawn per page, so the
// vocabulary keeps growing with the corpus, as in a real one.
//
// It is a Go port of the spirit of tools/gencorpus.py; the text differs
// from the Python's, the shape and proportions are the same.
//
// It is for benchmarks and tests (and cmd/gencorpus): nothing a site build
// runs may depend on it.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/signpost-kb/signpost/internal/parallel"
)

// Schema selects the front-matter field names.
type Schema int

const (
	// SchemaSignpost writes signpost's fields: authors (list), interviewee
	// {name, role, organisation}, strategy url, publisher, status and
	// superseded_by.
	SchemaSignpost Schema = iota
	// SchemaHugo writes fields Hugo accepts for the side-by-side benchmark:
	// author, interviewee and role strings, and link instead of url (Hugo
	// reserves url for the page's own permalink); no superseded_by.
	SchemaHugo
)

// Options say what to generate.
type Options struct {
	Pages   int     // number of content pages (the _index.md files are extra)
	Seed    uint64  // random seed
	Drafts  float64 // fraction of pages with draft: true, 0 to 1
	Schema  Schema  // front-matter field names
	Workers int     // files written in parallel; 0 means GOMAXPROCS. Does not change the output.
}

// Stats describe a generated corpus.
type Stats struct {
	Articles, Interviews, Strategy int
	Bytes                          int64 // total size of the files written, _index.md included
	// FirstArticle is the slash-separated path, relative to root, of the
	// article with the lowest index ("" if none): a page to Edit.
	FirstArticle string
}

// Generate writes a corpus of opt.Pages pages under root/content (root is
// created if need be). It refuses to touch an existing root/content. On
// error or cancellation it returns with the corpus partly written.
func Generate(ctx context.Context, root string, opt Options) (Stats, error) {
	if opt.Pages < 0 {
		return Stats{}, fmt.Errorf("corpus: pages: want 0 or more, got %d", opt.Pages)
	}
	if !(opt.Drafts >= 0 && opt.Drafts <= 1) {
		return Stats{}, fmt.Errorf("corpus: drafts: want a fraction from 0 to 1, got %v", opt.Drafts)
	}
	if opt.Schema != SchemaSignpost && opt.Schema != SchemaHugo {
		return Stats{}, fmt.Errorf("corpus: schema: want SchemaSignpost or SchemaHugo, got %d", opt.Schema)
	}
	content := filepath.Join(root, "content")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return Stats{}, err
	}
	if err := os.Mkdir(content, 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return Stats{}, fmt.Errorf("corpus: %s already exists; generate into an empty directory", content)
		}
		return Stats{}, err
	}
	var st Stats
	for _, f := range indexFiles() {
		if f.dir != "" {
			if err := os.Mkdir(filepath.Join(content, f.dir), 0o755); err != nil {
				return st, err
			}
		}
		if err := writeNew(filepath.Join(content, f.dir, "_index.md"), []byte(f.text)); err != nil {
			return st, err
		}
		st.Bytes += int64(len(f.text))
	}

	v := newVocab(opt.Seed)
	workers := min(parallel.Workers(opt.Workers), max(opt.Pages, 1))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// Each worker has its own page generator and counts.
	gens := make([]*pageGen, workers)
	counts := make([]Stats, workers)
	firsts := make([]int, workers)
	parallel.For(ctx, workers, opt.Pages, func(w, i int) {
		if gens[w] == nil {
			gens[w], firsts[w] = newPageGen(v, opt), -1
		}
		ws := &counts[w]
		sec, name, data := gens[w].page(i)
		if err := writeNew(filepath.Join(content, sectionName(sec), name), data); err != nil {
			cancel(err)
			return
		}
		ws.Bytes += int64(len(data))
		switch sec {
		case articles:
			ws.Articles++
			if firsts[w] < 0 || i < firsts[w] {
				firsts[w], ws.FirstArticle = i, "content/articles/"+name
			}
		case interviews:
			ws.Interviews++
		case strategy:
			ws.Strategy++
		}
	})
	firstArt := -1
	for w, ws := range counts {
		st.Articles += ws.Articles
		st.Interviews += ws.Interviews
		st.Strategy += ws.Strategy
		st.Bytes += ws.Bytes
		if gens[w] != nil && firsts[w] >= 0 && (firstArt < 0 || firsts[w] < firstArt) {
			firstArt, st.FirstArticle = firsts[w], ws.FirstArticle
		}
	}
	if err := context.Cause(ctx); err != nil {
		return st, err
	}
	return st, nil
}

// writeNew writes data to a new file at path; it fails if path exists.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}

// indexFile is one _index.md: the home page's (dir "") or a section's.
type indexFile struct{ dir, text string }

func indexFiles() []indexFile {
	section := func(title, desc string) string {
		return "---\ntitle: \"" + title + "\"\nsummary: \"" + desc + "\"\n---\n\n" + desc + "\n"
	}
	return []indexFile{
		{"", "---\ntitle: \"NHS Digital Knowledge Base (synthetic)\"\n---\n\n" +
			"Synthetic corpus for static-site generator benchmarks.\n"},
		{"articles", section("Articles", "Articles, case studies and opinion on NHS digital.")},
		{"interviews", section("Interviews", "Conversations with digital leaders across health and care.")},
		{"strategy", section("Strategy", "National and local strategy documents, current, superseded and withdrawn.")},
	}
}
