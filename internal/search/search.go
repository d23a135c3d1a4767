// Package search builds the static search index of a site: an inverted
// index of every page, split into small files so that a browser downloads
// only what a query needs.
//
// It owns the index format, the ranking, and the Go twin of the browser
// runtime. It must not read files or know more of a page than its Doc.
//
// # Files
//
// Every file is gzip-compressed (so its transfer size does not depend on the
// web server) and served as application/octet-stream:
//
//	search/manifest.bin      JSON: counts, shard bounds, facet vocabularies, text tables
//	search/terms/N.bin       binary: the entries of a range of stems, with the
//	                         excerpts, titles and addresses of their best pages
//	                         (cards), and the surface words of the range
//	search/members/N.bin     binary: the pages of shard N's common stems
//	search/pages/N.bin       JSON: a run of pages' titles, metadata, section headings
//	                         and, for a site of up to Options.FullText bytes of text, the text
//	search/facets.bin        binary: each page's content type, tags and organisations
//
// A first one-word query fetches the manifest and one term shard: the
// stem's entry has its best pages and their cards, and counts per facet.
// A further one-word query fetches one shard. The list of every page of a
// common stem is in the members file, read for queries of several words, with
// filters, or past the stem's best pages. Results that no card shows come
// from the page files. The facet table is read to filter, and to count
// facets over several words.
//
// A small site (page records up to 128 KB) has no cards: its first query
// reads the one page file, which has every page's text.
//
// # Ranking
//
// Scores are BM25F, computed at build time and stored quantised: for each
// (stem, page) a page score over the fields title, tags, people,
// organisations, summary, headings and body, and for each (stem, section) a
// section score. A page's score for a query sums its page scores, adds the
// best single section's summed scores (that section is the sub-result the
// result links to) and a bonus where query words are adjacent in the title
// or a section. Ties go to the newer page: pages are numbered newest first.
// Very common stems keep scores for their best pages only (Options.Scored);
// their other pages share one average score. The length averages the
// scores are normalised by are rounded (quantiseAvg), so that a build
// through a Cache scores again only the pages whose scores can have
// changed (scoring.go).
//
// # Queries
//
// A query's words are folded like the index (case, accents, British
// spelling, Snowball stems); stop words and the words of a question ("who
// said what about") are left out unless nothing else is left. Pages must have
// every word; if none has, pages with some of them are shown, marked as
// partial. A last word still being typed (at least three letters, no space
// after it, not itself a known word) matches the best pages of its stem and
// of the stems and words it begins: a preview that needs no list of every
// page. Facets are counted over the matching pages, each under the other
// facets' filters, once the last word is complete.
//
// The query side is implemented twice, by Searcher here and by the browser
// runtime in themes/nhs/static (search-text.js, search-engine.js), and
// TestJSRuntime proves that they agree on tokens, stems, results and the
// files they fetch.
package search

import (
	"context"
	"time"
)

// Doc is one page to index.
type Doc struct {
	URL           string    // path from the site root with slashes, e.g. "/interviews/mark-stanton/"
	Kind          string    // "article", "interview" or "strategy"
	Title         string    // page title
	Summary       string    // one or two sentences
	Date          time.Time // publication date; zero if unknown
	Tags          []string  // display names
	Organisations []string  // display names
	People        []string  // authors, interviewee, interviewer
	Sections      []Section // the body split at its headings, in order
}

// Section is a part of a page body: the text under one heading, up to the
// next heading of the same or a higher level. The first section may have no
// heading (the introduction).
type Section struct {
	Anchor  string // heading id on the page; "" for the introduction
	Heading string // heading text; for interviews the question
	Text    string // plain text
}

// Options tunes the size of the index files and carries a cache. The zero
// value is good.
type Options struct {
	// ShardSize is the target uncompressed size in bytes of a term shard
	// and of a page file. Zero means 6144, which keeps a further one-word
	// query under about 5 KB on a 10,000-page site.
	ShardSize int
	// Scored is how many pages per stem keep their own score and sections,
	// best first; the others share an average score. More ranks queries of
	// several common words better and costs about 20 bytes a page. Zero
	// means 64.
	Scored int
	// Cards is how many best results per stem ship in its term shard with
	// title and excerpt, so a one-word query shows its first page without
	// fetching page files. Zero means 10, the runtime's page size. A site
	// whose page records fit in one file has none: a query reads that file.
	Cards int
	// FullText is the size in bytes of the pages' text up to which the page
	// files carry it, so that any result can show an excerpt around the
	// words; above it, a result that no card shows has the page's summary.
	// Zero means 2 MB (about 300 pages); below zero means never.
	FullText int
	// SpellSize is the target uncompressed size in bytes of a spell shard,
	// the words a misspelt query word is matched against. Zero means 8192.
	SpellSize int
	// Synonyms are groups of terms that mean the same (see CheckSynonyms);
	// a group that CheckSynonyms rejects is left out.
	Synonyms [][]string
	// Cache, if not nil, carries work from one Build to the next.
	Cache *Cache
	// Workers bounds the goroutines of each step; 0 means one per CPU.
	Workers int

	query *tunables // for tests: other tunables than defaults
}

func (o Options) withDefaults() Options {
	if o.ShardSize <= 0 {
		o.ShardSize = 6144
	}
	if o.Scored <= 0 {
		o.Scored = 64
	}
	if o.Cards <= 0 {
		o.Cards = 10
	}
	if o.FullText == 0 {
		o.FullText = 2 << 20
	}
	if o.SpellSize <= 0 {
		o.SpellSize = 8192
	}
	return o
}

// File is one file of the index.
type File struct {
	Path string // relative to the site root, e.g. "search/terms/3.bin"
	Data []byte
}

// Index is a built search index.
type Index struct {
	files []File
}

// Files returns the files of the index sorted by path. The caller must not
// modify them.
func (ix *Index) Files() []File { return ix.files }

// Build indexes docs. The result depends only on the set of docs, not on
// their order.
func Build(ctx context.Context, docs []Doc, opt Options) (*Index, error) {
	b, err := newBuilder(ctx, docs, opt.withDefaults())
	if err != nil {
		return nil, err
	}
	files, err := b.files(ctx)
	if err != nil {
		return nil, err
	}
	return &Index{files: files}, nil
}
