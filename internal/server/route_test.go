package server

import (
	"io/fs"
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	file := func(name string) route { return route{action: serveFile, name: name} }
	dir := func(name string) route { return route{action: serveFile, name: name, dirSlash: true} }
	to := func(loc string) route { return route{action: redirect, location: loc} }
	bad := route{action: badRequest}
	missing := route{action: notFound}

	tests := []struct {
		base, path string
		want       route
	}{
		// Pages and files under the base path.
		{"/kb/", "/kb/", dir("index.html")},
		{"/kb/", "/kb/articles/", dir("articles/index.html")},
		{"/kb/", "/kb/articles/x/", dir("articles/x/index.html")},
		{"/kb/", "/kb/articles/x", file("articles/x")},
		{"/kb/", "/kb/assets/site.abc123.css", file("assets/site.abc123.css")},
		{"/kb/", "/kb/404.html", file("404.html")},
		{"/kb/", "/kb/caf%C3%A9/", dir("café/index.html")},
		{"/kb/", "/kb/a%20b.html", file("a b.html")},
		{"/", "/", dir("index.html")},
		{"/", "/articles/x/", dir("articles/x/index.html")},
		{"/", "/feed.xml", file("feed.xml")},

		// The server's own endpoints.
		{"/kb/", "/kb/__signpost/events", route{action: events}},
		{"/kb/", "/kb/__signpost/reload.js", route{action: script}},
		{"/", "/__signpost/events", route{action: events}},
		{"/kb/", "/__signpost/events", missing},

		// Outside the base path.
		{"/kb/", "/", to("/kb/")},
		{"/kb/", "/kb", to("/kb/")},
		{"/kb/", "/articles/x/", missing},
		{"/kb/", "/kbx/", missing},
		{"/a b/", "/", to("/a%20b/")},

		// Doubled slashes are cleaned, never into a host name.
		{"/kb/", "/kb//articles/", to("/kb/articles/")},
		{"/kb/", "/kb/a//b", to("/kb/a/b")},
		{"/kb/", "//evil.example/", to("/evil.example/")},
		{"/", "//", to("/")},

		// Hidden files.
		{"/kb/", "/kb/.git/config", missing},
		{"/kb/", "/kb/.signpost-build", missing},
		{"/kb/", "/kb/a/.hidden/x", missing},

		// Escape attempts.
		{"/kb/", "/kb/../secret.txt", bad},
		{"/kb/", "/kb/articles/../../secret.txt", bad},
		{"/kb/", "/kb/..", bad},
		{"/kb/", "/kb/.", bad},
		{"/kb/", "/kb/./index.html", bad},
		{"/kb/", "/../kb/x", bad},
		{"/kb/", "/kb/%2e%2e/secret.txt", bad},
		{"/kb/", "/kb/%2E%2E/secret.txt", bad},
		{"/kb/", "/kb/.%2e/secret.txt", bad},
		{"/kb/", "/kb/..%2fsecret.txt", bad},
		{"/kb/", "/kb/..%2Fsecret.txt", bad},
		{"/kb/", "/kb/%2e%2e%2fsecret.txt", bad},
		{"/kb/", "/kb/..%5csecret.txt", bad},
		{"/kb/", "/kb/..%5Csecret.txt", bad},
		{"/kb/", "/kb/..\\secret.txt", bad},
		{"/kb/", "/kb/a\\b", bad},
		{"/kb/", "/kb/%252e%252e/secret.txt", bad},
		{"/kb/", "/kb/%252e%252e%252fsecret.txt", bad},
		{"/kb/", "/kb/%25", bad},
		{"/kb/", "/kb/index.html%00.css", bad},
		{"/kb/", "/kb/index.html\x00", bad},
		{"/kb/", "/kb/a%0ab", bad},
		{"/kb/", "/kb/a%7fb", bad},
		{"/kb/", "/kb/%zz", bad},
		{"/kb/", "/kb/%c0%ae%c0%ae/x", bad}, // overlong ".."
		{"/kb/", "/kb/%c0%af", bad},         // overlong "/"
		{"/kb/", "/kb/%ff.html", bad},
		{"/kb/", "kb/index.html", bad},
		{"/kb/", "", bad},
	}
	for _, tt := range tests {
		if got := decide(tt.base, tt.path); got != tt.want {
			t.Errorf("decide(%q, %q) = %+v; want %+v", tt.base, tt.path, got, tt.want)
		}
	}
}

func TestCleanBase(t *testing.T) {
	for in, want := range map[string]string{
		"": "/", "/": "/", "kb": "/kb/", "/kb": "/kb/", "/kb/": "/kb/", "kb/": "/kb/",
		"/a/b/": "/a/b/", "//kb//": "/kb/", "/kb/../x": "/x/",
	} {
		if got := cleanBase(in); got != want {
			t.Errorf("cleanBase(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzDecide(f *testing.F) {
	for _, s := range []string{
		"/kb/", "/kb/articles/x/", "/kb/../x", "/kb/%2e%2e/x", "/kb/..%2fx", "//evil/",
		"/kb/%252e%252e/", "/kb/a\\b", "/kb/.git/x", "/kb//a", "/", "/kb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, escaped string) {
		for _, base := range []string{"/", "/kb/"} {
			rt := decide(base, escaped)
			switch rt.action {
			case serveFile:
				if rt.name == "" || rt.name[0] == '/' || strings.ContainsAny(rt.name, "\\\x00") {
					t.Fatalf("decide(%q, %q): unsafe name %q", base, escaped, rt.name)
				}
				for _, seg := range strings.Split(rt.name, "/") {
					if seg == ".." || seg == "." || strings.HasPrefix(seg, ".") {
						t.Fatalf("decide(%q, %q): unsafe name %q", base, escaped, rt.name)
					}
				}
				if !fs.ValidPath(rt.name) && !strings.Contains(rt.name, "//") {
					t.Fatalf("decide(%q, %q): invalid name %q", base, escaped, rt.name)
				}
			case redirect:
				if !strings.HasPrefix(rt.location, "/") || strings.HasPrefix(rt.location, "//") {
					t.Fatalf("decide(%q, %q): redirect to %q could leave the host", base, escaped, rt.location)
				}
			case 0:
				t.Fatalf("decide(%q, %q): no action", base, escaped)
			}
		}
	})
}
