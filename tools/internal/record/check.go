package record

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/phone"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/source"
)

// Ages are the freshness limits of entries: check warns past the Warn ages, a production
// build refuses entries past the Max ages. Ages count from the end of the date an entry is
// known as of (a source "as of 2023" counts from 31 December 2023).
type Ages struct {
	CalledWarn, ListedWarn time.Duration
	CalledMax, ListedMax   time.Duration
}

const day = 24 * time.Hour

// WithDefaults fills in the zero fields: warn after 180 days (called) or a year (listed);
// refuse in production after a year (called) or three years (listed).
func (a Ages) WithDefaults() Ages {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&a.CalledWarn, 180*day)
	def(&a.ListedWarn, 365*day)
	def(&a.CalledMax, 365*day)
	def(&a.ListedMax, 3*365*day)
	return a
}

// Options tune the checks that depend on time and purpose.
type Options struct {
	Now        time.Time
	Ages       Ages
	Production bool       // refuse samples, entries with no source or call, entries past the Max ages
	Sources    source.Set // what listed.sources may name
}

// Rules of a record's values, as regular expressions (the editing interface's forms use the
// same ones: tools/internal/cms).
const (
	IDPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`
	// EmailPattern: one address and nothing else, as the entry's mailto: link writes it (no
	// second address, no ?cc= or ?body= that a mail program would fill in).
	EmailPattern = `^[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$`
	// HoursPattern: "24/7", or day ranges with times: "Mo-Fr 09:00-18:00; Sa 10:00-14:00".
	HoursPattern = `^(24/7|(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))? ([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9](; (Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))? ([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9])*)$`
)

var (
	idPattern    = regexp.MustCompile(IDPattern)
	emailPattern = regexp.MustCompile(EmailPattern)
	hoursPattern = regexp.MustCompile(HoursPattern)
)

// Check validates every record, each problem with its line.
func Check(recs []*Record, regions map[string]Region, o Options) problem.List {
	o.Ages = o.Ages.WithDefaults()
	var probs problem.List
	seen := map[string]string{}
	for _, r := range recs {
		probs = append(probs, r.check(regions, o)...)
		if r.ID == "" {
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			probs.Add(r.at("id", "record.id_duplicate", problem.Args{"ID": r.ID, "Other": prev}))
		} else {
			seen[r.ID] = r.Path
		}
	}
	return probs
}

// at is a problem at the line of key.
func (r *Record) at(key, code string, args problem.Args) problem.Problem {
	return problem.At(r.Path, r.line(key), 0, code, args)
}

// require reports key as missing when it is not written.
func (r *Record) require(key string, probs *problem.List) bool {
	if r.has(key) {
		return true
	}
	probs.Add(problem.At(r.Path, 1, 0, "record.missing", problem.Args{"Key": key}).WithHint("hint_" + strings.ReplaceAll(key, ".", "_")))
	return false
}

func (r *Record) check(regions map[string]Region, o Options) problem.List {
	var probs problem.List
	stem := strings.TrimSuffix(path.Base(r.Path), ".md")
	switch {
	case r.ID == "":
		probs.Add(problem.At(r.Path, 1, 0, "record.id_missing", problem.Args{"Stem": stem}))
	case !idPattern.MatchString(r.ID):
		probs.Add(r.at("id", "record.id_invalid", problem.Args{"ID": r.ID}))
	case r.ID != stem && !idPattern.MatchString(stem):
		// the file's name is no id (a letter outside a-z, a byte that is not UTF-8): only
		// renaming the file helps
		probs.Add(r.at("id", "record.id_mismatch", problem.Args{"ID": r.ID, "Stem": stem}).WithHint("hint_rename"))
	case r.ID != stem:
		probs.Add(r.at("id", "record.id_mismatch", problem.Args{"ID": r.ID, "Stem": stem}))
	}
	if r.require("kind", &probs) && !slices.Contains(Kinds, r.Kind) {
		probs.Add(r.at("kind", "record.unknown_value", problem.Args{"Key": "kind", "Value": r.Kind, "Allowed": strings.Join(Kinds, ", ")}))
	}
	called := r.Called != nil
	switch r.Kind {
	case "line":
		if r.has("region") {
			probs.Add(r.at("region", "record.line_region", nil))
		}
		for _, key := range RequiredLine {
			if key == "phones" && len(r.Phones) > 0 {
				continue
			}
			r.require(key, &probs)
		}
	case "centre":
		if r.require(RequiredCentre[0], &probs) {
			if _, ok := regions[r.Region]; !ok {
				p := r.at("region", "record.region_unknown", problem.Args{"Value": r.Region})
				if code := SuggestRegion(r.Region, regions); code != "" {
					n := regions[code].Name
					p = p.WithHint("hint_suggest").With(problem.Args{"Code": code, "NameKk": n["kk"], "NameRu": n["ru"], "NameEn": n["en"]})
				}
				probs.Add(p)
			}
		}
	}
	if called {
		// An entry checked by phone says everything a caller needs.
		for _, key := range RequiredCalled {
			if key == "phones" && len(r.Phones) > 0 {
				continue
			}
			r.require(key, &probs)
		}
	}
	for _, key := range textKeys {
		if key == "address" || key == "directions" {
			continue
		}
		probs = append(probs, r.checkText(key, r.Text(key))...)
	}
	for i, n := range r.Notes {
		probs = append(probs, r.checkText(fmt.Sprintf("notes.%d", i), n)...)
	}
	enum := func(key string, values, allowed []string) {
		if r.has(key) && len(values) == 0 && called && !r.invalid[key] {
			probs.Add(r.at(key, "record.empty_list", problem.Args{"Key": key, "Allowed": strings.Join(allowed, ", ")}))
		}
		fixed := slices.Clone(values)
		for i, v := range values {
			if code, ok := codeFor(key, v, allowed); ok {
				fixed[i] = code
			}
		}
		fix := key + ": [" + strings.Join(fixed, ", ") + "]"
		if key == "status" || key == "funding" {
			fix = key + ": " + fixed[0]
		}
		for i, v := range values {
			if slices.Contains(allowed, v) {
				continue
			}
			p := r.at(key, "record.unknown_value", problem.Args{"Key": key, "Value": v, "Allowed": strings.Join(allowed, ", ")})
			if fixed[i] != v {
				p = p.With(problem.Args{"Code": fixed[i], "Fix": fix}).WithHint("hint_word")
			}
			probs.Add(p)
		}
	}
	enum("serves", r.Serves, Serves)
	enum("services", r.Services, Services)
	enum("languages", r.Languages, Spoken)
	if r.Status != "" {
		enum("status", []string{r.Status}, Statuses)
	}
	if r.Funding != "" {
		enum("funding", []string{r.Funding}, Fundings)
	}
	if r.Hours != "" && !hoursPattern.MatchString(r.Hours) {
		probs.Add(r.at("hours", "record.hours_invalid", problem.Args{"Value": r.Hours}))
	}
	if r.Email != "" && !emailPattern.MatchString(r.Email) {
		probs.Add(r.at("email", "record.email_invalid", problem.Args{"Value": r.Email}))
	}
	for i := range r.Phones {
		probs = append(probs, r.checkPhone(i, called)...)
	}
	probs = append(probs, r.checkAddress()...)
	probs = append(probs, r.checkKnown(o)...)
	if o.Production && r.Sample {
		probs.Add(r.at("sample", "record.sample_in_production", nil))
	}
	return probs
}

// textMissing are the problems of a text without one of its languages.
var textMissing = map[string]string{"kk": "record.text_missing_kk", "ru": "record.text_missing_ru", "en": "record.text_missing_en"}

// checkText requires a text, where one is written, in every language.
func (r *Record) checkText(key string, t Text) problem.List {
	var probs problem.List
	if t == nil {
		return nil
	}
	for _, l := range Languages {
		if t[l] == "" {
			probs.Add(r.at(key, textMissing[l], problem.Args{"Key": key}))
		}
	}
	return probs
}

func (r *Record) checkPhone(i int, called bool) problem.List {
	var probs problem.List
	p := &r.Phones[i]
	prefix := fmt.Sprintf("phones.%d.", i)
	at := func(key, code string, args problem.Args) {
		probs.Add(problem.At(r.Path, r.line(prefix+key), 0, code, problem.Args{"N": i + 1}).With(args))
	}
	n, err := phone.Parse(p.Number)
	switch {
	case slices.Contains(r.unquoted, i):
		// reported once, with the number to write, by decodePhones
	case err != nil:
		pe, _ := err.(*phone.Error)
		if pe == nil {
			pe = &phone.Error{Code: "phone.invalid", Number: p.Number}
		}
		at("number", pe.Code, problem.Args{"Value": p.Number, "Suggest": pe.Suggest})
	default:
		if p.Number != n.E164 {
			// Records keep numbers as they are dialled, without spaces, as the editing
			// interface's form requires too (cms.PhonePattern).
			at("number", "phone.not_compact", problem.Args{"Value": p.Number, "Suggest": n.E164})
		}
		p.Number, p.Display, p.Short = n.E164, n.Display, n.Short
	}
	if p.Label == nil {
		at("number", "record.phone_no_label", nil)
	} else {
		probs = append(probs, r.checkText(prefix+"label", p.Label)...)
	}
	switch {
	case p.Hours != "" && !hoursPattern.MatchString(p.Hours):
		at("hours", "record.phone_hours_invalid", problem.Args{"Value": p.Hours})
	case p.Hours == "" && called:
		at("number", "record.phone_hours_missing", nil)
	}
	for _, m := range p.Messengers {
		if !slices.Contains(Messengers, m) {
			at("messengers", "record.messenger_unknown", problem.Args{"Value": m, "Allowed": strings.Join(Messengers, ", ")})
		}
	}
	return probs
}

// checkAddress keeps a confidential address out of the record entirely, and a public one
// complete.
func (r *Record) checkAddress() problem.List {
	var probs problem.List
	if r.AddressPublic {
		if !r.has("address") {
			probs.Add(r.at("address_public", "record.address_missing", nil))
		}
		probs = append(probs, r.checkText("address", r.Address)...)
		probs = append(probs, r.checkText("directions", r.Directions)...)
		return probs
	}
	for _, key := range []string{"address", "directions"} {
		if r.has(key) {
			probs.Add(r.at(key, "record.address_confidential", problem.Args{"Key": key}))
		}
	}
	return probs
}

// checkKnown checks how the entry is known, and how long ago.
func (r *Record) checkKnown(o Options) problem.List {
	var probs problem.List
	switch {
	case r.Listed != nil && r.Called != nil:
		probs.Add(r.at("called", "record.known_both", nil))
		return probs
	case r.Listed == nil && r.Called == nil:
		if r.has("listed") || r.has("called") {
			return probs // written, but misspelt or not a group: reported as such
		}
		p := problem.At(r.Path, 1, 0, "record.known_missing", nil)
		if !o.Production {
			p = p.AsWarning()
		}
		probs.Add(p)
		return probs
	}
	var date = r.KnownDate()
	var key, warnCode, maxCode string
	var warn, limit time.Duration
	if r.Listed != nil {
		key, warnCode, maxCode, warn, limit = "listed.as_of", "record.listed_old", "record.listed_too_old", o.Ages.ListedWarn, o.Ages.ListedMax
		if len(r.Listed.Sources) == 0 {
			probs.Add(r.at("listed", "record.listed_no_sources", nil))
		}
		for _, s := range r.Listed.Sources {
			if !o.Sources.Has(s) {
				probs.Add(r.at("listed.sources", "record.source_unknown", problem.Args{"Value": s}))
			}
		}
		if !r.has("listed.as_of") {
			probs.Add(r.at("listed", "record.missing", problem.Args{"Key": "listed.as_of"}).WithHint("hint_listed_as_of"))
		}
	} else {
		key, warnCode, maxCode, warn, limit = "called.date", "record.called_old", "record.called_too_old", o.Ages.CalledWarn, o.Ages.CalledMax
		if strings.TrimSpace(r.Called.By) == "" {
			probs.Add(r.at("called", "record.missing", problem.Args{"Key": "called.by"}).WithHint("hint_called_by"))
		}
		if !r.has("called.date") {
			probs.Add(r.at("called", "record.missing", problem.Args{"Key": "called.date"}).WithHint("hint_called_date"))
		}
	}
	if date.IsZero() {
		return probs
	}
	age := date.DaysBefore(o.Now)
	switch {
	case date.After(o.Now):
		probs.Add(r.at(key, "record.date_future", problem.Args{"Key": key, "Value": date.String()}))
	case o.Production && age > days(limit):
		probs.Add(r.at(key, maxCode, problem.Args{"Days": age, "Date": date.String(), "Limit": days(limit)}))
	case age > days(warn):
		probs.Add(r.at(key, warnCode, problem.Args{"Days": age, "Date": date.String(), "Limit": days(warn)}).AsWarning())
	}
	return probs
}

func days(d time.Duration) int { return int(d / day) }
