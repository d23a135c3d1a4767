package watch

import (
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-kb/signpost/internal/layout"
)

// Op is what happened to a path.
type Op uint8

// The operations a watcher reports. A rename is reported as Remove of the
// old path and Create of the new one, so a receiver never has to pair them
// up.
const (
	Create Op = iota + 1 // the path appeared (also: something was renamed onto it)
	Write                // the file's content may have changed
	Remove               // the path is gone (deleted or renamed away)
)

var opNames = [...]string{Create: "create", Write: "write", Remove: "remove"}

func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return "Op(" + strconv.Itoa(int(op)) + ")"
}

// An Event reports a change to one file.
type Event struct {
	Path string // slash-separated, relative to the site root: "content/articles/x.md"
	Op   Op
	Kind layout.Kind // as the watcher's layout classifies Path
}

// Change is the event as a build takes it: the path and its kind.
func (e Event) Change() layout.Change { return layout.Change{Path: e.Path, Kind: e.Kind} }

func (e Event) String() string { return e.Op.String() + " " + e.Path + " (" + e.Kind.String() + ")" }

// Merge coalesces events, given in the order they happened, into one event
// per path, sorted by path. The merged op of a path depends on its first and
// last op:
//
//	last is Remove              → Remove  (create+remove too, see below)
//	first is Create             → Create  (create+write, create+remove+create)
//	otherwise                   → Write   (write+write, remove+create, write+create)
//
// create+remove yields Remove rather than nothing: the Create may have been a
// rename onto a file the receiver already knows (an atomic save), and a
// Remove of an unknown path is harmless where a dropped one leaves a stale
// page behind. Merge does not modify events.
func Merge(events []Event) []Event {
	type span struct{ first, last int }
	spans := make(map[string]span, len(events))
	for i, e := range events {
		s, ok := spans[e.Path]
		if !ok {
			s.first = i
		}
		s.last = i
		spans[e.Path] = s
	}
	out := make([]Event, 0, len(spans))
	for _, s := range spans {
		first, last := events[s.first], events[s.last]
		switch {
		case last.Op == Remove:
			// last as it is
		case first.Op == Create:
			last.Op = Create
		default:
			last.Op = Write
		}
		out = append(out, last)
	}
	slices.SortFunc(out, func(a, b Event) int { return strings.Compare(a.Path, b.Path) })
	return out
}
