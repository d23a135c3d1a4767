package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// CacheFile is the name of the link cache in the site folder.
const CacheFile = ".signpost-linkcache.json"

// DefaultCacheTTL is how long a link found alive is trusted without
// asking again.
const DefaultCacheTTL = 7 * 24 * time.Hour

// Cache holds the outcomes of earlier external checks, so that CI does not
// ask every site again on every run. Only links that answered are kept;
// dead ones are checked again each time.
type Cache struct {
	Links map[string]LinkStatus `json:"links"`
}

// ReadCache reads the cache file name. A missing file is an empty cache;
// an unreadable one is an empty cache and an error.
func ReadCache(name string) (Cache, error) {
	c := Cache{Links: map[string]LinkStatus{}}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return Cache{Links: map[string]LinkStatus{}}, fmt.Errorf("%s: %v; it is ignored and will be rewritten", name, err)
	}
	if c.Links == nil {
		c.Links = map[string]LinkStatus{}
	}
	return c, nil
}

// Fresh returns the cached outcome for u if the link answered when checked
// and that was less than ttl before now.
func (c Cache) Fresh(u string, now time.Time, ttl time.Duration) (LinkStatus, bool) {
	s, ok := c.Links[u]
	if !ok || s.Checked.After(now) || now.Sub(s.Checked) >= ttl {
		return LinkStatus{}, false
	}
	switch s.Verdict() {
	case Alive, Redirected:
		return s, true
	}
	return LinkStatus{}, false
}

// Write writes the cache to the file name, replacing it whole so that an
// interrupted write leaves the old one.
func (c Cache) Write(name string) error {
	// encoding/json sorts map keys: the file is deterministic.
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".signpost-linkcache-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
