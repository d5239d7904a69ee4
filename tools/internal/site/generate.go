package site

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"kzportal.example/portal/tools/internal/directory"
	"kzportal.example/portal/tools/internal/page"
)

// GenDir holds what the pipeline generates for Hugo; config.toml mounts its data/ folder
// beside the hand-written one, and its assets/ folder, where the directory's entries are
// (EntryFile). The open-data files are written straight into the site being built
// (writeOpenData): copying thousands of vCards would cost as much again.
const GenDir = WorkDir + "/gen"

// EntryFile is where, under GenDir, the directory's entries of one file (directory.FileOf: a
// region, or the national lines) are written for the templates (partial "entry.html"): a
// changed asset makes stale only the pages that read it, so serve shows an edited record
// without Hugo running the content adapter and reading all data again, as it does after any
// change of a data file.
func EntryFile(name string) string { return entryDir + "/" + name + ".json" }

// entryDir holds the entries' files, under GenDir: assets/, which config.toml mounts.
const entryDir = "assets/entries"

// generate writes the data Hugo's templates and content adapters read, replacing what an
// earlier build generated, and returns the directory the open data are made from.
func generate(o Options, src *Sources, stamp Stamp) (*directory.Data, error) {
	d := directory.Build(src.Records, src.Regions, src.Sources, o.Now, src.Catalog.T)
	files, err := hugoData(o, src, stamp.ID, d)
	if err != nil {
		return nil, err
	}
	return d, WriteGenerated(o.Root, files)
}

// writeOpenData writes the open-data files into the site built in dir.
func writeOpenData(d *directory.Data, dir string) error {
	files, err := openData(d)
	if err != nil {
		return err
	}
	return writeStatic(dir, files)
}

// writeStatic writes files, named by their path under static/, into the site built in dir.
func writeStatic(dir string, files map[string][]byte) error { return writeFiles(dir, files, "static/") }

// writeFiles writes files, named by slash paths, into dir, without the prefix trim; a few at
// a time: the file system takes longer to make a file than to write it.
func writeFiles(dir string, files map[string][]byte, trim string) error {
	names := make(chan string)
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			var first error
			for name := range names {
				if err := writeFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(name, trim))), files[name]); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		})
	}
	for name := range files {
		names <- name
	}
	close(names)
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// writers is how many files are written at once.
const writers = 8

// Generated returns, in memory, the files the build generates from checked sources: under
// data/ those for Hugo's content adapters (shelters, pages, build), under static/ the
// open-data files (HSDS JSON, CSV and a vCard per shelter in each language).
func Generated(o Options, src *Sources) (map[string][]byte, error) {
	o.defaults()
	id, err := BuildID(o.Root)
	if err != nil {
		return nil, err
	}
	return generated(o, src, id)
}

func generated(o Options, src *Sources, id string) (map[string][]byte, error) {
	d := directory.Build(src.Records, src.Regions, src.Sources, o.Now, src.Catalog.T)
	files, err := hugoData(o, src, id, d)
	if err != nil {
		return nil, err
	}
	open, err := openData(d)
	if err != nil {
		return nil, err
	}
	maps.Copy(files, open)
	return files, nil
}

// hugoData are the generated files Hugo's templates and content adapters read, under data/.
func hugoData(o Options, src *Sources, id string, d *directory.Data) (map[string][]byte, error) {
	files, err := pageData(o, src, id)
	if err != nil {
		return nil, err
	}
	dir, err := directoryData(d)
	maps.Copy(files, dir)
	return files, err
}

// directoryData are data/shelters.json, what the directory's content adapter ranges over
// and its lists look up, and the entries' files (EntryFile).
func directoryData(d *directory.Data) (map[string][]byte, error) {
	index, entries, err := d.JSON()
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"data/shelters.json": index}
	for name, b := range entries {
		files[EntryFile(name)] = b
	}
	return files, nil
}

// isDirectoryData reports whether the generated file rel is one of directoryData's.
func isDirectoryData(rel string) bool {
	return rel == "data/shelters.json" || strings.HasPrefix(rel, entryDir+"/")
}

// pageData are the generated data files about the topic pages, and the build's own.
func pageData(o Options, src *Sources, id string) (map[string][]byte, error) {
	files := map[string][]byte{}
	var err error
	if files["data/build.json"], err = json.Marshal(map[string]any{
		"id": id, "as_of": o.Now.Format("2006-01-02"), "pdf": o.PDF}); err != nil {
		return nil, err
	}
	if files["data/pages.json"], err = json.Marshal(pageIndex(src.Pages)); err != nil {
		return nil, err
	}
	if files["data/citations.json"], err = json.Marshal(page.Citations(src.Pages)); err != nil {
		return nil, err
	}
	// Each stale translation, with the day its original changed, for the notice it shows.
	stale := map[string]map[string]string{}
	for _, s := range page.StaleTranslations(src.Pages) {
		stale[s.ID+"/"+s.Lang] = map[string]string{"changed": o.changedOn(s.Original)}
	}
	if files["data/translations.json"], err = json.Marshal(stale); err != nil {
		return nil, err
	}
	return files, nil
}

// openData are the directory's open-data files, under static/: HSDS JSON, CSV and a vCard
// per entry with a phone, in each language. The languages are made side by side.
func openData(d *directory.Data) (map[string][]byte, error) {
	langs := make([]map[string][]byte, len(page.Languages))
	errs := make([]error, len(page.Languages))
	var wg sync.WaitGroup
	for i, l := range page.Languages {
		wg.Go(func() { langs[i], errs[i] = openDataIn(d, l) })
	}
	wg.Wait()
	files := map[string][]byte{}
	for _, f := range langs {
		maps.Copy(files, f)
	}
	return files, errors.Join(errs...)
}

func openDataIn(d *directory.Data, l string) (map[string][]byte, error) {
	files := map[string][]byte{}
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
	for id, e := range d.Entries {
		if e.VCard {
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
	return writeFiles(gen, files, "")
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
