package search

import (
	"bytes"
	"context"
	"testing"
)

func TestCacheGivesTheSameIndex(t *testing.T) {
	docs := append(fixtureDocs(t), syntheticDocs(100, 11)...)
	c := &Cache{}
	if _, err := Build(context.Background(), docs, Options{Cache: c}); err != nil {
		t.Fatal(err)
	}
	edited := append([]Doc(nil), docs[1:]...) // one page removed
	edited[0].Sections = append([]Section{{Text: "A new opening paragraph about telehealth."}}, edited[0].Sections...)
	edited[5].Title = "A retitled page"
	edited = append(edited, syntheticDocs(1, 12)[0])
	edited[len(edited)-1].URL = "/articles/new-page/"
	for round := range 2 {
		cached, err := Build(context.Background(), edited, Options{Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		clean, err := Build(context.Background(), edited, Options{})
		if err != nil {
			t.Fatal(err)
		}
		a, b := cached.Files(), clean.Files()
		if len(a) != len(b) {
			t.Fatalf("round %d: %d files with the cache, %d without", round, len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("round %d: %s differs with the cache", round, a[i].Path)
			}
		}
	}
	if len(c.pages) != len(edited) {
		t.Errorf("cache keeps %d pages, want the %d of the last build", len(c.pages), len(edited))
	}
}
