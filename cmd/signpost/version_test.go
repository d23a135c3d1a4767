package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	goPart := runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	stamp := func(version string, settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/signpost-kb/signpost", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	for _, tt := range []struct {
		name, version, commit string
		info                  *debug.BuildInfo
		want                  string
	}{
		{"nothing known", "", "", nil, "signpost devel (commit unknown, "},
		{"a plain go build", "", "", stamp("(devel)"), "signpost devel (commit unknown, "},
		{"set with -ldflags", "v1.2.0", "0123456789abcdef0123", stamp("(devel)"), "signpost v1.2.0 (commit 0123456789ab, "},
		{"-ldflags win over the stamp", "v1.2.0", "fedcba9876543210", stamp("(devel)", "vcs.revision", "0123456789abcdef"), "signpost v1.2.0 (commit fedcba987654, "},
		{"a build in a checkout", "", "", stamp("(devel)", "vcs.revision", "0123456789abcdef", "vcs.modified", "false"), "signpost devel (commit 0123456789ab, "},
		{"with local changes", "", "", stamp("(devel)", "vcs.revision", "0123456789abcdef", "vcs.modified", "true"), "signpost devel (commit 0123456789ab with local changes, "},
		{"go install @v1.3.0", "", "", stamp("v1.3.0"), "signpost v1.3.0 (commit unknown, "},
		{"go install @main: a pseudo-version", "", "", stamp("v0.0.0-20260102150405-0123456789ab"), "signpost v0.0.0-20260102150405-0123456789ab (commit 0123456789ab, "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := versionLine(tt.version, tt.commit, tt.info), tt.want+goPart; got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// TestVersionLdflags builds the binary as README.md tells packagers to,
// and runs signpost version.
func TestVersionLdflags(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building the binary skipped")
	}
	bin := filepath.Join(t.TempDir(), "signpost")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7 -X main.commit=abcdef0123456789", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "signpost v9.8.7 (commit abcdef012345, " + runtime.Version(); !strings.HasPrefix(string(out), want) {
		t.Errorf("got %q, want it to start %q", out, want)
	}
}
