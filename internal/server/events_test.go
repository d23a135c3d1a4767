package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// waitLimit bounds every wait in these tests; none should come near it.
const waitLimit = 5 * time.Second

// stream is a test client of the event stream.
type stream struct {
	t      *testing.T
	resp   *http.Response
	lines  *bufio.Scanner
	cancel context.CancelFunc
}

type event struct {
	name string
	data map[string]any
}

// connect opens the event stream at url; it fails the test after
// waitLimit.
func connect(t *testing.T, client *http.Client, url string) *stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("GET %s: %s %q", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	checkHeaders(t, resp)
	s := &stream{t: t, resp: resp, lines: bufio.NewScanner(resp.Body), cancel: cancel}
	t.Cleanup(s.close)
	return s
}

func (s *stream) close() {
	s.cancel()
	s.resp.Body.Close()
}

// next returns the next event, skipping comments and retry lines.
func (s *stream) next() event {
	s.t.Helper()
	var e event
	for s.lines.Scan() {
		line := s.lines.Text()
		switch {
		case line == "" && e.name != "":
			return e
		case strings.HasPrefix(line, "event: "):
			e.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data); err != nil {
				s.t.Fatalf("event %s: bad data %q: %v", e.name, line, err)
			}
		}
	}
	s.t.Fatalf("event stream ended: %v", s.lines.Err())
	return e
}

func (s *stream) expect(name string) map[string]any {
	s.t.Helper()
	e := s.next()
	if e.name != name {
		s.t.Fatalf("got event %s %v, want %s", e.name, e.data, name)
	}
	return e.data
}

func TestEvents(t *testing.T) {
	srv := New(Options{Dir: t.TempDir(), BasePath: "/kb/"})
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { srv.Close(); ts.Close() }) // Close first: ts.Close waits for open streams
	url := ts.URL + "/kb/__signpost/events"

	a := connect(t, ts.Client(), url)
	hello := a.expect("hello")["version"].(string)
	if p := a.expect("errors")["problems"]; fmt.Sprint(p) != "[]" {
		t.Errorf("first errors event: %v, want none", p)
	}

	srv.Reload([]string{"b/index.html", "assets/site.abc.css", "b/index.html"})
	reload := a.expect("reload")
	if got := fmt.Sprint(reload["changed"]); got != "[assets/site.abc.css b/index.html]" {
		t.Errorf("changed %s, want sorted and without duplicates", got)
	}
	if v := reload["version"].(string); v == hello {
		t.Errorf("version %q unchanged by a reload", v)
	}

	problems := []Problem{
		{File: "content/articles/x.md", Line: 4, Message: "tags: want a list of strings, got a number"},
		{Message: "theme: no layout for strategy pages"},
	}
	srv.SetErrors(problems)
	got := fmt.Sprint(a.expect("errors")["problems"])
	want := "[map[file:content/articles/x.md line:4 message:tags: want a list of strings, got a number] map[message:theme: no layout for strategy pages]]"
	if got != want {
		t.Errorf("problems %s, want %s", got, want)
	}

	// A tab opened now gets the errors at once.
	b := connect(t, ts.Client(), url)
	b.expect("hello")
	if got := fmt.Sprint(b.expect("errors")["problems"]); got != want {
		t.Errorf("new tab: problems %s, want %s", got, want)
	}

	srv.SetErrors(nil)
	for _, s := range []*stream{a, b} {
		if p := fmt.Sprint(s.expect("errors")["problems"]); p != "[]" {
			t.Errorf("after a good build: problems %s, want none", p)
		}
	}

	srv.Reload(nil)
	for _, s := range []*stream{a, b} {
		if c := fmt.Sprint(s.expect("reload")["changed"]); c != "[]" {
			t.Errorf("reload of everything: changed %s, want []", c)
		}
	}
}

// TestHubSlowClient checks that a client that never reads blocks nobody,
// and that what it missed is merged rather than lost.
func TestHubSlowClient(t *testing.T) {
	h := newHub("test")
	slow := h.add()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 10 * maxPending {
			h.reload([]string{fmt.Sprintf("p%d/index.html", i%10)})
			h.setErrors([]Problem{{Message: fmt.Sprint(i)}})
		}
	}()
	select {
	case <-done:
	case <-time.After(waitLimit):
		t.Fatal("Reload blocked on a client that does not read")
	}
	msg := string(h.take(slow))
	if !strings.Contains(msg, `"changed":[]`) {
		t.Errorf("a client that missed more than %d paths should reload everything; got %.200s", maxPending, msg)
	}
	if !strings.Contains(msg, fmt.Sprintf(`"message":"%d"`, 10*maxPending-1)) {
		t.Errorf("the client should get the latest errors; got %.200s", msg)
	}

	// Below the limit, the paths are kept.
	h.reload([]string{"b.css"})
	h.reload([]string{"a.css", "b.css"})
	if msg := string(h.take(slow)); !strings.Contains(msg, `"changed":["a.css","b.css"]`) {
		t.Errorf("merged reload: %s", msg)
	}
	if msg := h.take(slow); len(msg) != 0 {
		t.Errorf("empty mailbox gave %q", msg)
	}
	h.remove(slow)
	h.reload(nil) // no clients: nothing to do
}

func TestProblemString(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "content/x.md", Line: 4, Column: 2, Message: "m"}, "content/x.md:4:2: m"},
		{Problem{File: "content/x.md", Line: 4, Message: "m"}, "content/x.md:4: m"},
		{Problem{File: "content/x.md", Column: 3, Message: "m"}, "content/x.md: m"},
		{Problem{Message: "m"}, "m"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q; want %q", tt.p, got, tt.want)
		}
	}
}

func TestServeShutdown(t *testing.T) {
	waitNoLeaks(t)
	srv := New(Options{Dir: newSite(t), BasePath: "/"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	base := "http://" + ln.Addr().String()
	resp, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	if b := body(t, resp); resp.StatusCode != 200 || !strings.Contains(b, "Home") {
		t.Fatalf("GET /: %d %q", resp.StatusCode, b)
	}
	streams := []*stream{connect(t, client, base+"/__signpost/events"), connect(t, client, base+"/__signpost/events")}
	for _, s := range streams {
		s.expect("hello")
		s.expect("errors")
	}

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Serve did not return after cancel")
	}
	for _, s := range streams {
		for s.lines.Scan() {
		}
		if err := s.lines.Err(); err != nil {
			t.Errorf("event stream did not end cleanly: %v", err)
		}
		s.close()
	}
	if _, err := client.Get(base + "/"); err == nil {
		t.Error("still serving after shutdown")
	}
	client.CloseIdleConnections()
	waitNoLeaks(t)
}

func TestListenAndServe(t *testing.T) {
	srv := New(Options{Dir: newSite(t)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := srv.ListenAndServe(ctx, "127.0.0.1:0"); err != nil {
		t.Errorf("ListenAndServe with a done context: %v", err)
	}
	if err := New(Options{}).ListenAndServe(context.Background(), "127.0.0.1:-1"); err == nil {
		t.Error("ListenAndServe on a bad address: no error")
	}
}

// waitNoLeaks waits until no goroutine runs this package's code or serves
// HTTP, failing the test if one stays.
func waitNoLeaks(t *testing.T) {
	t.Helper()
	suspect := []string{"internal/server.(*hub)", "internal/server.(*Server)", "net/http.(*conn).serve", "net/http.(*persistConn)"}
	deadline := time.Now().Add(waitLimit)
	for {
		buf := make([]byte, 1<<20)
		var leaked []string
		for g := range strings.SplitSeq(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if slices.ContainsFunc(suspect, func(s string) bool { return strings.Contains(g, s) }) {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutines left behind:\n%s", strings.Join(leaked, "\n\n"))
		}
		time.Sleep(time.Millisecond)
	}
}
