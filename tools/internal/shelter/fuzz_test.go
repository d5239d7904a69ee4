package shelter

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// FuzzParse feeds the shelter loader and checks arbitrary bytes: no panic, and every
// problem points into the file.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../../../content/shelters/records/sample-almaty.md"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("---\nid: x\nphones:\n  - number: 8701\n    label: [a]\nverified: {date: 2020-01-01}\n---\n"))
	f.Add([]byte("---\nname: {kk: 1, ru: [x], en: {a: b}}\naddress_public: false\naddress: {kk: x}\n---\n"))
	regions := map[string]Region{"KZ-75": {Code: "KZ-75"}}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, probs := Parse("content/shelters/records/x.md", src)
		if s != nil {
			probs = append(probs, Check([]*Shelter{s}, regions, Options{Now: time.Now(), StaleAfter: time.Hour, Production: true})...)
		}
		lines := bytes.Count(src, []byte("\n")) + 2
		for _, p := range probs {
			if p.Line < 0 || p.Line > lines || p.Message == "" {
				t.Errorf("problem out of the file (%d lines): %+v", lines, p)
			}
		}
	})
}
