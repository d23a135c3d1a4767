package search

import (
	"slices"
	"sort"
	"testing"
	"time"
)

// TestSortDocs checks sortDocs against the order it is defined by, newest
// first, undated last, then by URL, with dates of one instant in other
// zones and of the same second.
func TestSortDocs(t *testing.T) {
	day := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	west := time.FixedZone("west", -7*3600)
	dates := []time.Time{
		{}, day, day.In(time.FixedZone("east", 5*3600)), day.Add(time.Nanosecond), day.Add(-time.Nanosecond),
		day.AddDate(-30, 0, 0), day.AddDate(0, 0, 1).In(west), time.Unix(0, 0), {},
	}
	var docs []Doc
	for i, d := range dates {
		for _, url := range []string{"/b/", "/a/", "/c/"} {
			docs = append(docs, Doc{URL: url + string(rune('a'+i)) + "/", Kind: "article", Date: d})
		}
	}
	// A fixed shuffle, so the input is in no particular order.
	for i := range docs {
		j := (i*7 + 3) % len(docs)
		docs[i], docs[j] = docs[j], docs[i]
	}
	want := slices.Clone(docs)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.Date.IsZero() != b.Date.IsZero() {
			return b.Date.IsZero()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.URL < b.URL
	})
	got, err := sortDocs(docs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i].URL != want[i].URL {
			t.Fatalf("page %d is %s (%v), want %s (%v)", i, got[i].URL, got[i].Date, want[i].URL, want[i].Date)
		}
	}
}
