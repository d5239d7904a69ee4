package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kzportal.example/portal/tools/internal/shelter"
)

var root = filepath.Join("..", "..", "..")

var now = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// load reads the shipped shelter records plus the fixtures in testdata, and requires them
// to pass the checks.
func load(t *testing.T) ([]*shelter.Shelter, map[string]shelter.Region) {
	t.Helper()
	regions, err := shelter.LoadRegions(root)
	if err != nil {
		t.Fatal(err)
	}
	shelters, probs := shelter.Load(root)
	files, _ := filepath.Glob("testdata/*.md")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, ps := shelter.Parse(filepath.ToSlash(f), src)
		probs = append(probs, ps...)
		shelters = append(shelters, s)
	}
	probs = append(probs, shelter.Check(shelters, regions, shelter.Options{Now: now})...)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if len(shelters) < 21 {
		t.Fatalf("only %d shelters", len(shelters))
	}
	return shelters, regions
}

// TestNothingDropped: every shelter appears once in the list, on its region's page, on one
// filter page per group it serves (in its region and countrywide), in the HSDS export and
// in the CSV of every language.
func TestNothingDropped(t *testing.T) {
	shelters, regions := load(t)
	d := Build(shelters, regions, now)
	if len(d.Order) != len(shelters) || len(d.Shelters) != len(shelters) {
		t.Fatalf("order %d, by id %d, want %d", len(d.Order), len(d.Shelters), len(shelters))
	}
	// Every list's screen pages hold each of its shelters exactly once.
	paths := map[string]bool{}
	for _, l := range d.Listings {
		if paths[l.Path] {
			t.Errorf("two listings at %s", l.Path)
		}
		paths[l.Path] = true
		if l.Page == 1 {
			var all []string
			for _, m := range d.Listings {
				if m.Base == l.Base {
					all = append(all, m.Chunk...)
				}
			}
			if !slices.Equal(all, l.IDs) || len(l.Chunk) > PerPage {
				t.Errorf("%s: its pages list %d shelters, the list has %d", l.Base, len(all), len(l.IDs))
			}
		}
	}
	onRegion := map[string]int{}
	onFilter := map[string]int{}
	onGroup := map[string]int{}
	for _, rp := range d.Regions {
		for _, id := range rp.IDs {
			onRegion[id]++
			if d.Shelters[id].Region != rp.Code {
				t.Errorf("%s listed on %s", id, rp.Code)
			}
		}
		for _, g := range rp.Groups {
			for _, id := range g.IDs {
				onFilter[id+"/"+g.Group]++
			}
		}
	}
	for _, g := range d.Groups {
		for _, id := range g.IDs {
			onGroup[id+"/"+g.Group]++
		}
	}
	for _, s := range shelters {
		if onRegion[s.ID] != 1 {
			t.Errorf("%s is on %d region pages, want 1", s.ID, onRegion[s.ID])
		}
		for _, g := range s.Serves {
			if onFilter[s.ID+"/"+g] != 1 || onGroup[s.ID+"/"+g] != 1 {
				t.Errorf("%s: on %d region filter and %d countrywide pages for %s, want 1 and 1", s.ID, onFilter[s.ID+"/"+g], onGroup[s.ID+"/"+g], g)
			}
		}
	}
	for _, lang := range shelter.Languages {
		b, err := d.HSDS(lang)
		if err != nil {
			t.Fatal(err)
		}
		var services []map[string]any
		if err := json.Unmarshal(b, &services); err != nil {
			t.Fatal(err)
		}
		if len(services) != len(shelters) {
			t.Errorf("%s: HSDS has %d services, want %d", lang, len(services), len(shelters))
		}
		c, err := d.CSV(lang)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(shelters)+1 {
			t.Errorf("%s: CSV has %d rows, want %d and a header", lang, len(rows)-1, len(shelters))
		}
	}
}

// TestHSDSValidates checks every service of the HSDS export, in every language, against the
// official HSDS 3.0 JSON Schema.
func TestHSDSValidates(t *testing.T) {
	schemaFile := filepath.Join(root, "..", "shared", "hsds-3.0", "compiled", "service_with_definitions.json")
	if _, err := os.Stat(schemaFile); err != nil {
		t.Fatalf("the HSDS 3.0 schemas are expected beside the checkout: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	// The schema must reject what HSDS does not allow, or this test proves nothing.
	for _, bad := range []string{`{"id": "not-a-uuid", "name": "x", "status": "active"}`,
		`{"id": "6f1d4a52-8c1e-4b7a-9a55-3b0e2f6c9d10", "name": "x", "status": "open"}`} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if schema.Validate(v) == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}
	shelters, regions := load(t)
	d := Build(shelters, regions, now)
	for _, lang := range shelter.Languages {
		b, _ := d.HSDS(lang)
		services, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for i, svc := range services.([]any) {
			if err := schema.Validate(svc); err != nil {
				t.Errorf("%s: service %d (%s): %v", lang, i, d.Order[i], err)
			}
		}
	}
}

// TestConfidentialAddress: a shelter whose address may be published has it in every export;
// no other shelter has any location or address anywhere.
func TestConfidentialAddress(t *testing.T) {
	shelters, regions := load(t)
	d := Build(shelters, regions, now)
	for _, lang := range shelter.Languages {
		hsds, _ := d.HSDS(lang)
		csvb, _ := d.CSV(lang)
		data, _ := json.Marshal(d)
		for name, b := range map[string][]byte{"HSDS": hsds, "CSV": csvb, "data": data} {
			if n := strings.Count(string(b), "PUBLIC-STREET-1"); n == 0 {
				t.Errorf("%s %s: the public address is missing", lang, name)
			}
		}
		var services []map[string]any
		json.Unmarshal(hsds, &services)
		for i, svc := range services {
			id := d.Order[i]
			_, hasLocation := svc["service_at_locations"]
			if hasLocation != d.Shelters[id].AddressPublic {
				t.Errorf("%s: %s has a location: %v, address public: %v", lang, id, hasLocation, d.Shelters[id].AddressPublic)
			}
		}
		for _, id := range d.Order {
			e := d.Shelters[id]
			_, hasAddr := e.JSONLD[lang].(map[string]any)["address"]
			vcard := string(d.VCard(id, lang))
			if e.AddressPublic != hasAddr || e.AddressPublic != strings.Contains(vcard, "ADR") {
				t.Errorf("%s: %s: JSON-LD address %v, vCard ADR %v, address public %v", lang, id, hasAddr, strings.Contains(vcard, "ADR"), e.AddressPublic)
			}
		}
	}
}

// TestListingsSplit: a long list is split in screen pages of PerPage, the first a section,
// the next ones pages under it.
func TestListingsSplit(t *testing.T) {
	var ids []string
	for i := range 2*PerPage + 3 {
		ids = append(ids, fmt.Sprint(i))
	}
	ls := listings(Listing{Path: "regions/kz-75", Layout: "region", IDs: ids, Print: true})
	if len(ls) != 3 || ls[0].Kind != "section" || ls[1].Path != "regions/kz-75/2" || ls[2].Kind != "page" ||
		len(ls[2].Chunk) != 3 || ls[1].Print || !ls[0].Print || ls[2].Pages != 3 || ls[2].Base != "regions/kz-75" {
		t.Errorf("%+v %+v %+v", ls[0], ls[1], ls[2])
	}
}

func TestHoursAndVCard(t *testing.T) {
	shelters, regions := load(t)
	d := Build(shelters, regions, now)
	e := d.Shelters["test-public"]
	want := []Span{{From: "mo", To: "fr", Open: "09:00", Close: "18:00"}, {From: "sa", Open: "10:00", Close: "14:00"}}
	if !slices.Equal(e.PhoneHours[0], want) {
		t.Errorf("phone hours %v, want %v", e.PhoneHours[0], want)
	}
	if _, ok := e.PhoneHours[1]; ok {
		t.Error("a 24/7 phone has hours spans")
	}
	v := string(d.VCard("test-public", "en"))
	for _, line := range []string{"BEGIN:VCARD\r\n", "FN:Test shelter\r\n", "TEL;TYPE=VOICE:+77172123456\r\n", "EMAIL:test@example.org\r\n",
		"ADR;TYPE=WORK:;;PUBLIC-STREET-1;Astana;Astana;;KZ\r\n", "END:VCARD\r\n"} {
		if !strings.Contains(v, line) {
			t.Errorf("vCard lacks %q:\n%s", line, v)
		}
	}
}
