package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/layout"
)

// MaxDepth bounds the folders nested in the content folder that Walk reads.
const MaxDepth = 32

// Walk lists the files under dir, sorted, skipping hidden and editor
// files. Symbolic links are followed only when they stay inside the site.
// A folder nested deeper than MaxDepth is an error, and not read.
func Walk(ctx context.Context, fsys fs.FS, dir string) ([]string, diag.List) {
	var files []string
	var l diag.List
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			l.Errorf(diag.Pos{File: p}, diag.CodeContentRead, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if p != dir && layout.SkipName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			ok, isDir := checkSymlink(fsys, p, &l)
			if ok && isDir {
				l.Warnf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic links to folders are not followed; this one is ignored")
				l.Hint("move the folder into the content folder instead")
			} else if ok {
				files = append(files, p)
			}
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.Count(p[len(dir)+1:], "/")+1 > MaxDepth {
				// Reading deeper costs time with the depth squared (each
				// read walks the path again), and its pages would have
				// addresses longer than file systems allow.
				l.Errorf(diag.Pos{File: p}, diag.CodeContentFile, "this folder is nested %d folders deep in the content folder; signpost reads folders up to %d deep, and leaves out what is below", MaxDepth+1, MaxDepth)
				l.Hint("move its pages into a folder nearer the top")
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			// Opening a named pipe would block the build for ever.
			l.Errorf(diag.Pos{File: p}, diag.CodeContentFile, "%s", irregular(d.Type()))
			l.Hint("signpost reads only regular files; move it out of the content folder")
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil && ctx.Err() == nil {
		l.Errorf(diag.Pos{File: dir}, diag.CodeSiteFolder, "cannot read the content folder: %v", unwrapPathError(err))
		l.Hint("run signpost in the site's folder, or pass --source DIR")
	}
	sort.Strings(files)
	return files, l
}

// irregular describes a file that is neither a regular file nor a folder.
func irregular(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "this is a named pipe (FIFO), not a file"
	case m&fs.ModeSocket != 0:
		return "this is a socket, not a file"
	case m&fs.ModeDevice != 0:
		return "this is a device, not a file"
	}
	return fmt.Sprintf("this is not a regular file (%v)", m.Type())
}

// maxLinkHops bounds a chain of symbolic links, as the kernel does.
const maxLinkHops = 40

// checkSymlink reports whether the symbolic link p resolves inside the site,
// and whether it points to a folder. It follows a chain of links itself,
// checking every hop, so a link to a link that leaves the site is refused
// as clearly as one that leaves it directly.
func checkSymlink(fsys fs.FS, p string, l *diag.List) (ok, isDir bool) {
	first, err := fs.ReadLink(fsys, p)
	if err != nil {
		l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "cannot read the symbolic link: %v", unwrapPathError(err))
		return false, false
	}
	cur := p
	for hop := 0; ; hop++ {
		info, err := fs.Lstat(fsys, cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "broken symbolic link to %s", first)
			l.Hint("remove the link, or point it at a file that exists")
			return false, false
		case err != nil:
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s cannot be followed: %v", first, unwrapPathError(err))
			return false, false
		case info.Mode()&fs.ModeSymlink == 0 && !info.IsDir() && !info.Mode().IsRegular():
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s: %s", first, irregular(info.Mode()))
			return false, false
		case info.Mode()&fs.ModeSymlink == 0:
			return true, info.IsDir()
		case hop == maxLinkHops:
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s: more than %d links in a row (is there a loop?)", first, maxLinkHops)
			return false, false
		}
		target, err := fs.ReadLink(fsys, cur)
		if err != nil {
			l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "cannot read the symbolic link %s: %v", cur, unwrapPathError(err))
			return false, false
		}
		next := path.Join(path.Dir(cur), target)
		if path.IsAbs(target) || strings.Contains(target, `\`) || !fs.ValidPath(next) {
			if cur == p {
				l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s points outside the site; signpost refuses it", target)
			} else {
				l.Errorf(diag.Pos{File: p}, diag.CodeContentSymlink, "symbolic link to %s points outside the site (%s links to %s); signpost refuses it", first, cur, target)
			}
			l.Hint("copy the file into the content folder instead of linking to it")
			return false, false
		}
		cur = next
	}
}
