package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/problem"
)

// TestEdit starts go run ./tools edit on a copy of the site: one command serves the preview
// and, beside it, /admin/ with the local backend, which answers this run's page only (its
// address, its origin, its key) and saves nothing the build would refuse; the public pages
// keep their headers. (The forms themselves are driven in a real browser by
// tools/internal/browser.)
func TestEdit(t *testing.T) {
	abs, _ := filepath.Abs("..")
	modules := cms.ModulesDir(abs)
	if _, err := os.Stat(cms.BundleFile(modules)); err != nil {
		if v := os.Getenv("CI"); v != "" && v != "0" && v != "false" {
			t.Fatalf("the editing interface is needed; CI=true requires it (bash tools/check.sh installs it): %v", err)
		}
		t.Skipf("the editing interface is not installed: %v", err)
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
	var base, editor string
	for i := 0; i < 1200 && base == ""; i++ {
		if m := regexp.MustCompile(`edit: editor: ((http://\S+/)admin/\?key=[0-9a-f]+) `).FindStringSubmatch(stdout.String()); m != nil {
			editor, base = m[1], m[2]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("edit did not start:\n%s\n%s", stdout.String(), stderr.String())
	}
	origin := strings.TrimSuffix(base, "/")
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	get := func(c *http.Client, p string) (int, string, http.Header) {
		resp, err := c.Get(p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	// The first build may still be running when the address is printed.
	for i := 0; i < 1200; i++ {
		if resp, err := http.Get(base + "admin/config.yml"); err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if status, body, _ := get(http.DefaultClient, base+"admin/"); status != 403 || !strings.Contains(body, "go run ./tools edit") {
		t.Errorf("/admin/ without the key: %d %.300s", status, body)
	}
	status, index, h := get(client, editor)
	if status != 200 || !strings.Contains(index, "decap-cms.js") || !strings.Contains(h.Get("Content-Security-Policy"), "'unsafe-eval'") ||
		h.Get("X-Robots-Tag") != "noindex, nofollow" {
		t.Errorf("/admin/ with the key: %d %q…, headers %v", status, index[:min(len(index), 200)], h)
	}
	if _, config, _ := get(client, base+"admin/config.yml"); !strings.Contains(config, "url: "+origin+cms.APIPath) {
		t.Errorf("config.yml has no local backend at %s%s:\n%.600s", origin, cms.APIPath, config)
	}
	if _, _, h := get(client, base+"kk/about/"); strings.Contains(h.Get("Content-Security-Policy"), "unsafe") || h.Get("X-Robots-Tag") != "" {
		t.Errorf("a public page in edit mode: %v", h)
	}
	api := func(body string, change func(*http.Request)) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, origin+cms.APIPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		if change != nil {
			change(req)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := api(`{"action":"info"}`, nil); status != 200 || !strings.Contains(body, `"type":"local_fs"`) {
		t.Errorf("the local backend: %d %s", status, body)
	}
	if status, _ := api(`{"action":"info"}`, func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:9") }); status != 403 {
		t.Errorf("the local backend answered another origin: %d", status)
	}
	if status, _ := api(`{"action":"info"}`, func(r *http.Request) { r.Host = "rebound.example:" + r.URL.Port() }); status != 421 {
		t.Errorf("edit answered another host: %d", status)
	}
	// A centre without a region is not saved; the answer says why, at the file's line.
	rec := "content/shelters/records/crisis-centre-new.md"
	raw := "---\nid: crisis-centre-new\nkind: centre\nfunding: state\nlisted:\n  sources: [sss-2024]\n  as_of: \"2025-01-01\"\n---\n"
	save := `{"action":"persistEntry","params":{"dataFiles":[{"path":"` + rec + `","raw":` + strconv.Quote(raw) + `}],"assets":[]}}`
	status, body := api(save, nil)
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rec))); err == nil || status != 422 || !strings.Contains(body, rec+":") {
		t.Errorf("a record the build would refuse: %d %s (written: %v)", status, body, err == nil)
	}
	if !strings.Contains(stderr.String(), "refused") {
		t.Errorf("the terminal was not told of the refusals:\n%s", stderr.String())
	}
}
