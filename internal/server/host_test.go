package server

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestForgedHost serves a site on a loopback listener and asks for it, as
// a page that rebinds its own name to 127.0.0.1 would, with a forged Host
// header, and with a forged Origin on the event stream: those are refused
// with 403 and a message, while the names and addresses of this machine
// are served.
func TestForgedHost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := New(Options{Dir: newSite(t), BasePath: "/", Hosts: []string{"preview.example.nhs.uk"}})
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	client := &http.Client{Timeout: time.Minute}

	for _, tt := range []struct {
		host, path, origin string
		want               int
	}{
		{"evil.example", "/", "", http.StatusForbidden},
		{"evil.example:" + port, "/articles/x/", "", http.StatusForbidden},
		{"evil.example", "/__signpost/events", "", http.StatusForbidden},
		{"localhost.evil.example", "/", "", http.StatusForbidden},
		{"127.0.0.1.nip.io:" + port, "/", "", http.StatusForbidden},
		{"localhost:" + port, "/", "", http.StatusOK},
		{"LOCALHOST.:" + port, "/", "", http.StatusOK},
		{"kb.localhost:" + port, "/", "", http.StatusOK},
		{"127.0.0.1:" + port, "/", "", http.StatusOK},
		{"[::1]:" + port, "/", "", http.StatusOK},
		{"192.168.1.5:" + port, "/", "", http.StatusOK},
		{"preview.example.nhs.uk:" + port, "/", "", http.StatusOK},
		{"localhost:" + port, "/__signpost/events", "http://evil.example", http.StatusForbidden},
		{"localhost:" + port, "/__signpost/events", "null", http.StatusForbidden},
		{"localhost:" + port, "/__signpost/events", "http://localhost:" + port, http.StatusOK},
		{"localhost:" + port, "/__signpost/events", "", http.StatusOK},
	} {
		req, err := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = tt.host
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body string
		if strings.HasSuffix(tt.path, "events") && resp.StatusCode == http.StatusOK {
			line, _ := bufio.NewReader(resp.Body).ReadString('\n')
			body = line
		} else {
			b, _ := io.ReadAll(resp.Body)
			body = string(b)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("Host %s, Origin %q, %s: status %d, want %d\n%s", tt.host, tt.origin, tt.path, resp.StatusCode, tt.want, body)
			continue
		}
		if tt.want == http.StatusForbidden && !strings.Contains(body, "signpost's preview answers only requests for localhost or an IP address") {
			t.Errorf("Host %s: the refusal does not say why:\n%s", tt.host, body)
		}
		if tt.want == http.StatusForbidden && strings.Contains(body, "<h1>") {
			t.Errorf("Host %s: the refusal shows the site:\n%s", tt.host, body)
		}
	}
}
