// Package diag holds the findings of a build: positioned errors, warnings
// and notes, collected from every file so that a build reports all of them
// at once, and written as text, JSON or CI annotations.
//
// It owns the registry of finding codes (codes.go): every code signpost
// reports, with its class (content, usage, I/O, interrupted) and meaning,
// from which commands decide their exit status. It sits at the bottom of
// the import graph and must not learn what any other package does beyond
// the one line of each code.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Severity says how bad a finding is.
type Severity int

// Severities, most severe first.
const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a position in a file. File is a slash-separated path relative to
// the site root; Line and Col are 1-based, and 0 when unknown.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Col))
		}
	}
	return b.String()
}

// Diagnostic is one finding.
type Diagnostic struct {
	Pos
	Severity Severity `json:"level"`
	// Code is the kind of finding, from the registry in codes.go; its
	// name, such as "frontmatter-unknown-field", is stable.
	Code Code `json:"code"`
	// Msg says what is wrong, starting with the field it concerns where
	// there is one: `status: "curent" is not one of current, superseded, withdrawn`.
	Msg string `json:"message"`
	// Hint says how to fix it, when the message alone does not.
	Hint string `json:"hint,omitempty"`
	// Strict marks a warning that fails the run because it was asked to
	// fail on warnings (check --strict). The level stays what it is, so a
	// pipeline can tell such warnings from errors.
	Strict bool `json:"strict,omitempty"`
	// Excerpt is the line of the file the finding is on, as written, when
	// showing it helps: text output prints it under the message with a
	// caret at Col.
	Excerpt string `json:"-"`
}

// String formats d as `file:line: level: message`.
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.Pos.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Msg)
	return b.String()
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends diagnostics to l.
func (l *List) Add(d ...Diagnostic) { *l = append(*l, d...) }

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, code Code, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, code Code, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// Hint sets the hint of the last diagnostic added, so that a call reads
// l.Errorf(...); l.Hint("...").
func (l List) Hint(format string, args ...any) {
	if len(l) > 0 {
		l[len(l)-1].Hint = fmt.Sprintf(format, args...)
	}
}

// HasErrors reports whether l holds at least one error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// Fails reports whether d fails the run: an error, or a warning under
// strict checking.
func (d Diagnostic) Fails() bool { return d.Severity == Error || d.Strict }

// Failures counts the findings of l that fail the run.
func (l List) Failures() int {
	n := 0
	for _, d := range l {
		if d.Fails() {
			n++
		}
	}
	return n
}

// Count returns the number of diagnostics of severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders l by file, line, column, then severity and message, so that
// output does not depend on the order in which parallel work finished.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Err returns nil if l holds no errors, and otherwise an error that
// describes them.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &ListError{List: l}
}

// ListError is the error returned by List.Err.
type ListError struct{ List List }

func (e *ListError) Error() string {
	n := e.List.Count(Error)
	var first Diagnostic
	for _, d := range e.List {
		if d.Severity == Error {
			first = d
			break
		}
	}
	if n == 1 {
		return first.String()
	}
	return fmt.Sprintf("%s (and %d more errors)", first, n-1)
}
