package site

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"kzportal.example/portal/tools/internal/page"
)

// TestEditionsDeclared: config.toml (Hugo's languages) has the tools' languages, no more,
// and marks exactly page.Partial as partial editions, which the templates read.
func TestEditionsDeclared(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		DefaultContentLanguage string `toml:"defaultContentLanguage"`
		Languages              map[string]struct {
			Weight int               `toml:"weight"`
			Params map[string]string `toml:"params"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(src, &cfg); err != nil {
		t.Fatal(err)
	}
	var langs []string
	for l := range cfg.Languages {
		langs = append(langs, l)
	}
	slices.SortFunc(langs, func(a, b string) int { return cfg.Languages[a].Weight - cfg.Languages[b].Weight })
	if !slices.Equal(langs, page.AllLanguages()) || cfg.DefaultContentLanguage != page.Languages[0] {
		t.Errorf("config.toml has the languages %v (default %s); the tools have %v", langs, cfg.DefaultContentLanguage, page.AllLanguages())
	}
	for l, c := range cfg.Languages {
		if partial := c.Params["edition"] == "partial"; partial != slices.Contains(page.Partial, l) {
			t.Errorf("config.toml: %s partial %v; page.Partial is %v", l, partial, page.Partial)
		}
	}
}
