package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readme returns README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// readmeUsage returns the usage lines of README.md's Commands section, a
// line continued on the next (indented) one joined to it, comments cut.
func readmeUsage(t *testing.T) []string {
	t.Helper()
	s := readme(t)
	start := strings.Index(s, "\n## Commands\n\n```\n")
	if start < 0 {
		t.Fatal("README.md has no Commands section starting with a code block")
	}
	block := s[start+len("\n## Commands\n\n```\n"):]
	block = block[:strings.Index(block, "```")]
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		line, _, _ = strings.Cut(line, "#")
		if strings.HasPrefix(line, " ") && len(lines) > 0 {
			lines[len(lines)-1] += " " + strings.TrimSpace(line)
			continue
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	return lines
}

// TestHelpMatchesREADME compares each command's help with README.md: the
// usage lines are README's, in its order; every flag is in its command's
// usage line; and neither help nor README writes a flag with one dash.
func TestHelpMatchesREADME(t *testing.T) {
	want := readmeUsage(t)
	var got []string
	for _, c := range commands() {
		got = append(got, c.usage)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("usage lines differ from README.md's Commands section\nhelp:\n%s\nREADME.md:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var names []string
	for _, c := range commands() {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			names = append(names, regexp.QuoteMeta(f.Name))
			if !regexp.MustCompile(`[[|]--` + regexp.QuoteMeta(f.Name) + `[ =\]|]`).MatchString(c.usage) {
				t.Errorf("%s: --%s is not in the usage line %q", c.name, f.Name, c.usage)
			}
			value, text := flagValue(f)
			if strings.Contains(text, "`") || value == "value" {
				t.Errorf("%s: --%s: usage %q should start with the name of its value in backquotes", c.name, f.Name, f.Usage)
			}
		})
	}
	oneDash := regexp.MustCompile(`(^|[\s\[(|"'` + "`" + `])-(` + strings.Join(names, "|") + `)\b`)
	for _, c := range commands() {
		help := commandHelp(c)
		if m := oneDash.FindString(help); m != "" {
			t.Errorf("signpost help %s writes a flag with one dash: %q", c.name, m)
		}
		if !strings.Contains(help, "Usage: "+c.usage+"\n") {
			t.Errorf("signpost help %s does not start with its usage line", c.name)
		}
	}
	if m := oneDash.FindAllString(readme(t), -1); len(m) > 0 {
		t.Errorf("README.md writes flags with one dash: %q", m)
	}
}

// TestFlagList checks the flag list of help: each flag in the --flag form
// with the name of its value, its description and its default.
func TestFlagList(t *testing.T) {
	help := commandHelp(find("build"))
	for _, want := range []string{
		"\nFlags:\n  --base-url URL\n        the address the site is published at, overriding base_url, such as\n        https://intranet.example.nhs.uk/kb/\n",
		"  --drafts\n        include pages marked draft: true\n",
		"  --source DIR\n        the site folder, holding signpost.toml and content/ (default \".\")\n",
		"  --format text|json\n",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("signpost help build lacks %q:\n%s", want, help)
		}
	}
}

// TestREADMEInit checks README.md's example of what init prints.
func TestREADMEInit(t *testing.T) {
	s := readme(t)
	i := strings.Index(s, "```\nCreated a new knowledge base in kb")
	if i < 0 {
		t.Fatal("README.md has no example of init's output")
	}
	want := s[i+4:]
	want = want[:strings.Index(want, "```")]
	stdout, stderr, code := signpost(t, t.TempDir(), cleanEnv(), "init", "kb")
	if code != 0 || stdout != want {
		t.Errorf("init printed (status %d):\n%s%s\nREADME.md says:\n%s", code, stdout, stderr, want)
	}
}
