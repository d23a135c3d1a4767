package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const secret = "TOP SECRET: outside the site"

// newSite writes a small built site and returns its folder. Next to it
// lies secret.txt, which no request may reach.
func newSite(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	files := map[string]string{
		"index.html":             "<!DOCTYPE html><html><body><h1>Home</h1></body></html>",
		"articles/x/index.html":  "<!DOCTYPE html><html><body><h1>X</h1>\n</BODY>\n</html>",
		"articles/noindex/a.png": "\x89PNG",
		"articles/nobody.html":   "<p>fragment",
		"assets/site.abc123.css": "body{color:#212b32}",
		"feed.xml":               "<feed></feed>",
		"404.html":               "<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>",
		".signpost-build":        "marker",
		"café/index.html":        "<body>café</body>",
		"big.html":               "<body>" + strings.Repeat("<p>lorem ipsum</p>\n", 100000) + "</body>",
	}
	for name, data := range files {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"escape.html": "../secret.txt",
		"outside":     "..",
		"inside.html": "index.html",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	return dir
}

func get(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, "http://localhost"+target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServe(t *testing.T) {
	dir := newSite(t)
	s := New(Options{Dir: dir, BasePath: "/kb/"})
	const script = `<script src="/kb/__signpost/reload.js" data-version="`
	tests := []struct {
		method, path string
		status       int
		location     string
		ctype        string
		has          string // the body contains this
		page         bool   // an HTML page, so the script is injected
	}{
		{"GET", "/kb/", 200, "", "text/html", "<h1>Home</h1>", true},
		{"GET", "/kb/index.html", 200, "", "text/html", "<h1>Home</h1>", true},
		{"GET", "/kb/articles/x/", 200, "", "text/html", "<h1>X</h1>", true},
		{"GET", "/kb/articles/x", 302, "/kb/articles/x/", "", "", false},
		{"GET", "/kb/articles/x?q=1", 302, "/kb/articles/x/?q=1", "", "", false},
		{"GET", "/kb/articles/nobody.html", 200, "", "text/html", "<p>fragment", true},
		{"GET", "/kb/caf%C3%A9/", 200, "", "text/html", "café", true},
		{"GET", "/kb/inside.html", 200, "", "text/html", "<h1>Home</h1>", true},
		{"GET", "/kb/assets/site.abc123.css", 200, "", "text/css", "body{color:#212b32}", false},
		{"GET", "/kb/feed.xml", 200, "", "", "<feed></feed>", false},
		{"GET", "/kb/404.html", 200, "", "text/html", "Page not found", true},
		{"GET", "/kb/__signpost/reload.js", 200, "", "text/javascript", "EventSource", false},

		{"GET", "/", 302, "/kb/", "", "", false},
		{"GET", "/?x=1", 302, "/kb/?x=1", "", "", false},
		{"GET", "/kb", 302, "/kb/", "", "", false},
		{"GET", "/kb//articles/x/", 302, "/kb/articles/x/", "", "", false},

		{"GET", "/kb/missing/", 404, "", "text/html", "Page not found", true},
		{"GET", "/kb/missing.css", 404, "", "text/html", "Page not found", true},
		{"GET", "/kb/articles/noindex/", 404, "", "text/html", "Page not found", true},
		{"GET", "/elsewhere/", 404, "", "text/html", "Page not found", true},
		{"GET", "/kb/.signpost-build", 404, "", "text/html", "Page not found", true},
		{"GET", "/kb/escape.html", 404, "", "text/html", "Page not found", true},
		{"GET", "/kb/outside/secret.txt", 404, "", "text/html", "Page not found", true},

		{"GET", "/kb/../secret.txt", 400, "", "text/plain", "bad request", false},
		{"GET", "/kb/%2e%2e/secret.txt", 400, "", "text/plain", "bad request", false},
		{"GET", "/kb/..%2fsecret.txt", 400, "", "text/plain", "bad request", false},
		{"GET", "/kb/%252e%252e%252fsecret.txt", 400, "", "text/plain", "bad request", false},
		{"GET", "/kb/..%5csecret.txt", 400, "", "text/plain", "bad request", false},
		{"GET", "/kb/..\\secret.txt", 400, "", "text/plain", "bad request", false},
		{"GET", "/kb/index.html%00", 400, "", "text/plain", "bad request", false},

		{"POST", "/kb/", 405, "", "text/plain", "method not allowed", false},
		{"HEAD", "/kb/", 200, "", "text/html", "", false},
		{"HEAD", "/kb/missing/", 404, "", "text/html", "", false},
		{"HEAD", "/kb/__signpost/events", 200, "", "text/event-stream", "", false},
		{"HEAD", "/kb/__signpost/reload.js", 200, "", "text/javascript", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			resp := get(t, s, tt.method, tt.path)
			b := body(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body %q", resp.StatusCode, tt.status, b)
			}
			checkHeaders(t, resp)
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.ctype) {
				t.Errorf("Content-Type %q, want %q…", got, tt.ctype)
			}
			if !strings.Contains(b, tt.has) {
				t.Errorf("body %q does not contain %q", b, tt.has)
			}
			if strings.Contains(b, "SECRET") {
				t.Errorf("body reveals a file outside the site: %q", b)
			}
			if n := strings.Count(b, script); n != map[bool]int{true: 1}[tt.page] {
				t.Errorf("script injected %d times, want %v; body %q", n, map[bool]int{true: 1}[tt.page], b)
			}
			if tt.page && !strings.Contains(b, "\" defer></script></") && !strings.HasSuffix(b, "</script>") {
				t.Errorf("script not before </body> or at the end: %q", b)
			}
			if cl := resp.Header.Get("Content-Length"); tt.method == "GET" && cl != "" && cl != strconv.Itoa(len(b)) {
				t.Errorf("Content-Length %s, body has %d bytes", cl, len(b))
			}
		})
	}
}

// checkHeaders checks the headers every response carries.
func checkHeaders(t *testing.T, resp *http.Response) {
	t.Helper()
	for k, want := range map[string]string{
		"Cache-Control":           "no-store",
		"Content-Security-Policy": "default-src 'self'",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}

func TestServeContentLength(t *testing.T) {
	dir := newSite(t)
	s := New(Options{Dir: dir, BasePath: "/"})
	for _, name := range []string{"big.html", "index.html", "articles/x/index.html", "404.html", "assets/site.abc123.css"} {
		file, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		resp := get(t, s, "GET", "/"+name)
		b := body(t, resp)
		want := string(file)
		if isHTML(name) {
			tag := `<script src="/__signpost/reload.js" data-version="` + s.hub.currentVersion() + `" defer></script>`
			want = string(inject(file, []byte(tag)))
		}
		if b != want {
			t.Errorf("%s: served %.80q…, want %.80q…", name, b, want)
		}
		if resp.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
			t.Errorf("%s: Content-Length %s; want %d", name, resp.Header.Get("Content-Length"), len(want))
		}
		head := get(t, s, "HEAD", "/"+name)
		if hb := body(t, head); hb != "" || head.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
			t.Errorf("%s: HEAD gave %d bytes, Content-Length %s; want none, %d", name, len(hb), head.Header.Get("Content-Length"), len(want))
		}
	}
}

func TestServeRange(t *testing.T) {
	s := New(Options{Dir: newSite(t), BasePath: "/"})
	resp := get(t, s, "GET", "/assets/site.abc123.css", "Range", "bytes=0-3")
	if b := body(t, resp); resp.StatusCode != http.StatusPartialContent || b != "body" {
		t.Errorf("range: %d %q, want 206 \"body\"", resp.StatusCode, b)
	}
	checkHeaders(t, resp)
}

func TestServeWithout404Page(t *testing.T) {
	dir := newSite(t)
	os.Remove(filepath.Join(dir, "404.html"))
	s := New(Options{Dir: dir, BasePath: "/"})
	resp := get(t, s, "GET", "/missing/")
	if b := body(t, resp); resp.StatusCode != 404 || !strings.Contains(b, "404 page not found") {
		t.Errorf("got %d %q, want 404 page not found", resp.StatusCode, b)
	}
	checkHeaders(t, resp)
}

func TestServeNotBuilt(t *testing.T) {
	s := New(Options{Dir: filepath.Join(t.TempDir(), "public"), BasePath: "/kb/"})
	for _, p := range []string{"/kb/", "/kb/articles/x/", "/kb/missing.css", "/kb/.hidden"} {
		resp := get(t, s, "GET", p)
		b := body(t, resp)
		if resp.StatusCode != http.StatusServiceUnavailable || strings.Count(b, "/kb/__signpost/reload.js") != 1 {
			t.Errorf("GET %s: %d %q; want 503 with the reload script", p, resp.StatusCode, b)
		}
		checkHeaders(t, resp)
	}
}

// TestServeSwappedDir checks that the server follows a build that replaces
// the output folder by renaming a new one into place.
func TestServeSwappedDir(t *testing.T) {
	dir := newSite(t)
	s := New(Options{Dir: dir, BasePath: "/"})
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, "Home") {
		t.Fatalf("before the swap: %q", b)
	}
	staging := dir + ".staging"
	os.MkdirAll(staging, 0o755)
	os.WriteFile(filepath.Join(staging, "index.html"), []byte("<body>New home</body>"), 0o644)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(staging, dir); err != nil {
		t.Fatal(err)
	}
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, "New home") {
		t.Errorf("after the swap: %q", b)
	}
}

// TestServeRawEscapes sends escape attempts over a real connection, as
// written, so that no client library cleans them first.
func TestServeRawEscapes(t *testing.T) {
	dir := newSite(t)
	ts := httptest.NewServer(New(Options{Dir: dir, BasePath: "/kb/"}))
	defer ts.Close()
	for _, target := range []string{
		"/kb/../secret.txt",
		"/kb/../../../../../../etc/passwd",
		"/../secret.txt",
		"/kb/%2e%2e/secret.txt",
		"/kb/%2e%2e%2fsecret.txt",
		"/kb/..%2f..%2fsecret.txt",
		"/kb/%252e%252e/secret.txt",
		"/kb/..%5csecret.txt",
		"/kb/..\\secret.txt",
		"/kb/%c0%ae%c0%ae/secret.txt",
		"/kb/escape.html",
		"/kb/outside/secret.txt",
		"/kb/outside/public/index.html",
		"/kb/./../secret.txt",
	} {
		conn, err := net.DialTimeout("tcp", ts.Listener.Addr().String(), waitLimit)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(waitLimit))
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		b := body(t, resp)
		conn.Close()
		if resp.StatusCode != 400 && resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want 400 or 404", target, resp.StatusCode)
		}
		if strings.Contains(b, "SECRET") || strings.Contains(b, "root:") {
			t.Errorf("GET %s: revealed a file outside the site: %q", target, b)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"localhost:1313":       true,
		"LOCALHOST:1313":       true,
		"localhost":            true,
		"app.localhost:1313":   true,
		"127.0.0.1:1313":       true,
		"127.0.0.2:80":         true,
		"[::1]:1313":           true,
		"::1":                  true,
		"[::ffff:127.0.0.1]:1": true,
		":1313":                false,
		"0.0.0.0:1313":         false,
		"[::]:1313":            false,
		"192.168.1.10:1313":    false,
		"example.com:1313":     false,
		"localhost.evil.com:1": false,
		"":                     false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v; want %v", addr, got, want)
		}
	}
}

// TestSetBasePath moves the site to another base path while the server
// runs: requests from then on are answered under the new path only, and
// pages load the live-reload script from there.
func TestSetBasePath(t *testing.T) {
	s := New(Options{Dir: newSite(t), BasePath: "/kb/"})
	get := func(p string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://localhost"+p, nil))
		return rec
	}
	if rec := get("/kb/articles/x/"); rec.Code != http.StatusOK {
		t.Fatalf("before: GET /kb/articles/x/ = %d", rec.Code)
	}
	s.SetBasePath("docs")
	if rec := get("/kb/articles/x/"); rec.Code != http.StatusNotFound {
		t.Errorf("after: GET /kb/articles/x/ = %d, want 404", rec.Code)
	}
	rec := get("/docs/articles/x/")
	if rec.Code != http.StatusOK {
		t.Fatalf("after: GET /docs/articles/x/ = %d, want 200", rec.Code)
	}
	if body := rec.Body.String(); !strings.Contains(body, `src="/docs/__signpost/reload.js"`) {
		t.Errorf("the page does not load the script from the new base path:\n%s", body)
	}
}
