package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"kzportal.example/portal/tools/internal/site"
)

var update = flag.Bool("update", false, "rewrite the want section of testdata/check/*.txtar")

// copySite copies the repository's site sources into a new temporary folder and returns it.
// Tests build there, never in the checkout.
func copySite(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	if err := site.CopySources("..", dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// overlay writes the files of a txtar archive into dir. A file whose content is exactly
// "(delete)\n" is removed instead; one that reads "(replace)\nOLD\n(with)\nNEW\n" has the
// first OLD in the existing file replaced by NEW (each without its last line end).
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
		if rest, ok := strings.CutPrefix(string(f.Data), "(replace)\n"); ok {
			old, repl, found := strings.Cut(rest, "(with)\n")
			old, repl = strings.TrimSuffix(old, "\n"), strings.TrimSuffix(repl, "\n")
			orig, err := os.ReadFile(p)
			if err != nil || !found || !strings.Contains(string(orig), old) {
				t.Fatalf("%s: cannot replace %q (err %v)", f.Name, old, err)
			}
			f.Data = []byte(strings.Replace(string(orig), old, repl, 1))
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

// TestCheckCorpus runs `check` over each case in testdata/check: the shipped site and the
// test records in testdata/records, with the case's files laid over them, in the language
// the case names (lang: ru), else English; see caseSettings. The case's "want" file lists the expected problems, one
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
			addSamples(t, dir)
			overlay(t, dir, files)
			// The shipped listed entries are older than a year: their warnings are left out,
			// so that each case shows only what it is about.
			lang, flags, exit, hints := caseSettings(ar.Comment)
			args := append([]string{"check", "-root", dir, "-today", today, "-listed-warn", "3650", "-lang", lang}, flags...)
			code, stdout, stderr := runTool(t, args...)
			got := problemLines(stdout)
			if hints {
				got = strings.Split(strings.TrimRight(stdout, "\n"), "\n")
			}
			if m := rawID.FindString(stdout); m != "" {
				t.Errorf("a message is missing from the message files: the output shows its id %s", m)
			}
			if *update {
				for i, f := range ar.Files {
					if f.Name == "want" {
						ar.Files[i].Data = []byte(strings.Join(got, "\n") + "\n")
					}
				}
				os.WriteFile(file, txtar.Format(ar), 0o644)
				return
			}
			if code != exit {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exit, stdout, stderr)
			}
			wantLines := strings.Split(strings.TrimRight(strings.TrimLeft(string(want), "\n"), "\n"), "\n")
			if !slices.Equal(got, wantLines) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
			}
		})
	}
}

// rawID is how the printer shows a message that is missing: its id.
var rawID = regexp.MustCompile(`\b[a-z0-9]+\.[a-z_]+\.(?:message|hint[a-z_]*)\b`)

// caseSettings reads the settings a case's comment may give, each on a line of its own: the
// language its messages are checked in ("lang: ru", else English), more flags for check
// ("flags: -strict"), the exit code expected ("exit: 0", else 1), and whether the hints
// are compared too ("hints: yes", for the cases about what a hint says to write).
func caseSettings(comment []byte) (lang string, flags []string, exit int, hints bool) {
	lang, exit = "en", 1
	for _, line := range strings.Split(string(comment), "\n") {
		switch k, v, _ := strings.Cut(line, ": "); k {
		case "lang":
			lang = strings.TrimSpace(v)
		case "flags":
			flags = strings.Fields(v)
		case "exit":
			fmt.Sscan(v, &exit)
		case "hints":
			hints = strings.TrimSpace(v) == "yes"
		}
	}
	return lang, flags, exit, hints
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

// TestUsage: bad usage says what is wrong, prints the usage, and exits 2.
func TestUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "usage: go run ./tools <command>"},
		{[]string{"nope"}, `unknown command "nope"`},
		{[]string{"build", "extra"}, `build: unexpected argument "extra"`},
		{[]string{"check", "-bad"}, "flag provided but not defined: -bad"},
		{[]string{"hash"}, "usage: go run ./tools hash"},
		{[]string{"summaries", "-lang", "de"}, `summaries: -lang "de": use kk, ru or en`},
		{[]string{"build", "-today", "1.12.2026"}, `-today "1.12.2026": write the day as YYYY-MM-DD`},
	} {
		code, _, stderr := runTool(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "usage:") {
			t.Errorf("%q: exit %d, want 2, with %q and the usage:\n%s", tt.args, code, tt.want, stderr)
		}
	}
}

// TestSummaries prints a header, then each page's summary with its SMS length.
func TestSummaries(t *testing.T) {
	code, stdout, _ := runTool(t, "summaries", "-root", "..", "-lang", "ru")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || !strings.HasPrefix(lines[0], "страница") || len(lines) < 12 || !regexp.MustCompile(`(?m)^rights\s+ru\s+[0-9]+/70`).MatchString(stdout) {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// TestCheckFileSystemCases covers inputs a txtar archive cannot hold: a symbolic link that
// points out of the tree, and a very large file.
func TestCheckFileSystemCases(t *testing.T) {
	t.Run("symlink out of the tree", func(t *testing.T) {
		dir := copySite(t)
		secret := filepath.Join(t.TempDir(), "secret.md")
		os.WriteFile(secret, []byte("---\nid: x\n---\n"), 0o644)
		if err := os.Symlink(secret, filepath.Join(dir, "content", "about", "index.de.md")); err != nil {
			t.Fatal(err)
		}
		code, stdout, _ := runTool(t, "check", "-root", dir, "-today", today)
		want := "content/about/index.de.md: is a symbolic link; the build reads only real files inside content/"
		if code != 1 || !slices.Contains(problemLines(stdout), want) {
			t.Errorf("exit %d, output:\n%s\nwant %q", code, stdout, want)
		}
	})
	t.Run("very large file", func(t *testing.T) {
		dir := copySite(t)
		p := filepath.Join(dir, "content", "about", "index.ru.md")
		orig, _ := os.ReadFile(p)
		big := append(orig, bytes.Repeat([]byte("Очень длинный текст. "), 10000)...)
		os.WriteFile(p, big, 0o644)
		code, stdout, _ := runTool(t, "check", "-root", dir, "-today", today)
		want := fmt.Sprintf("content/about/index.ru.md: file is %d KB; a page may be at most 256 KB", len(big)>>10)
		if code != 1 || !slices.Contains(problemLines(stdout), want) {
			t.Errorf("exit %d, output:\n%s\nwant %q", code, stdout, want)
		}
	})
}
