package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
)

// root is the repository's site, whose sources Write copies.
var root = filepath.Join("..", "..", "..")

// TestWrite: a small synthetic site passes every check, with exactly the shelters and pages
// asked for, every region used, and none of the shipped shelter records left.
func TestWrite(t *testing.T) {
	const shelters, pages = 25, 3
	dir := t.TempDir()
	if err := Write(root, dir, shelters, pages, 1); err != nil {
		t.Fatal(err)
	}
	src, probs, err := site.Check(site.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("%d problem(s):\n%v", len(probs), probs)
	}
	if len(src.Records) != shelters {
		t.Errorf("%d shelters, want %d", len(src.Records), shelters)
	}
	regions := map[string]int{}
	for _, s := range src.Records {
		if !strings.HasPrefix(s.ID, "synth-shelter-") {
			t.Errorf("shelter %s is not synthetic", s.ID)
		}
		if !s.Sample || s.AddressPublic || len(s.Address) > 0 {
			t.Errorf("%s: sample %t, address public %t", s.ID, s.Sample, s.AddressPublic)
		}
		for _, p := range s.Phones {
			if p.Number != "111" {
				t.Errorf("%s: phone %q, want only 111", s.ID, p.Number)
			}
		}
		regions[s.Region]++
	}
	if len(regions) != len(src.Regions) || len(src.Regions) != 20 {
		t.Errorf("shelters in %d regions, want all %d", len(regions), len(src.Regions))
	}
	shipped, _ := page.Load(root, "shelters/records")
	var synth int
	for _, id := range src.Pages.IDs() {
		if strings.HasPrefix(id, PagePrefix) {
			synth++
			for _, l := range page.Languages {
				pg := src.Pages.Get(id, l)
				if pg == nil {
					t.Fatalf("page %s has no %s version", id, l)
				}
				if n := len(pg.Sections); n < 3 || n > 5 {
					t.Errorf("%s: %d sections, want 3 to 5", pg.Path, n)
				}
			}
		} else if shipped.Get(id, "en") == nil {
			t.Errorf("page %s is neither shipped nor synthetic", id)
		}
	}
	if synth != pages {
		t.Errorf("%d synthetic pages, want %d", synth, pages)
	}
	if got, want := len(src.Pages.IDs()), len(shipped.IDs())+pages; got != want {
		t.Errorf("%d page ids, want %d", got, want)
	}
	files, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(record.Dir), "*"))
	if len(files) != shelters {
		t.Errorf("%d files in %s, want %d", len(files), record.Dir, shelters)
	}
}

// TestWriteDeterministic: the same seed writes the same records and pages.
func TestWriteDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := Write(root, d, 7, 2, 42); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{record.Dir + "/" + ShelterID(7) + ".md", "content/" + PageID(2) + "/index.ru.md"} {
		x, err1 := os.ReadFile(filepath.Join(a, rel))
		y, err2 := os.ReadFile(filepath.Join(b, rel))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed (%v, %v)", rel, err1, err2)
		}
	}
}

// TestWriteRefuses: Write never writes into the site it copies, and never over a folder
// that holds something.
func TestWriteRefuses(t *testing.T) {
	for _, dir := range []string{root, filepath.Join(root, "content"), filepath.Join(root, "content", "synth")} {
		if err := Write(root, dir, 1, 1, 1); err == nil {
			t.Errorf("Write into %s: no error", dir)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "content", "synth")); err == nil {
		t.Errorf("content/synth was created")
	}
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "keep.txt"), []byte("x"), 0o644)
	if err := Write(root, full, 1, 1, 1); err == nil {
		t.Errorf("Write into a folder that holds a file: no error")
	}
}
