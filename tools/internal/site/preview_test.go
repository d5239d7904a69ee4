package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"kzportal.example/portal/tools/internal/cms"
)

// TestPreviewFollowsRecords edits shelter records under a running preview, one change at a
// time, as serve passes them on: the entries are files by region for Hugo, and their titles and
// the lists are in the directory's data, so each kind of edit takes another way through Hugo.
// After each, the pages that show the entry show the edit, as a browser asking for them
// would get them (Page renders what the last build left stale).
func TestPreviewFollowsRecords(t *testing.T) {
	dir := t.TempDir()
	if err := CopySources(filepath.Join("..", "..", ".."), dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, ".build", "preview")
	p := NewPreview(Options{Root: dir, Out: out, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	defer p.Close()
	if probs, err := p.Update(nil); err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("first build: %v %v", err, probs.Errors())
	}
	page := func(pagePath string) (string, bool) { // a folder's page (/en/shelters/) or a file
		done := p.Page(pagePath)
		defer done()
		file := filepath.Join(out, filepath.FromSlash(pagePath))
		if strings.HasSuffix(pagePath, "/") {
			file = filepath.Join(file, "index.html")
		}
		b, err := os.ReadFile(file)
		return string(b), err == nil
	}
	records := filepath.Join(dir, "content", "shelters", "records")
	line111 := filepath.Join(records, "line-111.md")
	abai := filepath.Join(records, "crisis-centre-abai.md")
	added := filepath.Join(records, "crisis-centre-abai-second.md")
	replace := func(file, old, new string) func(t *testing.T) fsnotify.Op {
		return func(t *testing.T) fsnotify.Op {
			b, err := os.ReadFile(file)
			if err != nil || !strings.Contains(string(b), old) {
				t.Fatalf("%s has no %q (%v)", file, old, err)
			}
			if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			return fsnotify.Write
		}
	}
	for _, step := range []struct {
		name   string
		file   string
		change func(t *testing.T) fsnotify.Op
		shows  map[string]string // page → text it must show
		lacks  map[string]string // page → text it must no longer show
	}{
		{
			name: "a note of a line (the entry's own file)", file: line111,
			change: replace(line111, `en: "It registers all calls."`, `en: "It registers all calls (edited)."`),
			shows: map[string]string{
				"/en/shelters/line-111/":                "It registers all calls (edited).",
				"/en/shelters/":                         "It registers all calls (edited).",
				"/en/shelters/regions/kz-10/":           "It registers all calls (edited).",
				"/en/shelters/regions/kz-10/print.html": "It registers all calls (edited).",
			},
		},
		{
			name: "the name of a line (the directory's data: its page's title)", file: line111,
			change: replace(line111, `en: "111 contact centre for family, women's and children's rights"`, `en: "111 contact centre, renamed"`),
			shows: map[string]string{
				"/en/shelters/line-111/": "<title>111 contact centre, renamed",
			},
		},
		{
			name: "a record added", file: added,
			change: func(t *testing.T) fsnotify.Op {
				b, err := os.ReadFile(abai)
				if err != nil {
					t.Fatal(err)
				}
				src := strings.Replace(string(b), "id: crisis-centre-abai\n", "id: crisis-centre-abai-second\n", 1)
				if err := os.WriteFile(added, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
				return fsnotify.Create
			},
			shows: map[string]string{
				"/en/shelters/crisis-centre-abai-second/": "(2 of 2)",
				"/en/shelters/regions/kz-10/":             "/en/shelters/crisis-centre-abai-second/",
			},
		},
		{
			name: "a record removed", file: added,
			change: func(t *testing.T) fsnotify.Op {
				if err := os.Remove(added); err != nil {
					t.Fatal(err)
				}
				return fsnotify.Remove
			},
			lacks: map[string]string{
				"/en/shelters/regions/kz-10/":      "crisis-centre-abai-second",
				"/en/shelters/crisis-centre-abai/": "(1 of 2)",
			},
		},
	} {
		op := step.change(t)
		probs, err := p.Update([]fsnotify.Event{{Name: step.file, Op: op}})
		if err != nil || len(probs.Errors()) > 0 {
			t.Fatalf("%s: %v %v", step.name, err, probs.Errors())
		}
		for pg, want := range step.shows {
			if body, ok := page(pg); !ok || !strings.Contains(body, want) {
				t.Errorf("%s: %s does not show %q (page built: %v)", step.name, pg, want, ok)
			}
		}
		for pg, gone := range step.lacks {
			if body, ok := page(pg); !ok || strings.Contains(body, gone) {
				t.Errorf("%s: %s still shows %q (page built: %v)", step.name, pg, gone, ok)
			}
		}
	}
}

// TestPreviewFollowsAdmin: with the editing interface (edit), a source added to
// data/sources.yaml appears in the forms' config.yml after the next update, and the
// interface's bundle, read once, is still in the preview beside it.
func TestPreviewFollowsAdmin(t *testing.T) {
	dir := t.TempDir()
	if err := CopySources(filepath.Join("..", "..", ".."), dir); err != nil {
		t.Fatal(err)
	}
	// A stand-in for node_modules: the interface needs only these files to be made.
	modules := filepath.Join(dir, "modules")
	for _, f := range []string{"decap-cms/dist/decap-cms.js", "js-yaml/dist/js-yaml.min.js"} {
		p := filepath.Join(modules, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("/* "+f+" */"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, ".build", "preview")
	p := NewPreview(Options{Root: dir, Out: out, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		CMS: &cms.Options{Local: "http://127.0.0.1:1313", Modules: modules}})
	defer p.Close()
	if probs, err := p.Update(nil); err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("first build: %v %v", err, probs.Errors())
	}
	config := filepath.Join(out, "admin", "config.yml")
	if b, err := os.ReadFile(config); err != nil || strings.Contains(string(b), "test-source-added") {
		t.Fatalf("config.yml before the edit: %v", err)
	}
	sources := filepath.Join(dir, "data", "sources.yaml")
	f, err := os.OpenFile(sources, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("test-source-added:\n  title:\n    kk: \"Алдын ала қарау кезінде қосылған дереккөз\"\n    ru: \"Источник, добавленный при предпросмотре\"\n    en: \"A source added under the preview\"\n  url: \"https://example.org/added\"\n  date: \"2026\"\n")
	f.Close()
	if probs, err := p.Update([]fsnotify.Event{{Name: sources, Op: fsnotify.Write}}); err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("update: %v %v", err, probs.Errors())
	}
	p.Close() // waits for the files written after the update
	if b, err := os.ReadFile(config); err != nil || !strings.Contains(string(b), "test-source-added") {
		t.Errorf("config.yml does not offer the source added (%v)", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "admin", "decap-cms.js")); err != nil || !strings.Contains(string(b), "decap-cms.js") {
		t.Errorf("the bundle is not in the preview (%v)", err)
	}
}
