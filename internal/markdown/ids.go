package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"

	"github.com/signpost-kb/signpost/internal/slug"
)

// ids generates heading ids that are stable (derived from the heading's
// text, so they survive edits elsewhere on the page) and unique per page:
// a repeated heading gets "-1", "-2", … in order. It implements
// goldmark's parser.IDs; one is made per rendered page.
type ids struct {
	used map[string]bool
	// next is the first suffix to try for a base id, so that a page
	// repeating one heading a thousand times costs a thousand lookups,
	// not half a million.
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

// Generate returns the id for a heading whose text is value.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	i := max(s.next[base], 1)
	for s.used[id] {
		id = base + "-" + strconv.Itoa(i)
		i++
	}
	s.next[base] = i
	s.used[id] = true
	return []byte(id)
}

// Put records an id given explicitly with {#id}.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// has reports whether id is the id of a heading on the page.
func (s *ids) has(id string) bool { return s.used[id] }
