package importer

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/signpost-kb/signpost/internal/slug"
)

// The old layouts showed parts of the front matter on the page: galleries
// of screenshots, boxes of related links, issue sheets. signpost shows
// only the body, so these become Markdown after it.

// relatedMarkdown converts a related box: NHSBSA's {tag, title} (the pages
// with that tag), or the design history's {items: [{text, href}]} or list
// of {title, description, items} sections.
func (s *site) relatedMarkdown(p *page, f *field) (string, bool) {
	var b strings.Builder
	resolve := true
	sections := []*yaml.Node{f.node}
	if f.node.Kind == yaml.SequenceNode {
		sections = f.node.Content
	}
	for _, sec := range sections {
		m := mapping(sec)
		if m == nil {
			return "", false
		}
		if tag := scalar(m["tag"]); tag != "" {
			resolve = false
			title := scalar(m["title"])
			if title == "" {
				title = "Related articles"
			}
			var items []string
			for _, q := range s.byTag(tag) {
				if q == p || (q.status == "DRAFT" && tag != "DRAFT") {
					continue
				}
				items = append(items, "- ["+escapeBrackets(q.titleGuess())+"]("+destText(relLink(p.dest, q.dest))+")")
			}
			if len(items) == 0 {
				p.log.problem(f.line, groupMatter, "the related box lists the pages tagged %q, and there are none; it is left out", tag)
				continue
			}
			fmt.Fprintf(&b, "## %s\n\n%s\n\n", title, strings.Join(items, "\n"))
			continue
		}
		title := scalar(m["title"])
		if title == "" {
			title = "Related links"
		}
		fmt.Fprintf(&b, "## %s\n\n", title)
		if d := strings.TrimSpace(scalar(m["description"])); d != "" {
			b.WriteString(d + "\n\n")
		}
		if items := m["items"]; items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				im := mapping(it)
				text, href := scalar(im["text"]), scalar(im["href"])
				if href == "" {
					if text != "" {
						b.WriteString("- " + text + "\n")
					}
					continue
				}
				if text == "" {
					text = href
				}
				b.WriteString("- [" + escapeBrackets(text) + "](" + destText(href) + ")\n")
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimSpace(b.String()), resolve
}

// titleGuess is the page's title as far as it is known before conversion.
func (p *page) titleGuess() string {
	if p.title != "" {
		return p.title
	}
	if p.fm != nil {
		if t := p.fm.str("title"); t != "" {
			return t
		}
	}
	if _, h := firstH1(splitLines(p.split.body, p.split.bodyLine)); h != "" {
		return stripInline(h)
	}
	return titleFromFile(p.dest)
}

// screenshotsMarkdown converts the design history's screenshots: one
// gallery {title, items} or a list of them, each item a heading (with its
// image named after it) or {text, src, alt, id, caption}.
func screenshotsMarkdown(p *page, f *field) string {
	galleries := []*yaml.Node{f.node}
	if f.node.Kind == yaml.SequenceNode {
		galleries = f.node.Content
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, g := range galleries {
		m := mapping(g)
		if m == nil {
			return ""
		}
		title := scalar(m["title"])
		if title == "" {
			title = "Screenshots"
		}
		fmt.Fprintf(&b, "## %s\n\n", title)
		items := m["items"]
		if items == nil || items.Kind != yaml.SequenceNode {
			continue
		}
		for _, it := range items.Content {
			if it.Kind == yaml.ScalarNode {
				text := strings.TrimSpace(it.Value)
				if text == "" {
					continue
				}
				src := slug.Make(text) + ".png"
				fmt.Fprintf(&b, "### %s\n\n%s\n\n", text, imageMarkdown(text, src, ""))
				continue
			}
			im := mapping(it)
			text, src, alt, id := scalar(im["text"]), scalar(im["src"]), scalar(im["alt"]), scalar(im["id"])
			caption := strings.TrimSpace(scalar(im["caption"]))
			if text == "" && src == "" {
				continue
			}
			if src == "" {
				src = slug.Make(text) + ".png"
			}
			if alt == "" {
				alt = text
			}
			if text != "" {
				b.WriteString("### " + oneLine(text))
				if id != "" {
					b.WriteString(" {#" + uniqueID(p, seen, slug.Make(id)) + "}")
				}
				b.WriteString("\n\n")
			}
			b.WriteString(imageMarkdown(alt, src, caption) + "\n\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// uniqueID returns id, or, if an earlier screenshot of the page has it
// (one screen shown in two galleries), id with a number after it: the old
// layout gave both headings the same id, and signpost needs ids unique on
// a page. Links to #id still lead to the first.
func uniqueID(p *page, seen map[string]bool, id string) string {
	out := id
	for k := 2; seen[out]; k++ {
		out = fmt.Sprintf("%s-%d", id, k)
	}
	seen[out] = true
	if out != id {
		p.log.change("repeated screenshot ids made unique (#id-2); links to #id lead to the first")
	}
	return out
}

// groupsMarkdown converts the groups of the design history's hub layout:
// each {title, description, items}, where items is a list of cards
// ({title or text, href, description, date, image: {src, alt}}) or the
// name of a collection ("collections.guide"), which signpost's section
// list replaces. It returns "" if no group holds anything to show.
func groupsMarkdown(p *page, f *field) string {
	groups := []*yaml.Node{f.node}
	if f.node.Kind == yaml.SequenceNode {
		groups = f.node.Content
	}
	var b strings.Builder
	shown, lists := false, 0
	for _, g := range groups {
		m := mapping(g)
		if m == nil {
			return ""
		}
		items := m["items"]
		cards := items != nil && items.Kind == yaml.SequenceNode
		title, desc := oneLine(scalar(m["title"])), strings.TrimSpace(scalar(m["description"]))
		if !cards && desc == "" {
			if items != nil {
				lists++
			}
			continue
		}
		shown = true
		if title != "" {
			fmt.Fprintf(&b, "## %s\n\n", title)
		}
		if desc != "" {
			b.WriteString(desc + "\n\n")
		}
		if !cards {
			continue
		}
		for _, it := range items.Content {
			im := mapping(it)
			if im == nil {
				if t := strings.TrimSpace(scalar(it)); t != "" {
					b.WriteString("- " + t + "\n\n")
				}
				continue
			}
			heading, href := scalar(im["title"]), scalar(im["href"])
			if heading == "" {
				heading = scalar(im["text"])
			}
			switch {
			case heading != "" && href != "":
				fmt.Fprintf(&b, "### [%s](%s)\n\n", escapeBrackets(oneLine(heading)), destText(href))
			case heading != "":
				fmt.Fprintf(&b, "### %s\n\n", oneLine(heading))
			}
			if img := mapping(im["image"]); img != nil && scalar(img["src"]) != "" {
				b.WriteString(imageMarkdown(scalar(img["alt"]), scalar(img["src"]), "") + "\n\n")
			}
			text := strings.TrimSpace(scalar(im["description"]))
			if d := strings.TrimSpace(scalar(im["date"])); d != "" {
				text = strings.TrimSpace("**" + humanDate(d) + ".** " + text)
			}
			if text != "" {
				b.WriteString(text + "\n\n")
			}
		}
	}
	if !shown {
		return "" // the field is dropped, and counted so
	}
	for range lists {
		p.log.change("hub groups that listed a collection dropped (signpost lists a section's pages itself)")
	}
	return strings.TrimSpace(b.String())
}

// humanDate writes a YYYY-MM-DD date as "4 April 2024", as NHS.UK does;
// anything else as it is.
func humanDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

// linksMarkdown converts a Material blog post's links: a list of
// {label: address} (or of {section: [{label: address}]}).
func linksMarkdown(p *page, f *field) string {
	if f.node.Kind == yaml.ScalarNode {
		v := strings.TrimSpace(f.node.Value)
		if v == "" {
			return ""
		}
		clean := strings.TrimSpace(strings.TrimSuffix(v, "-"))
		p.log.problem(f.line, groupMatter, "links: is one string (%s), not a list, probably because a - line below it is not indented; it is a one-link list now: check it", quoteSnippet(v))
		return "## Related links\n\n- <" + clean + ">"
	}
	if f.node.Kind != yaml.SequenceNode {
		return ""
	}
	var b strings.Builder
	b.WriteString("## Related links\n\n")
	var walk func(n *yaml.Node, indent string)
	walk = func(n *yaml.Node, indent string) {
		for _, it := range n.Content {
			switch it.Kind {
			case yaml.ScalarNode:
				b.WriteString(indent + "- <" + strings.TrimSpace(it.Value) + ">\n")
			case yaml.MappingNode:
				for i := 0; i+1 < len(it.Content); i += 2 {
					label, v := it.Content[i].Value, it.Content[i+1]
					if v.Kind == yaml.SequenceNode {
						b.WriteString(indent + "- " + label + "\n")
						walk(v, indent+"  ")
						continue
					}
					b.WriteString(indent + "- [" + escapeBrackets(label) + "](" + destText(scalar(v)) + ")\n")
				}
			}
		}
	}
	walk(f.node, "")
	return strings.TrimSpace(b.String())
}

// issueSheetMarkdown converts the NHSBSA playbook's document-control issue
// sheet into a table of its fields and a table of its revisions.
func issueSheetMarkdown(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	var b strings.Builder
	b.WriteString("## Issue sheet\n\n| Field | Value |\n| --- | --- |\n")
	var revisions *yaml.Node
	rows := 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		if k == "revisions" {
			revisions = v
			continue
		}
		val := scalar(v)
		if v.Kind != yaml.ScalarNode {
			val = oneLine(yamlText(v))
		}
		if val == "" {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s |\n", humanKey(k), cell(val))
		rows++
	}
	if revisions != nil && revisions.Kind == yaml.SequenceNode && len(revisions.Content) > 0 {
		var cols []string
		seen := map[string]bool{}
		for _, r := range revisions.Content {
			for _, k := range mappingKeys(r) {
				if !seen[k] {
					seen[k] = true
					cols = append(cols, k)
				}
			}
		}
		if len(cols) > 0 {
			if rows == 0 {
				b.Reset()
				b.WriteString("## Issue sheet\n\n")
			} else {
				b.WriteString("\n")
			}
			b.WriteString("### Revisions\n\n|")
			for _, c := range cols {
				b.WriteString(" " + humanKey(c) + " |")
			}
			b.WriteString("\n|" + strings.Repeat(" --- |", len(cols)) + "\n")
			for _, r := range revisions.Content {
				m := mapping(r)
				b.WriteString("|")
				for _, c := range cols {
					b.WriteString(" " + cell(scalar(m[c])) + " |")
				}
				b.WriteString("\n")
			}
			rows++
		}
	}
	if rows == 0 {
		return ""
	}
	return strings.TrimSpace(b.String())
}

// humanKey makes a field name a label: "issued_to" is "Issued to".
func humanKey(k string) string {
	s := strings.Join(strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(k)), " ")
	if s == "" {
		return k
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// cell escapes a value for a table cell.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}
