package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/signpost-kb/signpost/internal/testsite"
)

// binary is the signpost command built once for the tests that run it.
var binary string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "signpost-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "signpost")
	cmd := exec.Command("go", "build", "-o", binary, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building signpost:", err)
		return 1
	}
	return m.Run()
}

// TestScripts runs the scripts in testdata/scripts against the real
// binary. Each is a txtar archive: the files are a site, written to a
// temporary folder, and the comment is a script run in that folder, one
// command a line:
//
//	env NAME=VALUE      set a variable for the following runs
//	run ARGS...         run signpost with ARGS (single or double quotes group words)
//	exit N              the last run's exit status must be N
//	stdout TEXT         the last run's stdout must contain TEXT (!stdout: must not)
//	stderr TEXT         likewise for stderr
//	exists PATH         PATH must exist (!exists: must not)
//
// Lines starting with # are comments.
func TestScripts(t *testing.T) {
	scripts, err := filepath.Glob("testdata/scripts/*.txtar")
	if err != nil || len(scripts) == 0 {
		t.Fatal("no scripts", err)
	}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(script)
			if err != nil {
				t.Fatal(err)
			}
			dir := testsite.Write(t, t.TempDir(), ar)
			runScript(t, dir, string(ar.Comment))
		})
	}
}

func runScript(t *testing.T, dir, script string) {
	t.Helper()
	env := cleanEnv()
	var stdout, stderr string
	code, ran := 0, false
	for n, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("line %d: %s", n+1, line)
		neg := strings.HasPrefix(line, "!")
		verb, arg, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "!")), " ")
		if verb != "env" && verb != "run" && !ran {
			t.Fatalf("%s: nothing has run yet", where)
		}
		switch verb {
		case "env":
			env = append(env, arg)
		case "run":
			args, err := splitArgs(arg)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			stdout, stderr, code = signpost(t, dir, env, args...)
			ran = true
		case "exit":
			want, err := strconv.Atoi(arg)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if code != want {
				t.Errorf("%s: exit status %d\nstdout:\n%s\nstderr:\n%s", where, code, stdout, stderr)
			}
		case "stdout", "stderr":
			out := stdout
			if verb == "stderr" {
				out = stderr
			}
			if strings.Contains(out, arg) == neg {
				t.Errorf("%s: %s is:\n%s", where, verb, out)
			}
		case "exists":
			_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(arg)))
			if (err == nil) == neg {
				t.Errorf("%s: stat: %v", where, err)
			}
		default:
			t.Fatalf("%s: unknown command %q", where, verb)
		}
	}
}

// cleanEnv is the environment of the binary: the test's, without the
// variables that change signpost's output.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GITHUB_ACTIONS", "CI", "GITLAB_CI", "TF_BUILD":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// signpost runs the binary in dir.
func signpost(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// splitArgs splits a command line into words; quotes group words.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c", quote)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
