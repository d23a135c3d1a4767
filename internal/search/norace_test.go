//go:build !race

package search

// raceEnabled reports that the race detector is on.
const raceEnabled = false
