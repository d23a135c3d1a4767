package build

import (
	"encoding/binary"
	"maps"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// An output's key fingerprints everything its template, or the code that
// writes it, can see. Two builds that give an output the same key give it
// the same bytes, so a build with a Cache leaves an output alone when its
// key is the one it was last written with. Keys are computed only by
// builds whose cache is kept.
//
// Keys are derived from the structs themselves, by reflection over every
// exported field (what a template can reach), so that a field added to
// content.Page, render.Data or render.Site is covered without anyone
// having to remember it here. Values that are themselves keyed (a page by
// its fingerprint, a term, a taxonomy, the site) are written as their key.

// keys is the product of the keys step: the fingerprints the keys of
// outputs are made of.
type keys struct {
	site       uint64 // settings, theme and render.Site
	metas      map[*content.Page]uint64
	terms      map[*taxonomy.Term]uint64
	taxonomies map[*taxonomy.Taxonomy]uint64
	fields     *structFields // the cache's
}

// keys returns the keys of the model m under the theme of src, and the
// last build when this one can keep everything it made but the pages
// whose bodies changed. It returns nil keys when the cache is not kept.
func (c *Cache) keys(set *settings, src *sources, m *model) (*keys, *lastBuild) {
	if !c.keep {
		return nil, nil
	}
	last := c.last
	if last == nil || last.model != m || last.themeKey != src.themeKey {
		return newKeys(c, src, m), nil
	}
	// With the output folder updated in place, every file the last build
	// made stays unless this build writes it again.
	if !set.opt.InPlace || !c.warm(set.outDir) || c.outputs == nil {
		return last.keys, nil
	}
	return last.keys, last
}

// newKeys works out the keys of the model m under the theme of src.
func newKeys(c *Cache, src *sources, m *model) *keys {
	k := &keys{metas: make(map[*content.Page]uint64, len(m.pages)), fields: c.fields}
	h := newHasher(c.seed)
	h.u64(c.settings)
	h.u64(src.themeKey)
	h.value(reflect.ValueOf(m.info))
	k.site = h.Sum64()
	for _, p := range m.pages {
		k.metas[p] = c.meta(p)
	}
	k.terms = map[*taxonomy.Term]uint64{}
	k.taxonomies = map[*taxonomy.Taxonomy]uint64{}
	for _, t := range []*taxonomy.Taxonomy{m.tags, m.orgs} {
		all := newHasher(c.seed)
		all.str(t.Name)
		for _, term := range t.Terms {
			th := k.hasher(c.seed)
			th.value(reflect.ValueOf(term).Elem())
			k.terms[term] = th.Sum64()
			all.u64(k.terms[term])
		}
		k.taxonomies[t] = all.Sum64()
	}
	return k
}

// hasher returns a hasher that writes pages, terms, taxonomies and the
// site as their keys.
func (k *keys) hasher(seed seed) *hasher {
	h := newHasher(seed)
	h.keyed, h.fields = k.keyed, k.fields
	return h
}

var (
	pageType     = reflect.TypeFor[*content.Page]()
	itemType     = reflect.TypeFor[render.Item]() // fields: Page, HTML (TestItemFields)
	termType     = reflect.TypeFor[*taxonomy.Term]()
	taxonomyType = reflect.TypeFor[*taxonomy.Taxonomy]()
	siteType     = reflect.TypeFor[*render.Site]()
)

// keyed writes a value that has a key of its own as that key, and reports
// whether v was one.
func (k *keys) keyed(h *hasher, v reflect.Value) bool {
	switch v.Type() {
	case pageType, termType, taxonomyType, siteType:
		h.bool(v.IsNil())
	}
	switch v.Type() {
	case pageType:
		h.u64(k.metas[v.Interface().(*content.Page)])
	case itemType:
		// An item's entry (HTML) is rendered from its page's fields
		// under the site key; a subsection's is its HTML.
		// (By field rather than through Interface, which would copy
		// the item to the heap for every entry of every list.)
		if pg := v.Field(0); !pg.IsNil() {
			h.u64(k.metas[pg.Interface().(*content.Page)])
		} else {
			h.str(v.Field(1).String())
		}
	case termType:
		h.u64(k.terms[v.Interface().(*taxonomy.Term)])
	case taxonomyType:
		h.u64(k.taxonomies[v.Interface().(*taxonomy.Taxonomy)])
	case siteType:
		h.u64(k.site)
	default:
		return false
	}
	return true
}

// item fingerprints what the item page of p shows: the page, its rendered
// body and its context (itemData uses nothing else).
func (k *keys) item(seed seed, p *content.Page, mk *markup, ic itemContext) uint64 {
	h := k.hasher(seed)
	h.u64(k.site)
	h.str("item")
	h.u64(k.metas[p])
	h.u64(mk.gen)
	h.value(reflect.ValueOf(ic))
	return h.Sum64()
}

// entry fingerprints what a page's entry in lists shows: the page's
// fields, under the site key.
func (k *keys) entry(seed seed, meta uint64) uint64 {
	h := newHasher(seed)
	h.u64(k.site)
	h.u64(meta)
	return h.Sum64()
}

// data fingerprints the data of a list, taxonomy, alias or special page
// rendered with the page template kind: every field a template can reach.
// Item pages are keyed by item instead, without rendering their bodies.
func (k *keys) data(seed seed, kind string, d *render.Data) uint64 {
	h := k.hasher(seed)
	h.u64(k.site)
	h.str(kind)
	h.value(reflect.ValueOf(d))
	return h.Sum64()
}

// pages fingerprints a feed or the sitemap: its name and title, the
// fields of its pages, in order, and the terms of the taxonomies.
func (k *keys) pages(seed seed, m *model, name, title string, pages []*content.Page) uint64 {
	h := newHasher(seed)
	h.u64(k.site)
	h.str(name)
	h.str(title)
	h.int(len(pages))
	for _, p := range pages {
		h.u64(k.metas[p])
	}
	h.u64(k.taxonomies[m.tags])
	h.u64(k.taxonomies[m.orgs])
	return h.Sum64()
}

// outputs is the record of a build's outputs: the key of each, for the
// next build to compare with.
type outputs struct {
	keep bool              // keys are kept: the cache is
	prev map[string]uint64 // what the output folder holds, by the last build
	mu   sync.Mutex
	keys map[string]uint64
}

// newOutputs returns the record of a build's outputs. A build that reuses
// the last one's starts from its record, since its output keeps every
// file the last build wrote.
func (c *Cache) newOutputs(keep, reuse bool, pages int) *outputs {
	o := &outputs{keep: keep, prev: c.outputs}
	switch {
	case !keep:
	case reuse:
		o.keys = maps.Clone(c.outputs)
	default:
		o.keys = make(map[string]uint64, pages*2)
	}
	return o
}

// unchanged records the key of the output file name and reports whether
// the output folder holds it as made from the same inputs, in which case
// out keeps it and it need not be made again. key is called only when
// keys are kept.
func (o *outputs) unchanged(out writer, name string, key func() uint64) bool {
	if !o.keep {
		return false
	}
	k := key()
	o.mu.Lock()
	o.keys[name] = k
	o.mu.Unlock()
	old, ok := o.prev[name]
	return ok && old == k && out.Keep(name)
}

// settingsKey fingerprints what a cache's contents depend on: the
// configuration, the options that decide what is published, and the site
// and output folders.
func settingsKey(seed seed, set *settings) uint64 {
	h := newHasher(seed)
	h.value(reflect.ValueOf(set.cfg))
	root, _ := filepath.Abs(set.opt.Root)
	h.str(root)
	h.str(set.outDir)
	h.bool(set.opt.Drafts)
	h.bool(set.opt.Future)
	h.bool(set.filter.DraftNotes)
	return h.Sum64()
}

// themeChanged reports whether any of the changed site files is part of
// the theme; nil means not known.
func themeChanged(changed []layout.Change) bool {
	if changed == nil {
		return true
	}
	for _, c := range changed {
		if c.Kind.Theme() {
			return true
		}
	}
	return false
}

// seed salts the fingerprints of a cache (xxHash's seed). A cache kept
// on disk for the next process keeps its seed with it, so that the
// fingerprints it holds compare with those the next build makes; a cache
// in memory has a random one.
type seed uint64

func randomSeed() seed { return seed(rand.Uint64()) }

// bytes fingerprints b.
func (s seed) bytes(b []byte) uint64 {
	d := xxhash.NewWithSeed(uint64(s))
	d.Write(b)
	return d.Sum64()
}

// string fingerprints str.
func (s seed) string(str string) uint64 {
	d := xxhash.NewWithSeed(uint64(s))
	d.WriteString(str)
	return d.Sum64()
}

// hasher builds keys.
type hasher struct {
	xxhash.Digest
	// keyed, when set, writes values that have keys of their own.
	keyed func(*hasher, reflect.Value) bool
	// fields, when set, keeps the exported fields of each struct type,
	// which reflect would otherwise list again (and allocate) for every
	// value.
	fields *structFields
}

// structFields lists, by struct type, the exported fields a hasher writes.
// It is safe for concurrent use.
type structFields struct{ m sync.Map } // reflect.Type → []int

// of returns the indexes of the exported fields of the struct type t, in
// order.
func (s *structFields) of(t reflect.Type) []int {
	if s != nil {
		if f, ok := s.m.Load(t); ok {
			return f.([]int)
		}
	}
	var out []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			out = append(out, i)
		}
	}
	if s != nil {
		s.m.Store(t, out)
	}
	return out
}

func newHasher(s seed) *hasher {
	h := &hasher{}
	h.ResetWithSeed(uint64(s))
	return h
}

func (h *hasher) WriteByte(b byte) error {
	h.Write([]byte{b})
	return nil
}

func (h *hasher) str(s string) {
	h.u64(uint64(len(s)))
	h.WriteString(s)
}

func (h *hasher) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	h.Write(b[:])
}

func (h *hasher) int(v int) { h.u64(uint64(v)) }

func (h *hasher) bool(v bool) {
	if v {
		h.WriteByte(1)
	} else {
		h.WriteByte(0)
	}
}

func (h *hasher) time(t time.Time) {
	b, _ := t.MarshalBinary()
	h.u64(uint64(len(b)))
	h.Write(b)
}

var timeType = reflect.TypeFor[time.Time]()

// value writes any value made of structs, pointers, slices, maps, strings,
// numbers, booleans and times: of a struct, every exported field, by name.
func (h *hasher) value(v reflect.Value) {
	if h.keyed != nil && h.keyed(h, v) {
		return
	}
	if v.Type() == timeType {
		h.time(v.Interface().(time.Time))
		return
	}
	switch v.Kind() {
	case reflect.String:
		h.str(v.String())
	case reflect.Bool:
		h.bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.u64(math.Float64bits(v.Float()))
	case reflect.Pointer:
		h.bool(v.IsNil())
		if !v.IsNil() {
			h.value(v.Elem())
		}
	case reflect.Interface:
		// The type of what it holds, so that a field of front matter that
		// was 1 and is now 1.0 changes the key, and so do two structs
		// whose fields hold the same values.
		h.bool(v.IsNil())
		if !v.IsNil() {
			h.str(v.Elem().Type().String())
			h.value(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		h.int(v.Len())
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, compareValues)
		h.int(len(keys))
		for _, k := range keys {
			h.value(k)
			h.value(v.MapIndex(k))
		}
	case reflect.Struct:
		// The fields' values alone, in order: a key is compared only with
		// keys made by the same executable (the cache file names it), in
		// which a type's fields are fixed, and every value's encoding
		// says where it ends (a string's length, a slice's count).
		for _, i := range h.fields.of(v.Type()) {
			h.value(v.Field(i))
		}
	default:
		panic("build: cannot fingerprint a " + v.Type().String())
	}
}

// compareValues orders map keys: strings or integers.
func compareValues(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.String:
		switch {
		case a.String() < b.String():
			return -1
		case a.String() > b.String():
			return 1
		}
		return 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(max(-1, min(1, a.Int()-b.Int())))
	}
	panic("build: cannot order map keys of type " + a.Type().String())
}
