// Package directory turns checked records into what the site is built from: the data Hugo's
// content adapter ranges over (one page per entry, one per region, per region and group),
// and the open-data files published beside the pages (HSDS 3.0 JSON, CSV, vCards). A
// confidential address is never copied into any of them.
package directory

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/source"
)

// Data is written to data/shelters.json for Hugo, but for its entries: they are written by
// region, a file for each (JSON), so that editing one record changes its region's file and not
// the data every page of the directory depends on.
type Data struct {
	AsOf        string                 `json:"as_of"` // the build date, YYYY-MM-DD
	Entries     map[string]*Entry      `json:"-"`
	Titles      map[string]record.Text `json:"titles"`       // by entry id: the content adapter titles each entry's page
	FileOf      map[string]string      `json:"entry_file"`   // by entry id: the file it is in (FileOf)
	Order       []string               `json:"-"`            // centres by region, then title in English
	Lines       []string               `json:"lines"`        // the national lines, by id
	Regions     []*RegionPage          `json:"-"`            // every region, in code order
	RegionOrder map[string][]string    `json:"region_order"` // per language: region codes by name in that language
	Groups      []*GroupPage           `json:"groups"`
	Listings    []*Listing             `json:"-"`        // every screen page of every list
	ByPath      map[string]*Listing    `json:"listings"` // the same by path: the adapter adds each page, the templates look up its entries
	Counts      map[string]int         `json:"counts"`   // entries, centres, lines, listed, called, sample
	Region      map[string]*Region     `json:"region_by_code"`
	ListAsOf    string                 `json:"list_as_of"` // the newest date listed centres are known as of (YYYY-MM-DD), or ""
}

// JSON returns the data as Hugo reads them: the index (all but the entries) and, by file
// name (FileOf), a JSON object of the entries in each file, by id.
//
// A file per region, not per entry: Hugo keeps its resources in caches of a fixed number of
// items, and 10,000 files there pushed other resources (the QR codes) out, to be made and
// written again.
func (d *Data) JSON() (index []byte, files map[string][]byte, err error) {
	if index, err = json.Marshal(d); err != nil {
		return nil, nil, err
	}
	byFile := map[string][]string{}
	for id, f := range d.FileOf {
		byFile[f] = append(byFile[f], id)
	}
	files = make(map[string][]byte, len(byFile))
	for f, ids := range byFile {
		slices.Sort(ids)
		b := []byte{'{'}
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			key, _ := json.Marshal(id)
			// Not json.Marshal of the whole: it would check and compact again what a Cache kept.
			e, err := d.Entries[id].MarshalJSON()
			if err != nil {
				return nil, nil, err
			}
			b = append(append(append(b, key...), ':'), e...)
		}
		files[f] = append(b, '}')
	}
	return index, files, nil
}

// FileOf names the file an entry is written in (JSON): its region's slug, or "national" for
// a line.
func FileOf(e *Entry) string { return cmp.Or(e.RegionSlug, "national") }

// A Notice counts how the entries of a list are known, for the note above it.
type Notice struct {
	Listed  int    `json:"listed"`
	Called  int    `json:"called"`
	Unknown int    `json:"unknown"` // says neither: drafts, refused in production
	Sample  int    `json:"sample"`
	AsOf    string `json:"as_of"` // the oldest date the listed entries are known as of
}

func (n *Notice) add(e *Entry) {
	if e == nil {
		return
	}
	switch e.Known {
	case "listed":
		n.Listed++
		if n.AsOf == "" || e.KnownDate < n.AsOf {
			n.AsOf = e.KnownDate
		}
	case "called":
		n.Called++
	default:
		n.Unknown++
	}
	if e.Sample {
		n.Sample++
	}
}

func notice(ids []string, entries map[string]*Entry) Notice {
	var n Notice
	for _, id := range ids {
		n.add(entries[id])
	}
	return n
}

// An Entry is a record as the templates use it: the record plus derived display values.
type Entry struct {
	*record.Record
	Title      record.Text       `json:"title"` // the name, or what the entry is where no name is published
	Named      bool              `json:"named"`
	RegionSlug string            `json:"region_slug,omitempty"`
	Known      string            `json:"known"`      // called or listed
	KnownDate  string            `json:"known_date"` // as written: 2025-01-01, 2025-01 or 2025
	KnownFull  bool              `json:"known_full"` // KnownDate names a day
	Sources    []string          `json:"sources,omitempty"`
	Hours      []Span            `json:"hours_spans"` // nil for 24/7 or unknown
	Always     bool              `json:"always_open"`
	PhoneLinks []PhoneLinks      `json:"phone_links"`
	JSONLD     map[string]any    `json:"-"`                // per language; named entries only
	JSONLDText map[string]string `json:"jsonld,omitempty"` // the same as JSON, written once here rather than by every page build
	Groups     []string          `json:"groups"`           // serves values that have a filter page
	Address    record.Text       `json:"address,omitempty"`
	VCard      bool              `json:"vcard"` // a vCard is published (the entry has a phone)
	Note       record.Text       `json:"-"`     // how the entry is known, in each language, for the vCard

	memo *made // what a Cache keeps of it, if any
}

// MarshalJSON writes the entry, or what a Cache kept of the same entry written before.
func (e *Entry) MarshalJSON() ([]byte, error) {
	type plain Entry
	if m := e.memo; m != nil && m.json != nil && maps.Equal(m.title, e.Title) && slices.Equal(m.groups, e.Groups) {
		return m.json, nil
	}
	b, err := json.Marshal((*plain)(e))
	if m := e.memo; m != nil && err == nil {
		m.title, m.groups, m.json = e.Title, slices.Clone(e.Groups), b
	}
	return b, err
}

// PhoneLinks are the ways to reach one number: links that open the phone, a text message,
// or the messenger named, each only where the record lists it.
type PhoneLinks struct {
	Tel      string `json:"tel"`
	SMS      string `json:"sms,omitempty"`
	WhatsApp string `json:"whatsapp,omitempty"`
	Telegram string `json:"telegram,omitempty"`
	Text     bool   `json:"text,omitempty"` // takes text messages by a channel the source does not name
	Hours    []Span `json:"hours_spans,omitempty"`
	Always   bool   `json:"always_open"`
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
	record.Region
	Slug string `json:"slug"`
}

// A RegionPage lists the entries of one region, with its filter pages.
type RegionPage struct {
	Code   string       `json:"code"`
	Slug   string       `json:"slug"`
	IDs    []string     `json:"ids"`
	Groups []*GroupPage `json:"groups"`
}

// A GroupPage lists the entries that serve one group, in a region or in the whole country.
type GroupPage struct {
	Group  string   `json:"group"`
	Region string   `json:"region,omitempty"`
	IDs    []string `json:"-"` // the templates count a list on its pages
}

// PerPage is how many entries one screen page of a list shows: enough to scan, few enough
// to stay within the page budget on a phone whatever the size of the directory.
const PerPage = 20

// A Listing is one screen page of a list of entries (a region, a region and a group, or a
// group across the country), as the content adapter adds it. The first page of a list is a
// section at Base; the next ones are pages at Base/2, Base/3, and so on.
type Listing struct {
	Path   string   `json:"path"`   // under content/shelters, e.g. regions/kz-75/men/2
	Kind   string   `json:"kind"`   // section (first page) or page
	Layout string   `json:"layout"` // region or filter
	Region string   `json:"region,omitempty"`
	Group  string   `json:"group,omitempty"`
	IDs    []string `json:"ids,omitempty"` // every entry of the list (in the data: on its first page)
	Chunk  []string `json:"chunk"`         // the entries on this page
	Count  int      `json:"count"`         // how many the list has
	Page   int      `json:"page"`
	Pages  int      `json:"pages"`
	Base   string   `json:"base"`             // the list's first page
	Up     string   `json:"up,omitempty"`     // the wider list a filter narrows
	Groups []string `json:"groups,omitempty"` // a region's groups with a filter page
	Print  bool     `json:"print"`            // has a print edition: a region's first page
	Notice Notice   `json:"notice"`           // how the list's entries are known
}

// MarshalJSON writes every entry of the list with its first page only: the next pages need
// only theirs, and a country-size list has a hundred pages.
func (l *Listing) MarshalJSON() ([]byte, error) {
	type plain Listing
	c := plain(*l)
	if c.Page > 1 {
		c.IDs = nil
	}
	return json.Marshal(c)
}

// listings splits a list into screen pages; an empty list still has its first page, which
// says that there is no entry and what to do instead.
func listings(l Listing) []*Listing {
	var out []*Listing
	pages := max(1, (len(l.IDs)+PerPage-1)/PerPage)
	for i := range pages {
		c := l
		c.Chunk = l.IDs[min(i*PerPage, len(l.IDs)):min((i+1)*PerPage, len(l.IDs))]
		c.Page, c.Pages, c.Base, c.Path, c.Kind, c.Count = i+1, pages, l.Path, l.Path, "section", len(l.IDs)
		if i > 0 {
			c.Path, c.Kind, c.Print = fmt.Sprintf("%s/%d", l.Path, i+1), "page", false
		}
		out = append(out, &c)
	}
	return out
}

// Slug is the address form of a region code: KZ-75 -> kz-75.
func Slug(code string) string { return strings.ToLower(code) }

// A Translator renders an interface string of the site (i18n/<lang>.toml) with data.
type Translator func(lang, key string, data map[string]any) string

// Build derives the site data from checked records. Every centre appears once in Order, on
// its region's page, and on one filter page per group it serves; every line on the
// directory's home and on every region's page. t names the entries whose name is not
// published (TitleKeys).
func Build(recs []*record.Record, regions map[string]record.Region, sources source.Set, now time.Time, t Translator) *Data {
	return BuildCached(nil, recs, regions, sources, now, t)
}

// A Cache keeps what was made for each record (its JSON-LD, its entry as JSON), so that
// building again (serve, after an edit) makes it only for records that changed. It holds for
// one set of regions and sources: a new Cache is needed when they change. A nil *Cache keeps
// nothing.
type Cache struct {
	mu   sync.Mutex
	made map[*record.Record]*made // by the record as parsed (an edited record is a new one)
}

// made is what was made for one record.
type made struct {
	values map[string]any    // JSON-LD per language
	texts  map[string]string // the same as text
	title  record.Text       // the entry's title and groups when it was last written:
	groups []string          // they depend on the other entries too
	json   []byte
}

// BuildCached is Build with a cache of what it made before.
func BuildCached(c *Cache, recs []*record.Record, regions map[string]record.Region, sources source.Set, now time.Time, t Translator) *Data {
	d := &Data{AsOf: now.Format("2006-01-02"), Entries: map[string]*Entry{}, Titles: map[string]record.Text{},
		FileOf: map[string]string{}, Counts: map[string]int{},
		Region: map[string]*Region{}, RegionOrder: map[string][]string{}}
	for code, r := range regions {
		d.Region[code] = &Region{Region: r, Slug: Slug(code)}
	}
	byRegion := map[string]*RegionPage{}
	for _, code := range slices.Sorted(maps.Keys(regions)) {
		rp := &RegionPage{Code: code, Slug: Slug(code), IDs: []string{}}
		byRegion[code] = rp
		d.Regions = append(d.Regions, rp)
	}
	for _, l := range record.Languages {
		d.RegionOrder[l] = regionOrder(regions, l)
	}
	perRegion := map[string]int{} // unnamed centres per region, to number them
	for _, r := range recs {
		if r.Kind == "centre" && !named(r) {
			perRegion[r.Region]++
		}
	}
	seen := map[string]int{}
	var centres []*Entry
	for _, r := range recs {
		e := newEntry(r, regions, sources)
		if !e.Named {
			seen[r.Region]++
			e.Title = title(r, regions, seen[r.Region], perRegion[r.Region], t)
		}
		e.Note = note(e, t)
		e.JSONLD, e.JSONLDText = c.jsonLDs(r, e, d.Region[r.Region])
		d.Entries[r.ID] = e
		d.Titles[r.ID] = e.Title
		d.FileOf[r.ID] = FileOf(e)
		d.Counts["entries"]++
		d.Counts[r.Kind+"s"]++
		d.Counts[cmp.Or(e.Known, "unknown")]++
		if r.Sample {
			d.Counts["sample"]++
		}
		if r.Kind == "line" {
			d.Lines = append(d.Lines, r.ID)
			continue
		}
		centres = append(centres, e)
	}
	slices.SortStableFunc(centres, func(a, b *Entry) int {
		return cmp.Or(strings.Compare(a.Region, b.Region), strings.Compare(a.Title["en"], b.Title["en"]), strings.Compare(a.ID, b.ID))
	})
	byGroup := map[string]*GroupPage{}
	for _, e := range centres {
		d.Order = append(d.Order, e.ID)
		if e.Known == "listed" && e.KnownFull && e.KnownDate > d.ListAsOf {
			d.ListAsOf = e.KnownDate
		}
		rp := byRegion[e.Region]
		if rp == nil {
			continue // an unknown region: the check refuses it
		}
		rp.IDs = append(rp.IDs, e.ID)
		for _, g := range record.Serves {
			if !slices.Contains(e.Serves, g) {
				continue
			}
			e.Groups = append(e.Groups, g)
			i := slices.IndexFunc(rp.Groups, func(p *GroupPage) bool { return p.Group == g })
			if i < 0 {
				rp.Groups = append(rp.Groups, &GroupPage{Group: g, Region: e.Region})
				i = len(rp.Groups) - 1
			}
			rp.Groups[i].IDs = append(rp.Groups[i].IDs, e.ID)
			if byGroup[g] == nil {
				byGroup[g] = &GroupPage{Group: g}
			}
			byGroup[g].IDs = append(byGroup[g].IDs, e.ID)
		}
	}
	for _, g := range record.Serves {
		if byGroup[g] != nil {
			d.Groups = append(d.Groups, byGroup[g])
		}
	}
	for _, rp := range d.Regions {
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
	c.keep(recs)
	d.ByPath = map[string]*Listing{}
	for _, l := range d.Listings {
		l.Notice = notice(l.IDs, d.Entries)
		d.ByPath[l.Path] = l
	}
	return d
}

// jsonLDs returns the JSON-LD of a record's entry, made now or before, and attaches what the
// cache keeps of it to the entry.
func (c *Cache) jsonLDs(r *record.Record, e *Entry, region *Region) (map[string]any, map[string]string) {
	if c != nil {
		c.mu.Lock()
		m, ok := c.made[r]
		c.mu.Unlock()
		if ok {
			e.memo = m
			return m.values, m.texts
		}
	}
	m := &made{values: map[string]any{}, texts: map[string]string{}}
	if e.Named {
		for _, l := range record.Languages {
			m.values[l] = jsonLD(e, region, l)
			b, _ := json.Marshal(m.values[l]) // maps of strings and lists: nothing fails
			m.texts[l] = string(b)
		}
	}
	if c != nil {
		c.mu.Lock()
		if c.made == nil {
			c.made = map[*record.Record]*made{}
		}
		c.made[r] = m
		c.mu.Unlock()
		e.memo = m
	}
	return m.values, m.texts
}

// keep forgets the records not among recs.
func (c *Cache) keep(recs []*record.Record) {
	if c == nil {
		return
	}
	live := make(map[*record.Record]bool, len(recs))
	for _, r := range recs {
		live[r] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for r := range c.made {
		if !live[r] {
			delete(c.made, r)
		}
	}
}

// TitleKeys are the interface strings Build names unnamed entries with.
var TitleKeys = []string{"entry_title_centre", "entry_title_centre_n"}

// NoteKeys are the interface strings a vCard's note says how its entry is known with.
var NoteKeys = []string{"known_called", "vcard_note_listed"}

// note says how an entry is known, in each language, as a reader of its vCard reads it: who
// checked it by phone and when, or as of when a published source gave it (no source keys).
func note(e *Entry, t Translator) record.Text {
	out := record.Text{}
	for _, l := range record.Languages {
		switch e.Known {
		case "called":
			out[l] = t(l, "known_called", map[string]any{"Date": e.KnownDate, "By": e.Called.By})
		case "listed":
			out[l] = t(l, "vcard_note_listed", map[string]any{"Date": e.KnownDate})
		}
	}
	return out
}

// named reports whether the record gives a name in every language.
func named(r *record.Record) bool {
	for _, l := range record.Languages {
		if r.Name[l] == "" {
			return false
		}
	}
	return true
}

// title says what an entry without a published name is: a crisis centre in its region,
// numbered where the region has more than one.
func title(r *record.Record, regions map[string]record.Region, n, of int, t Translator) record.Text {
	out := record.Text{}
	for _, l := range record.Languages {
		data := map[string]any{"Region": regions[r.Region].Name[l], "N": n, "Of": of}
		if of > 1 {
			out[l] = t(l, "entry_title_centre_n", data)
		} else {
			out[l] = t(l, "entry_title_centre", data)
		}
	}
	return out
}

// regionOrder sorts the region codes by their names in lang, as a reader of that language
// looks for them: by the name itself, not the word for region ("область Абай" under А).
func regionOrder(regions map[string]record.Region, lang string) []string {
	codes := slices.Sorted(maps.Keys(regions))
	c := collate.New(language.Make(lang))
	key := func(code string) string {
		return strings.TrimSpace(strings.TrimPrefix(regions[code].Name[lang], "область "))
	}
	slices.SortStableFunc(codes, func(a, b string) int { return c.CompareString(key(a), key(b)) })
	return codes
}

func newEntry(r *record.Record, regions map[string]record.Region, sources source.Set) *Entry {
	e := &Entry{Record: r, Named: named(r), Title: r.Name, Known: r.Known(), KnownDate: r.KnownDate().String(),
		KnownFull: r.KnownDate().Full(), VCard: len(r.Phones) > 0}
	if r.Region != "" {
		e.RegionSlug = Slug(r.Region)
	}
	if r.Listed != nil {
		e.Sources = r.Listed.Sources
	}
	e.Hours, e.Always = spans(r.Hours)
	for _, p := range r.Phones {
		e.PhoneLinks = append(e.PhoneLinks, links(p))
	}
	if r.AddressPublic {
		e.Address = r.Address
	} else {
		// Belt and braces: the check refuses a confidential entry with an address, and the
		// generated data never carries one either way.
		e.Record = redacted(r)
	}
	return e
}

// links are the ways to reach p that the record lists. WhatsApp and Telegram open by the
// number (wa.me, t.me/+): nothing is requested from them until the reader taps.
func links(p record.Phone) PhoneLinks {
	l := PhoneLinks{Tel: "tel:" + p.Number}
	l.Hours, l.Always = spans(p.Hours)
	digits := strings.TrimPrefix(p.Number, "+")
	for _, m := range p.Messengers {
		switch {
		case m == "sms":
			l.SMS = "sms:" + p.Number
		case m == "whatsapp" && !p.Short:
			l.WhatsApp = "https://wa.me/" + digits
		case m == "telegram" && !p.Short:
			l.Telegram = "https://t.me/+" + digits
		case m == "text":
			l.Text = true
		}
	}
	return l
}

// redacted returns a copy of r without address or directions.
func redacted(r *record.Record) *record.Record {
	c := *r
	c.Address, c.Directions = nil, nil
	return &c
}

// spans parses hours as the record check accepts them ("24/7" or "Mo-Fr 09:00-18:00; Sa …");
// no hours at all gives neither spans nor always.
func spans(hours string) (out []Span, always bool) {
	switch hours {
	case "":
		return nil, false
	case "24/7":
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

// jsonLD describes a named entry for search engines as a schema.org NGO with contact
// points. It names the region served; a street address only where it may be published.
func jsonLD(e *Entry, r *Region, lang string) map[string]any {
	var points []any
	for i, p := range e.Phones {
		cp := map[string]any{"@type": "ContactPoint", "telephone": p.Number, "contactType": p.Label[lang], "areaServed": "KZ"}
		if len(e.Languages) > 0 {
			cp["availableLanguage"] = e.Languages
		}
		switch pl := e.PhoneLinks[i]; {
		case pl.Always:
			cp["hoursAvailable"] = openingHours([]Span{{From: "mo", To: "su", Open: "00:00", Close: "23:59"}})
		case len(pl.Hours) > 0:
			cp["hoursAvailable"] = openingHours(pl.Hours)
		}
		points = append(points, cp)
	}
	ld := map[string]any{
		"@context":     "https://schema.org",
		"@type":        "NGO",
		"@id":          "#" + e.ID,
		"name":         e.Title[lang],
		"contactPoint": points,
	}
	if e.Description != nil {
		ld["description"] = e.Description[lang]
	}
	if e.Organization != nil {
		ld["parentOrganization"] = map[string]any{"@type": "NGO", "name": e.Organization[lang]}
	}
	if r != nil {
		ld["areaServed"] = map[string]any{"@type": "AdministrativeArea", "name": r.Name[lang], "identifier": r.Code}
	} else {
		ld["areaServed"] = map[string]any{"@type": "Country", "name": "Kazakhstan", "identifier": "KZ"}
	}
	if len(e.Languages) > 0 {
		ld["knowsLanguage"] = e.Languages
	}
	if e.Email != "" {
		ld["email"] = e.Email
	}
	if e.AddressPublic && e.Address != nil && r != nil {
		ld["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": e.Address[lang],
			"addressLocality": e.City[lang], "addressRegion": r.Name[lang], "addressCountry": "KZ"}
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
