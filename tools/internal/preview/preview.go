// Package preview serves a built site on this machine the way Netlify serves it: the files
// of public/ with the headers and redirects of netlify.toml, read from that file so the two
// never drift apart.
package preview

import (
	"fmt"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// Config is the part of netlify.toml the preview follows.
type Config struct {
	Build struct {
		Publish     string            `toml:"publish"`
		Command     string            `toml:"command"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Redirects []Redirect `toml:"redirects"`
	Headers   []Rule     `toml:"headers"`
}

// A Redirect is one [[redirects]] table.
type Redirect struct {
	From       string              `toml:"from"`
	To         string              `toml:"to"`
	Status     int                 `toml:"status"`
	Force      bool                `toml:"force"`
	Conditions map[string][]string `toml:"conditions"`
}

// A Rule is one [[headers]] table.
type Rule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// Load reads a netlify.toml.
func Load(netlifyTOML string) (*Config, error) {
	src, err := os.ReadFile(netlifyTOML)
	if err != nil {
		return nil, err
	}
	var cfg Config
	if err := toml.Unmarshal(src, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", netlifyTOML, err)
	}
	return &cfg, nil
}

// match reports whether a Netlify path pattern (an exact path, or a prefix ending in /*)
// covers p, and what * stood for.
func match(pattern, p string) (splat string, ok bool) {
	if prefix, found := strings.CutSuffix(pattern, "*"); found {
		if strings.HasPrefix(p, prefix) {
			return strings.TrimPrefix(p, prefix), true
		}
		return "", false
	}
	return "", p == pattern || p == pattern+"/" || strings.TrimSuffix(p, "/") == pattern
}

// Matches reports whether the rule covers p.
func (r Rule) Matches(p string) bool {
	_, ok := match(r.For, p)
	return ok
}

// languageOf returns the primary language the visitor's browser asks for first.
func languageOf(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return ""
	}
	base, _ := tags[0].Base()
	return base.String()
}

// Resolve applies the redirects to a request for p, as Netlify does: rules in order, the
// first that matches wins; a rule without force applies only where no file exists
// (exists reports that). It returns the path to serve or redirect to, and the status (0: serve
// p itself).
func (c *Config) Resolve(p, acceptLanguage string, exists func(string) bool) (string, int) {
	lang := languageOf(acceptLanguage)
	for _, r := range c.Redirects {
		splat, ok := match(r.From, p)
		if !ok {
			continue
		}
		if langs, has := r.Conditions["Language"]; has && !slices.Contains(langs, lang) {
			continue
		}
		if !r.Force && exists(p) {
			return p, 0
		}
		return strings.ReplaceAll(r.To, ":splat", splat), r.Status
	}
	return p, 0
}

// Handler serves the folder dir as Netlify would with cfg: its redirects (301/302 send the
// browser on; 200 and 404 serve the target's file) and, on every response, the headers of
// every matching rule.
func Handler(dir string, cfg *Config) http.Handler { return &Site{Dir: dir, Config: cfg} }

// A Site serves a built folder as Netlify would (see Handler), with two hooks for serve.
type Site struct {
	Dir    string
	Config *Config
	// Page, when set, is called before an HTML page is read, with its path (/kk/rights/,
	// /kk/404.html), and returns what to call once the page is sent: serve renders a page
	// its last build left stale, and keeps builds from writing pages while one is read.
	Page func(path string) (done func())
	// HTML, when set, is given each HTML page before it is sent, and returns what to send.
	HTML func(b []byte) []byte
	// Plain are folders (/admin/) whose files are sent as they are, without the hooks.
	Plain []string
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cfg := s.Config
	// The path is cleaned once, here, and only this clean path is used below; files are
	// opened through an os.Root on the folder, which no "..", encoded or not, and no link
	// can leave.
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
		p += "/"
	}
	s.headers(w, p)
	target, status := cfg.Resolve(p, r.Header.Get("Accept-Language"), s.exists)
	switch {
	case status == 301 || status == 302:
		http.Redirect(w, r, target, status)
	case status == 404 || status == 200:
		b, ok := s.read(path.Clean("/" + target))
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(b)
	case s.isPage(p):
		page := p
		if strings.HasSuffix(page, "/") {
			page += "index.html"
		}
		b, ok := s.read(page)
		if !ok {
			s.files(w, r, p)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	default:
		s.files(w, r, p)
	}
}

// files serves the file at the clean path p from the folder, as a file server does.
func (s *Site) files(w http.ResponseWriter, r *http.Request, p string) {
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer root.Close()
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = p, ""
	http.FileServerFS(root.FS()).ServeHTTP(w, r2)
}

// headers sets the headers of every rule that covers the clean path p.
func (s *Site) headers(w http.ResponseWriter, p string) {
	for _, rule := range s.Config.Headers {
		if rule.Matches(p) {
			for k, v := range rule.Values {
				w.Header().Set(k, v)
			}
		}
	}
}

// isPage reports whether p names an HTML page to read whole: a folder's page (/kk/rights/)
// or an .html file other than an index.html, which the file server redirects to its folder.
func (s *Site) isPage(p string) bool {
	if s.Page == nil && s.HTML == nil || slices.ContainsFunc(s.Plain, func(dir string) bool { return strings.HasPrefix(p, dir) }) {
		return false // the file server does it all
	}
	return strings.HasSuffix(p, "/") || (strings.HasSuffix(p, ".html") && path.Base(p) != "index.html")
}

func (s *Site) exists(p string) bool {
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		return false
	}
	defer root.Close()
	rel := strings.TrimPrefix(path.Clean("/"+p), "/")
	if rel == "" {
		rel = "."
	}
	if fi, err := root.Stat(rel); err == nil {
		if !fi.IsDir() {
			return true
		}
		_, err := root.Stat(path.Join(rel, "index.html"))
		return err == nil
	}
	return false
}

// read returns the page at the clean slash path p, through the hooks.
func (s *Site) read(p string) ([]byte, bool) {
	if s.Page != nil {
		defer s.Page(strings.TrimSuffix(p, "index.html"))()
	}
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		return nil, false
	}
	defer root.Close()
	b, err := root.ReadFile(strings.TrimPrefix(path.Clean("/"+p), "/"))
	if err != nil {
		return nil, false
	}
	if s.HTML != nil {
		b = s.HTML(b)
	}
	return b, true
}
