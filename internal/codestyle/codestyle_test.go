package codestyle

import (
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/styles"
)

// TestSameAsChroma checks the copies against the styles of the Chroma
// that signpost is built with: the same names, and for each the same
// style. It fails after an upgrade of Chroma that changed a style; run
// go generate in this folder to copy them again.
func TestSameAsChroma(t *testing.T) {
	if got, want := Names(), styles.Names(); !slices.Equal(got, want) {
		t.Fatalf("names:\n got %v\nwant %v\n(run go generate in internal/codestyle)", got, want)
	}
	for _, name := range styles.Names() {
		want := styles.Get(name)
		got, ok := Get(strings.ToUpper(name))
		if !ok {
			t.Errorf("%s: not found", name)
			continue
		}
		gt, wt := got.Types(), want.Types() // in a map's order
		slices.Sort(gt)
		slices.Sort(wt)
		if got.Name != want.Name || !slices.Equal(gt, wt) {
			t.Errorf("%s: %s with %v, want %s with %v", name, got.Name, gt, want.Name, wt)
			continue
		}
		for _, tt := range want.Types() {
			if g, w := got.Get(tt), want.Get(tt); g != w {
				t.Errorf("%s: %v is %v, want %v", name, tt, g, w)
			}
		}
		if !Has(name) {
			t.Errorf("Has(%q) = false", name)
		}
	}
	if got, ok := Get(Fallback); !ok || got.Name != styles.Fallback.Name {
		t.Errorf("fallback %q: %v %v, want %s", Fallback, got, ok, styles.Fallback.Name)
	}
}

func TestUnknown(t *testing.T) {
	for _, name := range []string{"", "no-such-style", "../codestyle", "styles/github", ".", "github.xml"} {
		if _, ok := Get(name); ok {
			t.Errorf("Get(%q) found a style", name)
		}
		if Has(name) {
			t.Errorf("Has(%q) = true", name)
		}
	}
}
