package check

import (
	"context"
	"github.com/signpost-kb/signpost/internal/diag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/testsite"
)

// checker is a LinkChecker for tests: no pause between requests, and a
// short timeout.
func checker() LinkChecker { return LinkChecker{Delay: -1, Timeout: 2 * time.Second} }

func TestLinkChecker(t *testing.T) {
	srv := testServer(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	loop := http.NewServeMux()
	loop.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	loopSrv := httptest.NewServer(loop)
	defer loopSrv.Close()

	tests := []struct {
		url     string
		verdict Verdict
		want    LinkStatus
	}{
		{srv.URL + "/ok", Alive, LinkStatus{Status: 200}},
		{srv.URL + "/no-head", Alive, LinkStatus{Status: 200}},
		{srv.URL + "/gone", Dead, LinkStatus{Status: 410}},
		{srv.URL + "/error", Dead, LinkStatus{Status: 500}},
		{srv.URL + "/busy", Unknown, LinkStatus{Status: 429}},
		{srv.URL + "/moved", Redirected, LinkStatus{Status: 200, Redirect: srv.URL + "/ok", Permanent: true}},
		{srv.URL + "/found", Redirected, LinkStatus{Status: 200, Redirect: srv.URL + "/ok"}},
		{srv.URL + "/moved-to-gone", Dead, LinkStatus{Status: 410, Redirect: srv.URL + "/gone", Permanent: true}},
		{loopSrv.URL + "/loop", Dead, LinkStatus{Redirect: loopSrv.URL + "/loop", Error: "more than 10 redirects"}},
	}
	var urls []string
	for _, tt := range tests {
		urls = append(urls, tt.url)
	}
	c := checker()
	got := c.Check(context.Background(), append(urls, closed.URL+"/x"), now)
	for _, tt := range tests {
		s := got[tt.url]
		tt.want.Checked = now
		if s != tt.want || s.Verdict() != tt.verdict {
			t.Errorf("%s: got %+v (%v), want %+v (%v)", tt.url, s, s.Verdict(), tt.want, tt.verdict)
		}
	}
	if s := got[closed.URL+"/x"]; s.Verdict() != Dead || !strings.Contains(s.Error, "refused") {
		t.Errorf("closed server: got %+v", s)
	}
}

// TestLinkCheckerHeadThenGet checks the requests made: HEAD first, GET
// only when HEAD is refused, and the user agent on each.
func TestLinkCheckerHeadThenGet(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" "+r.UserAgent())
		mu.Unlock()
		if r.URL.Path == "/no-head" && r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	}))
	defer srv.Close()
	c := checker()
	c.UserAgent = "test-agent"
	c.Check(context.Background(), []string{srv.URL + "/ok", srv.URL + "/no-head"}, now)
	want := []string{"HEAD /ok test-agent", "HEAD /no-head test-agent", "GET /no-head test-agent"}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}

func TestLinkCheckerTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers
	}))
	defer srv.Close()
	c := LinkChecker{Delay: -1, Timeout: 50 * time.Millisecond}
	s := c.Check(context.Background(), []string{srv.URL + "/slow"}, now)[srv.URL+"/slow"]
	if s.Verdict() != Dead || s.Error != "no answer within 50ms" {
		t.Errorf("got %+v", s)
	}
}

// TestLinkCheckerPolite checks that one host is asked one thing at a
// time, and that no more than Workers hosts are asked at once. Each
// request waits, up to a deadline, for another to arrive at the same time;
// with the limits kept, none does.
func TestLinkCheckerPolite(t *testing.T) {
	var inFlight, most atomic.Int64
	arrived := make(chan struct{}, 100)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		arrived <- struct{}{}
		select {
		case <-time.After(50 * time.Millisecond):
		case <-r.Context().Done():
		}
	})
	// Three hosts (servers on different ports), two links each, at most
	// two hosts at once.
	var urls []string
	for range 3 {
		srv := httptest.NewServer(handler)
		defer srv.Close()
		urls = append(urls, srv.URL+"/a", srv.URL+"/b")
	}
	c := LinkChecker{Workers: 2, Delay: -1, Timeout: 5 * time.Second}
	got := c.Check(context.Background(), urls, now)
	if len(got) != 6 {
		t.Fatalf("%d results, want 6", len(got))
	}
	if m := most.Load(); m > 2 {
		t.Errorf("%d requests at once, want at most 2", m)
	}
	if len(arrived) != 6 {
		t.Errorf("%d requests, want 6", len(arrived))
	}
}

func TestLinkCheckerCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := LinkChecker{Delay: time.Hour, Timeout: time.Hour}
	got := c.Check(ctx, []string{srv.URL + "/a", srv.URL + "/b"}, now)
	if len(got) != 0 {
		t.Errorf("results after cancel: %v", got)
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		s    LinkStatus
		want Verdict
	}{
		{LinkStatus{Status: 200}, Alive},
		{LinkStatus{Status: 204}, Alive},
		{LinkStatus{Status: 200, Redirect: "https://x/"}, Redirected},
		{LinkStatus{Status: 404, Redirect: "https://x/"}, Dead},
		{LinkStatus{Status: 404}, Dead},
		{LinkStatus{Status: 503}, Dead},
		{LinkStatus{Status: 301}, Dead}, // a redirect without a Location
		{LinkStatus{Error: "no such host x"}, Dead},
		{LinkStatus{Status: 401}, Unknown},
		{LinkStatus{Status: 403}, Unknown},
		{LinkStatus{Status: 429}, Unknown},
		{LinkStatus{Status: 999}, Unknown},
	}
	for _, tt := range tests {
		if got := tt.s.Verdict(); got != tt.want {
			t.Errorf("%+v: got %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestCacheFresh(t *testing.T) {
	c := Cache{Links: map[string]LinkStatus{
		"https://a/": {Status: 200, Checked: now.Add(-24 * time.Hour)},
		"https://b/": {Status: 200, Checked: now.Add(-DefaultCacheTTL)},
		"https://c/": {Status: 404, Checked: now},
		"https://d/": {Status: 200, Redirect: "https://e/", Checked: now},
		"https://f/": {Status: 200, Checked: now.Add(time.Hour)}, // from a clock ahead
	}}
	for u, want := range map[string]bool{"https://a/": true, "https://b/": false, "https://c/": false, "https://d/": true, "https://f/": false, "https://g/": false} {
		if _, ok := c.Fresh(u, now, DefaultCacheTTL); ok != want {
			t.Errorf("Fresh(%s) = %v, want %v", u, ok, want)
		}
	}
}

// TestExternalCache checks that a second run trusts the cache for links
// that answered and asks again about the rest, that the cache forgets
// links the site no longer has, and that it expires.
func TestExternalCache(t *testing.T) {
	var hits sync.Map // path → *atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	count := func(p string) int64 {
		if n, ok := hits.Load(p); ok {
			return n.(*atomic.Int64).Load()
		}
		return 0
	}
	dir := testsite.FromString(t, `-- content/articles/a.md --
---
title: "A"
date: 2020-01-01
summary: "A."
---
[ok](`+srv.URL+`/ok) [gone](`+srv.URL+`/gone)
`)
	cacheFile := filepath.Join(dir, CacheFile)
	run := func(day time.Time) ExternalStats {
		t.Helper()
		res, l := Run(context.Background(), Options{
			Build: build.Options{Root: dir, Now: day}, External: true, Links: checker(), CacheFile: cacheFile,
		})
		if res == nil {
			t.Fatalf("no result: %v", l)
		}
		return res.External
	}
	if s := run(now); s != (ExternalStats{URLs: 2, Checked: 2, Dead: 1}) {
		t.Errorf("first run: %+v", s)
	}
	data, err := os.ReadFile(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), srv.URL+"/ok") || strings.Contains(string(data), "/gone") {
		t.Errorf("cache holds:\n%s", data)
	}
	if s := run(now.Add(24 * time.Hour)); s != (ExternalStats{URLs: 2, Cached: 1, Checked: 1, Dead: 1}) {
		t.Errorf("second run: %+v", s)
	}
	if count("/ok") != 1 || count("/gone") != 4 { // HEAD and GET, twice
		t.Errorf("requests: /ok %d, /gone %d", count("/ok"), count("/gone"))
	}
	if s := run(now.Add(DefaultCacheTTL + time.Hour)); s.Cached != 0 || s.Checked != 2 {
		t.Errorf("after the cache expired: %+v", s)
	}

	// A corrupt cache is reported, ignored and rewritten.
	if err := os.WriteFile(cacheFile, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, l := Run(context.Background(), Options{Build: build.Options{Root: dir, Now: now}, External: true, Links: checker(), CacheFile: cacheFile})
	if !hasCode(l, diag.CodeExternalCache) {
		t.Errorf("corrupt cache not reported: %v", l)
	}
	if c, err := ReadCache(cacheFile); err != nil || len(c.Links) != 1 {
		t.Errorf("cache not rewritten: %v %v", c, err)
	}
}
