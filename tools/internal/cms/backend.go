package cms

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// A Backend is Decap's local backend (decap-server, from the same pinned packages as the
// bundle), writing into a working tree: local editing without an account.
type Backend struct {
	Node    string    // the node program; found on PATH when empty
	Modules string    // node_modules with decap-server
	Root    string    // the working tree it reads and writes
	Origin  string    // the preview's address (http://127.0.0.1:1313): the only origin it answers
	Log     io.Writer // decap-server's own output (its warnings and errors)
}

// ErrNoNode says that Node.js, which decap-server runs on, is not installed.
var ErrNoNode = errors.New("node not found")

// Server returns decap-server's program in modules.
func Server(modules string) string {
	return filepath.Join(modules, "decap-server", "dist", "index.js")
}

// Start runs decap-server on a free loopback port until ctx ends, and returns the handler
// the preview serves at APIPath: it passes requests on to decap-server, only those from the
// preview's own origin, so that no other page open in the browser can write files.
func (b Backend) Start(ctx context.Context) (http.Handler, error) {
	node := b.Node
	if node == "" {
		p, err := exec.LookPath("node")
		if err != nil {
			return nil, ErrNoNode
		}
		node = p
	}
	modules, err := filepath.Abs(b.Modules)
	if err != nil {
		return nil, err
	}
	server := Server(modules) // absolute: it runs in modules
	if _, err := os.Stat(server); err != nil {
		return nil, ErrNoBundle
	}
	root, err := filepath.Abs(b.Root)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close() // decap-server listens there itself
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, node, server)
	cmd.Dir = modules // it reads a .env file from its working folder: there is none here
	cmd.Env = append(os.Environ(), "PORT="+port, "BIND_HOST=127.0.0.1", "MODE=fs", "GIT_REPO_DIRECTORY="+root,
		"ORIGIN="+b.Origin, "LOG_LEVEL=warn")
	log := b.Log
	if log == nil {
		log = io.Discard
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} // it ends with this process
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	api := "http://" + addr + APIPath
	for ready := false; !ready; {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("decap-server exited: %v", err)
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
			resp, err := http.Post(api, "application/json", strings.NewReader(`{"action":"info"}`))
			if err == nil {
				resp.Body.Close()
				ready = resp.StatusCode == http.StatusOK
			}
		}
	}
	target, _ := url.Parse("http://" + addr)
	proxy := httputil.NewSingleHostReverseProxy(target)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); r.Method != http.MethodPost || (o != "" && o != b.Origin) ||
			r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			http.Error(w, "the local backend answers the editor on "+b.Origin+" only", http.StatusForbidden)
			return
		}
		proxy.ServeHTTP(w, r)
	}), nil
}

// Info asks a local backend at api (…/api/v1) what it is, as Decap does on start.
func Info(api, origin string) (string, error) {
	req, _ := http.NewRequest(http.MethodPost, api, bytes.NewReader([]byte(`{"action":"info"}`)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", origin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", resp.Status, body)
	}
	return string(body), nil
}
