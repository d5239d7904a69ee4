package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gohugoio/hugo/commands"
)

// childFloor times plain Hugo, as its own command runs, building the floor site.
func childFloor(dir, out string) (Result, error) {
	var res Result
	start := time.Now()
	err := commands.Execute([]string{"build", "--source", dir, "--destination", out,
		"--cacheDir", filepath.Join(dir, ".cache"), "--logLevel", "warn", "--noBuildLock"})
	res.Seconds = time.Since(start).Seconds()
	if err != nil {
		return res, fmt.Errorf("hugo: %w", err)
	}
	res.Published = true
	res.Pages, err = countPages(out)
	return res, err
}

// writeFloor writes the floor site: a Hugo site in kk, ru and en with one trivial layout
// and as many pages as the portal built. Hugo adds a home page per language and the root
// page that leads to the default language; the rest are leaf pages, one language each.
func writeFloor(dir string, pages int) error {
	files := map[string]string{
		"config.toml": `baseURL = "https://floor.example/"
defaultContentLanguage = "kk"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "rss", "sitemap", "404"]
[languages.kk]
weight = 1
[languages.ru]
weight = 2
[languages.en]
weight = 3
`,
		"layouts/all.html": `<!doctype html><html lang="{{ site.Language.Lang }}"><meta charset="utf-8"><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}</html>
`,
	}
	langs := []string{"kk", "ru", "en"}
	for i := 0; i < pages-4; i++ {
		files[fmt.Sprintf("content/p%06d/index.%s.md", i/3, langs[i%3])] = fmt.Sprintf(`---
title: "Page %d"
---

A page of the floor site, about as long as a shelter's entry. It has a heading, two short
paragraphs and a list, rendered from Markdown by one layout.

## Section %d

- first item
- second item

The second paragraph closes the page.
`, i, i)
	}
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			return err
		}
	}
	return nil
}
