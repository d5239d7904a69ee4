// Package source reads data/sources.yaml: the publications the portal's pages and directory
// entries cite, each with what it is, where it is and when it was published.
package source

import (
	"errors"
	"net/url"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/input"
	"kzportal.example/portal/tools/internal/problem"
)

// File is where the sources are listed, relative to the site root.
const File = "data/sources.yaml"

// Languages are the languages every source's title is written in.
var Languages = []string{"kk", "ru", "en"}

// titleMissing are the problems of a title without one of its languages.
var titleMissing = map[string]string{"kk": "source.title_missing_kk", "ru": "source.title_missing_ru", "en": "source.title_missing_en"}

// A Source is one cited publication.
type Source struct {
	Key   string            `json:"key"`
	Title map[string]string `json:"title"` // by language: the original title where the source is in it, else a faithful translation
	URL   string            `json:"url,omitempty"`
	// NoURL says why the source has no address (e.g. a print edition); a source has one or
	// the other.
	NoURL string     `json:"no_url,omitempty"`
	Date  front.Date `json:"-"`
	// NoDate says why the source has no date (the page shows none); likewise one or the other.
	NoDate string `json:"no_date,omitempty"`
	Covers string `json:"covers,omitempty"` // the period it describes, e.g. 2022
	Line   int    `json:"-"`
}

// Set is every source, by key.
type Set map[string]*Source

// Has reports whether key names a source. A nil Set, that of a file that could not be read
// at all (Load reports why), has every key: its problem is reported once, not again at each
// key that cites it.
func (s Set) Has(key string) bool { return s == nil || s[key] != nil }

var keyPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads root/File. It returns every source it could read and every problem with the
// file, each at its line.
func Load(root string) (Set, problem.List) {
	var probs problem.List
	set := Set{}
	src, ps, err := input.YAMLFile(root, File)
	probs = append(probs, ps...)
	if errors.Is(err, os.ErrNotExist) {
		probs.Add(problem.At(File, 0, 0, "source.file_missing", nil))
		return set, probs
	} else if err != nil {
		probs.Add(problem.At(File, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
		return set, probs
	} else if src == nil {
		return nil, probs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		probs.Add(problem.At(File, 0, 0, "source.not_yaml", problem.Args{"Err": err.Error()}))
		return set, probs
	}
	if len(doc.Content) == 0 {
		return set, probs
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		probs.Add(problem.At(File, m.Line, 0, "source.not_mapping", nil))
		return set, probs
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		s := &Source{Key: k.Value, Line: k.Line}
		if !keyPattern.MatchString(s.Key) {
			probs.Add(problem.At(File, k.Line, k.Column, "source.bad_key", problem.Args{"Key": s.Key}))
		}
		if set[s.Key] != nil {
			probs.Add(problem.At(File, k.Line, k.Column, "source.duplicate", problem.Args{"Key": s.Key, "First": set[s.Key].Line}))
			continue
		}
		set[s.Key] = s
		probs = append(probs, s.decode(v)...)
	}
	return set, probs
}

func (s *Source) decode(v *yaml.Node) problem.List {
	var probs problem.List
	if v.Kind != yaml.MappingNode {
		probs.Add(problem.At(File, v.Line, v.Column, "source.not_group", problem.Args{"Key": s.Key}))
		return probs
	}
	var date string
	lines := map[string]int{}
	probs = append(probs, front.Decode(File, v, map[string]*front.Field{
		"title": nil, "url": {Dst: &s.URL}, "no_url": {Dst: &s.NoURL}, "date": {Dst: &date}, "no_date": {Dst: &s.NoDate}, "covers": {Dst: &s.Covers},
	}, s.Key+".", lines, nil)...)
	if t := front.Get(v, "title"); t != nil {
		probs = append(probs, s.decodeTitle(t, lines)...)
	}
	// yaml.v3 lines are 1-based here: sources.yaml has no front matter fence.
	for k, l := range lines {
		lines[k] = l - 1
	}
	for i := range probs {
		probs[i].Line--
	}
	line := func(key string) int {
		if l, ok := lines[s.Key+"."+key]; ok {
			return l
		}
		return s.Line
	}
	if _, ok := lines[s.Key+".title"]; !ok {
		probs.Add(problem.At(File, s.Line, 0, "source.no_title", problem.Args{"Key": s.Key}))
	} else if s.Title != nil {
		for _, l := range Languages {
			if s.Title[l] == "" {
				probs.Add(problem.At(File, line("title"), 0, titleMissing[l], problem.Args{"Key": s.Key}))
			}
		}
	}
	_, hasNoDate := lines[s.Key+".no_date"]
	if _, ok := lines[s.Key+".date"]; !ok {
		if strings.TrimSpace(s.NoDate) == "" {
			probs.Add(problem.At(File, line("no_date"), 0, "source.no_date", problem.Args{"Key": s.Key}))
		}
	} else if hasNoDate {
		probs.Add(problem.At(File, line("no_date"), 0, "source.date_and_no_date", problem.Args{"Key": s.Key}))
	} else if d, err := front.ParseDate(date); err != nil {
		probs.Add(problem.At(File, line("date"), 0, "source.bad_date", problem.Args{"Key": s.Key, "Value": date}))
	} else {
		s.Date = d
	}
	_, hasURL := lines[s.Key+".url"]
	_, hasNoURL := lines[s.Key+".no_url"]
	switch {
	case hasURL && hasNoURL:
		probs.Add(problem.At(File, line("no_url"), 0, "source.url_and_no_url", problem.Args{"Key": s.Key}))
	case !hasURL && strings.TrimSpace(s.NoURL) == "":
		probs.Add(problem.At(File, line("no_url"), 0, "source.no_url", problem.Args{"Key": s.Key}))
	}
	if hasURL {
		if u, err := url.Parse(s.URL); err != nil || u.Scheme != "https" || u.Host == "" {
			probs.Add(problem.At(File, line("url"), 0, "source.bad_url", problem.Args{"Key": s.Key, "Value": s.URL}))
		} else if u.User != nil {
			probs.Add(problem.At(File, line("url"), 0, "source.url_user", problem.Args{"Key": s.Key, "Value": s.URL, "Host": u.Host, "User": u.User.Username()}))
		}
	}
	return probs
}

// decodeTitle reads the title, a group of one text per language: {kk: …, ru: …, en: …}.
func (s *Source) decodeTitle(n *yaml.Node, lines map[string]int) problem.List {
	var probs problem.List
	if n.Kind != yaml.MappingNode {
		probs.Add(problem.At(File, front.Line(n), n.Column, "source.title_not_group",
			problem.Args{"Key": s.Key, "Found": front.Describe(n)}))
		s.Title = nil
		return probs
	}
	vals := map[string]*string{}
	fields := map[string]*front.Field{}
	for _, l := range Languages {
		vals[l] = new(string)
		fields[l] = &front.Field{Dst: vals[l]}
	}
	probs = append(probs, front.Decode(File, n, fields, s.Key+".title.", lines, nil)...)
	s.Title = map[string]string{}
	for l, v := range vals {
		if t := strings.TrimSpace(*v); t != "" {
			s.Title[l] = t
		}
	}
	return probs
}

// TitleIn returns the source's title in lang, else in English.
func (s *Source) TitleIn(lang string) string {
	if t := s.Title[lang]; t != "" {
		return t
	}
	return s.Title["en"]
}
