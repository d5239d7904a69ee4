package page

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

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

// CheckChanges reads ChangesFile and checks that every entry has a date, names a page (and
// section) that exists, and has its note in every language.
func CheckChanges(root string, set *Set) problem.List {
	var probs problem.List
	src, err := os.ReadFile(filepath.Join(root, ChangesFile))
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		probs.Addf(ChangesFile, 0, 0, "", "cannot read: %v", err)
		return probs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		probs.Addf(ChangesFile, 0, 0, "each entry starts with - date:, then page:, section: and note:", "not valid YAML: %v", err)
		return probs
	}
	if len(doc.Content) == 0 {
		return nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		probs.Addf(ChangesFile, list.Line, 0, "write a list: each entry starts with - date:", "is not a list of changes")
		return probs
	}
	for _, item := range list.Content {
		var c Change
		if err := item.Decode(&c); err != nil {
			probs.Addf(ChangesFile, item.Line, 0, "write date:, page:, section: and note: with kk:, ru: and en:", "%v", err)
			continue
		}
		if _, err := time.Parse("2006-01-02", c.Date); err != nil {
			probs.Addf(ChangesFile, item.Line, 0, `write the date as "YYYY-MM-DD"`, "date %q is not a date", c.Date)
		}
		target := set.Get(c.Page, Languages[0])
		switch {
		case target == nil:
			probs.Addf(ChangesFile, item.Line, 0, "use a page id; page ids: "+fmt.Sprint(set.IDs()), "unknown page %q", c.Page)
		case c.Section != "" && !hasSection(target, c.Section):
			probs.Addf(ChangesFile, item.Line, 0, fmt.Sprintf("use one of %s's section ids: %v", c.Page, sectionIDs(target)),
				"unknown section %q of page %q", c.Section, c.Page)
		}
		for _, l := range Languages {
			if c.Note[l] == "" {
				probs.Addf(ChangesFile, item.Line, 0, fmt.Sprintf("add %s: under note:", l), "note has no %s text", langName[l])
			}
		}
	}
	return probs
}
