package main

import (
	"context"
	"flag"
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// The version and commit of this binary, set by whoever builds it for
// others (packagers, release pipelines), where the Go toolchain cannot
// stamp them:
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/signpost
//
// They are constants in all but name: the linker writes them, nothing
// assigns them.
var (
	version string
	commit  string
)

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of signpost and of Go",
		usage:   "signpost version",
		help: `Version prints signpost's version, the commit it was built from, and the
Go version and platform it was built with. Where neither the build nor the Go
toolchain recorded them, it says "devel" and "commit unknown".

Example:

  signpost version`,
		flags: func(*flag.FlagSet) runFunc {
			return func(_ context.Context, e *env, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "signpost version: unexpected argument %q\n", args[0])
					return exitUsage
				}
				info, _ := debug.ReadBuildInfo()
				fmt.Fprintln(e.stdout, versionLine(version, commit, info))
				return exitOK
			}
		},
	}
}

// pseudoVersion matches the commit in a Go pseudo-version, such as
// v0.0.0-20260102150405-0123456789ab.
var pseudoVersion = regexp.MustCompile(`\d{14}-([0-9a-f]{12})(\+incompatible)?$`)

// versionLine describes this binary: "signpost v1.2.0 (commit
// 0123456789ab, go1.26.0 linux/amd64)". The version and commit set with
// -ldflags win; then what the Go toolchain recorded: the module version
// (go install …@v1.2.0) and the VCS stamp of a build in a checkout, or
// the commit in a pseudo-version.
func versionLine(ver, rev string, info *debug.BuildInfo) string {
	modified := false
	if info != nil {
		if ver == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			ver = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if m := pseudoVersion.FindStringSubmatch(info.Main.Version); rev == "" && m != nil {
			rev = m[1]
		}
	}
	if ver == "" {
		ver = "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev == "":
		rev = "commit unknown"
	case modified:
		rev = "commit " + rev + " with local changes"
	default:
		rev = "commit " + rev
	}
	return fmt.Sprintf("signpost %s (%s, %s %s/%s)", ver, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func helpCommand() *command {
	return &command{
		name:    "help",
		summary: "show the commands, or a command's flags and examples",
		usage:   "signpost help [command]",
		help: `Help lists signpost's commands, or with the name of one, shows what it does,
its flags and examples: the same as "signpost <command> --help".

Examples:

  signpost help
  signpost help build`,
		flags: func(*flag.FlagSet) runFunc {
			return func(_ context.Context, e *env, args []string) int {
				switch len(args) {
				case 0:
					usage(e.stdout)
					return exitOK
				case 1:
					if c := find(args[0]); c != nil {
						fmt.Fprint(e.stdout, commandHelp(c))
						return exitOK
					}
					unknownCommand(e.stderr, args[0])
					return exitUsage
				}
				fmt.Fprintf(e.stderr, "signpost help: want one command, got %q\n", strings.Join(args, " "))
				return exitUsage
			}
		},
	}
}
