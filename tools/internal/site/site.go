// Package site runs the portal's pipeline: load and validate the sources, build with Hugo
// (in-process) into a temporary folder, check the output, and only then swap it into
// public/. A failed or interrupted build leaves the previous public/ as it was.
package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gohugoio/hugo/commands"
	"github.com/gohugoio/hugo/common/herrors"
	"go.yaml.in/yaml/v3"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/directory"
	"kzportal.example/portal/tools/internal/message"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/pdf"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/shelter"
)

// WorkDir is the one ignored folder for everything the tools generate besides public/.
const WorkDir = ".build"

// Options configure a build.
type Options struct {
	Root    string    // the site root: config.toml, content/, themes/, i18n/
	Out     string    // where the site is published; default Root/public
	BaseURL string    // overrides config.toml's baseURL when set
	Log     io.Writer // Hugo's own output; default io.Discard

	Production bool          // refuse sample shelters and shelters past HardLimit
	PDF        bool          // also print every print edition to PDF with Chromium
	Chromium   string        // the browser for PDFs; found on PATH when empty
	Now        time.Time     // today, for freshness; default time.Now()
	StaleAfter time.Duration // shelters verified longer ago are listed as warnings; default 180 days
	HardLimit  time.Duration // production refuses shelters verified longer ago; default 365 days
}

func (o *Options) defaults() {
	if abs, err := filepath.Abs(o.Root); err == nil {
		o.Root = abs // Hugo wants absolute folders
	}
	if o.Out == "" {
		o.Out = filepath.Join(o.Root, "public")
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.StaleAfter == 0 {
		o.StaleAfter = 180 * 24 * time.Hour
	}
	if o.HardLimit == 0 {
		o.HardLimit = 365 * 24 * time.Hour
	}
}

// Sources is everything the validation read.
type Sources struct {
	Pages    *page.Set
	Catalog  *message.Catalog
	Shelters []*shelter.Shelter
	Regions  map[string]shelter.Region
}

// Check loads and validates the sources without building. Warnings (such as shelters not
// verified lately) are among the problems but do not stop a build.
func Check(o Options) (*Sources, problem.List, error) {
	o.defaults()
	root := o.Root
	probs := checkHugoVersion(root, HugoVersion)
	sources, ps, err := loadSources(root)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, ps...)

	set, ps := page.Load(root, "shelters/records")
	probs = append(probs, ps...)
	probs = append(probs, page.Check(set, sources)...)
	probs = append(probs, page.CheckChanges(root, set)...)

	regions, err := shelter.LoadRegions(root)
	if err != nil {
		return nil, nil, err
	}
	shelters, ps := shelter.Load(root)
	probs = append(probs, ps...)
	probs = append(probs, shelter.Check(shelters, regions, shelter.Options{Now: o.Now,
		StaleAfter: o.StaleAfter, HardLimit: o.HardLimit, Production: o.Production})...)

	cat, ps := message.Load(root, page.Languages)
	probs = append(probs, ps...)
	derived := map[string]string{}
	for _, k := range directory.Keys() {
		derived[k] = "themes/portal/layouts/_partials (shelter values)"
	}
	used, err := message.Used(root, derived)
	if err != nil {
		return nil, nil, fmt.Errorf("reading templates: %w", err)
	}
	probs = append(probs, cat.Check(used)...)
	return &Sources{Pages: set, Catalog: cat, Shelters: shelters, Regions: regions}, probs.Sort(), nil
}

// loadSources reads data/sources.yaml, the sources pages may cite.
func loadSources(root string) (map[string]bool, problem.List, error) {
	const rel = "data/sources.yaml"
	var probs problem.List
	src, err := os.ReadFile(filepath.Join(root, rel))
	if errors.Is(err, os.ErrNotExist) {
		probs.Add(rel, 0, 0, "list the sources pages cite, one key each with title: and url:", "file is missing")
		return nil, probs, nil
	} else if err != nil {
		return nil, nil, err
	}
	var entries map[string]struct {
		Title string `yaml:"title"`
		URL   string `yaml:"url"`
	}
	if err := yaml.Unmarshal(src, &entries); err != nil {
		probs.Add(rel, 0, 0, "each source is key: then title: and url: indented below it", "not valid: %v", err)
		return nil, probs, nil
	}
	keys := map[string]bool{}
	for k, e := range entries {
		if strings.TrimSpace(e.Title) == "" {
			probs.Add(rel, 0, 0, "give every source a title", "source %q has no title", k)
		}
		keys[k] = true
	}
	return keys, probs, nil
}

// Build runs the whole pipeline. It returns the problems found (warnings only when the
// site was published) or an error when the pipeline itself failed.
func Build(o Options) (problem.List, error) {
	o.defaults()
	src, probs, err := Check(o)
	if err != nil || len(probs.Errors()) > 0 {
		return probs, err
	}
	warnings := probs
	var chromium string
	if o.PDF {
		if chromium, err = pdf.FindChromium(o.Chromium); err != nil {
			var probs problem.List
			probs.Add("print", 0, 0, "", "%v", err)
			return probs, nil
		}
	}
	if err := generate(o, src); err != nil {
		return nil, fmt.Errorf("generating: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(o.Out), "."+filepath.Base(o.Out)+"-new-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // after a successful swap this holds the previous site

	if probs := runHugo(o, tmp); len(probs) > 0 {
		return probs, nil
	}
	if o.PDF {
		jobs, err := pdf.Jobs(tmp)
		if err != nil {
			return nil, err
		}
		if err := pdf.Render(tmp, chromium, jobs); err != nil {
			var probs problem.List
			probs.Add("print", 0, 0, "", "printing to PDF: %v", err)
			return probs, nil
		}
	}
	built, err := audit.Read(tmp, baseURL(o))
	if err != nil {
		return nil, fmt.Errorf("reading the built site: %w", err)
	}
	if probs := built.Check(filepath.Base(o.Out) + "/").Sort(); len(probs) > 0 {
		return probs, nil
	}
	return warnings, swap(tmp, o.Out)
}

// GenDir holds what the pipeline generates for Hugo; config.toml mounts its data/ and
// static/ folders beside the hand-written ones.
const GenDir = WorkDir + "/gen"

// generate writes the shelter data for Hugo's content adapters and the open-data files,
// replacing what an earlier build generated.
func generate(o Options, src *Sources) error {
	files, err := Generated(o, src)
	if err != nil {
		return err
	}
	return WriteGenerated(o.Root, files)
}

// Generated returns, in memory, the files the build generates under GenDir from checked
// sources: the data for Hugo's content adapters (shelters, pages, build) and the open-data
// files (HSDS JSON, CSV and a vCard per shelter in each language).
func Generated(o Options, src *Sources) (map[string][]byte, error) {
	o.defaults()
	d := directory.Build(src.Shelters, src.Regions, o.Now)
	files := map[string][]byte{}
	data, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	files["data/shelters.json"] = data
	id, err := BuildID(o.Root)
	if err != nil {
		return nil, err
	}
	if files["data/build.json"], err = json.Marshal(map[string]any{
		"id": id, "as_of": o.Now.Format("2006-01-02"), "pdf": o.PDF}); err != nil {
		return nil, err
	}
	if files["data/pages.json"], err = json.Marshal(pageIndex(src.Pages)); err != nil {
		return nil, err
	}
	for _, l := range page.Languages {
		hsds, err := d.HSDS(l)
		if err != nil {
			return nil, err
		}
		files["static/"+l+"/shelters/hsds.json"] = hsds
		csv, err := d.CSV(l)
		if err != nil {
			return nil, err
		}
		files["static/"+l+"/shelters/shelters.csv"] = csv
		for _, id := range d.Order {
			files["static/"+l+"/shelters/"+id+"/contact.vcf"] = d.VCard(id, l)
		}
	}
	return files, nil
}

// WriteGenerated replaces root's GenDir with files.
func WriteGenerated(root string, files map[string][]byte) error {
	gen := filepath.Join(root, filepath.FromSlash(GenDir))
	if err := os.RemoveAll(gen); err != nil {
		return err
	}
	for name, b := range files {
		p := filepath.Join(gen, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func baseURL(o Options) string {
	if o.BaseURL != "" {
		return o.BaseURL
	}
	var cfg struct {
		BaseURL string `toml:"baseURL"`
	}
	if src, err := os.ReadFile(filepath.Join(o.Root, "config.toml")); err == nil {
		_ = decodeTOML(src, &cfg)
	}
	return cfg.BaseURL
}

// runHugo builds the site into dest with Hugo's own command, in this process. Its errors,
// and its warnings (a missing translation, a missing layout, two pages at one path), are
// problems: the build must not publish a site Hugo had doubts about.
func runHugo(o Options, dest string) problem.List {
	args := []string{"build", "--source", o.Root, "--destination", dest,
		"--cacheDir", filepath.Join(o.Root, WorkDir, "cache"),
		"--printI18nWarnings", "--printPathWarnings", "--logLevel", "warn", "--noBuildLock"}
	if o.BaseURL != "" {
		args = append(args, "--baseURL", o.BaseURL)
	}
	restore := captureOutput(o.Log)
	err := commands.Execute(args)
	log := restore()
	if err != nil {
		return append(hugoProblems(err), warnings(log)...)
	}
	return warnings(log)
}

// hugoProblems turns Hugo's errors into problems; Hugo already names file and line.
func hugoProblems(err error) problem.List {
	var probs problem.List
	for _, e := range herrors.Errors(err) {
		probs.Add("hugo", 0, 0, "", "%v", e)
	}
	if len(probs) == 0 {
		probs.Add("hugo", 0, 0, "", "%v", err)
	}
	return probs
}

// A pageEntry lists a topic page and its section ids, for the short links (/go/<id>/) and
// the partners page.
type pageEntry struct {
	ID       string   `json:"id"`
	Path     string   `json:"path"` // for site.GetPage: / for home, /<id> otherwise
	Sections []string `json:"sections"`
	Weight   int      `json:"weight"`
}

func pageIndex(set *page.Set) []pageEntry {
	var out []pageEntry
	for _, id := range set.IDs() {
		pg := set.Get(id, page.Languages[0])
		if pg == nil {
			continue
		}
		e := pageEntry{ID: id, Path: "/" + id, Weight: pg.Front.Weight, Sections: []string{}}
		if id == "home" {
			e.Path = "/"
		}
		for _, s := range pg.Sections {
			e.Sections = append(e.Sections, s.ID)
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b pageEntry) int { return a.Weight - b.Weight })
	return out
}

// BuildID names the sources a site was built from: the first 10 hex digits of a hash over
// every source file's path and content. Print editions carry it, so a sheet found at an
// event can be matched to the data it was printed from.
func BuildID(root string) (string, error) {
	h := sha256.New()
	for _, name := range SourceFiles {
		err := filepath.WalkDir(filepath.Join(root, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:10], nil
}

// SourceFiles are the files and folders of the repository a build reads.
var SourceFiles = []string{"config.toml", "netlify.toml", "content", "themes", "i18n", "data"}

// CopySources copies the site sources of root into dst, for tests and benchmarks that must
// not build inside the checkout.
func CopySources(root, dst string) error {
	for _, name := range SourceFiles {
		err := filepath.WalkDir(filepath.Join(root, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			target := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
