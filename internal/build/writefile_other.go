//go:build !unix

package build

import (
	"io"
	"os"
)

// writeNew creates the file name, which must not exist, and writes data to
// it.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}

// fileID identifies a file.
type fileID struct{ info os.FileInfo }

// openVerified opens the file name for reading if it is a regular file of
// size bytes, never following a symbolic link.
func openVerified(name string, size int64) (io.ReadCloser, fileID, error) {
	before, err := os.Lstat(name)
	if err != nil {
		return nil, fileID{}, err
	}
	if !before.Mode().IsRegular() || before.Size() != size {
		return nil, fileID{}, errNotReusable
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fileID{}, err
	}
	info, err := f.Stat()
	if err != nil || !os.SameFile(before, info) {
		f.Close()
		return nil, fileID{}, errNotReusable
	}
	return f, fileID{info}, nil
}

// lstatID returns the identity of the file name, not following a link.
func lstatID(name string) (fileID, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return fileID{}, err
	}
	if !info.Mode().IsRegular() {
		return fileID{}, errNotReusable
	}
	return fileID{info}, nil
}

func (a fileID) same(b fileID) bool {
	return a.info != nil && b.info != nil && os.SameFile(a.info, b.info)
}
