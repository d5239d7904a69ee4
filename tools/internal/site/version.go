package site

import (
	"os"
	"path/filepath"
	"regexp"

	"github.com/gohugoio/hugo/common/hugo"
	"github.com/pelletier/go-toml/v2"

	"kzportal.example/portal/tools/internal/problem"
)

// HugoVersion is the version of the Hugo this tool runs in-process.
var HugoVersion = hugo.CurrentVersion.Version().String()

var hugoRequire = regexp.MustCompile(`(?m)^\s*(?:require\s+)?github\.com/gohugoio/hugo v(\S+)`)

// checkHugoVersion refuses a build whose Hugo differs from the version go.mod pins, or from
// the one netlify.toml declares: templates are tested against one Hugo, and another may
// render them differently without a word.
func checkHugoVersion(root, running string) problem.List {
	var probs problem.List
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err == nil {
		if m := hugoRequire.FindSubmatch(gomod); m != nil && string(m[1]) != running {
			probs.Add(problem.At("go.mod", 0, 0, "hugo.version_gomod", problem.Args{"Pinned": string(m[1]), "Running": running}))
		}
	}
	src, err := os.ReadFile(filepath.Join(root, "netlify.toml"))
	if err != nil {
		return probs
	}
	var cfg struct {
		Build struct {
			Environment map[string]string `toml:"environment"`
		} `toml:"build"`
	}
	if err := toml.Unmarshal(src, &cfg); err != nil {
		probs.Add(problem.At("netlify.toml", 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
		return probs
	}
	if v := cfg.Build.Environment["HUGO_VERSION"]; v != running {
		probs.Add(problem.At("netlify.toml", 0, 0, "hugo.version_netlify", problem.Args{"Value": v, "Running": running}))
	}
	return probs
}
