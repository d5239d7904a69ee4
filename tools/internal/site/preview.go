package site

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/common/types"
	"github.com/gohugoio/hugo/hugolib"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/directory"
	"kzportal.example/portal/tools/internal/front"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/record"
)

// PreviewID stands for the build id in a preview: the id names the sources of a published
// site, and a preview is not one (nor would its print editions be handed out).
const PreviewID = "preview"

// A Preview is the site as serve shows it, in a folder of its own (Options.Out). It is built
// in full once; after that each change is checked (parsing only the files that changed,
// then every check across files), only the generated files whose bytes change are
// written, and one Hugo site kept in watch mode re-renders what depends on what changed,
// in fast render mode: at once the pages recently served, the others when next asked for
// (Page). A change whose checks fail leaves the folder as it was.
type Preview struct {
	o Options

	lock    sync.RWMutex // held to write while Hugo builds, to read while a page is sent
	hs      *hugoSite
	touched *types.EvictingQueue[string] // pages served lately: fast render renders these at once
	failed  error                        // Hugo's error in the last build, if it failed

	gen      map[string][]byte // generated files as last written, by slash path under GenDir
	dir      *directory.Data   // the directory data last generated
	dirCache *directory.Cache  // what making it again can reuse
	admin    map[string][]byte // the editing interface's files (Options.CMS), under static/; nil until read

	// After an edit the open data are written while the edited page is already shown
	// (openDataLater); the next Update, and Close, wait for them first.
	opening sync.WaitGroup
	openErr error // what writing them last failed with, reported by the next Update
}

// NewPreview returns the preview of the site at o.Root, built into o.Out by Update.
func NewPreview(o Options) *Preview {
	o.defaults()
	o.Cache = &Cache{}
	return &Preview{o: o, touched: types.NewEvictingQueue[string](20), gen: map[string][]byte{}}
}

// maxEvents is how many changes at once are taken one by one; more (a branch checked out,
// a folder copied in) rebuild the site in full, as Hugo's server does.
const maxEvents = 50

// Update brings the preview up to date with the sources after the changes a watcher saw
// (absolute paths); with none, it builds in full. It returns the problems found: when
// errors are among them the folder keeps the last good build.
func (p *Preview) Update(events []fsnotify.Event) (problem.List, error) {
	p.opening.Wait()
	if err := p.openErr; err != nil {
		p.openErr = nil
		return nil, fmt.Errorf("writing the open data: %w", err)
	}
	changed := p.relPaths(events)
	src, probs, err := Check(p.o)
	if err != nil || len(probs.Errors()) > 0 {
		return probs, err
	}
	adminChanged, aprobs := p.adminFiles(src)
	if probs = append(probs, aprobs...); len(probs.Errors()) > 0 {
		return probs, nil
	}
	full := p.hs == nil || len(events) == 0 || len(events) > maxEvents || slices.Contains(changed, "config.toml")
	dirChanged := p.dir == nil || full || slices.ContainsFunc(changed, func(rel string) bool {
		return under(rel, record.Dir, "data", "i18n")
	})
	if dirChanged {
		if p.dirCache == nil || full || slices.ContainsFunc(changed, func(rel string) bool { return under(rel, "data", "i18n") }) {
			p.dirCache = &directory.Cache{} // made from regions and sources
		}
		p.dir = directory.BuildCached(p.dirCache, src.Records, src.Regions, src.Sources, p.o.Now, src.Catalog.T)
	}
	if full {
		// What an earlier build or preview generated goes: Hugo reads the whole folder.
		if err := os.RemoveAll(filepath.Join(p.o.Root, filepath.FromSlash(GenDir))); err != nil {
			return nil, err
		}
		clear(p.gen)
	}
	files, err := p.data(src, dirChanged)
	if err != nil {
		return nil, fmt.Errorf("generating: %w", err)
	}
	genEvents, err := p.write(files, "data/", "assets/")
	if err != nil {
		return nil, err
	}
	var hprobs problem.List
	if full {
		hprobs, err = p.rebuild()
	} else {
		hprobs, err = p.incremental(append(p.hugoEvents(events, changed), genEvents...))
		if err == nil && (dirChanged || adminChanged) && len(hprobs.Errors()) == 0 {
			p.openDataLater()
		}
	}
	if err != nil {
		return nil, err
	}
	return append(probs, hprobs...).Sort(), nil
}

// data returns the generated files Hugo reads: the directory's only when it changed.
func (p *Preview) data(src *Sources, dirChanged bool) (map[string][]byte, error) {
	files, err := pageData(p.o, src, PreviewID)
	if err != nil {
		return nil, err
	}
	if dirChanged {
		dir, err := directoryData(p.dir)
		if err != nil {
			return nil, err
		}
		maps.Copy(files, dir)
		return files, nil
	}
	for rel, b := range p.gen {
		if isDirectoryData(rel) {
			files[rel] = b
		}
	}
	return files, nil
}

// adminFiles makes the editing interface's files again when the preview has one (edit),
// and reports whether they changed: its forms offer the regions, sources and pages. Its
// bundle (6.6 MB from node_modules) is read once: nothing the preview watches changes it.
func (p *Preview) adminFiles(src *Sources) (bool, problem.List) {
	if p.o.CMS == nil {
		return false, nil
	}
	gen, err := cms.Generated(*p.o.CMS, cmsInput(src))
	if err == nil && p.admin == nil {
		var bundle map[string][]byte
		if bundle, err = cms.Bundle(*p.o.CMS); err == nil {
			p.admin = underStatic(bundle)
		}
	}
	if err != nil {
		return false, adminProblem(err)
	}
	changed := false
	for name, b := range underStatic(gen) {
		if old, ok := p.admin[name]; !ok || !bytes.Equal(old, b) {
			p.admin[name], changed = b, true
		}
	}
	return changed, nil
}

// openDataLater writes the open data (openData) in the background: at 1,000 shelters
// making them takes about as long as Hugo takes to show the edit, and the page being edited
// does not wait on the downloads.
func (p *Preview) openDataLater() {
	p.opening.Go(func() { p.openErr = p.openData() })
}

// openData writes the open-data files, and the editing interface's, whose bytes changed
// into the preview's folder.
func (p *Preview) openData() error {
	files, err := openData(p.dir)
	if err != nil {
		return err
	}
	maps.Copy(files, p.admin)
	_, err = p.write(files, "static/")
	return err
}

// write writes the files whose bytes changed, removes those under the prefixes (data/ and
// assets/, or static/) no longer generated, and returns the events Hugo needs to hear of.
// Data and assets go into GenDir, where Hugo reads them; static files (the open data)
// straight into the preview's folder, as in a build. Each file is replaced by a rename,
// never rewritten in place.
func (p *Preview) write(files map[string][]byte, prefixes ...string) ([]fsnotify.Event, error) {
	var events []fsnotify.Event
	change := func(rel string, op fsnotify.Op, b []byte) error {
		target := filepath.Join(p.o.Root, filepath.FromSlash(GenDir), filepath.FromSlash(rel))
		static, isStatic := strings.CutPrefix(rel, "static/")
		if isStatic {
			target = filepath.Join(p.o.Out, filepath.FromSlash(static))
		}
		var err error
		if op == fsnotify.Remove {
			err = os.Remove(target)
		} else {
			err = replaceFile(target, b)
		}
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		if !isStatic {
			events = append(events, fsnotify.Event{Name: target, Op: op})
		}
		return nil
	}
	for rel, b := range files {
		old, had := p.gen[rel]
		if had && bytes.Equal(old, b) {
			continue
		}
		op := fsnotify.Write
		if !had {
			op = fsnotify.Create
		}
		if err := change(rel, op, b); err != nil {
			return nil, err
		}
		p.gen[rel] = b
	}
	for rel := range p.gen {
		if _, ok := files[rel]; !ok && slices.ContainsFunc(prefixes, func(pre string) bool { return strings.HasPrefix(rel, pre) }) {
			if err := change(rel, fsnotify.Remove, nil); err != nil {
				return nil, err
			}
			delete(p.gen, rel)
		}
	}
	return events, nil
}

// replaceFile writes b to a new file beside p, then renames it to p.
func replaceFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".new"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// rebuild starts Hugo afresh and builds the whole site into the preview's folder.
func (p *Preview) rebuild() (problem.List, error) {
	p.lock.Lock()
	defer p.lock.Unlock()
	if p.hs != nil {
		p.hs.close()
		p.hs = nil
	}
	if err := os.RemoveAll(p.o.Out); err != nil {
		return nil, err
	}
	for rel := range p.gen {
		if strings.HasPrefix(rel, "static/") {
			delete(p.gen, rel) // removed with the folder
		}
	}
	hs, probs := newHugo(hugoConfig{Root: p.o.Root, Dest: p.o.Out, BaseURL: p.o.BaseURL, Log: p.o.Log, Watch: true})
	if hs == nil {
		return probs, nil
	}
	built, err := hs.build(hugolib.BuildCfg{})
	probs = append(probs, built...)
	if err == nil {
		err = hs.copyStatic()
	}
	if err == nil {
		err = p.openData()
	}
	if err != nil {
		hs.close() // the next change starts again
		if len(probs) == 0 {
			return nil, err
		}
		return probs, nil
	}
	p.hs, p.failed = hs, nil
	return probs, nil
}

// incremental lets Hugo rebuild what the events change.
func (p *Preview) incremental(events []fsnotify.Event) (problem.List, error) {
	p.lock.Lock()
	defer p.lock.Unlock()
	if p.failed != nil {
		// As Hugo's server does: the files the last error named are built again too.
		for _, fe := range herrors.UnwrapFileErrorsWithErrorContext(p.failed) {
			events = append(events, fsnotify.Event{Name: fe.Position().Filename, Op: fsnotify.Write})
		}
	}
	if len(events) == 0 && p.failed == nil {
		return nil, nil
	}
	probs, err := p.hs.build(hugolib.BuildCfg{RecentlyTouched: p.touched, ErrRecovery: p.failed != nil}, events...)
	p.failed = err
	return probs, nil
}

// hugoEvents are the watcher's events Hugo must hear of: not the shelter records (the tools
// read them; Hugo reads what is generated from them), nor files editors and systems leave
// behind, nor what Hugo does not read.
func (p *Preview) hugoEvents(events []fsnotify.Event, rel []string) []fsnotify.Event {
	var out []fsnotify.Event
	for i, ev := range events {
		switch {
		case ev.Op == fsnotify.Chmod, front.Skipped(path.Base(rel[i])), under(rel[i], record.Dir, WorkDir, "public", "tools"),
			strings.HasPrefix(rel[i], "../"),
			!strings.Contains(rel[i], "/"): // config.toml rebuilds in full; netlify.toml and go.mod are not Hugo's
			continue
		case p.hs.h.ShouldSkipFileChangeEvent(ev), p.hs.h.Deps.SourceSpec.IgnoreFile(ev.Name):
			continue
		}
		out = append(out, ev)
	}
	return out
}

// relPaths returns the slash paths of the events' files relative to the site root.
func (p *Preview) relPaths(events []fsnotify.Event) []string {
	rel := make([]string, len(events))
	for i, ev := range events {
		r, err := filepath.Rel(p.o.Root, ev.Name)
		if err != nil {
			r = ev.Name
		}
		rel[i] = filepath.ToSlash(r)
	}
	return rel
}

// under reports whether the slash path rel is one of the folders or inside one.
func under(rel string, folders ...string) bool {
	for _, f := range folders {
		if rel == f || strings.HasPrefix(rel, f+"/") {
			return true
		}
	}
	return false
}

// Page is called before the preview's page at path (/kk/rights/) is read to be sent, and
// returns what to call once it is sent. A page the last build left stale is rendered now
// (Hugo's fast render mode), and no build writes pages while one is read.
func (p *Preview) Page(pagePath string) (done func()) {
	pagePath = strings.TrimSuffix(pagePath, "index.html")
	p.lock.Lock()
	if p.hs != nil && p.failed == nil && !p.touched.Contains(pagePath) {
		one := types.NewEvictingQueue[string](1)
		one.Add(pagePath)
		if probs, err := p.hs.build(hugolib.BuildCfg{RecentlyTouched: one, PartialReRender: true}); err != nil {
			fmt.Fprintf(p.o.Log, "preview: rendering %s: %v\n", pagePath, probs)
		}
	}
	p.touched.Add(pagePath)
	p.lock.Unlock()
	p.lock.RLock()
	return p.lock.RUnlock
}

// Close waits for the open data being written and releases the Hugo site.
func (p *Preview) Close() {
	p.opening.Wait()
	p.lock.Lock()
	defer p.lock.Unlock()
	if p.hs != nil {
		p.hs.close()
		p.hs = nil
	}
}
