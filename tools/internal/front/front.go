// Package front reads the structured Markdown files of the portal: a YAML front matter
// block between two --- lines, then Markdown. It checks the bytes first (UTF-8, no BOM, LF
// line ends), then the mistakes editors make that YAML names badly (tabs, curly quotes), then
// reads the YAML as nodes, so that every value has its line; and it reads the front matter
// the way Hugo will, so that nothing reaches Hugo that Hugo would refuse.
package front

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gohugoio/hugo/parser/pageparser"
	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/input"
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
// It also reads the front matter as Hugo would (hugoReads).
func Parse(rel string, src []byte) (*File, problem.List) { return parse(rel, src, true) }

// ParseOwn is Parse for a file only the tools read, never Hugo (the shelter records): it
// skips Hugo's reading, which would only read it a second time.
func ParseOwn(rel string, src []byte) (*File, problem.List) { return parse(rel, src, false) }

func parse(rel string, src []byte, asHugo bool) (*File, problem.List) {
	var probs problem.List
	if len(bytes.TrimSpace(src)) == 0 {
		probs.Add(problem.At(rel, 0, 0, "front.empty", nil))
		return nil, probs
	}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		probs.Add(problem.At(rel, 1, 1, "front.bom", nil))
		src = src[3:]
	}
	if !utf8.Valid(src) {
		line, col := firstInvalid(src)
		probs.Add(problem.At(rel, line, col, "front.not_utf8", nil))
		return nil, probs
	}
	if i := bytes.Index(src, []byte("\r\n")); i >= 0 {
		probs.Add(problem.At(rel, bytes.Count(src[:i], []byte("\n"))+1, 0, "front.crlf", nil))
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	chars := input.Scan(rel, src)
	probs = append(probs, chars...)
	fm, body, bodyLine, ok := split(src)
	if !ok {
		probs.Add(problem.At(rel, 1, 1, "front.no_front_matter", nil))
		return nil, probs
	}
	if controlIn(chars, bodyLine) {
		return nil, probs // YAML would refuse it at another line, with another name
	}
	typos := typography(rel, fm)
	probs = append(probs, typos...)
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		if len(typos) == 0 {
			probs.Add(notYAML(rel, fm, err))
		}
		return nil, probs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		probs.Add(problem.At(rel, 2, 0, "front.not_mapping", nil))
		return nil, probs
	}
	probs = append(probs, input.YAML(rel, doc.Content[0], fm, 1)...)
	if asHugo && len(typos) == 0 {
		probs = append(probs, hugoReads(rel, src)...)
	}
	return &File{Path: rel, Front: doc.Content[0], Body: body, BodyLine: bodyLine}, probs
}

// controlIn reports whether chars (input.Scan) name a control character in the front
// matter, the lines before the body's first line.
func controlIn(chars problem.List, bodyLine int) bool {
	for _, p := range chars {
		if p.Code == "input.control" && p.Line < bodyLine {
			return true
		}
	}
	return false
}

// curly are the quotation marks word processors type for ", and those of Russian and Kazakh
// typography: YAML takes none of them for quotes, so they would be published as text.
const curly = "“”„‟«»‘’‚‛"

// keyValue is a front matter line "key: value" (indented or not, or a list item).
var keyValue = regexp.MustCompile(`^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*):[ ]+(.*)$`)

// typography finds, line by line, what YAML would misread or name badly: a tab (YAML
// indents with spaces; Hugo cannot read a tab even inside quotes) and a value between curly
// quotes. Each is one problem at its line, with the line to write instead.
func typography(rel string, fm []byte) problem.List {
	var probs problem.List
	for i, line := range strings.Split(string(fm), "\n") {
		n := i + 2 // the opening --- is line 1
		if strings.HasPrefix(strings.TrimLeft(line, " "), "\t") {
			fixed := strings.Repeat(" ", 2*strings.Count(leading(line), "\t")) + strings.TrimLeft(line, " \t")
			probs.Add(problem.At(rel, n, len(leading(line))+1, "front.tab_indent", problem.Args{"Fix": fixed}))
			continue
		}
		if c := strings.IndexByte(line, '\t'); c >= 0 {
			probs.Add(problem.At(rel, n, utf8.RuneCountInString(line[:c])+1, "front.tab_in_value",
				problem.Args{"Fix": strings.ReplaceAll(line, "\t", " ")}))
			continue
		}
		m := keyValue.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		value := strings.TrimSpace(m[3])
		first, _ := utf8.DecodeRuneInString(value)
		last, _ := utf8.DecodeLastRuneInString(value)
		if strings.ContainsRune(curly, first) {
			inner := strings.TrimFunc(value, func(r rune) bool { return strings.ContainsRune(curly, r) })
			if !strings.ContainsRune(curly, last) {
				inner = strings.TrimFunc(value, func(r rune) bool { return r == first })
			}
			probs.Add(problem.At(rel, n, len(m[1])+len(m[2])+3, "front.curly_quotes", problem.Args{
				"Quote": string(first), "Fix": m[1] + m[2] + ": " + strconv.Quote(inner)}))
		}
	}
	return probs
}

// misindented returns the first line of fm (1-based) whose indentation matches no open
// level of the lines above it, or 0: the line an editor indented by one space too many or too
// few, which YAML reports at the line where the enclosing block began.
func misindented(fm []byte) int {
	levels := []int{0}
	opens := false // the line above opens a block: the next may go deeper
	for i, line := range strings.Split(string(fm), "\n") {
		body := strings.TrimLeft(line, " ")
		if body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		n := len(line) - len(body)
		for len(levels) > 1 && n < levels[len(levels)-1] {
			levels = levels[:len(levels)-1]
		}
		top := levels[len(levels)-1]
		switch {
		case n > top && opens:
			levels = append(levels, n)
		case n != top:
			return i + 1
		}
		code, _, _ := strings.Cut(body, " #")
		code = strings.TrimSpace(code)
		opens = strings.HasSuffix(code, ":")
		if strings.HasPrefix(body, "- ") {
			levels = append(levels, n+2) // the keys of a list item line up after "- "
			opens = opens || strings.HasSuffix(code, ":")
		}
	}
	return 0
}

func leading(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " \t"))] }

// hugoReads reads the file's front matter with Hugo's own page parser: what it refuses,
// Hugo would refuse in the build with a message that names no file of the editor's.
func hugoReads(rel string, src []byte) problem.List {
	_, err := pageparser.ParseFrontMatterAndContent(bytes.NewReader(src))
	if err == nil {
		return nil
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	line, col := 1, 0
	if m := hugoPos.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		col, _ = strconv.Atoi(m[2])
		line++ // Hugo counts from the first front matter line
		msg = strings.TrimSpace(msg[len(m[0]):])
	}
	return problem.List{problem.At(rel, line, col, "front.hugo_refuses", problem.Args{"Err": msg})}
}

var hugoPos = regexp.MustCompile(`^\[(\d+):(\d+)\]`)

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
// notYAML says where front matter that YAML cannot read goes wrong, and what to write
// there, in the editor's language: the parser's own words are English and often name a line
// above the mistake (where the block it breaks began). The mistakes editors make are found
// line by line first: a quote left open, a line indented off its level, a colon in text
// without quotes.
func notYAML(rel string, fm []byte, err error) problem.Problem {
	lines := strings.Split(string(fm), "\n")
	if n, fix := unclosedQuote(lines); n > 0 {
		return problem.At(rel, n+1, 0, "front.unclosed_quote", problem.Args{"Fix": fix})
	}
	for i, l := range lines {
		if openList.MatchString(l) {
			return problem.At(rel, i+2, 0, "front.unclosed_list", problem.Args{"Fix": strings.TrimRight(l, " ") + "]"})
		}
	}
	line, msg := yamlErrLine(err)
	if bad := misindented(fm); bad >= line {
		return problem.At(rel, bad+1, 0, "front.not_yaml", nil) // the line to change
	}
	if strings.Contains(msg, "mapping values are not allowed") && line >= 1 && line <= len(lines) {
		if m := keyValue.FindStringSubmatch(lines[line-1]); m != nil && strings.Contains(m[3], ": ") && !strings.ContainsAny(m[3][:1], `"'`) {
			return problem.At(rel, line+1, 0, "front.colon_in_value", problem.Args{"Fix": m[1] + m[2] + ": " + strconv.Quote(strings.TrimSpace(m[3]))})
		}
	}
	return problem.At(rel, line+1, 0, "front.not_yaml", nil)
}

// openList is a front matter line whose value opens a list in brackets and does not close it.
var openList = regexp.MustCompile(`^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:[ ]+\[[^\]#]*$`)

// quotedValue is a front matter line whose value starts with a quote.
var quotedValue = regexp.MustCompile(`^\s*(?:- )?(?:[A-Za-z_][A-Za-z0-9_]*:[ ]+)?(["'])(.*)$`)

// unclosedQuote returns the first line (1-based) whose value opens a quote it does not
// close, with the line closed; or 0.
func unclosedQuote(lines []string) (int, string) {
	for i, line := range lines {
		m := quotedValue.FindStringSubmatch(line)
		if m == nil || closes(m[1], m[2]) {
			continue
		}
		return i + 1, strings.TrimRight(line, " ") + m[1]
	}
	return 0, ""
}

// closes reports whether rest, the text after an opening quote q, closes it: " ends at a
// " not escaped by \; ' ends at a ' not doubled.
func closes(q, rest string) bool {
	for i := 0; i < len(rest); i++ {
		switch {
		case q == `"` && rest[i] == '\\':
			i++
		case q == `'` && rest[i] == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
			i++
		case rest[i] == q[0]:
			return true
		}
	}
	return false
}

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
	Dst  any    // *string, *[]string, *int, *bool, or anything yaml can decode (checked by its decoder)
	Hint string // the hint's name in the messages ("hint_phone", …) when the type's own does not fit
}

// Groups names, for keys that belong inside a group (translation:, listed:, …), the group:
// a top-level key found here was written without its indentation.
type Groups map[string]string

// Decode walks a mapping node and decodes each known key into its field, refusing values of
// the wrong kind instead of converting them. It records each key's line in lines (prefixed
// with prefix, e.g. "translation."), and reports unknown and repeated keys: an unknown key
// that belongs in a group says to indent it; one that looks like a known key misspelt says
// which, and counts as that key, so that it is not also reported missing. Keys whose field
// is nil are recorded but left to the caller (nested groups).
func Decode(rel string, m *yaml.Node, fields map[string]*Field, prefix string, lines map[string]int, groups Groups) problem.List {
	var probs problem.List
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	slices.Sort(known)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := prefix + k.Value
		if _, dup := lines[name]; dup {
			probs.Add(problem.At(rel, Line(k), k.Column, "front.key_twice", problem.Args{"Key": name, "First": lines[name]}))
			continue
		}
		f, ok := fields[k.Value]
		if !ok {
			switch group, near := groups[k.Value], nearest(k.Value, known); {
			case group != "":
				probs.Add(problem.At(rel, Line(k), k.Column, "front.key_not_indented", problem.Args{"Key": k.Value, "Group": group}))
			case near != "":
				lines[prefix+near] = Line(k)
				probs.Add(problem.At(rel, Line(k), k.Column, "front.key_misspelt", problem.Args{"Key": name, "Want": near}))
			default:
				probs.Add(problem.At(rel, Line(k), k.Column, "front.key_unknown", problem.Args{"Key": name, "Known": strings.Join(known, ", ")}))
			}
			continue
		}
		lines[name] = Line(k)
		if f == nil {
			continue
		}
		if p, bad := Value(rel, name, v, f.Dst); bad {
			if f.Hint != "" && p.Hint == "" {
				p = p.WithHint(f.Hint)
			}
			probs.Add(p.ForKey(name))
		}
	}
	return probs
}

// nearest returns the known key that key most likely misspells (at most two letters apart,
// or the same but for case), or "".
func nearest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return k
		}
		if d := distance(key, k); d < bestD && len(k) > 3 {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
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

// Value decodes n into dst, refusing a value of the wrong kind instead of converting it. It
// reports false when all went well, or the problem (at n, about key) with what to write.
func Value(rel, key string, n *yaml.Node, dst any) (problem.Problem, bool) {
	at := func(code string, args problem.Args) (problem.Problem, bool) {
		return problem.At(rel, Line(n), n.Column, code, problem.Args{"Key": key, "Found": Describe(n), "Value": n.Value}).With(args), true
	}
	switch dst.(type) {
	case *string:
		switch {
		case n.Kind == yaml.ScalarNode && n.Tag == "!!timestamp":
			return at("front.date_unquoted", nil)
		case n.Kind != yaml.ScalarNode || n.Tag != "!!str":
			return at("front.want_text", nil)
		}
	case *[]string:
		field := key[strings.LastIndexByte(key, '.')+1:]
		if n.Kind != yaml.SequenceNode {
			if words := listWords(n); len(words) > 0 {
				return at("front.want_list", problem.Args{"Fix": field + ": [" + strings.Join(words, ", ") + "]"})
			}
			p, _ := at("front.want_list", problem.Args{"Field": field})
			return p.WithHint("hint_empty"), true
		}
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Tag != "!!str" {
				var words []string
				for _, c := range n.Content {
					words = append(words, listWords(c)...)
				}
				if len(words) == 0 {
					p, _ := at("front.want_words", problem.Args{"Found": Describe(c), "Field": field})
					return p.WithHint("hint_empty"), true
				}
				return at("front.want_words", problem.Args{"Found": Describe(c), "Fix": field + ": [" + strings.Join(words, ", ") + "]"})
			}
		}
	case *int:
		if n.Tag != "!!int" {
			return at("front.want_number", nil)
		}
	case *bool:
		if n.Tag != "!!bool" {
			return at("front.want_bool", nil)
		}
	}
	if err := n.Decode(dst); err != nil {
		return at("front.cannot_read", problem.Args{"Err": strings.TrimPrefix(err.Error(), "yaml: ")})
	}
	return problem.Problem{}, false
}

// listWords returns the words a value written in place of a list holds: "sms, whatsapp"
// gives sms and whatsapp; a group or nothing gives none.
func listWords(n *yaml.Node) []string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return nil
	}
	var words []string
	for _, w := range strings.FieldsFunc(n.Value, func(r rune) bool { return r == ',' || r == ';' }) {
		if w = strings.Trim(strings.TrimSpace(w), `"'`); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// Describe names what a node holds, for a message: a value as written, in quotes, or the
// kind of a list, a group or nothing, as a word the printer says in its language.
func Describe(n *yaml.Node) any {
	switch {
	case n.Kind == yaml.SequenceNode:
		return problem.Word("list")
	case n.Kind == yaml.MappingNode:
		return problem.Word("group")
	case n.Tag == "!!null":
		return problem.Word("nothing")
	}
	return strconv.Quote(n.Value)
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
