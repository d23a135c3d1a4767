//go:build !linux

package build

import "io/fs"

// keyOf reports that this system's stat keys are not known to tell every
// change (no change time or inode here): builds keep no record.
func keyOf(fs.FileInfo) (statKey, bool) { return statKey{}, false }
