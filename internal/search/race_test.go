//go:build race

package search

// raceEnabled reports that the race detector is on: it makes sync.Pool
// drop what is put in it, and so allocations are not what a build makes.
const raceEnabled = true
