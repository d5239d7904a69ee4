package input

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestForbidden: every class the portal refuses, and the characters its texts need.
func TestForbidden(t *testing.T) {
	for _, tt := range []struct {
		r    rune
		want bool
		name string
	}{
		{0x00, true, "U+0000 NULL"}, {0x07, true, "U+0007 BELL"}, {0x1b, true, "U+001B ESCAPE"},
		{'\r', true, "U+000D CARRIAGE RETURN"}, {0x7f, true, "U+007F DELETE"}, {0x9b, true, "U+009B C1 CONTROL CHARACTER"},
		{0x202a, true, "U+202A LEFT-TO-RIGHT EMBEDDING"}, {0x202e, true, "U+202E RIGHT-TO-LEFT OVERRIDE"},
		{0x2066, true, "U+2066 LEFT-TO-RIGHT ISOLATE"}, {0x2069, true, "U+2069 POP DIRECTIONAL ISOLATE"},
		{0x200e, true, "U+200E LEFT-TO-RIGHT MARK"}, {0x200f, true, "U+200F RIGHT-TO-LEFT MARK"}, {0x061c, true, "U+061C ARABIC LETTER MARK"},
		{0x200b, true, "U+200B ZERO WIDTH SPACE"}, {0x200c, true, "U+200C ZERO WIDTH NON-JOINER"}, {0x200d, true, "U+200D ZERO WIDTH JOINER"},
		{0x2060, true, "U+2060 WORD JOINER"}, {0xfeff, true, "U+FEFF ZERO WIDTH NO-BREAK SPACE"}, {0x2028, true, "U+2028 LINE SEPARATOR"},
		{'\n', false, ""}, {'\t', false, ""}, {' ', false, ""}, {0xa0, false, ""}, {'Қ', false, ""}, {'ё', false, ""},
		{'«', false, ""}, {'—', false, ""}, {'№', false, ""}, {'€', false, ""},
	} {
		if got := Forbidden(tt.r); got != tt.want {
			t.Errorf("Forbidden(%U) = %v, want %v", tt.r, got, tt.want)
		}
		if tt.want && Name(tt.r) != tt.name {
			t.Errorf("Name(%U) = %q, want %q", tt.r, Name(tt.r), tt.name)
		}
	}
}

// TestScanPositions: each character at its own line and column (in characters), a Windows
// line end and a byte order mark at the start left to the loaders.
func TestScanPositions(t *testing.T) {
	src := []byte("\ufeffid: x\r\nТекст\x1b[2J\nok\u202e\n")
	probs := Scan("f.md", src)
	if len(probs) != 2 || probs[0].Line != 2 || probs[0].Col != 6 || probs[0].Code != "input.control" ||
		probs[1].Line != 3 || probs[1].Col != 3 || probs[1].Code != "input.invisible" {
		t.Errorf("got %v", probs)
	}
	if !Controls(probs) || Controls(probs[1:]) {
		t.Error("Controls does not tell a control character")
	}
}

// TestEscapes: a character written as an escape is found in the decoded value (YAML's
// double quotes, TOML's strings), and one written raw is left to Scan.
func TestEscapes(t *testing.T) {
	raw := []byte("a: \"x\\u202Ey\"\nb: 'plain'\nc: \"raw\u200b\"\nd: \"\\t\"\n")
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	probs := YAML("f.yaml", &doc, raw, 0)
	if len(probs) != 2 || probs[0].Line != 1 || probs[1].Line != 4 || probs[0].Args["Char"] != "U+202E RIGHT-TO-LEFT OVERRIDE" || probs[1].Args["Char"] != "U+0009 CHARACTER TABULATION" {
		t.Errorf("got %v", probs)
	}
	strs := Strings("f.toml", map[string]any{"k": map[string]any{"one": "\x1b"}, "ok": "fine"}, nil, func(string) int { return 7 })
	if len(strs) != 1 || strs[0].Line != 7 || strs[0].Args["Char"] != "U+001B ESCAPE" {
		t.Errorf("got %v", strs)
	}
}

// TestHeadingSpaces: a no-break space before, inside or after a heading's attributes is
// refused, with the line to write; one in the heading's words is not.
func TestHeadingSpaces(t *testing.T) {
	for _, tt := range []struct {
		line string
		want string // the fix, or "" when the line is right
	}{
		{"## Line 150 {#line-150}\u00a0", "## Line 150 {#line-150} "},
		{"## Line 150\u00a0{#line-150}", "## Line 150 {#line-150}"},
		{"## Line 150 {#line-150\u00a0advice=true}", "## Line 150 {#line-150 advice=true}"},
		{"## Line\u00a0150 {#line-150}", ""},
		{"Text\u00a0{#x}", ""},
	} {
		probs := HeadingSpaces("f.md", []byte("\n"+tt.line+"\n"), 10)
		switch {
		case tt.want == "" && len(probs) > 0:
			t.Errorf("%q: refused: %v", tt.line, probs)
		case tt.want != "" && (len(probs) != 1 || probs[0].Line != 11 || probs[0].Args["Fix"] != tt.want):
			t.Errorf("%q: got %v, want the fix %q at line 11", tt.line, probs, tt.want)
		}
	}
}

// TestEntities: character references that stand for a refused character, and not others.
func TestEntities(t *testing.T) {
	probs := Entities("f.md", []byte("a &rlm; b\n&#x202E; &#8203; &zwj; &amp; &nbsp; &#1178; &lt;\n"), 5)
	if len(probs) != 4 || probs[0].Line != 5 || probs[0].Col != 3 || probs[1].Line != 6 || probs[1].Col != 1 {
		t.Errorf("got %v", probs)
	}
}
