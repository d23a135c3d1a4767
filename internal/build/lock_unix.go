//go:build unix

package build

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockFile is an open lock file whose flock this process holds.
type lockFile struct{ f *os.File }

// tryLock opens (creating it if need be) the lock file at path and takes
// its flock without waiting. It never follows a symbolic link there, and
// refuses anything but a regular file.
func tryLock(path string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("%s is a symbolic link; remove it", path)
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file; remove it", path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		if err == unix.EWOULDBLOCK {
			return nil, errLocked
		}
		return nil, err
	}
	// The last holder removes the file as it lets go: if that happened
	// after the open, this is a lock on a file nobody else will open.
	now, err := os.Lstat(path)
	if err != nil || !os.SameFile(info, now) {
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

// unlock lets go of the lock.
func (l *lockFile) unlock() { l.f.Close() }
