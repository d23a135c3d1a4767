package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestREADMEMessages checks that the example of check's output in
// README.md's "Output for people and machines" is what check prints for
// the pages it names: every line of it, in order.
func TestREADMEMessages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "\n### Output for people and machines\n")
	if start < 0 {
		t.Fatal("README.md has no Output for people and machines section")
	}
	block := readme[start:]
	block = block[strings.Index(block, "```\n")+4:]
	block = block[:strings.Index(block, "```")]

	dir := testsite.FromString(t, `-- content/articles/going-paperless.md --
---
title: Going paperless: the digital Trust
date: 2026-11-01
summary: "How the Trust went paperless."
tags:
	- paperless
---
Text.
-- content/interviews/y.md --
---
title: "Y"
date: 2017-10-03
summary: "Y."
tags: 5
interviewee: {name: "Mark Stanton"}
---
Y.
-- content/strategy/x.md --
---
title: "X"
status: curent
url: "https://www.england.nhs.uk/x/"
publisher: "NHS England"
summary: "X."
---
X.
-- content/articles/z.md --
---
title: "Z"
date: 2017-07-26
summary: "Z."
tags: [leadership]
last_reviewed: 2026-11-01
review_due: 2027-11-01
organisations: ["NHS England"]
tittle: "Z"
---
Z.
-- content/articles/w.md --
---
title: "Developing digital leaders"
date: 2017-07-26
Draft: true
summary: "W."
tags: [leadership]
authors: ["Jane Smith"]
organisations: ["NHS England"]
last_reviewed: 2025-12-10
source: {publisher: "National Health Executive"}
review_due: 2026-12-10
---
W.
`)
	// Reviews are of published pages: this one is a draft, so check it
	// with --drafts, as its writer would before publishing.
	_, l := Run(context.Background(), Options{Build: build.Options{Root: dir, Now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), Drafts: true}})
	var b bytes.Buffer
	_ = diag.WriteText(&b, l)
	got := b.String()
	if !strings.Contains(got, block) {
		t.Errorf("README.md's example is not what check prints\n--- README.md\n%s--- check\n%s", block, got)
	}
}
