// Package record loads and checks the directory's records: one structured Markdown file per
// entry under content/shelters/records/, with the language-neutral facts once and the text
// of each language beside them. An entry is a centre (a shelter or crisis centre in one
// region) or a national line (111, 150), and says how it is known: called (someone checked
// it by phone: when, by whom) or listed (taken from a published source: which, as of when).
// A record holds only what its source or its call gave.
package record

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/problem"
)

// Dir is where records live, relative to the site root.
const Dir = "content/shelters/records"

// Languages are the languages every text must be written in.
var Languages = []string{"kk", "ru", "en"}

// Vocabularies. Each value has an interface string kind_<value>, serves_<value>, and so on.
var (
	Kinds      = []string{"centre", "line"}
	Serves     = []string{"women", "men", "children", "unaccompanied_children", "families", "foreign_nationals", "sex_trafficking", "labour_trafficking"}
	Services   = []string{"accommodation", "medical", "psychological", "legal", "social", "employment", "interpreting", "education", "repatriation"}
	Messengers = []string{"sms", "whatsapp", "telegram", "text"} // text: text messages by a channel the source does not name
	Statuses   = []string{"open", "temporarily_closed"}
	Fundings   = []string{"state", "social_order"} // funded by the state, or under the state social order
	// Spoken languages, ISO 639-1.
	Spoken = []string{"kk", "ru", "en", "uz", "ky", "tg", "tk", "zh", "ug", "de", "tr", "ko", "ar"}
)

// Text is a piece of text in each language.
type Text map[string]string

// A Phone is one number of an entry.
type Phone struct {
	Number     string   `json:"number"`  // E.164 or a short number, as checked
	Display    string   `json:"display"` // grouped as people in Kazakhstan write it
	Short      bool     `json:"short"`
	Label      Text     `json:"label"`
	Hours      string   `json:"hours,omitempty"`
	Messengers []string `json:"messengers"`
}

// Listed says which published sources an entry was taken from, and as of when they speak.
type Listed struct {
	Sources []string   `json:"sources"`
	AsOf    front.Date `json:"-"`
}

// Called says when and by whom an entry was last checked by phone.
type Called struct {
	Date front.Date `json:"-"`
	By   string     `json:"by"`
}

// A Record is one directory entry.
type Record struct {
	Path          string   `json:"-"`
	ID            string   `json:"id"`
	Kind          string   `json:"kind"`
	Sample        bool     `json:"sample"`
	Status        string   `json:"status,omitempty"`
	Region        string   `json:"region,omitempty"`
	Funding       string   `json:"funding,omitempty"`
	Name          Text     `json:"name,omitempty"`
	ShortName     Text     `json:"short_name,omitempty"` // a short form of the name for lists, where the name is long
	Organization  Text     `json:"organization,omitempty"`
	City          Text     `json:"city,omitempty"`
	Description   Text     `json:"description,omitempty"`
	Notes         []Text   `json:"notes,omitempty"` // what a caller should know, one sentence each
	Serves        []string `json:"serves,omitempty"`
	Services      []string `json:"services,omitempty"`
	Phones        []Phone  `json:"phones,omitempty"`
	Email         string   `json:"email,omitempty"`
	Hours         string   `json:"hours,omitempty"`
	Languages     []string `json:"languages,omitempty"`
	AddressPublic bool     `json:"address_public"`
	Address       Text     `json:"address,omitempty"`
	Directions    Text     `json:"directions,omitempty"`
	Listed        *Listed  `json:"listed,omitempty"`
	Called        *Called  `json:"called,omitempty"`

	Lines    map[string]int  `json:"-"` // key path -> line
	invalid  map[string]bool // keys whose values could not be read (already reported)
	unquoted []int           // phones whose number was written without quotes (already reported)
}

// Region is one entry of data/regions.yaml.
type Region struct {
	Code   string `json:"code"`
	Name   Text   `json:"name"`
	Centre Text   `json:"centre,omitempty"` // the region's main city
	City   bool   `json:"city,omitempty"`   // a city of republican significance
	Old    string `json:"old,omitempty"`    // the alpha code used before 2022
}

// Load reads every record under root/Dir. It returns the records it could read and every
// problem met reading them; Check validates their content.
func Load(root string) ([]*Record, problem.List) { return LoadCached(root, nil) }

// LoadCached is Load that parses only the files whose bytes changed since memo last saw them.
// Files are parsed on every core: a country-size directory has thousands.
func LoadCached(root string, memo *front.Memo[*Record]) ([]*Record, problem.List) {
	var probs problem.List
	var files []string
	dir := filepath.Join(root, filepath.FromSlash(Dir))
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return nil
			}
			probs.Add(problem.At(rel, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
			return nil
		}
		if d.IsDir() {
			if p != dir {
				probs.Add(problem.At(rel, 0, 0, "record.folder", nil))
				return filepath.SkipDir
			}
			return nil
		}
		if front.Skipped(d.Name()) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			probs.Add(problem.At(rel, 0, 0, "file.symlink", nil))
			return nil
		}
		if path.Ext(rel) != ".md" {
			probs.Add(problem.At(rel, 0, 0, "record.not_md", nil))
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		probs.Add(problem.At(Dir, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()}))
	}
	recs := make([]*Record, len(files))
	found := make([]problem.List, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				recs[i], found[i] = loadFile(root, files[i], memo)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, ps := range found {
		probs = append(probs, ps...)
	}
	recs = slices.DeleteFunc(recs, func(r *Record) bool { return r == nil })
	memo.Prune()
	slices.SortFunc(recs, func(a, b *Record) int { return strings.Compare(a.ID, b.ID) })
	return recs, probs
}

// loadFile reads and parses one record file.
// MaxFileSize is the largest record the loader reads: 32 KB, ten times the example that
// shows every field with its comments in three languages (3.5 KB; the shipped entries are
// under 2.5 KB). A larger file is a paste gone wrong, and it is refused before it is read, let
// alone handed to Hugo (a 50 MB record once took Hugo 16 s and 1.9 GB before the audit
// refused its pages).
const MaxFileSize = 32 << 10

// MaxText is the most characters one value of a record may hold (a name, a description in
// one language, a note): 1,000, six times the longest shipped value. An entry's page is read
// on a cheap phone, under the page budget of 14 KB gzip, and it shows about ten such texts;
// longer explanations belong on a topic page.
const MaxText = 1000

func loadFile(root, rel string, memo *front.Memo[*Record]) (*Record, problem.List) {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if info, err := os.Lstat(p); err == nil && info.Size() > MaxFileSize {
		return nil, problem.List{problem.At(rel, 0, 0, "record.too_big", problem.Args{"Size": info.Size() >> 10, "Limit": MaxFileSize >> 10})}
	}
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, problem.List{problem.At(rel, 0, 0, "file.unreadable", problem.Args{"Err": err.Error()})}
	}
	return memo.Parse(rel, src, func() (*Record, problem.List) { return Parse(rel, src) })
}

// Text returns the per-language text of key, or nil.
func (r *Record) Text(key string) Text {
	switch key {
	case "name":
		return r.Name
	case "short_name":
		return r.ShortName
	case "organization":
		return r.Organization
	case "city":
		return r.City
	case "description":
		return r.Description
	case "address":
		return r.Address
	case "directions":
		return r.Directions
	}
	return nil
}

// Known says how the entry is known: "called", "listed", or "" when it says neither.
func (r *Record) Known() string {
	switch {
	case r.Called != nil:
		return "called"
	case r.Listed != nil:
		return "listed"
	}
	return ""
}

// KnownDate is the date of the call, or the date its sources speak as of.
func (r *Record) KnownDate() front.Date {
	switch {
	case r.Called != nil:
		return r.Called.Date
	case r.Listed != nil:
		return r.Listed.AsOf
	}
	return front.Date{}
}

func (r *Record) line(key string) int {
	if l, ok := r.Lines[key]; ok {
		return l
	}
	return 1
}

func (r *Record) has(key string) bool {
	_, ok := r.Lines[key]
	return ok
}

// What an entry must give besides its id and kind, by what it is (check applies these; the
// editing interface marks the same fields as required, tools/internal/cms).
var (
	RequiredCentre = []string{"region"}                                                                       // a centre is in one region
	RequiredLine   = []string{"name", "phones"}                                                               // a national line: its name and number
	RequiredCalled = []string{"name", "phones", "serves", "services", "languages", "hours", "address_public"} // checked by phone: what a caller needs
)
