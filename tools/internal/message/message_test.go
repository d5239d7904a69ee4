package message

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohugoio/hugo/hugolib"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

var langs = []string{"kk", "ru", "en"}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheck(t *testing.T) {
	good := map[string]string{
		"i18n/kk.toml":            "hello = \"Сәлем\"\n[shelters]\none = \"{{ .Count }} баспана\"\nother = \"{{ .Count }} баспана\"\n",
		"i18n/ru.toml":            "hello = \"Привет\"\n[shelters]\none = \"{{ .Count }} убежище\"\nfew = \"{{ .Count }} убежища\"\nmany = \"{{ .Count }} убежищ\"\nother = \"{{ .Count }} убежища\"\n",
		"i18n/en.toml":            "hello = \"Hello\"\n[shelters]\none = \"{{ .Count }} shelter\"\nother = \"{{ .Count }} shelters\"\n",
		"themes/x/layouts/a.html": `{{ T "hello" }} {{ i18n "shelters" 3 }}`,
		"config.toml":             "",
	}
	tests := []struct {
		name    string
		replace map[string]string // file -> new content ("" removes the file)
		want    []string
	}{
		{"clean", nil, nil},
		{"missing file", map[string]string{"i18n/ru.toml": ""},
			[]string{`i18n/ru.toml: the interface strings of this language are missing (Hugo would silently show another language's strings)`}},
		{"missing key", map[string]string{"i18n/en.toml": "[shelters]\none = \"{{ .Count }} shelter\"\nother = \"{{ .Count }} shelters\"\n"},
			[]string{`i18n/en.toml: key hello is missing`}},
		{"missing plural form", map[string]string{"i18n/ru.toml": "hello = \"Привет\"\n[shelters]\none = \"{{ .Count }} убежище\"\nfew = \"{{ .Count }} убежища\"\nother = \"{{ .Count }} убежища\"\n"},
			[]string{`i18n/ru.toml:2: shelters for count 0: message "shelters" has no plural form "many"`}},
		{"unused key", map[string]string{"i18n/kk.toml": "bye = \"Сау бол\"\n" + good["i18n/kk.toml"],
			"i18n/ru.toml": "bye = \"Пока\"\n" + good["i18n/ru.toml"], "i18n/en.toml": "bye = \"Bye\"\n" + good["i18n/en.toml"]},
			[]string{`i18n/kk.toml:1: key bye is not used by any template`}},
		{"undefined key", map[string]string{"themes/x/layouts/a.html": `{{ T "hello" }} {{ i18n "shelters" 3 }} {{ T "nowhere" }}`},
			[]string{`themes/x/layouts/a.html: uses interface string nowhere, which no language defines`}},
		{"broken toml", map[string]string{"i18n/en.toml": "hello = \"Hello\n"},
			[]string{`i18n/en.toml:1: cannot read:`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range good {
				files[k] = v
			}
			for k, v := range tt.replace {
				if v == "" {
					delete(files, k)
				} else {
					files[k] = v
				}
			}
			root := writeFiles(t, files)
			cat, probs := Load(root, langs)
			used, err := Used(root, nil)
			if err != nil {
				t.Fatal(err)
			}
			probs = append(probs, cat.Check(used)...)
			probs = probs.Sort()
			if len(probs) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(probs), len(tt.want), probs)
			}
			for i, p := range probs {
				first, _, _ := strings.Cut(p.String(), "\n")
				if !strings.HasPrefix(first, tt.want[i]) {
					t.Errorf("problem %d:\n got %s\nwant %s", i, first, tt.want[i])
				}
			}
		})
	}
}

// TestHugoFallsBackSilently documents the trap the checker exists for: with no ru.toml,
// Hugo renders the Russian page with the Kazakh string and reports nothing.
func TestHugoFallsBackSilently(t *testing.T) {
	files := `
-- hugo.toml --
defaultContentLanguage = "kk"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "page", "section", "404", "robotstxt"]
[languages.kk]
weight = 1
[languages.ru]
weight = 2
-- i18n/kk.toml --
hello = "Сәлем"
-- layouts/home.html --
[{{ T "hello" }}]
`
	b := hugolib.Test(t, files, hugolib.TestOptWarn())
	b.AssertFileContent("public/ru/index.html", "[Сәлем]")
	b.AssertLogContains("! MISSING_TRANSLATION")
}

// TestAgreesWithHugo renders every interface string of the portal, for every count that
// selects a plural form, with Hugo, and compares it with what go-i18n gives the checker.
func TestAgreesWithHugo(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	cat, probs := Load(root, langs)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var files strings.Builder
	files.WriteString("-- hugo.toml --\ndefaultContentLanguage = \"kk\"\ndefaultContentLanguageInSubdir = true\n")
	files.WriteString("disableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"page\", \"section\", \"404\", \"robotstxt\"]\n")
	for i, l := range langs {
		fmt.Fprintf(&files, "[languages.%s]\nweight = %d\n", l, i+1)
	}
	for _, l := range langs {
		src, err := os.ReadFile(filepath.Join(root, "i18n", l+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&files, "-- i18n/%s.toml --\n%s", l, src)
	}
	// One line per key and count: key|count|rendered text.
	files.WriteString("-- layouts/home.html --\n")
	lines := 0
	for k := range cat.Keys["en"] {
		if !cat.Plural[k] {
			fmt.Fprintf(&files, "%s||{{ T %q }}\n", k, k)
			lines++
			continue
		}
		for _, n := range Counts {
			fmt.Fprintf(&files, "%s|%v|{{ T %q (dict \"Count\" %v) }}\n", k, n, k, n)
			lines++
		}
	}
	b := hugolib.Test(t, files.String())
	for _, l := range langs {
		loc := i18n.NewLocalizer(cat.Bundle, l)
		got := strings.Split(strings.TrimSpace(b.FileContent("public/"+l+"/index.html")), "\n")
		if len(got) != lines {
			t.Fatalf("%s: Hugo rendered %d lines, want %d", l, len(got), lines)
		}
		for _, line := range got {
			parts := strings.SplitN(line, "|", 3)
			cfg := &i18n.LocalizeConfig{MessageID: parts[0]}
			if parts[1] != "" {
				cfg.PluralCount = parts[1]
				cfg.TemplateData = map[string]any{"Count": parts[1]}
			}
			want, err := loc.Localize(cfg)
			if err != nil {
				t.Errorf("%s %s: go-i18n: %v", l, parts[0], err)
				continue
			}
			if rendered := html.UnescapeString(parts[2]); rendered != want {
				t.Errorf("%s %s count %s: Hugo renders %q, go-i18n %q", l, parts[0], parts[1], rendered, want)
			}
		}
	}
}
