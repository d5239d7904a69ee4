// Package message checks the portal's interface strings: the i18n/<lang>.toml files that
// Hugo renders with its fork of go-i18n. They are read here with go-i18n itself, so that a
// missing file, key or plural form fails the check instead of Hugo silently falling back to
// another language's string.
package message

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"

	"kzportal.example/portal/tools/internal/input"
	"kzportal.example/portal/tools/internal/problem"
)

// Counts tried for every plural message: they reach every CLDR category of kk, ru and en
// (one, few, many, other), fractions included.
var Counts = []any{0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, "1.5"}

// A Catalog is the interface strings of every language.
type Catalog struct {
	Bundle *i18n.Bundle
	Langs  []string
	Keys   map[string]map[string]int // lang -> key -> line in its file
	Plural map[string]bool           // keys written with plural forms in any language
}

// Load reads root/i18n/<lang>.toml for each language.
func Load(root string, langs []string) (*Catalog, problem.List) {
	var probs problem.List
	c := &Catalog{Bundle: i18n.NewBundle(language.Make(langs[0])), Langs: langs,
		Keys: map[string]map[string]int{}, Plural: map[string]bool{}}
	c.Bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range langs {
		rel := "i18n/" + l + ".toml"
		src, ps, err := input.Read(root, rel)
		probs = append(probs, ps...)
		if ps != nil {
			continue
		}
		if err != nil {
			probs.Add(problem.At(rel, 0, 0, "i18n.file_missing", problem.Args{"File": rel}))
			continue
		}
		chars := input.Scan(rel, src)
		probs = append(probs, chars...)
		if input.Controls(chars) {
			continue // TOML would refuse it, at another line
		}
		if _, err := c.Bundle.ParseMessageFileBytes(src, rel); err != nil {
			probs.Add(problem.At(rel, errLine(err), 0, "i18n.not_toml", problem.Args{"Err": err.Error()}))
			continue
		}
		c.Keys[l] = keyLines(src)
		var raw map[string]any
		if toml.Unmarshal(src, &raw) == nil {
			probs = append(probs, input.Strings(rel, raw, src, func(k string) int { return c.Keys[l][k] })...)
			for k, v := range raw {
				if m, ok := v.(map[string]any); ok && (m["one"] != nil || m["few"] != nil || m["many"] != nil) {
					c.Plural[k] = true
				}
			}
		}
	}
	return c, probs
}

var keyLine = regexp.MustCompile(`^\s*(?:\[\s*"?([A-Za-z0-9_]+)"?\s*\]|"?([A-Za-z0-9_]+)"?\s*=)`)

// keyLines finds the line of each top-level key or table in a TOML file.
func keyLines(src []byte) map[string]int {
	lines := map[string]int{}
	inTable := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		m := keyLine.FindStringSubmatch(sc.Text())
		switch {
		case m == nil:
		case m[1] != "":
			lines[m[1]], inTable = n, true
		case !inTable:
			lines[m[2]] = n
		}
	}
	return lines
}

func errLine(err error) int {
	var line int
	var derr *toml.DecodeError
	if errors.As(err, &derr) {
		line, _ = derr.Position()
	}
	return line
}

// Check reports keys missing from a language, plural messages without the forms their
// language needs, keys the templates use that no file defines, and keys no template uses.
func (c *Catalog) Check(used map[string]string) problem.List {
	var probs problem.List
	all := map[string]bool{}
	for _, keys := range c.Keys {
		for k := range keys {
			all[k] = true
		}
	}
	for _, l := range c.Langs {
		keys, ok := c.Keys[l]
		if !ok {
			continue
		}
		rel := "i18n/" + l + ".toml"
		loc := i18n.NewLocalizer(c.Bundle, l)
		for _, k := range slices.Sorted(maps.Keys(all)) {
			if _, ok := keys[k]; !ok {
				probs.Add(problem.At(rel, 0, 0, "i18n.key_missing", problem.Args{"Key": k}))
				continue
			}
			if !c.Plural[k] {
				continue
			}
			for _, n := range Counts {
				if _, err := loc.Localize(&i18n.LocalizeConfig{MessageID: k, PluralCount: n}); err != nil {
					probs.Add(problem.At(rel, keys[k], 0, "i18n.plural", problem.Args{"Key": k, "N": fmt.Sprint(n),
						"Err": err.Error(), "Forms": strings.Join(Forms[l], ", ")}))
					break
				}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(used)) {
		if !all[k] {
			probs.Add(problem.At(used[k], 0, 0, "i18n.undefined", problem.Args{"Key": k}))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(all)) {
		if _, ok := used[k]; !ok {
			rel := "i18n/" + c.Langs[0] + ".toml"
			probs.Add(problem.At(rel, c.Keys[c.Langs[0]][k], 0, "i18n.unused", problem.Args{"Key": k}))
		}
	}
	return probs
}

// Forms are the CLDR plural categories of each language (what go-i18n's rules select).
var Forms = map[string][]string{"kk": {"one", "other"}, "ru": {"one", "few", "many", "other"}, "en": {"one", "other"},
	"uz": {"one", "other"}, "ky": {"one", "other"}, "tg": {"one", "other"}}

var (
	templateKey = regexp.MustCompile(`\b(?:T|i18n)\s+"([a-z0-9_]+)"`)
	configLabel = regexp.MustCompile(`(?m)^\s*(?:label|short)\s*=\s*"(number_[a-z0-9_]+)"`)
)

// Used finds the keys that templates name literally (T "key" or i18n "key") and the number
// labels in config.toml, each with the file that first uses it. derived are keys templates
// look up by value (serves_women, …), each with where the values are defined.
func Used(root string, derived map[string]string) (map[string]string, error) {
	used := map[string]string{}
	for k, where := range derived {
		used[k] = where
	}
	add := func(re *regexp.Regexp, rel string, src []byte) {
		for _, m := range re.FindAllSubmatch(src, -1) {
			if _, ok := used[string(m[1])]; !ok {
				used[string(m[1])] = rel
			}
		}
	}
	for _, dir := range []string{"themes", "layouts"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			add(templateKey, filepath.ToSlash(rel), src)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	src, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil {
		return nil, err
	}
	add(configLabel, "config.toml", src)
	return used, nil
}

// T renders the interface string key of lang with data, as Hugo's T would; a string that
// is missing renders as its key (the check reports it).
func (c *Catalog) T(lang, key string, data map[string]any) string {
	s, err := i18n.NewLocalizer(c.Bundle, lang).Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil && s == "" {
		return key
	}
	return s
}
