package corpus

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checker collects front-matter errors of one page.
type checker struct {
	t  *testing.T
	p  page
	fm map[string]any
}

func (c checker) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf("%s: "+format, append([]any{c.p.path}, args...)...)
}

// str checks that key holds a non-empty string and returns it.
func (c checker) str(m map[string]any, key string) string {
	c.t.Helper()
	s, ok := m[key].(string)
	if !ok || s == "" {
		c.errorf("%s: want a non-empty string, got %#v", key, m[key])
	}
	return s
}

// date checks that key holds a YYYY-MM-DD date (yaml.v3 may decode it as a
// time.Time or keep the string).
func (c checker) date(m map[string]any, key string) {
	c.t.Helper()
	switch v := m[key].(type) {
	case time.Time:
	case string:
		if !dateRE.MatchString(v) {
			c.errorf("%s: want YYYY-MM-DD, got %q", key, v)
		}
	default:
		c.errorf("%s: want a date, got %#v", key, m[key])
	}
}

// list checks that key holds lo to hi distinct non-empty strings.
func (c checker) list(key string, lo, hi int) {
	c.t.Helper()
	l, ok := c.fm[key].([]any)
	if !ok || len(l) < lo || len(l) > hi {
		c.errorf("%s: want a list of %d-%d strings, got %#v", key, lo, hi, c.fm[key])
		return
	}
	seen := map[string]bool{}
	for _, v := range l {
		s, ok := v.(string)
		if !ok || s == "" || seen[s] {
			c.errorf("%s: want distinct non-empty strings, got %#v", key, l)
		}
		seen[s] = true
	}
}

// keys checks that the front matter has only the allowed keys.
func (c checker) keys(allowed ...string) {
	c.t.Helper()
	for k := range c.fm {
		if !slices.Contains(allowed, k) {
			c.errorf("unexpected key %q", k)
		}
	}
}

func TestFrontMatterSignpost(t *testing.T) {
	_, files := sharedTree(t)
	statuses := map[string]int{}
	var sources, interviewers, relSucc int
	for _, p := range pages(t, files) {
		c := checker{t: t, p: p, fm: p.fm}
		c.str(p.fm, "title")
		c.str(p.fm, "summary")
		c.date(p.fm, "date")
		c.list("tags", 2, 6)
		c.list("organisations", 1, 2)
		common := []string{"title", "date", "summary", "tags", "organisations", "last_reviewed", "review_due"}
		if _, ok := p.fm["last_reviewed"]; ok {
			c.date(p.fm, "last_reviewed")
			c.date(p.fm, "review_due")
		}
		switch sec := strings.Split(p.path, "/")[1]; sec {
		case "articles":
			c.keys(append(common, "authors", "source")...)
			c.list("authors", 1, 1)
			if src, ok := p.fm["source"].(map[string]any); ok {
				sources++
				c.str(src, "publisher")
				if u := c.str(src, "url"); !strings.HasPrefix(u, "https://") {
					c.errorf("source.url: want an absolute https address, got %q", u)
				}
				c.date(src, "published")
			}
		case "interviews":
			c.keys(append(common, "interviewee", "interviewer")...)
			who, ok := p.fm["interviewee"].(map[string]any)
			if !ok || len(who) != 3 {
				c.errorf("interviewee: want {name, role, organisation}, got %#v", p.fm["interviewee"])
				continue
			}
			c.str(who, "name")
			c.str(who, "role")
			c.str(who, "organisation")
			if _, ok := p.fm["interviewer"]; ok {
				interviewers++
				c.str(p.fm, "interviewer")
			}
		case "strategy":
			c.keys(append(common, "url", "publisher", "status", "superseded_by")...)
			if u := c.str(p.fm, "url"); !strings.HasPrefix(u, "https://") {
				c.errorf("url: want an absolute https address, got %q", u)
			}
			c.str(p.fm, "publisher")
			status := c.str(p.fm, "status")
			statuses[status]++
			succ, has := p.fm["superseded_by"].(string)
			switch {
			case status != "current" && status != "superseded" && status != "withdrawn":
				c.errorf("status: want current, superseded or withdrawn, got %q", status)
			case has != (status == "superseded"):
				c.errorf("superseded_by %q with status %s", succ, status)
			case strings.HasPrefix(succ, "../"):
				relSucc++
				if target := path.Join(path.Dir(p.path), succ); files[target] == nil {
					c.errorf("superseded_by: %s does not exist", target)
				}
			}
		default:
			t.Errorf("%s: unexpected section %q", p.path, sec)
		}
	}
	for _, s := range []string{"current", "superseded", "withdrawn"} {
		if statuses[s] == 0 {
			t.Errorf("no strategy entry has status %s", s)
		}
	}
	if sources == 0 || interviewers == 0 || relSucc == 0 {
		t.Errorf("optional fields never drawn: %d sources, %d interviewers, %d relative superseded_by",
			sources, interviewers, relSucc)
	}
}

func TestFrontMatterHugo(t *testing.T) {
	root, _ := generate(t, Options{Pages: 200, Seed: 11, Schema: SchemaHugo})
	for _, p := range pages(t, tree(t, root)) {
		c := checker{t: t, p: p, fm: p.fm}
		for _, k := range []string{"url", "authors", "superseded_by"} {
			if _, ok := p.fm[k]; ok {
				c.errorf("%s: not a Hugo field", k)
			}
		}
		switch strings.Split(p.path, "/")[1] {
		case "articles":
			c.str(p.fm, "author")
		case "interviews":
			c.str(p.fm, "interviewee")
			c.str(p.fm, "role")
		case "strategy":
			c.str(p.fm, "link")
		}
	}
}

func TestDrafts(t *testing.T) {
	rootA, _ := generate(t, Options{Pages: 400, Seed: 5})
	rootB, _ := generate(t, Options{Pages: 400, Seed: 5, Drafts: 0.5})
	a, b := tree(t, rootA), tree(t, rootB)
	drafts := 0
	for p, data := range b {
		if bytes := strings.Replace(string(data), "\ndraft: true", "", 1); bytes != string(data) {
			drafts++
			data = []byte(bytes)
		}
		if string(data) != string(a[p]) {
			t.Errorf("%s: differs from the corpus without drafts beyond its draft line", p)
		}
	}
	if drafts < 150 || drafts > 250 {
		t.Errorf("%d drafts of 400 pages, want about 200", drafts)
	}
}
