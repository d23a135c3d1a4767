//go:build unix

package build

import (
	"io/fs"
	"syscall"
)

// writeNew creates the file name, which must not exist, and writes data to
// it. A build writes thousands of files, so it goes straight to the system
// calls: an *os.File for a regular file costs four fcntl calls and a
// failed epoll registration on top of open, write and close.
func writeNew(name string, data []byte) error {
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		if n == 0 {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: syscall.EIO}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
