package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kzportal.example/portal/tools/internal/problem"
)

func TestCheckHugoVersion(t *testing.T) {
	if HugoVersion != "0.165.0" {
		t.Errorf("the tools run Hugo %s", HugoVersion)
	}
	root := filepath.Join("..", "..", "..")
	if probs := checkHugoVersion(root, HugoVersion); len(probs) > 0 {
		t.Errorf("the repository: %v", probs)
	}
	probs := checkHugoVersion(root, "0.166.0")
	if len(probs) != 2 || !strings.Contains(problem.English.Message(probs[0]), "pins Hugo v0.165.0, but this tool runs Hugo v0.166.0") ||
		!strings.Contains(problem.English.Message(probs[1]), `HUGO_VERSION is "0.165.0"`) {
		t.Errorf("another Hugo: %v", probs)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "netlify.toml"), []byte("[build.environment]\nHUGO_VERSION = \"0.150.0\"\n"), 0o644)
	if probs := checkHugoVersion(dir, HugoVersion); len(probs) != 1 || probs[0].Path != "netlify.toml" {
		t.Errorf("netlify.toml out of step: %v", probs)
	}
}
