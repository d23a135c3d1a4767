package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// split is a source file cut into its front matter and body.
type split struct {
	has      bool   // the file has front matter
	matter   string // the YAML between the fences
	first    int    // file line of the first line of matter
	body     string
	bodyLine int // file line on which body starts
}

// splitMatter cuts the YAML front matter off src. It accepts a closing
// fence on the file's last line with no newline after it, trailing spaces
// on the fences, CRLF line endings and a byte-order mark. An unclosed
// front matter is an error, and the whole file is then the body.
func splitMatter(src []byte) (split, error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	s := strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n")
	lines := strings.SplitAfter(s, "\n")
	fence := func(l string) string { return strings.TrimRight(strings.TrimSuffix(l, "\n"), " \t") }
	if fence(lines[0]) != "---" {
		return split{body: s, bodyLine: 1}, nil
	}
	for i := 1; i < len(lines); i++ {
		if t := fence(lines[i]); t == "---" || t == "..." {
			return split{has: true, matter: strings.Join(lines[1:i], ""), first: 2, body: strings.Join(lines[i+1:], ""), bodyLine: i + 2}, nil
		}
	}
	return split{body: s, bodyLine: 1}, fmt.Errorf("the front matter opened on line 1 is never closed with a --- line")
}

// field is one front-matter key of a page, from the page itself or
// inherited from a data file.
type field struct {
	key  string
	node *yaml.Node
	// from is the data file the value came from, relative to the source
	// folder, or "" for the page's own front matter.
	from string
	line int
}

// matter is a page's front matter, its keys in order.
type matter struct {
	fields []*field
}

func (m *matter) get(key string) *field {
	for _, f := range m.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// getOrNil is get on a matter that may be nil.
func (m *matter) getOrNil(key string) *field {
	if m == nil {
		return nil
	}
	return m.get(key)
}

func (m *matter) str(key string) string {
	if f := m.get(key); f != nil && f.node.Kind == yaml.ScalarNode && f.node.Tag != "!!null" {
		return strings.TrimSpace(f.node.Value)
	}
	return ""
}

// parseMatter decodes YAML front matter that starts on line first of its
// file.
func parseMatter(src string, first int) (*matter, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, yamlError(err, first)
	}
	m := &matter{}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return m, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return m, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the front matter is not a set of key: value fields", first+root.Line-1)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		m.fields = append(m.fields, &field{key: k.Value, node: v, line: first + k.Line - 1})
	}
	return m, nil
}

// yamlError renumbers the lines in a YAML error to the file's.
func yamlError(err error, first int) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if n, e := strconv.Atoi(num); e == nil {
				return fmt.Errorf("line %d:%s", first+n-1, tail)
			}
		}
	}
	return fmt.Errorf("%s", msg)
}

// jsonNode decodes a JSON data file into a YAML mapping node.
func jsonNode(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("the data file is not a JSON object")
	}
	var n yaml.Node
	if err := n.Encode(jsonPlain(v)); err != nil {
		return nil, err
	}
	return &n, nil
}

// jsonPlain turns json.Numbers into ints or floats so they encode as YAML
// numbers.
func jsonPlain(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = jsonPlain(x)
		}
	case []any:
		for i, x := range v {
			v[i] = jsonPlain(x)
		}
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	}
	return v
}

// inherit merges a data file's keys under the page's as Eleventy's data
// cascade does: the page's own value wins, mappings merge key by key, and
// lists join.
func (m *matter) inherit(data *yaml.Node, from string) {
	if data.Kind != yaml.MappingNode {
		return
	}
	var inherited []*field
	for i := 0; i+1 < len(data.Content); i += 2 {
		k, v := data.Content[i].Value, data.Content[i+1]
		f := m.get(k)
		if k == "tags" && f != nil {
			// Eleventy always merges tags, a single one being a list of one.
			f.node, v = asSequence(f.node), asSequence(v)
		}
		switch {
		case f == nil:
			inherited = append(inherited, &field{key: k, node: v, from: from})
		case f.node.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode:
			f.node = mergeMaps(v, f.node)
		case f.node.Kind == yaml.SequenceNode && v.Kind == yaml.SequenceNode:
			merged := *f.node
			merged.Content = append(append([]*yaml.Node{}, v.Content...), f.node.Content...)
			f.node = &merged
		}
	}
	m.fields = append(inherited, m.fields...)
}

// asSequence makes a scalar a sequence of one.
func asSequence(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return n
	}
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column, Content: []*yaml.Node{n}}
}

// mergeMaps is base with over's keys on top, recursively.
func mergeMaps(base, over *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: over.Line}
	index := map[string]int{}
	for i := 0; i+1 < len(base.Content); i += 2 {
		index[base.Content[i].Value] = len(out.Content)
		out.Content = append(out.Content, base.Content[i], base.Content[i+1])
	}
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		if j, ok := index[k.Value]; ok {
			if b := out.Content[j+1]; b.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode {
				v = mergeMaps(b, v)
			}
			out.Content[j+1] = v
			continue
		}
		out.Content = append(out.Content, k, v)
	}
	return out
}

// nodeStrings returns a scalar or a list of scalars as strings, trimmed, and
// false if the node is anything else.
func nodeStrings(n *yaml.Node) ([]string, bool) {
	if n == nil {
		return nil, true
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, true
		}
		if s := strings.TrimSpace(n.Value); s != "" {
			return []string{s}, true
		}
		return nil, true
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, false
			}
			if s := strings.TrimSpace(c.Value); s != "" && c.Tag != "!!null" {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}

// mapping returns the values of a mapping node by key.
func mapping(n *yaml.Node) map[string]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = n.Content[i+1]
	}
	return m
}

// mappingKeys returns the keys of a mapping node in order.
func mappingKeys(n *yaml.Node) []string {
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// yamlText is the YAML of a node, for the report and for keeping a value
// as a comment.
func yamlText(n *yaml.Node) string {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return n.Value
	}
	enc.Close()
	return strings.TrimSuffix(b.String(), "\n")
}

// out is the signpost front matter of a converted page.
type out struct {
	typ          string
	title        string
	date         string
	summary      string
	authors      []string
	tags         []string
	weight       string
	slug         string
	aliases      []string
	lastReviewed string
	reviewDue    string
	draft        bool
	search       string
	// kept holds source keys signpost has no field for, written as
	// comments so that no value is lost.
	kept []*field
}

// write writes the front matter, fences included.
func (o *out) write(b *strings.Builder) {
	b.WriteString("---\n")
	if o.typ != "" {
		fmt.Fprintf(b, "type: %s\n", o.typ)
	}
	if o.title != "" {
		fmt.Fprintf(b, "title: %s\n", quoted(o.title))
	}
	if o.date != "" {
		fmt.Fprintf(b, "date: %s\n", o.date)
	}
	if o.summary != "" {
		fmt.Fprintf(b, "summary: %s\n", quoted(o.summary))
	}
	if len(o.authors) > 0 {
		fmt.Fprintf(b, "authors: %s\n", flowList(o.authors))
	}
	if len(o.tags) > 0 {
		fmt.Fprintf(b, "tags: %s\n", flowList(o.tags))
	}
	if o.weight != "" {
		fmt.Fprintf(b, "weight: %s\n", o.weight)
	}
	if o.slug != "" {
		fmt.Fprintf(b, "slug: %s\n", quotedIfNeeded(o.slug))
	}
	if len(o.aliases) > 0 {
		b.WriteString("aliases:\n")
		for _, a := range o.aliases {
			fmt.Fprintf(b, "  - %s\n", quotedIfNeeded(a))
		}
	}
	if o.lastReviewed != "" {
		fmt.Fprintf(b, "last_reviewed: %s\n", o.lastReviewed)
	}
	if o.reviewDue != "" {
		fmt.Fprintf(b, "review_due: %s\n", o.reviewDue)
	}
	if o.draft {
		b.WriteString("draft: true\n")
	}
	if o.search != "" {
		fmt.Fprintf(b, "search: %s\n", o.search)
	}
	if len(o.kept) > 0 {
		b.WriteString("# Kept from the old site's front matter; signpost does not use these:\n")
		for _, f := range o.kept {
			m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: f.key}, f.node}}
			for _, l := range strings.Split(yamlText(m), "\n") {
				b.WriteString("# " + l + "\n")
			}
		}
	}
	b.WriteString("---\n")
}

// quoted writes s as a YAML double-quoted string.
func quoted(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// quotedIfNeeded writes s plain when YAML reads it back as the same
// string, and double-quoted otherwise.
func quotedIfNeeded(s string) string {
	if plainSafe(s) {
		return s
	}
	return quoted(s)
}

func plainSafe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r > 0x7f && r != 0x85 && r != 0xa0 && r != 0xfeff:
		case r >= '0' && r <= '9', r == '_', r == '/', r == '.':
		case (r == '-' || r == ' ') && i > 0:
		default:
			return false
		}
	}
	var v any
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		return false
	}
	got, ok := v.(string)
	return ok && got == s
}

// flowList writes a list of strings as a YAML flow sequence.
func flowList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = quotedIfNeeded(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// dedupe removes repeats from items, comparing case-insensitively and
// keeping the first spelling.
func dedupe(items []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		k := strings.ToLower(strings.Join(strings.Fields(s), " "))
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
