package server

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// The preview shows drafts and has no access control, so it must answer
// only the browser on this machine, or on the machines --allow-remote
// lets in. Binding to a loopback address keeps other machines out, but not
// web pages: a page from evil.example can point its own name at 127.0.0.1
// (DNS rebinding) and then read the preview as its own origin. Such a
// request still says Host: evil.example, so, as Vite and
// webpack-dev-server do, the server answers only requests whose Host is a
// loopback name (localhost, *.localhost), an IP address (which no page
// can rebind), or a name the server was told of (the --bind address, the
// machine's name when serving to others); and the event stream, which
// pages open with EventSource, only for an Origin of the same kind.

// hostAllowed reports whether the Host header host ("name:port",
// "[::1]:1313") names this server for the hosts allowed besides loopback
// names and IP addresses.
func hostAllowed(host string, allowed []string) bool {
	if host == "" {
		return true // HTTP/1.0: no name to rebind
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(name, "["), "]"), "."))
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	for _, a := range allowed {
		if name == a {
			return true
		}
	}
	return false
}

// originAllowed reports whether an Origin header ("http://localhost:1313")
// is a page of this server: absent, or http(s) with an allowed host.
func originAllowed(origin string, allowed []string) bool {
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && hostAllowed(u.Host, allowed)
}

// normalHosts lowercases host names for hostAllowed.
func normalHosts(hosts []string) []string {
	out := make([]string, 0, len(hosts))
	for _, h := range hosts {
		if h = strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"), ".")); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// refuseHost answers a request for a name this server does not go by.
func refuseHost(w http.ResponseWriter, what string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	w.Write([]byte("403 Forbidden: signpost's preview answers only requests for localhost or an IP address of this machine, and this one came " + what + ".\n" +
		"Open the preview at the address signpost serve printed, such as http://localhost:1313/. " +
		"(This protects your drafts from web pages that point their own name at this machine.)\n"))
}
