package check

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
)

// Reviews reports published pages whose review_due date has passed (a
// warning) or falls within window of the build's today (a note), and pages
// that expire within window. root is the site folder, used to find the
// line of review_due in section pages.
func Reviews(inv *build.Inventory, root string, window time.Duration) diag.List {
	var l diag.List
	now := inv.Filter.Now
	for _, d := range inv.Docs {
		if p := d.Page; p != nil {
			if f, ok := Review(p.Title, p.ReviewDue, now, window); ok {
				f.Pos = diag.Pos{File: p.File, Line: p.Line("review_due")}
				l.Add(f)
			}
			if f, ok := Expiry(p.Expires, now, window); ok {
				f.Pos = diag.Pos{File: p.File, Line: p.Line("expires")}
				l.Add(f)
			}
		}
	}
	for _, name := range sortedKeys(inv.Site.Sections) {
		s := inv.Site.Sections[name]
		if s.File == "" {
			continue
		}
		title := s.Title
		if title == "" {
			title = s.File
		}
		if f, ok := Review(title, s.ReviewDue, now, window); ok {
			f.Pos = diag.Pos{File: s.File, Line: fieldLine(root, s.File, "review_due")}
			l.Add(f)
		}
	}
	return l
}

// Review decides what to say about the review date of the page titled
// title on day now: a warning once it has passed, a note when it falls
// within window, and nothing otherwise. The finding's position is left for
// the caller.
func Review(title string, due, now time.Time, window time.Duration) (diag.Diagnostic, bool) {
	if due.IsZero() {
		return diag.Diagnostic{}, false
	}
	days := daysBetween(now, due)
	date := due.Format(time.DateOnly)
	switch {
	case days < 0:
		return diag.Diagnostic{
			Severity: diag.Warning,
			Code:     diag.CodeReviewOverdue,
			Msg:      fmt.Sprintf("review_due: %s, %s ago: %q is overdue for review", date, span(-days), title),
			Hint:     "check the page is still accurate, then set last_reviewed to today and review_due to the next review date",
		}, true
	case days <= windowDays(window):
		return diag.Diagnostic{
			Severity: diag.Info,
			Code:     diag.CodeReviewDueSoon,
			Msg:      fmt.Sprintf("review_due: %s, %s: %q is due for review", date, in(days), title),
		}, true
	}
	return diag.Diagnostic{}, false
}

// Expiry notes a page that will be removed from the site within window.
func Expiry(expires, now time.Time, window time.Duration) (diag.Diagnostic, bool) {
	if expires.IsZero() {
		return diag.Diagnostic{}, false
	}
	days := daysBetween(now, expires)
	if days < 0 || days > windowDays(window) {
		return diag.Diagnostic{}, false
	}
	return diag.Diagnostic{
		Severity: diag.Info,
		Code:     diag.CodeExpiresSoon,
		Msg:      fmt.Sprintf("expires: %s, %s; the page is then left out of the site", expires.Format(time.DateOnly), in(days)),
		Hint:     "to keep it, move expires later or remove it",
	}, true
}

// LeftOut notes each page the build left out, and why, so that "where is
// my page?" has an answer. Pages with errors are reported already.
func LeftOut(inv *build.Inventory) diag.List {
	var l diag.List
	f := inv.Filter
	for _, p := range inv.Site.Pages {
		if p.Invalid || p.Published(f) {
			continue
		}
		pos := diag.Pos{File: p.File, Line: 1}
		switch {
		case !p.Expires.IsZero() && !p.Expires.After(f.Now):
			pos.Line = p.Line("expires")
			l.Add(diag.Diagnostic{Pos: pos, Severity: diag.Info, Code: diag.CodePageLeftOut,
				Msg:  fmt.Sprintf("left out: it expired on %s", p.Expires.Format(time.DateOnly)),
				Hint: "delete the file, or move expires later to publish it again"})
		case p.Draft && !f.Drafts:
			pos.Line = p.Line("draft")
			l.Add(diag.Diagnostic{Pos: pos, Severity: diag.Info, Code: diag.CodePageLeftOut,
				Msg:  "left out: it is a draft",
				Hint: "remove draft: true to publish it, or pass --drafts to include drafts"})
		default:
			pos.Line = p.Line("date")
			l.Add(diag.Diagnostic{Pos: pos, Severity: diag.Info, Code: diag.CodePageLeftOut,
				Msg:  fmt.Sprintf("left out: it is dated %s, in the future", p.Date.Format(time.DateOnly)),
				Hint: "it is published from that day; pass --future to include it now"})
		}
	}
	return l
}

// daysBetween counts the calendar days from now's date to t's date: 0 for
// the same day, negative when t is earlier. Dates in front matter are
// calendar dates, so both are compared as dates in now's time zone.
func daysBetween(now, t time.Time) int {
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	y, m, d = t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int(day.Sub(today).Hours() / 24)
}

func windowDays(w time.Duration) int { return int(w / (24 * time.Hour)) }

func in(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return "in " + span(days)
}

func span(days int) string {
	if days == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", days)
}

// fieldLine finds the line of a front-matter field in a file under root by
// a plain scan, or returns 0. Section pages do not record field lines.
func fieldLine(root, file, key string) int {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimLeft(sc.Bytes(), "\ufeff \t")
		if bytes.HasPrefix(line, []byte(key)) {
			rest := bytes.TrimLeft(line[len(key):], " \t")
			if len(rest) > 0 && (rest[0] == ':' || rest[0] == '=') {
				return n
			}
		}
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
