package build

// A build that keeps a record (Options.Record) and finds the output
// folder exactly as the last build left it, but its inputs, options or
// executable changed, updates the folder in place instead of making a
// staging folder and swapping it in: a second `signpost build` after an
// edit. It renders the whole site, as any build without a Cache does, so
// what it makes is what a clean build makes; but it writes only the
// files whose bytes differ from the ones in the folder, and removes those
// the site no longer has, instead of creating (or linking) every file of
// the site again in a new folder and deleting the old one, which on a
// real disk costs more than rendering.
//
// What it trusts, and why that is safe: the marker file's hash of every
// file. The record lists every file and folder of the output with its
// stat key (size, times, inode, links), the marker among them, and a
// change time cannot be set back; so when every entry has the key the
// record gives it, no file has been edited, replaced, linked, added or
// removed since the last build wrote the marker and the record, and the
// marker's hashes are those of the files. Anything else (no record, one
// that does not parse, any entry changed, a marker that does not parse or
// lacks a size) is a full build through a staging folder, which checks
// the bytes of every file it links.
//
// Safety: the record is removed before the build starts, and written
// again only after the folder is updated, so a build that is interrupted
// or fails at any point leaves no record and the next build is a full
// one. Until every page has been rendered and checked, nothing in the
// folder is touched: the changed files are held in memory, so a build
// that fails, or is interrupted while it renders, leaves the previous
// site exactly as it was. (Past 32 MB they wait in temporary files in a
// folder beside the output folder, removed when the build ends; one a
// killed build leaves is removed by the next full build.) Then each changed file is written to a
// temporary file beside it and renamed over the old one (a reader never
// sees half a file), the files the site no longer has are removed, and
// the marker is written with the new hashes. A reader of the site during
// those milliseconds may see some pages new and others old (an edited
// page before the list that links to it, say); a process killed then
// leaves such a mix, every file whole, and no record, and the next build
// replaces it. An interrupt (Ctrl-C) does not stop the writes once they
// have started.

// spillAt is how many bytes of changed files an update in place holds in
// memory; the rest wait in temporary files (inPlace.spillAt), so that a
// change that rewrites every file (the theme, the configuration) costs no
// more memory than a full build.
const spillAt = 32 << 20

// intactManifest returns the marker's list of the files of the output
// folder out, which the build record showed to be what the last build
// left, or nil when it does not give every file's hash and size.
func intactManifest(out string) *manifest {
	m, ok := readManifest(out)
	if !ok || len(m.Sizes) != len(m.Files) {
		return nil
	}
	for name, h := range m.Files {
		if _, ok := m.Sizes[name]; !ok || h == "" || checkName(name) != nil {
			return nil
		}
	}
	return &m
}
