package build

import (
	"html/template"
	"reflect"
	"testing"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/render"
)

// TestItemFields: keys.keyed reads a render.Item's page and HTML by
// their places in the struct.
func TestItemFields(t *testing.T) {
	if f := itemType.Field(0); f.Type != reflect.TypeFor[*content.Page]() {
		t.Errorf("render.Item's first field is %s %s; want the *content.Page", f.Name, f.Type)
	}
	if f := itemType.Field(1); f.Name != "HTML" || f.Type != reflect.TypeFor[template.HTML]() {
		t.Errorf("render.Item's second field is %s %s; want HTML", f.Name, f.Type)
	}
	if n := itemType.NumField(); n != 2 {
		t.Errorf("render.Item has %d fields; keys.keyed writes two", n)
	}
	// An item with a page is keyed by the page's fingerprint, one
	// without by its HTML.
	p := &content.Page{Title: "P"}
	k := &keys{metas: map[*content.Page]uint64{p: 7}}
	sum := func(it render.Item) uint64 {
		h := k.hasher(1)
		h.value(reflect.ValueOf(it))
		return h.Sum64()
	}
	if sum(render.Item{Page: p}) == sum(render.Item{HTML: "<li>x</li>"}) || sum(render.Item{HTML: "a"}) == sum(render.Item{HTML: "b"}) {
		t.Error("items with different pages or HTML have the same key")
	}
	k.metas[p] = 8
	before := sum(render.Item{Page: p})
	k.metas[p] = 7
	if sum(render.Item{Page: p}) == before {
		t.Error("an item's key does not follow its page's fingerprint")
	}
}

// TestValueKeysDiffer: values that a template would show differently
// have different fingerprints, among them those of front matter, whose
// fields hold any type.
func TestValueKeysDiffer(t *testing.T) {
	type holder struct {
		A any
		B string
	}
	type pair struct{ A, B string }
	sum := func(v any) uint64 {
		h := newHasher(1)
		h.value(reflect.ValueOf(v))
		return h.Sum64()
	}
	for _, tc := range []struct {
		name string
		a, b any
	}{
		{"int and uint", holder{A: 1}, holder{A: uint(1)}},
		{"int and float", holder{A: 0}, holder{A: 0.0}},
		{"int and bool", holder{A: 0}, holder{A: false}},
		{"nil and zero", holder{}, holder{A: 0}},
		{"a number and its text", holder{A: 1}, holder{A: "1"}},
		{"text moved between fields", pair{"ab", ""}, pair{"a", "b"}},
		{"a list and its items", holder{A: []any{"a", "b"}}, holder{A: []any{"ab"}}},
		{"a map's keys and values", holder{A: map[string]any{"a": "b"}}, holder{A: map[string]any{"b": "a"}}},
		{"two structs of the same values", holder{A: struct{ X string }{"a"}}, holder{A: struct{ Y string }{"a"}}},
	} {
		if sum(tc.a) == sum(tc.b) {
			t.Errorf("%s: %#v and %#v have the same fingerprint", tc.name, tc.a, tc.b)
		}
	}
}
