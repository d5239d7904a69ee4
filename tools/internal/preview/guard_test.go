package preview

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kzportal.example/portal/tools/internal/problem"
)

// TestOnlyHosts: the preview answers its own address and localhost on its port; a request
// for any other name (a page rebound to 127.0.0.1) is refused, and the terminal told once.
func TestOnlyHosts(t *testing.T) {
	var log strings.Builder
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "page") })
	h := OnlyHosts(Hosts("127.0.0.1:1313"), problem.English, &log, ok)
	tests := []struct {
		host   string
		status int
	}{
		{"127.0.0.1:1313", 200},
		{"localhost:1313", 200},
		{"evil.example:1313", 421},
		{"evil.example", 421},
		{"127.0.0.1:1314", 421},
		{"127.0.0.1", 421},
		{"", 421},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/kk/", nil)
		req.Host = tt.host
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("Host %q: %d, want %d", tt.host, rec.Code, tt.status)
		}
	}
	h.ServeHTTP(httptest.NewRecorder(), &http.Request{Method: "GET", Host: "evil.example:1313", URL: &url0})
	if n := strings.Count(log.String(), "evil.example:1313"); n != 1 {
		t.Errorf("the terminal was told %d times of one host:\n%s", n, log.String())
	}
}

var url0 = *httptest.NewRequest("GET", "/", nil).URL

// TestPathsStayInside: however a path is written (.., %2e%2e, %2f), nothing outside the
// served folder is read, with or without serve's hooks.
func TestPathsStayInside(t *testing.T) {
	dir := t.TempDir()
	served := filepath.Join(dir, "site")
	for name, body := range map[string]string{
		"site/kk/index.html": "<p>kk</p>", "site/kk/page.html": "<p>page</p>", "secret.html": "SECRET", "secret/index.html": "SECRET",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, hooks := range []bool{false, true} {
		s := &Site{Dir: served, Config: &Config{}}
		if hooks {
			s.Page = func(string) func() { return func() {} }
			s.HTML = func(b []byte) []byte { return b }
		}
		srv := httptest.NewServer(s)
		for _, p := range []string{
			"/../secret.html", "/kk/../../secret.html", "/kk/..%2f..%2fsecret.html", "/..%2fsecret.html",
			"/%2e%2e/secret.html", "/kk/%2e%2e%2f%2e%2e%2fsecret/", "/..%2fsecret/", "/..%5csecret.html",
		} {
			status, body := rawGet(t, srv.Listener.Addr().String(), p)
			if strings.Contains(body, "SECRET") {
				t.Errorf("hooks %v: %s read a file outside the folder (%d)", hooks, p, status)
			}
		}
		if status, body := rawGet(t, srv.Listener.Addr().String(), "/kk/page.html"); status != 200 || !strings.Contains(body, "page") {
			t.Errorf("hooks %v: a page inside: %d %s", hooks, status, body)
		}
		srv.Close()
	}
}

// rawGet sends path exactly as written, as a hand-made request would.
func rawGet(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPreviewFilesSameOrigin: the reload script and the report of a failed build are for the
// preview's own pages; a page elsewhere that includes them gets nothing, and the browser is
// told to keep them from other origins.
func TestPreviewFilesSameOrigin(t *testing.T) {
	l := NewLive()
	l.Built(&Report{Title: "1 problem", Items: []Item{{Where: "content/shelters/records/x.md:3", Message: "+77000000000"}}})
	h := l.Handler(&Site{Dir: t.TempDir(), Config: &Config{}})
	tests := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"own page", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"another site", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same site, other port", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"typed in", map[string]string{"Sec-Fetch-Site": "none"}, 403},
		{"old browser, other page", map[string]string{"Referer": "http://evil.example/x"}, 403},
		{"old browser, other origin", map[string]string{"Origin": "http://evil.example"}, 403},
		{"old browser, own page", map[string]string{"Referer": "http://127.0.0.1:1313/kk/"}, 200},
	}
	for _, tt := range tests {
		for _, p := range []string{"/_preview/live.js", "/_preview/wait?seq=0"} {
			req := httptest.NewRequest("GET", p, nil)
			req.Host = "127.0.0.1:1313"
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status || rec.Header().Get("Cross-Origin-Resource-Policy") != "same-origin" {
				t.Errorf("%s, %s: %d (CORP %q), want %d", tt.name, p, rec.Code, rec.Header().Get("Cross-Origin-Resource-Policy"), tt.status)
			}
			if tt.status != 200 && strings.Contains(rec.Body.String(), "records/x.md") {
				t.Errorf("%s, %s: the report reached another origin", tt.name, p)
			}
		}
	}
}
