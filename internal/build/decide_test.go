package build

import (
	"reflect"
	"slices"
	"testing"

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

// TestDataKeyCoversData fails when render.Data gains a field: dataKey must
// then fingerprint it too, or an incremental build could leave a page
// stale. Site is covered by the site key.
func TestDataKeyCoversData(t *testing.T) {
	covered := []string{
		"Site", "Kind", "Title", "Description", "Path", "Breadcrumbs", "Feed", "Draft", "Notes", "NoIndex",
		"Page", "Body", "Footnotes", "Contents", "QA", "SupersededBy", "Tags", "Organisations",
		"Items", "Pager", "Taxonomy", "Term", "Latest", "PopularTags", "Target",
	}
	var fields []string
	for f := range reflect.TypeFor[render.Data]().Fields() {
		fields = append(fields, f.Name)
	}
	slices.Sort(fields)
	slices.Sort(covered)
	if !slices.Equal(fields, covered) {
		t.Errorf("render.Data has fields %v; dataKey covers %v", fields, covered)
	}
}
