package search

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"io/fs"
)

func vocabStats(t *testing.T, name string, texts []string) {
	df := map[string]int{}
	for _, tx := range texts {
		seen := map[string]bool{}
		for _, tok := range Tokenize(tx) {
			if isLatin(tok.Word) && len(tok.Word) >= 4 && !seen[tok.Word] {
				seen[tok.Word] = true
				df[tok.Word]++
			}
		}
	}
	var words []string
	n1 := 0
	for w, n := range df {
		words = append(words, w)
		if n == 1 {
			n1++
		}
	}
	sort.Strings(words)
	// front-coded
	var b bytes.Buffer
	prev := ""
	for _, w := range words {
		p := 0
		for p < len(prev) && p < len(w) && prev[p] == w[p] {
			p++
		}
		b.WriteByte(byte(p))
		b.WriteString(w[p:])
		b.WriteByte(0)
		prev = w
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, 9)
	zw.Write(b.Bytes())
	zw.Close()
	first := map[byte]int{}
	for _, w := range words {
		first[w[0]]++
	}
	t.Logf("%s: %d docs, %d words (df=1: %d), front-coded %d bytes, gzip %d (%.2f B/word); biggest letter %d", name, len(texts), len(words), n1, b.Len(), gz.Len(), float64(gz.Len())/float64(len(words)), maxv(first))
}
func maxv(m map[byte]int) int { x := 0; for _, v := range m { x = max(x, v) }; return x }

func TestZZVocab(t *testing.T) {
	var texts []string
	for _, d := range syntheticDocs(10000, 1) {
		s := d.Title + " " + d.Summary + " " + strings.Join(d.Tags, " ") + " " + strings.Join(d.People, " ")
		for _, sec := range d.Sections {
			s += " " + sec.Heading + " " + sec.Text
		}
		texts = append(texts, s)
	}
	vocabStats(t, "synthetic10k", texts)
	for _, c := range []string{"nhsbsa-digital-playbook", "nhs-prevention-design-history", "nhsengland-datascience"} {
		var tx []string
		filepath.WalkDir("/work/shared/corpora/"+c, func(p string, d fs.DirEntry, err error) error {
			if strings.HasSuffix(p, ".md") {
				b, _ := os.ReadFile(p)
				tx = append(tx, string(b))
			}
			return nil
		})
		vocabStats(t, c, tx)
		texts = append(texts, tx...)
	}
}
