//go:build unix

package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestNamedPipeNotRead checks that a named pipe in the source folder is
// reported and not read (reading it would wait for ever).
func TestNamedPipeNotRead(t *testing.T) {
	src := testsite.FromString(t, "-- docs/index.md --\n# Home\n")
	if err := unix.Mkfifo(filepath.Join(src, "docs", "pipe.md"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	dest := filepath.Join(t.TempDir(), "new")
	rep, err := Run(context.Background(), Options{Dialect: MkDocs, Src: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.Markdown(), "`docs/pipe.md`: is not a regular file") {
		t.Errorf("the report does not name the pipe:\n%s", rep.Markdown())
	}
	if _, err := os.Stat(filepath.Join(dest, "content", "pipe.md")); err == nil {
		t.Error("the pipe was imported")
	}
}
