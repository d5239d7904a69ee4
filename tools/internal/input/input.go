// Package input reads what a person writes (pages, records, interface strings, the data
// files) as text that may reach a reader or a terminal: it refuses a symbolic link in place of
// a file, and every character a reader would not see or a terminal would obey: C0 and C1
// control characters (but the line feed, and the tab, which the loaders handle where it
// matters), format characters such as the bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, U+200E, U+200F, U+061C) and the zero-width ones (U+200B–U+200D, U+2060,
// U+FEFF inside the text), and the line and paragraph separators. Each is reported at its
// line and column with its code point and name, whether it was written as it is or as an
// escape ("\u202E" in YAML or TOML).
package input

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/runenames"

	"kzportal.example/portal/tools/internal/problem"
)

// Forbidden reports whether r may not appear in a text a person writes: a control character
// other than the line feed and the tab (Cc), a format character (Cf: bidirectional controls,
// zero-width characters, the soft hyphen, the byte order mark), or a line or paragraph
// separator (Zl, Zp). A reader sees none of them; a control character can clear a terminal
// or move its cursor, a bidirectional control can show text in another order than it is
// stored (a phone number read backwards).
func Forbidden(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// c0 are the names of the C0 control characters, which the Unicode name list calls only
// "<control>".
var c0 = [...]string{"NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
	"ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
	"FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
	"DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
	"SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
	"FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR"}

// Name names r as a message shows it: its code point and its Unicode name,
// "U+202E RIGHT-TO-LEFT OVERRIDE".
func Name(r rune) string {
	name := runenames.Name(r)
	switch {
	case r < 0x20:
		name = c0[r]
	case r == 0x7f:
		name = "DELETE"
	case r >= 0x80 && r < 0xa0:
		name = "C1 CONTROL CHARACTER"
	case name == "" || strings.HasPrefix(name, "<"):
		name = "UNNAMED CHARACTER"
	}
	return fmt.Sprintf("U+%04X %s", r, name)
}

// kind is the problem code for r: a control character, or one a reader does not see.
func kind(r rune) string {
	if unicode.Is(unicode.Cc, r) {
		return "input.control"
	}
	return "input.invisible"
}

// Scan reports every forbidden character of a file's text, each at its line and column
// (in characters). The byte order mark at the very start is left to the loaders, which
// name it as such.
func Scan(rel string, src []byte) problem.List {
	var probs problem.List
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r == '\r' && i+1 < len(src) && src[i+1] == '\n':
			// a Windows line end: the loaders name it as such
		case r == 0xfeff && i == 0:
		case r == utf8.RuneError && size <= 1:
			// not UTF-8: the loaders name it as such
		case Forbidden(r):
			probs.Add(problem.At(rel, line, col, kind(r), problem.Args{"Char": Name(r)}))
		}
		col++
		i += size
	}
	return probs
}

// Controls reports whether probs, from Scan, name a control character, which YAML and TOML
// refuse with a message of their own at another line.
func Controls(probs problem.List) bool {
	for _, p := range probs {
		if p.Code == "input.control" {
			return true
		}
	}
	return false
}

// Value reports the forbidden characters of a value as a loader decoded it, at line and col,
// that are not in raw, the file's text (Scan reports those): characters written as escapes,
// "\x1b" or "\u202E", which only the decoded value holds. The tab is refused here too: written
// as "\t", it is one no editor sees in the file.
func Value(rel string, line, col int, v string, raw []byte) problem.List {
	var probs problem.List
	seen := map[rune]bool{}
	for _, r := range v {
		if (!Forbidden(r) && r != '\t') || seen[r] || bytes.ContainsRune(raw, r) {
			continue
		}
		seen[r] = true
		probs.Add(problem.At(rel, line, col, "input.escaped", problem.Args{"Char": Name(r)}))
	}
	return probs
}

// YAML reports the forbidden characters of every decoded key and value under n (Value), at
// each node's line; offset is added to the lines (the front matter starts on a file's
// second line).
func YAML(rel string, n *yaml.Node, raw []byte, offset int) problem.List {
	var probs problem.List
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Style&yaml.DoubleQuotedStyle != 0 {
		probs = append(probs, Value(rel, n.Line+offset, n.Column, n.Value, raw)...)
	}
	for _, c := range n.Content {
		probs = append(probs, YAML(rel, c, raw, offset)...)
	}
	return probs
}

// Strings reports the forbidden characters of every string in a decoded TOML or JSON value
// (Value), at the line line gives for its top-level key.
func Strings(rel string, v any, raw []byte, line func(key string) int) problem.List {
	var probs problem.List
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case string:
			probs = append(probs, Value(rel, line(key), 0, v, raw)...)
		case map[string]any:
			for k, c := range v {
				walk(key, c)
				probs = append(probs, Value(rel, line(key), 0, k, raw)...)
			}
		case []any:
			for _, c := range v {
				walk(key, c)
			}
		}
	}
	if m, ok := v.(map[string]any); ok {
		for k, c := range m {
			walk(k, c)
			probs = append(probs, Value(rel, line(k), 0, k, raw)...)
		}
	}
	return probs
}

// entity is a character reference in Markdown: &#8238;, &#x202E;, &rlm;.
var entity = regexp.MustCompile(`&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// Entities reports the character references of a Markdown body that stand for a forbidden
// character (Markdown turns &#x202E; and &rlm; into the character itself), at their line and
// column; firstLine is the file line of body[0].
func Entities(rel string, body []byte, firstLine int) problem.List {
	var probs problem.List
	for _, m := range entity.FindAllIndex(body, -1) {
		ref := string(body[m[0]:m[1]])
		dec := html.UnescapeString(ref)
		if dec == ref {
			continue
		}
		for _, r := range dec {
			if Forbidden(r) || r == '\t' || r == 0 {
				line, col := position(body, m[0])
				probs.Add(problem.At(rel, firstLine+line-1, col, "input.entity", problem.Args{"Ref": ref, "Char": Name(r)}))
				break
			}
		}
	}
	return probs
}

// position returns the 1-based line and column (in characters) of byte offset i of src.
func position(src []byte, i int) (line, col int) {
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	return bytes.Count(src[:i], []byte("\n")) + 1, utf8.RuneCount(src[start:i]) + 1
}

// headingAttr is an ATX heading line that ends in attributes, {#id …}.
var headingAttr = regexp.MustCompile(`^ {0,3}#{1,6}[ \t].*\{`)

// HeadingSpaces reports a space other than the plain one (a no-break space, as pasting
// often brings) in the attributes at the end of a heading line or after them: Markdown
// reads the attributes only when they end the line, so `## Title {#id}` with a no-break
// space after } publishes "{#id}" as text and the section under another id.
func HeadingSpaces(rel string, body []byte, firstLine int) problem.List {
	var probs problem.List
	for i, line := range strings.Split(string(body), "\n") {
		if !headingAttr.MatchString(line) {
			continue
		}
		tail := strings.LastIndexByte(line, '{')
		// the space before the attributes counts too: `Title\u00a0{#id}`
		if r, size := utf8.DecodeLastRuneInString(line[:tail]); size > 0 && unicode.IsSpace(r) && r > 0x7f {
			tail -= size
		}
		for j, r := range line[tail:] {
			if unicode.IsSpace(r) && r > 0x7f {
				probs.Add(problem.At(rel, firstLine+i, utf8.RuneCountInString(line[:tail+j])+1, "input.heading_space",
					problem.Args{"Char": Name(r), "Fix": strings.Map(plainSpace, line)}))
				break
			}
		}
	}
	return probs
}

func plainSpace(r rune) rune {
	if unicode.IsSpace(r) && r > 0x7f {
		return ' '
	}
	return r
}

// Read reads the text file rel (slash-separated, under root) a person writes, refusing a
// symbolic link: the build reads only real files of the repository, and a link would put
// another file's text (or a file outside the repository) in its place. It returns nil and
// the problem when the file cannot be used; a missing file is the caller's to report
// (os.ErrNotExist is returned as such).
func Read(root, rel string) ([]byte, problem.List, error) {
	p := filepath.Join(root, filepath.FromSlash(rel))
	info, err := os.Lstat(p)
	if err != nil {
		return nil, nil, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return nil, problem.List{problem.At(rel, 0, 0, "input.symlink", nil)}, nil
	}
	if !info.Mode().IsRegular() {
		return nil, problem.List{problem.At(rel, 0, 0, "input.not_file", nil)}, nil
	}
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, err
	}
	return src, nil, nil
}

// YAMLFile reads a YAML data file a person writes (Read) and checks its characters (Scan,
// and YAML for those written as escapes). It returns nil text when the file cannot be read as
// YAML: a symbolic link, or a control character, which YAML would refuse at another line.
func YAMLFile(root, rel string) ([]byte, problem.List, error) {
	src, probs, err := Read(root, rel)
	if src == nil {
		return nil, probs, err
	}
	probs = Scan(rel, src)
	if Controls(probs) {
		return nil, probs, nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) == nil {
		probs = append(probs, YAML(rel, &doc, src, 0)...)
	}
	return src, probs, nil
}
