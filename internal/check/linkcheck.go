package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of a LinkChecker.
const (
	DefaultWorkers   = 8
	DefaultDelay     = 500 * time.Millisecond
	DefaultTimeout   = 15 * time.Second
	DefaultUserAgent = "signpost-linkcheck/1 (+https://github.com/signpost-kb/signpost)"
	maxRedirects     = 10
)

// LinkChecker checks addresses on other sites over HTTP: a HEAD request,
// then a GET when the server does not answer HEAD properly, following
// redirects one by one so that they can be reported. It is polite: it asks
// one host one thing at a time, Delay apart, and checks at most Workers
// hosts at once. The zero value uses the defaults.
type LinkChecker struct {
	// Client makes the requests; nil means http.DefaultTransport. Its
	// redirect policy is replaced: the checker follows redirects itself.
	Client *http.Client
	// Workers bounds the hosts checked at once; 0 means DefaultWorkers.
	Workers int
	// Delay is the pause between two requests to the same host; 0 means
	// DefaultDelay and a negative value no pause.
	Delay time.Duration
	// Timeout bounds each request; 0 means DefaultTimeout.
	Timeout time.Duration
	// UserAgent is sent with each request; "" means DefaultUserAgent.
	UserAgent string
	// Progress, when set, is called after each address is checked, with the
	// number done and the total. It is called from several goroutines.
	Progress func(done, total int)
}

// LinkStatus is the outcome of checking one address.
type LinkStatus struct {
	// Status is the HTTP status of the last answer, after any redirects;
	// 0 if there was none.
	Status int `json:"status,omitempty"`
	// Redirect is the address the link finally led to, if it redirected.
	Redirect string `json:"redirect,omitempty"`
	// Permanent reports that every redirect on the way was permanent.
	Permanent bool `json:"permanent,omitempty"`
	// Error says why there was no answer.
	Error string `json:"error,omitempty"`
	// Unreachable reports that the host could not be reached at all: its
	// name did not resolve, or no connection could be made to it. When no
	// host can be reached, the machine is offline.
	Unreachable bool `json:"unreachable,omitempty"`
	// Checked is when the address was checked.
	Checked time.Time `json:"checked"`
}

// Verdict is what a LinkStatus means for the link.
type Verdict int

// Verdicts.
const (
	Alive      Verdict = iota // it answers 2xx
	Redirected                // it answers, but at another address
	Dead                      // no answer, or a 4xx or 5xx one
	Unknown                   // the server refused to be checked (401, 403, 429)
)

// Verdict classifies s.
func (s LinkStatus) Verdict() Verdict {
	switch {
	case s.Error != "":
		return Dead
	case s.Status == http.StatusUnauthorized, s.Status == http.StatusForbidden,
		s.Status == http.StatusTooManyRequests, s.Status == 999:
		return Unknown
	case s.Status < 200 || s.Status >= 300:
		return Dead
	case s.Redirect != "":
		return Redirected
	}
	return Alive
}

// Check checks each address in urls, which should have no fragments, and
// returns their outcomes, each marked as checked at now. Addresses are
// grouped by host; a cancelled ctx stops the check, leaving out what was
// not reached.
func (c *LinkChecker) Check(ctx context.Context, urls []string, now time.Time) map[string]LinkStatus {
	byHost := map[string][]string{}
	for _, u := range urls {
		h := u
		if p, err := url.Parse(u); err == nil {
			h = p.Host
		}
		byHost[h] = append(byHost[h], u)
	}
	hosts := make([]string, 0, len(byHost))
	for h := range byHost {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)

	client := c.client()
	workers := c.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	delay := c.Delay
	if delay == 0 {
		delay = DefaultDelay
	}
	var (
		mu      sync.Mutex
		results = make(map[string]LinkStatus, len(urls))
		done    atomic.Int64
		wg      sync.WaitGroup
		slots   = make(chan struct{}, workers)
	)
	for _, h := range hosts {
		wg.Add(1)
		go func(list []string) {
			defer wg.Done()
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-slots }()
			for i, u := range list {
				if i > 0 && !pause(ctx, delay) {
					return
				}
				st := c.check(ctx, client, u)
				if ctx.Err() != nil {
					return
				}
				st.Checked = now
				mu.Lock()
				results[u] = st
				mu.Unlock()
				if c.Progress != nil {
					c.Progress(int(done.Add(1)), len(urls))
				}
			}
		}(byHost[h])
	}
	wg.Wait()
	return results
}

// pause waits d, or until ctx is cancelled, and reports whether to go on.
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (c *LinkChecker) client() *http.Client {
	cl := &http.Client{}
	if c.Client != nil {
		copy := *c.Client
		cl = &copy
	}
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return cl
}

// check follows one address to its final answer.
func (c *LinkChecker) check(ctx context.Context, client *http.Client, raw string) LinkStatus {
	cur, permanent, redirected := raw, true, false
	for range maxRedirects + 1 {
		status, loc, err := c.request(ctx, client, cur)
		var st LinkStatus
		if redirected {
			st.Redirect, st.Permanent = cur, permanent
		}
		if err != nil {
			st.Error, st.Unreachable = c.describe(err), unreachable(err)
			return st
		}
		if status >= 300 && status < 400 && loc != "" {
			base, _ := url.Parse(cur)
			next, err := base.Parse(loc)
			if err != nil {
				st.Status, st.Error = status, fmt.Sprintf("redirects to %q, which is not an address", loc)
				return st
			}
			next.Fragment = ""
			if status != http.StatusMovedPermanently && status != http.StatusPermanentRedirect {
				permanent = false
			}
			cur, redirected = next.String(), true
			continue
		}
		st.Status = status
		return st
	}
	return LinkStatus{Redirect: cur, Error: fmt.Sprintf("more than %d redirects", maxRedirects)}
}

// request asks for u with HEAD, and again with GET when the answer to HEAD
// suggests the server does not handle it: many answer 403, 404, 405 or 501
// to HEAD and 200 to GET.
func (c *LinkChecker) request(ctx context.Context, client *http.Client, u string) (int, string, error) {
	status, loc, err := c.do(ctx, client, http.MethodHead, u)
	if err == nil && status < 400 || ctx.Err() != nil || isTimeout(err) {
		return status, loc, err
	}
	return c.do(ctx, client, http.MethodGet, u)
}

func (c *LinkChecker) do(ctx context.Context, client *http.Client, method, u string) (int, string, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, "", err
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

// describe says why a request got no answer, without repeating the address.
func (c *LinkChecker) describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	switch {
	case isTimeout(err):
		timeout := c.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		return fmt.Sprintf("no answer within %s", timeout)
	case errors.As(err, &dns) && dns.IsNotFound:
		return "no such host " + dns.Name
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Op + ": " + op.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unreachable reports whether err means that no connection was made: the
// name did not resolve, or the connection (to the host or to a proxy) was
// refused, timed out or had no route. A host that answered, even with a
// broken TLS handshake, was reached.
func unreachable(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	return isTimeout(err) && !errors.Is(err, context.Canceled)
}
