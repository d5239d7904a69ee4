package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"kzportal.example/portal/tools/internal/problem"
)

// TrialDir is where a Trial keeps its copy of the sources, in the work folder.
const TrialDir = WorkDir + "/trial"

// A Trial checks the site as it would be with some files changed, before they are
// written: edit's backend refuses to save what the build would refuse. It keeps a copy of
// the sources in TrialDir, brought up to date before each trial (only files whose size or
// time changed are copied), lays the changed files over it and runs Check there, with a
// parse cache, so a trial costs a check of the changed files and the checks across files.
type Trial struct {
	opts   Options // Root: the real tree; Now, Ages as Check takes them
	shadow string

	mu    sync.Mutex
	cache Cache
}

// NewTrial returns a trial for the site o.Root, checked as Check(o) checks it.
func NewTrial(o Options) *Trial {
	o.defaults()
	return &Trial{opts: o, shadow: filepath.Join(o.Root, filepath.FromSlash(TrialDir))}
}

// trialFiles are what Check reads besides SourceFiles.
var trialFiles = append([]string{"go.mod"}, SourceFiles...)

// Check returns the errors the site would have with files (slash paths relative to the
// root, and their new bytes) in place: every error in a changed file, and every error
// elsewhere that the site does not already have. Warnings are left out: they do not stop
// a build.
func (t *Trial) Check(files map[string][]byte) (problem.List, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.sync(); err != nil {
		return nil, fmt.Errorf("copying the sources for a trial: %w", err)
	}
	o := t.opts
	o.Root, o.Cache = t.shadow, &t.cache
	_, before, err := Check(o)
	if err != nil {
		return nil, err
	}
	had := map[string]bool{}
	for _, p := range before.Errors() {
		had[key(p)] = true
	}
	for rel, b := range files {
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return nil, fmt.Errorf("%q is not a path inside the site", rel)
		}
		dst := filepath.Join(t.shadow, filepath.FromSlash(rel))
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return nil, err
		}
		defer os.Remove(dst) // the next sync copies the real file again
	}
	_, after, err := Check(o)
	if err != nil {
		return nil, err
	}
	var out problem.List
	for _, p := range after.Errors() {
		if _, changed := files[p.Path]; changed || !had[key(p)] {
			out = append(out, p)
		}
	}
	return out.Sort(), nil
}

// key names a problem for comparing two checks.
func key(p problem.Problem) string {
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%v", p.Path, p.Line, p.Col, p.Code, p.Args)
}

// sync makes the copy equal to the real sources: files whose size or modification time
// differ are copied (with the real time), files no longer there are removed.
func (t *Trial) sync() error {
	if err := os.MkdirAll(t.shadow, 0o755); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, name := range trialFiles {
		src := filepath.Join(t.opts.Root, name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == src {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(t.opts.Root, p)
			dst := filepath.Join(t.shadow, rel)
			seen[dst] = true
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			if !d.Type().IsRegular() {
				return nil // links are refused by Check in the real tree; nothing to copy
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if old, err := os.Stat(dst); err == nil && old.Size() == fi.Size() && old.ModTime().Equal(fi.ModTime()) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				return err
			}
			return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
		})
		if err != nil {
			return err
		}
	}
	// Remove what is gone from the real tree, deepest first.
	var gone []string
	err := filepath.WalkDir(t.shadow, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == t.shadow {
			return err
		}
		if !seen[p] {
			gone = append(gone, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for i := len(gone) - 1; i >= 0; i-- {
		if err := os.RemoveAll(gone[i]); err != nil {
			return err
		}
	}
	return nil
}
