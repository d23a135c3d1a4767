package markdown

import (
	"strconv"
	"strings"

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
	// used holds the final ids of the headings, once assigned, and the
	// ids of other elements (a table's caption), given at once.
	used map[string]bool
	// taken reports the ids the page's template uses; nil means none.
	taken func(string) bool
}

type idRequest struct {
	explicit bool
	value    string
}

func newIDs(taken func(string) bool) *ids { return &ids{used: map[string]bool{}, taken: taken} }

// Generate records the text of a heading without an explicit id; the id it
// returns is replaced by assignIDs. Another element (a table's caption,
// made once the headings are parsed) gets its id at once, clear of the
// explicit ids of the headings and of the template's.
func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	if kind == ast.KindHeading {
		s.asked = append(s.asked, idRequest{value: string(value)})
		return []byte(placeholder(len(s.asked) - 1))
	}
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := s.unique(base, len(s.used)+len(s.asked), map[string]int{}, func(id string) bool {
		if s.used[id] || s.taken != nil && s.taken(id) {
			return false
		}
		for _, r := range s.asked {
			if r.explicit && r.value == id {
				return false
			}
		}
		return true
	})
	s.used[id] = true
	return []byte(id)
}

// Put records an id given explicitly with {#id}.
func (s *ids) Put(value []byte) {
	s.asked = append(s.asked, idRequest{explicit: true, value: string(value)})
}

// has reports whether id is the id of a heading on the page.
func (s *ids) has(id string) bool { return s.used[id] }

// placeholder is the id Generate gives the n-th heading it is asked for,
// until assignIDs replaces it: no explicit id can be one, since {#id}
// does not allow a NUL.
func placeholder(n int) string { return "\x00h" + strconv.Itoa(n) }

func placeholderIndex(id string) (int, bool) {
	rest, ok := strings.CutPrefix(id, "\x00h")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// assignIDs gives every heading of doc its final id and reports explicit
// ids that collide.
func (s *ids) assignIDs(doc ast.Node, src []byte, lines *lineIndex, file string, l *diag.List) {
	taken := s.taken
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
	// A heading whose id is a placeholder Generate gave asks for an id
	// made from its text; any other has an explicit id.
	asked := make([]idRequest, len(headings))
	for i, h := range headings {
		id := headingID(h)
		if n, ok := placeholderIndex(id); ok && n < len(s.asked) {
			asked[i] = s.asked[n]
		} else {
			asked[i] = idRequest{explicit: true, value: id}
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
		case s.used[id]:
			l.Errorf(pos, diag.CodeHeadingID, "heading id #%s is the id of another element of the page", id)
			l.Hint("give the heading another id")
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
