// Command signpost builds NHS knowledge-base sites from Markdown.
//
// Usage:
//
//	signpost <command> [flags]
//
// Run "signpost help" for the commands, and "signpost help <command>" for
// the flags and examples of each.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/signpost-kb/signpost/internal/report"
)

// Exit statuses: see report.ExitOK and the rest.
const (
	exitOK      = report.ExitOK      // success
	exitContent = report.ExitContent // the content has errors
	exitUsage   = report.ExitUsage   // bad flags or configuration
)

// command is a subcommand of signpost.
type command struct {
	name    string
	summary string
	usage   string // "signpost build [flags]"
	help    string // what it does, and examples
	run     func(ctx context.Context, env *env, args []string) int
}

// env is what a command runs with, so tests can run commands in-process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     bool
}

func commands() []*command {
	return []*command{initCommand(), newCommand(), buildCommand(), checkCommand(), watchCommand(), serveCommand(), importCommand(), versionCommand()}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTerminal: isTerminal(os.Stderr)}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c := find(args[1]); c != nil {
				fmt.Fprint(e.stdout, commandHelp(c))
				return exitOK
			}
			fmt.Fprintf(e.stderr, "signpost: unknown command %q\n", args[1])
			usage(e.stderr)
			return exitUsage
		}
		usage(e.stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c := find(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "signpost: unknown command %q\n\n", name)
		usage(e.stderr)
		return exitUsage
	}
	return c.run(ctx, e, args[1:])
}

func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("signpost builds fast, accessible, searchable NHS knowledge-base sites from Markdown.\n\n")
	b.WriteString("Usage:\n\n  signpost <command> [flags]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun \"signpost help <command>\" for a command's flags and examples.\n")
	b.WriteString("Exit status: 0 success, 1 content errors, 2 usage or configuration errors.\n")
	io.WriteString(w, b.String())
}

func commandHelp(c *command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s\n", c.usage, strings.TrimSpace(c.help))
	fs := c.flags()
	if fs != nil {
		b.WriteString("\nFlags:\n")
		var fb strings.Builder
		fs.SetOutput(&fb)
		fs.PrintDefaults()
		b.WriteString(fb.String())
	}
	return b.String()
}

// flags returns the command's flag set with no values bound, for help.
func (c *command) flags() *flag.FlagSet {
	switch c.name {
	case "build":
		fs, _ := buildFlags()
		return fs
	case "check":
		fs, _ := checkFlags()
		return fs
	case "init":
		fs, _ := initFlags()
		return fs
	case "new":
		fs, _ := newFlags()
		return fs
	case "watch":
		fs, _ := watchFlags()
		return fs
	case "serve":
		fs, _ := serveFlags()
		return fs
	case "import":
		fs, _ := importFlags()
		return fs
	}
	return nil
}

// parse parses flags that may come before, after or between positional
// arguments, and returns the positional ones. It prints help for -h.
func parse(e *env, c *command, fs *flag.FlagSet, args []string) ([]string, int, bool) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, commandHelp(c))
				return nil, exitOK, false
			}
			fmt.Fprintf(e.stderr, "signpost %s: %v\nRun \"signpost help %s\" for usage.\n", c.name, err, c.name)
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, 0, true
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseSite parses the flags of a command that works on a site folder. It
// refuses positional arguments (the site is named with --source) and, when
// format is not nil, a --format other than text or json. ok is false when
// the command must stop with status code.
func parseSite(e *env, name string, fs *flag.FlagSet, args []string, format *string) (code int, ok bool) {
	pos, code, ok := parse(e, find(name), fs, args)
	if !ok {
		return code, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "signpost %s: unexpected argument %q; use --source to name the site folder\n", name, pos[0])
		return exitUsage, false
	}
	if format != nil {
		if err := report.CheckFormat(*format); err != nil {
			fmt.Fprintf(e.stderr, "signpost %s: %v\n", name, err)
			return exitUsage, false
		}
	}
	return 0, true
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
