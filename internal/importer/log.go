package importer

import "fmt"

// The groups of things an import could not finish, as the report heads
// them.
const (
	groupLinks     = "Links and images that were broken in the original site too"
	groupTemplates = "Template code removed"
	groupMatter    = "Front matter"
	groupMarkdown  = "Markdown not converted"
	groupFiles     = "Files"
)

// groups lists the groups of problems in the order the report gives them.
var groups = []string{groupMatter, groupTemplates, groupMarkdown, groupLinks, groupFiles}

// Problem is something the import could not convert, or changed in a way a
// person should look at: a broken link, removed template code, a front
// matter accident.
type Problem struct {
	// File is the source file, slash-separated and relative to the source
	// folder; Line its line (0 if not known).
	File string
	Line int
	// Dest is the file written in its place, relative to the destination
	// folder ("" if none).
	Dest  string
	Group string
	Msg   string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// fileLog collects what the conversion of one file did.
type fileLog struct {
	// changes counts each kind of change, by its description.
	changes map[string]int
	// problems are things to finish by hand; File and Dest are filled in
	// by the caller.
	problems []Problem
	// removed holds every piece of source text the conversion took out
	// (template code, syntax markers, attribute lists, rewritten link
	// addresses), so tests can prove no other text is lost.
	removed []string
}

func (l *fileLog) change(kind string) { l.changeN(kind, 1) }

func (l *fileLog) changeN(kind string, n int) {
	if n == 0 {
		return
	}
	if l.changes == nil {
		l.changes = map[string]int{}
	}
	l.changes[kind] += n
}

func (l *fileLog) problem(line int, group, format string, args ...any) {
	l.problems = append(l.problems, Problem{Line: line, Group: group, Msg: fmt.Sprintf(format, args...)})
}

func (l *fileLog) remove(text string) {
	if text != "" {
		l.removed = append(l.removed, text)
	}
}

// merge adds the contents of o to l.
func (l *fileLog) merge(o fileLog) {
	for k, n := range o.changes {
		l.changeN(k, n)
	}
	l.problems = append(l.problems, o.problems...)
	l.removed = append(l.removed, o.removed...)
}
