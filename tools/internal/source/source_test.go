package source

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestLoad: every shipped source has a title in each language, an address and a date; bad
// keys, titles, dates and addresses, and a missing address without a reason, are named at
// their lines.
func TestLoad(t *testing.T) {
	set, probs := Load(filepath.Join("..", "..", ".."))
	if len(probs) > 0 || len(set) < 10 {
		t.Fatalf("the shipped sources: %d, problems %v", len(set), probs)
	}
	for key, s := range set {
		for _, l := range Languages {
			if s.Title[l] == "" {
				t.Errorf("shipped source %s has no %s title", key, l)
			}
		}
		if s.URL == "" && s.NoURL == "" {
			t.Errorf("shipped source %s has no address and no reason", key)
		}
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, File), []byte(`good:
  title:
    kk: "Баяндама"
    ru: "Доклад"
    en: "A report"
  url: "https://example.kz/report"
  date: "2025"
no-date:
  title: {kk: "a", ru: "b", en: "c"}
  url: "https://example.kz/a"
Bad_Key:
  title: {kk: "a", ru: "b", en: "c"}
  url: "https://example.kz/b"
  date: "2024-01-01"
bad-date:
  title: {kk: "a", ru: "b", en: "c"}
  url: "https://example.kz/c"
  date: "01.02.2024"
bad-url:
  title: {kk: "a", ru: "b", en: "c"}
  date: "2024"
  url: "www.example.kz"
print-only:
  title: {kk: "a", ru: "b", en: "c"}
  no_url: "print edition only"
  date: "2024"
no-address:
  title: {kk: "a", ru: "b", en: "c"}
  date: "2024"
both:
  title: {kk: "a", ru: "b", en: "c"}
  url: "https://example.kz/d"
  no_url: "none"
  date: "2024"
one-title:
  title: "Only English"
  url: "https://example.kz/e"
  date: "2024"
no-kazakh:
  title:
    ru: "Доклад"
    en: "A report"
  url: "https://example.kz/f"
  date: "2024"
undated:
  title: {kk: "a", ru: "b", en: "c"}
  url: "https://example.kz/g"
  no_date: "the page shows no date"
dated-twice:
  title: {kk: "a", ru: "b", en: "c"}
  url: "https://example.kz/h"
  date: "2024"
  no_date: "none"
`), 0o644)
	set, probs = Load(dir)
	type at struct {
		code string
		line int
	}
	var got []at
	for _, p := range probs {
		got = append(got, at{p.Code, p.Line})
	}
	want := []at{
		{"source.no_date", 8},
		{"source.bad_key", 11},
		{"source.bad_date", 18},
		{"source.bad_url", 22},
		{"source.no_url", 27},
		{"source.url_and_no_url", 33},
		{"source.title_not_group", 36},
		{"source.title_missing_kk", 40},
		{"source.date_and_no_date", 53},
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems %v\nwant %v", got, want)
	}
	if g := set["good"]; g == nil || g.Date.String() != "2025" || g.TitleIn("ru") != "Доклад" || g.TitleIn("kk") != "Баяндама" {
		t.Errorf("good: %+v", g)
	}
	if n := set["no-kazakh"]; n == nil || n.TitleIn("kk") != "A report" {
		t.Errorf("no-kazakh: %+v", n)
	}
	if u := set["undated"]; u == nil || !u.Date.IsZero() || u.NoDate == "" {
		t.Errorf("undated: %+v", u)
	}
	if p := set["print-only"]; p == nil || p.NoURL != "print edition only" {
		t.Errorf("print-only: %+v", p)
	}
}
