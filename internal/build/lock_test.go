package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestLockOutput checks the lock on an output folder: one holder at a
// time, a wait for another build that ends when it lets go, an immediate
// refusal of a folder a session keeps, no file left behind, and no
// symbolic link followed.
func TestLockOutput(t *testing.T) {
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "public")
	pid := strconv.Itoa(os.Getpid())

	held, err := LockOutput(ctx, out, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockOutput(ctx, out, LockOptions{Wait: -1}); err == nil || !strings.Contains(err.Error(), "another signpost build (process "+pid+") is still writing "+out) {
		t.Errorf("second lock without waiting: %v", err)
	}

	// A build waits for another build, and gets the lock once it lets go.
	waiting := make(chan string, 1)
	got := make(chan error, 1)
	go func() {
		l, err := LockOutput(ctx, out, LockOptions{Waiting: func(h string) { waiting <- h }})
		if err == nil {
			l.Unlock()
		}
		got <- err
	}()
	if h := <-waiting; h != "another signpost build (process "+pid+")" {
		t.Errorf("waiting for %q", h)
	}
	held.Unlock()
	if err := <-got; err != nil {
		t.Errorf("lock after the holder let go: %v", err)
	}

	// A cancelled wait ends at once.
	held, err = LockOutput(ctx, out, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := LockOutput(cancelled, out, LockOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	held.Unlock()

	// A session's folder is refused without waiting.
	session, err := LockOutput(ctx, out, LockOptions{Session: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockOutput(ctx, out, LockOptions{}); err == nil || !strings.Contains(err.Error(), out+" is being kept up to date by a signpost watch or serve session (process "+pid+")") {
		t.Errorf("lock of a session's folder: %v", err)
	}
	session.Unlock()

	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("left beside the output: %v", entries)
	}

	// A link planted where the lock goes is not followed.
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, lockPath(out)); err != nil {
		t.Fatal(err)
	}
	if _, err := LockOutput(ctx, out, LockOptions{}); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("lock through a symbolic link: %v", err)
	}
	if data, _ := os.ReadFile(victim); string(data) != "precious" {
		t.Errorf("the link's target was written: %q", data)
	}
}

// TestBuildWaitsForLock builds while another holder has the output
// folder's lock: with no wait allowed the build fails with an error for
// the output folder, leaving it as it was; a build given a lock on
// another folder is refused.
func TestBuildWaitsForLock(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, dir, Options{Out: out})
	before := testsite.Tree(t, out)
	held, err := LockOutput(context.Background(), out, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, l := buildSite(t, dir, Options{Out: out, LockWait: -1, BaseURL: "/moved/"})
	if got := text(l); !strings.Contains(got, "error: another signpost build (process ") || !strings.Contains(got, "is still writing "+out) {
		t.Errorf("findings:\n%s", got)
	}
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("the output changed:\n%s", d)
	}
	other := filepath.Join(t.TempDir(), "other")
	otherLock, err := LockOutput(context.Background(), other, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer otherLock.Unlock()
	held.Unlock()
	if _, _, l := buildSite(t, dir, Options{Out: out, Lock: otherLock}); !l.HasErrors() {
		t.Error("a build with the lock of another folder succeeded")
	}
}

// TestStaleStagingCleared leaves, beside the output folder, what killed
// builds leave (staging folders, old and new style, and a site moved
// aside): the next build, holding the lock, clears them all.
func TestStaleStagingCleared(t *testing.T) {
	dir := testsite.FromFile(t, "testdata/sites/article.txtar")
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	for _, name := range []string{".public.signpost-staging", ".public.signpost-staging-123", ".public.signpost-old-456", ".public.signpost-old"} {
		if err := os.MkdirAll(filepath.Join(parent, name, "articles"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustBuild(t, dir, Options{Out: out})
	assertNoStaging(t, out)

	// A build that updates the folder in place clears them too: one
	// killed while it renders leaves what it held in a folder there.
	needRecords(t)
	opt := recorded(dir, out)
	buildRecorded(t, opt)
	for _, name := range []string{".public.signpost-staging-789", ".public.signpost-old-012"} {
		if err := os.MkdirAll(filepath.Join(parent, name, "articles"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "content/strategy/guidance.md"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nEdited.\n")
	f.Close()
	ino := outIno(t, out)
	buildRecorded(t, opt)
	if outIno(t, out) != ino {
		t.Error("the build did not update the folder in place")
	}
	assertNoStaging(t, out)
}
