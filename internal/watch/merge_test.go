package watch

import (
	"github.com/signpost-kb/signpost/internal/layout"
	"slices"
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	ev := func(p string, op Op) Event { return Event{Path: p, Op: op, Kind: layout.Content} }
	const a, b, c = "content/a.md", "content/b.md", "content/c.md"
	tests := []struct {
		name string
		in   []Event
		want []Event
	}{
		{"empty", nil, []Event{}},
		{"one", []Event{ev(a, Write)}, []Event{ev(a, Write)}},
		{"write+write", []Event{ev(a, Write), ev(a, Write)}, []Event{ev(a, Write)}},
		{"create+write", []Event{ev(a, Create), ev(a, Write)}, []Event{ev(a, Create)}},
		{"create+write+write", []Event{ev(a, Create), ev(a, Write), ev(a, Write)}, []Event{ev(a, Create)}},
		{"create+remove", []Event{ev(a, Create), ev(a, Remove)}, []Event{ev(a, Remove)}},
		{"create+write+remove", []Event{ev(a, Create), ev(a, Write), ev(a, Remove)}, []Event{ev(a, Remove)}},
		{"remove+create", []Event{ev(a, Remove), ev(a, Create)}, []Event{ev(a, Write)}},
		{"remove+create+write (vim)", []Event{ev(a, Remove), ev(a, Create), ev(a, Write)}, []Event{ev(a, Write)}},
		{"write+remove", []Event{ev(a, Write), ev(a, Remove)}, []Event{ev(a, Remove)}},
		{"write+create (rename over)", []Event{ev(a, Write), ev(a, Create)}, []Event{ev(a, Write)}},
		{"create+remove+create", []Event{ev(a, Create), ev(a, Remove), ev(a, Create)}, []Event{ev(a, Create)}},
		{"remove+remove", []Event{ev(a, Remove), ev(a, Remove)}, []Event{ev(a, Remove)}},
		{
			"paths interleaved, sorted out",
			[]Event{ev(c, Write), ev(a, Create), ev(b, Remove), ev(a, Write), ev(c, Remove), ev(b, Create)},
			[]Event{ev(a, Create), ev(b, Write), ev(c, Remove)},
		},
		{
			"kind from the last event",
			[]Event{{Path: "x", Op: Write, Kind: layout.Content}, {Path: "x", Op: Write, Kind: layout.Template}},
			[]Event{{Path: "x", Op: Write, Kind: layout.Template}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got := Merge(in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Merge(%v) = %v; want %v", tt.in, got, tt.want)
			}
			if !slices.Equal(in, tt.in) {
				t.Errorf("Merge modified its input: %v", in)
			}
		})
	}
}

func TestCleanRoots(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string
		wantErr bool
	}{
		{nil, []string{"content", "signpost.toml", "themes/nhs/data", "themes/nhs/static", "themes/nhs/templates"}, false},
		{[]string{"content/", "./themes/nhs/templates", "content"}, []string{"content", "themes/nhs/templates"}, false},
		{[]string{"themes/nhs/templates/partials", "themes/nhs/templates"}, []string{"themes/nhs/templates"}, false},
		{[]string{"themes/nhs"}, nil, true},
		{[]string{"static"}, nil, true},
		{[]string{"content/articles", "content"}, []string{"content"}, false},
		{[]string{"contentx", "content"}, nil, true},
		{[]string{"layouts"}, nil, true},
		{[]string{"../content"}, nil, true},
		{[]string{"/content"}, nil, true},
		{[]string{"."}, nil, true},
		{[]string{""}, nil, true},
	}
	for _, tt := range tests {
		got, err := cleanRoots(tt.in, layout.New("", ""))
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("cleanRoots(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestAncestors(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"content", []string{""}},
		{"themes/nhs", []string{"", "themes"}},
		{"a/b/c", []string{"", "a", "a/b"}},
	} {
		if got := ancestors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ancestors(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzMerge checks Merge's invariants on event sequences decoded from
// bytes: two bytes an event, a path out of four and an op.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 1, 3, 0, 3, 2, 1})
	f.Add([]byte{3, 3, 3, 1, 3, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		paths := []string{"content/a.md", "content/b.md", "static/c.css", "themes/d.html"}
		var events []Event
		for i := 0; i+1 < len(data); i += 2 {
			events = append(events, Event{Path: paths[data[i]%4], Op: Op(1 + data[i+1]%3), Kind: layout.Content})
		}
		got := Merge(events)
		if !slices.IsSortedFunc(got, func(a, b Event) int { return strings.Compare(a.Path, b.Path) }) {
			t.Fatalf("not sorted: %v", got)
		}
		for i, e := range got {
			if i > 0 && got[i-1].Path == e.Path {
				t.Fatalf("%s twice: %v", e.Path, got)
			}
			var ops []Op
			for _, in := range events {
				if in.Path == e.Path {
					ops = append(ops, in.Op)
				}
			}
			want := Write
			switch {
			case ops[len(ops)-1] == Remove:
				want = Remove
			case ops[0] == Create:
				want = Create
			}
			if e.Op != want {
				t.Fatalf("%s: ops %v merged to %v, want %v", e.Path, ops, e.Op, want)
			}
		}
		for _, in := range events {
			if !slices.ContainsFunc(got, func(e Event) bool { return e.Path == in.Path }) {
				t.Fatalf("%s lost", in.Path)
			}
		}
	})
}
