package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kzportal.example/portal/tools/internal/problem"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServe starts the preview, reads a page with Netlify's headers, edits the page's source
// and waits for the change to be served; then breaks the source and checks that the last good
// build stays online.
func TestServe(t *testing.T) {
	dir := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() { done <- serve(ctx, dir, "127.0.0.1:0", problem.English, &stdout, &stderr) }()
	defer func() { cancel(); <-done }()

	var base string
	for i := 0; i < 600 && base == ""; i++ {
		if m := regexp.MustCompile(`serve: (http://\S+) `).FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
	}
	get := func() (string, http.Header) {
		resp, err := http.Get(base + "kk/about/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b), resp.Header
	}
	body, header := get()
	if !strings.Contains(body, "<h1>Портал туралы</h1>") || header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("first page: %q…, headers %v", body[:min(200, len(body))], header)
	}
	// The reload script: added to the page sent, served from the preview's own path under the
	// site's headers, and in no built file; the preview is built in the work folder.
	if !strings.Contains(body, `<script src="/_preview/live.js" data-build="`) {
		t.Error("the page has no reload script")
	}
	resp, err := http.Get(base + "_preview/live.js")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") || !strings.Contains(string(js), "portalPreview") {
		t.Errorf("/_preview/live.js: %d %v", resp.StatusCode, resp.Header)
	}
	built, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(PreviewDir), "kk", "about", "index.html"))
	if err != nil || strings.Contains(string(built), "_preview") {
		t.Errorf("the built page names the reload script, or is not in %s (%v)", PreviewDir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("serve wrote public/")
	}
	// A translation: editing it makes nothing stale.
	src := filepath.Join(dir, "content", "about", "index.kk.md")
	orig, _ := os.ReadFile(src)
	edited := strings.Replace(string(orig), `title: "Портал туралы"`, `title: "Портал туралы, өзгертілді"`, 1)
	os.WriteFile(src, []byte(edited), 0o644)
	waitFor := func(want string) bool {
		for i := 0; i < 200; i++ {
			if body, _ := get(); strings.Contains(body, want) {
				return true
			}
			time.Sleep(50 * time.Millisecond)
		}
		return false
	}
	if !waitFor("Портал туралы, өзгертілді") {
		t.Fatalf("the edit was not served:\n%s", stderr.String())
	}
	os.WriteFile(src, []byte(strings.Replace(edited, "topic: about", "topic: [about", 1)), 0o644)
	for i := 0; i < 200 && !strings.Contains(stderr.String(), "still serving the previous build"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "content/about/index.kk.md:4: a list opened with [ on this line is not closed") {
		t.Errorf("the broken edit was not reported:\n%s", stderr.String())
	}
	if body, _ := get(); !strings.Contains(body, "Портал туралы, өзгертілді") {
		t.Error("the last good build is no longer served")
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("serve wrote into public/: it builds into " + PreviewDir)
	}
}

// TestServeAddressInUse: a preview started on a port already in use says what to do, and
// exits 1; the preview never writes into public/.
func TestServeAddressInUse(t *testing.T) {
	dir := copySite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr syncBuffer
	code := serve(context.Background(), dir, ln.Addr().String(), problem.English, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "is already in use") || !strings.Contains(stderr.String(), "go run ./tools serve -addr 127.0.0.1:") {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("serve wrote public/")
	}
}

// TestServeStopsWithGoRun: `go run ./tools serve`, stopped by a signal to `go run` (which
// does not pass SIGTERM on to the program it runs), leaves no preview holding the port.
func TestServeStopsWithGoRun(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	dir := copySite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(gobin, "run", "./tools", "serve", "-root", dir, "-addr", addr)
	cmd.Dir = ".."
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 2 * time.Second // a program left running keeps the output open
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	up := func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	}
	for i := 0; i < 1200 && !strings.Contains(out.String(), "serve: http://"); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if !up() {
		t.Fatalf("the preview did not start:\n%s", out.String())
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	for i := 0; i < 100 && up(); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if up() {
		t.Errorf("after go run was stopped, a preview still answers on %s", addr)
	}
}
