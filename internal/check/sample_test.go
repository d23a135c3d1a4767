package check

import (
	"context"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
)

// TestSampleContent checks the sample knowledge base at the root of the
// repository with --strict, on a fixed day so that the test does not
// depend on the calendar (CI also runs the real check, on the real day).
func TestSampleContent(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	res, l := Run(context.Background(), Options{Build: build.Options{Root: "../..", Now: day}, Strict: true})
	if res == nil || l.Count(diag.Error)+l.Count(diag.Warning) > 0 {
		t.Errorf("the sample content does not pass check --strict:\n%v", l)
	}
	if res != nil && (res.Pages < 10 || res.Links == 0) {
		t.Errorf("checked %d pages and %d links; want the whole sample site", res.Pages, res.Links)
	}
}
