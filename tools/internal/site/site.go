// Package site runs the portal's pipeline: load and validate the sources, build with Hugo
// (in-process) into a temporary folder, check the output, and only then swap it into
// public/. A failed or interrupted build leaves the previous public/ as it was.
package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/directory"
	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/input"
	"kzportal.example/portal/tools/internal/message"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/source"
)

// WorkDir is the one ignored folder for everything the tools generate besides public/.
const WorkDir = ".build"

// Options configure a build.
type Options struct {
	Root    string    // the site root: config.toml, content/, themes/, i18n/
	Out     string    // where the site is published; default Root/public
	BaseURL string    // overrides config.toml's baseURL when set
	Log     io.Writer // Hugo's own output; default io.Discard

	// TemplateMetrics makes Hugo time every template and print the table to Log
	// (--templateMetrics --templateMetricsHints).
	TemplateMetrics bool

	// Progress, when set, is told each step as it starts: check, generate, hugo, opendata,
	// pdf, audit, publish.
	Progress func(step string)
	// Audited, when set, is given the audit of the built pages before their checks run
	// (benchmarks list the pages over the budget even when the build then stops).
	Audited func(*audit.Site)

	Production bool      // refuse samples, entries past their age limits and a placeholder base URL
	Strict     bool      // stale translations are errors, not warnings
	PDF        bool      // also print every print edition to PDF with Chromium
	Chromium   string    // the browser for PDFs; found on PATH when empty
	Now        time.Time // today, for freshness; default time.Now()
	Ages       Ages      // freshness limits of directory entries; zero fields take the defaults

	// CMS, when set, also publishes the editing interface at /admin/ (package cms); the
	// build fails without its bundle or, deployed, a repository.
	CMS *cms.Options

	// Cache, when set, keeps what Check parsed, so that checking again parses only the
	// files that changed (serve checks on every edit).
	Cache *Cache
}

// A Cache keeps each source file's parse between checks of the same site.
type Cache struct {
	records front.Memo[*record.Record]
	pages   front.Memo[*page.Page]

	mu   sync.Mutex
	days map[string]string // changedOn, by file, size and modification time
}

func (c *Cache) recordMemo() *front.Memo[*record.Record] {
	if c == nil {
		return nil
	}
	return &c.records
}

func (c *Cache) pageMemo() *front.Memo[*page.Page] {
	if c == nil {
		return nil
	}
	return &c.pages
}

// Ages are the freshness limits of directory entries (see record.Ages).
type Ages = record.Ages

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
	o.Ages = o.Ages.WithDefaults()
	if o.CMS != nil && o.CMS.Modules == "" {
		c := *o.CMS
		c.Modules = cms.ModulesDir(o.Root)
		o.CMS = &c
	}
}

// Sources is everything the validation read.
type Sources struct {
	Pages   *page.Set
	Catalog *message.Catalog
	Records []*record.Record
	Regions map[string]record.Region
	Sources source.Set
}

// Check loads and validates the sources without building. Warnings (entries not checked
// lately, stale translations) are among the problems but do not stop a build.
func Check(o Options) (*Sources, problem.List, error) {
	o.defaults()
	root := o.Root
	probs := checkHugoVersion(root, HugoVersion)
	sources, ps := source.Load(root)
	probs = append(probs, ps...)

	if _, ps, err := input.YAMLFile(root, record.RegionsFile); len(ps.Errors()) > 0 {
		return nil, append(probs, ps...).Sort(), nil // every check needs the regions
	} else if err != nil {
		return nil, nil, err
	}
	regions, err := record.LoadRegions(root)
	if err != nil {
		return nil, nil, err
	}
	recs, ps := record.LoadCached(root, o.Cache.recordMemo())
	probs = append(probs, ps...)

	set, ps := page.LoadCached(root, o.Cache.pageMemo(), "shelters/records")
	probs = append(probs, ps...)
	probs = append(probs, page.Check(set, page.Options{Sources: sources, Strict: o.Strict, Paths: directoryPaths(regions, recs)})...)
	probs = append(probs, page.CheckChanges(root, set)...)

	probs = append(probs, record.Check(recs, regions, record.Options{Now: o.Now, Ages: o.Ages,
		Production: o.Production, Sources: sources})...)

	cat, ps := message.Load(root, page.AllLanguages())
	probs = append(probs, ps...)
	derived := map[string]string{}
	for _, k := range directory.Keys() {
		derived[k] = "themes/portal/layouts/_partials (directory values)"
	}
	used, err := message.Used(root, derived)
	if err != nil {
		return nil, nil, fmt.Errorf("reading templates: %w", err)
	}
	probs = append(probs, cat.Check(used)...)
	probs = append(probs, checkStatic(root)...)
	return &Sources{Pages: set, Catalog: cat, Records: recs, Regions: regions, Sources: sources}, probs.Sort(), nil
}

// directoryPaths are the directory's pages a topic page may link to: the list of each
// region (/shelters/regions/kz-35/) and each entry (/shelters/line-111/).
func directoryPaths(regions map[string]record.Region, recs []*record.Record) map[string]bool {
	paths := map[string]bool{"shelters/regions": true}
	for code := range regions {
		paths["shelters/regions/"+directory.Slug(code)] = true
	}
	for _, r := range recs {
		paths["shelters/"+r.ID] = true
	}
	return paths
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
