//go:build unix

package build

import (
	"io"
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

// fileID identifies a file: its device and inode.
type fileID struct{ dev, ino uint64 }

// rawFile is a file opened for reading with the system calls alone.
type rawFile int

func (f rawFile) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(f), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f rawFile) Close() error { return syscall.Close(int(f)) }

// openVerified opens the file name for reading if it is a regular file of
// size bytes with no other name (a hard link elsewhere could change it
// behind the build's back), never following a symbolic link.
func openVerified(name string, size int64) (io.ReadCloser, fileID, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fileID{}, err
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, fileID{}, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Nlink != 1 || st.Size != size {
		syscall.Close(fd)
		return nil, fileID{}, errNotReusable
	}
	return rawFile(fd), fileID{uint64(st.Dev), uint64(st.Ino)}, nil
}

// lstatID returns the identity of the file name, not following a link.
func lstatID(name string) (fileID, error) {
	var st syscall.Stat_t
	if err := syscall.Lstat(name, &st); err != nil {
		return fileID{}, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return fileID{}, errNotReusable
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, nil
}

func (a fileID) same(b fileID) bool { return a == b }
