package build

import (
	"time"

	"reflect"
	"slices"
	"testing"

	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/taxonomy"

	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/render"
)

func TestThemeChanged(t *testing.T) {
	site := layout.New("", "")
	for _, tc := range []struct {
		changed []string
		want    bool
	}{
		{nil, true}, // not known
		{[]string{}, false},
		{[]string{"content/articles/x.md"}, false},
		{[]string{"signpost.toml"}, false}, // the settings key covers it
		{[]string{"content/a.md", "themes/nhs/templates/base.html"}, true},
		{[]string{"themes/nhs/static/site.css"}, true},
		{[]string{"themes/nhs/README.md"}, false},
		{[]string{"content/themes/x.md"}, false},
	} {
		var changed []layout.Change
		if tc.changed != nil {
			changed = []layout.Change{}
		}
		for _, p := range tc.changed {
			changed = append(changed, layout.Change{Path: p, Kind: site.Classify(p)})
		}
		if got := themeChanged(changed); got != tc.want {
			t.Errorf("themeChanged(%q) = %v, want %v", tc.changed, got, tc.want)
		}
	}
}

func TestChangedFiles(t *testing.T) {
	prev := map[string]string{"a": "1", "b": "2", "c": "3"}
	next := map[string]string{"a": "1", "b": "9", "d": "4"}
	if got, want := changedFiles(prev, next), []string{"b", "c", "d"}; !slices.Equal(got, want) {
		t.Errorf("changedFiles = %v, want %v", got, want)
	}
	if got := changedFiles(prev, prev); len(got) != 0 {
		t.Errorf("changedFiles of the same files = %v", got)
	}
}

// TestKeysCoverTemplateStructs sets, one at a time, every exported field
// (and every field of the structs they hold) of the structs that reach a
// template, and checks that the key changes: a field added to any of them
// is covered, or this test fails.
func TestKeysCoverTemplateStructs(t *testing.T) {
	seed := randomSeed()
	k := &keys{metas: map[*content.Page]uint64{}, terms: map[*taxonomy.Term]uint64{}, taxonomies: map[*taxonomy.Taxonomy]uint64{}}
	key := func(v any) uint64 {
		h := k.hasher(seed)
		h.value(reflect.ValueOf(v))
		return h.Sum64()
	}
	for _, v := range []any{&render.Data{}, &render.Site{}, &itemContext{}, &content.Page{}, &content.SectionPage{}, &taxonomy.Term{}} {
		for _, path := range fieldPaths(reflect.TypeOf(v).Elem(), nil) {
			zero := reflect.New(reflect.TypeOf(v).Elem())
			before := key(zero.Elem().Interface())
			if !setField(zero.Elem(), path) {
				continue
			}
			if key(zero.Elem().Interface()) == before {
				t.Errorf("%T: setting %v leaves the key as it was", v, path)
			}
		}
	}
}

// fieldPaths lists the exported fields of t, by index path.
func fieldPaths(t reflect.Type, prefix []int) [][]int {
	var out [][]int
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		path := append(slices.Clone(prefix), i)
		out = append(out, path)
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Time]() {
			out = append(out, fieldPaths(f.Type, path)...)
		}
	}
	return out
}

// setField gives the field at path a value other than its zero value, and
// reports whether it could.
func setField(v reflect.Value, path []int) bool {
	f := v.FieldByIndex(path)
	switch f.Kind() {
	case reflect.String:
		f.SetString("x")
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		f.SetInt(7)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.SetUint(7)
	case reflect.Slice:
		f.Set(reflect.MakeSlice(f.Type(), 1, 1))
	case reflect.Map:
		m := reflect.MakeMap(f.Type())
		m.SetMapIndex(reflect.Zero(f.Type().Key()), reflect.Zero(f.Type().Elem()))
		f.Set(m)
	case reflect.Pointer:
		f.Set(reflect.New(f.Type().Elem()))
	case reflect.Struct:
		if f.Type() == reflect.TypeFor[time.Time]() {
			f.Set(reflect.ValueOf(time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)))
			return true
		}
		return false // its fields are set one by one
	default:
		return false
	}
	return true
}
