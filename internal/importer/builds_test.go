package importer

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestImportedSitesBuild builds each imported fixture: it has no errors,
// and its only warnings are for the files the old site's folder lacked
// (each fixture links some), reported with their code. The fixtures are
// imported with --publish-drafts, as the playbook's links to its drafts
// are otherwise (rightly) errors until the drafts are published.
func TestImportedSitesBuild(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			src := testsite.FromFile(t, filepath.Join("testdata", "sites", f.name+".txtar"))
			dest := filepath.Join(t.TempDir(), "new")
			rep, err := Run(context.Background(), Options{Dialect: f.dialect, Src: src, Dest: dest, PublishDrafts: true})
			if err != nil {
				t.Fatal(err)
			}
			res, l := build.Run(context.Background(), build.Options{Root: dest, DryRun: true, Now: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)})
			var b bytes.Buffer
			_ = diag.WriteText(&b, l)
			if res == nil || l.HasErrors() {
				t.Fatalf("the imported site does not build:\n%s", b.String())
			}
			missing := 0
			for _, d := range l {
				switch {
				case d.Severity == diag.Warning && d.Code == diag.CodeLinkMissingFile:
					missing++
				case d.Severity != diag.Info:
					t.Errorf("unexpected finding: %s", d)
				}
			}
			if missing == 0 || missing != rep.Links.missing {
				t.Errorf("%d warnings for missing files, want %d (as the report counts)\n%s", missing, rep.Links.missing, b.String())
			}
		})
	}
}
