package content

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"
)

// TestSortByDate: pages are newest first, then by title, then by URL, in
// the order of newer, whatever their time zones and however many share a
// date; and pages equal in all three keep their order.
func TestSortByDate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	london, _ := time.LoadLocation("Europe/London")
	zones := []*time.Location{time.UTC, time.FixedZone("x", 5*3600+1800), london}
	for round := range 50 {
		pages := make([]*Page, 200)
		for i := range pages {
			p := &Page{Title: fmt.Sprint("t", r.IntN(5)), URL: fmt.Sprint("/u", r.IntN(5), "/")}
			if r.IntN(10) > 0 {
				p.Date = time.Date(2020, 1, 1+r.IntN(20), r.IntN(3), 0, 0, r.IntN(2)*500, zones[r.IntN(len(zones))])
			}
			pages[i] = p
		}
		want := slices.Clone(pages)
		sort.SliceStable(want, func(i, j int) bool { return newer(want[i], want[j]) })
		SortByDate(pages)
		if !slices.Equal(pages, want) {
			t.Fatalf("round %d: SortByDate differs from a stable sort by newer", round)
		}
		if !SortedByDate(pages) {
			t.Fatalf("round %d: not SortedByDate", round)
		}
	}
}
