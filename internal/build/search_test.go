package build

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/signpost-kb/signpost/internal/config"
	"github.com/signpost-kb/signpost/internal/diag"
)

func TestSearchSynonyms(t *testing.T) {
	override := fstest.MapFS{"themes/nhs/data/synonyms.txt": {Data: []byte("# ours\nEPR, electronic patient record\nIT, information technology\nlonely\n")}}
	tests := []struct {
		name     string
		site     fstest.MapFS
		toml     string
		groups   int      // at least this many
		exactly  bool     // and no more
		warnings []string // file:line code, in order
	}{
		{"the theme's list", fstest.MapFS{}, "", 40, false, nil},
		{"switched off", fstest.MapFS{}, "[search]\ndefault_synonyms = false\n", 0, true, nil},
		{"the site's own too", fstest.MapFS{}, "[search]\nsynonyms = [[\"ESR\", \"electronic staff record\"], [\"&&\", \"x\"]]\n", 41, false,
			[]string{"signpost.toml:0 search-synonyms"}},
		{"a site's copy of the file", override, "", 1, true,
			[]string{"themes/nhs/data/synonyms.txt:3 search-synonyms", "themes/nhs/data/synonyms.txt:4 search-synonyms"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, cl := config.Parse([]byte(tt.toml))
			if cl.HasErrors() {
				t.Fatal(cl)
			}
			theme, tl := loadTheme(cfg, tt.site, nil)
			if theme == nil {
				t.Fatal(tl)
			}
			groups, l := searchSynonyms(cfg, theme)
			if len(groups) < tt.groups || tt.exactly && len(groups) != tt.groups {
				t.Errorf("%d groups, want %d (exactly %v)", len(groups), tt.groups, tt.exactly)
			}
			var got []string
			for _, d := range l {
				if d.Severity != diag.Warning {
					t.Errorf("not a warning: %v", d)
				}
				got = append(got, d.File+":"+strconv.Itoa(d.Line)+" "+d.Code.String())
			}
			if strings.Join(got, "|") != strings.Join(tt.warnings, "|") {
				t.Errorf("findings %q, want %q", got, tt.warnings)
			}
		})
	}
}
