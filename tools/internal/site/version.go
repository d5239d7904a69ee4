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
			probs.Addf("go.mod", 0, 0, "run the tools with `go run ./tools`, which builds the pinned Hugo",
				"pins Hugo v%s, but this tool runs Hugo v%s; the templates are tested with the pinned version only", m[1], running)
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
		probs.Addf("netlify.toml", 0, 0, "", "cannot read: %v", err)
		return probs
	}
	if v := cfg.Build.Environment["HUGO_VERSION"]; v != running {
		probs.Addf("netlify.toml", 0, 0, `set HUGO_VERSION = "`+running+`" under [build.environment]`,
			"HUGO_VERSION is %q, but the tools run Hugo v%s", v, running)
	}
	return probs
}
