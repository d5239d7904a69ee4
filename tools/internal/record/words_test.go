package record

import (
	"slices"
	"testing"
)

// TestWordsNameCodes: every word leads to a code of its vocabulary, and no word means two codes.
func TestWordsNameCodes(t *testing.T) {
	vocab := map[string][]string{"serves": Serves, "services": Services, "languages": Spoken, "status": Statuses, "funding": Fundings}
	for key, codes := range words {
		seen := map[string]string{}
		for code, forms := range codes {
			if !slices.Contains(vocab[key], code) {
				t.Errorf("%s: %s is not a code of the vocabulary", key, code)
			}
			for _, f := range forms {
				if other, ok := seen[f]; ok {
					t.Errorf("%s: %q means both %s and %s", key, f, other, code)
				}
				seen[f] = code
				if got, ok := codeFor(key, f, vocab[key]); !ok || got != code {
					t.Errorf("%s: codeFor(%q) = %q, want %s", key, f, got, code)
				}
			}
		}
	}
	for _, tt := range []struct{ key, word, want string }{
		{"serves", "Женщины", "women"}, {"serves", "  дети ", "children"}, {"services", "Переводчик", "interpreting"},
		{"languages", "RU", "ru"}, {"services", "жильё", "accommodation"},
	} {
		if got, _ := codeFor(tt.key, tt.word, vocab[tt.key]); got != tt.want {
			t.Errorf("codeFor(%s, %q) = %q, want %s", tt.key, tt.word, got, tt.want)
		}
	}
}
