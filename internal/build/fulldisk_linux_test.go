package build

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestRealFullDisk builds into a small tmpfs, fills it so that only about
// half of the next build fits, and rebuilds with every page changed: the
// build fails with the system's "no space left on device", the previous
// site is untouched and the staging folder is gone. It needs root, to
// mount the tmpfs; TestFullDiskKeepsPreviousSite injects the same fault
// without.
func TestRealFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root; TestFullDiskKeepsPreviousSite covers a full disk by fault injection")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=2m"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v); TestFullDiskKeepsPreviousSite covers a full disk by fault injection", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmount %s: %v", mnt, err)
		}
	})

	dir := testsite.FromFile(t, "testdata/sites/site.txtar")
	out := filepath.Join(mnt, "public")
	_, first := mustBuild(t, dir, Options{Out: out})
	before := testsite.Tree(t, out)

	// Fill the disk, then free room for about half the files of the next
	// build (tmpfs gives each small file at least one 4 KB page).
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte{'x'}, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	info, _ := f.Stat()
	if err := f.Truncate(info.Size() - int64(first.Files/2)*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()

	footer := filepath.Join(dir, "themes/nhs/templates/partials/footer.html")
	if err := os.MkdirAll(filepath.Dir(footer), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(footer, []byte(`<footer class="nhsuk-footer" role="contentinfo"><p>Changed on every page</p></footer>`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, l := buildSite(t, dir, Options{Out: out})
	if got := text(l); !l.HasErrors() || !strings.Contains(got, "no space left on device") {
		t.Fatalf("findings:\n%s\nwant an error saying the disk is full", got)
	}
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("previous site changed:\n%s", d)
	}
	assertNoStaging(t, out)

	// With room again, the build succeeds.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir, Options{Out: out})
}

// TestReadOnlyOutput builds into a tmpfs, makes it read-only, and builds
// again: root ignores permissions but not a read-only file system, so this
// is an unwritable output folder even for root. The build fails with a
// clear error and the previous site is untouched.
func TestReadOnlyOutput(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root; TestUnwritableOutputKeepsPreviousSite covers an unwritable folder for other users")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=4m"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmount %s: %v", mnt, err)
		}
	})
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	out := filepath.Join(mnt, "public")
	mustBuild(t, dir, Options{Out: out})
	before := testsite.Tree(t, out)
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, "size=4m"); err != nil {
		t.Skipf("cannot make the tmpfs read-only: %v", err)
	}
	_, _, l := buildSite(t, dir, Options{Out: out})
	want := "error: cannot lock the output folder " + out + " (with " + filepath.Join(mnt, ".public.signpost-lock") + "): open " + filepath.Join(mnt, ".public.signpost-lock") + ": read-only file system"
	if got := text(l); !strings.Contains(got, want) {
		t.Errorf("findings:\n%s\nwant %q", got, want)
	}
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("previous site changed:\n%s", d)
	}
}
