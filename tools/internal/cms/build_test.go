package cms_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/site"
)

var repo = filepath.Join("..", "..", "..")

// files reads every file under dir, by slash path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPublishedWithAdmin builds the shipped site as Netlify does, with and without the
// editing interface: every public file is byte for byte the same (so the public pages'
// weight, links and headers are unchanged); /admin/ holds the interface, which loads only
// files of this site, is marked noindex, is in no sitemap and not in robots.txt (which is
// public: naming it would advertise it), and no public page links to it. The build's
// audit passed over all of it (it ran before the swap): every public page within its
// budget, /admin/ exempt from the budget only.
func TestPublishedWithAdmin(t *testing.T) {
	abs, _ := filepath.Abs(repo)
	modules := cms.ModulesDir(abs)
	if _, err := os.Stat(filepath.Join(modules, "decap-cms", "dist", "decap-cms.js")); err != nil {
		if v := os.Getenv("CI"); v != "" && v != "0" && v != "false" {
			t.Fatalf("the Decap bundle is not installed; CI=true requires it (bash tools/check.sh runs npm ci --prefix %s)", cms.Dir)
		}
		t.Skipf("the Decap bundle is not installed (npm ci --prefix %s --ignore-scripts)", cms.Dir)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	build := func(o *cms.Options) map[string][]byte {
		dir := t.TempDir()
		if err := site.CopySources(repo, dir); err != nil {
			t.Fatal(err)
		}
		_, probs, err := site.Build(site.Options{Root: dir, BaseURL: "https://portal.example/", Now: now, CMS: o})
		if err != nil {
			t.Fatal(err)
		}
		if errs := probs.Errors(); len(errs) > 0 {
			t.Fatalf("build: %v", errs)
		}
		return files(t, filepath.Join(dir, "public"))
	}
	without := build(nil)
	with := build(&cms.Options{Modules: modules, Repo: "ngo/portal", Branch: "main"})

	for name, b := range without {
		if !bytes.Equal(with[name], b) {
			t.Errorf("%s differs when the site is built with /admin/", name)
		}
	}
	var size int
	for name, b := range with {
		if _, public := without[name]; public {
			continue
		}
		if !audit.Admin(name) {
			t.Errorf("%s is published with /admin/ only, outside it", name)
		}
		size += len(b)
	}
	for _, name := range []string{"admin/index.html", "admin/config.yml", "admin/format.json", "admin/decap-cms.js", "admin/portal-format.js", "admin/js-yaml.min.js"} {
		if with[name] == nil {
			t.Errorf("%s is not published", name)
		}
	}
	t.Logf("/admin/: %d files, %.1f MB", len(with)-len(without), float64(size)/1e6)

	index := string(with["admin/index.html"])
	if !strings.Contains(index, `<meta name="robots" content="noindex, nofollow">`) || !strings.Contains(index, `<html lang="ru">`) {
		t.Errorf("admin/index.html is not marked noindex, or has no language:\n%s", index)
	}
	for _, src := range regexp.MustCompile(`src="([^"]+)"`).FindAllStringSubmatch(index, -1) {
		if strings.Contains(src[1], "//") || strings.Contains(src[1], ":") {
			t.Errorf("admin/index.html loads %s from another host", src[1])
		}
	}
	if bytes.Contains(with["admin/config.yml"], []byte("local_backend")) {
		t.Error("the published config.yml has a local backend")
	}
	for name, b := range with {
		if audit.Admin(name) {
			continue
		}
		if (strings.HasSuffix(name, ".xml") || name == "robots.txt") && bytes.Contains(b, []byte("admin")) {
			t.Errorf("%s names /admin/", name)
		}
		if strings.HasSuffix(name, ".html") && regexp.MustCompile(`(href|src)="[^"]*/admin/`).Match(b) {
			t.Errorf("%s links to /admin/", name)
		}
	}
}
