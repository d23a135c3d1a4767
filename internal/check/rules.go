package check

import (
	"net/url"
	"strings"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
)

// rules are the exceptions of signpost.toml's [check] section.
type rules struct{ skip, downgrade []string }

func newRules(c config.Check) rules { return rules{skip: c.Skip, downgrade: c.Downgrade} }

// Skip reports whether link (an outside address, or a path on the site)
// is not to be checked at all.
func (r rules) Skip(link string) bool { return matchAny(r.skip, link) }

// Downgrade reports whether link's problems are reported a level lower.
func (r rules) Downgrade(link string) bool { return matchAny(r.downgrade, link) }

// matchAny reports whether link is named by one of entries: a path prefix
// for a path on the site, an address prefix, or a host (and its
// subdomains) for an outside address.
func matchAny(entries []string, link string) bool {
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e, "/"):
			if strings.HasPrefix(link, "/") && strings.HasPrefix(link, e) {
				return true
			}
		case strings.Contains(e, "://"):
			if strings.HasPrefix(link, e) {
				return true
			}
		default:
			u, err := url.Parse(link)
			if err != nil || u.Host == "" {
				continue
			}
			host, e := strings.ToLower(u.Hostname()), strings.ToLower(e)
			if host == e || strings.HasSuffix(host, "."+e) {
				return true
			}
		}
	}
	return false
}

// lower reports d one level lower: an error as a warning, a warning as a
// note, saying why.
func lower(d diag.Diagnostic) diag.Diagnostic {
	switch d.Severity {
	case diag.Error:
		d.Severity = diag.Warning
	case diag.Warning:
		d.Severity = diag.Info
	default:
		return d
	}
	d.Msg += " (downgraded by [check] downgrade in signpost.toml)"
	return d
}
