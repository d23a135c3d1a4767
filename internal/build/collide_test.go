package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestCollisionsFoundBeforeWriting gives pages, aliases and content files
// the addresses of what signpost generates (feeds, the sitemap, the
// search page and index, a list's later pages, a topic page, the 404
// page, a section's list) or of each other's folders. check (a dry run)
// and build report the same content errors, at the file and line that
// asks, naming the other side; the build writes nothing.
func TestCollisionsFoundBeforeWriting(t *testing.T) {
	dir := testsite.FromString(t, `
-- signpost.toml --
page_size = 1
-- content/articles/a.md --
---
title: A
date: 2024-01-01
summary: s
tags: [leadership]
aliases: ["/feed.xml", "/search/", "/tags/leadership/", "/404.html", "/robots.txt/"]
---
-- content/articles/b.md --
---
title: B
date: 2024-01-02
summary: s
---
-- content/articles/page/2.md --
---
title: Second
date: 2024-01-03
summary: s
---
-- content/guides/x.md --
---
title: X
aliases: ["/guides/"]
---
-- content/interviews/y.md --
---
title: Y
date: 2024-01-01
summary: s
interviewee: {name: N, role: R, organisation: O}
---
-- content/sitemap.xml --
<urlset/>
-- content/search/logo.png --
png
-- content/articles/x --
a file called x
-- content/articles/x.md --
---
title: X
date: 2024-01-04
summary: s
---
`)
	want := []string{
		`content/articles/a.md:6: error: aliases: /feed.xml/ needs a folder feed.xml/, but feed.xml is the site's Atom feed, which signpost generates`,
		`content/articles/a.md:6: error: aliases: /search/ is the address of the search page, which signpost generates`,
		`content/articles/a.md:6: error: aliases: /tags/leadership/ is the address of the page of the topic "leadership", which signpost generates`,
		`content/articles/a.md:6: error: aliases: /404.html is the address of the "Page not found" page, which signpost generates`,
		`content/articles/a.md:6: error: aliases: /robots.txt/ needs a folder robots.txt/, but robots.txt is robots.txt, which signpost generates`,
		`content/articles/page/2.md:1: error: this page's address /articles/page/2/ is the address of page 2 of the list of the Articles section, which signpost generates`,
		`content/guides/x.md:3: error: aliases: /guides/ is the address of the list of the Guides section, which signpost generates`,
		`content/sitemap.xml: error: this file's address /sitemap.xml is the address of the sitemap, which signpost generates`,
		`content/search/logo.png: error: this file's address /search/logo.png is inside /search/, where signpost writes the search index`,
		`content/articles/x.md:1: error: this page's address /articles/x/ needs a folder articles/x/, but articles/x is the file content/articles/x`,
	}
	for _, dry := range []bool{true, false} {
		out := filepath.Join(t.TempDir(), "public")
		_, _, l := buildSite(t, dir, Options{Out: out, DryRun: dry})
		got := text(l)
		for _, w := range want {
			if !strings.Contains(got, w+"\n") {
				t.Errorf("dry run %v: missing\n%s\nin:\n%s", dry, w, got)
			}
		}
		if strings.Contains(got, "file exists") || strings.Contains(got, "two outputs") || strings.Contains(got, "internal") {
			t.Errorf("dry run %v: a collision found while writing:\n%s", dry, got)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("dry run %v: the output was written", dry)
		}
	}
}
