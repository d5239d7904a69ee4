package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// replaceIn replaces the first old in the file rel of dir with repl.
func replaceIn(t *testing.T, dir, rel, old, repl string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s: cannot replace %q (err %v)", rel, old, err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, repl, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineOf returns the line of the file rel of dir that holds s.
func lineOf(t *testing.T, dir, rel, s string) int {
	t.Helper()
	b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	i := strings.Index(string(b), s)
	if i < 0 {
		t.Fatalf("%s: no %q", rel, s)
	}
	return strings.Count(string(b[:i]), "\n") + 1
}

// TestCheckControlBytes: raw control bytes (which a txtar case would hide from its reader)
// are reported at their own line and column, with their names, in every kind of file; YAML
// and TOML, which refuse them with a message at another line, are not asked. The printed
// output holds none of them.
func TestCheckControlBytes(t *testing.T) {
	dir := copySite(t)
	addSamples(t, dir)
	var wants []string
	for _, c := range []struct {
		rel, old, new string
		col           int
		name          string
	}{
		{"content/about/index.en.md", `title: "About this portal"`, "title: \"About\x07 this portal\"", 14, "U+0007 BELL"},
		{"content/about/index.ru.md", "## Откуда факты", "Текст\x1b[2J build: published\n\n## Откуда факты", 6, "U+001B ESCAPE"},
		{"content/about/index.ru.md", "## Переводы", "Текст\rbuild: published\n\n## Переводы", 6, "U+000D CARRIAGE RETURN"},
		{"content/shelters/records/sample-almaty.md", `  en: "Almaty"`, "  en: \"Alm\x00aty\"", 11, "U+0000 NULL"},
		{"i18n/en.toml", `all_numbers = "All help numbers"`, "all_numbers = \"All help\x08 numbers\"", 24, "U+0008 BACKSPACE"},
		{"data/sources.yaml", `  covers: "2022"`, "  covers: \"2022\u009b\"", 16, "U+009B C1 CONTROL CHARACTER"},
	} {
		line := lineOf(t, dir, c.rel, c.old)
		replaceIn(t, dir, c.rel, c.old, c.new)
		wants = append(wants, fmt.Sprintf("%s:%d:%d: control character %s: a reader does not see it, and a terminal obeys it", c.rel, line, c.col, c.name))
	}
	code, stdout, _ := runTool(t, "check", "-root", dir, "-today", today, "-listed-warn", "3650")
	for _, want := range wants {
		if !slices.Contains(problemLines(stdout), want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, l := range problemLines(stdout) {
		if strings.Contains(l, "YAML") || strings.Contains(l, "TOML") || strings.Contains(l, "cannot read") {
			t.Errorf("the control character is also named by the parser that refuses it: %q", l)
		}
	}
	if code != 1 || strings.ContainsAny(stdout, "\x00\x07\x08\x1b\r\u009b") {
		t.Errorf("exit %d, output holds a control character or misses one:\n%q", code, stdout)
	}
}

// TestCheckDataSymlink: a data file or an interface file replaced by a symbolic link is
// refused as such, at its own path, and not by what reading the other file leads to.
func TestCheckDataSymlink(t *testing.T) {
	for _, rel := range []string{"data/sources.yaml", "data/changes.yaml", "data/regions.yaml", "i18n/ru.toml"} {
		t.Run(rel, func(t *testing.T) {
			dir := copySite(t)
			p := filepath.Join(dir, filepath.FromSlash(rel))
			elsewhere := filepath.Join(t.TempDir(), filepath.Base(rel))
			if err := os.Rename(p, elsewhere); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(elsewhere, p); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runTool(t, "check", "-root", dir, "-today", today, "-listed-warn", "3650")
			want := rel + ": is a symbolic link; the build reads only real files of the repository"
			if got := problemLines(stdout); code != 1 || !slices.Equal(got, []string{want}) {
				t.Errorf("exit %d, problems:\n%s\nwant only %q\n%s", code, strings.Join(got, "\n"), want, stderr)
			}
		})
	}
}

// TestCheckRecordTooBig: a record over the size cap is refused by check, at the file, with
// its size, before it is read (let alone rendered by Hugo); one under the cap but for a
// pasted text is refused at that text's line.
func TestCheckRecordTooBig(t *testing.T) {
	dir := copySite(t)
	addSamples(t, dir)
	p := filepath.Join(dir, "content", "shelters", "records", "sample-almaty.md")
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	big := append(append([]byte{}, orig[:4]...), []byte("# "+strings.Repeat("x", 50<<10)+"\n")...)
	big = append(big, orig[4:]...)
	if err := os.WriteFile(p, big, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runTool(t, "check", "-root", dir, "-today", today, "-listed-warn", "3650")
	want := fmt.Sprintf("content/shelters/records/sample-almaty.md: file is %d KB; a directory entry may be at most 32 KB", len(big)>>10)
	if got := problemLines(stdout); code != 1 || !slices.Equal(got, []string{want}) {
		t.Errorf("exit %d, problems:\n%s\nwant only %q", code, strings.Join(got, "\n"), want)
	}
}

// TestCheckFileNameNotID: a record or page folder whose name is not UTF-8 (or no id) is
// named with its bytes escaped, and the hint says to rename it to the id it holds, never to
// write an id the tool would refuse.
func TestCheckFileNameNotID(t *testing.T) {
	dir := copySite(t)
	b, _ := os.ReadFile(filepath.Join(dir, "content", "shelters", "records", "line-150.md"))
	os.WriteFile(filepath.Join(dir, "content", "shelters", "records", "line-\xe9150.md"), bytes.Replace(b, []byte("id: line-150"), []byte("id: line-151"), 1), 0o644)
	os.Mkdir(filepath.Join(dir, "content", "caf\xe9"), 0o755)
	b, _ = os.ReadFile(filepath.Join(dir, "content", "about", "index.en.md"))
	os.WriteFile(filepath.Join(dir, "content", "caf\xe9", "index.en.md"), bytes.Replace(b, []byte("id: about"), []byte("id: cafe"), 1), 0o644)
	code, stdout, _ := runTool(t, "check", "-root", dir, "-today", today, "-listed-warn", "3650")
	for _, want := range []string{
		"content/shelters/records/line-\\xe9150.md:6: id line-151 does not match the file name\n\thint: rename the file to line-151.md: a file name is an id, lowercase latin letters, digits and hyphens\n",
		"content/caf\\xe9/index.en.md:2: id cafe does not match the page's folder caf\\xe9\n\thint: rename the folder to cafe: a folder name is an id, lowercase latin letters, digits and hyphens\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("missing %q", want)
		}
	}
	if code != 1 || strings.Contains(stdout, "\xe9") || strings.Contains(stdout, "write id: ") {
		t.Errorf("exit %d, a raw byte or a hint to write an id the tool refuses:\n%s", code, stdout)
	}
}
