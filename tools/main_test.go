package main

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want section of testdata/check/*.txtar")

// siteFiles are the parts of the repository a build reads.
var siteFiles = []string{"config.toml", "netlify.toml", "content", "themes", "i18n", "data"}

// copySite copies the repository's site sources into a new temporary folder and returns it.
// Tests build there, never in the checkout.
func copySite(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range siteFiles {
		src := filepath.Join("..", name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("..", p)
			target := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// overlay writes the files of a txtar archive into dir. A file whose content is exactly
// "(delete)\n" is removed instead.
func overlay(t testing.TB, dir string, files []txtar.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if string(f.Data) == "(delete)\n" {
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runTool(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestCheckCorpus runs `check` over each case in testdata/check: the shipped site with the
// case's files laid over it. The case's "want" file lists the expected problems, one
// "path:line: message" per line, exactly and in order; the exit code must be 1.
func TestCheckCorpus(t *testing.T) {
	cases, _ := filepath.Glob("testdata/check/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/check")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want []byte
			var files []txtar.File
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = f.Data
				} else {
					files = append(files, f)
				}
			}
			dir := copySite(t)
			overlay(t, dir, files)
			code, stdout, stderr := runTool(t, "check", "-root", dir)
			got := problemLines(stdout)
			if *update {
				for i, f := range ar.Files {
					if f.Name == "want" {
						ar.Files[i].Data = []byte(strings.Join(got, "\n") + "\n")
					}
				}
				os.WriteFile(file, txtar.Format(ar), 0o644)
				return
			}
			if code != 1 {
				t.Errorf("exit code %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			wantLines := strings.Split(strings.TrimSpace(string(want)), "\n")
			if !slices.Equal(got, wantLines) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
			}
		})
	}
}

// problemLines keeps the "path:line: message" lines of check's output, dropping hints.
func problemLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, "\t") {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"build", "extra"}, {"check", "-bad"}, {"hash"}} {
		if code, _, _ := runTool(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
