package problem

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
)

// forms are the CLDR plural categories each language needs.
var forms = map[string][]string{"en": {"one", "other"}, "ru": {"one", "few", "many", "other"}, "kk": {"one", "other"}}

// counts reach every plural category of kk, ru and en, fractions included.
var counts = []any{0, 1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 111, "1.5"}

// messages returns the messages of one language's file: id -> plural forms written.
func messages(t *testing.T, lang string) map[string][]string {
	t.Helper()
	b, err := Messages.ReadFile("messages/" + lang + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	mf, err := i18n.ParseMessageFileBytes(b, lang+".toml", map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s.toml: %v", lang, err)
	}
	out := map[string][]string{}
	for _, m := range mf.Messages {
		var fs []string
		for form, text := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many} {
			if text != "" {
				fs = append(fs, form)
			}
		}
		out[m.ID] = fs
	}
	return out
}

// TestMessages: every message is in every language, and a message with plural forms has all
// the forms its language needs, and renders for every count.
func TestMessages(t *testing.T) {
	en := messages(t, "en")
	for _, lang := range Languages {
		msgs := messages(t, lang)
		pr := NewPrinter(lang)
		for id := range en {
			if _, ok := msgs[id]; !ok {
				t.Errorf("%s.toml: message %q is missing", lang, id)
			}
		}
		for id, written := range msgs {
			if _, ok := en[id]; !ok {
				t.Errorf("%s.toml: message %q is not in en.toml", lang, id)
			}
			if len(written) == 0 && len(en[id]) == 0 {
				continue // a message without a count
			}
			for _, f := range forms[lang] {
				if f != "other" && !slices.Contains(written, f) {
					t.Errorf("%s.toml: %q lacks the plural form %q", lang, id, f)
				}
			}
			for _, n := range counts {
				cfg := &i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}}
				if _, err := pr.loc.Localize(cfg); err != nil {
					t.Errorf("%s.toml: %q for count %v: %v", lang, id, n, err)
				}
			}
		}
	}
}

// codeLiterals returns every string literal in the tool's Go files (tests aside) that looks
// like a message id: a namespace, a dot, and a name.
func codeLiterals(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.Contains(p, "testdata") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && isCode(s) {
					found[s] = p
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func isCode(s string) bool {
	ns, name, ok := strings.Cut(s, ".")
	for _, ext := range []string{".html", ".md", ".toml", ".yaml", ".json", ".js", ".css", ".pdf", ".csv", ".vcf", ".txt"} {
		if strings.HasSuffix(s, ext) {
			return false
		}
	}
	return ok && ns != "" && name != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_.") == "" && !strings.HasSuffix(s, ".")
}

// TestCodesHaveMessages: every problem code and message id the tools name has its text,
// and every text of the file is named by some code (no dead text for translators to keep up).
func TestCodesHaveMessages(t *testing.T) {
	en := messages(t, "en")
	lits := codeLiterals(t)
	named := func(id string) bool { _, ok := lits[id]; return ok }
	for lit, file := range lits {
		_, asMessage := en[lit]
		_, asProblem := en[lit+".message"]
		ns, _, _ := strings.Cut(lit, ".")
		if !asMessage && !asProblem && hasNamespace(en, ns) && !strings.HasPrefix(lit, "progress.") {
			t.Errorf("%s names %q, which en.toml does not define", file, lit)
		}
	}
	for id := range en {
		switch code, part := splitID(id); {
		case id == "warning_prefix", id == "hint_prefix", strings.HasPrefix(id, "progress."), strings.HasPrefix(id, "word."):
			// the printer's own, and those named by step (progress.<step>) or word (word.<w>)
		case part == "message" && !named(code):
			t.Errorf("en.toml: problem %q is named by no code", code)
		case part == "" && !named(id):
			t.Errorf("en.toml: message %q is named by no code", id)
		}
	}
}

// splitID splits a problem's message or hint id into its code and part ("record.missing",
// "hint_kind"); other ids come back whole, with part "".
func splitID(id string) (code, part string) {
	i := strings.LastIndex(id, ".")
	if i > 0 && (id[i+1:] == "message" || strings.HasPrefix(id[i+1:], "hint")) {
		return id[:i], id[i+1:]
	}
	return id, ""
}

func hasNamespace(en map[string][]string, ns string) bool {
	for id := range en {
		if strings.HasPrefix(id, ns+".") {
			return true
		}
	}
	return false
}

// TestLang: -lang first, then PORTAL_LANG, then LANG, else English.
func TestLang(t *testing.T) {
	for _, tt := range []struct{ flag, portal, lang, fallback, want string }{
		{"ru", "kk", "en_US.UTF-8", "en", "ru"},
		{"", "kk", "ru_RU.UTF-8", "en", "kk"},
		{"", "", "ru_RU.UTF-8", "en", "ru"},
		{"", "", "kk_KZ", "en", "kk"},
		{"", "", "de_DE.UTF-8", "en", "en"},
		{"", "", "", "en", "en"},
		{"de", "", "ru", "en", "ru"},
		// edit speaks Russian where nothing says a language (LANG=C is not one).
		{"", "", "", "ru", "ru"},
		{"", "", "C.UTF-8", "ru", "ru"},
		{"", "", "en_US.UTF-8", "ru", "en"},
		{"", "kk", "en_US.UTF-8", "ru", "kk"},
		{"en", "", "", "ru", "en"},
	} {
		t.Setenv("PORTAL_LANG", tt.portal)
		t.Setenv("LANG", tt.lang)
		got := LangOr(tt.flag, tt.fallback)
		if tt.fallback == "en" && Lang(tt.flag) != got {
			t.Errorf("Lang(%q) = %s, LangOr(%q, en) = %s", tt.flag, Lang(tt.flag), tt.flag, got)
		}
		if got != tt.want {
			t.Errorf("LangOr(%q, %s) with PORTAL_LANG=%q LANG=%q = %s, want %s", tt.flag, tt.fallback, tt.portal, tt.lang, got, tt.want)
		}
	}
}

// TestPrinter formats one problem in each language, plural forms chosen by count.
func TestPrinter(t *testing.T) {
	p := At("content/shelters/records/x.md", 7, 0, "record.region_unknown", Args{"Value": "Karaganda", "Code": "KZ-35", "NameEn": "Karaganda Region", "NameRu": "Карагандинская область", "NameKk": "Қарағанды облысы"}).WithHint("hint_suggest")
	want := map[string]string{
		"en": "content/shelters/records/x.md:7: unknown region Karaganda\n\thint: write region: KZ-35 (Karaganda Region)",
		"ru": "content/shelters/records/x.md:7: неизвестный регион Karaganda\n\tподсказка: напишите region: KZ-35 (Карагандинская область)",
		"kk": "content/shelters/records/x.md:7: белгісіз өңір Karaganda\n\tкеңес: region: KZ-35 (Қарағанды облысы) деп жазыңыз",
	}
	for lang, w := range want {
		if got := NewPrinter(lang).Format(p); got != w {
			t.Errorf("%s:\n%s\nwant\n%s", lang, got, w)
		}
	}
	for n, w := range map[int]string{1: "1 проблема", 3: "3 проблемы", 5: "5 проблем", 21: "21 проблема"} {
		if got := NewPrinter("ru").T("check.problems", Args{"Count": n}); got != w {
			t.Errorf("ru %d: %q, want %q", n, got, w)
		}
	}
	if got := NewPrinter("kk").T("check.problems", Args{"Count": 3}); got != "3 ақау" {
		t.Errorf("kk 3: %q", got)
	}
}

// TestPrinterEscapes: a value a message names, or a path, cannot clear the screen, move the
// cursor, start a line of its own or hide text behind a bidirectional control: each such
// character is printed as an escape, in text and in -json.
func TestPrinterEscapes(t *testing.T) {
	p := At("content/x\x1b[2J.md", 3, 0, "page.link_relative", Args{"Link": "a\x1b[2J\x1b[H\rbuild: published\n\u202e1 2\u200b\x00\xff"})
	for _, lang := range Languages {
		var text, js strings.Builder
		pr := NewPrinter(lang)
		pr.Write(&text, List{p}, false)
		pr.Write(&js, List{p}, true)
		for _, out := range []string{text.String(), js.String()} {
			for _, bad := range []string{"\x1b", "\r", "\n\u202e", "\u202e", "\u200b", "\x00", "\xff", "\nbuild: published"} {
				if strings.Contains(out, bad) {
					t.Errorf("%s: output holds %q:\n%s", lang, bad, out)
				}
			}
		}
		for _, want := range []string{`content/x\x1b[2J.md:3`, `a\x1b[2J\x1b[H\rbuild: published\n\u202e1 2\u200b\x00\xff`} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("%s: output lacks %s:\n%s", lang, want, text.String())
			}
		}
	}
	if got := Printable("Алматы +7 727 «ок»"); got != "Алматы +7 727 «ок»" {
		t.Errorf("printable text changed: %q", got)
	}
}
