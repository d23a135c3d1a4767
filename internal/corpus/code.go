package corpus

import "strings"

// snippet is a fenced-code-block template in one language. Placeholders are
// written {{name}} and filled by expandSnippet: n (a noun), Adj (an adjective,
// capitalised), prod (a product), k and k2 (numbers), first and last (a
// person's names) and place (a place, lower case).
type snippet struct{ lang, text string }

// snippets returns the code-block templates, one per language.
func snippets() []snippet {
	return []snippet{
		{"python", `import json
from datetime import date


def load_{{n}}(path: str) -> list[dict]:
    """Load {{n}} records exported from the {{prod}} interface."""
    with open(path, encoding="utf-8") as fh:
        rows = json.load(fh)
    return [r for r in rows if r.get("status") == "active" and r["count"] > {{k}}]


if __name__ == "__main__":
    print(len(load_{{n}}("{{n}}-{{k}}.json")), "records on", date.today())
`},
		{"sql", `-- {{Adj}} {{n}} extract for the {{prod}} dashboard
SELECT o.ods_code,
       COUNT(*)            AS {{n}}_count,
       AVG(r.wait_days)    AS mean_wait
FROM   referrals r
JOIN   organisations o ON o.id = r.org_id
WHERE  r.created_at >= DATE '2023-04-01'
  AND  r.priority IN ('urgent', 'two-week-wait')
GROUP  BY o.ods_code
HAVING COUNT(*) > {{k}}
ORDER  BY mean_wait DESC;
`},
		{"json", `{
  "resourceType": "Patient",
  "id": "{{n}}-{{k}}",
  "identifier": [{
    "system": "https://fhir.nhs.uk/Id/nhs-number",
    "value": "943{{k}}7021"
  }],
  "name": [{ "family": "{{last}}", "given": ["{{first}}"] }],
  "managingOrganization": { "display": "{{prod}}" }
}
`},
		{"yaml", `# {{prod}} integration settings
service: {{n}}-sync
schedule: "*/{{k2}} * * * *"
source:
  type: fhir
  base_url: https://{{place}}.example.nhs.uk/fhir/R4
  resources: [Patient, Encounter, Observation]
target:
  type: warehouse
  table: {{n}}_events
retry:
  attempts: 3
  backoff_seconds: {{k}}
`},
		{"bash", `#!/usr/bin/env bash
# Nightly {{n}} export for {{prod}}
set -euo pipefail
OUT="/srv/exports/{{n}}-$(date +%F).csv"
psql "$DATABASE_URL" -c "\\copy ({{n}}_view) TO '$OUT' CSV HEADER"
gzip -f "$OUT"
echo "exported $(zcat "$OUT.gz" | wc -l) rows (threshold {{k}})"
`},
		{"go", "package {{n}}\n\nimport \"time\"\n\n" +
			"// Event is one {{n}} message received from {{prod}}.\n" +
			"type Event struct {\n" +
			"\tID        string    `json:\"id\"`\n" +
			"\tReceived  time.Time `json:\"received\"`\n" +
			"\tPriority  int       `json:\"priority\"`\n" +
			"}\n\n" +
			"// Urgent reports whether the event must be handled within {{k}} minutes.\n" +
			"func (e Event) Urgent() bool {\n" +
			"\treturn e.Priority >= 2 && time.Since(e.Received) < {{k}}*time.Minute\n" +
			"}\n"},
		{"javascript", "// Poll the {{prod}} API and render {{n}} alerts\n" +
			"async function fetchAlerts(since) {\n" +
			"  const res = await fetch(`/api/{{n}}/alerts?since=${since}&limit={{k}}`);\n" +
			"  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n" +
			"  const alerts = await res.json();\n" +
			"  return alerts.filter((a) => a.severity !== \"info\");\n" +
			"}\n"},
	}
}

// expand appends text to b with every placeholder open+name+close replaced
// by its value from f. An unknown or unclosed placeholder is copied as is.
func expand(b []byte, text, open, close string, f *fill) []byte {
	for {
		i := strings.Index(text, open)
		if i < 0 {
			return append(b, text...)
		}
		j := strings.Index(text[i+len(open):], close)
		if j < 0 {
			return append(b, text...)
		}
		end := i + len(open) + j + len(close)
		b = append(b, text[:i]...)
		if v, ok := f.get(text[i+len(open) : i+len(open)+j]); ok {
			b = append(b, v...)
		} else {
			b = append(b, text[i:end]...)
		}
		text = text[end:]
	}
}

// fill holds the values for template placeholders.
type fill struct {
	np, n, n2, adj, role            string // headings and questions
	prod, k, k2, first, last, place string // code snippets
}

// get returns the value of placeholder name; Adj is adj capitalised.
func (f *fill) get(name string) (string, bool) {
	switch name {
	case "np":
		return f.np, true
	case "n":
		return f.n, true
	case "n2":
		return f.n2, true
	case "adj":
		return f.adj, true
	case "Adj":
		return capitalise(f.adj), true
	case "role":
		return f.role, true
	case "prod":
		return f.prod, true
	case "k":
		return f.k, true
	case "k2":
		return f.k2, true
	case "first":
		return f.first, true
	case "last":
		return f.last, true
	case "place":
		return f.place, true
	}
	return "", false
}

// capitalise returns s with its first byte in upper case (s is ASCII).
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
