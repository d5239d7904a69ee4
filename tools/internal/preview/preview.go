// Package preview serves a built site on this machine the way Netlify serves it: the files
// of public/ with the headers and redirects of netlify.toml, read from that file so the two
// never drift apart.
package preview

import (
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
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
func Handler(dir string, cfg *Config) http.Handler {
	exists := func(p string) bool {
		f := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+p)))
		if fi, err := os.Stat(f); err == nil {
			if !fi.IsDir() {
				return true
			}
			_, err := os.Stat(filepath.Join(f, "index.html"))
			return err == nil
		}
		return false
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range cfg.Headers {
			if rule.Matches(r.URL.Path) {
				for k, v := range rule.Values {
					w.Header().Set(k, v)
				}
			}
		}
		target, status := cfg.Resolve(r.URL.Path, r.Header.Get("Accept-Language"), exists)
		switch {
		case status == 301 || status == 302:
			http.Redirect(w, r, target, status)
		case status == 404 || status == 200:
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path.Clean("/"+target))))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			w.Write(b)
		default:
			files.ServeHTTP(w, r)
		}
	})
}
