package server

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestReloadScript runs testdata/reload_test.js, which drives reload.js
// in a fake DOM: stylesheet swaps, reloads, the error overlay and
// reconnection. It needs Node.js and is skipped without it.
func TestReloadScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found; the reload script is not tested")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*waitLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "testdata/reload_test.js", "reload.js").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("node testdata/reload_test.js: %v\n%s", err, out)
	}
}
