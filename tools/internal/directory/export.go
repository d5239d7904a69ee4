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
	services := []hsdsService{}
	for _, id := range d.all() {
		services = append(services, d.hsdsService(id, lang))
	}
	return json.MarshalIndent(services, "", "  ")
}

// The HSDS objects, their fields in the order of their names (as JSON objects are written).
type (
	hsdsService struct {
		AssuredDate    string            `json:"assured_date,omitempty"`
		Attributes     []struct{}        `json:"attributes"`
		Description    string            `json:"description"`
		Eligibility    string            `json:"eligibility_description,omitempty"`
		Email          string            `json:"email,omitempty"`
		ID             string            `json:"id"`
		Languages      []hsdsLanguage    `json:"languages"`
		Name           string            `json:"name"`
		Organization   *hsdsOrganization `json:"organization,omitempty"`
		OrganizationID string            `json:"organization_id,omitempty"`
		Phones         []hsdsPhone       `json:"phones"`
		Schedules      []hsdsSchedule    `json:"schedules"`
		ServiceAreas   []hsdsArea        `json:"service_areas"`
		AtLocations    []hsdsAtLocation  `json:"service_at_locations,omitempty"`
		Status         string            `json:"status"`
	}
	hsdsPhone struct {
		Description string     `json:"description"`
		ID          string     `json:"id"`
		Languages   []struct{} `json:"languages"`
		Number      string     `json:"number"`
		ServiceID   string     `json:"service_id"`
		Type        string     `json:"type"`
	}
	hsdsSchedule struct {
		ByDay       string `json:"byday"`
		ClosesAt    string `json:"closes_at"`
		Description string `json:"description,omitempty"`
		Freq        string `json:"freq"`
		ID          string `json:"id"`
		OpensAt     string `json:"opens_at"`
		ServiceID   string `json:"service_id"`
		Timezone    int    `json:"timezone"`
	}
	hsdsLanguage struct {
		Code      string `json:"code"`
		ID        string `json:"id"`
		ServiceID string `json:"service_id"`
	}
	hsdsArea struct {
		ExtentType string `json:"extent_type"`
		ID         string `json:"id"`
		Name       string `json:"name"`
		ServiceID  string `json:"service_id"`
		URI        string `json:"uri"`
	}
	hsdsOrganization struct {
		Description string `json:"description"`
		ID          string `json:"id"`
		Name        string `json:"name"`
	}
	hsdsAtLocation struct {
		ID         string       `json:"id"`
		Location   hsdsLocation `json:"location"`
		LocationID string       `json:"location_id"`
		ServiceID  string       `json:"service_id"`
	}
	hsdsLocation struct {
		Addresses      []hsdsAddress `json:"addresses"`
		ID             string        `json:"id"`
		LocationType   string        `json:"location_type"`
		Name           string        `json:"name"`
		Transportation string        `json:"transportation"`
	}
	hsdsAddress struct {
		Address1      string `json:"address_1"`
		AddressType   string `json:"address_type"`
		City          string `json:"city"`
		Country       string `json:"country"`
		ID            string `json:"id"`
		LocationID    string `json:"location_id"`
		PostalCode    string `json:"postal_code"`
		StateProvince string `json:"state_province"`
	}
)

func (d *Data) hsdsService(id, lang string) hsdsService {
	e := d.Entries[id]
	sid := hsdsID("service", id)
	svc := hsdsService{ID: sid, Name: e.Title[lang], Description: e.Description[lang], Status: "active",
		Attributes: []struct{}{}, Phones: []hsdsPhone{}, Schedules: []hsdsSchedule{}, Languages: []hsdsLanguage{}}
	if e.Status == "temporarily_closed" {
		svc.Status = "temporarily closed"
	}
	for _, p := range e.Phones {
		svc.Phones = append(svc.Phones, hsdsPhone{ID: hsdsID("phone", id+"/"+p.Number), ServiceID: sid,
			Number: p.Number, Type: "voice", Description: p.Label[lang], Languages: []struct{}{}})
	}
	if e.Always {
		svc.Schedules = append(svc.Schedules, hsdsSchedule{ID: hsdsID("schedule", id), ServiceID: sid,
			Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR,SA,SU", OpensAt: "00:00", ClosesAt: "23:59", Description: "24/7", Timezone: 5})
	}
	for i, sp := range e.Hours {
		var bd []string
		for _, day := range days(sp) {
			bd = append(bd, hsdsDays[day])
		}
		svc.Schedules = append(svc.Schedules, hsdsSchedule{ID: hsdsID("schedule", id+"/"+string(rune('a'+i))), ServiceID: sid,
			Freq: "WEEKLY", ByDay: strings.Join(bd, ","), OpensAt: sp.Open, ClosesAt: sp.Close, Timezone: 5})
	}
	for _, l := range e.Languages {
		svc.Languages = append(svc.Languages, hsdsLanguage{ID: hsdsID("language", id+"/"+l), ServiceID: sid, Code: l})
	}
	area := hsdsArea{ID: hsdsID("service_area", id), ServiceID: sid, Name: "Kazakhstan",
		ExtentType: "geojson", URI: "https://www.iso.org/obp/ui/#iso:code:3166:KZ"}
	if region := d.Region[e.Region]; region != nil {
		area.Name, area.URI = region.Name[lang], "https://www.iso.org/obp/ui/#iso:code:3166:"+e.Region
	}
	svc.ServiceAreas = []hsdsArea{area}
	if e.KnownFull {
		svc.AssuredDate = e.KnownDate
	}
	if len(e.Serves) > 0 {
		svc.Eligibility = strings.Join(e.Serves, ", ")
	}
	if e.Organization != nil {
		svc.OrganizationID = hsdsID("organization", id)
		svc.Organization = &hsdsOrganization{ID: svc.OrganizationID, Name: e.Organization[lang], Description: e.Organization[lang]}
	}
	svc.Email = e.Email
	if e.AddressPublic && e.Address != nil {
		lid := hsdsID("location", id)
		svc.AtLocations = []hsdsAtLocation{{ID: hsdsID("service_at_location", id), ServiceID: sid, LocationID: lid,
			Location: hsdsLocation{ID: lid, LocationType: "physical", Name: e.Title[lang], Transportation: e.Directions[lang],
				Addresses: []hsdsAddress{{ID: hsdsID("address", id), LocationID: lid, Address1: e.Address[lang],
					City: e.City[lang], StateProvince: d.Region[e.Region].Name[lang], Country: "KZ", AddressType: "physical"}}}}}
	}
	return svc
}

// CSVHeader names the columns of the CSV export.
var CSVHeader = []string{"id", "kind", "name", "organization", "region_code", "region", "city", "funding", "serves", "services",
	"phones", "email", "hours", "languages", "address", "status", "known", "known_date", "called_by", "sources", "sample"}

// CSV returns the directory in one language, one row per entry. The address column is
// empty for confidential entries. Every cell is written through csvCell: a cell that a
// spreadsheet would read as a formula starts with an apostrophe.
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
		w.Write(csvRow(id, e.Kind, e.Title[lang], e.Organization[lang], e.Region, region, e.City[lang], e.Funding,
			strings.Join(e.Serves, " "), strings.Join(e.Services, " "), strings.Join(phones, "; "), e.Email,
			e.Record.Hours, strings.Join(e.Languages, " "), e.Address[lang], e.Status, e.Known, e.KnownDate, by,
			strings.Join(e.Sources, " "), sample))
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// csvRow returns the cells of a CSV row, each made safe to open in a spreadsheet (csvCell).
func csvRow(cells ...string) []string {
	for i, c := range cells {
		cells[i] = csvCell(c)
	}
	return cells
}

// csvCell neutralises a cell that a spreadsheet would read as a formula, by OWASP's rule for
// CSV injection: a cell that starts with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe, which spreadsheets show as text and do not evaluate. Phone cells are no
// exception: "+77172000000 (Duty phone)" would be read as a formula (or a number that loses
// its +), so it is written '+77172000000 (Duty phone); a program reading the file strips one
// leading apostrophe (README.md, "Directory", says so). The tools refuse control characters
// in records, so a tab or a carriage return only reaches here if that check is bypassed.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
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
		line("TEL;TYPE=VOICE:", vcardEscape(p.Number))
	}
	if e.Email != "" {
		line("EMAIL:", vcardEscape(e.Email))
	}
	if e.AddressPublic && e.Address != nil {
		line("ADR;TYPE=WORK:;;", vcardEscape(e.Address[lang]), ";", vcardEscape(e.City[lang]), ";",
			vcardEscape(d.Region[e.Region].Name[lang]), ";;KZ")
	}
	if n := e.Note[lang]; n != "" {
		line("NOTE:", vcardEscape(n))
	}
	line("END:VCARD")
	return []byte(b.String())
}

func vcardEscape(s string) string { return vcardEscaper.Replace(s) }

// vcardEscaper escapes a vCard text value as RFC 6350 (3.4) asks: a backslash, a comma and
// a semicolon get a backslash, and a line break, whether CRLF, LF or a lone CR, is written
// \n, so that no value can end its line and start another property (FN:X<CR>TEL:…, which
// lenient importers read as a second phone). Made once, as making one costs more than using it.
var vcardEscaper = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// Keys are the interface strings the directory templates look up by value (serves_women,
// service_legal, …) or the tools render (TitleKeys, NoteKeys): the message check counts them as used
// and requires them in every language.
func Keys() []string {
	keys := append(append([]string{}, TitleKeys...), NoteKeys...)
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
