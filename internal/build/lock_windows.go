//go:build windows

package build

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile is an open lock file whose lock this process holds.
type lockFile struct{ f *os.File }

// lockOffset is the byte the lock covers: far past what describe writes,
// so that others can read the description while the lock is held.
const lockOffset = 1 << 30

// tryLock opens (creating it if need be) the lock file at path and locks
// it with LockFileEx without waiting.
func tryLock(path string) (*lockFile, error) {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, errors.New(path + " is not a regular file; remove it")
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ol := &windows.Overlapped{Offset: lockOffset}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, errLocked
		}
		return nil, err
	}
	info, err := f.Stat()
	now, err1 := os.Lstat(path)
	if err != nil || err1 != nil || !os.SameFile(info, now) {
		f.Close()
		return nil, errStale
	}
	return &lockFile{f}, nil
}

// describe writes s into the lock file, for whoever finds it locked.
func (l *lockFile) describe(s string) error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(s), 0)
	return err
}

// unlock lets go of the lock. (Windows does not remove a file that is
// open, so the file stays beside the output folder; the next build reuses
// it.)
func (l *lockFile) unlock() { l.f.Close() }
