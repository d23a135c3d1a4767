package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/components")

// filesSite is testSite with what the build knows of its files.
type filesSite struct {
	site
	files map[string]FileInfo
}

func (s filesSite) FileInfo(file string) (FileInfo, bool) {
	i, ok := s.files[file]
	return i, ok
}

var componentSite = filesSite{
	site: site{
		"content/articles/a.md":         "/articles/a/",
		"content/strategy/plan.md":      "/strategy/plan/",
		"content/articles/diagram.png":  "/articles/diagram.png",
		"content/articles/logo.svg":     "/articles/logo.svg",
		"content/articles/odd.png":      "/articles/odd.png",
		"content/articles/report.pdf":   "/articles/report.pdf",
		"content/articles/form.docx":    "/articles/form.docx",
		"content/articles/figures.xlsx": "/articles/figures.xlsx",
		"content/articles/data.csv":     "/articles/data.csv",
		"content/articles/notes.txt":    "/articles/notes.txt",
	},
	files: map[string]FileInfo{
		"content/articles/diagram.png":  {Size: 20_000, Width: 640, Height: 480},
		"content/articles/logo.svg":     {Size: 900, Width: 200, Height: 80},
		"content/articles/odd.png":      {Size: 12},
		"content/articles/report.pdf":   {Size: 2_200_000},
		"content/articles/form.docx":    {Size: 260_000},
		"content/articles/figures.xlsx": {Size: 700},
		"content/articles/data.csv":     {Size: 3000},
		"content/articles/notes.txt":    {Size: 10},
	},
}

// componentCases are the golden tests of the NHS.UK components: each
// renders src and compares the HTML and the findings with
// testdata/components/<name>.golden.
var componentCases = []struct {
	name      string
	src       string
	allowHTML bool
}{
	// Alerts.
	{"alert-note", "> [!NOTE]\n> You can report any suspected side effect.\n", false},
	{"alert-tip", "> [!TIP]\n> Keep it short.\n>\n> Second paragraph.\n", false},
	{"alert-note-heading", "## Section\n\n> [!note] Before you start\n> Read the guidance.\n", false},
	{"alert-important", "> [!IMPORTANT]\n> Back up your files.\n", false},
	{"alert-warning-heading", "## Smartcards\n\n> [!WARNING] Keep your *smartcard* safe\n> Do not share it.\n", false},
	{"alert-heading-important", "> [!CAUTION] Important: read this\n> Text.\n", false},
	{"alert-heading-only", "> [!WARNING] Never share your password\n", false},
	{"alert-unknown", "Intro.\n\n> [!DANGER]\n> Shown as a quote.\n", false},
	{"alert-not-marker", "> [!NOTE]x is not a marker\n\n> [ !NOTE] nor this\n", false},
	{"alert-in-list", "- item\n\n  > [!TIP]\n  > Inside a list.\n", false},
	{"alert-nested-quote", "> Quoted.\n>\n> > [!NOTE]\n> > Nested alert.\n", false},
	// Containers.
	{"details", "::: details Where can I find my NHS number?\nAn NHS number is a 10 digit number.\n\n- on a letter\n- in the app\n:::\n", false},
	{"details-no-summary", ":::details\nBody.\n:::\n", false},
	{"inset", "::: inset\nYou can report any suspected side effect.\n:::\n", false},
	{"inset-heading", "::: inset Good to know\nText.\n:::\n", false},
	{"warning", "## Passwords\n\n::: warning Keep your password safe\nNever write it down.\n:::\n", false},
	{"warning-no-heading", "::: warning\nNever write it down.\n:::\n", false},
	{"card", "::: card Leadership\nWhat leaders do.\n:::\n", false},
	{"card-link", "## Related\n\n::: card [The plan](../strategy/plan.md)\nWhat the plan says.\n:::\n", false},
	{"card-link-with-links", "::: card [The plan](../strategy/plan.md)\nSee also [A](a.md).\n:::\n", false},
	{"card-no-heading", "::: card\nJust text.\n:::\n", false},
	{"do", "## Blisters\n\n::: do\n- cover blisters with a soft plaster\n- wash your hands\n:::\n", false},
	{"dont", "::: dont\n- burst a blister yourself\n- do not peel the skin\n- Don't pick at it\n:::\n", false},
	{"dont-apostrophe", "::: don't What to avoid\n- share passwords\n:::\n", false},
	{"do-loose-list", "::: do\n- one\n\n- two\n:::\n", false},
	{"do-no-list", "::: do\nA paragraph, not a list.\n:::\n", false},
	{"nested-more-colons", ":::: card Outer\n::: details Inner\nText.\n:::\n::::\n\nAfter.\n", false},
	{"nested-same-colons", "::: warning Outer\n::: details Inner\nText.\n:::\nStill outer.\n:::\n", false},
	{"nested-three", "::::: inset\n:::: card Card\n::: details More\nDeep.\n:::\n::::\n:::::\n", false},
	{"markdown-it-nesting", "::: details Skills\n::: card\n### Matrix\nText.\n:::\n\n## After\n\nOutside.\n", false},
	{"markdown-it-nesting-unclosed", "::: details A\n::: card B\nx\n:::\n\n::: inset\nnever closed\n", false},
	{"fence-in-code", "::: details Code\n```\n:::\n```\n:::\n", false},
	{"unknown-container", "::: note Remember\nShown all the same.\n:::\n", false},
	{"unknown-container-typo", "::: detials Summary\nText.\n:::\n", false},
	{"unclosed", "Intro.\n\n::: details Open\nNever closed.\n", false},
	{"stray-fence", "Text.\n\n:::\n", false},
	{"pandoc-closing-colons", "::: inset :::\nText.\n:::\n", false},
	{"heading-levels", "::: warning First\nA.\n:::\n\n## Two\n\n::: warning Second\nB.\n:::\n\n### Three\n\n::: do\n- c\n:::\n", false},
	// Images.
	{"figure", "![A ward team](diagram.png \"The team on ward 4\")\n", false},
	{"figure-no-caption", "![A ward team](diagram.png)\n", false},
	{"figure-svg-lazy", "![First](diagram.png)\n\n![Logo of the trust](logo.svg \"Second, lazy\")\n", false},
	{"image-inline", "Text ![icon](diagram.png) text.\n", false},
	{"image-decorative", "![\"\"](logo.svg)\n", false},
	{"image-no-alt", "![](diagram.png \"A caption is not alt text\")\n", false},
	{"image-unknown-size", "![Odd](odd.png)\n\n![Far away](https://www.nhs.uk/x.png)\n", false},
	// Document links.
	{"document-links", "[Annual report](report.pdf), [the form](form.docx), [figures](figures.xlsx), [data](data.csv), [notes](notes.txt).\n", false},
	{"document-labelled", "[Annual report (PDF, 2 MB)](report.pdf)\n", false},
	// Tables.
	{"table-caption-after", "| Symptom | Cause |\n| --- | ---: |\n| Rash | Allergy |\n\nTable: Skin *symptoms*\n", false},
	{"table-caption-before", "Table: Before the table\n\n| a | b |\n| - | - |\n| 1 | 2 |\n", false},
	{"table-no-caption", "| a | b |\n| :-: | - |\n| 1 | 2 |\n\n| c |\n| - |\n", false},
	{"table-caption-alone", "Table:\n\n| a |\n| - |\n| 1 |\n", false},
	// Raw HTML.
	{"html-dropped", "<details><summary>S</summary>\n\nBody\n\n</details>\n\nText <b>bold</b> and <b>more</b>.\n\nLine<br>\nLine<br>\n\n<!-- a note to editors -->\n\n<iframe src=\"https://example.org\"></iframe>\n", false},
	{"html-dropped-div", "<div class=\"nhsuk-inset-text\">\nInset\n</div>\n", false},
	{"html-sanitised", "<details open><summary>S</summary>\n\nBody\n\n</details>\n\n<script>alert(1)</script>\n\nText <b onclick=\"x()\" style=\"color:red\">bold</b> <a href=\"javascript:x\">a</a> <font>old</font>\n", true},
}

func TestComponents(t *testing.T) {
	plain, withHTML := New(Options{}), New(Options{AllowHTML: true})
	for _, tt := range componentCases {
		t.Run(tt.name, func(t *testing.T) {
			r := plain
			if tt.allowHTML {
				r = withHTML
			}
			res, err := r.Render(Doc{File: "content/articles/a.md", URL: "/articles/a/", Body: []byte(tt.src), BodyLine: 10, Resolver: componentSite})
			if err != nil {
				t.Fatal(err)
			}
			got := "-- markdown --\n" + tt.src + "-- html --\n" + res.HTML + "-- findings --\n" + diags(res.Diags)
			for _, l := range res.Links {
				if l.NoAlt {
					got += "(image without alt text on line " + strconv.Itoa(l.Line) + ")\n"
				}
			}
			file := filepath.Join("testdata", "components", tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/markdown -run TestComponents -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run with -update if the change is intended):\n%s", file, firstDifference(string(want), got))
			}
		})
	}
}

func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) && i < len(gl); i++ {
		if wl[i] != gl[i] {
			return "line " + strconv.Itoa(i+1) + "\nwant: " + wl[i] + "\n got: " + gl[i]
		}
	}
	return "one is a prefix of the other:\n" + got
}

// TestComponentFindings checks the exact messages authors see, with the
// file and line.
func TestComponentFindings(t *testing.T) {
	r := New(Options{})
	for _, tt := range []struct{ src, want string }{
		{"Intro.\n\n> [!DANGER]\n> x\n", "content/articles/a.md:12: warning: unknown alert marker [!DANGER]: the quote is shown as a plain quote; the known markers are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and [!CAUTION]\n    hint: write one of the markers signpost knows, or remove the marker\n"},
		{"\n::: tip\nx\n:::\n", "content/articles/a.md:11: warning: unknown container ::: tip: its content is shown without the component\n    hint: write ::: inset (or > [!TIP])\n"},
		{"::: detail\nx\n:::\n", "content/articles/a.md:10: warning: unknown container ::: detail: its content is shown without the component\n    hint: did you mean ::: details? The known containers are details, inset, warning, card, do and dont\n"},
		{"a\n\n::: details S\nx\n", "content/articles/a.md:12: warning: ::: details is not closed: it ends at the end of the page, or of the list or quote it is in\n    hint: end it with a line of :::\n"},
		{"::: dont\nx\n:::\n", "content/articles/a.md:10: warning: ::: dont holds no list: a do or don't list is a Markdown list\n    hint: put the points in a list, one per line starting with - \n"},
		{"x\n\n<details><summary>S</summary>\n\nBody\n\n</details>\n", "content/articles/a.md:12: warning: raw HTML <details> dropped, with any text inside it: raw HTML is not published\n    hint: write a details component instead: \"::: details Summary text\", the content, then \":::\", or set markdown.allow_html = true in signpost.toml to publish it sanitised\n"},
		{"a <b>b</b>\n\nc <b>d</b>\n", "content/articles/a.md:10: warning: raw HTML <b> dropped (the text beside it is kept): raw HTML is not published (also on line 12)\n"},
	} {
		res, err := r.Render(Doc{File: "content/articles/a.md", Body: []byte(tt.src), BodyLine: 10, Resolver: componentSite})
		if err != nil {
			t.Fatal(err)
		}
		if got := diags(res.Diags); !strings.Contains(got, tt.want) {
			t.Errorf("%q:\n got: %s\nwant: %s", tt.src, got, tt.want)
		}
	}
}
