package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of signpost and of Go",
		usage:   "signpost version",
		help: `Version prints signpost's version, the commit it was built from when known,
and the Go version it was built with.

Example:

  signpost version`,
		run: func(_ context.Context, e *env, args []string) int {
			pos, code, ok := parse(e, find("version"), flag.NewFlagSet("version", flag.ContinueOnError), args)
			if !ok {
				return code
			}
			if len(pos) > 0 {
				fmt.Fprintf(e.stderr, "signpost version: unexpected argument %q\n", pos[0])
				return exitUsage
			}
			fmt.Fprintln(e.stdout, version())
			return exitOK
		},
	}
}

// version describes this binary: "signpost v0.1.0 (go1.26.8 linux/amd64)".
func version() string {
	v, rev := "(devel)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
	}
	if rev != "" && v == "(devel)" {
		v += " " + rev
	}
	return fmt.Sprintf("signpost %s (%s %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
