package check

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/markdown"
)

// ExternalStats summarises a check of links to other sites.
type ExternalStats struct {
	// URLs is the number of distinct addresses; Cached of them were
	// trusted from the cache and Checked asked over HTTP.
	URLs, Cached, Checked int
	// Dead, Redirected and Unknown count the addresses by verdict.
	Dead, Redirected, Unknown int
	// Skipped counts the addresses that [check] skip in signpost.toml
	// leaves out.
	Skipped int
	// Offline reports that no outside host could be reached, so that the
	// check could not run.
	Offline bool
}

// Ref is one place that links to another site.
type Ref struct {
	Pos diag.Pos
	URL string // as written
}

// ExternalRefs lists the http and https links of the published pages:
// those in bodies, and the front-matter addresses (a strategy entry's url
// and superseded_by, a source's url). Links to the site's own base URL are
// left out: they are checked as site paths.
func ExternalRefs(inv *build.Inventory) []Ref {
	var refs []Ref
	add := func(pos diag.Pos, u string) {
		if isHTTP(u) && !isOwn(inv.Config, u) {
			refs = append(refs, Ref{Pos: pos, URL: u})
		}
	}
	for _, d := range inv.Docs {
		if p := d.Page; p != nil {
			add(diag.Pos{File: p.File, Line: p.Line("url")}, p.DocURL)
			add(diag.Pos{File: p.File, Line: p.Line("superseded_by")}, p.SupersededBy)
			if p.Source != nil {
				add(diag.Pos{File: p.File, Line: p.Line("source")}, p.Source.URL)
			}
		}
		for _, link := range d.Links {
			if link.Kind == markdown.External {
				add(diag.Pos{File: d.File, Line: link.Line}, link.Dest)
			}
		}
	}
	return refs
}

// External checks the links of the published pages to other sites, with
// the outcomes in cacheFile (if not "") trusted for DefaultCacheTTL, and
// reports dead links (warnings), redirects and links the server would not
// let signpost check (notes).
func External(ctx context.Context, inv *build.Inventory, lc LinkChecker, cacheFile string) (diag.List, ExternalStats) {
	var l diag.List
	var stats ExternalStats
	now := inv.Filter.Now
	rules := newRules(inv.Config.Check)
	var refs []Ref
	seen := map[string]bool{}
	skipped := map[string]bool{}
	var urls []string
	for _, r := range ExternalRefs(inv) {
		u := withoutFragment(r.URL)
		if rules.Skip(r.URL) {
			skipped[u] = true
			continue
		}
		refs = append(refs, r)
		if !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	sort.Strings(urls)
	stats.URLs, stats.Skipped = len(urls), len(skipped)

	cache := Cache{Links: map[string]LinkStatus{}}
	if cacheFile != "" {
		var err error
		if cache, err = ReadCache(cacheFile); err != nil {
			l.Warnf(diag.Pos{File: CacheFile}, diag.CodeExternalCache, "%v", err)
		}
	}
	status := make(map[string]LinkStatus, len(urls))
	var ask []string
	for _, u := range urls {
		if s, ok := cache.Fresh(u, now, DefaultCacheTTL); ok {
			status[u] = s
			stats.Cached++
			continue
		}
		ask = append(ask, u)
	}
	for u, s := range lc.Check(ctx, ask, now) {
		status[u] = s
		stats.Checked++
	}
	if ctx.Err() != nil {
		l.Errorf(diag.Pos{}, diag.CodeCancelled, "link check interrupted")
		return l, stats
	}
	if d, ok := offline(ask, status); ok {
		// Every link would be called dead, which says nothing about
		// the links.
		stats.Offline = true
		l.Add(d)
		return l, stats
	}

	if cacheFile != "" {
		// Keep what answered, of the links the site still has.
		next := Cache{Links: map[string]LinkStatus{}}
		for u, s := range status {
			if v := s.Verdict(); v == Alive || v == Redirected {
				next.Links[u] = s
			}
		}
		if err := next.Write(cacheFile); err != nil {
			l.Warnf(diag.Pos{File: CacheFile}, diag.CodeExternalCache, "cannot write the link cache: %v", err)
		}
	}
	for _, u := range urls {
		switch status[u].Verdict() {
		case Dead:
			stats.Dead++
		case Redirected:
			stats.Redirected++
		case Unknown:
			stats.Unknown++
		}
	}
	for _, r := range refs {
		if f, ok := Describe(r.URL, status[withoutFragment(r.URL)]); ok {
			f.Pos = r.Pos
			if rules.Downgrade(r.URL) {
				f = lower(f)
			}
			l.Add(f)
		}
	}
	return l, stats
}

// offline returns the finding that the check of outside links could not
// run, when none of the two or more hosts asked about could be reached
// (one host that cannot be reached is a dead link, not a dead network).
func offline(asked []string, status map[string]LinkStatus) (diag.Diagnostic, bool) {
	hosts := map[string]bool{}
	var example string
	for _, u := range asked {
		s := status[u]
		if !s.Unreachable {
			return diag.Diagnostic{}, false
		}
		if p, err := url.Parse(u); err == nil {
			hosts[p.Host] = true
		}
		if example == "" {
			example = s.Error
		}
	}
	if len(hosts) < 2 {
		return diag.Diagnostic{}, false
	}
	return diag.Diagnostic{
		Severity: diag.Error, Code: diag.CodeExternalOffline,
		Msg:  fmt.Sprintf("the outside links could not be checked: none of the %d sites asked could be reached (%s); is this machine offline, or does it need a proxy?", len(hosts), example),
		Hint: "run signpost check --external again where the sites can be reached (set HTTPS_PROXY if the network needs a proxy); the other checks ran as usual",
	}, true
}

// Describe says what the outcome s of checking the link u means, if
// anything needs saying.
func Describe(u string, s LinkStatus) (diag.Diagnostic, bool) {
	d := diag.Diagnostic{}
	switch s.Verdict() {
	case Dead:
		d.Severity, d.Code = diag.Warning, diag.CodeExternalDead
		var why string
		switch {
		case s.Error != "" && s.Redirect != "":
			why = fmt.Sprintf("it redirects to %s, which does not answer: %s", s.Redirect, s.Error)
		case s.Error != "":
			why = "no answer: " + s.Error
		case s.Redirect != "":
			why = fmt.Sprintf("it redirects to %s, which answers %s", s.Redirect, statusText(s.Status))
		default:
			why = "the server answers " + statusText(s.Status)
		}
		d.Msg = fmt.Sprintf("link to %s is dead: %s", u, why)
		d.Hint = "find where the page went (the publisher's site or the UK Government Web Archive) and link there, or remove the link"
	case Redirected:
		d.Severity, d.Code = diag.Info, diag.CodeExternalRedirect
		how := "redirects"
		if s.Permanent {
			how = "redirects permanently"
		}
		d.Msg = fmt.Sprintf("link to %s %s to %s", u, how, s.Redirect)
		d.Hint = "link to the new address directly"
	case Unknown:
		d.Severity, d.Code = diag.Info, diag.CodeExternalUnchecked
		d.Msg = fmt.Sprintf("link to %s not checked: the server answers %s to automated checks", u, statusText(s.Status))
		d.Hint = "open it in a browser to check it"
	default:
		return d, false
	}
	return d, true
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

func isHTTP(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// isOwn reports whether u is an address on the site itself, under an
// absolute base URL.
func isOwn(cfg config.Config, u string) bool {
	_, ok := ownPath(cfg, u)
	return ok
}

// ownPath returns the site path of u when u is an absolute address under
// the site's absolute base URL: "https://x.nhs.uk/kb/articles/a/" →
// "/articles/a/".
func ownPath(cfg config.Config, u string) (string, bool) {
	if !cfg.IsAbsolute() {
		return "", false
	}
	base := cfg.BaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	rest, ok := strings.CutPrefix(u, base)
	if !ok && u+"/" == base {
		rest, ok = "", true
	}
	if !ok {
		return "", false
	}
	p, err := url.Parse("/" + rest)
	if err != nil {
		return "", false
	}
	return p.Path, true
}

func withoutFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}
