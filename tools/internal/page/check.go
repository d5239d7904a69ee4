package page

import (
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

// Check validates every page of the set on its own and against its translations.
// Options are what the page checks depend on besides the pages.
type Options struct {
	Sources source.Set // what pages may cite
	Strict  bool       // stale translations are errors, not warnings
}

func Check(set *Set, o Options) problem.List {
	var probs problem.List
	for _, pg := range set.Pages {
		ps := append(checkPage(pg, o.Sources), checkLinks(set, pg)...)
		pg.Broken = pg.Broken || len(ps) > 0
		probs = append(probs, ps...)
	}
	for _, id := range set.IDs() {
		probs = append(probs, checkTranslations(set, id, o.Strict)...)
	}
	return probs
}

func checkPage(pg *Page, sources source.Set) problem.List {
	var probs problem.List
	f := pg.Front
	line := func(key string) int {
		if l, ok := pg.Keys[key]; ok {
			return l
		}
		return 1
	}
	required := func(key, value, example string) {
		if strings.TrimSpace(value) == "" {
			probs.Addf(pg.Path, line(key), 0, "add a line like "+example, "%s is missing or empty", key)
		}
	}
	required("id", f.ID, "id: "+pg.ID)
	if f.ID != "" && f.ID != pg.ID {
		probs.Addf(pg.Path, line("id"), 0, fmt.Sprintf("write id: %s, or rename the folder", pg.ID),
			"id %q does not match the page's folder %q", f.ID, pg.ID)
	}
	required("title", f.Title, `title: "Your rights"`)
	required("summary", f.Summary, `summary: "One sentence that says what the page is for."`)
	required("topic", f.Topic, "topic: rights")
	if f.Topic != "" && !slices.Contains(Topics, f.Topic) {
		probs.Addf(pg.Path, line("topic"), 0, "use one of: "+strings.Join(Topics, ", "), "unknown topic %q", f.Topic)
	}
	checkList := func(key string, values, allowed []string) {
		if _, written := pg.Keys[key]; !written {
			probs.Addf(pg.Path, line(key), 0, fmt.Sprintf("add a list like %s: [%s]", key, allowed[0]), "%s is missing", key)
		} else if len(values) == 0 && pg.Keys[key] > 0 && !pg.invalid[key] {
			probs.Addf(pg.Path, line(key), 0, fmt.Sprintf("list at least one, e.g. %s: [%s]", key, allowed[0]), "%s is empty", key)
		}
		for _, v := range values {
			if !slices.Contains(allowed, v) {
				probs.Addf(pg.Path, line(key), 0, "use any of: "+strings.Join(allowed, ", "), "unknown %s value %q", key, v)
			}
		}
	}
	checkList("audience", f.Audience, Audiences)
	checkList("applies_to", f.AppliesTo, AppliesTo)
	for _, s := range f.Sources {
		if !sources.Has(s) {
			probs.Add(problem.At(pg.Path, line("sources"), 0, "page.source_unknown", problem.Args{"Value": s, "Keys": keys(sources)}))
		}
	}
	probs = append(probs, checkSectionSources(pg, sources)...)
	if f.Summary != "" {
		if n, limit := SMSLength(f.Summary); n > limit {
			probs.Addf(pg.Path, line("summary"), 0,
				"shorten the summary so that it fits one text message (hotline staff send it by SMS)",
				"summary is %d characters; one SMS holds %d of these", n, limit)
		}
	}
	if t := f.Translation; t.Source == "" {
		probs.Addf(pg.Path, line("translation"), 0, "add translation: with source: en (the language it was written in)",
			"translation.source is missing")
	} else if !slices.Contains(Languages, t.Source) {
		probs.Addf(pg.Path, line("translation.source"), 0, "use one of: "+strings.Join(Languages, ", "),
			"unknown source language %q", t.Source)
	}
	for _, l := range pg.H1Lines {
		probs.Addf(pg.Path, l, 0, "start sections with ## (the title is the page's only H1)", "heading level 1 (#) in the text")
	}
	for _, l := range pg.HTMLines {
		probs.Addf(pg.Path, l, 0, "write it in Markdown; raw HTML is never published", "raw HTML in the text")
	}
	seen := map[string]int{}
	for _, s := range pg.Sections {
		switch {
		case s.ID == "":
			probs.Addf(pg.Path, s.Line, 0, fmt.Sprintf("end the heading with a stable id, e.g. ## %s {#%s}", s.Title, "what-you-get"),
				"section %q has no {#id}", s.Title)
		case !idPattern.MatchString(s.ID):
			probs.Addf(pg.Path, s.Line, 0, "use lowercase Latin letters, digits and hyphens, e.g. {#what-you-get}",
				"section id %q is not a stable id", s.ID)
		case seen[s.ID] > 0:
			probs.Addf(pg.Path, s.Line, 0, "give each section its own id", "section id %q is already used on line %d", s.ID, seen[s.ID])
		default:
			seen[s.ID] = s.Line
		}
	}
	return probs
}

// checkTranslations compares the language versions of one page: all three exist, they agree
// on the source language and the section ids, and each translation was made from the source
// text as it is now.
func checkTranslations(set *Set, id string, strict bool) problem.List {
	var probs problem.List
	var have []*Page
	for _, l := range Languages {
		if pg := set.Get(id, l); pg != nil {
			have = append(have, pg)
		}
	}
	for _, l := range Languages {
		if set.Get(id, l) == nil && !set.Failed(id, l) {
			dir := have[0].Path[:strings.LastIndex(have[0].Path, "/")+1]
			name := "index." + l + ".md"
			if strings.Contains(have[0].Path, "/_index.") {
				name = "_index." + l + ".md"
			}
			probs.Addf(have[0].Path, 0, 0, fmt.Sprintf("write the %s version in %s%s", langName[l], dir, name),
				"page %q has no %s version", id, langName[l])
		}
	}
	srcLang := have[0].Front.Translation.Source
	for _, pg := range have[1:] {
		if pg.Front.Translation.Source != srcLang && pg.Front.Translation.Source != "" && srcLang != "" {
			probs.Addf(pg.Path, pg.Keys["translation.source"], 0, "write the same translation.source in all three files",
				"translation.source %q differs from %q in %s", pg.Front.Translation.Source, srcLang, have[0].Path)
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
		if got := sectionIDs(pg); !slices.Equal(got, want) {
			probs.Addf(pg.Path, firstSectionLine(pg), 0,
				fmt.Sprintf("use the section ids of %s, in this order: %s", src.Path, strings.Join(want, ", ")),
				"section ids [%s] differ from the source's", strings.Join(got, ", "))
		} else {
			probs = append(probs, sameSources(src, pg)...)
		}
		switch h := pg.Front.Translation.SourceHash; {
		case h == "":
			probs.Addf(pg.Path, pg.Keys["translation"], 0,
				fmt.Sprintf("when the translation matches %s, write source_hash: %q under translation", src.Path, hash),
				"translation.source_hash is missing")
		case h != hash:
			p := problem.At(pg.Path, pg.Keys["translation.source_hash"], 0, "page.translation_stale",
				problem.Args{"Source": src.Path, "Hash": hash, "Lang": srcLang})
			if !strict {
				p = p.AsWarning()
			}
			probs.Add(p)
		}
	}
	return probs
}

var langName = map[string]string{"kk": "Kazakh", "ru": "Russian", "en": "English"}

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

// checkLinks resolves links to portal pages (written /id/ or /id/#section) and to sections
// of the same page (#section).
func checkLinks(set *Set, pg *Page) problem.List {
	var probs problem.List
	for _, l := range pg.Links {
		u, err := url.Parse(l.Dest)
		if err != nil {
			probs.Addf(pg.Path, l.Line, 0, "check the address for spaces or typing errors", "link %q is not a valid address", l.Dest)
			continue
		}
		switch {
		case u.Scheme == "tel" || u.Scheme == "sms" || u.Scheme == "mailto":
		case u.Scheme == "https" || u.Scheme == "http":
			if u.Host == "" {
				probs.Addf(pg.Path, l.Line, 0, "write the whole address, e.g. https://adilet.zan.kz/", "link %q has no host", l.Dest)
			}
		case u.Scheme != "":
			probs.Addf(pg.Path, l.Line, 0, "link with https:, tel:, sms: or mailto:, or to a portal page as /id/",
				"link %q uses the %s: scheme", l.Dest, u.Scheme)
		case u.Path == "" && u.Fragment != "":
			if !hasSection(pg, u.Fragment) {
				probs.Addf(pg.Path, l.Line, 0, "use one of this page's section ids: "+strings.Join(sectionIDs(pg), ", "),
					"link to unknown section #%s", u.Fragment)
			}
		case strings.HasPrefix(u.Path, "/"):
			id := strings.Trim(u.Path, "/")
			if id == "" {
				id = "home"
			}
			target := set.Get(id, pg.Lang)
			if target == nil && set.Failed(id, pg.Lang) {
				continue // that file's own problem is reported
			}
			if target == nil {
				probs.Addf(pg.Path, l.Line, 0, "link to a page by its id, e.g. /rights/; page ids: "+strings.Join(set.IDs(), ", "),
					"link to unknown page %q", l.Dest)
			} else if u.Fragment != "" && !hasSection(target, u.Fragment) {
				probs.Addf(pg.Path, l.Line, 0, fmt.Sprintf("use one of %s's section ids: %s", id, strings.Join(sectionIDs(target), ", ")),
					"link to unknown section %q", l.Dest)
			}
		default:
			probs.Addf(pg.Path, l.Line, 0, "link to portal pages by id from the root, e.g. /rights/",
				"relative link %q", l.Dest)
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
			at("page.section_no_sources", nil)
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
