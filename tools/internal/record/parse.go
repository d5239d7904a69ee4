package record

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/phone"
	"kzportal.example/portal/tools/internal/problem"
)

// groups are the keys that belong inside a group of a record: found at the top, they were
// written without their indentation.
var groups = front.Groups{"sources": "listed", "as_of": "listed", "date": "called", "by": "called",
	"number": "phones", "label": "phones", "messengers": "phones", "kk": "name", "ru": "name", "en": "name"}

// textKeys are the per-language texts of a record: {kk: …, ru: …, en: …}.
var textKeys = []string{"name", "short_name", "organization", "city", "description", "address", "directions"}

// Parse reads one record; its content is checked by Check.
func Parse(rel string, src []byte) (*Record, problem.List) {
	f, probs := front.ParseOwn(rel, src) // Hugo never reads records
	if f == nil {
		return nil, probs
	}
	if len(strings.TrimSpace(string(f.Body))) > 0 {
		probs.Add(problem.At(rel, f.BodyLine, 0, "record.body", nil))
	}
	probs = append(probs, longTexts(rel, f.Front, "")...)
	r := &Record{Path: rel, Lines: map[string]int{}}
	fields := map[string]*front.Field{
		"id": {Dst: &r.ID}, "kind": {Dst: &r.Kind}, "sample": {Dst: &r.Sample}, "status": {Dst: &r.Status},
		"region": {Dst: &r.Region}, "funding": {Dst: &r.Funding},
		"serves": {Dst: &r.Serves}, "services": {Dst: &r.Services}, "email": {Dst: &r.Email},
		"hours": {Dst: &r.Hours}, "languages": {Dst: &r.Languages}, "address_public": {Dst: &r.AddressPublic},
		"phones": nil, "notes": nil, "listed": nil, "called": nil, "verified": nil,
	}
	for _, k := range textKeys {
		fields[k] = nil
	}
	decoded := front.Decode(rel, f.Front, fields, "", r.Lines, groups)
	r.invalid = front.Invalid(decoded)
	probs = append(probs, decoded...)
	texts := map[string]*Text{"name": &r.Name, "short_name": &r.ShortName, "organization": &r.Organization, "city": &r.City,
		"description": &r.Description, "address": &r.Address, "directions": &r.Directions}
	for i := 0; i+1 < len(f.Front.Content); i += 2 {
		k, v := f.Front.Content[i], f.Front.Content[i+1]
		switch k.Value {
		case "phones":
			probs = append(probs, r.decodePhones(rel, v)...)
		case "notes":
			probs = append(probs, r.decodeNotes(rel, v)...)
		case "listed":
			probs = append(probs, r.decodeListed(rel, v)...)
		case "called":
			probs = append(probs, r.decodeCalled(rel, v)...)
		case "verified":
			probs.Add(problem.At(rel, front.Line(k), k.Column, "record.verified_renamed", nil))
		default:
			if t := texts[k.Value]; t != nil {
				probs = append(probs, decodeText(rel, k.Value, v, t, r.Lines)...)
			}
		}
	}
	return r, probs
}

// longTexts reports every value under n longer than MaxText characters, at its line, with
// its key (name.en, notes.1.ru).
func longTexts(rel string, n *yaml.Node, key string) problem.List {
	var probs problem.List
	switch n.Kind {
	case yaml.ScalarNode:
		if l := utf8.RuneCountInString(n.Value); l > MaxText {
			probs.Add(problem.At(rel, front.Line(n), n.Column, "record.text_too_long", problem.Args{"Key": key, "Length": l, "Limit": MaxText}))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			probs = append(probs, longTexts(rel, n.Content[i+1], strings.TrimPrefix(key+"."+n.Content[i].Value, "."))...)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			probs = append(probs, longTexts(rel, c, fmt.Sprintf("%s.%d", key, i))...)
		}
	}
	return probs
}

// decodeText reads a per-language group: {kk: …, ru: …, en: …}.
func decodeText(rel, key string, n *yaml.Node, dst *Text, lines map[string]int) problem.List {
	var probs problem.List
	if n.Kind != yaml.MappingNode {
		probs.Add(problem.At(rel, front.Line(n), n.Column, "record.text_not_group",
			problem.Args{"Key": key, "Found": front.Describe(n)}).ForKey(key))
		return probs
	}
	*dst = Text{}
	fields := map[string]*front.Field{}
	vals := map[string]*string{}
	for _, l := range Languages {
		v := new(string)
		vals[l] = v
		fields[l] = &front.Field{Dst: v}
	}
	probs = append(probs, front.Decode(rel, n, fields, key+".", lines, nil)...)
	for l, v := range vals {
		if _, ok := lines[key+"."+l]; ok {
			(*dst)[l] = strings.TrimSpace(*v)
		}
	}
	return probs
}

func (r *Record) decodeNotes(rel string, n *yaml.Node) problem.List {
	var probs problem.List
	if n.Kind != yaml.SequenceNode {
		probs.Add(problem.At(rel, front.Line(n), n.Column, "record.notes_not_list", problem.Args{"Found": front.Describe(n)}))
		return probs
	}
	for i, item := range n.Content {
		var t Text
		key := fmt.Sprintf("notes.%d", i)
		r.Lines[key] = front.Line(item)
		probs = append(probs, decodeText(rel, key, item, &t, r.Lines)...)
		r.Notes = append(r.Notes, t)
	}
	return probs
}

func (r *Record) decodePhones(rel string, n *yaml.Node) problem.List {
	var probs problem.List
	if n.Kind != yaml.SequenceNode {
		probs.Add(problem.At(rel, front.Line(n), n.Column, "record.phones_not_list", problem.Args{"Found": front.Describe(n)}))
		return probs
	}
	for i, item := range n.Content {
		prefix := fmt.Sprintf("phones.%d.", i)
		if item.Kind != yaml.MappingNode {
			probs.Add(problem.At(rel, front.Line(item), item.Column, "record.phone_not_group", problem.Args{"N": i + 1}))
			continue
		}
		var p Phone
		fields := map[string]*front.Field{"number": {Dst: &p.Number, Hint: "hint_phone"}, "hours": {Dst: &p.Hours},
			"messengers": {Dst: &p.Messengers}, "label": nil}
		if num := front.Get(item, "number"); num != nil && num.Kind == yaml.ScalarNode && num.Tag == "!!int" {
			// number: 87011234567 without quotes: one problem, with the number to write.
			fields["number"] = nil
			p.Number = num.Value
			r.unquoted = append(r.unquoted, i)
			suggest := num.Value
			if n, err := phone.Parse(num.Value); err == nil {
				suggest = n.E164
			} else if pe, ok := err.(*phone.Error); ok && pe.Suggest != "" {
				suggest = pe.Suggest
			}
			probs.Add(problem.At(rel, front.Line(num), num.Column, "record.phone_unquoted",
				problem.Args{"N": i + 1, "Value": num.Value, "Suggest": suggest}))
		}
		probs = append(probs, front.Decode(rel, item, fields, prefix, r.Lines, nil)...)
		if label := front.Get(item, "label"); label != nil {
			probs = append(probs, decodeText(rel, prefix+"label", label, &p.Label, r.Lines)...)
		}
		if _, ok := r.Lines[prefix+"number"]; !ok {
			r.Lines[prefix+"number"] = front.Line(item)
		}
		r.Phones = append(r.Phones, p)
	}
	return probs
}

// decodeListed reads listed: {sources: [key, …], as_of: "YYYY-MM-DD"}.
func (r *Record) decodeListed(rel string, n *yaml.Node) problem.List {
	var probs problem.List
	if n.Kind != yaml.MappingNode {
		probs.Add(problem.At(rel, front.Line(n), n.Column, "record.listed_not_group", problem.Args{"Found": front.Describe(n)}))
		return probs
	}
	r.Listed = &Listed{}
	var asOf string
	probs = append(probs, front.Decode(rel, n, map[string]*front.Field{
		"sources": {Dst: &r.Listed.Sources}, "as_of": {Dst: &asOf},
	}, "listed.", r.Lines, nil)...)
	if asOf != "" {
		r.Listed.AsOf = r.date(rel, "listed.as_of", asOf, false, &probs)
	}
	return probs
}

// date reads the value of key as a date (a whole day when full is set), or reports it with
// the date to write where the value is one written another way (26.11.2026).
func (r *Record) date(rel, key, value string, full bool, probs *problem.List) front.Date {
	d, err := front.ParseDate(value)
	if err == nil && (d.Full() || !full) {
		return d
	}
	p := problem.At(rel, r.line(key), 0, "record.date_invalid", problem.Args{"Key": key, "Value": value})
	if s := front.SuggestDate(value); s != "" {
		p = p.WithHint("hint_suggest").With(problem.Args{"Want": s})
	}
	probs.Add(p)
	return front.Date{}
}

// decodeCalled reads called: {date: "YYYY-MM-DD", by: "…"}.
func (r *Record) decodeCalled(rel string, n *yaml.Node) problem.List {
	var probs problem.List
	if n.Kind != yaml.MappingNode {
		probs.Add(problem.At(rel, front.Line(n), n.Column, "record.called_not_group", problem.Args{"Found": front.Describe(n)}))
		return probs
	}
	r.Called = &Called{}
	var date string
	probs = append(probs, front.Decode(rel, n, map[string]*front.Field{
		"date": {Dst: &date, Hint: "hint_date"},
		"by":   {Dst: &r.Called.By},
	}, "called.", r.Lines, nil)...)
	if date != "" {
		r.Called.Date = r.date(rel, "called.date", date, true, &probs)
	}
	return probs
}
