package page

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"

	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/source"
)

// Vocabularies of the front matter. Adding a value here is enough for the loader to accept it.
var (
	Topics = []string{"home", "help", "directory", "rights", "foreigners", "court", "compensation", "guideline", "safety", "about", "partners", "changes"}
	// Factual are the topics whose every section must cite its sources, or say that it is
	// general advice.
	Factual   = []string{"help", "directory", "rights", "foreigners", "court", "compensation", "guideline"}
	Audiences = []string{"victims", "families", "professionals", "public"}
	AppliesTo = []string{"citizens", "foreigners", "children", "adults"}
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// aliasPattern is an old address of a page, a path from the site's root (Hugo writes a page
// there that leads to the page): never another site's address, which Hugo refuses with a
// message that blames the templates.
var aliasPattern = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)

// Check validates every page of the set on its own and against its translations.
// Options are what the page checks depend on besides the pages.
type Options struct {
	Sources source.Set      // what pages may cite
	Strict  bool            // stale translations are errors, not warnings
	Paths   map[string]bool // the directory's pages a link may name besides topic pages, e.g. shelters/regions/kz-35
}

// Check validates every page of the set on its own and against its translations.
func Check(set *Set, o Options) problem.List {
	var probs problem.List
	for _, pg := range set.Pages {
		ps := append(checkPage(set, pg, o.Sources), checkLinks(set, pg, o.Paths)...)
		pg.Broken = pg.Broken || len(ps) > 0
		probs = append(probs, ps...)
	}
	for _, id := range set.IDs() {
		probs = append(probs, checkTranslations(set, id, o.Strict)...)
	}
	return probs
}

func checkPage(set *Set, pg *Page, sources source.Set) problem.List {
	var probs problem.List
	f := pg.Front
	line := func(key string) int {
		if l, ok := pg.Keys[key]; ok {
			return l
		}
		return 1
	}
	at := func(key, code string, args problem.Args) {
		probs.Add(problem.At(pg.Path, line(key), 0, code, args))
	}
	required := func(key, value string) {
		if strings.TrimSpace(value) == "" && !pg.invalid[key] {
			at(key, "page.missing", problem.Args{"Key": key, "ID": pg.ID})
		}
	}
	required("id", f.ID)
	switch {
	case f.ID != "" && f.ID != pg.ID && pg.ID != "home" && !idPattern.MatchString(pg.ID) && idPattern.MatchString(f.ID):
		// the folder's name is no id (a letter outside a-z, a byte that is not UTF-8): only
		// renaming the folder helps
		probs.Add(problem.At(pg.Path, line("id"), 0, "page.id_mismatch", problem.Args{"ID": f.ID, "Folder": pg.ID}).WithHint("hint_rename"))
	case f.ID != "" && f.ID != pg.ID && pg.ID != "home" && !idPattern.MatchString(pg.ID):
		probs.Add(problem.At(pg.Path, line("id"), 0, "page.id_mismatch", problem.Args{"ID": f.ID, "Folder": pg.ID}).WithHint("hint_invalid"))
	case f.ID != "" && f.ID != pg.ID:
		at("id", "page.id_mismatch", problem.Args{"ID": f.ID, "Folder": pg.ID})
	}
	required("title", f.Title)
	required("summary", f.Summary)
	required("topic", f.Topic)
	if f.Topic != "" && !slices.Contains(Topics, f.Topic) {
		at("topic", "page.unknown_value", problem.Args{"Key": "topic", "Value": f.Topic, "Allowed": strings.Join(Topics, ", ")})
	}
	checkList := func(key string, values, allowed []string) {
		if _, written := pg.Keys[key]; !written {
			at(key, "page.list_missing", problem.Args{"Key": key, "Example": allowed[0]})
		} else if len(values) == 0 && !pg.invalid[key] {
			at(key, "page.list_empty", problem.Args{"Key": key, "Example": allowed[0]})
		}
		for _, v := range values {
			if !slices.Contains(allowed, v) {
				at(key, "page.unknown_value", problem.Args{"Key": key, "Value": v, "Allowed": strings.Join(allowed, ", ")})
			}
		}
	}
	checkList("audience", f.Audience, Audiences)
	checkList("applies_to", f.AppliesTo, AppliesTo)
	for _, s := range f.Sources {
		if !sources.Has(s) {
			at("sources", "page.source_unknown", problem.Args{"Value": s, "Keys": keys(sources)})
		}
	}
	probs = append(probs, checkSectionSources(pg, sources)...)
	if f.Summary != "" {
		if n, limit := SMSLength(f.Summary); n > limit {
			at("summary", "page.summary_long", problem.Args{"Count": n, "Limit": limit})
		}
	}
	switch t := f.Translation; {
	case t.Source == "" && !pg.invalid["translation.source"]:
		at("translation", "page.translation_source_missing", nil)
	case t.Source != "" && !slices.Contains(Languages, t.Source):
		at("translation.source", "page.unknown_value", problem.Args{"Key": "translation.source", "Value": t.Source, "Allowed": strings.Join(Languages, ", ")})
	}
	for _, a := range f.Aliases {
		if !aliasPattern.MatchString(a) || strings.HasPrefix(a, "//") || slices.Contains(strings.Split(a, "/"), "..") {
			at("aliases", "page.alias_invalid", problem.Args{"Value": a})
		}
	}
	for _, l := range pg.H1Lines {
		probs.Add(problem.At(pg.Path, l, 0, "page.h1", nil))
	}
	lines := strings.Split(string(pg.Body), "\n")
	for _, l := range pg.HTMLines {
		p := problem.At(pg.Path, l, 0, "page.raw_html", nil)
		if i := l - pg.BodyLine; i >= 0 && i < len(lines) {
			if hint, fix := rawHTML(lines[i]); hint != "" {
				p = p.With(problem.Args{"Fix": fix}).WithHint(hint)
			}
		}
		probs.Add(p)
	}
	seen := map[string]int{}
	for i, s := range pg.Sections {
		switch {
		case s.ID == "":
			p := problem.At(pg.Path, s.Line, 0, "page.section_no_id", problem.Args{"Title": s.Title})
			if id := suggestID(set, pg, i); id != "" {
				p = p.WithHint("hint_suggest").With(problem.Args{"Want": id})
			}
			probs.Add(p)
		case !idPattern.MatchString(s.ID):
			probs.Add(problem.At(pg.Path, s.Line, 0, "page.section_id_invalid", problem.Args{"ID": s.ID}))
		case seen[s.ID] > 0:
			probs.Add(problem.At(pg.Path, s.Line, 0, "page.section_id_twice", problem.Args{"ID": s.ID, "First": seen[s.ID]}))
		default:
			seen[s.ID] = s.Line
		}
	}
	return probs
}

// suggestID returns the id to give the i-th section of pg, which has none: the one the
// page's other languages give their i-th section, or else, in English, its title's words.
func suggestID(set *Set, pg *Page, i int) string {
	for _, l := range Languages {
		if other := set.Get(pg.ID, l); other != nil && other != pg && i < len(other.Sections) && other.Sections[i].ID != "" &&
			len(other.Sections) == len(pg.Sections) {
			return other.Sections[i].ID
		}
	}
	if pg.Lang != "en" {
		return ""
	}
	var words []string
	for _, w := range strings.Fields(strings.ToLower(pg.Sections[i].Title)) {
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words[:min(len(words), 4)], "-")
}

// checkTranslations compares the language versions of one page: all three exist, they agree
// on the source language and the section ids, and each translation was made from the source
// text as it is now.
func checkTranslations(set *Set, id string, strict bool) problem.List {
	var probs problem.List
	var have []*Page
	for _, l := range AllLanguages() {
		if pg := set.Get(id, l); pg != nil {
			have = append(have, pg)
			if !Expected(id, l) {
				probs.Add(problem.At(pg.Path, 0, 0, "page.not_essential", problem.Args{"ID": id, "Lang": l, "Essentials": strings.Join(Essentials, ", ")}))
			}
		}
	}
	if len(have) == 0 {
		return probs
	}
	for _, l := range AllLanguages() {
		if Expected(id, l) && set.Get(id, l) == nil && !set.Failed(id, l) {
			dir := have[0].Path[:strings.LastIndex(have[0].Path, "/")+1]
			name := "index." + l + ".md"
			if strings.Contains(have[0].Path, "/_index.") {
				name = "_index." + l + ".md"
			}
			probs.Add(problem.At(have[0].Path, 0, 0, translationMissing[l], problem.Args{"ID": id, "File": dir + name}))
		}
	}
	srcLang := have[0].Front.Translation.Source
	for _, pg := range have[1:] {
		if pg.Front.Translation.Source != srcLang && pg.Front.Translation.Source != "" && srcLang != "" {
			probs.Add(problem.At(pg.Path, pg.Keys["translation.source"], 0, "page.translation_source_differs",
				problem.Args{"Value": pg.Front.Translation.Source, "Want": srcLang, "Other": have[0].Path}))
		}
	}
	src := set.Get(id, srcLang)
	if src == nil || src.Broken {
		return probs // the source's own problems come first; comparing with it would mislead
	}
	want := sectionIDs(src)
	hash := Hash(src)
	for _, pg := range have {
		if pg == src {
			continue
		}
		got := sectionIDs(pg)
		switch {
		case slices.Contains(got, ""):
			// a section without an id is reported on its own, with the id to write
		case !slices.Equal(got, want):
			probs.Add(problem.At(pg.Path, firstSectionLine(pg), 0, "page.sections_differ",
				problem.Args{"Got": strings.Join(got, ", "), "Want": strings.Join(want, ", "), "Source": src.Path}))
		default:
			probs = append(probs, sameSources(src, pg)...)
		}
		switch h := pg.Front.Translation.SourceHash; {
		case h == "":
			probs.Add(problem.At(pg.Path, pg.Keys["translation"], 0, "page.hash_missing", problem.Args{"Source": src.Path, "Hash": hash}))
		case h != hash:
			args := problem.Args{"Source": src.Path, "Hash": hash, "Lang": srcLang}
			if strict {
				probs.Add(problem.At(pg.Path, pg.Keys["translation.source_hash"], 0, "page.translation_stale_strict", args))
			} else {
				probs.Add(problem.At(pg.Path, pg.Keys["translation.source_hash"], 0, "page.translation_stale", args).AsWarning())
			}
		}
	}
	return probs
}

// translationMissing are the problems of a page without one of its languages.
var translationMissing = map[string]string{"kk": "page.translation_missing_kk", "ru": "page.translation_missing_ru", "en": "page.translation_missing_en",
	"uz": "page.translation_missing_uz", "ky": "page.translation_missing_ky", "tg": "page.translation_missing_tg"}

func sectionIDs(pg *Page) []string {
	ids := []string{}
	for _, s := range pg.Sections {
		ids = append(ids, s.ID)
	}
	return ids
}

func firstSectionLine(pg *Page) int {
	if len(pg.Sections) > 0 {
		return pg.Sections[0].Line
	}
	return pg.BodyLine
}

// checkLinks resolves links to portal pages (written /id/ or /id/#section), to the
// directory's pages (/shelters/regions/kz-35/, /shelters/line-111/) and to sections of the
// same page (#section).
func checkLinks(set *Set, pg *Page, paths map[string]bool) problem.List {
	var probs problem.List
	for _, l := range pg.Links {
		at := func(code string, args problem.Args) {
			probs.Add(problem.At(pg.Path, l.Line, 0, code, problem.Args{"Link": l.Dest}).With(args))
		}
		u, err := url.Parse(l.Dest)
		if err != nil {
			at("page.link_invalid", nil)
			continue
		}
		if l.Image && (u.Scheme != "" || u.Host != "") {
			// The build's audit refuses any resource from another host; here it is named
			// at its line, with what to write.
			at("page.image_remote", problem.Args{"Host": u.Host})
			continue
		}
		if text, ok := textNumber(l.Text); ok && u.Scheme != "tel" && u.Scheme != "sms" {
			at("page.link_text_number", problem.Args{"Text": l.Text, "Target": l.Dest, "Fix": "[" + l.Text + "](tel:" + text + ")"})
			continue
		}
		switch {
		case u.Scheme != "":
			checkTarget(l, u, at)
		case u.Path == "" && u.Fragment != "":
			if !hasSection(pg, u.Fragment) {
				at("page.link_section_unknown", problem.Args{"IDs": strings.Join(sectionIDs(pg), ", ")})
			}
		case strings.HasPrefix(u.Path, "/"):
			id := strings.Trim(u.Path, "/")
			if id == "" {
				id = "home"
			}
			target := set.Get(id, pg.Lang)
			if target == nil && slices.Contains(Partial, pg.Lang) {
				target = set.Get(id, "ru") // a partial edition links to the Russian page where it has none
			}
			if target == nil && (set.Failed(id, pg.Lang) || set.Exists(id)) {
				continue // that file's own problem, or the missing translation, is reported
			}
			switch {
			case target == nil && paths[id]:
				if u.Fragment != "" {
					at("page.link_directory_fragment", nil)
				}
			case target == nil:
				if lang, rest, _ := strings.Cut(id, "/"); slices.Contains(Languages, lang) && (set.Get(cmp.Or(rest, "home"), pg.Lang) != nil || paths[rest]) {
					fix := "/" + strings.TrimSuffix(rest, "/")
					if rest != "" {
						fix += "/"
					}
					if u.Fragment != "" {
						fix += "#" + u.Fragment
					}
					at("page.link_lang_prefix", problem.Args{"Lang": lang, "Fix": fix})
					continue
				}
				at("page.link_unknown", problem.Args{"IDs": strings.Join(set.IDs(), ", ")})
			case u.Fragment != "" && !hasSection(target, u.Fragment):
				at("page.link_section_unknown", problem.Args{"IDs": strings.Join(sectionIDs(target), ", ")})
			}
		default:
			at("page.link_relative", nil)
		}
	}
	return probs
}

func hasSection(pg *Page, id string) bool {
	return slices.ContainsFunc(pg.Sections, func(s Section) bool { return s.ID == id })
}

// gsm7 is the GSM 03.38 basic character set; gsm7ext the extension table, which costs two.
const (
	gsm7    = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7ext = "^{}\\[~]|€\f"
)

// SMSLength returns the length of s as one SMS counts it and the limit of one segment: 160
// septets in the GSM 7-bit alphabet, or 70 UTF-16 units (UCS-2) when s needs any other
// character, as Cyrillic text does.
func SMSLength(s string) (n, limit int) {
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsm7, r):
			n++
		case strings.ContainsRune(gsm7ext, r):
			n += 2
		default:
			return len(utf16.Encode([]rune(s))), 70
		}
	}
	return n, 160
}

// checkSectionSources requires, in a page's original, that each section of a factual page
// names the sources of its facts or says that it is general advice, and that every key it
// names is a source. (Translations take their sections' sources from the original.)
func checkSectionSources(pg *Page, sources source.Set) problem.List {
	var probs problem.List
	if pg.Front.Translation.Source != pg.Lang {
		return nil
	}
	factual := slices.Contains(Factual, pg.Front.Topic)
	for _, s := range pg.Sections {
		at := func(code string, args problem.Args) {
			probs.Add(problem.At(pg.Path, s.Line, 0, code, problem.Args{"ID": s.ID, "Title": s.Title, "Keys": keys(sources)}).With(args))
		}
		switch {
		case s.Advice && len(s.Sources) > 0:
			at("page.section_advice_and_sources", nil)
		case !s.Cites && factual:
			if cited := citedKeys(pg, sources); len(cited) > 0 {
				at("page.section_no_sources", problem.Args{"Cited": strings.Join(cited, " ")})
			} else {
				probs.Add(problem.At(pg.Path, s.Line, 0, "page.section_no_sources", problem.Args{"ID": s.ID, "Title": s.Title, "Keys": keys(sources)}).WithHint("hint_none"))
			}
		case s.Cites && !s.Advice && len(s.Sources) == 0:
			at("page.section_sources_empty", nil)
		}
		for _, k := range s.Sources {
			if !sources.Has(k) {
				at("page.section_source_unknown", problem.Args{"Value": k})
			}
		}
	}
	return probs
}

// citedKeys lists the sources the page already cites (in its front matter and its
// sections), in the order it first names them: what a new section most likely rests on.
func citedKeys(pg *Page, sources source.Set) []string {
	var cited []string
	add := func(ks []string) {
		for _, k := range ks {
			if sources.Has(k) && !slices.Contains(cited, k) {
				cited = append(cited, k)
			}
		}
	}
	add(pg.Front.Sources)
	for _, s := range pg.Sections {
		add(s.Sources)
	}
	return cited
}

// keys lists the source keys, for hints.
func keys(sources source.Set) string {
	return strings.Join(slices.Sorted(maps.Keys(sources)), ", ")
}

// sameSources requires that a translation's section, where it repeats the original's
// sources= or advice=, repeats them exactly: the facts are the same in every language.
func sameSources(src, pg *Page) problem.List {
	var probs problem.List
	for i, s := range pg.Sections {
		o := src.Sections[i]
		if s.Cites && (!slices.Equal(s.Sources, o.Sources) || s.Advice != o.Advice) {
			probs.Add(problem.At(pg.Path, s.Line, 0, "page.section_sources_differ", problem.Args{"ID": s.ID,
				"Source": fmt.Sprintf("%s:%d", src.Path, o.Line), "Want": strings.Join(o.Sources, " "), "Advice": o.Advice}))
		}
	}
	return probs
}

// A Stale translation was made from an earlier text of its original.
type Stale struct {
	ID, Lang string
	Original string // the original's path
}

// StaleTranslations lists the translations whose original has changed since they were made.
func StaleTranslations(set *Set) []Stale {
	var out []Stale
	for _, id := range set.IDs() {
		for _, l := range Languages {
			pg := set.Get(id, l)
			if pg == nil || pg.Front.Translation.Source == l || pg.Front.Translation.SourceHash == "" {
				continue
			}
			if src := set.Get(id, pg.Front.Translation.Source); src != nil && Hash(src) != pg.Front.Translation.SourceHash {
				out = append(out, Stale{ID: id, Lang: l, Original: src.Path})
			}
		}
	}
	return out
}
