// Command signpost builds NHS knowledge-base sites from Markdown.
//
// Usage:
//
//	signpost <command> [flags]
//
// Run "signpost help" for the commands, and "signpost help <command>" for
// the flags and examples of each.
//
// This package parses flags, turns signals into a context and calls the
// packages under internal/; it must hold no other logic.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/report"
)

// Exit statuses: see report.ExitOK and the rest.
const (
	exitOK      = report.ExitOK      // success
	exitContent = report.ExitContent // the content has errors
	exitUsage   = report.ExitUsage   // bad flags or configuration
)

// runFunc runs a command once its flags are parsed; args are its
// positional arguments.
type runFunc func(ctx context.Context, e *env, args []string) int

// command is a subcommand of signpost.
type command struct {
	name string
	// aliases are other names the command answers to: "server" for
	// serve, as in Hugo.
	aliases []string
	summary string
	usage   string // "signpost build [--source DIR] …": every flag, in the --flag form
	help    string // what it does, and examples
	// flags declares the command's flags on fs, bound to the options that
	// the returned function runs the command with. It is the one
	// declaration of the command's flags: parsing and help both use it.
	// A flag's usage starts with the name of its value in backquotes,
	// when it takes one: "`DIR`: the site folder".
	flags func(fs *flag.FlagSet) runFunc
	// site marks a command that works on the site folder named by
	// --source, so takes no positional arguments.
	site bool
}

// env is what a command runs with, so tests can run commands in-process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     bool
}

func commands() []*command {
	return []*command{initCommand(), newCommand(), buildCommand(), checkCommand(), watchCommand(), serveCommand(), importCommand(), versionCommand(), helpCommand()}
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
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	c := find(name)
	if c == nil {
		unknownCommand(e.stderr, name)
		return exitUsage
	}
	return c.exec(ctx, e, args[1:])
}

// find returns the command called name, or one of its aliases.
func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
		for _, a := range c.aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

// unknownCommand says that name is no command, suggesting the one meant.
func unknownCommand(w io.Writer, name string) {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(w, "signpost: %s is a flag, and signpost needs a command first, such as: signpost build %s\nRun \"signpost help\" for the commands.\n", name, name)
		return
	}
	if s := suggest(name, names); s != "" {
		fmt.Fprintf(w, "signpost: unknown command %q; did you mean \"signpost %s\"?\nRun \"signpost help\" for the commands.\n", name, s)
		return
	}
	fmt.Fprintf(w, "signpost: unknown command %q\n\n", name)
	usage(w)
}

// suggest returns the candidate that word most likely misspells, or "".
// A candidate that differs only in case, hyphens or underscores
// ("baseurl", "base_url") comes first; then the closest by edit distance.
func suggest(word string, candidates []string) string {
	fold := func(s string) string {
		return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(s))
	}
	for _, c := range candidates {
		if fold(c) == fold(word) {
			return c
		}
	}
	return diag.Closest(word, candidates)
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("signpost builds fast, accessible, searchable NHS knowledge-base sites from Markdown.\n\n")
	b.WriteString("Usage:\n\n  signpost <command> [flags]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun \"signpost help <command>\" for a command's flags and examples.\n")
	b.WriteString("Exit status: 0 success, 1 content errors, 2 usage, configuration or I/O errors, 130 interrupted.\n")
	io.WriteString(w, b.String())
}

// commandHelp is the help of c: its usage, what it does, and its flags.
func commandHelp(c *command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s\n", c.usage, strings.TrimSpace(c.help))
	if len(c.aliases) > 0 {
		fmt.Fprintf(&b, "\nAlso called: %s\n", strings.Join(c.aliases, ", "))
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs)
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nFlags:\n")
			first = false
		}
		value, text := flagValue(f)
		b.WriteString("  --" + f.Name)
		if value != "" {
			b.WriteString(" " + value)
		}
		b.WriteByte('\n')
		if def := f.DefValue; def != "" && def != "false" && def != "0" {
			if _, isString := f.Value.(flag.Getter).Get().(string); isString {
				def = strconv.Quote(def)
			}
			text += fmt.Sprintf(" (default %s)", def)
		}
		b.WriteString(wrap(text, "        ", 80))
	})
	return b.String()
}

// flagValue returns the name of the value flag f takes ("DIR"; "" for a
// boolean flag) and its description, from its usage "`DIR`: the site
// folder".
func flagValue(f *flag.Flag) (value, text string) {
	value, text = flag.UnquoteUsage(f)
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return "", text
	}
	return value, strings.TrimPrefix(text, value+": ")
}

// wrap breaks s into lines of at most width columns, each indented.
func wrap(s, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(s) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}

// exec parses the flags of c from args and runs it. Flags may come
// before, after or between positional arguments; -h and --help print help.
func (c *command) exec(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runCmd := c.flags(fs)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, commandHelp(c))
				return exitOK
			}
			fmt.Fprintf(e.stderr, "signpost %s: %s\nRun \"signpost help %s\" for its flags.\n", c.name, flagError(fs, err), c.name)
			return exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	if c.site && len(positional) > 0 {
		fmt.Fprintf(e.stderr, "signpost %s: unexpected argument %q; use --source to name the site folder\n", c.name, positional[0])
		return exitUsage
	}
	return runCmd(ctx, e, positional)
}

// The messages of the flag package, which name flags with one dash.
var (
	flagUndefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNoValue   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagBadBool   = regexp.MustCompile(`^invalid boolean value (".*") for -+([^:]*):`)
	flagBadValue  = regexp.MustCompile(`^invalid value (".*") for flag -+([^:]*):`)
	flagSyntax    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagError says what is wrong with a flag in the --flag form, with the
// flag meant when one was misspelt.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := flagUndefined.FindStringSubmatch(msg); m != nil {
		name, _, _ := strings.Cut(m[1], "=")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := suggest(name, names); s != "" {
			return fmt.Sprintf("unknown flag --%s; did you mean --%s?", name, s)
		}
		return fmt.Sprintf("unknown flag --%s", name)
	}
	if m := flagNoValue.FindStringSubmatch(msg); m != nil {
		if f := fs.Lookup(m[1]); f != nil {
			value, _ := flagValue(f)
			return fmt.Sprintf("--%s needs a value: --%s %s", m[1], m[1], value)
		}
		return fmt.Sprintf("--%s needs a value", m[1])
	}
	if m := flagBadBool.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s is true or false, not %s (write --%s or --%s=false)", m[2], m[1], m[2], m[2])
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		if f := fs.Lookup(m[2]); f != nil {
			if _, isInt := f.Value.(flag.Getter).Get().(int); isInt {
				return fmt.Sprintf("--%s wants a whole number, such as --%s %s, not %s", m[2], m[2], f.DefValue, m[1])
			}
		}
		return fmt.Sprintf("--%s: %s is not a valid value", m[2], m[1])
	}
	if m := flagSyntax.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%q is not a flag: flags are written --name or --name=value", m[1])
	}
	return msg
}

// checkFormat refuses a --format other than text or json.
func checkFormat(e *env, name, format string) bool {
	if err := report.CheckFormat(format); err != nil {
		fmt.Fprintf(e.stderr, "signpost %s: %v\n", name, err)
		return false
	}
	return true
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
