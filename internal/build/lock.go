package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// An output folder is written by one signpost at a time. Like Hugo's
// .hugo_build.lock, the lock is an advisory lock (flock on Unix,
// LockFileEx on Windows) on a file, here beside the output folder rather
// than in it, since a build swaps the whole folder: public/ is locked by
// .public.signpost-lock in its parent. The system lets go of the lock when
// its holder exits, however it exits, so a held lock always has a live
// holder, and whatever the previous holders left beside the folder
// (staging folders of killed builds) is provably nobody's.
//
// A build waits for another build into the same folder to finish, up to
// DefaultLockWait, then gives up with an error; a watch or serve session
// holds the lock for as long as it runs, so a build refuses at once to
// write into the folder it keeps up to date.

// DefaultLockWait is how long a build waits for another build into the
// same output folder to finish.
const DefaultLockWait = 5 * time.Minute

// lockPoll is how often a waiting build tries the lock again.
const lockPoll = 50 * time.Millisecond

// LockOptions says how to take the lock on an output folder.
type LockOptions struct {
	// Session marks the holder as a watch or serve session, which keeps
	// the lock until it stops: a build that finds the folder locked by a
	// session refuses at once rather than wait.
	Session bool
	// Wait bounds the wait for another build to finish: 0 means
	// DefaultLockWait, and a negative value not to wait at all.
	Wait time.Duration
	// Waiting, when set, is called once, with a description of the
	// holder, when the lock is held by another build and LockOutput
	// starts to wait for it.
	Waiting func(holder string)
}

// OutputLock is the lock on an output folder.
type OutputLock struct {
	out  string // the absolute output folder
	path string // the lock file
	file *lockFile
}

// errLocked says that another process holds the lock.
var errLocked = errors.New("locked by another process")

// errStale says that the lock file was removed by its last holder as it
// let go, after it was opened: locking it locks nothing.
var errStale = errors.New("the lock file was replaced")

// lockPath is the lock file of the output folder out.
func lockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".signpost-lock")
}

// LockOutput takes the lock on the output folder out, waiting as opt
// says for another build that holds it. The caller must Unlock it.
func LockOutput(ctx context.Context, out string, opt LockOptions) (*OutputLock, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder's parent: %w", err)
	}
	l := &OutputLock{out: out, path: lockPath(out)}
	wait := opt.Wait
	if wait == 0 {
		wait = DefaultLockWait
	}
	deadline := time.Now().Add(wait)
	told := false
	for {
		f, err := tryLock(l.path)
		if errors.Is(err, errStale) {
			continue
		}
		if err == nil {
			l.file = f
			kind := "build"
			if opt.Session {
				kind = "session"
			}
			// Said to whoever finds the folder locked; a failure to
			// say it costs only the description.
			_ = f.describe(strconv.Itoa(os.Getpid()) + " " + kind + "\n")
			return l, nil
		}
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("cannot lock the output folder %s (with %s): %w", out, l.path, err)
		}
		h := readHolder(l.path)
		switch {
		case h.session:
			return nil, fmt.Errorf("%s is being kept up to date by %s; stop it first, or build into another folder with --out", out, h)
		case wait < 0 || !time.Now().Before(deadline):
			return nil, fmt.Errorf("%s is still writing %s after %s of waiting; try again when it has finished, or build into another folder with --out", h, out, wait.Round(time.Second))
		}
		if !told && opt.Waiting != nil {
			opt.Waiting(h.String())
			told = true
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Unlock lets go of the lock, removing its file first, so that no lock
// file is left beside the output folder.
func (l *OutputLock) Unlock() {
	if l == nil || l.file == nil {
		return
	}
	_ = os.Remove(l.path)
	l.file.unlock()
	l.file = nil
}

// covers reports whether the lock is on the output folder out (absolute).
func (l *OutputLock) covers(out string) bool {
	return l != nil && l.file != nil && l.out == out
}

// holder is what a lock file says of the process that holds the lock.
type holder struct {
	pid     int
	session bool
}

func (h holder) String() string {
	what := "another signpost build"
	if h.session {
		what = "a signpost watch or serve session"
	}
	if h.pid > 0 {
		what += " (process " + strconv.Itoa(h.pid) + ")"
	}
	return what
}

// readHolder reads the lock file at path: "1234 build" or "1234 session".
// A file not yet described reads as another build.
func readHolder(path string) holder {
	data, err := os.ReadFile(path)
	if err != nil || len(data) > 64 {
		return holder{}
	}
	pid, kind, _ := strings.Cut(strings.TrimSpace(string(data)), " ")
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return holder{}
	}
	return holder{pid: n, session: kind == "session"}
}
