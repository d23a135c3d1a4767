package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/corpus"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// TestConcurrentBuilds starts a build of a generated site and, while it
// is writing pages, a second build of the same site into the same output
// folder with another base URL. The second waits for the first, saying
// so, and both succeed: the output is exactly the second build, file for
// file, as a build of it alone makes it, and nothing is left beside it.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building a generated site twice at once skipped")
	}
	root := t.TempDir()
	if _, err := corpus.Generate(context.Background(), root, corpus.Options{Pages: 600, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	refs := t.TempDir()
	for _, base := range []string{"/a/", "/b/"} {
		if o, err := exec.Command(binary, "build", "--source", root, "--out", filepath.Join(refs, base), "--base-url", base, "--quiet").CombinedOutput(); err != nil {
			t.Fatalf("reference build %s: %v\n%s", base, err, o)
		}
	}
	want := testsite.Tree(t, filepath.Join(refs, "b"))

	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	first := exec.Command(binary, "build", "--source", root, "--out", out, "--base-url", "/a/")
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	firstDone := make(chan error, 1)
	go func() { firstDone <- first.Wait() }()
	staging := filepath.Join(parent, ".public.signpost-staging*")
	deadline := time.Now().Add(2 * time.Minute)
	for countPages(staging) < 20 {
		select {
		case err := <-firstDone:
			t.Fatalf("the first build ended (%v) before the second started; generate a larger corpus\n%s", err, firstErr.String())
		default:
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatal("the first build wrote no pages within two minutes")
		}
		time.Sleep(time.Millisecond)
	}
	second, err := exec.Command(binary, "build", "--source", root, "--out", out, "--base-url", "/b/").CombinedOutput()
	if err != nil {
		t.Errorf("second build: %v\n%s", err, second)
	}
	if err := <-firstDone; err != nil {
		t.Errorf("first build: %v\n%s", err, firstErr.String())
	}
	if !strings.Contains(string(second), "waiting for another signpost build (process ") {
		t.Errorf("the second build did not say it waited:\n%s", second)
	}
	if d := testsite.Diff(want, testsite.Tree(t, out)); d != "" {
		t.Errorf("the output is not the second build:\n%s", d)
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != ".public.signpost-record" && e.Name() != ".public.signpost-cache" {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}

// TestBuildWhileWatching runs watch, then a build into the folder watch
// keeps up to date: the build refuses at once with exit status 2, naming
// the session, and leaves the folder as watch made it; once watch has
// stopped, the build succeeds.
func TestBuildWhileWatching(t *testing.T) {
	dir := testsite.FromFile(t, "../../internal/build/testdata/sites/site.txtar")
	w := startWatch(t, dir)
	out := filepath.Join(dir, "public")
	before := testsite.Tree(t, out)

	stdout, stderr, code := signpost(t, dir, cleanEnv(), "build", "--base-url", "/elsewhere/")
	if code != exitUsage {
		t.Errorf("build while watching: exit status %d, want %d\n%s%s", code, exitUsage, stdout, stderr)
	}
	if want := "is being kept up to date by a signpost watch or serve session (process "; !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q", stderr, want)
	}
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("the build changed the folder watch keeps:\n%s", d)
	}
	w.stop(t)
	if _, stderr, code := signpost(t, dir, cleanEnv(), "build", "--base-url", "/elsewhere/"); code != exitOK {
		t.Errorf("build after watch stopped: exit status %d\n%s", code, stderr)
	}
}

// TestRefusesFoldersSignpostDidNotMake gives build output folders with a
// hand-made or linked marker, or files no build made: each is refused
// with exit status 2 and a message saying what to do, and keeps every
// file.
func TestRefusesFoldersSignpostDidNotMake(t *testing.T) {
	site := testsite.FromFile(t, "../../internal/build/testdata/sites/article.txtar")
	built := filepath.Join(t.TempDir(), "built")
	if _, stderr, code := signpost(t, site, cleanEnv(), "build", "--out", built, "--quiet"); code != exitOK {
		t.Fatalf("build: %d\n%s", code, stderr)
	}
	realMarker, err := os.ReadFile(filepath.Join(built, ".signpost"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, out string)
		want  string
	}{
		{"marker cut short", func(t *testing.T, out string) {
			write(t, filepath.Join(out, ".signpost"), `{"generator":"signpost" GARBAGE`)
		}, ".signpost is not a marker signpost wrote: it is not valid JSON"},
		{"marker linked", func(t *testing.T, out string) {
			if err := os.Symlink(filepath.Join(built, ".signpost"), filepath.Join(out, ".signpost")); err != nil {
				t.Fatal(err)
			}
		}, ".signpost is a symbolic link"},
		{"marker copied from another build", func(t *testing.T, out string) {
			write(t, filepath.Join(out, ".signpost"), string(realMarker))
		}, "it holds files signpost did not make (thesis.docx)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "mine")
			write(t, filepath.Join(out, "thesis.docx"), "years of work")
			tt.setup(t, out)
			before := testsite.Tree(t, out)
			_, stderr, code := signpost(t, site, cleanEnv(), "build", "--out", out)
			if code != exitUsage {
				t.Errorf("exit status %d, want %d\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "refusing to replace "+out) {
				t.Errorf("stderr:\n%s\nwant %q", stderr, tt.want)
			}
			if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
				t.Errorf("the folder changed:\n%s", d)
			}
		})
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// watcher is a signpost watch running in the background.
type watcher struct {
	cmd   *exec.Cmd
	lines chan string // its stderr, a line at a time
}

// startWatch runs signpost watch in dir, with args, and waits for its
// first build.
func startWatch(t *testing.T, dir string, args ...string) *watcher {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"watch"}, args...)...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &watcher{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		close(w.lines)
		io.Copy(io.Discard, stderr)
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	w.await(t, ": ") // the first build's line: "10:04:05 built: …"
	return w
}

// await waits, with a deadline, for a line of watch's stderr containing
// s, and returns it.
func (w *watcher) await(t *testing.T, s string) string {
	t.Helper()
	deadline := time.After(time.Minute)
	var seen []string
	for {
		select {
		case line, ok := <-w.lines:
			if !ok {
				t.Fatalf("watch ended without printing %q:\n%s", s, strings.Join(seen, "\n"))
			}
			seen = append(seen, line)
			if strings.Contains(line, s) && !strings.HasPrefix(line, "watching ") {
				return line
			}
		case <-deadline:
			t.Fatalf("watch did not print %q within a minute:\n%s", s, strings.Join(seen, "\n"))
		}
	}
}

// stop interrupts watch and waits for it to end.
func (w *watcher) stop(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for range w.lines {
	}
	w.cmd.Wait()
}

// TestBuildAfterKilledWatch kills a watch session (SIGKILL, so it cannot
// tidy up) after a rebuild that added a page and one that changed a page's
// bytes: the folder it leaves is still one signpost made, listing every
// file, so the next build replaces it and gives what a clean build gives.
func TestBuildAfterKilledWatch(t *testing.T) {
	dir := testsite.FromFile(t, "../../internal/build/testdata/sites/site.txtar")
	w := startWatch(t, dir)
	write(t, filepath.Join(dir, "content/articles/added.md"), "---\ntitle: Added\ndate: 2024-02-01\nsummary: A page added while watching.\n---\n\nNew.\n")
	w.await(t, "content/articles/added.md created: ")
	write(t, filepath.Join(dir, "content/articles/added.md"), "---\ntitle: Added\ndate: 2024-02-01\nsummary: A page added while watching.\n---\n\nEdited.\n")
	w.await(t, "content/articles/added.md edited: ")
	if err := w.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for range w.lines {
	}
	w.cmd.Wait()

	if _, stderr, code := signpost(t, dir, cleanEnv(), "build"); code != exitOK {
		t.Fatalf("build after the killed session: exit status %d\n%s", code, stderr)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, stderr, code := signpost(t, dir, cleanEnv(), "build", "--out", clean); code != exitOK {
		t.Fatalf("clean build: exit status %d\n%s", code, stderr)
	}
	if d := testsite.Diff(testsite.Tree(t, clean), testsite.Tree(t, filepath.Join(dir, "public"))); d != "" {
		t.Errorf("the build after the killed session differs from a clean one:\n%s", d)
	}
}

// TestWatchWithoutContentFolder renames the content folder away while
// watch runs, as a branch switch or a folder rename does: the rebuild
// fails with an error naming the folder, as build does, and the last good
// site stays in place; when the folder comes back, the site is rebuilt
// as it was.
func TestWatchWithoutContentFolder(t *testing.T) {
	dir := testsite.FromFile(t, "../../internal/build/testdata/sites/site.txtar")
	w := startWatch(t, dir)
	out := filepath.Join(dir, "public")
	before := testsite.Tree(t, out)
	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "away")); err != nil {
		t.Fatal(err)
	}
	line := w.await(t, "build failed")
	if !strings.Contains(line, "the last good site stays in place") {
		t.Errorf("log line: %s", line)
	}
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("the site changed without its content folder:\n%s", d)
	}
	if err := os.Rename(filepath.Join(dir, "away"), filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	w.await(t, "rendered")
	if d := testsite.Diff(before, testsite.Tree(t, out)); d != "" {
		t.Errorf("the site is not as it was once the content folder is back:\n%s", d)
	}
	w.stop(t)
}
