// Package server is signpost's development server: it serves a built site
// from its output folder under the site's base path, and keeps open browser
// tabs live, reloading them (or swapping only the stylesheets) after each
// build and showing build errors in an overlay while the last good build
// stays on screen.
//
// The live-reload script is injected into HTML pages as they are served;
// build output never contains it. Every response forbids caching and
// carries a Content-Security-Policy of default-src 'self', so a page that
// works here works under that policy in production too.
//
// It owns HTTP: paths under the base path, headers, the event stream. It
// must not build, nor read anything outside the output folder.
package server

import (
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Options configure a Server.
type Options struct {
	// Dir is the folder holding the built site. It may not exist yet, and
	// may be replaced wholesale between requests (a build that renames a
	// staging folder into place): the server opens it afresh for each
	// request.
	Dir string

	// BasePath is the path of the site's base URL, such as "/kb/" or "/".
	// Missing slashes are added.
	BasePath string

	// Hosts are the names, besides localhost and IP addresses, that
	// requests may give in their Host header: the --bind address and,
	// when serving to other machines, this machine's name. Requests for
	// any other name are refused (see host.go).
	Hosts []string
}

// A Server serves a built site with live reload. Create one with New; it
// is an http.Handler, and Serve and ListenAndServe run it on a listener.
// Its methods are safe for concurrent use.
type Server struct {
	dir   string
	hosts []string
	paths atomic.Pointer[paths]
	hub   *hub
}

// paths are the URL paths the server answers under, which SetBasePath
// changes while it serves.
type paths struct {
	base   string // starts and ends with a slash
	script string // the live-reload script's URL path, HTML-escaped
}

func newPaths(basePath string) *paths {
	base := cleanBase(basePath)
	return &paths{base: base, script: html.EscapeString((&url.URL{Path: base + scriptPath}).EscapedPath())}
}

//go:embed reload.js
var reloadJS []byte

// New returns a server for the site opt describes.
func New(opt Options) *Server {
	var id [6]byte
	_, _ = rand.Read(id[:]) // never fails
	s := &Server{dir: opt.Dir, hosts: normalHosts(opt.Hosts), hub: newHub(hex.EncodeToString(id[:]))}
	s.paths.Store(newPaths(opt.BasePath))
	return s
}

// SetBasePath changes the path the site is served under, for requests
// that arrive from now on: the preview calls it when an edit of
// signpost.toml changes base_url.
func (s *Server) SetBasePath(basePath string) { s.paths.Store(newPaths(basePath)) }

// Reload tells open tabs that a build changed the given output files,
// site-relative and slash-separated ("articles/x/index.html",
// "assets/site.3f9a1c.css"). A tab swaps its stylesheets when only CSS
// files changed and reloads otherwise. Nil or empty means everything
// changed. Reload never blocks on a slow tab.
//
// A stylesheet's content-hashed name is in every page, so a CSS edit
// rewrites every page too. When a build's sources changed only in
// stylesheets, pass just the new CSS files: the pages differ only in the
// link, which the tab swaps without reloading.
func (s *Server) Reload(changed []string) { s.hub.reload(changed) }

// SetErrors shows problems in an overlay in every open tab, and in tabs
// opened later, until the next call; nil or empty clears the overlay. Call
// it with the problems of a failed build, and with nil after a good one.
func (s *Server) SetErrors(problems []Problem) { s.hub.setErrors(problems) }

// Close ends every live-reload event stream and refuses new ones; the
// files are still served. Serve calls it on shutdown; call it yourself
// when running the Server in your own http.Server, before its Shutdown,
// which otherwise waits for the streams forever.
func (s *Server) Close() { s.hub.close() }

// ServeHTTP serves the site, the live-reload script and its event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	if !hostAllowed(r.Host, s.hosts) {
		refuseHost(w, "for "+strconv.Quote(r.Host))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	// The site version goes into pages as they are served, so that a tab
	// whose page was served before a build, but which connected to the
	// event stream after it, notices. Take it before reading any file: the
	// file is then at least as new as the version says.
	x := &exchange{s: s, w: w, r: r, version: s.hub.currentVersion(), paths: s.paths.Load()}
	rt := decide(x.paths.base, r.URL.EscapedPath())
	switch rt.action {
	case badRequest:
		http.Error(w, "bad request: malformed path", http.StatusBadRequest)
	case redirect:
		x.redirect(rt.location)
	case notFound:
		x.notFound(nil)
	case events:
		if origin := r.Header.Get("Origin"); !originAllowed(origin, s.hosts) {
			refuseHost(w, "from a page of "+strconv.Quote(origin))
			return
		}
		s.hub.serveEvents(w, r)
	case script:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(reloadJS)))
		if r.Method != http.MethodHead {
			w.Write(reloadJS)
		}
	case serveFile:
		x.serveFile(rt)
	}
}

// An exchange is one request and its response.
type exchange struct {
	s       *Server
	w       http.ResponseWriter
	r       *http.Request
	version string // the site version when the request came
	paths   *paths // the server's paths when the request came
}

// redirect answers with a temporary redirect: base paths and folder
// layouts change between runs, and browsers hold on to permanent ones.
func (x *exchange) redirect(location string) {
	if x.r.URL.RawQuery != "" {
		location += "?" + x.r.URL.RawQuery
	}
	x.w.Header().Set("Location", location)
	x.w.WriteHeader(http.StatusFound)
}

func (x *exchange) serveFile(rt route) {
	root, err := os.OpenRoot(x.s.dir)
	if err != nil {
		x.notBuilt()
		return
	}
	defer root.Close()

	f, err := root.Open(filepath.FromSlash(rt.name))
	if err != nil {
		x.openFailed(root, err)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		x.openFailed(root, err)
		return
	}
	switch {
	case info.IsDir() && rt.dirSlash: // a folder named index.html
		x.notFound(root)
	case info.IsDir():
		x.redirect(x.r.URL.EscapedPath() + "/")
	case !info.Mode().IsRegular():
		x.notFound(root)
	case isHTML(rt.name):
		x.servePage(f, http.StatusOK)
	default:
		// The zero modification time leaves out Last-Modified and
		// conditional requests: nothing is cached anyway.
		http.ServeContent(x.w, x.r, rt.name, time.Time{}, f)
	}
}

// openFailed answers a failure to open a site file: 403 when it may not
// be read, 404 otherwise: not there, or a symbolic link leading out of the
// site, which os.Root refuses to follow.
func (x *exchange) openFailed(root *os.Root, err error) {
	if errors.Is(err, fs.ErrPermission) {
		http.Error(x.w, "forbidden", http.StatusForbidden)
		return
	}
	x.notFound(root)
}

// servePage writes an HTML page with the live-reload script injected.
func (x *exchange) servePage(f io.Reader, status int) {
	page, err := io.ReadAll(f)
	if err != nil {
		http.Error(x.w, "signpost: "+err.Error(), http.StatusInternalServerError)
		return
	}
	page = inject(page, []byte(`<script src="`+x.paths.script+`" data-version="`+html.EscapeString(x.version)+`" defer></script>`))
	h := x.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	x.w.WriteHeader(status)
	if x.r.Method != http.MethodHead {
		x.w.Write(page)
	}
}

// notFound answers 404 with the site's 404.html when there is one. root
// may be nil.
func (x *exchange) notFound(root *os.Root) {
	if root == nil {
		var err error
		if root, err = os.OpenRoot(x.s.dir); err != nil {
			x.notBuilt()
			return
		}
		defer root.Close()
	}
	if f, err := root.Open("404.html"); err == nil {
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			x.servePage(f, http.StatusNotFound)
			return
		}
	}
	http.Error(x.w, "404 page not found", http.StatusNotFound)
}

// notBuilt answers while the output folder does not exist yet, with a page
// that reloads itself when the first build arrives.
func (x *exchange) notBuilt() {
	const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Building…</title></head>` +
		`<body><main><h1>Building…</h1><p>signpost has not built the site yet. This page reloads when it has.</p></main></body></html>`
	x.w.Header().Set("Retry-After", "1")
	x.servePage(strings.NewReader(page), http.StatusServiceUnavailable)
}
