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
