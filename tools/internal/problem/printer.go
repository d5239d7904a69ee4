package problem

import (
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// Languages are the languages the tool speaks, English (the fallback) first.
var Languages = []string{"en", "ru", "kk"}

// Messages are the tool's own message files, one per language: for each code a table with
// message = "…" and hint = "…" (and other hints by name), plural forms where a count is named.
//
//go:embed messages/*.toml
var Messages embed.FS

var bundle = func() *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range Languages {
		if _, err := b.LoadMessageFileFS(Messages, "messages/"+l+".toml"); err != nil {
			panic(err) // the files are compiled in; TestMessages reports what is wrong
		}
	}
	return b
}()

// A Printer writes problems and the tool's other messages in one language.
type Printer struct {
	Lang string
	loc  *i18n.Localizer
}

// NewPrinter returns a printer for lang (kk, ru or en; anything else prints English).
func NewPrinter(lang string) *Printer {
	if !slices.Contains(Languages, lang) {
		lang = "en"
	}
	return &Printer{Lang: lang, loc: i18n.NewLocalizer(bundle, lang)}
}

// English prints in English: for logs, errors and tests.
var English = NewPrinter("en")

// Lang chooses the language of the tool's messages: flag when set, else the environment
// (PORTAL_LANG, then LANG, e.g. ru_RU.UTF-8), else English.
func Lang(flag string) string { return LangOr(flag, "en") }

// LangOr is Lang with another language where nothing says one: edit speaks Russian, as
// its interface does.
func LangOr(flag, fallback string) string {
	for _, v := range []string{flag, os.Getenv("PORTAL_LANG"), os.Getenv("LANG")} {
		if l := baseLang(v); l != "" {
			return l
		}
	}
	return fallback
}

func baseLang(v string) string {
	v = strings.ToLower(v)
	for i, c := range v {
		if c == '_' || c == '-' || c == '.' || c == '@' {
			v = v[:i]
			break
		}
	}
	if slices.Contains(Languages, v) {
		return v
	}
	return ""
}

// T returns the message id filled in with args, in the printer's language. A missing
// message (a bug TestMessages catches) prints its id, so that nothing is lost.
func (pr *Printer) T(id string, args Args) string {
	data := make(map[string]any, len(args))
	for k, v := range args {
		switch w := v.(type) {
		case Word:
			v = pr.T("word."+string(w), nil)
		case string:
			v = Printable(w)
		case error:
			v = Printable(w.Error())
		}
		data[k] = v
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := args["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := pr.loc.Localize(cfg)
	if err != nil {
		if s == "" {
			return id
		}
	}
	return s
}

// Has reports whether the message id exists in English (the reference language).
func Has(id string) bool {
	_, err := English.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: 2})
	return err == nil
}

// Message returns the text of p.
func (pr *Printer) Message(p Problem) string { return pr.T(p.Code+".message", p.Args) }

// HintText returns the hint of p, or "".
func (pr *Printer) HintText(p Problem) string {
	switch p.Hint {
	case "-":
		return ""
	case "":
		if !Has(p.Code + ".hint") {
			return ""
		}
		return pr.T(p.Code+".hint", p.Args)
	}
	return pr.T(p.Code+"."+p.Hint, p.Args)
}

// Format formats p as path:line:col: message, with its hint on the next line.
func (pr *Printer) Format(p Problem) string {
	var b strings.Builder
	b.WriteString(Printable(p.Path))
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString(pr.T("warning_prefix", nil))
	}
	b.WriteString(pr.Message(p))
	if h := pr.HintText(p); h != "" {
		b.WriteString("\n\t")
		b.WriteString(pr.T("hint_prefix", nil))
		b.WriteString(h)
	}
	return b.String()
}

// FormatList formats every problem, one per line.
func (pr *Printer) FormatList(l List) string {
	lines := make([]string, len(l))
	for i, p := range l {
		lines[i] = pr.Format(p)
	}
	return strings.Join(lines, "\n")
}

// Printable returns s with every character a terminal would obey or a reader would not see
// (control characters, the line feed and carriage return among them, bidirectional and
// zero-width characters, any space but the plain one, bytes that are not UTF-8) written as
// Go escapes: \x1b, \r, \u202e. Every value a message names, and every path, is printed
// through it, so that no file name or text an editor wrote can clear the screen, move the
// cursor or write a line that looks like the tool's own ("build: published").
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (!unicode.IsPrint(r) && r != ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsPrint(r) || r == ' ':
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// printableArgs returns args with their text values Printable.
func printableArgs(args Args) Args {
	if args == nil {
		return nil
	}
	out := make(Args, len(args))
	for k, v := range args {
		if s, ok := v.(string); ok {
			v = Printable(s)
		}
		out[k] = v
	}
	return out
}

// jsonProblem is a problem as -json prints it: the stable code beside the text.
type jsonProblem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Warning bool   `json:"warning,omitempty"`
	Args    Args   `json:"args,omitempty"`
}

// Write prints the problems to w as text, or as a JSON array when asJSON is set.
func (pr *Printer) Write(w io.Writer, l List, asJSON bool) error {
	if asJSON {
		out := make([]jsonProblem, 0, len(l))
		for _, p := range l {
			out = append(out, jsonProblem{Path: Printable(p.Path), Line: p.Line, Col: p.Col, Code: p.Code,
				Message: pr.Message(p), Hint: pr.HintText(p), Warning: p.Warning, Args: printableArgs(p.Args)})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, p := range l {
		if _, err := fmt.Fprintln(w, pr.Format(p)); err != nil {
			return err
		}
	}
	return nil
}
