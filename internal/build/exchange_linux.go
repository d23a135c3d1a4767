package build

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b atomically (renameat2 with
// RENAME_EXCHANGE). It fails if either does not exist or the file system
// cannot do it, and the caller falls back to two renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
