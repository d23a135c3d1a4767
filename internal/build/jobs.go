package build

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"sync"
	"text/template"

	"github.com/signpost-kb/signpost/internal/diag"
	"github.com/signpost-kb/signpost/internal/parallel"
	"github.com/signpost-kb/signpost/internal/render"
)

// job is one output file of the build still to be made: the lists, taxonomy
// pages, feeds and machine files, which are gathered first and then made in
// parallel.
type job struct {
	name   string                    // output path: "tags/leadership/page/2/index.html"
	key    func() uint64             // the key of the file's inputs, asked for only when keys are kept
	render func(*bytes.Buffer) error // writes the file's bytes
	page   bool                      // rendered with a page template
}

// add adds the file name, made by render, whose inputs key fingerprints
// (see keys.go).
func (ls *lists) add(name string, key func() uint64, render func(*bytes.Buffer) error) {
	ls.jobs = append(ls.jobs, job{name: name, key: key, render: render})
}

// page adds a page rendered with the page template kind.
func (ls *lists) page(name, kind string, d *render.Data) {
	p := ls.p
	ls.jobs = append(ls.jobs, job{
		name:   name,
		key:    func() uint64 { return p.keys.data(p.cache.seed, kind, d) },
		render: func(w *bytes.Buffer) error { return p.src.theme.Render(w, kind, d) },
		page:   true,
	})
}

// file adds a file whose bytes are known.
func (ls *lists) file(name string, data []byte) {
	seed := ls.p.cache.seed
	ls.add(name, func() uint64 {
		h := newHasher(seed)
		h.str(name)
		h.Write(data)
		return h.Sum64()
	}, func(w *bytes.Buffer) error {
		w.Write(data)
		return nil
	})
}

// run makes every job, on the build's workers, and writes each file to out
// as soon as it is made. It stops at the first error, which names the
// file.
func (p *pipeline) run(ctx context.Context, out writer, js []job) error {
	var (
		once  sync.Once
		first error
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fail := func(err error) {
		once.Do(func() { first = err; cancel() })
	}
	bufs := make([]bytes.Buffer, parallel.Workers(p.set.workers))
	parallel.For(ctx, p.set.workers, len(js), func(w, i int) {
		j := &js[i]
		if p.outputs.unchanged(out, j.name, j.key) {
			return
		}
		buf := &bufs[w]
		buf.Reset()
		if err := j.render(buf); err != nil {
			fail(&renderError{name: j.name, err: err})
			return
		}
		if j.page {
			p.rendered.Add(1)
		}
		if err := out.Write(j.name, buf.Bytes()); err != nil {
			fail(err)
		}
	})
	return first
}

// renderError is a file of the build that could not be made: a template
// that failed to run, or a file that could not be read.
type renderError struct {
	name string
	err  error
}

func (e *renderError) Error() string { return e.name + ": " + e.err.Error() }
func (e *renderError) Unwrap() error { return e.err }

// jobErrorCode is the code of the error with which run stopped.
func jobErrorCode(err error) diag.Code {
	var re *renderError
	switch {
	case !errors.As(err, &re):
		return diag.CodeOutputWrite
	case errors.As(err, new(template.ExecError)):
		return diag.CodeTheme
	case errors.As(err, new(*fs.PathError)):
		return diag.CodeContentRead
	}
	return diag.CodeInternal
}
