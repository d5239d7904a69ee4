// Package shelter loads and checks the shelter directory: one structured Markdown file per
// shelter under content/shelters/records/, with the language-neutral facts once and the text
// of each language beside them.
package shelter

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/phone"
	"kzportal.example/portal/tools/internal/problem"
)

// Dir is where shelter records live, relative to the site root.
const Dir = "content/shelters/records"

// Languages are the languages every text must be written in.
var Languages = []string{"kk", "ru", "en"}

// Vocabularies. Each value has an interface string serves_<value>, service_<value>, and so on.
var (
	Serves     = []string{"women", "men", "children", "unaccompanied_children", "families", "foreign_nationals", "sex_trafficking", "labour_trafficking"}
	Services   = []string{"accommodation", "medical", "psychological", "legal", "social", "employment", "interpreting", "education", "repatriation"}
	Messengers = []string{"sms", "whatsapp", "telegram"}
	Statuses   = []string{"open", "temporarily_closed"}
	// Spoken languages, ISO 639-1.
	Spoken = []string{"kk", "ru", "en", "uz", "ky", "tg", "tk", "zh", "ug", "de", "tr", "ko", "ar"}
)

// Text is a piece of text in each language.
type Text map[string]string

// A Phone is one number of a shelter.
type Phone struct {
	Number     string   `json:"number"`  // E.164 or a short code, as written
	Display    string   `json:"display"` // grouped for reading
	Short      bool     `json:"short"`
	Label      Text     `json:"label"`
	Hours      string   `json:"hours"`
	Messengers []string `json:"messengers"`
}

// Verified says when and by whom an entry was last checked.
type Verified struct {
	Date time.Time `json:"date"`
	By   string    `json:"by"`
}

// A Shelter is one record.
type Shelter struct {
	Path          string   `json:"-"`
	ID            string   `json:"id"`
	Sample        bool     `json:"sample"`
	Status        string   `json:"status"`
	Region        string   `json:"region"`
	City          Text     `json:"city"`
	Organization  Text     `json:"organization"`
	Name          Text     `json:"name"`
	Description   Text     `json:"description"`
	Serves        []string `json:"serves"`
	Services      []string `json:"services"`
	Phones        []Phone  `json:"phones"`
	Email         string   `json:"email,omitempty"`
	Hours         string   `json:"hours"`
	Languages     []string `json:"languages"`
	AddressPublic bool     `json:"address_public"`
	Address       Text     `json:"address,omitempty"`
	Directions    Text     `json:"directions,omitempty"`
	Verified      Verified `json:"verified"`

	Lines map[string]int `json:"-"` // key path -> line
}

// Region is one entry of data/regions.yaml.
type Region struct {
	Code   string `json:"code"`
	Name   Text   `json:"name"`
	Centre Text   `json:"centre,omitempty"`
	City   bool   `json:"city,omitempty"`
}

// LoadRegions reads data/regions.yaml.
func LoadRegions(root string) (map[string]Region, error) {
	src, err := os.ReadFile(filepath.Join(root, "data", "regions.yaml"))
	if err != nil {
		return nil, err
	}
	var raw map[string]struct {
		En, Ru, Kk string
		Centre     Text
		City       bool
	}
	if err := yaml.Unmarshal(src, &raw); err != nil {
		return nil, fmt.Errorf("data/regions.yaml: %w", err)
	}
	regions := map[string]Region{}
	for code, r := range raw {
		regions[code] = Region{Code: code, Name: Text{"kk": r.Kk, "ru": r.Ru, "en": r.En}, Centre: r.Centre, City: r.City}
	}
	return regions, nil
}

// Load reads every record under root/Dir. It returns the shelters it could read and every
// problem met reading them; Check validates their content.
func Load(root string) ([]*Shelter, problem.List) {
	var shelters []*Shelter
	var probs problem.List
	dir := filepath.Join(root, filepath.FromSlash(Dir))
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return nil
			}
			probs.Add(rel, 0, 0, "", "cannot read: %v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			probs.Add(rel, 0, 0, "copy the file instead of linking to it", "is a symbolic link; only real files are read")
			return nil
		}
		if path.Ext(rel) != ".md" {
			probs.Add(rel, 0, 0, "name shelter files <id>.md", "is not a .md file")
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			probs.Add(rel, 0, 0, "", "cannot read: %v", err)
			return nil
		}
		s, ps := Parse(rel, src)
		probs = append(probs, ps...)
		if s != nil {
			shelters = append(shelters, s)
		}
		return nil
	})
	if err != nil {
		probs.Add(Dir, 0, 0, "", "cannot read: %v", err)
	}
	slices.SortFunc(shelters, func(a, b *Shelter) int { return strings.Compare(a.ID, b.ID) })
	return shelters, probs
}

// Parse reads one record; the file's content is checked by Check.
func Parse(rel string, src []byte) (*Shelter, problem.List) {
	f, probs := front.Parse(rel, src)
	if f == nil {
		return nil, probs
	}
	if len(strings.TrimSpace(string(f.Body))) > 0 {
		probs.Add(rel, f.BodyLine, 0, "put the text in description: under each language",
			"text after the front matter is not published")
	}
	s := &Shelter{Path: rel, Lines: map[string]int{}}
	var phones, verified *yaml.Node
	texts := map[string]*Text{"city": &s.City, "organization": &s.Organization, "name": &s.Name,
		"description": &s.Description, "address": &s.Address, "directions": &s.Directions}
	fields := map[string]*front.Field{
		"id": {Dst: &s.ID}, "sample": {Dst: &s.Sample}, "status": {Dst: &s.Status}, "region": {Dst: &s.Region},
		"serves": {Dst: &s.Serves}, "services": {Dst: &s.Services}, "email": {Dst: &s.Email},
		"hours": {Dst: &s.Hours}, "languages": {Dst: &s.Languages}, "address_public": {Dst: &s.AddressPublic},
		"phones": nil, "verified": nil,
	}
	for k := range texts {
		fields[k] = nil
	}
	probs = append(probs, front.Decode(rel, f.Front, fields, "", s.Lines)...)
	for i := 0; i+1 < len(f.Front.Content); i += 2 {
		k, v := f.Front.Content[i].Value, f.Front.Content[i+1]
		switch {
		case texts[k] != nil:
			probs = append(probs, decodeText(rel, k, v, texts[k], s.Lines)...)
		case k == "phones":
			phones = v
		case k == "verified":
			verified = v
		}
	}
	if phones != nil {
		probs = append(probs, s.decodePhones(rel, phones)...)
	}
	if verified != nil {
		probs = append(probs, s.decodeVerified(rel, verified)...)
	}
	return s, probs
}

// decodeText reads a per-language group: {kk: …, ru: …, en: …}.
func decodeText(rel, key string, n *yaml.Node, dst *Text, lines map[string]int) problem.List {
	var probs problem.List
	if n.Kind != yaml.MappingNode {
		probs.Add(rel, front.Line(n), n.Column, fmt.Sprintf("write %s: with kk:, ru: and en: indented below it", key),
			"%s must have one text per language, found %s", key, front.Describe(n))
		return probs
	}
	*dst = Text{}
	fields := map[string]*front.Field{}
	vals := map[string]*string{}
	for _, l := range Languages {
		v := new(string)
		vals[l] = v
		fields[l] = &front.Field{Dst: v, Hint: `write the text in double quotes`}
	}
	probs = append(probs, front.Decode(rel, n, fields, key+".", lines)...)
	for l, v := range vals {
		if _, ok := lines[key+"."+l]; ok {
			(*dst)[l] = strings.TrimSpace(*v)
		}
	}
	return probs
}

func (s *Shelter) decodePhones(rel string, n *yaml.Node) problem.List {
	var probs problem.List
	if n.Kind != yaml.SequenceNode {
		probs.Add(rel, front.Line(n), n.Column, "write each phone as a list item starting with - number:",
			"phones must be a list, found %s", front.Describe(n))
		return probs
	}
	for i, item := range n.Content {
		prefix := fmt.Sprintf("phones.%d.", i)
		if item.Kind != yaml.MappingNode {
			probs.Add(rel, front.Line(item), item.Column, "write number:, label:, hours: and messengers: for each phone",
				"phone %d must be a group of keys", i+1)
			continue
		}
		var p Phone
		probs = append(probs, front.Decode(rel, item, map[string]*front.Field{
			"number": {Dst: &p.Number, Hint: `write the number in quotes in international form, e.g. number: "+77172000000"`},
			"hours":  {Dst: &p.Hours}, "messengers": {Dst: &p.Messengers}, "label": nil,
		}, prefix, s.Lines)...)
		if label := front.Get(item, "label"); label != nil {
			probs = append(probs, decodeText(rel, prefix+"label", label, &p.Label, s.Lines)...)
		}
		if _, ok := s.Lines[prefix+"number"]; !ok {
			s.Lines[prefix+"number"] = front.Line(item)
		}
		s.Phones = append(s.Phones, p)
	}
	return probs
}

func (s *Shelter) decodeVerified(rel string, n *yaml.Node) problem.List {
	var probs problem.List
	if n.Kind != yaml.MappingNode {
		probs.Add(rel, front.Line(n), n.Column, "write date: and by: indented below verified:",
			"verified must be a group of keys, found %s", front.Describe(n))
		return probs
	}
	var date string
	probs = append(probs, front.Decode(rel, n, map[string]*front.Field{
		"date": {Dst: &date, Hint: `write the date in quotes as "YYYY-MM-DD", e.g. date: "2026-11-20"`},
		"by":   {Dst: &s.Verified.By},
	}, "verified.", s.Lines)...)
	if date != "" {
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			probs.Add(rel, s.Lines["verified.date"], 0, `write the date as "YYYY-MM-DD", e.g. "2026-11-20"`,
				"verified.date %q is not a date", date)
		}
		s.Verified.Date = t
	}
	return probs
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-z]{2,}$`)
	// Hours: "24/7", or day ranges with times: "Mo-Fr 09:00-18:00; Sa 10:00-14:00".
	hoursPattern = regexp.MustCompile(`^(24/7|(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))? ([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9](; (Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))? ([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9])*)$`)
)

// Options tune the checks that depend on time and purpose.
type Options struct {
	Now        time.Time
	StaleAfter time.Duration // older verifications are listed as warnings
	HardLimit  time.Duration // production refuses older verifications
	Production bool          // refuse sample entries and entries past HardLimit
}

// Check validates every shelter, each problem with its line.
func Check(shelters []*Shelter, regions map[string]Region, o Options) problem.List {
	var probs problem.List
	seen := map[string]string{}
	for _, s := range shelters {
		probs = append(probs, s.check(regions, o)...)
		if s.ID == "" {
			continue
		}
		if prev, dup := seen[s.ID]; dup {
			probs.Add(s.Path, s.line("id"), 0, "give each shelter its own id", "id %q is already used by %s", s.ID, prev)
		} else {
			seen[s.ID] = s.Path
		}
	}
	return probs
}

func (s *Shelter) line(key string) int {
	if l, ok := s.Lines[key]; ok {
		return l
	}
	return 1
}

func (s *Shelter) check(regions map[string]Region, o Options) problem.List {
	var probs problem.List
	add := func(key, hint, format string, args ...any) {
		probs.Add(s.Path, s.line(key), 0, hint, format, args...)
	}
	stem := strings.TrimSuffix(path.Base(s.Path), ".md")
	switch {
	case s.ID == "":
		add("id", "add a line id: "+stem, "id is missing")
	case !idPattern.MatchString(s.ID):
		add("id", "use lowercase Latin letters, digits and hyphens, e.g. id: almaty-crisis-centre", "id %q is not a stable id", s.ID)
	case s.ID != stem:
		add("id", fmt.Sprintf("write id: %s, or rename the file to %s.md", stem, s.ID), "id %q does not match the file name", s.ID)
	}
	if _, ok := s.Lines["sample"]; !ok {
		add("sample", "add sample: false for a real, verified shelter (true for example data)", "sample is missing")
	}
	missing := func(key, hint string) bool {
		if _, ok := s.Lines[key]; !ok {
			add(key, hint, "%s is missing", key)
			return true
		}
		return false
	}
	if missing("status", "add status: open") {
	} else if !slices.Contains(Statuses, s.Status) {
		add("status", "write status: open, or status: temporarily_closed", "status %q is not one of %s", s.Status, strings.Join(Statuses, ", "))
	}
	if missing("region", "add the region's ISO 3166-2:KZ code from data/regions.yaml, e.g. region: KZ-75") {
	} else if _, ok := regions[s.Region]; !ok {
		add("region", "use an ISO 3166-2:KZ code from data/regions.yaml, e.g. region: KZ-75 for Almaty (city)",
			"unknown region %q", s.Region)
	}
	for _, key := range []string{"name", "city", "organization", "description"} {
		probs = append(probs, s.checkText(key, s.text(key), true)...)
	}
	checkEnum := func(key string, values, allowed []string, required bool) {
		if required && len(values) == 0 {
			add(key, fmt.Sprintf("list at least one of: %s", strings.Join(allowed, ", ")), "%s is missing or empty", key)
		}
		for _, v := range values {
			if !slices.Contains(allowed, v) {
				add(key, "use any of: "+strings.Join(allowed, ", "), "unknown %s value %q", key, v)
			}
		}
	}
	checkEnum("serves", s.Serves, Serves, true)
	checkEnum("services", s.Services, Services, true)
	checkEnum("languages", s.Languages, Spoken, true)
	if missing("hours", `add hours: "24/7", or days and times like "Mo-Fr 09:00-18:00"`) {
	} else if !hoursPattern.MatchString(s.Hours) {
		add("hours", `write 24/7, or days and times like "Mo-Fr 09:00-18:00; Sa 10:00-14:00"`, "hours %q are not in the expected form", s.Hours)
	}
	if s.Email != "" && !emailPattern.MatchString(s.Email) {
		add("email", "write one address like help@example.kz, or leave email out", "email %q is not an address", s.Email)
	}
	if len(s.Phones) == 0 {
		add("phones", "add at least one phone with number:, label:, hours: and messengers:", "phones are missing")
	}
	for i := range s.Phones {
		probs = append(probs, s.checkPhone(i)...)
	}
	if s.AddressPublic {
		probs = append(probs, s.checkText("address", s.Address, true)...)
		probs = append(probs, s.checkText("directions", s.Directions, false)...)
	} else {
		for _, key := range []string{"address", "directions"} {
			for _, l := range Languages {
				if _, ok := s.Lines[key+"."+l]; ok {
					probs.Add(s.Path, s.Lines[key+"."+l], 0,
						"remove it: this shelter's address is confidential (address_public: false), and nothing of it may be published",
						"%s.%s is written for a confidential shelter", key, l)
				}
			}
		}
	}
	probs = append(probs, s.checkVerified(o)...)
	return probs
}

func (s *Shelter) text(key string) Text {
	return map[string]Text{"name": s.Name, "city": s.City, "organization": s.Organization, "description": s.Description}[key]
}

// checkText requires the text in every language (when required). Text is plain: templates
// always escape it, so markup shows as the characters typed, never as HTML.
func (s *Shelter) checkText(key string, t Text, required bool) problem.List {
	var probs problem.List
	if t == nil {
		if required {
			probs.Add(s.Path, s.line(key), 0, fmt.Sprintf("add %s: with kk:, ru: and en: below it", key), "%s is missing", key)
		}
		return probs
	}
	for _, l := range Languages {
		v, ok := t[l]
		switch {
		case !ok || v == "":
			if required || len(t) > 0 {
				probs.Add(s.Path, s.line(key), 0, fmt.Sprintf("add %s: \"…\" below %s:", l, key), "%s has no %s text", key, langName[l])
			}
		}
	}
	return probs
}

var langName = map[string]string{"kk": "Kazakh", "ru": "Russian", "en": "English"}

func (s *Shelter) checkPhone(i int) problem.List {
	var probs problem.List
	p := &s.Phones[i]
	prefix := fmt.Sprintf("phones.%d.", i)
	line := s.line(prefix + "number")
	n, err := phone.Parse(p.Number)
	if err != nil {
		probs.Add(s.Path, line, 0, "write the number in international form starting with +7, or an allowed short number (112, 111, 102, 103, 101)",
			"phone %d: %v", i+1, err)
	} else {
		p.Number, p.Display, p.Short = n.E164, n.Display, n.Short
	}
	if p.Label == nil {
		probs.Add(s.Path, line, 0, "add label: with kk:, ru: and en: saying what the number is for", "phone %d has no label", i+1)
	} else {
		probs = append(probs, s.checkText(prefix+"label", p.Label, true)...)
	}
	if !hoursPattern.MatchString(p.Hours) {
		probs.Add(s.Path, s.line(prefix+"hours"), 0, `write 24/7, or days and times like "Mo-Fr 09:00-18:00"`,
			"phone %d: hours %q are not in the expected form", i+1, p.Hours)
	}
	for _, m := range p.Messengers {
		if !slices.Contains(Messengers, m) {
			probs.Add(s.Path, s.line(prefix+"messengers"), 0, "list only messengers staff really answer: "+strings.Join(Messengers, ", "),
				"phone %d: unknown messenger %q", i+1, m)
		}
	}
	return probs
}

func (s *Shelter) checkVerified(o Options) problem.List {
	var probs problem.List
	v := s.Verified
	if _, ok := s.Lines["verified"]; !ok {
		probs.Add(s.Path, 1, 0, `add verified: with date: "YYYY-MM-DD" and by: (who checked the entry)`, "verified is missing")
		return probs
	}
	if strings.TrimSpace(v.By) == "" {
		probs.Add(s.Path, s.line("verified"), 0, "write who checked the entry, e.g. by: \"Name of the NGO\"", "verified.by is missing")
	}
	if v.Date.IsZero() {
		if _, ok := s.Lines["verified.date"]; !ok {
			probs.Add(s.Path, s.line("verified"), 0, `add date: "YYYY-MM-DD" below verified:`, "verified.date is missing")
		}
		return probs
	}
	age := o.Now.Sub(v.Date)
	line := s.line("verified.date")
	switch {
	case v.Date.After(o.Now):
		probs.Add(s.Path, line, 0, "write the day the entry was actually checked", "verified.date %s is in the future", v.Date.Format("2006-01-02"))
	case o.Production && o.HardLimit > 0 && age > o.HardLimit:
		probs.Add(s.Path, line, 0, "check the entry with the shelter again and update verified.date",
			"last verified %d days ago; a production build refuses entries older than %d days", int(age.Hours()/24), int(o.HardLimit.Hours()/24))
	case o.StaleAfter > 0 && age > o.StaleAfter:
		probs = append(probs, problem.Problem{Path: s.Path, Line: line, Warning: true,
			Message: fmt.Sprintf("last verified %d days ago (more than %d)", int(age.Hours()/24), int(o.StaleAfter.Hours()/24)),
			Hint:    "call the shelter, confirm every detail, then update verified.date"})
	}
	if o.Production && s.Sample {
		probs.Add(s.Path, s.line("sample"), 0, "replace it with a real, verified entry, or delete the file",
			"sample entry in a production build")
	}
	return probs
}
