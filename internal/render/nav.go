package render

import (
	"strings"
	"unicode/utf8"
)

// NavItem is a link of the header navigation.
type NavItem struct {
	Title string
	URL   string
	// Fits is the narrowest layout whose header bar has room for the link
	// (and every link before it): 0 every width, 1 from the tablet
	// breakpoint (40.0625em), 2 from the desktop one (64em), 3 none. Below
	// that layout the link is under the "More" control instead, which
	// works without JavaScript (a details element), as NHS.UK's header
	// collapses its navigation: never into rows that push the page down.
	Fits int
}

// The widths, in CSS pixels at the default font size, that the theme's
// header bar gives its links at the narrowest width of each layout: 320
// px less its margins, the tablet breakpoint (641 px) less its margins,
// and the width of the page (60rem) on a desktop. site.css's
// .nhsuk-header__navigation rules are laid out for them.
var navWidths = [...]float64{320 - 2*16, 641 - 2*16, 960}

const (
	navGap  = 24 // between two links (1.5rem)
	navMore = 72 // the "More" control with its chevron
	navFont = 16 // links are 1rem bold
	// navSlack makes the estimate of a title's width err on the wide
	// side: a link that would overflow by a few pixels wraps the bar.
	navSlack = 1.1
)

// FitNav works out which layout each link of a header navigation with the
// titles titles first fits in (NavItem.Fits). The widths of the titles
// are estimated from the widths of Arial Bold's letters, the theme's
// font, so that the page needs no script to measure them: links are
// never cut or run onto a second row, only moved under "More" sooner
// than a browser might need to.
func FitNav(titles []string) []int {
	widths := make([]float64, len(titles))
	for i, t := range titles {
		widths[i] = textWidth(t)*navFont*navSlack + 2 // the focus ring's room
	}
	fits := make([]int, len(titles))
	for i := range fits {
		fits[i] = len(navWidths)
	}
	for layout := len(navWidths) - 1; layout >= 0; layout-- {
		n := fitting(widths, navWidths[layout])
		for i := range n {
			fits[i] = layout
		}
	}
	return fits
}

// fitting returns how many of the links, of widths w, the bar of width
// room shows: all of them if they fit, or else as many as fit beside the
// "More" control.
func fitting(w []float64, room float64) int {
	total := 0.0
	for i, x := range w {
		if i > 0 {
			total += navGap
		}
		total += x
	}
	if total <= room {
		return len(w)
	}
	used := float64(navMore)
	for i, x := range w {
		if used+navGap+x > room {
			return i
		}
		used += navGap + x
	}
	return len(w)
}

// textWidth estimates the width of s set in Arial Bold, in ems.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("iljI.,:;'!|", r):
			w += .28
		case r == ' ':
			w += .28
		case strings.ContainsRune("ftr()-", r):
			w += .39
		case strings.ContainsRune("mwMW", r):
			w += .92
		case r >= 'A' && r <= 'Z':
			w += .74
		case r >= '0' && r <= '9':
			w += .56
		case r < utf8.RuneSelf:
			w += .61
		default:
			w += .7
		}
	}
	return w
}

// NavMore is the widest layout at which the header shows its "More"
// control: the most any link's Fits is, or 0 when every link fits at
// every width and there is no "More".
func (s *Site) NavMore() int {
	m := 0
	for _, n := range s.Nav {
		m = max(m, n.Fits)
	}
	return m
}

// NavCurrent returns the URL of the menu item of the page: the page's own,
// or else the one whose section the page is in (the longest that holds
// the page's path), or "" when the menu has neither. With NavExact, it
// is what partials/header.html varies with.
func (d *Data) NavCurrent() string {
	best := ""
	for _, l := range d.Site.Nav {
		switch {
		case l.URL == d.Path:
			return l.URL
		case l.URL != "/" && strings.HasSuffix(l.URL, "/") && strings.HasPrefix(d.Path, l.URL) && len(l.URL) > len(best):
			best = l.URL
		}
	}
	return best
}

// NavExact reports whether the page is the one its menu item links to,
// rather than a page in its section.
func (d *Data) NavExact() bool { return d.NavCurrent() == d.Path }
