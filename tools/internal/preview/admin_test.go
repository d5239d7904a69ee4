package preview

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// publicPolicy is the Content-Security-Policy of every public page, as it was before the
// editing interface came: a change to it must be deliberate, here and in netlify.toml.
const publicPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// adminSources are the only sources the policy of /admin/* may name.
var adminSources = []string{"'none'", "'self'", "'unsafe-eval'", "'unsafe-inline'", "data:", "blob:", "https://api.github.com"}

func rule(t *testing.T, cfg *Config, pattern string) (int, Rule) {
	t.Helper()
	for i, r := range cfg.Headers {
		if r.For == pattern {
			return i, r
		}
	}
	t.Fatalf("netlify.toml has no [[headers]] for %s", pattern)
	return 0, Rule{}
}

// headersOf returns what the preview (as Netlify) sends for p from dir.
func headersOf(t *testing.T, dir string, cfg *Config, p string) http.Header {
	t.Helper()
	rec := httptest.NewRecorder()
	Handler(dir, cfg).ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
	return rec.Result().Header
}

// TestAdminPolicy reads netlify.toml: /admin/* has a policy of its own, with only the
// sources the interface needs, each with its reason in a comment beside it, noindex, and the
// sign-in window's opener policy; every file of the public site (and any path that is not
// under /admin/) keeps the public headers unchanged, the public policy included.
func TestAdminPolicy(t *testing.T) {
	cfg := netlify(t)
	pub, public := rule(t, cfg, "/*")
	adm, admin := rule(t, cfg, "/admin/*")
	if adm < pub {
		t.Errorf("the /admin/* rule comes before /*: the public values would win there")
	}
	if got := public.Values["Content-Security-Policy"]; got != publicPolicy {
		t.Errorf("the public policy changed:\n%s\nwas\n%s", got, publicPolicy)
	}
	csp := admin.Values["Content-Security-Policy"]
	src, err := os.ReadFile(filepath.Join(repo, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// The comment lines right above the rule's for = "/admin/*".
	text := string(src)
	end := strings.Index(text, `for = "/admin/*"`)
	start := strings.LastIndex(text[:end], "[[headers]]")
	comment := text[start:end]
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		if !strings.Contains(comment, f[0]) {
			t.Errorf("netlify.toml does not say why /admin/* has %s", f[0])
		}
		for _, s := range f[1:] {
			if !slices.Contains(adminSources, s) {
				t.Errorf("/admin/* allows %s in %s", s, f[0])
			}
			if !strings.Contains(comment, s) {
				t.Errorf("netlify.toml does not say why /admin/* allows %s in %s", s, f[0])
			}
		}
	}
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("/admin/* policy lacks %s", want)
		}
	}
	if admin.Values["X-Robots-Tag"] != "noindex, nofollow" || admin.Values["Cross-Origin-Opener-Policy"] != "same-origin-allow-popups" {
		t.Errorf("/admin/* headers %v", admin.Values)
	}

	// The interface, as the preview serves it: its own policy, and the public headers it
	// does not replace.
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "admin"), 0o755)
	os.WriteFile(filepath.Join(dir, "admin", "index.html"), []byte("<!doctype html><html lang=ru><title>admin</title>"), 0o644)
	os.WriteFile(filepath.Join(dir, "admin", "config.yml"), []byte("locale: ru\n"), 0o644)
	for _, p := range []string{"/admin/", "/admin/config.yml", "/admin/decap-cms.js"} {
		h := headersOf(t, dir, cfg, p)
		if h.Get("Content-Security-Policy") != csp || h.Get("X-Robots-Tag") != "noindex, nofollow" {
			t.Errorf("%s: policy %q, robots %q", p, h.Get("Content-Security-Policy"), h.Get("X-Robots-Tag"))
		}
		for k, v := range public.Values {
			if _, replaced := admin.Values[k]; !replaced && h.Get(k) != v {
				t.Errorf("%s: %s = %q, want the public %q", p, k, h.Get(k), v)
			}
		}
	}

	// Every public file, and paths that only look like the interface's, keep the public values.
	built := built(t)
	var paths []string
	filepath.WalkDir(built, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(built, p)
			paths = append(paths, "/"+filepath.ToSlash(rel))
		}
		return err
	})
	if len(paths) < 300 {
		t.Fatalf("only %d files built", len(paths))
	}
	paths = append(paths, "/", "/kk/", "/admin", "/administration/", "/kk/admin/", "/nowhere")
	for _, p := range paths {
		if admin.Matches(p) {
			t.Errorf("the /admin/* rule matches the public %s", p)
			continue
		}
		h := headersOf(t, built, cfg, p)
		for k, v := range public.Values {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", p, k, h.Get(k), v)
			}
		}
		if h.Get("X-Robots-Tag") != "" {
			t.Errorf("%s: X-Robots-Tag %q", p, h.Get("X-Robots-Tag"))
		}
	}
}

// TestPlainFoldersSkipHooks: edit serves /admin/ as Plain, so the editing interface is sent
// as built, without the live script (a reload would lose an editor's unsaved form) and
// without the Page hook; every other page still goes through both.
func TestPlainFoldersSkipHooks(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"en/rights/index.html": "<html><body>rights</body></html>",
		"admin/index.html":     "<html><body>admin</body></html>",
		"admin/config.yml":     "backend: {}",
	} {
		f := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var paged []string
	site := &Site{
		Dir:    dir,
		Config: &Config{},
		Page:   func(p string) func() { paged = append(paged, p); return func() {} },
		HTML:   func(b []byte) []byte { return append(b, "<!--hooked-->"...) },
		Plain:  []string{"/admin/"},
	}
	for _, tc := range []struct {
		path   string
		hooked bool
	}{
		{"/en/rights/", true},
		{"/admin/", false},
		{"/admin/config.yml", false},
	} {
		paged = nil
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		if rec.Code != 200 {
			t.Errorf("%s: status %d", tc.path, rec.Code)
			continue
		}
		if got := strings.Contains(rec.Body.String(), "<!--hooked-->"); got != tc.hooked {
			t.Errorf("%s: HTML hook ran = %v, want %v", tc.path, got, tc.hooked)
		}
		if got := len(paged) > 0; got != tc.hooked {
			t.Errorf("%s: Page hook ran = %v, want %v", tc.path, got, tc.hooked)
		}
	}
}
