package build

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestIDsUniqueOnEveryPage builds every fixture site, and one whose pages
// repeat headings and use the words of the theme's own ids in their
// headings (the home page's "Latest articles" and "Popular topics", an
// interview asking one question twice), and parses every page as a browser
// does: no id is on two elements of a page, and every link to #id on the
// page has its target.
func TestIDsUniqueOnEveryPage(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(fixtures) == 0 {
		t.Fatal("no fixtures", err)
	}
	dirs := map[string]string{}
	for _, f := range fixtures {
		dirs[filepath.Base(f)] = testsite.FromFile(t, f)
	}
	dirs["repeats"] = testsite.FromString(t, `
-- content/_index.md --
---
title: Home
---
## Latest articles

## Popular topics

## Main content
-- content/articles/a.md --
---
title: A
date: 2024-01-01
summary: s
tags: [leadership]
---
## Same

## Same

## Same

A note.[^1]

## Search

[^1]: The note.
-- content/interviews/q.md --
---
title: Q
date: 2024-01-01
summary: s
interviewee: {name: N, role: R, organisation: O}
---
## Why?

## Why?

## Latest interviews?
`)
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			out, _ := mustBuild(t, dir, Options{})
			for p, data := range testsite.Tree(t, out) {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				doc, err := html.Parse(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				seen := map[string]int{}
				var links []string
				for n := range doc.Descendants() {
					for _, a := range n.Attr {
						switch {
						case a.Key == "id":
							seen[a.Val]++
						case a.Key == "href" && strings.HasPrefix(a.Val, "#"):
							links = append(links, a.Val[1:])
						}
					}
				}
				for id, n := range seen {
					if n > 1 {
						t.Errorf("%s: id %q is on %d elements", p, id, n)
					}
				}
				for _, l := range links {
					if seen[l] == 0 {
						t.Errorf("%s: a link to #%s, which no element has", p, l)
					}
				}
			}
		})
	}
}
