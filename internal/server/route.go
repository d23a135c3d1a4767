package server

import (
	"net/url"
	"path"
	"strings"
	"unicode/utf8"
)

// action is what the server does with a request path.
type action uint8

const (
	serveFile  action = iota + 1 // serve name, a file in the site
	redirect                     // redirect to location
	notFound                     // answer 404
	badRequest                   // refuse: the path is malformed or tries to leave the site
	events                       // the live-reload event stream
	script                       // the live-reload script
)

// A route is the decision about one request path.
type route struct {
	action   action
	name     string // serveFile: slash-separated path in the site, e.g. "articles/x/index.html"
	dirSlash bool   // serveFile: the request named a directory (it ended in a slash)
	location string // redirect: where to
}

// Endpoints of the server's own, under the base path. They can clash with
// no site page: the built site has no paths starting with "__".
const (
	eventsPath = "__signpost/events"
	scriptPath = "__signpost/reload.js"
)

// decide maps a request's escaped path to a route, for a site whose base
// path is base ("/" or "/kb/", normalised by cleanBase). It refuses
// anything that could name a file outside the site: dot segments, encoded
// or raw backslashes, encoded slashes, NUL and other control characters,
// encoded percent signs (double encoding) and invalid UTF-8 (overlong
// encodings of "." or "/"). No page of a built site has such a name. Hidden files (a segment
// starting with ".") are not found, and a path with doubled slashes is
// redirected to its clean form.
func decide(base, escaped string) route {
	lower := strings.ToLower(escaped)
	if !strings.HasPrefix(escaped, "/") || strings.ContainsAny(escaped, "\\\x00") ||
		strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") ||
		strings.Contains(lower, "%00") || strings.Contains(lower, "%25") {
		return route{action: badRequest}
	}
	p, err := url.PathUnescape(escaped)
	if err != nil || !utf8.ValidString(p) {
		return route{action: badRequest}
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		switch {
		case s == "." || s == "..":
			return route{action: badRequest}
		case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			return route{action: badRequest}
		case s == "" && i < len(segs)-1:
			// Doubled slash: path.Clean keeps the result rooted and
			// single-slashed, so the location cannot leave this host.
			clean := path.Clean(p)
			if strings.HasSuffix(p, "/") && clean != "/" {
				clean += "/"
			}
			return route{action: redirect, location: (&url.URL{Path: clean}).EscapedPath()}
		case strings.HasPrefix(s, "."):
			return route{action: notFound}
		}
	}

	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			return route{action: redirect, location: (&url.URL{Path: base}).EscapedPath()}
		}
		return route{action: notFound}
	}
	rel := p[len(base):]
	switch {
	case rel == eventsPath:
		return route{action: events}
	case rel == scriptPath:
		return route{action: script}
	case rel == "" || strings.HasSuffix(rel, "/"):
		return route{action: serveFile, name: rel + "index.html", dirSlash: true}
	}
	return route{action: serveFile, name: rel}
}

// cleanBase normalises a base path to start and end with a slash: "kb",
// "/kb" and "/kb/" all become "/kb/", and "" becomes "/".
func cleanBase(base string) string {
	b := path.Clean("/" + base)
	if b != "/" {
		b += "/"
	}
	return b
}
