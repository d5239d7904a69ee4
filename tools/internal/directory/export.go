package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"kzportal.example/portal/tools/internal/record"
)

// namespace makes HSDS identifiers stable: the same entry gets the same UUIDs in every
// build and every language.
var namespace = uuid.MustParse("6f1d4a52-8c1e-4b7a-9a55-3b0e2f6c9d10")

func hsdsID(kind, id string) string { return uuid.NewSHA1(namespace, []byte(kind+":"+id)).String() }

var hsdsDays = map[string]string{"mo": "MO", "tu": "TU", "we": "WE", "th": "TH", "fr": "FR", "sa": "SA", "su": "SU"}

// all lists every entry: the national lines, then the centres by region.
func (d *Data) all() []string { return append(append([]string{}, d.Lines...), d.Order...) }

// HSDS returns the directory in one language as a list of Open Referral HSDS 3.0 service
// objects with their organization (where the record names one), phones, schedules,
// languages and service area. An entry whose address may be published also gets a physical
// location; a confidential one gets none. assured_date is the day of the call, or the day
// the sources speak as of where they give one.
func (d *Data) HSDS(lang string) ([]byte, error) {
	services := []any{}
	for _, id := range d.all() {
		e := d.Entries[id]
		sid := hsdsID("service", id)
		status := "active"
		if e.Status == "temporarily_closed" {
			status = "temporarily closed"
		}
		phones := []any{}
		for _, p := range e.Phones {
			phones = append(phones, map[string]any{"id": hsdsID("phone", id+"/"+p.Number), "service_id": sid,
				"number": p.Number, "type": "voice", "description": p.Label[lang], "languages": []any{}})
		}
		schedules := []any{}
		if e.Always {
			schedules = append(schedules, map[string]any{"id": hsdsID("schedule", id), "service_id": sid,
				"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59",
				"description": "24/7", "timezone": 5})
		}
		for i, sp := range e.Hours {
			var bd []string
			for _, day := range days(sp) {
				bd = append(bd, hsdsDays[day])
			}
			schedules = append(schedules, map[string]any{"id": hsdsID("schedule", id+"/"+string(rune('a'+i))), "service_id": sid,
				"freq": "WEEKLY", "byday": strings.Join(bd, ","), "opens_at": sp.Open, "closes_at": sp.Close, "timezone": 5})
		}
		languages := []any{}
		for _, l := range e.Languages {
			languages = append(languages, map[string]any{"id": hsdsID("language", id+"/"+l), "service_id": sid, "code": l})
		}
		area := map[string]any{"id": hsdsID("service_area", id), "service_id": sid, "name": "Kazakhstan",
			"extent_type": "geojson", "uri": "https://www.iso.org/obp/ui/#iso:code:3166:KZ"}
		if region := d.Region[e.Region]; region != nil {
			area["name"], area["uri"] = region.Name[lang], "https://www.iso.org/obp/ui/#iso:code:3166:"+e.Region
		}
		svc := map[string]any{
			"id":            sid,
			"name":          e.Title[lang],
			"description":   e.Description[lang],
			"status":        status,
			"phones":        phones,
			"schedules":     schedules,
			"languages":     languages,
			"service_areas": []any{area},
			"attributes":    []any{},
		}
		if e.KnownFull {
			svc["assured_date"] = e.KnownDate
		}
		if len(e.Serves) > 0 {
			svc["eligibility_description"] = strings.Join(e.Serves, ", ")
		}
		if e.Organization != nil {
			svc["organization_id"] = hsdsID("organization", id)
			svc["organization"] = map[string]any{"id": hsdsID("organization", id), "name": e.Organization[lang],
				"description": e.Organization[lang]}
		}
		if e.Email != "" {
			svc["email"] = e.Email
		}
		if e.AddressPublic && e.Address != nil {
			lid := hsdsID("location", id)
			svc["service_at_locations"] = []any{map[string]any{
				"id": hsdsID("service_at_location", id), "service_id": sid, "location_id": lid,
				"location": map[string]any{"id": lid, "location_type": "physical", "name": e.Title[lang],
					"transportation": e.Directions[lang],
					"addresses": []any{map[string]any{"id": hsdsID("address", id), "location_id": lid,
						"address_1": e.Address[lang], "city": e.City[lang], "state_province": d.Region[e.Region].Name[lang],
						"postal_code": "", "country": "KZ", "address_type": "physical"}}},
			}}
		}
		services = append(services, svc)
	}
	return json.MarshalIndent(services, "", "  ")
}

// CSVHeader names the columns of the CSV export.
var CSVHeader = []string{"id", "kind", "name", "organization", "region_code", "region", "city", "funding", "serves", "services",
	"phones", "email", "hours", "languages", "address", "status", "known", "known_date", "called_by", "sources", "sample"}

// CSV returns the directory in one language, one row per entry. The address column is
// empty for confidential entries.
func (d *Data) CSV(lang string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(CSVHeader)
	for _, id := range d.all() {
		e := d.Entries[id]
		var phones []string
		for _, p := range e.Phones {
			phones = append(phones, p.Number+" ("+p.Label[lang]+")")
		}
		sample, region, by := "false", "", ""
		if e.Sample {
			sample = "true"
		}
		if r := d.Region[e.Region]; r != nil {
			region = r.Name[lang]
		}
		if e.Called != nil {
			by = e.Called.By
		}
		w.Write([]string{id, e.Kind, e.Title[lang], e.Organization[lang], e.Region, region, e.City[lang], e.Funding,
			strings.Join(e.Serves, " "), strings.Join(e.Services, " "), strings.Join(phones, "; "), e.Email,
			e.Record.Hours, strings.Join(e.Languages, " "), e.Address[lang], e.Status, e.Known, e.KnownDate, by,
			strings.Join(e.Sources, " "), sample})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// VCard returns a vCard 3.0 for one entry in one language, to save it among a phone's
// contacts. It carries an address only where the address may be published.
func (d *Data) VCard(id, lang string) []byte {
	e := d.Entries[id]
	var b strings.Builder
	line := func(parts ...string) { b.WriteString(strings.Join(parts, "") + "\r\n") }
	line("BEGIN:VCARD")
	line("VERSION:3.0")
	line("FN:", vcardEscape(e.Title[lang]))
	if e.Organization != nil {
		line("ORG:", vcardEscape(e.Organization[lang]))
	}
	for _, p := range e.Phones {
		line("TEL;TYPE=VOICE:", p.Number)
	}
	if e.Email != "" {
		line("EMAIL:", vcardEscape(e.Email))
	}
	if e.AddressPublic && e.Address != nil {
		line("ADR;TYPE=WORK:;;", vcardEscape(e.Address[lang]), ";", vcardEscape(e.City[lang]), ";",
			vcardEscape(d.Region[e.Region].Name[lang]), ";;KZ")
	}
	switch e.Known {
	case "called":
		line("NOTE:", vcardEscape("checked by phone "+e.KnownDate+" by "+e.Called.By))
	case "listed":
		line("NOTE:", vcardEscape("listed as of "+e.KnownDate+" in "+strings.Join(e.Sources, ", ")))
	}
	line("END:VCARD")
	return []byte(b.String())
}

func vcardEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`).Replace(s)
}

// Keys are the interface strings the directory templates look up by value (serves_women,
// service_legal, …) or the tools render (TitleKeys): the message check counts them as used
// and requires them in every language.
func Keys() []string {
	keys := append([]string{}, TitleKeys...)
	add := func(prefix string, values []string) {
		for _, v := range values {
			keys = append(keys, prefix+v)
		}
	}
	add("serves_", record.Serves)
	add("service_", record.Services)
	add("messenger_", record.Messengers)
	add("status_", record.Statuses)
	add("funding_", record.Fundings)
	add("language_", record.Spoken)
	add("day_", dayOrder)
	return keys
}
