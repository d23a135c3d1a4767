package check

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

func TestMatchAny(t *testing.T) {
	entries := []string{"linkedin.com", "https://www.gov.uk/government/publications/", "/legacy/"}
	for link, want := range map[string]bool{
		"https://www.linkedin.com/in/x":                        true,
		"https://LinkedIn.com/":                                true,
		"https://notlinkedin.com/":                             false,
		"https://www.gov.uk/government/publications/a-plan":    true,
		"https://www.gov.uk/government/news/a":                 false,
		"http://www.gov.uk/government/publications/a-plan":     false,
		"/legacy/policies/":                                    true,
		"/articles/legacy/":                                    false,
		"https://intranet.example.nhs.uk/legacy/not-a-path/x/": false,
	} {
		if got := matchAny(entries, link); got != want {
			t.Errorf("%s: got %v, want %v", link, got, want)
		}
	}
}

// TestCheckSection checks signpost.toml's [check] skip and downgrade, for
// links to site paths and to other sites.
func TestCheckSection(t *testing.T) {
	srv := testServer(t)
	dir := testsite.FromString(t, `-- signpost.toml --
[check]
skip = ["/legacy/", "`+srv.URL+`/gone"]
downgrade = ["/old/", "127.0.0.1"]
-- content/articles/a.md --
---
title: "A"
date: 2020-01-01
summary: "A."
---
[legacy](/legacy/x/), [old](/old/x/), [nope](/nope/),
[skipped](`+srv.URL+`/gone) [downgraded](`+srv.URL+`/error)
`)
	res, l := Run(context.Background(), Options{Build: build.Options{Root: dir, Now: now}, External: true, Links: checker()})
	var b strings.Builder
	_ = diag.WriteText(&b, l)
	want := `content/articles/a.md:6: error: link to /nope/: the site has no page or file at that address
    hint: link to the page's file instead, such as ../articles/x.md: signpost then checks the link and keeps it working if the page moves
content/articles/a.md:6: warning: link to /old/x/: the site has no page or file at that address (downgraded by [check] downgrade in signpost.toml)
    hint: link to the page's file instead, such as ../articles/x.md: signpost then checks the link and keeps it working if the page moves
content/articles/a.md:7: info: link to ` + srv.URL + `/error is dead: the server answers 500 Internal Server Error (downgraded by [check] downgrade in signpost.toml)
    hint: find where the page went (the publisher's site or the UK Government Web Archive) and link there, or remove the link
`
	if b.String() != want {
		t.Errorf("findings:\n%s\nwant:\n%s", b.String(), want)
	}
	if res == nil || res.External.Skipped != 1 || res.External.URLs != 1 {
		t.Errorf("stats: %+v", res.External)
	}
}

// TestOffline checks that when no outside host can be reached, check says
// the check could not run, once, rather than calling every link dead; and
// that one host that cannot be reached is a dead link.
func TestOffline(t *testing.T) {
	noNetwork := &http.Client{Transport: &http.Transport{DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}}}
	lc := LinkChecker{Client: noNetwork, Delay: -1}
	site := func(links ...string) string {
		return testsite.FromString(t, "-- content/articles/a.md --\n---\ntitle: \"A\"\ndate: 2020-01-01\nsummary: \"A.\"\n---\n"+strings.Join(links, "\n")+"\n")
	}
	dir := site("[a](https://www.england.nhs.uk/a/)", "[b](https://digital.nhs.uk/b/)", "[c](https://digital.nhs.uk/c/)")
	res, l := Run(context.Background(), Options{Build: build.Options{Root: dir, Now: now}, External: true, Links: lc})
	var b strings.Builder
	_ = diag.WriteText(&b, l)
	want := "error: the outside links could not be checked: none of the 2 sites asked could be reached (no such host digital.nhs.uk); is this machine offline, or does it need a proxy?\n" +
		"    hint: run signpost check --external again where the sites can be reached (set HTTPS_PROXY if the network needs a proxy); the other checks ran as usual\n"
	if b.String() != want || res == nil || !res.External.Offline {
		t.Errorf("findings:\n%s\nwant:\n%s", b.String(), want)
	}
	if len(l) != 1 || l[0].Code != diag.CodeExternalOffline || l[0].Code.Class() != diag.ClassUnchecked {
		t.Errorf("code: %v", l)
	}

	// One host: a dead link, as far as anyone can tell.
	_, l = Run(context.Background(), Options{Build: build.Options{Root: site("[a](https://www.england.nhs.uk/a/)"), Now: now}, External: true, Links: lc})
	if len(l) != 1 || l[0].Code != diag.CodeExternalDead {
		t.Errorf("one host: %v", l)
	}

	// A host that answers: the others are dead links.
	srv := testServer(t)
	_, l = Run(context.Background(), Options{Build: build.Options{Root: site("[a](https://www.england.nhs.uk/a/)", "[b](https://digital.nhs.uk/b/)", "[ok]("+srv.URL+"/ok)"), Now: now}, External: true,
		Links: LinkChecker{Delay: -1, Client: &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if strings.HasPrefix(addr, "127.0.0.1:") {
				return (&net.Dialer{}).DialContext(ctx, network, addr)
			}
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: network is unreachable")}
		}}}}})
	if len(l) != 2 || l[0].Code != diag.CodeExternalDead || l[1].Code != diag.CodeExternalDead {
		t.Errorf("one host answers: %v", l)
	}
}
