package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestBrowser loads a page in headless Chromium under the server's
// Content-Security-Policy and checks that the reload script runs: it shows
// the error overlay and swaps a stylesheet after a CSS-only build. It is
// skipped without Chromium and in -short mode.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	var chromium string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("no Chromium found")
	}

	dir := t.TempDir()
	for name, data := range map[string]string{
		"index.html": `<!DOCTYPE html><html lang="en"><head><title>Home</title>` +
			`<link rel="stylesheet" href="/kb/assets/site.abc123.css"></head><body><h1>Home</h1>` +
			`<script>document.body.append("inline scr" + "ipt ran")</script></body></html>`,
		"assets/site.abc123.css": `h1{color:red}`,
		"assets/site.def456.css": `h1{color:green}`,
	} {
		name = filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := New(Options{Dir: dir, BasePath: "/kb/"})
	s.SetErrors([]Problem{{File: "content/x.md", Line: 4, Message: "tags: want a list of <b>strings</b>"}})
	// The tab's first event stream: once it has taken its first events,
	// a build changes only the stylesheet, and the stream ends after the
	// reload. Later streams get 204, which tells the browser to stop
	// reconnecting, so that Chromium sees the network fall idle and dumps
	// the page.
	var streams atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/__signpost/events") {
			s.ServeHTTP(w, r)
			return
		}
		if streams.Add(1) > 1 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		s.ServeHTTP(&eventsWriter{ResponseWriter: w, wrote: func(p []byte) {
			switch {
			case strings.Contains(string(p), "event: errors"):
				s.Reload([]string{"assets/site.def456.css"})
			case strings.Contains(string(p), "event: reload"):
				cancel()
			}
		}}, r.WithContext(ctx))
	}))
	t.Cleanup(func() { s.Close(); ts.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), 2*waitLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--no-first-run", "--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000",
		"--dump-dom", ts.URL+"/kb/")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("chromium did not run: %v", err)
	}
	dom := string(out)
	for _, want := range []string{
		`role="alert"`,
		`content/x.md:4: </code>tags: want a list of &lt;b&gt;strings&lt;/b&gt;`,
		`/kb/assets/site.def456.css?signpost-reload=1"`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("page lacks %s:\n%s", want, dom)
		}
	}
	if strings.Contains(dom, "inline script ran") {
		t.Errorf("an inline script ran: the Content-Security-Policy is not in force")
	}
	if strings.Contains(dom, "site.abc123.css") {
		t.Errorf("old stylesheet still linked:\n%s", dom)
	}
}

// eventsWriter reports each write of an event stream after making it.
type eventsWriter struct {
	http.ResponseWriter
	wrote func([]byte)
}

func (w *eventsWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.wrote(p)
	return n, err
}

func (w *eventsWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
