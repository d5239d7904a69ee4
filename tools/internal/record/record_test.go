package record

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/source"
)

var root = filepath.Join("..", "..", "..")

// now is a fixed day, so that these tests do not start failing as time passes.
var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func load(t *testing.T) (map[string]Region, source.Set) {
	t.Helper()
	regions, err := LoadRegions(root)
	if err != nil {
		t.Fatal(err)
	}
	sources, probs := source.Load(root)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return regions, sources
}

// TestExampleShowsEveryField: the documented example (testdata/example.md, which README.md
// points editors to) passes the checks and writes every field a record can have.
func TestExampleShowsEveryField(t *testing.T) {
	regions, sources := load(t)
	src, err := os.ReadFile("testdata/example.md")
	if err != nil {
		t.Fatal(err)
	}
	r, probs := Parse("content/shelters/records/example-centre.md", src)
	probs = append(probs, Check([]*Record{r}, regions, Options{Now: now, Sources: sources})...)
	if len(probs) > 0 {
		t.Fatalf("the example does not pass the checks:\n%v", probs)
	}
	typ := reflect.TypeFor[Record]()
	for i := range typ.NumField() {
		key, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if key == "" || key == "-" {
			continue
		}
		_, written := r.Lines[key]
		// An entry is called or listed, never both: the example shows listed: in a comment.
		if key == "listed" {
			written = bytes.Contains(src, []byte("#   listed:")) && bytes.Contains(src, []byte("#     as_of:"))
		}
		if !written {
			t.Errorf("the example does not show the field %s", key)
		}
	}
}

// TestShippedRecords: every record in the repository passes the checks a production build
// makes, on a fixed day; none is a sample.
func TestShippedRecords(t *testing.T) {
	regions, sources := load(t)
	recs, probs := Load(root)
	probs = append(probs, Check(recs, regions, Options{Now: now, Production: true, Sources: sources})...)
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(recs) < 15 {
		t.Errorf("%d records", len(recs))
	}
	for _, r := range recs {
		if r.Sample {
			t.Errorf("%s is a sample", r.Path)
		}
	}
}

// TestAges: check warns past the warn ages and a production build refuses past the max
// ages; a date of only a year counts from that year's end.
func TestAges(t *testing.T) {
	regions, sources := load(t)
	tests := []struct {
		name, known string
		production  bool
		want        string // the code of the one problem, "" for none
		warning     bool
	}{
		{"called recently", `called: {date: "2026-10-01", by: "NGO"}`, true, "", false},
		{"called 200 days ago", `called: {date: "2026-05-15", by: "NGO"}`, false, "record.called_old", true},
		{"called 400 days ago, production", `called: {date: "2025-10-27", by: "NGO"}`, true, "record.called_too_old", false},
		{"listed two years ago", `listed: {sources: [sss-2024], as_of: "2024-12-01"}`, false, "record.listed_old", true},
		{"listed two years ago, production", `listed: {sources: [sss-2024], as_of: "2024-12-01"}`, true, "record.listed_old", true},
		{"listed four years ago, production", `listed: {sources: [sss-2024], as_of: "2022-11-01"}`, true, "record.listed_too_old", false},
		{"a year counts from its end", `listed: {sources: [sss-2024], as_of: "2023"}`, true, "record.listed_old", true},
		{"a year four years ago", `listed: {sources: [sss-2024], as_of: "2022"}`, true, "record.listed_too_old", false},
		{"in the future", `called: {date: "2026-12-02", by: "NGO"}`, false, "record.date_future", false},
		{"neither", ``, false, "record.known_missing", true},
		{"neither, production", ``, true, "record.known_missing", false},
		{"both", "called: {date: \"2026-10-01\", by: \"NGO\"}\nlisted: {sources: [sss-2024], as_of: \"2025-01-01\"}", false, "record.known_both", false},
		{"unknown source", `listed: {sources: [nope], as_of: "2026-06-01"}`, false, "record.source_unknown", false},
		{"old verified key", `verified: {date: "2026-10-01", by: "NGO"}`, false, "record.verified_renamed", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\nid: x\nkind: centre\nregion: KZ-11\nname: {kk: a, ru: b, en: c}\nserves: [women]\nservices: [legal]\n" +
				"languages: [kk]\nhours: \"24/7\"\naddress_public: false\n" +
				"phones: [{number: \"112\", label: {kk: a, ru: b, en: c}, hours: \"24/7\", messengers: []}]\n" + tt.known + "\n---\n"
			r, probs := Parse("content/shelters/records/x.md", []byte(src))
			probs = append(probs, Check([]*Record{r}, regions, Options{Now: now, Production: tt.production, Sources: sources})...)
			if tt.name == "old verified key" {
				probs = dropCode(probs, "record.known_missing")
			}
			switch {
			case tt.want == "" && len(probs) > 0:
				t.Errorf("problems: %v", probs)
			case tt.want != "" && (len(probs) != 1 || probs[0].Code != tt.want || probs[0].Warning != tt.warning):
				t.Errorf("got %v, want one %s (warning %v)", probs, tt.want, tt.warning)
			}
		})
	}
}

func dropCode(l problem.List, code string) problem.List {
	var out problem.List
	for _, p := range l {
		if p.Code != code {
			out = append(out, p)
		}
	}
	return out
}

func TestSuggestRegion(t *testing.T) {
	regions, _ := load(t)
	for in, want := range map[string]string{
		"Karaganda": "KZ-35", "karaganda region": "KZ-35", "KAR": "KZ-35", "KZ-KAR": "KZ-35", "kz-35": "KZ-35", "35": "KZ-35",
		"Қарағанды облысы": "KZ-35", "Карагандинская область": "KZ-35", "Oral": "KZ-27", "Уральск": "KZ-27",
		"Almaty": "KZ-75", "Almaty Region": "KZ-75", "Конаев": "KZ-19", "Nowhere": "", "": "",
	} {
		if got := SuggestRegion(in, regions); got != want {
			t.Errorf("SuggestRegion(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParse feeds the record loader and checks arbitrary bytes: no panic, and every
// problem points into the file.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/example.md", filepath.Join(root, Dir, "line-111.md")} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\nid: x\nphones:\n  - number: 8701\n    label: [a]\ncalled: {date: 2020-01-01}\n---\n"))
	f.Add([]byte("---\nname: {kk: 1, ru: [x], en: {a: b}}\naddress_public: false\naddress: {kk: x}\n---\n"))
	regions := map[string]Region{"KZ-75": {Code: "KZ-75"}}
	f.Fuzz(func(t *testing.T, src []byte) {
		r, probs := Parse("content/shelters/records/x.md", src)
		if r != nil {
			probs = append(probs, Check([]*Record{r}, regions, Options{Now: now, Production: true})...)
		}
		lines := bytes.Count(src, []byte("\n")) + 2
		for _, p := range probs {
			if p.Line < 0 || p.Line > lines || problem.English.Message(p) == "" {
				t.Errorf("problem out of the file (%d lines): %+v", lines, p)
			}
		}
	})
}
