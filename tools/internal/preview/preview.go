// Package preview serves a built site on this machine the way the CDN serves it: the files
// of public/ with the headers netlify.toml sets, read from that file so the two never drift.
package preview

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// A Rule is one [[headers]] table of netlify.toml.
type Rule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// Rules reads the [[headers]] tables of a netlify.toml.
func Rules(netlifyTOML string) ([]Rule, error) {
	src, err := os.ReadFile(netlifyTOML)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Headers []Rule `toml:"headers"`
	}
	if err := toml.Unmarshal(src, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", netlifyTOML, err)
	}
	return cfg.Headers, nil
}

// Matches reports whether the rule's path pattern (an exact path, or a prefix ending in *)
// covers p.
func (r Rule) Matches(p string) bool {
	if prefix, ok := strings.CutSuffix(r.For, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == r.For
}

// Handler serves the folder dir with, as Netlify does, the headers of every matching rule.
func Handler(dir string, rules []Rule) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if rule.Matches(r.URL.Path) {
				for k, v := range rule.Values {
					w.Header().Set(k, v)
				}
			}
		}
		files.ServeHTTP(w, r)
	})
}
