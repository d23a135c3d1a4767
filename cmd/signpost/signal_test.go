package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/corpus"
	"github.com/signpost-kb/signpost/internal/report"
)

// TestInterruptedBuildKeepsPreviousSite builds a generated corpus with the
// real binary, then starts a second build that changes every page and
// stops it with a signal once it is writing pages: SIGINT (Ctrl-C), which
// the binary handles, and SIGKILL, which it cannot. Either way the
// previous site must be exactly as it was, and the next build must
// succeed.
func TestInterruptedBuildKeepsPreviousSite(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building a large corpus skipped")
	}
	root := t.TempDir()
	if _, err := corpus.Generate(context.Background(), root, corpus.Options{Pages: 3000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "public")
	staging := filepath.Join(root, ".public.signpost-staging-*")
	if o, err := exec.Command(binary, "build", "--source", root, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, o)
	}
	before := treeHash(t, out)

	for _, tt := range []struct {
		name   string
		signal os.Signal
	}{
		{"SIGINT", os.Interrupt},
		{"SIGKILL", os.Kill},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// A new base URL changes every page, so the build writes
			// thousands of files rather than linking them. Without the
			// build cache, which would let it update the folder in place
			// (holding every page until all are made, so nothing would
			// show in a staging folder), it writes them to a staging
			// folder as it goes. An interrupted update in place is
			// tested in internal/build (TestRecordedRebuildInterrupted).
			cmd := exec.Command(binary, "build", "--source", root, "--base-url", "/moved/", "--no-cache")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()

			// Wait, by polling with a deadline, until pages are being
			// written to the staging folder.
			deadline := time.Now().Add(2 * time.Minute)
			for countPages(staging) < 50 {
				select {
				case err := <-done:
					t.Fatalf("the build ended (%v) before it could be interrupted; generate a larger corpus\n%s", err, stderr.String())
				default:
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no pages were written to the staging folder within two minutes")
				}
				time.Sleep(time.Millisecond)
			}
			if err := cmd.Process.Signal(tt.signal); err != nil {
				t.Fatal(err)
			}
			err := <-done

			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("the interrupted build succeeded or did not run: %v", err)
			}
			switch tt.signal {
			case os.Interrupt:
				if exit.ExitCode() != report.ExitInterrupted {
					t.Errorf("exit status %d, want %d", exit.ExitCode(), report.ExitInterrupted)
				}
				if want := "build interrupted; the previous site in " + out + " is unchanged"; !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr:\n%s\nwant %q", stderr.String(), want)
				}
				if left, _ := filepath.Glob(staging); len(left) > 0 {
					t.Errorf("the interrupted build left its staging folder: %v", left)
				}
			case os.Kill:
				if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
					t.Errorf("the build was not killed: %v", err)
				}
			}
			if after := treeHash(t, out); after != before {
				t.Error("the previous site changed")
			}
		})
	}

	// The next build clears what a killed build left and succeeds.
	if o, err := exec.Command(binary, "build", "--source", root, "--base-url", "/moved/", "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("build after the interruptions: %v\n%s", err, o)
	}
	if left, _ := filepath.Glob(staging); len(left) > 0 {
		t.Errorf("staging folder left after a successful build: %v", left)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !bytes.Contains(page, []byte(`href="/moved/`)) {
		t.Errorf("the new site is not in place: %v", err)
	}
}

// countPages returns the number of article pages in the staging folders
// that match the pattern staging.
func countPages(staging string) int {
	dirs, _ := filepath.Glob(staging)
	n := 0
	for _, dir := range dirs {
		entries, _ := os.ReadDir(filepath.Join(dir, "articles"))
		n += len(entries)
	}
	return n
}

// treeHash returns one hash of every file under dir, names and bytes.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(data)
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 1000 {
		t.Fatalf("only %d files in %s", files, dir)
	}
	return hex.EncodeToString(h.Sum(nil))
}
