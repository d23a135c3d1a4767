package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// ciExample is one pipeline in README.md's "Publishing from CI" section.
type ciExample struct {
	file string // the file it goes in, from its first line
	src  string
	doc  map[string]any
}

// ciExamples extracts the YAML blocks of the "Publishing from CI" section.
func ciExamples(t *testing.T) []ciExample {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "\n## Publishing from CI\n")
	if start < 0 {
		t.Fatal(`README.md has no "Publishing from CI" section`)
	}
	section := readme[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var out []ciExample
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(section, -1) {
		src := m[1]
		first, _, _ := strings.Cut(src, "\n")
		ex := ciExample{file: strings.TrimSpace(strings.TrimPrefix(first, "#")), src: src}
		if err := yaml.Unmarshal([]byte(src), &ex.doc); err != nil {
			t.Errorf("%s: not valid YAML: %v", ex.file, err)
			continue
		}
		out = append(out, ex)
	}
	return out
}

// TestREADMECIExamples checks each pipeline in README.md: it parses as
// YAML, has the shape its CI service needs, runs check --strict and
// build with a base URL that has a subpath, and its signpost commands,
// with the CI variables filled in, succeed on a new site.
func TestREADMECIExamples(t *testing.T) {
	examples := ciExamples(t)
	files := map[string]bool{}
	for _, ex := range examples {
		files[ex.file] = true
	}
	for _, want := range []string{".github/workflows/site.yml", ".gitlab-ci.yml", "azure-pipelines.yml"} {
		if !files[want] {
			t.Errorf("no example for %s (have %v)", want, files)
		}
	}
	for _, ex := range examples {
		t.Run(ex.file, func(t *testing.T) {
			vars := ciVariables(t, ex)
			shape(t, ex)
			var commands []string
			walk(ex.doc, func(key string, v any) {
				if key != "run" && key != "script" {
					return
				}
				var lines []string
				switch v := v.(type) {
				case string:
					lines = strings.Split(v, "\n")
				case []any:
					for _, x := range v {
						if s, ok := x.(string); ok {
							lines = append(lines, s)
						}
					}
				}
				for _, line := range lines {
					if strings.HasPrefix(strings.TrimSpace(line), "signpost ") {
						commands = append(commands, strings.TrimSpace(line))
					}
				}
			})
			var strict, built bool
			for _, c := range commands {
				strict = strict || strings.HasPrefix(c, "signpost check --strict")
				built = built || strings.HasPrefix(c, "signpost build")
				if !strings.Contains(c, "--base-url") {
					t.Errorf("%q has no --base-url", c)
				}
			}
			if !strict || !built {
				t.Errorf("want signpost check --strict and signpost build; have %q", commands)
			}

			// Run the commands on a new site, as the pipeline would.
			dir := t.TempDir()
			if _, stderr, code := signpost(t, dir, cleanEnv(), "init", "--quiet", "."); code != 0 {
				t.Fatalf("init: %s", stderr)
			}
			for _, c := range commands {
				line := expand(c, vars)
				args, err := splitArgs(line)
				if err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				for _, a := range args {
					if strings.HasPrefix(a, "https://") && !hasSubpath(a) {
						t.Errorf("%s: base URL %s has no subpath", c, a)
					}
				}
				if strings.Contains(line, "--external") {
					continue // it would ask other sites; tests stay on this machine
				}
				if _, stderr, code := signpost(t, dir, cleanEnv(), args[1:]...); code != 0 {
					t.Errorf("%s: exit status %d:\n%s", line, code, stderr)
				}
			}
			home, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(home), `href="/kb/articles/"`) {
				t.Errorf("the home page does not link under the subpath /kb/")
			}
		})
	}
}

// ciVariables returns the values the pipeline's variables take: those the
// service sets, standing for a repository called kb, and those the YAML
// defines from them.
func ciVariables(t *testing.T, ex ciExample) map[string]string {
	t.Helper()
	vars := map[string]string{
		"github.repository_owner":      "nhs-example",
		"github.event.repository.name": "kb",
		"CI_PAGES_URL":                 "https://nhs-example.gitlab.io/kb",
	}
	for _, key := range []string{"env", "variables"} {
		m, _ := ex.doc[key].(map[string]any)
		for k, v := range m {
			if s, ok := v.(string); ok {
				vars[k] = expand(s, vars)
			}
		}
	}
	if vars["SITE_URL"] == "" {
		t.Fatalf("%s defines no SITE_URL", ex.file)
	}
	return vars
}

// expand fills in ${{ x }} (GitHub), $(x) (Azure), ${x} and $x (shell).
func expand(s string, vars map[string]string) string {
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`\$\{\{\s*([\w.]+)\s*\}\}`),
		regexp.MustCompile(`\$\((\w+)\)`),
		regexp.MustCompile(`\$\{(\w+)\}`),
		regexp.MustCompile(`\$(\w+)`),
	} {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			name := re.FindStringSubmatch(m)[1]
			if v, ok := vars[name]; ok {
				return v
			}
			return m
		})
	}
	return s
}

func hasSubpath(u string) bool {
	rest := strings.TrimPrefix(u, "https://")
	_, p, _ := strings.Cut(rest, "/")
	return strings.Trim(p, "/") != ""
}

// shape checks the parts each service needs.
func shape(t *testing.T, ex ciExample) {
	t.Helper()
	has := func(path ...string) bool {
		var v any = ex.doc
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return false
			}
			v, ok = m[p]
			if !ok {
				return false
			}
		}
		return true
	}
	uses := map[string]bool{}
	walk(ex.doc, func(key string, v any) {
		if s, ok := v.(string); ok && (key == "uses" || key == "task") {
			name, _, _ := strings.Cut(s, "@")
			uses[name] = true
		}
	})
	switch {
	case strings.HasPrefix(ex.file, ".github/"):
		for _, a := range []string{"actions/checkout", "actions/setup-go", "actions/upload-pages-artifact", "actions/deploy-pages"} {
			if !uses[a] {
				t.Errorf("does not use %s", a)
			}
		}
		if !has("jobs", "build", "steps") || !has("jobs", "deploy", "permissions", "pages") || !has("on", "push") {
			t.Error("want a build job, a deploy job with pages permission, and a push trigger")
		}
	case ex.file == ".gitlab-ci.yml":
		paths, _ := func() ([]any, bool) {
			m, _ := ex.doc["pages"].(map[string]any)
			a, _ := m["artifacts"].(map[string]any)
			p, ok := a["paths"].([]any)
			return p, ok
		}()
		if len(paths) != 1 || paths[0] != "public" || !has("image") {
			t.Error("want an image and a pages job publishing public")
		}
	case ex.file == "azure-pipelines.yml":
		if !has("steps") || !has("trigger") || !has("pool", "vmImage") || !uses["PublishPipelineArtifact"] || !uses["GoTool"] {
			t.Error("want trigger, pool, steps with GoTool and PublishPipelineArtifact")
		}
	default:
		t.Errorf("unknown CI file %s", ex.file)
	}
}

// walk calls f for every key and value in v, at any depth.
func walk(v any, f func(key string, v any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			f(k, x)
			walk(x, f)
		}
	case []any:
		for _, x := range v {
			walk(x, f)
		}
	}
}
