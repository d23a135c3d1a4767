package markdown

import (
	"regexp"
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/slug"
)

// Heading ids are stable (derived from the heading's text, so they
// survive edits elsewhere on the page) and unique on the whole page: a
// repeated heading gets "-1", "-2", … in order, and no heading takes an id
// given explicitly with {#id} anywhere on the page, one a footnote uses,
// or one the theme's templates use (the skip link's target, maincontent).
// An explicit id that collides with any of those is an error, and its
// heading gets a generated id instead.
//
// goldmark asks for ids heading by heading as it parses, which is too
// early to know the explicit ids further down; so ids only records what
// goldmark asked, in order, and assignIDs gives every heading its id once
// the whole page is parsed.

// ids implements goldmark's parser.IDs; one is made per rendered page.
type ids struct {
	// asked records each heading's request in document order: an explicit
	// id, or the text to generate one from.
	asked []idRequest
	// used holds the final ids of the headings, once assigned.
	used map[string]bool
}

type idRequest struct {
	explicit bool
	value    string
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Generate records the text of a heading without an explicit id. The id it
// returns is replaced by assignIDs.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	s.asked = append(s.asked, idRequest{value: string(value)})
	return []byte("section")
}

// Put records an id given explicitly with {#id}.
func (s *ids) Put(value []byte) {
	s.asked = append(s.asked, idRequest{explicit: true, value: string(value)})
}

// has reports whether id is the id of a heading on the page.
func (s *ids) has(id string) bool { return s.used[id] }

// footnoteID matches the ids goldmark's footnotes use: fn:1, fnref:1 and,
// for a footnote referred to more than once, fnref2:1.
var footnoteID = regexp.MustCompile(`^fn(ref[0-9]*)?:[0-9]+$`)

// assignIDs gives every heading of doc its final id and reports explicit
// ids that collide. taken reports the ids the page's template uses; nil
// means none.
func (s *ids) assignIDs(doc ast.Node, src []byte, lines *lineIndex, file string, taken func(string) bool, l *diag.List) {
	var headings []*ast.Heading
	footnotes := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
		case *east.FootnoteLink:
			footnotes["fn:"+strconv.Itoa(n.Index)] = true
			ref := "fnref"
			if n.RefIndex > 0 {
				ref += strconv.Itoa(n.RefIndex)
			}
			footnotes[ref+":"+strconv.Itoa(n.Index)] = true
		}
		return ast.WalkContinue, nil
	})
	// goldmark asks once per heading, in order; should that ever change,
	// every id is taken as explicit, which keeps them all as written.
	asked := s.asked
	if len(asked) != len(headings) {
		asked = make([]idRequest, len(headings))
		for i, h := range headings {
			asked[i] = idRequest{explicit: true, value: headingID(h)}
		}
	}

	line := func(h *ast.Heading) int {
		if h.Lines().Len() > 0 {
			return lines.line(h.Lines().At(0).Start)
		}
		return lines.line(h.Pos())
	}
	explicitLine := map[string]int{}
	generate := make([]bool, len(headings))
	for i, h := range headings {
		r := asked[i]
		if !r.explicit {
			generate[i] = true
			continue
		}
		id := r.value
		pos := diag.Pos{File: file, Line: line(h)}
		switch first, dup := explicitLine[id]; {
		case dup:
			l.Errorf(pos, diag.CodeHeadingID, "heading id #%s is also the id of the heading on line %d; ids must be unique on the page", id, first)
			l.Hint("give one of them another id, or remove {#%s} from one to have an id made from its text", id)
		case footnotes[id]:
			l.Errorf(pos, diag.CodeHeadingID, "heading id #%s is the id of a footnote on this page", id)
			l.Hint("give the heading another id")
		case taken != nil && taken(id):
			l.Errorf(pos, diag.CodeHeadingID, "heading id #%s is an id the theme uses on every page (such as the skip link's target, #maincontent)", id)
			l.Hint("give the heading another id")
		default:
			explicitLine[id] = pos.Line
			s.used[id] = true
			continue
		}
		generate[i] = true
		asked[i].value = plainText(src, h)
	}
	next := map[string]int{}
	for i, h := range headings {
		if !generate[i] {
			h.SetAttributeString("id", []byte(asked[i].value))
			continue
		}
		base := slug.Make(asked[i].value)
		if base == "" {
			base = "section"
		}
		id := s.unique(base, len(headings), next, func(id string) bool {
			return !s.used[id] && !footnotes[id] && (taken == nil || !taken(id))
		})
		s.used[id] = true
		h.SetAttributeString("id", []byte(id))
	}
}

// unique returns base, or base-1, base-2, … if it is not free. next keeps
// the first suffix to try for each base, so that a page repeating one
// heading a thousand times costs a thousand lookups, not half a million.
// headings bounds the suffixes worth trying: past that many, what is taken
// is taken by a prefix of the theme's ids ("latest-"), which no suffix
// leaves, so the id starts "h-" instead.
func (s *ids) unique(base string, headings int, next map[string]int, free func(string) bool) string {
	for range 2 {
		id := base
		n := max(next[base], 1)
		for tries := 0; !free(id) && tries <= headings+2; tries++ {
			id = base + "-" + strconv.Itoa(n)
			n++
		}
		next[base] = n
		if free(id) {
			return id
		}
		base = "h-" + base
	}
	return base
}
