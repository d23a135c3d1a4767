package build

import (
	"io/fs"
	"syscall"
)

// keyOf returns the stat key of info, from Lstat or Stat.
func keyOf(info fs.FileInfo) (statKey, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return statKey{}, false
	}
	return statKey{
		Size:  int64(st.Size),
		Mtime: int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec),
		Ctime: int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec),
		Ino:   uint64(st.Ino),
		Dev:   uint64(st.Dev),
		Nlink: uint64(st.Nlink),
		Mode:  uint32(st.Mode),
	}, true
}
