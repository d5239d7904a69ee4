package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"kzportal.example/portal/tools/internal/shelter"
)

// namespace makes HSDS identifiers stable: the same shelter gets the same UUIDs in every
// build and every language.
var namespace = uuid.MustParse("6f1d4a52-8c1e-4b7a-9a55-3b0e2f6c9d10")

func hsdsID(kind, id string) string { return uuid.NewSHA1(namespace, []byte(kind+":"+id)).String() }

var hsdsDays = map[string]string{"mo": "MO", "tu": "TU", "we": "WE", "th": "TH", "fr": "FR", "sa": "SA", "su": "SU"}

// HSDS returns the directory in one language as a list of Open Referral HSDS 3.0 service
// objects with their organization, phones, schedules, languages and service area. A shelter
// whose address may be published also gets a physical location; a confidential one gets none.
func (d *Data) HSDS(lang string) ([]byte, error) {
	services := []any{}
	for _, id := range d.Order {
		e := d.Shelters[id]
		s := e.Shelter
		sid := hsdsID("service", id)
		status := "active"
		if s.Status == "temporarily_closed" {
			status = "temporarily closed"
		}
		var phones []any
		for _, p := range s.Phones {
			phones = append(phones, map[string]any{"id": hsdsID("phone", id+"/"+p.Number), "service_id": sid,
				"number": p.Number, "type": "voice", "description": p.Label[lang], "languages": []any{}})
		}
		var schedules []any
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
		var languages []any
		for _, l := range s.Languages {
			languages = append(languages, map[string]any{"id": hsdsID("language", id+"/"+l), "service_id": sid, "code": l})
		}
		region := d.Region[s.Region]
		svc := map[string]any{
			"id":                      sid,
			"organization_id":         hsdsID("organization", id),
			"name":                    s.Name[lang],
			"description":             s.Description[lang],
			"status":                  status,
			"assured_date":            e.Verified,
			"eligibility_description": strings.Join(s.Serves, ", "),
			"phones":                  phones,
			"schedules":               schedules,
			"languages":               languages,
			"service_areas": []any{map[string]any{"id": hsdsID("service_area", id), "service_id": sid,
				"name": region.Name[lang], "extent_type": "geojson", "uri": "https://www.iso.org/obp/ui/#iso:code:3166:" + s.Region}},
			"organization": map[string]any{"id": hsdsID("organization", id), "name": s.Organization[lang],
				"description": s.Organization[lang]},
			"attributes": []any{},
		}
		if s.Email != "" {
			svc["email"] = s.Email
		}
		if s.AddressPublic && e.Address != nil {
			lid := hsdsID("location", id)
			svc["service_at_locations"] = []any{map[string]any{
				"id": hsdsID("service_at_location", id), "service_id": sid, "location_id": lid,
				"location": map[string]any{"id": lid, "location_type": "physical", "name": s.Name[lang],
					"transportation": s.Directions[lang],
					"addresses": []any{map[string]any{"id": hsdsID("address", id), "location_id": lid,
						"address_1": e.Address[lang], "city": s.City[lang], "state_province": region.Name[lang],
						"postal_code": "", "country": "KZ", "address_type": "physical"}}},
			}}
		}
		services = append(services, svc)
	}
	return json.MarshalIndent(services, "", "  ")
}

// CSVHeader names the columns of the CSV export.
var CSVHeader = []string{"id", "name", "organization", "region_code", "region", "city", "serves", "services",
	"phones", "email", "hours", "languages", "address", "status", "verified_date", "verified_by", "sample"}

// CSV returns the directory in one language, one row per shelter. The address column is
// empty for confidential shelters.
func (d *Data) CSV(lang string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(CSVHeader)
	for _, id := range d.Order {
		e := d.Shelters[id]
		s := e.Shelter
		var phones []string
		for _, p := range s.Phones {
			phones = append(phones, p.Number+" ("+p.Label[lang]+")")
		}
		sample := "false"
		if s.Sample {
			sample = "true"
		}
		w.Write([]string{id, s.Name[lang], s.Organization[lang], s.Region, d.Region[s.Region].Name[lang], s.City[lang],
			strings.Join(s.Serves, " "), strings.Join(s.Services, " "), strings.Join(phones, "; "), s.Email,
			s.Hours, strings.Join(s.Languages, " "), e.Address[lang], s.Status, e.Verified, s.Verified.By, sample})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// VCard returns a vCard 3.0 for one shelter in one language, to save it among a phone's
// contacts. It carries an address only where the address may be published.
func (d *Data) VCard(id, lang string) []byte {
	e := d.Shelters[id]
	s := e.Shelter
	var b strings.Builder
	line := func(parts ...string) { b.WriteString(strings.Join(parts, "") + "\r\n") }
	line("BEGIN:VCARD")
	line("VERSION:3.0")
	line("FN:", vcardEscape(s.Name[lang]))
	line("ORG:", vcardEscape(s.Organization[lang]))
	for _, p := range s.Phones {
		line("TEL;TYPE=VOICE:", p.Number)
	}
	if s.Email != "" {
		line("EMAIL:", vcardEscape(s.Email))
	}
	if s.AddressPublic && e.Address != nil {
		line("ADR;TYPE=WORK:;;", vcardEscape(e.Address[lang]), ";", vcardEscape(s.City[lang]), ";",
			vcardEscape(d.Region[s.Region].Name[lang]), ";;KZ")
	}
	line("NOTE:", vcardEscape("verified "+e.Verified+" by "+s.Verified.By))
	line("END:VCARD")
	return []byte(b.String())
}

func vcardEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`).Replace(s)
}

// Keys are the interface strings the shelter templates look up by value (serves_women,
// service_legal, …): the message check counts them as used and requires them in every
// language.
func Keys() []string {
	var keys []string
	for _, v := range shelter.Serves {
		keys = append(keys, "serves_"+v)
	}
	for _, v := range shelter.Services {
		keys = append(keys, "service_"+v)
	}
	for _, v := range shelter.Messengers {
		keys = append(keys, "messenger_"+v)
	}
	for _, v := range shelter.Statuses {
		keys = append(keys, "status_"+v)
	}
	for _, v := range shelter.Spoken {
		keys = append(keys, "language_"+v)
	}
	for _, v := range dayOrder {
		keys = append(keys, "day_"+v)
	}
	return keys
}
