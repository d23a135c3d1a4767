package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/signpost-kb/signpost/internal/build"
)

// parsedFeed is what feeds.mjs reads from a feed.
type parsedFeed struct {
	Error, Type, Title, Self, Updated string
	Items                             []struct {
		ID, Title, URL, Published, Updated string
		Authors                            []string
	}
}

// TestFeedsParse builds the sample site for an absolute address and for a
// path, and reads every feed with a real feed parser (feeds.mjs): each is
// Atom, with a title, a date, and entries with a permanent absolute id, a
// title, a date and a link to the page.
func TestFeedsParse(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: feed parser skipped")
	}
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join("node_modules", "@rowanmanning", "feed-parser", "package.json"))
	}
	if err != nil {
		if os.Getenv("SIGNPOST_E2E") == "require" {
			t.Fatalf("node or the feed parser missing (%v), and SIGNPOST_E2E=require", err)
		}
		t.Skip("node or node_modules missing: feed parser skipped; run npm ci --prefix internal/e2e")
	}
	uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, base := range []string{"https://intranet.example.nhs.uk/kb/", "/kb/"} {
		t.Run(base, func(t *testing.T) {
			site := sampleSite(t)
			out := filepath.Join(t.TempDir(), "public")
			if _, l := build.Run(context.Background(), build.Options{Root: site, Out: out, BaseURL: base, Now: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}); l.HasErrors() {
				t.Fatalf("build: %v", l)
			}
			feeds, _ := filepath.Glob(filepath.Join(out, "*", "feed.xml"))
			feeds = append(feeds, filepath.Join(out, "feed.xml"))
			cmd := exec.Command(node, append([]string{"feeds.mjs"}, feeds...)...)
			cmd.Stderr = os.Stderr
			data, err := cmd.Output()
			if err != nil {
				t.Fatalf("feeds.mjs: %v", err)
			}
			var parsed map[string]parsedFeed
			if err := json.Unmarshal(data, &parsed); err != nil {
				t.Fatalf("feeds.mjs printed %s: %v", data, err)
			}
			entries := 0
			for _, file := range feeds {
				name, _ := filepath.Rel(out, file)
				f, ok := parsed[file]
				switch {
				case !ok || f.Error != "":
					t.Errorf("%s: %s", name, f.Error)
					continue
				case f.Type != "atom" || f.Title == "" || f.Updated == "" || !strings.HasSuffix(f.Self, "/kb/"+filepath.ToSlash(name)):
					t.Errorf("%s: read as %+v", name, f)
				}
				for _, it := range f.Items {
					entries++
					if it.Title == "" || it.Updated == "" || len(it.Authors) == 0 { // published is optional: an undated strategy entry has none
						t.Errorf("%s: entry %+v", name, it)
					}
					u, err := url.Parse(it.URL)
					if err != nil || !strings.HasPrefix(u.Path, "/kb/") {
						t.Errorf("%s: entry %q links to %q", name, it.Title, it.URL)
					}
					if strings.HasPrefix(base, "https:") {
						if it.ID != it.URL || !strings.HasPrefix(it.ID, base) {
							t.Errorf("%s: entry %q has the id %q, want its address %q", name, it.Title, it.ID, it.URL)
						}
					} else if !uuid.MatchString(it.ID) {
						t.Errorf("%s: entry %q has the id %q, want a UUID URN", name, it.Title, it.ID)
					}
				}
			}
			if entries < 10 {
				t.Errorf("only %d entries read", entries)
			}
		})
	}
}
