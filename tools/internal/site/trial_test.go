package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTrial checks the shipped site with a record changed before it is written, as edit's
// backend does before saving: the errors of the changed file, and only the errors it
// brings, are returned; warnings are not; the real tree and the trial's next run are not
// touched by what was tried.
func TestTrial(t *testing.T) {
	dir := t.TempDir()
	if err := CopySources(filepath.Join("..", "..", ".."), dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rel := "content/shelters/records/crisis-centre-akmola.md"
	orig, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	tr := NewTrial(Options{Root: dir, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})

	// The file as it is: no error (its age is a warning).
	if errs, err := tr.Check(map[string][]byte{rel: orig}); err != nil || len(errs) > 0 {
		t.Fatalf("the shipped record: %v %v", err, errs)
	}
	// Without its region: refused at its own line.
	broken := strings.Replace(string(orig), "region: KZ-11\n", "", 1)
	errs, err := tr.Check(map[string][]byte{rel: []byte(broken)})
	if err != nil || len(errs) == 0 || errs[0].Path != rel || errs[0].Line == 0 {
		t.Fatalf("a centre without a region: %v %v", err, errs)
	}
	// A new record in the wrong region code: refused; the file was never written.
	fresh := strings.Replace(string(orig), "crisis-centre-akmola", "crisis-centre-new", 1)
	fresh = strings.Replace(fresh, "KZ-11", "KZ-99", 1)
	newRel := "content/shelters/records/crisis-centre-new.md"
	if errs, _ := tr.Check(map[string][]byte{newRel: []byte(fresh)}); len(errs) == 0 || errs[0].Path != newRel {
		t.Errorf("a new record with an unknown region: %v", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(newRel))); err == nil {
		t.Error("the trial wrote into the real tree")
	}
	// An error elsewhere that the site already has is not the saved file's.
	other := filepath.Join(dir, "content", "shelters", "records", "crisis-centre-abai.md")
	if err := os.WriteFile(other, []byte("---\nid: crisis-centre-abai\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if errs, err := tr.Check(map[string][]byte{rel: orig}); err != nil || len(errs) > 0 {
		t.Errorf("an error the site had before was laid on the saved file: %v %v", err, errs)
	}
	// A second record broken after the first: its own errors again.
	if errs, _ := tr.Check(map[string][]byte{"content/shelters/records/line-111.md": []byte("---\nid: line-111\n---\n")}); len(errs) == 0 {
		t.Error("a broken national line passed")
	}
}

// BenchmarkTrial is what a save in edit costs before it is written: the shipped site
// checked without and with one changed record (go test ./tools/internal/site -bench Trial).
func BenchmarkTrial(b *testing.B) {
	dir := b.TempDir()
	if err := CopySources(filepath.Join("..", "..", ".."), dir); err != nil {
		b.Fatal(err)
	}
	rel := "content/shelters/records/crisis-centre-akmola.md"
	orig, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		b.Fatal(err)
	}
	tr := NewTrial(Options{Root: dir, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	edited := []byte(strings.Replace(string(orig), "funding: social_order", "funding: state", 1))
	for b.Loop() {
		if _, err := tr.Check(map[string][]byte{rel: edited}); err != nil {
			b.Fatal(err)
		}
	}
}
