package bench

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
	"kzportal.example/portal/tools/internal/synth"
)

// childBuild times site.Build of dir into out, stage by stage.
func childBuild(dir, out string) (Result, error) {
	var res Result
	t := newStages()
	var over, overPrint []overGroup
	start := time.Now()
	_, probs, err := site.Build(site.Options{Root: dir, Out: out, Progress: t.start,
		Audited: func(s *audit.Site) { over, overPrint = overBudget(s); res.Pages = screenPages(s) }})
	t.start("") // the end of the last stage
	res.Seconds = time.Since(start).Seconds()
	res.Stages, res.Over, res.OverPrint = t.done, over, overPrint
	if err != nil {
		return res, err
	}
	errs := probs.Errors()
	res.Errors = len(errs)
	for _, p := range errs[:min(3, len(errs))] {
		res.Messages = append(res.Messages, p.String())
	}
	res.Published = len(errs) == 0
	return res, nil
}

// screenPages counts the pages of an audited site: its index.html files.
func screenPages(s *audit.Site) int {
	n := 0
	for rel := range s.Pages {
		if path.Base(rel) == "index.html" {
			n++
		}
	}
	return n
}

// stages times the steps site.Build tells its Progress of.
type stages struct {
	name string
	at   time.Time
	done []Stage
}

func newStages() *stages { return &stages{} }

// start ends the running stage and starts the named one ("" ends only).
func (s *stages) start(name string) {
	now := time.Now()
	if s.name != "" {
		s.done = append(s.done, Stage{Name: s.name, Seconds: now.Sub(s.at).Seconds(), PeakKB: peakRSS()})
	}
	s.name, s.at = name, now
}

// An overGroup is a kind of page over the gzip budget: how many, and the heaviest.
type overGroup struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
	Max   int    `json:"max"`
}

// overBudget groups the pages over the gzip budget by kind: screen pages, print editions.
func overBudget(s *audit.Site) (screen, printed []overGroup) {
	groups := [2]map[string]*overGroup{{}, {}}
	for _, pg := range s.Pages {
		if pg.Weight.Total() > audit.MaxPageGzip {
			s.Weigh(pg) // print editions are not weighed by the build, which exempts them
		}
		w := pg.Weight.Total()
		if w <= audit.MaxPageGzip {
			continue
		}
		m := groups[0]
		if audit.Printed(pg.Path) {
			m = groups[1]
		}
		k := pageKind(pg.Path)
		if m[k] == nil {
			m[k] = &overGroup{Kind: k}
		}
		m[k].Count++
		m[k].Max = max(m[k].Max, w)
	}
	return sortedGroups(groups[0]), sortedGroups(groups[1])
}

func sortedGroups(m map[string]*overGroup) []overGroup {
	var out []overGroup
	for _, g := range m {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b overGroup) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Kind, b.Kind)) })
	return out
}

var (
	regionSegment  = regexp.MustCompile(`^kz-[0-9]+$`)
	shelterSegment = regexp.MustCompile(`^synth-shelter-[0-9]+$`)
	pageSegment    = regexp.MustCompile(`^` + synth.PagePrefix + `[0-9]+$`)
)

// pageKind names the kind of a built page: its path without the language, with region
// codes, groups and synthetic ids replaced by placeholders.
func pageKind(rel string) string {
	segs := strings.Split(path.Clean(rel), "/")
	if len(segs) > 1 && slices.Contains(record.Languages, segs[0]) {
		segs = segs[1:]
	}
	for i, s := range segs {
		switch {
		case regionSegment.MatchString(s):
			segs[i] = "<region>"
		case shelterSegment.MatchString(s):
			segs[i] = "<shelter>"
		case pageSegment.MatchString(s):
			segs[i] = "<synthetic page>"
		case slices.Contains(record.Serves, s):
			segs[i] = "<group>"
		}
	}
	return strings.Join(segs, "/")
}

// countPages counts the index.html files under dir: the pages of a built site.
func countPages(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "index.html" {
			n++
		}
		return err
	})
	return n, err
}

// peakRSS returns this process's peak resident memory so far in KB (VmHWM), or 0.
func peakRSS() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var n int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &n)
			return n
		}
	}
	return 0
}
