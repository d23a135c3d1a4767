package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// A Problem is one error shown in the browser's error overlay, or a note:
// a list of notes alone is shown in a small panel that leaves the page in
// view, since the build succeeded.
type Problem struct {
	File    string `json:"file,omitempty"` // site-relative source file, e.g. "content/articles/x.md"
	Line    int    `json:"line,omitempty"` // 1-based; 0 if unknown
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
	// Note marks a problem that does not fail the build, such as one in a
	// draft shown in the preview.
	Note bool `json:"note,omitempty"`
}

// String formats p as "file:line:column: message", leaving out what is unknown.
func (p Problem) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Column > 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	if s == "" {
		return p.Message
	}
	return s + ": " + p.Message
}

// maxPending bounds the changed paths kept for a client that is slow to
// take them; past it, the client is told that everything changed.
const maxPending = 1000

// keepAlive is how often an idle event stream gets a comment, so that dead
// connections are noticed and proxies keep the stream open.
const keepAlive = 20 * time.Second

// writeTimeout bounds one write to an event stream; a client that takes
// longer is dropped (its browser reconnects).
const writeTimeout = 10 * time.Second

// A hub fans out reload and error notices to connected event streams.
// Each client has a mailbox of pending notices, merged while the client is
// busy, so that a slow client never blocks Reload or SetErrors and never
// misses the latest state.
type hub struct {
	id string // this server's identity, so tabs notice a restart

	mu       sync.Mutex
	clients  map[*client]struct{}
	problems []Problem
	reloads  int // reloads so far; with id, the site version
	closed   bool
	done     chan struct{} // closed by close
}

type client struct {
	wake chan struct{} // capacity 1: something is pending

	// Guarded by hub.mu.
	reload  bool     // a reload is pending
	all     bool     // the pending reload is of everything
	changed []string // the pending reload's paths
	errors  bool     // the error state is to be sent
}

func newHub(id string) *hub {
	return &hub{id: id, clients: make(map[*client]struct{}), done: make(chan struct{})}
}

func (c *client) notify() {
	select {
	case c.wake <- struct{}{}:
	default: // already pending
	}
}

func (h *hub) version() string { return h.id + "." + strconv.Itoa(h.reloads) }

// currentVersion returns the site version: it changes with every reload
// and when the server restarts.
func (h *hub) currentVersion() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.version()
}

func (h *hub) reload(changed []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reloads++
	for c := range h.clients {
		c.reload = true
		if len(changed) == 0 || len(c.changed)+len(changed) > maxPending {
			c.all, c.changed = true, nil
		} else if !c.all {
			c.changed = append(c.changed, changed...)
		}
		c.notify()
	}
}

func (h *hub) setErrors(problems []Problem) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.problems = slices.Clone(problems)
	for c := range h.clients {
		c.errors = true
		c.notify()
	}
}

// add registers a new client, or returns nil if the hub is closed.
func (h *hub) add() *client {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := &client{wake: make(chan struct{}, 1), errors: true} // the current errors go out first
	c.notify()
	h.clients[c] = struct{}{}
	return c
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

// close ends every event stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// take empties c's mailbox into the event-stream messages to send.
func (h *hub) take(c *client) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	var b bytes.Buffer
	if c.errors {
		problems := h.problems
		if problems == nil {
			problems = []Problem{}
		}
		writeEvent(&b, "errors", struct {
			Problems []Problem `json:"problems"`
		}{problems})
		c.errors = false
	}
	if c.reload {
		changed := slices.Compact(slices.Sorted(slices.Values(c.changed)))
		if c.all {
			changed = []string{}
		}
		writeEvent(&b, "reload", struct {
			Version string   `json:"version"`
			Changed []string `json:"changed"` // empty: everything
		}{h.version(), changed})
		c.reload, c.all, c.changed = false, false, nil
	}
	return b.Bytes()
}

// writeEvent writes one server-sent event whose data is v as JSON (which
// has no newlines, so it fits one data line).
func writeEvent(b *bytes.Buffer, name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the types above are marshalled
	}
	fmt.Fprintf(b, "event: %s\ndata: %s\n\n", name, data)
}

// serveEvents streams notices to one browser tab until the tab goes away,
// the server shuts down or a write fails.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "text/event-stream")
		return
	}
	c := h.add()
	if c == nil {
		http.Error(w, "signpost: shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.remove(c)

	rc := http.NewResponseController(w)
	send := func(p []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout)) // not all writers support deadlines
		if _, err := w.Write(p); err != nil {
			return false
		}
		return rc.Flush() == nil
	}

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var hello bytes.Buffer
	hello.WriteString("retry: 1000\n\n")
	h.mu.Lock()
	writeEvent(&hello, "hello", struct {
		Version string `json:"version"`
	}{h.version()})
	h.mu.Unlock()
	if !send(hello.Bytes()) {
		return
	}

	ping := time.NewTicker(keepAlive)
	defer ping.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-ping.C:
			msg = []byte(": keep-alive\n\n")
		case <-c.wake:
			msg = h.take(c)
		}
		if !send(msg) {
			return
		}
	}
}
