// Package front reads the structured Markdown files of the portal: a YAML front matter
// block between two --- lines, then Markdown. It checks the bytes first (UTF-8, no BOM, LF
// line ends) and keeps the YAML as nodes, so that every value has its line.
package front

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/problem"
)

// A File is a parsed structured Markdown file.
type File struct {
	Path     string
	Front    *yaml.Node // the mapping node of the front matter
	Body     []byte     // the Markdown after the front matter, LF line ends
	BodyLine int        // line of Body's first byte in the file
}

// Line returns the file line of a YAML node of the front matter (the opening --- is line 1).
func Line(n *yaml.Node) int { return n.Line + 1 }

// Parse reads src. It returns nil when the file cannot be used at all, with the problems.
func Parse(rel string, src []byte) (*File, problem.List) {
	var probs problem.List
	if len(bytes.TrimSpace(src)) == 0 {
		probs.Addf(rel, 0, 0, "start the file with front matter between two --- lines", "file is empty")
		return nil, probs
	}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		probs.Addf(rel, 1, 1, "save the file as UTF-8 without BOM", "file starts with a byte order mark (BOM)")
		src = src[3:]
	}
	if !utf8.Valid(src) {
		line, col := firstInvalid(src)
		probs.Addf(rel, line, col, "save the file as UTF-8", "file is not valid UTF-8 text")
		return nil, probs
	}
	if i := bytes.Index(src, []byte("\r\n")); i >= 0 {
		probs.Addf(rel, bytes.Count(src[:i], []byte("\n"))+1, 0,
			"save the file with Unix (LF) line ends", "file uses Windows (CRLF) line ends")
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	fm, body, bodyLine, ok := split(src)
	if !ok {
		probs.Addf(rel, 1, 1, "start the file with a line ---, then the front matter, then another line ---",
			"front matter is missing or not closed with ---")
		return nil, probs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		line, msg := yamlErrLine(err)
		probs.Addf(rel, line+1, 0, "check the indentation, and put text that contains a colon in double quotes",
			"front matter is not valid YAML: %s", msg)
		return nil, probs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		probs.Addf(rel, 2, 0, "write one key: value pair per line", "front matter is not a list of keys and values")
		return nil, probs
	}
	return &File{Path: rel, Front: doc.Content[0], Body: body, BodyLine: bodyLine}, probs
}

func firstInvalid(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

// split separates "---\n<yaml>---\n<body>". bodyLine is the file line of body[0].
func split(src []byte) (fm, body []byte, bodyLine int, ok bool) {
	rest, found := bytes.CutPrefix(src, []byte("---\n"))
	if !found {
		return nil, nil, 0, false
	}
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if end >= 0 {
			line = rest[off : off+end]
		}
		if string(bytes.TrimRight(line, " \t")) == "---" {
			body = []byte{}
			if end >= 0 {
				body = rest[off+end+1:]
			}
			return rest[:off], body, bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1, true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, nil, 0, false
}

// yamlErrLine pulls "line N" out of a yaml error message.
func yamlErrLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ":")
		rest = strings.TrimSpace(rest)
		// yaml.v3 counts lines from 0 when it names where an unclosed construct began
		// ("did not find expected …"), and from 1 otherwise.
		if strings.HasPrefix(rest, "did not find expected") {
			line++
		}
		return line, rest
	}
	return 1, msg
}

// Field is a destination for one front matter key.
type Field struct {
	Dst  any // *string, *[]string, *int, *bool, or anything yaml can decode (checked by its decoder)
	Hint string
}

// Decode walks a mapping node and decodes each known key into its field, refusing values of
// the wrong kind instead of converting them. It records each key's line in lines (prefixed
// with prefix, e.g. "translation.") and reports unknown and repeated keys. Keys whose field
// is nil are recorded but left to the caller (nested groups).
func Decode(rel string, m *yaml.Node, fields map[string]*Field, prefix string, lines map[string]int) problem.List {
	var probs problem.List
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := prefix + k.Value
		if _, dup := lines[name]; dup {
			probs.Addf(rel, Line(k), k.Column, "keep one of them", "key %q is written twice", name)
			continue
		}
		lines[name] = Line(k)
		f, ok := fields[k.Value]
		if !ok {
			probs.Addf(rel, Line(k), k.Column, "known keys here: "+strings.Join(sorted(known), ", "),
				"unknown key %q", name)
			continue
		}
		if f == nil {
			continue
		}
		if err := Value(v, f.Dst); err != nil {
			hint := f.Hint
			if hint == "" {
				hint = typeHint(f.Dst)
			}
			probs.Addf(rel, Line(v), v.Column, hint, "%s: %s", name, err)
			probs[len(probs)-1].Key = name
		}
	}
	return probs
}

// Get returns the value node of key in the mapping node m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Invalid returns the keys whose values Decode could not read, from its problems.
func Invalid(probs problem.List) map[string]bool {
	keys := map[string]bool{}
	for _, p := range probs {
		if p.Key != "" {
			keys[p.Key] = true
		}
	}
	return keys
}

// Value decodes n into dst, refusing a value of the wrong kind instead of converting it.
func Value(n *yaml.Node, dst any) error {
	switch dst.(type) {
	case *string:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
			return fmt.Errorf("expected text, found %s", Describe(n))
		}
	case *[]string:
		if n.Kind != yaml.SequenceNode {
			return fmt.Errorf("expected a list, found %s", Describe(n))
		}
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Tag != "!!str" {
				return fmt.Errorf("expected a list of words, found %s in it", Describe(c))
			}
		}
	case *int:
		if n.Tag != "!!int" {
			return fmt.Errorf("expected a whole number, found %s", Describe(n))
		}
	case *bool:
		if n.Tag != "!!bool" {
			return fmt.Errorf("expected true or false, found %s", Describe(n))
		}
	}
	if err := n.Decode(dst); err != nil {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return nil
}

// Describe names the kind of a node's value for a message.
func Describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "a group of keys"
	case n.Tag == "!!null":
		return "nothing"
	case n.Tag == "!!str":
		return fmt.Sprintf("text %q", n.Value)
	}
	return fmt.Sprintf("%q", n.Value)
}

func typeHint(dst any) string {
	switch dst.(type) {
	case *string:
		return `write the text in double quotes, e.g. title: "Your rights"`
	case *[]string:
		return "write a list in brackets, e.g. audience: [victims, families]"
	case *int:
		return "write a number without quotes, e.g. weight: 20"
	case *bool:
		return "write true or false without quotes"
	}
	return ""
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// Skipped reports whether a file name is one that editors and systems leave behind
// (name.md~, .#name.md, name.md.swp, .DS_Store, Thumbs.db): such files are never read as
// sources, and never refused.
func Skipped(name string) bool {
	for _, suffix := range []string{"~", ".swp", ".swo", ".bak", ".orig", ".tmp"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return strings.HasPrefix(name, ".") || name == "Thumbs.db" || name == "desktop.ini"
}
