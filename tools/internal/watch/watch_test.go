package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestBatches: changes come in batches, each file once; a folder created under
// a watched one is watched with the files it brings; what is beside the watched names (the
// work folder) is not reported.
func TestBatches(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/about", ".build"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New(root, []string{"content", "config.toml"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan []fsnotify.Event, 10)
	go w.Run(ctx, 50*time.Millisecond, func(evs []fsnotify.Event) { batches <- evs })
	names := func(evs []fsnotify.Event) []string {
		var out []string
		for _, ev := range evs {
			rel, _ := filepath.Rel(root, ev.Name)
			out = append(out, filepath.ToSlash(rel))
		}
		slices.Sort(out)
		return out
	}
	// until returns the files of the batches that came until all of want were among them
	// (on a busy machine a pause may fall between two writes).
	until := func(want ...string) []string {
		t.Helper()
		var got []string
		for !containsAll(got, want) {
			select {
			case evs := <-batches:
				got = append(got, names(evs)...)
			case <-time.After(10 * time.Second): // only so that a failing test ends
				t.Fatalf("got %v, want %v", got, want)
			}
		}
		slices.Sort(got)
		return slices.Compact(got)
	}

	page := filepath.Join(root, "content", "about", "index.en.md")
	for i := range 3 { // three writes in a row: one change
		os.WriteFile(page, []byte{byte('a' + i)}, 0o644)
	}
	os.WriteFile(filepath.Join(root, ".build", "x.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(root, "config.toml"), []byte(""), 0o644)
	if got := until("config.toml", "content/about/index.en.md"); len(got) != 2 {
		t.Errorf("changed: %v", got)
	}

	// A folder copied in: its files are reported, and later edits in it seen.
	tmp := t.TempDir()
	os.MkdirAll(filepath.Join(tmp, "rights"), 0o755)
	os.WriteFile(filepath.Join(tmp, "rights", "index.kk.md"), []byte("x"), 0o644)
	if err := os.Rename(filepath.Join(tmp, "rights"), filepath.Join(root, "content", "rights")); err != nil {
		t.Skip("cannot move a folder in:", err) // another file system
	}
	until("content/rights/index.kk.md")
	os.WriteFile(filepath.Join(root, "content", "rights", "index.kk.md"), []byte("y"), 0o644)
	if got := until("content/rights/index.kk.md"); len(got) != 1 {
		t.Errorf("an edit in the new folder: %v", got)
	}
}

func containsAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}
