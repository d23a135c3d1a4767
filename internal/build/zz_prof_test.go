package build

import (
	"context"
	"os"
	"runtime/pprof"
	"testing"
	"time"
)

func TestZZProfile(t *testing.T) {
	dir := os.Getenv("PROF_SITE")
	if dir == "" {
		t.Skip()
	}
	opt := Options{Root: dir, Out: os.Getenv("PROF_OUT"), Record: true, Inventory: false}
	f, _ := os.Create("/tmp/rebuild.prof")
	pprof.StartCPUProfile(f)
	start := time.Now()
	res, l := Run(context.Background(), opt)
	pprof.StopCPUProfile()
	t.Logf("%v %d rendered, %v errors; phases %v", time.Since(start), res.Rendered, l.HasErrors(), res.Phases)
}
