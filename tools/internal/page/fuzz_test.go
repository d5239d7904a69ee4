package page

import (
	"bytes"
	"testing"

	"kzportal.example/portal/tools/internal/problem"
)

// FuzzParse feeds the page loader arbitrary bytes: it must never panic, and every problem
// must point into the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\nid: rights\ntitle: \"x\"\n---\n## A {#a}\n[x](/help/#now)\n"))
	f.Add([]byte("---\ntranslation:\n  source: en\n  reviewed: [\n---\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\nid: x\r\n---\r\n# H1\r\n<b>x</b>\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		pg, probs := Parse("content/x/index.en.md", "en", "x", src)
		lines := bytes.Count(src, []byte("\n")) + 2
		for _, p := range probs {
			if p.Line < 0 || p.Line > lines || problem.English.Message(p) == "" {
				t.Errorf("problem out of the file (%d lines): %+v", lines, p)
			}
		}
		if pg != nil {
			for _, s := range pg.Sections {
				if s.Line < 1 || s.Line > lines {
					t.Errorf("section line %d out of %d", s.Line, lines)
				}
			}
			Hash(pg)
		}
	})
}
