package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/problem"
)

// TestEdit starts go run ./tools edit on a copy of the site: one command serves the preview
// and, beside it, /admin/ with the local backend, which answers the editor's own page and
// no other; the public pages keep their headers. (The forms themselves are driven in a real
// browser by tools/internal/browser.)
func TestEdit(t *testing.T) {
	abs, _ := filepath.Abs("..")
	modules := cms.ModulesDir(abs)
	_, errNode := exec.LookPath("node")
	_, errServer := os.Stat(cms.Server(modules))
	if errNode != nil || errServer != nil {
		if v := os.Getenv("CI"); v != "" && v != "0" && v != "false" {
			t.Fatalf("node (%v) and decap-server (%v) are needed; CI=true requires them (bash tools/check.sh installs them)", errNode, errServer)
		}
		t.Skipf("no node or decap-server: %v %v", errNode, errServer)
	}
	dir := copySite(t)
	// The copy has no node_modules of its own: it uses the checkout's.
	if err := os.MkdirAll(filepath.Join(dir, cms.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(modules, cms.ModulesDir(dir)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() { done <- serveSite(ctx, dir, "127.0.0.1:0", true, problem.English, &stdout, &stderr) }()
	defer func() { cancel(); <-done }()
	var base string
	for i := 0; i < 1200 && base == ""; i++ {
		if m := regexp.MustCompile(`edit: editor: (http://\S+/)admin/`).FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("edit did not start:\n%s\n%s", stdout.String(), stderr.String())
	}
	origin := strings.TrimSuffix(base, "/")
	get := func(p string) (string, http.Header) {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %s", p, resp.Status)
		}
		return string(b), resp.Header
	}
	// The first build may still be running when the address is printed.
	for i := 0; i < 1200; i++ {
		if resp, err := http.Get(base + "admin/config.yml"); err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	index, h := get("admin/")
	if !strings.Contains(index, "decap-cms.js") || !strings.Contains(h.Get("Content-Security-Policy"), "'unsafe-eval'") ||
		h.Get("X-Robots-Tag") != "noindex, nofollow" {
		t.Errorf("/admin/: %q…, headers %v", index[:min(len(index), 200)], h)
	}
	config, _ := get("admin/config.yml")
	if !strings.Contains(config, "url: "+origin+cms.APIPath) {
		t.Errorf("config.yml has no local backend at %s%s:\n%.600s", origin, cms.APIPath, config)
	}
	if _, h := get("kk/about/"); strings.Contains(h.Get("Content-Security-Policy"), "unsafe") || h.Get("X-Robots-Tag") != "" {
		t.Errorf("a public page in edit mode: %v", h)
	}
	info, err := cms.Info(origin+cms.APIPath, origin)
	if err != nil || !strings.Contains(info, `"type":"local_fs"`) {
		t.Errorf("the local backend: %s %v", info, err)
	}
	if _, err := cms.Info(origin+cms.APIPath, "http://127.0.0.1:9"); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("the local backend answered another origin: %v", err)
	}
}
