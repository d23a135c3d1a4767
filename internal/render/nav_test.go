package render

import (
	"slices"
	"testing"
)

func TestFitNav(t *testing.T) {
	for _, tt := range []struct {
		titles []string
		want   []int
	}{
		// Today's default menu: at 320 px two fit beside More.
		{[]string{"Articles", "Interviews", "Strategy", "Topics", "Organisations"}, []int{0, 0, 1, 1, 1}},
		{[]string{"Home", "News"}, []int{0, 0}},
		{nil, []int{}},
		// A title too long for any bar is always under More, and so is
		// everything after it.
		{[]string{"Guides", "A very long section title that could never fit in any header bar at all, however wide the window is made to be", "About"}, []int{0, 3, 3}},
		{[]string{"Guides", "Policies and procedures", "Forms and templates", "Training and development", "Teams", "Organisations", "Topics"}, []int{0, 1, 2, 2, 2, 3, 3}},
	} {
		if got := FitNav(tt.titles); !slices.Equal(got, tt.want) {
			t.Errorf("FitNav(%q) = %v, want %v", tt.titles, got, tt.want)
		}
	}
}

func TestNavCurrent(t *testing.T) {
	site := &Site{Nav: []NavItem{{Title: "Home", URL: "/"}, {Title: "Guides", URL: "/guides/"}, {Title: "Email", URL: "/guides/email/"}, {Title: "About", URL: "/about/"}}}
	for path, want := range map[string][2]any{
		"/":                  {"/", true},
		"/guides/":           {"/guides/", true},
		"/guides/printing/":  {"/guides/", false},
		"/guides/email/":     {"/guides/email/", true},
		"/guides/email/sub/": {"/guides/email/", false},
		"/tags/x/":           {"", false},
		"/guides/page/2/":    {"/guides/", false},
		"/about-this-site/":  {"", false},
	} {
		d := &Data{Site: site, Path: path}
		if got := [2]any{d.NavCurrent(), d.NavExact()}; got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}
