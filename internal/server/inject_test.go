package server

import "testing"

func TestInject(t *testing.T) {
	const tag = "<script src=x></script>"
	tests := []struct{ page, want string }{
		{"<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + tag + "</body></html>"},
		{"<BODY>x</BODY>", "<BODY>x" + tag + "</BODY>"},
		{"<body>x</Body >\n", "<body>x" + tag + "</Body >\n"},
		{"<body>x</body\n>", "<body>x" + tag + "</body\n>"},
		{"<body>x</body", "<body>x" + tag + "</body"},
		{"<p>no body</p>", "<p>no body</p>" + tag},
		{"", tag},
		{"<body><script>s = '</body>'</script></body>", "<body><script>s = '</body>'</script>" + tag + "</body>"},
		{"<body>x</body></html><!-- </bodyx> --></x>", "<body>x" + tag + "</body></html><!-- </bodyx> --></x>"},
		{"<body>x</bodyx>", "<body>x</bodyx>" + tag},
		{"</", "</" + tag},
		{"</bod", "</bod" + tag},
	}
	for _, tt := range tests {
		page := []byte(tt.page)
		if got := string(inject(page, []byte(tag))); got != tt.want {
			t.Errorf("inject(%q) = %q; want %q", tt.page, got, tt.want)
		}
		if string(page) != tt.page {
			t.Errorf("inject modified its input %q", tt.page)
		}
	}
}

func TestIsHTML(t *testing.T) {
	for name, want := range map[string]bool{
		"index.html": true, "a/b.HTM": true, "404.html": true,
		"site.css": false, "feed.xml": false, "html": false, "x.html.gz": false,
	} {
		if got := isHTML(name); got != want {
			t.Errorf("isHTML(%q) = %v; want %v", name, got, want)
		}
	}
}

func FuzzInject(f *testing.F) {
	for _, s := range []string{"<body></body>", "</BODY >", "</body", "", "</</body>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		const tag = "<TAG>"
		got := string(inject([]byte(page), []byte(tag)))
		if len(got) != len(page)+len(tag) {
			t.Fatalf("length %d, want %d", len(got), len(page)+len(tag))
		}
		// The tag sits just before the last </body, or at the end.
		if i := lastBodyClose([]byte(got)); i >= 0 {
			if i < len(tag) || got[i-len(tag):i] != tag {
				t.Fatalf("tag not just before the last </body in %q", got)
			}
		} else if got[len(got)-len(tag):] != tag {
			t.Fatalf("tag not at the end of %q", got)
		}
	})
}
