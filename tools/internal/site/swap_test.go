package site

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSwap(t *testing.T) {
	dir := t.TempDir()
	out, tmp := filepath.Join(dir, "public"), filepath.Join(dir, ".public-new")
	write := func(d, name string) {
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, name), []byte(name), 0o644)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	// First publication: no previous site.
	write(tmp, "first.html")
	if err := swap(tmp, out); err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(out, "first.html")) || exists(tmp) {
		t.Fatal("first publication: the new site is not in place")
	}
	// Later ones: the two folders trade places in one step; the old site ends up in tmp.
	write(tmp, "second.html")
	if err := swap(tmp, out); err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(out, "second.html")) || exists(filepath.Join(out, "first.html")) {
		t.Error("public/ is not exactly the new site")
	}
	if !exists(filepath.Join(tmp, "first.html")) {
		t.Error("the previous site is not left in the temporary folder for removal")
	}
}
