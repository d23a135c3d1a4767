package check

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/signpost-kb/signpost/internal/build"
	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/findings/*.txtar")

// now is the day every test check runs on.
var now = time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC)

// TestFindings checks each site in testdata/findings and compares its
// findings, as text, with the archive's "want" file. The archive's comment
// holds the options, one word each: strict, drafts, future, verbose,
// external. In external fixtures {{server}} stands for the address of a
// local test server (see testServer). Run with -update to rewrite the want
// files after a deliberate change.
func TestFindings(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/findings/*.txtar")
	if err != nil || len(fixtures) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, fixture := range fixtures {
		name := strings.TrimSuffix(filepath.Base(fixture), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(fixture)
			if err != nil {
				t.Fatal(err)
			}
			srv := testServer(t)
			site := &txtar.Archive{}
			var want []byte
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = f.Data
					continue
				}
				data := bytes.ReplaceAll(f.Data, []byte("{{server}}"), []byte(srv.URL))
				site.Files = append(site.Files, txtar.File{Name: f.Name, Data: data})
			}
			dir := testsite.Write(t, t.TempDir(), site)
			opt := options(t, dir, string(ar.Comment))
			_, l := Run(context.Background(), opt)
			var b bytes.Buffer
			_ = diag.WriteText(&b, l)
			got := bytes.ReplaceAll(b.Bytes(), []byte(srv.URL), []byte("{{server}}"))
			if *update {
				for i, f := range ar.Files {
					if f.Name == "want" {
						ar.Files[i].Data = got
					}
				}
				if want == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "want", Data: got})
				}
				if err := os.WriteFile(fixture, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want) {
				t.Errorf("findings differ\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

// options reads a fixture's options from its comment.
func options(t *testing.T, dir, comment string) Options {
	t.Helper()
	opt := Options{Build: build.Options{Root: dir, Now: now}}
	for _, line := range strings.Split(comment, "\n") {
		word, ok := strings.CutPrefix(line, "options:")
		if !ok {
			continue
		}
		for _, w := range strings.Fields(word) {
			switch w {
			case "strict":
				opt.Strict = true
			case "drafts":
				opt.Build.Drafts = true
			case "future":
				opt.Build.Future = true
			case "verbose":
				opt.Verbose = true
			case "external":
				opt.External = true
				opt.Links = LinkChecker{Delay: -1, Timeout: time.Second}
				opt.CacheFile = filepath.Join(dir, CacheFile)
			default:
				t.Fatalf("unknown option %q", w)
			}
		}
	}
	return opt
}

// testServer serves the addresses the external fixtures link to.
func testServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/found", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	mux.HandleFunc("/moved-to-gone", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/gone", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTooManyRequests) })
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func hasCode(l diag.List, code diag.Code) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}
