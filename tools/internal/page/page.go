// Package page loads the portal's topic pages: structured Markdown with YAML front matter,
// one file per language, read with goldmark so that sections, links and raw HTML are seen as
// the renderer sees them.
package page

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/input"
	"kzportal.example/portal/tools/internal/problem"
)

// Languages are the portal's full editions, the default first: every page is in each.
var Languages = []string{"kk", "ru", "en"}

// Partial are the partial editions: the essentials only, translated from the English
// original, for the foreigners the portal serves most (in 2025 most foreign victims came
// from Uzbekistan, Kyrgyzstan and Tajikistan). The directory stays in the full editions;
// these lead to it in Russian. config.toml declares the same languages (a test holds them
// together).
var Partial = []string{"uz", "ky", "tg"}

// Essentials are the pages every partial edition has, and the only ones it has: the home
// page, help numbers, what to know before you call, help for foreigners, rights, and the
// signs of exploitation. (The pocket cards come with the home page.)
var Essentials = []string{"home", "help", "calling", "foreigners", "rights", "signs"}

// AllLanguages are the full editions, then the partial ones.
func AllLanguages() []string { return append(slices.Clip(Languages), Partial...) }

// Expected reports whether the page id is to be published in lang.
func Expected(id, lang string) bool {
	return slices.Contains(Languages, lang) || slices.Contains(Partial, lang) && slices.Contains(Essentials, id)
}

// MaxFileSize is the largest content file the loader reads.
const MaxFileSize = 256 << 10

// A Page is one language version of a topic page.
type Page struct {
	Path     string // slash-separated, relative to the site root, e.g. content/rights/index.ru.md
	Lang     string // kk, ru or en
	ID       string // the folder name ("home" for the home page); the page's stable id
	Front    Front
	Keys     map[string]int  // front matter key -> line
	invalid  map[string]bool // keys whose value could not be read
	Body     []byte          // Markdown after the front matter, LF line ends
	BodyLine int             // line of Body's first byte in the file

	Broken bool // the file had problems of its own: checks against it would mislead

	Sections []Section // H2 headings in order
	HasIntro bool      // there is text before the first H2
	Links    []Link
	H1Lines  []int // lines of H1 headings written in the body
	HTMLines []int // lines with raw HTML
}

// Front is a topic page's front matter.
type Front struct {
	ID          string      `yaml:"id"`
	Title       string      `yaml:"title"`
	Topic       string      `yaml:"topic"`
	Audience    []string    `yaml:"audience"`
	AppliesTo   []string    `yaml:"applies_to"`
	Summary     string      `yaml:"summary"`
	Sources     []string    `yaml:"sources"`
	Translation Translation `yaml:"translation"`
	Weight      int         `yaml:"weight"`
	Aliases     []string    `yaml:"aliases"`
}

// Translation records where a language version came from.
type Translation struct {
	Source     string `yaml:"source"`      // the language the text was written in
	SourceHash string `yaml:"source_hash"` // Hash of the source version it was made from
	Reviewed   bool   `yaml:"reviewed"`    // a person checked it against the source
}

// A Section is an H2 heading with its stable id, and what its facts come from: source keys
// (`{#id sources="tip-2023 sss-2024"}`), or a mark that it is general advice that cites no
// source (`{#id advice=true}`).
type Section struct {
	ID, Title string
	Line      int
	Sources   []string
	Advice    bool
	Cites     bool // the heading writes sources= or advice=
}

// A Link is a Markdown link or autolink in the body.
type Link struct {
	Dest  string
	Text  string // what the reader sees: the link's text as plain text
	Line  int
	Image bool // ![text](dest): the page would load it
}

// Set is every page that was loaded, by id and language.
type Set struct {
	Pages  []*Page
	byKey  map[[2]string]*Page
	failed map[[2]string]bool // files that exist but could not be read as pages
}

// Failed reports whether the file of id in lang exists but could not be read at all.
func (s *Set) Failed(id, lang string) bool { return s.failed[[2]string{id, lang}] }

// Exists reports whether a page id has a file in any language.
func (s *Set) Exists(id string) bool {
	for _, l := range AllLanguages() {
		if s.Get(id, l) != nil || s.Failed(id, l) {
			return true
		}
	}
	return false
}

// Get returns the page with id in lang, or nil.
func (s *Set) Get(id, lang string) *Page { return s.byKey[[2]string{id, lang}] }

// IDs returns the page ids in sorted order.
func (s *Set) IDs() []string {
	var ids []string
	for _, p := range s.Pages {
		if !slices.Contains(ids, p.ID) {
			ids = append(ids, p.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// Load reads every topic page under root/content, skipping the folders in skip (relative to
// content/, e.g. "shelters"). It returns what it could read and every problem it met.
func Load(root string, skip ...string) (*Set, problem.List) { return LoadCached(root, nil, skip...) }

// LoadCached is Load that parses only the files whose bytes changed since memo last saw them.
func LoadCached(root string, memo *front.Memo[*Page], skip ...string) (*Set, problem.List) {
	var probs problem.List
	set := &Set{byKey: map[[2]string]*Page{}, failed: map[[2]string]bool{}}
	contentDir := filepath.Join(root, "content")
	err := filepath.WalkDir(contentDir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			probs.Add(problem.At(rel, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
			return nil
		}
		if d.IsDir() {
			if sub, _ := filepath.Rel(contentDir, p); slices.Contains(skip, filepath.ToSlash(sub)) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			probs.Add(problem.At(rel, 0, 0, "page.symlink", nil))
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || path.Ext(d.Name()) != ".md" {
			return nil
		}
		pg, ps := loadFile(root, rel, memo)
		probs = append(probs, ps...)
		if pg == nil {
			if id, lang, ok := fileKey(rel); ok {
				set.failed[[2]string{id, lang}] = true
			}
			return nil
		}
		pg.Broken = len(ps) > 0
		key := [2]string{pg.ID, pg.Lang}
		if prev := set.byKey[key]; prev != nil {
			probs.Add(problem.At(rel, pg.Keys["id"], 0, "page.id_twice", problem.Args{"ID": pg.ID, "Lang": pg.Lang, "Other": prev.Path}))
			return nil
		}
		set.byKey[key] = pg
		set.Pages = append(set.Pages, pg)
		return nil
	})
	if err != nil {
		probs.Add(problem.At("content", 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
	}
	memo.Prune()
	return set, probs
}

// fileKey returns the page id and language a content file's path stands for.
func fileKey(rel string) (id, lang string, ok bool) {
	name, lang, ok := strings.Cut(strings.TrimSuffix(path.Base(rel), ".md"), ".")
	if !ok || !slices.Contains(AllLanguages(), lang) || (name != "index" && name != "_index") {
		return "", "", false
	}
	id = path.Base(path.Dir(rel))
	if path.Dir(rel) == "content" {
		id = "home"
	}
	return id, lang, true
}

// recordKind is a front matter line that only directory records have (pages have a topic).
var recordKind = regexp.MustCompile(`(?m)^kind:[ \t]*["']?(centre|line)\b`)

// looksLikeRecord reports whether a file is a directory record, saved outside the records'
// folder: its front matter says kind: centre or kind: line.
func looksLikeRecord(src []byte) bool {
	fm, _, _ := bytes.Cut(bytes.TrimPrefix(src, []byte("---")), []byte("\n---"))
	return recordKind.Match(fm)
}

// loadFile reads one content file. It returns a nil page when the file cannot be used at all.
func loadFile(root, rel string, memo *front.Memo[*Page]) (*Page, problem.List) {
	var probs problem.List
	id, lang, ok := fileKey(rel)
	if !ok {
		if src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel))); err == nil && looksLikeRecord(src) {
			probs.Add(problem.At(rel, 0, 0, "page.record_misplaced", problem.Args{"Name": path.Base(rel)}))
			return nil, probs
		}
		probs.Add(problem.At(rel, 0, 0, "page.file_name", problem.Args{"Name": path.Base(rel)}))
		return nil, probs
	}
	info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		probs.Add(problem.At(rel, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
		return nil, probs
	}
	if info.Size() > MaxFileSize {
		probs.Add(problem.At(rel, 0, 0, "page.too_big", problem.Args{"Size": info.Size() >> 10, "Limit": MaxFileSize >> 10}))
		return nil, probs
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		probs.Add(problem.At(rel, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
		return nil, probs
	}
	pg, ps := memo.Parse(rel, src, func() (*Page, problem.List) { return Parse(rel, lang, id, src) })
	return pg, append(probs, ps...)
}

// Parse reads a page from src. rel names the file in problems.
func Parse(rel, lang, id string, src []byte) (*Page, problem.List) {
	f, probs := front.Parse(rel, src)
	if f == nil {
		return nil, probs
	}
	pg := &Page{Path: rel, Lang: lang, ID: id, Body: f.Body, BodyLine: f.BodyLine, Keys: map[string]int{}}
	probs = append(probs, input.Entities(rel, f.Body, f.BodyLine)...)
	probs = append(probs, input.HeadingSpaces(rel, f.Body, f.BodyLine)...)
	fm := &pg.Front
	fields := map[string]*front.Field{
		"id": {Dst: &fm.ID}, "title": {Dst: &fm.Title}, "topic": {Dst: &fm.Topic},
		"audience": {Dst: &fm.Audience}, "applies_to": {Dst: &fm.AppliesTo}, "summary": {Dst: &fm.Summary},
		"sources": {Dst: &fm.Sources}, "weight": {Dst: &fm.Weight}, "aliases": {Dst: &fm.Aliases},
		"translation": nil,
	}
	ps := front.Decode(rel, f.Front, fields, "", pg.Keys, front.Groups{"source": "translation", "source_hash": "translation", "reviewed": "translation"})
	pg.invalid = front.Invalid(ps)
	probs = append(probs, ps...)
	if translation := front.Get(f.Front, "translation"); translation != nil {
		if translation.Kind != yaml.MappingNode {
			probs.Add(problem.At(rel, front.Line(translation), translation.Column, "page.translation_not_group", nil))
		} else {
			t := &fm.Translation
			probs = append(probs, front.Decode(rel, translation, map[string]*front.Field{
				"source": {Dst: &t.Source}, "source_hash": {Dst: &t.SourceHash}, "reviewed": {Dst: &t.Reviewed},
			}, "translation.", pg.Keys, nil)...)
		}
	}
	pg.scanBody()
	return pg, probs
}

// Markdown is the goldmark configuration the loader reads bodies with; it matches Hugo's
// defaults for what matters here (heading attributes, tables, autolinks).
var Markdown = goldmark.New(goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithAttribute()))

func (pg *Page) scanBody() {
	doc := Markdown.Parser().Parse(text.NewReader(pg.Body))
	lineOf := func(n ast.Node) int {
		for ; n != nil; n = n.Parent() {
			if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
				return pg.BodyLine + bytes.Count(pg.Body[:n.Lines().At(0).Start], []byte("\n"))
			}
			if t, ok := n.(*ast.Text); ok {
				return pg.BodyLine + bytes.Count(pg.Body[:t.Segment.Start], []byte("\n"))
			}
			if c := n.FirstChild(); c != nil {
				if t, ok := c.(*ast.Text); ok {
					return pg.BodyLine + bytes.Count(pg.Body[:t.Segment.Start], []byte("\n"))
				}
			}
		}
		return pg.BodyLine
	}
	if first := doc.FirstChild(); first != nil {
		h, ok := first.(*ast.Heading)
		pg.HasIntro = !ok || h.Level != 2
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			switch n.Level {
			case 1:
				pg.H1Lines = append(pg.H1Lines, lineOf(n))
			case 2:
				s := Section{Line: lineOf(n)}
				if v, ok := n.AttributeString("id"); ok {
					if b, ok := v.([]byte); ok {
						s.ID = string(b)
					}
				}
				if v, ok := n.AttributeString("sources"); ok {
					s.Cites = true
					if b, ok := v.([]byte); ok {
						s.Sources = strings.Fields(string(b))
					}
				}
				if v, ok := n.AttributeString("advice"); ok {
					s.Cites = true
					s.Advice = v == true
				}
				s.Title = strings.TrimSpace(plainText(n, pg.Body))
				pg.Sections = append(pg.Sections, s)
			}
		case *ast.Link:
			pg.Links = append(pg.Links, Link{Dest: string(n.Destination), Text: plainText(n, pg.Body), Line: lineOf(n)})
		case *ast.AutoLink:
			pg.Links = append(pg.Links, Link{Dest: string(n.URL(pg.Body)), Text: string(n.Label(pg.Body)), Line: lineOf(n)})
		case *ast.Image:
			pg.Links = append(pg.Links, Link{Dest: string(n.Destination), Text: plainText(n, pg.Body), Line: lineOf(n), Image: true})
		case *ast.HTMLBlock:
			pg.HTMLines = append(pg.HTMLines, lineOf(n))
		case *ast.RawHTML:
			line := pg.BodyLine
			if n.Segments.Len() > 0 {
				line += bytes.Count(pg.Body[:n.Segments.At(0).Start], []byte("\n"))
			}
			pg.HTMLines = append(pg.HTMLines, line)
		}
		return ast.WalkContinue, nil
	})
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// Hash identifies the text of a page version: its title, summary and body, with line ends
// and trailing space normalised. A translation records the hash of the source it was made from.
func Hash(pg *Page) string {
	h := sha256.New()
	for _, s := range []string{pg.Front.Title, pg.Front.Summary, string(pg.Body)} {
		for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
			h.Write([]byte(strings.TrimRight(line, " \t")))
			h.Write([]byte{'\n'})
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
