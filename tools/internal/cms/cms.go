// Package cms makes the editing interface at /admin/: Decap CMS (its dist bundle, pinned in
// package-lock.json here and copied into the build, never loaded from a CDN), with a
// configuration generated from the tools' own rules, so that a form cannot offer a value
// the build would refuse: the record vocabularies, the regions of data/regions.yaml, the
// source keys of data/sources.yaml, the page front matter keys and their vocabularies, and
// the phone rule. Files are written by the portal's own front matter format
// (admin/portal-format.js, with format.json generated here): keys in form order, text
// quoted as people write it, dates as quoted text, comments at the top kept.
package cms

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/record"
)

// Dir is this package's folder in the repository: package.json and package-lock.json pin
// Decap CMS and js-yaml; `npm ci` installs them here. (The local backend is this package's
// own Go code, backend.go: no server of Decap's runs.)
const Dir = "tools/internal/cms"

// Path is the folder of the built site the interface is published in: /admin/.
const Path = "admin"

// APIPath is where the interface finds the local backend in local editing: on the
// preview's own address (so the policy of /admin/* needs no other source for it:
// connect-src 'self'), answered by Backend.
const APIPath = "/api/v1"

// Version is the Decap CMS release package.json pins.
const Version = "3.16.3"

// Options say where the bundle is and which backend the interface talks to.
type Options struct {
	Modules string // node_modules with decap-cms and js-yaml; default <root>/tools/internal/cms/node_modules
	Local   string // local editing (go run ./tools edit): the preview's address, whose APIPath is the local backend; no account
	Repo    string // the GitHub repository editors change, owner/name (deployed)
	Branch  string // the branch their changes go to, by pull request (deployed)
}

// ModulesDir is the default node_modules folder of a repository root.
func ModulesDir(root string) string {
	return filepath.Join(root, filepath.FromSlash(Dir), "node_modules")
}

// BundleFile is the Decap bundle in modules: the interface is installed when it is there.
func BundleFile(modules string) string {
	return filepath.Join(modules, "decap-cms", "dist", "decap-cms.js")
}

// ErrNoBundle says that the Decap bundle is not installed.
var ErrNoBundle = errors.New("the Decap CMS bundle is not installed")

// ErrNoRepo says that no repository was named for the deployed interface.
var ErrNoRepo = errors.New("no GitHub repository is named for the editing interface")

//go:embed admin
var admin embed.FS

// Files returns the files of the interface, by their path in the built site
// (admin/index.html, admin/config.yml, …): the Bundle and the Generated files.
func Files(o Options, in Input) (map[string][]byte, error) {
	files, err := Generated(o, in)
	if err != nil {
		return nil, err
	}
	bundle, err := Bundle(o)
	if err != nil {
		return nil, err
	}
	maps.Copy(files, bundle)
	return files, nil
}

// Generated returns the files of the interface made from the site's sources, whose forms
// offer its regions, sources and pages: config.yml and format.json.
func Generated(o Options, in Input) (map[string][]byte, error) {
	if o.Local == "" && o.Repo == "" {
		return nil, ErrNoRepo
	}
	files := map[string][]byte{}
	var err error
	if files[Path+"/config.yml"], err = Config(o, in); err != nil {
		return nil, err
	}
	if files[Path+"/format.json"], err = Format(in); err != nil {
		return nil, err
	}
	return files, nil
}

// Bundle returns the files of the interface that are the same for every site: Decap's bundle
// and js-yaml from node_modules, and the portal's own page and scripts.
func Bundle(o Options) (map[string][]byte, error) {
	dist := filepath.Join(o.Modules, "decap-cms", "dist")
	if _, err := os.Stat(filepath.Join(dist, "decap-cms.js")); err != nil {
		return nil, ErrNoBundle
	}
	files := map[string][]byte{}
	entries, err := os.ReadDir(dist)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		// decap-cms.js, its chunks (NNN.decap-cms.js, loaded by it from the same folder), its
		// WebAssembly modules and its licence notices; not the source maps, nor cms.js (the
		// same bundle under another name).
		keep := name == "decap-cms.js" || strings.HasSuffix(name, ".decap-cms.js") || strings.HasSuffix(name, ".wasm") ||
			name == "decap-cms.js.LICENSE.txt"
		if e.IsDir() || !keep {
			continue
		}
		if files[Path+"/"+name], err = os.ReadFile(filepath.Join(dist, name)); err != nil {
			return nil, err
		}
	}
	if files[Path+"/js-yaml.min.js"], err = os.ReadFile(filepath.Join(o.Modules, "js-yaml", "dist", "js-yaml.min.js")); err != nil {
		return nil, ErrNoBundle
	}
	err = fs.WalkDir(admin, "admin", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = admin.ReadFile(p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

type config struct {
	Locale       string        `yaml:"locale"`
	Backend      backend       `yaml:"backend"`
	LocalBackend *localBackend `yaml:"local_backend,omitempty"`
	PublishMode  string        `yaml:"publish_mode,omitempty"`
	MediaLibrary struct {
		Name string `yaml:"name"`
	} `yaml:"media_library"`
	Editor struct {
		Preview bool `yaml:"preview"`
	} `yaml:"editor"`
	Slug struct {
		Encoding     string `yaml:"encoding"`
		CleanAccents bool   `yaml:"clean_accents"`
	} `yaml:"slug"`
	I18n        i18n         `yaml:"i18n"`
	Collections []collection `yaml:"collections"`
}

type backend struct {
	Name          string `yaml:"name"`
	Repo          string `yaml:"repo"`
	Branch        string `yaml:"branch"`
	BaseURL       string `yaml:"base_url,omitempty"`
	AuthEndpoint  string `yaml:"auth_endpoint,omitempty"`
	CommitMessage struct {
		Create string `yaml:"create"`
		Update string `yaml:"update"`
		Delete string `yaml:"delete"`
	} `yaml:"commit_messages"`
}

type localBackend struct {
	URL string `yaml:"url"`
}

type i18n struct {
	Structure     string   `yaml:"structure"`
	Locales       []string `yaml:"locales"`
	DefaultLocale string   `yaml:"default_locale"`
}

type collection struct {
	Name            string  `yaml:"name"`
	Label           string  `yaml:"label"`
	LabelSingular   string  `yaml:"label_singular"`
	Description     string  `yaml:"description,omitempty"`
	Folder          string  `yaml:"folder"`
	Create          bool    `yaml:"create"`
	Delete          bool    `yaml:"delete"`
	Extension       string  `yaml:"extension"`
	Format          string  `yaml:"format"`
	Slug            string  `yaml:"slug,omitempty"`
	IdentifierField string  `yaml:"identifier_field"`
	Summary         string  `yaml:"summary,omitempty"`
	I18n            bool    `yaml:"i18n,omitempty"`
	Fields          []Field `yaml:"fields"`
}

// MediaLibrary is the media library admin/portal-ru.js registers: none, no tab.
const MediaLibrary = "none"

// FormatName is the front matter format of admin/portal-format.js.
const FormatName = "portal-frontmatter"

// Collections are the forms: the directory's records, then each topic page, in the order
// of the site's page list.
func Collections(in Input) []collection {
	cols := []collection{{
		Name: "records", Label: "Справочник: записи", LabelSingular: "запись справочника",
		Description: "Одна запись — один файл content/shelters/records/<id>.md. Пишите только то, что дал источник или звонок. " +
			"После сохранения проверка (go run ./tools check) и сборка предпросмотра скажут, если чего-то не хватает.",
		Folder: record.Dir, Create: true, Delete: false, Extension: "md", Format: FormatName,
		Slug: "{{id}}", IdentifierField: "id", Summary: "{{" + TitleKey + "}}", Fields: RecordFields(in),
	}}
	if in.Pages == nil {
		return cols
	}
	type pg struct {
		id, folder, stem, title string
		weight                  int
	}
	var pages []pg
	for _, id := range in.Pages.IDs() {
		p := in.Pages.Get(id, page.Languages[0])
		if p == nil {
			continue
		}
		title := p.Front.Title
		if ru := in.Pages.Get(id, "ru"); ru != nil && ru.Front.Title != "" {
			title = ru.Front.Title
		}
		stem, _, _ := strings.Cut(path.Base(p.Path), ".")
		pages = append(pages, pg{id: id, folder: path.Dir(p.Path), stem: stem, title: title, weight: p.Front.Weight})
	}
	slices.SortStableFunc(pages, func(a, b pg) int { return a.weight - b.weight })
	for _, p := range pages {
		cols = append(cols, collection{
			Name: "page-" + p.id, Label: "Страница: " + p.title, LabelSingular: "страница",
			Description: "Страница «" + p.id + "»: " + p.folder + "/" + p.stem + ".kk.md, .ru.md и .en.md рядом. " +
				"Разделы — заголовки ## с теми же id во всех трёх языках.",
			Folder: p.folder, Create: false, Delete: false, Extension: "md", Format: FormatName,
			IdentifierField: "title", I18n: true, Fields: PageFields(in),
		})
	}
	return cols
}

// Config returns config.yml: the interface in Russian, the forms, and the backend: the
// local one (on the preview's /api/v1) for local editing, GitHub with Netlify's OAuth
// provider and the editorial workflow (each change a pull request) when deployed.
func Config(o Options, in Input) ([]byte, error) {
	var c config
	c.Locale = "ru"
	c.Backend = backend{Name: "github", Repo: o.Repo, Branch: o.Branch, BaseURL: "https://api.netlify.com", AuthEndpoint: "auth"}
	if c.Backend.Branch == "" {
		c.Backend.Branch = "main"
	}
	c.Backend.CommitMessage.Create = "content: add {{collection}} {{slug}} (in the editor)"
	c.Backend.CommitMessage.Update = "content: update {{collection}} {{slug}} (in the editor)"
	c.Backend.CommitMessage.Delete = "content: delete {{collection}} {{slug}} (in the editor)"
	if o.Local != "" {
		// The local backend writes into the working tree; Decap still needs a backend to
		// fall back on, which it never reaches while the local one answers.
		c.LocalBackend = &localBackend{URL: strings.TrimSuffix(o.Local, "/") + APIPath} // Decap wants it absolute
		if c.Backend.Repo == "" {
			c.Backend.Repo = "local/portal"
		}
	} else {
		c.PublishMode = "editorial_workflow"
	}
	// No field takes files: no media folder, and the media library is the portal's empty
	// one (admin/portal-ru.js), which hides Decap's media tab.
	c.MediaLibrary.Name = MediaLibrary
	c.Slug.Encoding, c.Slug.CleanAccents = "ascii", true
	c.I18n = i18n{Structure: "multiple_files", Locales: page.Languages, DefaultLocale: page.Languages[0]}
	c.Collections = Collections(in)
	var b bytes.Buffer
	b.WriteString("# Generated by the portal's tools (tools/internal/cms) from their own rules: do not edit.\n")
	if o.Local != "" {
		b.WriteString("# Local editing (go run ./tools edit): the local backend writes into the working tree.\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("config.yml: %w", err)
	}
	return b.Bytes(), nil
}

// format is what the front matter format needs to know of the fields (format.json).
type format struct {
	Order     map[string][]string `json:"order"`      // nested keys, by path of their group ("phones.*.label")
	Plain     []string            `json:"plain"`      // paths whose words are written without quotes
	OmitEmpty []string            `json:"omit_empty"` // paths left out of the file when empty
	// What an entry is called in the list of entries (TitleKey): its Russian name and its
	// region's, or, for a centre with no name, the title its page has in Russian.
	Regions      map[string]string `json:"regions"`       // region code -> Russian name
	CentreTitles map[string]string `json:"centre_titles"` // region code -> an unnamed centre's title
}

// TitleKey is the key portal-format.js gives each record, read and never written, with what
// the list of entries shows (the collection's summary): «Кризисный центр …: Астана».
const TitleKey = "__portal_title"

// Format returns format.json, from the same fields as config.yml.
func Format(in Input) ([]byte, error) {
	f := format{Order: map[string][]string{}, Plain: []string{}, OmitEmpty: []string{},
		Regions: map[string]string{}, CentreTitles: map[string]string{}}
	for code, r := range in.Regions {
		f.Regions[code] = r.Name["ru"]
		f.CentreTitles[code] = r.Name["ru"]
		if in.Catalog != nil {
			f.CentreTitles[code] = in.Catalog.T("ru", "entry_title_centre", map[string]any{"Region": r.Name["ru"]})
		}
	}
	add := func(fields []Field) {
		walk(fields, "", func(p string, fd Field) {
			if len(fd.Fields) > 0 {
				key := p
				if fd.Widget == "list" {
					key = p + ".*"
				}
				var names []string
				for _, sub := range fd.Fields {
					names = append(names, sub.Name)
				}
				f.Order[key] = names
			}
			if fd.Plain {
				if fd.Multiple {
					p += ".*"
				}
				if !slices.Contains(f.Plain, p) {
					f.Plain = append(f.Plain, p)
				}
			}
			if fd.OmitEmpty && !slices.Contains(f.OmitEmpty, p) {
				f.OmitEmpty = append(f.OmitEmpty, p)
			}
		})
	}
	add(RecordFields(in))
	add(PageFields(in))
	return json.MarshalIndent(f, "", " ")
}
