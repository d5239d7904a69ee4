package preview

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/site"
)

var repo = filepath.Join("..", "..", "..")

var (
	once   sync.Once
	public string
	err    error
)

// TestMain removes the built site when the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if public != "" {
		os.RemoveAll(filepath.Dir(public))
	}
	os.Exit(code)
}

// built builds the shipped site once into a temporary folder.
func built(t *testing.T) string {
	t.Helper()
	once.Do(func() {
		dir, e := os.MkdirTemp("", "portal-preview-")
		if e != nil {
			err = e
			return
		}
		if err = site.CopySources(repo, dir); err != nil {
			return
		}
		_, probs, e := site.Build(site.Options{Root: dir})
		if e != nil {
			err = e
		} else if errs := probs.Errors(); len(errs) > 0 {
			err = errs
		}
		public = filepath.Join(dir, "public")
	})
	if err != nil {
		t.Fatal(err)
	}
	return public
}

func netlify(t *testing.T) *Config {
	t.Helper()
	cfg, err := Load(filepath.Join(repo, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestHugoVersionPinned: Netlify's HUGO_VERSION is the Hugo version go.mod pins.
func TestHugoVersionPinned(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`github.com/gohugoio/hugo v(\S+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod does not require github.com/gohugoio/hugo")
	}
	if got := netlify(t).Build.Environment["HUGO_VERSION"]; got != string(m[1]) {
		t.Errorf("netlify.toml HUGO_VERSION = %q, go.mod pins %s", got, m[1])
	}
	if cmd := netlify(t).Build.Command; !strings.Contains(cmd, "go run ./tools build") {
		t.Errorf("netlify.toml builds with %q, not the project's pipeline", cmd)
	}
}

// TestRedirectTargetsExist: every redirect of netlify.toml leads to a file of the built site,
// for every short link.
func TestRedirectTargetsExist(t *testing.T) {
	pub := built(t)
	cfg := netlify(t)
	ids, _ := filepath.Glob(filepath.Join(pub, "go", "*"))
	if len(ids) < 9 {
		t.Fatalf("only %d short links", len(ids))
	}
	for _, r := range cfg.Redirects {
		targets := []string{r.To}
		if strings.Contains(r.To, ":splat") {
			targets = nil
			for _, id := range ids {
				if splat, ok := match(r.From, "/go/"+filepath.Base(id)+"/"); ok {
					targets = append(targets, strings.ReplaceAll(r.To, ":splat", splat))
				}
			}
		}
		for _, to := range targets {
			f := filepath.Join(pub, filepath.FromSlash(to))
			if strings.HasSuffix(to, "/") {
				f = filepath.Join(f, "index.html")
			}
			if _, err := os.Stat(f); err != nil {
				t.Errorf("redirect %s -> %s: %s does not exist", r.From, r.To, to)
			}
		}
	}
}

// TestServeLikeNetlify requests the built site through the preview handler and checks the
// redirects a visitor meets and the headers every response carries.
func TestServeLikeNetlify(t *testing.T) {
	pub := built(t)
	cfg := netlify(t)
	srv := httptest.NewServer(Handler(pub, cfg))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path, lang string
		status     int
		location   string
	}{
		{"/", "ru-RU,ru;q=0.9,en;q=0.8", 302, "/ru/"},
		{"/", "en-GB,en;q=0.9", 302, "/en/"},
		{"/", "kk-KZ", 302, "/kk/"},
		{"/", "de-DE", 302, "/kk/"},
		{"/", "", 302, "/kk/"},
		{"/go/rights/", "ru", 302, "/ru/rights/"},
		{"/go/compensation/", "en-US,en", 302, "/en/compensation/"},
		{"/go/safety/", "de", 302, "/kk/safety/"},
		{"/go/safety/", "uz", 302, "/ru/safety/"}, // a page the Uzbek edition does not have
		{"/go/rights/", "ky-KG", 302, "/ky/rights/"},
		{"/", "tg", 302, "/tg/"},
		{"/ru/rights/", "en", 200, ""},
		{"/ru/no-such-page/", "ru", 404, ""},
		{"/en/no-such-page/", "ru", 404, ""},
		{"/nowhere", "en", 404, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		if tt.lang != "" {
			req.Header.Set("Accept-Language", tt.lang)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
			t.Errorf("GET %s (%s): %d %s, want %d %s", tt.path, tt.lang, resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
		}
		for _, rule := range cfg.Headers {
			if !rule.Matches(tt.path) {
				continue
			}
			for k, v := range rule.Values {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("GET %s: %s = %q, netlify.toml sets %q", tt.path, k, got, v)
				}
			}
		}
	}
	resp, err := http.Get(srv.URL + "/ru/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, h := range []string{"Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy", "Strict-Transport-Security"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

// TestNotFoundLanguage: a missing page under /ru/ gets the Russian 404 page, elsewhere the
// Kazakh one.
func TestNotFoundLanguage(t *testing.T) {
	srv := httptest.NewServer(Handler(built(t), netlify(t)))
	defer srv.Close()
	for path, lang := range map[string]string{"/ru/x/": "ru", "/en/x/": "en", "/x/": "kk", "/kk/x": "kk"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 200)
		n, _ := resp.Body.Read(b)
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.Contains(string(b[:n]), `<html lang=`+lang+`>`) {
			t.Errorf("GET %s: %d %q, want the %s 404 page", path, resp.StatusCode, b[:n], lang)
		}
	}
}

// TestPartnerLinks follows every short link listed on the partners page, in each language:
// under the redirect rules with each browser language, it must end on a page that has the
// #section; without redirects, the fallback page must offer that page in all three languages.
func TestPartnerLinks(t *testing.T) {
	pub := built(t)
	cfg := netlify(t)
	site, err := audit.Read(pub, "https://portal.example/")
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`<code>https://portal\.example(/go/[^<#]+)(#[^<]*)?</code>`)
	exists := func(p string) bool { _, ok := site.Pages[strings.TrimPrefix(p, "/")+"index.html"]; return ok }
	checked := 0
	for _, lang := range []string{"kk", "ru", "en"} {
		b, err := os.ReadFile(filepath.Join(pub, lang, "partners", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			path, frag := m[1], strings.TrimPrefix(m[2], "#")
			for _, browser := range []string{"kk", "ru", "en", "de"} {
				to, status := cfg.Resolve(path, browser, exists)
				target := site.Pages[strings.TrimPrefix(to, "/")+"index.html"]
				if status != 302 || target == nil || (frag != "" && !target.IDs[frag]) {
					t.Errorf("%s partners: %s#%s with a %s browser leads to %s (%d)", lang, path, frag, browser, to, status)
				}
			}
			fallback := site.Pages[strings.TrimPrefix(path, "/")+"index.html"]
			if fallback == nil || len(fallback.Links) < 3 {
				t.Errorf("%s has no fallback page offering the three languages", path)
			}
			checked++
		}
	}
	if checked < 3*30 {
		t.Errorf("only %d links checked", checked)
	}
}

// TestPartialEditionRedirects: a browser that asks for Uzbek, Kyrgyz or Tajik reaches that
// edition at / and at the short link of each essential page, any other page in Russian, and
// that edition's 404 page; no rule leads a partial edition to a page it does not have.
func TestPartialEditionRedirects(t *testing.T) {
	cfg := netlify(t)
	exists := func(string) bool { return false }
	for _, l := range page.Partial {
		if to, _ := cfg.Resolve("/", l+",ru;q=0.5", exists); to != "/"+l+"/" {
			t.Errorf("%s: / leads to %s", l, to)
		}
		for _, id := range page.Essentials {
			if id == "home" {
				continue
			}
			if to, _ := cfg.Resolve("/go/"+id+"/", l, exists); to != "/"+l+"/"+id+"/" {
				t.Errorf("%s: /go/%s/ leads to %s", l, id, to)
			}
		}
		if to, _ := cfg.Resolve("/go/court/", l, exists); to != "/ru/court/" {
			t.Errorf("%s: /go/court/ leads to %s, want the Russian page", l, to)
		}
		if to, status := cfg.Resolve("/"+l+"/nowhere/", l, exists); to != "/"+l+"/404.html" || status != 404 {
			t.Errorf("%s: a missing page is answered by %s %d", l, to, status)
		}
	}
	for _, r := range cfg.Redirects {
		id, ok := strings.CutPrefix(strings.TrimSuffix(r.From, "/*"), "/go/")
		if !ok || id == "*" {
			continue
		}
		for _, l := range r.Conditions["Language"] {
			if !page.Expected(id, l) {
				t.Errorf("a rule leads %s to /go/%s/, which that edition does not have", l, id)
			}
		}
	}
}
