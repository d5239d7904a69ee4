package source

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestLoad: every source has a title and a date; bad keys, dates and addresses are named at
// their lines.
func TestLoad(t *testing.T) {
	set, probs := Load(filepath.Join("..", "..", ".."))
	if len(probs) > 0 || len(set) < 10 {
		t.Fatalf("the shipped sources: %d, problems %v", len(set), probs)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, File), []byte(`good:
  title: "A report"
  date: "2025"
no-date:
  title: "Another"
Bad_Key:
  title: "x"
  date: "2024-01-01"
bad-date:
  title: "y"
  date: "01.02.2024"
bad-url:
  title: "z"
  date: "2024"
  url: "www.example.kz"
`), 0o644)
	set, probs = Load(dir)
	var got []string
	for _, p := range probs {
		got = append(got, p.Code)
	}
	want := []string{"source.no_date", "source.bad_key", "source.bad_date", "source.bad_url"}
	if !slices.Equal(got, want) || probs[0].Line != 4 || probs[2].Line != 11 || !set.Has("good") || set["good"].Date.String() != "2025" {
		t.Errorf("problems %v (%v), want %v", got, probs, want)
	}
}
