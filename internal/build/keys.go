package build

import (
	"encoding/binary"
	"hash/maphash"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/content"
	"github.com/signpost-kb/signpost/internal/layout"
	"github.com/signpost-kb/signpost/internal/render"
	"github.com/signpost-kb/signpost/internal/taxonomy"
)

// An output's key fingerprints everything its template, or the code that
// writes it, can see. Two builds that give an output the same key give it
// the same bytes, so a build with a Cache leaves an output alone when its
// key is the one it was last written with. Keys are computed only by
// builds with a cache.

// hasher builds keys.
type hasher struct{ maphash.Hash }

func (b *builder) newHasher() *hasher { return newHasher(b.cache.seed) }

func newHasher(seed maphash.Seed) *hasher {
	h := &hasher{}
	h.SetSeed(seed)
	return h
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

// hashPage writes every field of p but its body to h, by reflection, so
// that a field added to content.Page is covered without anyone having to
// remember it here.
func hashPage(h *hasher, p *content.Page) {
	v := reflect.ValueOf(p).Elem()
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Name == "Body" {
			continue
		}
		h.str(t.Field(i).Name)
		h.value(v.Field(i))
	}
}

var timeType = reflect.TypeFor[time.Time]()

// value writes any value made of structs, pointers, slices, maps, strings,
// numbers, booleans and times.
func (h *hasher) value(v reflect.Value) {
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
	case reflect.Pointer, reflect.Interface:
		h.bool(v.IsNil())
		if !v.IsNil() {
			h.value(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		h.int(v.Len())
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return compareValues(a, b)
		})
		h.int(len(keys))
		for _, k := range keys {
			h.value(k)
			h.value(v.MapIndex(k))
		}
	case reflect.Struct:
		for i := range v.NumField() {
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

// settingsKey fingerprints what a cache's contents depend on: the
// configuration, the options that decide what is published, and the site
// and output folders.
func settingsKey(seed maphash.Seed, cfg config.Config, opt Options, out string) uint64 {
	h := newHasher(seed)
	h.value(reflect.ValueOf(cfg))
	root, _ := filepath.Abs(opt.Root)
	h.str(root)
	h.str(out)
	h.bool(opt.Drafts)
	h.bool(opt.Future)
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

// prepareKeys works out what the keys of the build's outputs are made of:
// the site key, and the fingerprints of pages and taxonomy terms.
func (b *builder) prepareKeys() {
	h := b.newHasher()
	h.u64(b.cache.settings)
	h.u64(b.cache.themeKey)
	s := b.info
	h.str(s.Title)
	h.str(s.Description)
	h.str(s.Language)
	h.str(s.Owner)
	h.value(reflect.ValueOf(s.Nav))
	h.bool(s.Search)
	h.bool(s.Absolute)
	b.siteKeyValue = h.Sum64()

	b.metas = make(map[*content.Page]uint64, len(b.pages))
	for _, p := range b.pages {
		if src := b.source(p); src != nil {
			b.metas[p] = src.meta
		} else {
			b.metas[p] = b.cache.pageMeta(p)
		}
	}
	b.termKey = map[*taxonomy.Term]uint64{}
	b.taxonomyKeys = map[*taxonomy.Taxonomy]uint64{}
	for _, t := range []*taxonomy.Taxonomy{b.tags, b.orgs} {
		terms, all := b.termKeys(t)
		maps.Copy(b.termKey, terms)
		b.taxonomyKeys[t] = all
	}
	b.outputs = make(map[string]uint64, len(b.pages)*2)
}

// itemKey fingerprints what the item page of p shows: the page, its
// rendered body and its context (itemData uses nothing else).
func (b *builder) itemKey(p *content.Page, md *rendered, ic itemContext) uint64 {
	if b.cache == nil {
		return 0
	}
	h := b.newHasher()
	h.u64(b.siteKeyValue)
	h.str("item")
	h.u64(b.metas[p])
	h.u64(md.gen)
	h.value(reflect.ValueOf(ic))
	return h.Sum64()
}

// entryKey fingerprints what a page's entry in lists shows: the page's
// fields, under the site key.
func (b *builder) entryKey(src *source) uint64 {
	h := b.newHasher()
	h.u64(b.siteKeyValue)
	h.u64(src.meta)
	return h.Sum64()
}

// unchanged records the key of the output file name and reports whether
// the output folder holds it as made from the same inputs, in which case
// out keeps it and it need not be made again.
func (b *builder) unchanged(out writer, name string, key uint64) bool {
	if b.cache == nil {
		return false
	}
	b.outputsMu.Lock()
	b.outputs[name] = key
	b.outputsMu.Unlock()
	old, ok := b.cache.outputs[name]
	return ok && old == key && out.Keep(name)
}

// termKeys fingerprints each term of a taxonomy (its name, URL and
// pages), and the whole taxonomy.
func (b *builder) termKeys(t *taxonomy.Taxonomy) (map[*taxonomy.Term]uint64, uint64) {
	keys := make(map[*taxonomy.Term]uint64, len(t.Terms))
	all := b.newHasher()
	all.str(t.Name)
	for _, term := range t.Terms {
		h := b.newHasher()
		h.str(term.Name)
		h.str(term.URL)
		h.int(len(term.Pages))
		for _, p := range term.Pages {
			h.u64(b.metas[p])
		}
		keys[term] = h.Sum64()
		all.u64(keys[term])
	}
	return keys, all.Sum64()
}

// dataKey fingerprints the data of a list, taxonomy, alias or special
// page: every field a template can reach, pages by their fingerprints.
// Item pages are keyed by itemKey instead, without rendering their bodies.
func (b *builder) dataKey(kind string, d *render.Data) uint64 {
	h := b.newHasher()
	h.u64(b.siteKeyValue)
	h.str(kind)
	h.str(d.Kind)
	h.str(d.Title)
	h.str(d.Description)
	h.str(d.Path)
	h.value(reflect.ValueOf(d.Breadcrumbs))
	h.str(d.Feed)
	h.bool(d.Draft)
	h.value(reflect.ValueOf(d.Notes))
	h.bool(d.NoIndex)
	h.bool(d.Page != nil)
	if d.Page != nil {
		h.u64(b.metas[d.Page])
	}
	h.str(string(d.Body))
	h.str(string(d.Footnotes))
	h.value(reflect.ValueOf(d.Contents))
	h.value(reflect.ValueOf(d.QA))
	h.value(reflect.ValueOf(d.SupersededBy))
	h.value(reflect.ValueOf(d.Tags))
	h.value(reflect.ValueOf(d.Organisations))
	h.int(len(d.Items))
	for _, it := range d.Items {
		h.u64(b.metas[it.Page])
	}
	h.value(reflect.ValueOf(d.Pager))
	h.bool(d.Taxonomy != nil)
	if d.Taxonomy != nil {
		h.u64(b.taxonomyKeys[d.Taxonomy])
	}
	h.bool(d.Term != nil)
	if d.Term != nil {
		h.u64(b.termKey[d.Term])
	}
	h.int(len(d.Latest))
	for _, l := range d.Latest {
		h.str(l.ID)
		h.str(l.Title)
		h.str(l.URL)
		h.int(len(l.Items))
		for _, it := range l.Items {
			h.u64(b.metas[it.Page])
		}
	}
	h.int(len(d.PopularTags))
	for _, t := range d.PopularTags {
		h.u64(b.termKey[t])
	}
	h.str(d.Target)
	return h.Sum64()
}
