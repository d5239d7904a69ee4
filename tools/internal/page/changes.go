package page

import (
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/input"
	"kzportal.example/portal/tools/internal/problem"
)

// ChangesFile lists what changed on the portal, for the "What changed" page.
const ChangesFile = "data/changes.yaml"

// A Change is one entry of ChangesFile.
type Change struct {
	Date    string            `yaml:"date"`
	Page    string            `yaml:"page"`
	Section string            `yaml:"section"`
	Note    map[string]string `yaml:"note"`
}

// noteMissing are the problems of a change without its note in one of the languages.
var noteMissing = map[string]string{"kk": "changes.note_missing_kk", "ru": "changes.note_missing_ru", "en": "changes.note_missing_en"}

// CheckChanges reads ChangesFile and checks that every entry has a date, names a page (and
// section) that exists, and has its note in every language.
func CheckChanges(root string, set *Set) problem.List {
	var probs problem.List
	src, ps, err := input.YAMLFile(root, ChangesFile)
	probs = append(probs, ps...)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		probs.Add(problem.At(ChangesFile, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
		return probs
	} else if src == nil {
		return probs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		probs.Add(problem.At(ChangesFile, 0, 0, "changes.not_yaml", problem.Args{"Err": err.Error()}))
		return probs
	}
	if len(doc.Content) == 0 {
		return nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		probs.Add(problem.At(ChangesFile, list.Line, 0, "changes.not_list", nil))
		return probs
	}
	for _, item := range list.Content {
		var c Change
		if err := item.Decode(&c); err != nil {
			probs.Add(problem.At(ChangesFile, item.Line, 0, "changes.bad_entry", problem.Args{"Err": strings.TrimPrefix(err.Error(), "yaml: ")}))
			continue
		}
		if _, err := time.Parse("2006-01-02", c.Date); err != nil {
			p := problem.At(ChangesFile, item.Line, 0, "changes.bad_date", problem.Args{"Value": c.Date})
			if d := front.SuggestDate(c.Date); d != "" {
				p = p.WithHint("hint_suggest").With(problem.Args{"Want": d})
			}
			probs.Add(p)
		}
		var target *Page
		failed := false
		for _, l := range Languages {
			failed = failed || set.Failed(c.Page, l)
			if target == nil {
				target = set.Get(c.Page, l)
			}
		}
		switch {
		case target == nil && failed:
			// the page's file has problems of its own
		case target == nil:
			probs.Add(problem.At(ChangesFile, item.Line, 0, "changes.unknown_page", problem.Args{"Value": c.Page, "IDs": strings.Join(set.IDs(), ", ")}))
		case c.Section != "" && !hasSection(target, c.Section):
			probs.Add(problem.At(ChangesFile, item.Line, 0, "changes.unknown_section",
				problem.Args{"Value": c.Section, "Page": c.Page, "IDs": strings.Join(sectionIDs(target), ", ")}))
		}
		for _, l := range Languages {
			if c.Note[l] == "" {
				probs.Add(problem.At(ChangesFile, item.Line, 0, noteMissing[l], nil))
			}
		}
	}
	return probs
}
