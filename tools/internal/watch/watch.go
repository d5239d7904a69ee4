// Package watch reports the files that change under some folders of a site, in batches: a
// batch goes out once the changes pause for a moment, because editors save a file in
// several steps (write a copy, rename it, change its mode). It watches with the operating
// system's notifications (fsnotify), folder by folder, and starts watching the folders
// that are created.
package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// A Watcher watches the files and folders it was given under a root.
type Watcher struct {
	root  string
	names []string
	w     *fsnotify.Watcher
}

// New starts watching the named files and folders (relative to root, folders with every
// folder inside them). Names that do not exist are skipped.
func New(root string, names []string) (*Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	wt := &Watcher{root: root, names: names, w: w}
	// A file is watched through its folder: editors replace files rather than write them.
	if err := w.Add(root); err != nil {
		w.Close()
		return nil, err
	}
	for _, name := range names {
		p := filepath.Join(root, name)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			if err := wt.addTree(p, nil); err != nil {
				w.Close()
				return nil, err
			}
		}
	}
	return wt, nil
}

// addTree watches dir and every folder in it; with found set, it also reports the files it
// finds there (a folder created or moved in brings its files along unseen).
func (wt *Watcher) addTree(dir string, found func(string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone already
		}
		if d.IsDir() {
			return wt.w.Add(p)
		}
		if found != nil {
			found(p)
		}
		return nil
	})
}

// watched reports whether p is one of the names or inside one.
func (wt *Watcher) watched(p string) bool {
	rel, err := filepath.Rel(wt.root, p)
	if err != nil {
		return false
	}
	for _, name := range wt.names {
		if rel == name || strings.HasPrefix(rel, name+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// Run sends batches of changes to batch until ctx ends: each batch holds what changed
// until no change came for pause, each file once (its latest event, ops merged).
func (wt *Watcher) Run(ctx context.Context, pause time.Duration, batch func([]fsnotify.Event)) error {
	defer wt.w.Close()
	var pending []fsnotify.Event
	index := map[string]int{}
	add := func(ev fsnotify.Event) {
		if i, ok := index[ev.Name]; ok {
			pending[i].Op |= ev.Op
			return
		}
		index[ev.Name] = len(pending)
		pending = append(pending, ev)
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-wt.w.Errors:
			if err != nil {
				return err
			}
		case ev := <-wt.w.Events:
			if !wt.watched(ev.Name) {
				continue // beside the sources in the root: the work folder, public/
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					wt.addTree(ev.Name, func(p string) { add(fsnotify.Event{Name: p, Op: fsnotify.Create}) })
				}
			}
			add(ev)
			timer.Reset(pause)
		case <-timer.C:
			if len(pending) > 0 {
				batch(pending)
				pending, index = nil, map[string]int{}
			}
		}
	}
}
