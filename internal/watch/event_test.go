package watch

import (
	"testing"

	"github.com/signpost-kb/signpost/internal/layout"
)

func TestOpString(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Create.String(), "create"},
		{Remove.String(), "remove"},
		{Op(7).String(), "Op(7)"},
		{Event{Path: "content/x.md", Op: Write, Kind: layout.Content}.String(), "write content/x.md (content)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
