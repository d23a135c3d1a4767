package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// editMarker opens the paragraph Edit appends to a page.
const editMarker = "\n\nRevision "

// Edit makes a small, deterministic edit to the page at rel (slash-separated
// and relative to root, e.g. Stats.FirstArticle), for rebuild benchmarks that
// edit one file repeatedly: it appends to the body a last paragraph
// "Revision n: <a sentence drawn from n>.", replacing the one an earlier Edit
// appended, and leaves the front matter alone. So the file depends only on
// the page as generated and n: distinct n give distinct bytes (the body's
// text and words change), the same n gives the same bytes, and the file's
// size stays within a few dozen bytes of the original however often it is
// edited.
//
// The file is rewritten in place, as an editor saving over it would, which a
// watcher sees as a write; it is not renamed over.
func Edit(root, rel string, n int) error {
	path := filepath.Join(root, filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(data, []byte("---\n")) || !bytes.HasSuffix(data, []byte("\n")) {
		return fmt.Errorf("corpus: %s: not a generated page (want front matter first and a final newline)", path)
	}
	if i := bytes.LastIndex(data, []byte(editMarker)); i >= 0 && !bytes.Contains(data[i+2:], []byte("\n\n")) {
		data = data[:i+1] // keep the body's final newline
	}
	data = append(data, editMarker[1:]...)
	data = strconv.AppendInt(data, int64(n), 10)
	data = append(data, ": "...)
	data = appendEditSentence(data, n)
	data = append(data, '\n')
	return os.WriteFile(path, data, 0o644)
}

// appendEditSentence appends a sentence drawn from n alone: "The <adj>
// <noun> <verb> the <adj> <noun> <preposition> <place>."
func appendEditSentence(b []byte, n int) []byte {
	r := rand.New(rand.NewPCG(splitmix(uint64(n)), uint64(n)))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	adjs, nouns := words(adjectiveWords), words(nounWords)
	place := capitalise(pick(words(placeFirstWords)) + pick(words(placeSecondWords)))
	b = append(append(b, "The "...), pick(adjs)...)
	b = append(append(b, ' '), pick(nouns)...)
	b = append(append(b, ' '), pick(words(verbWords))...)
	b = append(append(b, " the "...), pick(adjs)...)
	b = append(append(b, ' '), pick(nouns)...)
	b = append(append(b, ' '), pick(words(prepositionWords))...)
	b = append(append(b, ' '), place...)
	return append(b, '.')
}
