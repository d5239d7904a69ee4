package cms

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"kzportal.example/portal/tools/internal/problem"
)

// tree is the working tree the backend tests run against.
const tree = `
-- content/about/index.en.md --
about
-- content/shelters/records/line-111.md --
record
-- content/shelters/records/sub/deep.md --
deeper
-- content/.hidden.md --
hidden
-- data/sources.yaml --
sources
-- .git/config --
[core]
-- tools/main.go --
package main
`

// backendFor writes the tree into a folder and serves a backend for it, as edit does: the
// API at APIPath beside the files, both behind the Gate's key.
func backendFor(t *testing.T, check func(map[string][]byte) (problem.List, error)) (*Backend, *httptest.Server, *strings.Builder) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(tree)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A link out of content/, and one inside it to a file outside.
	if err := os.Symlink(filepath.Join(dir, ".git"), filepath.Join(dir, "content", "git")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "data", "sources.yaml"), filepath.Join(dir, "content", "about", "linked.md")); err != nil {
		t.Fatal(err)
	}
	log := &strings.Builder{}
	b := &Backend{Root: dir, Key: NewKey(), Printer: problem.English, Check: check, Log: log}
	mux := http.NewServeMux()
	mux.Handle(APIPath, b)
	mux.Handle("/", b.Gate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the interface") })))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b.Origin = srv.URL
	return b, srv, log
}

// call sends one request of the protocol as the editor's page would, then lets change
// alter it first (a stranger's request).
func call(t *testing.T, b *Backend, srv *httptest.Server, body string, change func(*http.Request)) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+APIPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Origin", b.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: b.CookieName(), Value: b.Key})
	if change != nil {
		change(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// TestBackendRefusesStrangers: only this run's page, on this run's address, with this
// run's key, is answered; each refusal says why, to the page and to the terminal.
func TestBackendRefusesStrangers(t *testing.T) {
	b, srv, log := backendFor(t, nil)
	info := `{"action":"info"}`
	tests := []struct {
		name   string
		change func(*http.Request)
		status int
		says   string
	}{
		{"no origin", func(r *http.Request) { r.Header.Del("Origin") }, 403, "no Origin"},
		{"another origin", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, "came from http://evil.example"},
		{"origin null", func(r *http.Request) { r.Header.Set("Origin", "null") }, 403, "came from null"},
		{"another port", func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:1") }, 403, "came from"},
		{"cross-site fetch", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403, "came from cross-site"},
		{"same-site fetch", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-site") }, 403, "came from same-site"},
		{"rebound host", func(r *http.Request) { r.Host = "evil.example:" + r.URL.Port() }, 421, "addressed to evil.example"},
		{"no key", func(r *http.Request) { r.Header.Del("Cookie") }, 403, "does not have this run's key"},
		{"wrong key", func(r *http.Request) {
			r.Header.Del("Cookie")
			r.AddCookie(&http.Cookie{Name: b.CookieName(), Value: NewKey()})
		}, 403, "does not have this run's key"},
		{"GET", func(r *http.Request) { r.Method = http.MethodGet }, 405, "POST requests only"},
		{"form post", func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, 415, "JSON only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log.Reset()
			status, body := call(t, b, srv, info, tt.change)
			if status != tt.status || !strings.Contains(body, tt.says) {
				t.Errorf("answered %d %s; want %d saying %q", status, body, tt.status, tt.says)
			}
			if !strings.Contains(log.String(), "refused") || !strings.Contains(log.String(), tt.says) {
				t.Errorf("the terminal was told %q", log.String())
			}
		})
	}
	if status, body := call(t, b, srv, info, nil); status != 200 || !strings.Contains(body, `"type":"local_fs"`) {
		t.Errorf("the editor's own request: %d %s", status, body)
	}
}

// TestBackendOnlyContent: only the actions the forms use, only Markdown under content/, by
// plain names, never through a link; nothing else is read or written.
func TestBackendOnlyContent(t *testing.T) {
	b, srv, _ := backendFor(t, nil)
	save := func(p string) string {
		return `{"action":"persistEntry","params":{"dataFiles":[{"path":"` + p + `","raw":"x"}],"assets":[]}}`
	}
	tests := []struct {
		name, body string
		status     int
	}{
		{"git config", save(".git/config"), 403},
		{"tools", save("tools/main.go"), 403},
		{"data", save("data/sources.yaml"), 403},
		{"dot dot", save("content/../.git/config"), 403},
		{"dot dot in name", save("content/about/..md"), 403},
		{"absolute", save("/etc/passwd.md"), 403},
		{"hidden", save("content/.hidden.md"), 403},
		{"not markdown", save("content/about/index.html"), 403},
		{"backslash", save(`content\\\\about\\\\x.md`), 403},
		{"through a link", save("content/git/config.md"), 403},
		{"a link", save("content/about/linked.md"), 403},
		{"a new folder", save("content/new/index.en.md"), 403},
		{"read git", `{"action":"getEntry","params":{"path":".git/config"}}`, 403},
		{"read a link", `{"action":"getEntry","params":{"path":"content/about/linked.md"}}`, 403},
		{"list the tree", `{"action":"entriesByFolder","params":{"folder":".","extension":"md","depth":5}}`, 403},
		{"list through a link", `{"action":"entriesByFolder","params":{"folder":"content/git","extension":"md","depth":1}}`, 403},
		{"list other files", `{"action":"entriesByFolder","params":{"folder":"content","extension":"yaml","depth":1}}`, 403},
		{"media", `{"action":"getMedia","params":{"mediaFolder":"static/media"}}`, 403},
		{"upload", `{"action":"persistMedia","params":{"asset":{"path":"static/media/x.html","content":"PHNjcmlwdD4=","encoding":"base64"}}}`, 403},
		{"delete", `{"action":"deleteFile","params":{"path":"content/about/index.en.md"}}`, 403},
		{"delete many", `{"action":"deleteFiles","params":{"paths":["content/about/index.en.md"]}}`, 403},
		{"unknown", `{"action":"run","params":{}}`, 403},
		{"assets with an entry", `{"action":"persistEntry","params":{"dataFiles":[{"path":"content/about/index.en.md","raw":"x"}],"assets":[{"path":"static/media/a.html","content":"","encoding":"base64"}]}}`, 403},
		{"move", `{"action":"persistEntry","params":{"dataFiles":[{"path":"content/about/index.en.md","raw":"x","newPath":"content/x.md"}],"assets":[]}}`, 403},
		{"not json", `{"action":`, 400},
		{"too large", `{"action":"info","params":"` + strings.Repeat("x", MaxRequest) + `"}`, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, b, srv, tt.body, nil)
			if status != tt.status || !strings.Contains(body, `"error"`) {
				t.Errorf("answered %d %s; want %d with an error", status, body, tt.status)
			}
		})
	}
	for _, p := range []string{".git/config", "tools/main.go", "data/sources.yaml"} {
		if b, _ := os.ReadFile(filepath.Join(b.Root, p)); string(b) == "x" {
			t.Errorf("%s was written", p)
		}
	}
	if _, err := os.Stat(filepath.Join(b.Root, "static")); err == nil {
		t.Error("a media file was written")
	}
}

// TestBackendEditsContent: what the forms do works: list a folder, read entries, save one.
func TestBackendEditsContent(t *testing.T) {
	b, srv, _ := backendFor(t, nil)
	status, body := call(t, b, srv, `{"action":"entriesByFolder","params":{"branch":"main","folder":"content/shelters/records","extension":"md","depth":1}}`, nil)
	var list []entry
	if err := json.Unmarshal([]byte(body), &list); status != 200 || err != nil || len(list) != 1 ||
		list[0].File.Path != "content/shelters/records/line-111.md" || *list[0].Data != "record\n" || list[0].File.ID == nil {
		t.Errorf("entriesByFolder: %d %s", status, body)
	}
	status, body = call(t, b, srv, `{"action":"entriesByFolder","params":{"folder":"content/shelters","extension":"md","depth":3}}`, nil)
	if status != 200 || !strings.Contains(body, "sub/deep.md") || strings.Contains(body, "hidden") {
		t.Errorf("entriesByFolder, 3 deep: %d %s", status, body)
	}
	status, body = call(t, b, srv, `{"action":"getEntry","params":{"path":"content/about/index.en.md"}}`, nil)
	if status != 200 || !strings.Contains(body, `"data":"about\n"`) {
		t.Errorf("getEntry: %d %s", status, body)
	}
	status, body = call(t, b, srv, `{"action":"entriesByFiles","params":{"files":[{"path":"content/about/index.en.md"},{"path":"content/about/index.ru.md"}]}}`, nil)
	if status != 200 || !strings.Contains(body, `"data":null`) {
		t.Errorf("entriesByFiles, one missing: %d %s", status, body)
	}
	status, body = call(t, b, srv, `{"action":"persistEntry","params":{"dataFiles":[{"path":"content/shelters/records/new.md","raw":"new\n","slug":"new"}],"assets":[]}}`, nil)
	if got, _ := os.ReadFile(filepath.Join(b.Root, "content/shelters/records/new.md")); status != 200 || string(got) != "new\n" {
		t.Errorf("persistEntry: %d %s; file %q", status, body, got)
	}
}

// TestBackendRefusesWhatTheBuildRefuses: a save the check finds errors in is not written,
// and the answer lists each problem with its place and hint in the editor's language;
// warnings do not stop a save.
func TestBackendRefusesWhatTheBuildRefuses(t *testing.T) {
	var got map[string][]byte
	check := func(files map[string][]byte) (problem.List, error) {
		got = files
		var l problem.List
		for p, b := range files {
			if strings.Contains(string(b), "bad") {
				l.Add(problem.At(p, 3, 0, "record.missing", problem.Args{"Key": "region"}))
			}
			l.Add(problem.At(p, 1, 0, "record.called_old", problem.Args{"Days": 400}).AsWarning())
		}
		return l, nil
	}
	b, srv, _ := backendFor(t, check)
	b.Printer = problem.NewPrinter("ru")
	status, body := call(t, b, srv, `{"action":"persistEntry","params":{"dataFiles":[{"path":"content/shelters/records/new.md","raw":"bad"}],"assets":[]}}`, nil)
	if _, err := os.Stat(filepath.Join(b.Root, "content/shelters/records/new.md")); err == nil {
		t.Error("a file the build would refuse was written")
	}
	if status != 422 || !strings.Contains(body, "не сохранено") || !strings.Contains(body, "content/shelters/records/new.md:3") {
		t.Errorf("answered %d %s", status, body)
	}
	if string(got["content/shelters/records/new.md"]) != "bad" {
		t.Errorf("the check was given %q", got)
	}
	status, body = call(t, b, srv, `{"action":"persistEntry","params":{"dataFiles":[{"path":"content/shelters/records/new.md","raw":"good"}],"assets":[]}}`, nil)
	if status != 200 {
		t.Errorf("a save with a warning only: %d %s", status, body)
	}
}

// TestGate: the address with the key stores it in a cookie no script reads and leads on
// without it; the interface's page without the key says where to find the address.
func TestGate(t *testing.T) {
	b, srv, _ := backendFor(t, nil)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(b.EditorURL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" ||
		!strings.Contains(cookie, b.Key) || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Errorf("the address with the key: %s, Location %q, Set-Cookie %q", resp.Status, resp.Header.Get("Location"), cookie)
	}
	for _, u := range []string{srv.URL + "/admin/", srv.URL + "/admin/?key=" + NewKey()} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(body), "go run ./tools edit") || resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s: %s %s", u, resp.Status, body)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/admin/", nil)
	req.AddCookie(&http.Cookie{Name: b.CookieName(), Value: b.Key})
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "the interface" {
		t.Errorf("/admin/ with the key: %s %s", resp.Status, body)
	}
	if resp, err := http.Get(srv.URL + "/admin/config.yml"); err != nil || resp.StatusCode != 200 {
		t.Errorf("the interface's other files: %v %v", resp, err)
	}
}
