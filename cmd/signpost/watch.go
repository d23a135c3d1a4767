package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/preview"
	"github.com/signpost-kb/signpost/internal/report"
	"github.com/signpost-kb/signpost/internal/server"
)

type watchOptions struct {
	source, out    string
	drafts, future bool
}

func watchFlags(fs *flag.FlagSet) runFunc {
	o := &watchOptions{}
	sourceFlag(fs, &o.source)
	fs.StringVar(&o.out, "out", "", "`DIR`: the output folder (default: output_dir from signpost.toml, public/, inside the site)")
	fs.BoolVar(&o.drafts, "drafts", false, "include pages marked draft: true")
	fs.BoolVar(&o.future, "future", false, "include pages dated in the future")
	return func(ctx context.Context, e *env, _ []string) int { return runWatch(ctx, e, o) }
}

func watchCommand() *command {
	return &command{
		name:    "watch",
		summary: "build the site, then rebuild it on every change",
		usage:   "signpost watch [--source DIR] [--out DIR] [--drafts] [--future]",
		help: `Watch builds the site, then rebuilds it whenever a file under content/, the
site's themes/ or signpost.toml changes. A rebuild reads only the changed files,
renders only the pages they affect and writes only the files whose bytes
changed, in place; the search index follows a moment later. Each rebuild is one
log line. Errors are printed as file:line: level: message and leave the last
good site in place; watch keeps going until you press Ctrl-C.

Examples:

  signpost watch
  signpost watch --source ./kb --drafts`,
		flags: watchFlags,
		site:  true,
	}
}

func runWatch(ctx context.Context, e *env, o *watchOptions) int {
	if _, _, code, ok := loadSite(e, "watch", o.source); !ok {
		return code
	}
	opt := preview.Options{
		Build: build.Options{Root: o.source, Out: o.out, Drafts: o.drafts, Future: o.future},
		Log:   e.stderr,
	}
	opt.Findings = printFindings(e, o.source)
	fmt.Fprintf(e.stderr, "watching %s for changes; press Ctrl-C to stop\n", o.source)
	if err := preview.Run(ctx, opt); err != nil {
		fmt.Fprintf(e.stderr, "signpost watch: %v\n", err)
		return exitUsage
	}
	return exitOK
}

type serveOptions struct {
	source, out, bind  string
	port               int
	drafts, future     bool
	allowRemote, quiet bool
}

func serveFlags(fs *flag.FlagSet) runFunc {
	o := &serveOptions{}
	sourceFlag(fs, &o.source)
	fs.IntVar(&o.port, "port", 1313, "`N`: the TCP port to serve on")
	fs.StringVar(&o.bind, "bind", "127.0.0.1", "`ADDR`: the address to listen on; anything but a loopback address needs --allow-remote")
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "let --bind name an address other machines can reach")
	fs.BoolVar(&o.drafts, "drafts", true, "show pages marked draft: true, with a Draft banner and their problems as notes (--drafts=false to hide them)")
	fs.BoolVar(&o.future, "future", false, "include pages dated in the future")
	fs.StringVar(&o.out, "out", "", "`DIR`: the folder to build the preview into (default: a new temporary folder, removed on exit; never public/, which must not get drafts)")
	return func(ctx context.Context, e *env, _ []string) int { return runServe(ctx, e, o) }
}

func serveCommand() *command {
	return &command{
		name:    "serve",
		aliases: []string{"server"},
		summary: "preview the site in a browser, live as you edit",
		usage:   "signpost serve [--source DIR] [--port N] [--bind ADDR [--allow-remote]] [--drafts=false] [--future] [--out DIR]",
		help: `Serve builds the site, serves it at http://127.0.0.1:1313 under the path of its
base_url, and rebuilds it as watch does whenever a source file changes. Open
pages reload by themselves when they change (a stylesheet change swaps the
stylesheet without a reload), and build errors are shown over the page, with
their file and line, until the next good save; the last good site stays on
screen. Drafts are shown, with a Draft banner, unless --drafts=false.

The preview is built into a temporary folder, never into public/. It is
served to this machine only: to let other machines see it, give --bind an
address they can reach and --allow-remote (the preview has no access control
and shows drafts).

Examples:

  signpost serve
  signpost serve --source ./kb --port 8080 --drafts=false`,
		flags: serveFlags,
		site:  true,
	}
}

func runServe(ctx context.Context, e *env, o *serveOptions) int {
	addr := net.JoinHostPort(o.bind, strconv.Itoa(o.port))
	if !server.IsLoopback(addr) {
		if !o.allowRemote {
			fmt.Fprintf(e.stderr, "signpost serve: --bind %s would let other machines see the preview, drafts included; add --allow-remote if that is what you want\n", o.bind)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "warning: serving to other machines on %s: the preview has no access control and shows drafts\n", addr)
	}
	cfg, l, code, ok := loadSite(e, "serve", o.source)
	if !ok {
		return code
	}
	out := o.out
	if out == "" {
		dir, err := os.MkdirTemp("", "signpost-serve-")
		if err != nil {
			fmt.Fprintf(e.stderr, "signpost serve: %v\n", err)
			return exitUsage
		}
		defer os.RemoveAll(dir)
		out = dir
	}

	hosts := []string{o.bind}
	if !server.IsLoopback(addr) {
		// Other machines may ask for this one by its name.
		if name, err := os.Hostname(); err == nil {
			hosts = append(hosts, name, name+".local")
		}
	}
	srv := server.New(server.Options{Dir: out, BasePath: cfg.BasePath(), Hosts: hosts})
	var ln net.Listener
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "signpost serve: %v\n", err)
		return exitUsage
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	fmt.Fprintf(e.stderr, "serving http://%s%s (drafts %s); press Ctrl-C to stop\n", ln.Addr(), cfg.BasePath(), map[bool]string{true: "shown", false: "hidden"}[o.drafts])

	opt := preview.Options{
		// The configuration read above serves the first build too.
		Build:       build.Options{Root: o.source, Out: out, Drafts: o.drafts, DraftNotes: true, Future: o.future, Config: &cfg, ConfigFindings: l},
		Log:         e.stderr,
		Findings:    printFindings(e, o.source),
		Reload:      srv.Reload,
		SetErrors:   srv.SetErrors,
		SetBasePath: srv.SetBasePath,
	}
	err = preview.Run(ctx, opt)
	cancel()
	if serr := <-served; err == nil {
		err = serr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "signpost serve: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// printFindings prints each build's findings as build does.
func printFindings(e *env, source string) func(diag.List) {
	ro := report.Options{Format: report.Text, Dir: source, WorkDir: workDir()}
	return func(l diag.List) { report.Findings(e.stdout, e.stderr, l, ro) }
}

// loadSite reads the configuration of the site that watch or serve is to
// follow, with its findings, and refuses a folder that holds no site, which they would
// otherwise watch and serve as an empty one. ok is false when the command
// must stop with status code.
func loadSite(e *env, name, source string) (cfg config.Config, l diag.List, code int, ok bool) {
	cfg, l = config.Load(source)
	if l.HasErrors() {
		report.Findings(e.stdout, e.stderr, l, report.Options{Format: report.Text, Dir: source, WorkDir: workDir()})
		return cfg, l, report.ExitCode(l), false
	}
	if _, err := os.Stat(filepath.Join(source, cfg.ContentDir)); err == nil {
		return cfg, l, exitOK, true
	}
	where := source
	if abs, err := filepath.Abs(source); err == nil {
		where = abs
	}
	if _, err := os.Stat(filepath.Join(source, config.FileName)); err != nil {
		fmt.Fprintf(e.stderr, "signpost %s: there is no site in %s: it has no %s and no %s folder\n", name, where, config.FileName, cfg.ContentDir)
		fmt.Fprintf(e.stderr, "    hint: run signpost %s in the site's folder, or name it with --source DIR; signpost init makes a new site\n", name)
	} else {
		fmt.Fprintf(e.stderr, "signpost %s: the site in %s has no content folder %s/\n", name, where, cfg.ContentDir)
		fmt.Fprintf(e.stderr, "    hint: create it, or set content_dir in %s to the folder that holds the Markdown\n", config.FileName)
	}
	return cfg, l, exitUsage, false
}
