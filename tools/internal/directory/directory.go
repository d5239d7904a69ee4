// Package directory turns checked shelter records into what the site is built from: the
// data Hugo's content adapter ranges over (one page per shelter, per region, per region and
// group), and the open-data files published beside the pages (HSDS 3.0 JSON, CSV, vCards).
// A confidential shelter's address is never copied into any of them.
package directory

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/shelter"
)

// Data is written to data/shelters.json for Hugo.
type Data struct {
	AsOf     string             `json:"as_of"` // the build date, YYYY-MM-DD
	Shelters map[string]*Entry  `json:"by_id"`
	Order    []string           `json:"order"` // ids by region, then name in English
	Regions  []*RegionPage      `json:"regions"`
	Groups   []*GroupPage       `json:"groups"`
	Listings []*Listing         `json:"listings"` // every screen page of every list
	Counts   map[string]int     `json:"counts"`   // shelters, sample
	Region   map[string]*Region `json:"region_by_code"`
}

// An Entry is a shelter as the templates use it: the record plus derived display values.
type Entry struct {
	*shelter.Shelter
	RegionSlug string           `json:"region_slug"`
	Verified   string           `json:"verified_date"` // YYYY-MM-DD
	Hours      []Span           `json:"hours_spans"`   // nil for 24/7
	Always     bool             `json:"always_open"`
	PhoneHours map[int][]Span   `json:"phone_hours"`
	JSONLD     map[string]any   `json:"jsonld"` // per language
	Groups     []string         `json:"groups"` // serves values that have a filter page
	Address    shelter.Text     `json:"address,omitempty"`
	Raw        *shelter.Shelter `json:"-"`
}

// A Span is opening hours on a range of days: "mo"–"fr", "09:00"–"18:00".
type Span struct {
	From  string `json:"from"`
	To    string `json:"to,omitempty"`
	Open  string `json:"open"`
	Close string `json:"close"`
}

// Region is a region as the templates use it.
type Region struct {
	shelter.Region
	Slug string `json:"slug"`
}

// A RegionPage lists the shelters of one region, with its filter pages.
type RegionPage struct {
	Code   string       `json:"code"`
	Slug   string       `json:"slug"`
	IDs    []string     `json:"ids"`
	Groups []*GroupPage `json:"groups"`
}

// A GroupPage lists the shelters that serve one group, in a region or in the whole country.
type GroupPage struct {
	Group  string   `json:"group"`
	Region string   `json:"region,omitempty"`
	IDs    []string `json:"ids"`
}

// PerPage is how many shelters one screen page of a list shows: enough to scan, few enough
// to stay within the page budget on a phone whatever the size of the directory.
const PerPage = 20

// A Listing is one screen page of a list of shelters (a region, a region and a group, or a
// group across the country), as the content adapter adds it. The first page of a list is a
// section at Base; the next ones are pages at Base/2, Base/3, and so on.
type Listing struct {
	Path   string   `json:"path"`   // under content/shelters, e.g. regions/kz-75/men/2
	Kind   string   `json:"kind"`   // section (first page) or page
	Layout string   `json:"layout"` // region or filter
	Region string   `json:"region,omitempty"`
	Group  string   `json:"group,omitempty"`
	IDs    []string `json:"ids"`   // every shelter of the list
	Chunk  []string `json:"chunk"` // the shelters on this page
	Page   int      `json:"page"`
	Pages  int      `json:"pages"`
	Base   string   `json:"base"`             // the list's first page
	Up     string   `json:"up,omitempty"`     // the wider list a filter narrows
	Groups []string `json:"groups,omitempty"` // a region's groups with a filter page
	Print  bool     `json:"print"`            // has a print edition: a region's first page
}

// listings splits a list into screen pages.
func listings(l Listing) []*Listing {
	var out []*Listing
	pages := (len(l.IDs) + PerPage - 1) / PerPage
	for i := 0; i < pages; i++ {
		c := l
		c.Chunk = l.IDs[i*PerPage : min((i+1)*PerPage, len(l.IDs))]
		c.Page, c.Pages, c.Base, c.Path, c.Kind = i+1, pages, l.Path, l.Path, "section"
		if i > 0 {
			c.Path, c.Kind, c.Print = fmt.Sprintf("%s/%d", l.Path, i+1), "page", false
		}
		out = append(out, &c)
	}
	return out
}

// Slug is the address form of a region code: KZ-75 -> kz-75.
func Slug(code string) string { return strings.ToLower(code) }

// Build derives the site data from checked shelters. Every shelter appears once in Order,
// on its region page, and on one filter page per group it serves.
func Build(shelters []*shelter.Shelter, regions map[string]shelter.Region, now time.Time) *Data {
	d := &Data{AsOf: now.Format("2006-01-02"), Shelters: map[string]*Entry{}, Counts: map[string]int{},
		Region: map[string]*Region{}}
	for code, r := range regions {
		d.Region[code] = &Region{Region: r, Slug: Slug(code)}
	}
	sorted := slices.Clone(shelters)
	slices.SortFunc(sorted, func(a, b *shelter.Shelter) int {
		return cmpOr(strings.Compare(a.Region, b.Region), strings.Compare(a.Name["en"], b.Name["en"]), strings.Compare(a.ID, b.ID))
	})
	byRegion := map[string]*RegionPage{}
	byGroup := map[string]*GroupPage{}
	for _, s := range sorted {
		e := newEntry(s, regions)
		d.Shelters[s.ID] = e
		d.Order = append(d.Order, s.ID)
		d.Counts["shelters"]++
		if s.Sample {
			d.Counts["sample"]++
		}
		rp := byRegion[s.Region]
		if rp == nil {
			rp = &RegionPage{Code: s.Region, Slug: Slug(s.Region)}
			byRegion[s.Region] = rp
			d.Regions = append(d.Regions, rp)
		}
		rp.IDs = append(rp.IDs, s.ID)
		for _, g := range shelter.Serves {
			if !slices.Contains(s.Serves, g) {
				continue
			}
			e.Groups = append(e.Groups, g)
			i := slices.IndexFunc(rp.Groups, func(p *GroupPage) bool { return p.Group == g })
			if i < 0 {
				rp.Groups = append(rp.Groups, &GroupPage{Group: g, Region: s.Region})
				i = len(rp.Groups) - 1
			}
			rp.Groups[i].IDs = append(rp.Groups[i].IDs, s.ID)
			if byGroup[g] == nil {
				byGroup[g] = &GroupPage{Group: g}
			}
			byGroup[g].IDs = append(byGroup[g].IDs, s.ID)
		}
	}
	for _, g := range shelter.Serves {
		if byGroup[g] != nil {
			d.Groups = append(d.Groups, byGroup[g])
		}
	}
	for _, rp := range d.Regions {
		slices.SortFunc(rp.Groups, func(a, b *GroupPage) int {
			return slices.Index(shelter.Serves, a.Group) - slices.Index(shelter.Serves, b.Group)
		})
		base := "regions/" + rp.Slug
		var groups []string
		for _, g := range rp.Groups {
			groups = append(groups, g.Group)
		}
		d.Listings = append(d.Listings, listings(Listing{Path: base, Layout: "region", Region: rp.Code,
			IDs: rp.IDs, Groups: groups, Print: true})...)
		for _, g := range rp.Groups {
			d.Listings = append(d.Listings, listings(Listing{Path: base + "/" + g.Group, Layout: "filter",
				Region: rp.Code, Group: g.Group, IDs: g.IDs, Up: base})...)
		}
	}
	for _, g := range d.Groups {
		d.Listings = append(d.Listings, listings(Listing{Path: "for/" + g.Group, Layout: "filter",
			Group: g.Group, IDs: g.IDs, Up: "for"})...)
	}
	return d
}

func cmpOr(vals ...int) int {
	for _, v := range vals {
		if v != 0 {
			return v
		}
	}
	return 0
}

func newEntry(s *shelter.Shelter, regions map[string]shelter.Region) *Entry {
	e := &Entry{Shelter: s, Raw: s, RegionSlug: Slug(s.Region), Verified: s.Verified.Date.Format("2006-01-02"),
		PhoneHours: map[int][]Span{}}
	e.Hours, e.Always = spans(s.Hours)
	for i, p := range s.Phones {
		if sp, always := spans(p.Hours); !always {
			e.PhoneHours[i] = sp
		}
	}
	if s.AddressPublic {
		e.Address = s.Address
	} else {
		// Belt and braces: the check refuses a confidential shelter with an address, and the
		// generated data never carries one either way.
		e.Shelter = redacted(s)
	}
	e.JSONLD = map[string]any{}
	for _, l := range shelter.Languages {
		e.JSONLD[l] = jsonLD(e, regions[s.Region], l)
	}
	return e
}

// redacted returns a copy of s without address or directions.
func redacted(s *shelter.Shelter) *shelter.Shelter {
	c := *s
	c.Address, c.Directions = nil, nil
	return &c
}

// spans parses hours as the shelter check accepts them ("24/7" or "Mo-Fr 09:00-18:00; Sa …").
func spans(hours string) (out []Span, always bool) {
	if hours == "24/7" {
		return nil, true
	}
	for _, part := range strings.Split(hours, "; ") {
		days, times, _ := strings.Cut(part, " ")
		from, to, _ := strings.Cut(days, "-")
		open, closes, _ := strings.Cut(times, "-")
		out = append(out, Span{From: strings.ToLower(from), To: strings.ToLower(to), Open: open, Close: closes})
	}
	return out, false
}

// jsonLD describes a shelter for search engines as a schema.org NGO with contact points.
// It names the region served; a street address only where it may be published.
func jsonLD(e *Entry, r shelter.Region, lang string) map[string]any {
	s := e.Shelter
	var points []any
	for i, p := range s.Phones {
		cp := map[string]any{"@type": "ContactPoint", "telephone": p.Number, "contactType": p.Label[lang],
			"availableLanguage": s.Languages, "areaServed": "KZ"}
		if sp, ok := e.PhoneHours[i]; ok {
			cp["hoursAvailable"] = openingHours(sp)
		} else {
			cp["hoursAvailable"] = openingHours([]Span{{From: "mo", To: "su", Open: "00:00", Close: "23:59"}})
		}
		points = append(points, cp)
	}
	ld := map[string]any{
		"@context":           "https://schema.org",
		"@type":              "NGO",
		"@id":                "#" + s.ID,
		"name":               s.Name[lang],
		"description":        s.Description[lang],
		"parentOrganization": map[string]any{"@type": "NGO", "name": s.Organization[lang]},
		"areaServed":         map[string]any{"@type": "AdministrativeArea", "name": r.Name[lang], "identifier": s.Region},
		"contactPoint":       points,
		"knowsLanguage":      s.Languages,
	}
	if s.Email != "" {
		ld["email"] = s.Email
	}
	if s.AddressPublic && s.Address != nil {
		ld["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": s.Address[lang],
			"addressLocality": s.City[lang], "addressRegion": r.Name[lang], "addressCountry": "KZ"}
	}
	return ld
}

var dayNames = map[string]string{"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday",
	"fr": "Friday", "sa": "Saturday", "su": "Sunday"}

var dayOrder = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}

// days expands a span's day range: mo-fr -> mo tu we th fr.
func days(sp Span) []string {
	if sp.To == "" {
		return []string{sp.From}
	}
	i, j := slices.Index(dayOrder, sp.From), slices.Index(dayOrder, sp.To)
	if j < i {
		return append(slices.Clone(dayOrder[i:]), dayOrder[:j+1]...)
	}
	return dayOrder[i : j+1]
}

func openingHours(sp []Span) []any {
	var out []any
	for _, s := range sp {
		var ds []string
		for _, d := range days(s) {
			ds = append(ds, "https://schema.org/"+dayNames[d])
		}
		out = append(out, map[string]any{"@type": "OpeningHoursSpecification", "dayOfWeek": ds, "opens": s.Open, "closes": s.Close})
	}
	return out
}
