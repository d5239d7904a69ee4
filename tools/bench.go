package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gohugoio/hugo/commands"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
	"kzportal.example/portal/tools/internal/synth"
)

// benchMarker ends the part of the report the bench command writes; whatever follows it in
// an existing -out file (notes written by hand) is kept when the report is rewritten.
const benchMarker = "<!-- end of the report written by `go run ./tools bench`; notes below are kept -->"

// A benchResult is what one measuring child process reports (as JSON in a file).
type benchResult struct {
	Seconds   float64     `json:"seconds"`            // the measured step: site.Build, or the floor's Hugo build
	Check     float64     `json:"check,omitempty"`    // phases: site.Check (load and validate)
	Generate  float64     `json:"generate,omitempty"` // phases: directory data and open data, written
	Hugo      float64     `json:"hugo,omitempty"`     // phases: Hugo, in-process
	Audit     float64     `json:"audit,omitempty"`    // phases: reading and checking the output
	PeakKB    []int64     `json:"peak_kb,omitempty"`  // phases: peak resident memory so far after each phase
	Pages     int         `json:"pages"`              // index.html files in the output
	Published bool        `json:"published"`
	Errors    int         `json:"errors"`               // problems that stopped the build (or the audit's)
	Messages  []string    `json:"messages,omitempty"`   // the first few of them
	Over      []overGroup `json:"over,omitempty"`       // pages over the gzip budget, by kind
	OverPrint []overGroup `json:"over_print,omitempty"` // print editions over it (the budget exempts them)
	MaxRSSKB  int64       `json:"-"`                    // peak resident memory, from the parent's rusage
}

// An overGroup is a kind of page over the gzip budget: how many, and the heaviest.
type overGroup struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
	Max   int    `json:"max"`
}

// runBench measures the whole build on synthetic sites of several sizes against the floor,
// plain Hugo rendering as many pages with one trivial layout. Each measurement runs in its
// own child process (this binary, "bench child ...") so that its peak memory is its own.
func runBench(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "child" {
		return runBenchChild(args[1:], stderr)
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site whose sources the synthetic sites copy")
	sizesFlag := fs.String("sizes", "100,1000,10000", "numbers of synthetic shelters, comma-separated")
	pages := fs.Int("pages", 20, "synthetic topic pages (each in kk, ru and en) besides the shipped ones")
	seed := fs.Int64("seed", 1, "seed of the synthetic data")
	out := fs.String("out", "", "also write the report to this Markdown file (e.g. BENCHMARKS.md)")
	runs := fs.Int("runs", 1, "measure each size this many times and keep the fastest (the machine may be busy)")
	keep := fs.Bool("keep", false, "keep the synthetic sites and their output (their folders are printed)")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			fmt.Fprintf(stderr, "tools: bench: -sizes: %q is not a number of shelters\n", s)
			return 2
		}
		sizes = append(sizes, n)
	}
	if *pages < 0 || *runs < 1 {
		fmt.Fprintf(stderr, "tools: bench: -pages must not be negative, -runs at least 1\n")
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "tools: bench: %v\n", err)
		return 1
	}
	type row struct {
		shelters            int
		load                string // the load average when the size started
		phases, build, flor benchResult
	}
	var rows []row
	for _, n := range sizes {
		logf := func(format string, a ...any) {
			fmt.Fprintf(stderr, "bench: %d shelters: %s\n", n, fmt.Sprintf(format, a...))
		}
		tmp, err := os.MkdirTemp("", "portal-bench-")
		if err != nil {
			fmt.Fprintf(stderr, "tools: bench: %v\n", err)
			return 1
		}
		r, err := func() (row, error) {
			r := row{shelters: n, load: loadAverage()}
			src := filepath.Join(tmp, "site")
			logf("writing a synthetic site in %s", src)
			if err := synth.Write(*root, src, n, *pages, *seed); err != nil {
				return r, err
			}
			floor := filepath.Join(tmp, "floor")
			// Every measurement starts as cold as the first build of a checkout.
			clean := func() error {
				for _, d := range []string{filepath.Join(src, site.WorkDir), filepath.Join(tmp, "phases-out"), filepath.Join(tmp, "public")} {
					if err := os.RemoveAll(d); err != nil {
						return err
					}
				}
				return nil
			}
			for run := 1; run <= *runs; run++ {
				if err := clean(); err != nil {
					return r, err
				}
				logf("run %d of %d: phases (site.Check, generate, Hugo, audit), each timed; load average %s", run, *runs, loadAverage())
				phases, err := benchChild(exe, "phases", src, filepath.Join(tmp, "phases-out"))
				if err != nil {
					return r, err
				}
				logf("phases: check %.2fs, generate %.2fs, Hugo %.2fs, audit %.2fs; %d pages",
					phases.Check, phases.Generate, phases.Hugo, phases.Audit, phases.Pages)
				if err := clean(); err != nil {
					return r, err
				}
				logf("whole build (site.Build)")
				build, err := benchChild(exe, "build", src, filepath.Join(tmp, "public"))
				if err != nil {
					return r, err
				}
				logf("whole build: %.2fs, peak RSS %d MB, published %t", build.Seconds, build.MaxRSSKB>>10, build.Published)
				if run == 1 {
					pagesBuilt := build.Pages
					if !build.Published {
						pagesBuilt = phases.Pages // the build did not publish; the phases run counted them
					}
					if err := writeFloor(floor, pagesBuilt); err != nil {
						return r, err
					}
				}
				if err := os.RemoveAll(filepath.Join(floor, "public")); err != nil {
					return r, err
				}
				if err := os.RemoveAll(filepath.Join(floor, ".cache")); err != nil {
					return r, err
				}
				logf("floor: plain Hugo")
				flor, err := benchChild(exe, "floor", floor, filepath.Join(floor, "public"))
				if err != nil {
					return r, err
				}
				logf("floor: %.2fs, peak RSS %d MB, %d pages", flor.Seconds, flor.MaxRSSKB>>10, flor.Pages)
				if run == 1 {
					r.phases, r.build, r.flor = phases, build, flor
					continue
				}
				// The fastest of the runs (the least disturbed), and the highest peak memory.
				r.phases.Check = min(r.phases.Check, phases.Check)
				r.phases.Generate = min(r.phases.Generate, phases.Generate)
				r.phases.Hugo = min(r.phases.Hugo, phases.Hugo)
				r.phases.Audit = min(r.phases.Audit, phases.Audit)
				for i := range min(len(r.phases.PeakKB), len(phases.PeakKB)) {
					r.phases.PeakKB[i] = max(r.phases.PeakKB[i], phases.PeakKB[i])
				}
				for _, m := range []struct{ best, this *benchResult }{{&r.build, &build}, {&r.flor, &flor}} {
					m.best.Seconds = min(m.best.Seconds, m.this.Seconds)
					m.best.MaxRSSKB = max(m.best.MaxRSSKB, m.this.MaxRSSKB)
				}
			}
			return r, nil
		}()
		if *keep {
			logf("kept %s", tmp)
		} else {
			os.RemoveAll(tmp)
		}
		if err != nil {
			fmt.Fprintf(stderr, "tools: bench: %d shelters: %v\n", n, err)
			return 1
		}
		rows = append(rows, r)
	}

	var b strings.Builder
	var loadList []string
	for _, r := range rows {
		loadList = append(loadList, fmt.Sprintf("%d shelters: %s", r.shelters, r.load))
	}
	loads := strings.Join(loadList, "; ")
	cmdline := "go run ./tools bench -sizes " + *sizesFlag + " -pages " + strconv.Itoa(*pages)
	if *runs != 1 {
		cmdline += " -runs " + strconv.Itoa(*runs)
	}
	if *seed != 1 {
		cmdline += " -seed " + strconv.FormatInt(*seed, 10)
	}
	if *out != "" {
		cmdline += " -out " + filepath.ToSlash(*out)
	}
	fmt.Fprintf(&b, "# Benchmarks\n\nMeasured %s on %s: %d CPU cores, %s/%s, %s, Hugo v%s in-process; sources of %s.\n\n",
		time.Now().UTC().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), site.HugoVersion, revision(*root))
	fmt.Fprintf(&b, "Reproduce with:\n\n```sh\n%s\ngo test -run '^$' -bench . -benchmem ./tools/internal/synth\n```\n\n", cmdline)
	fmt.Fprintf(&b, "Each site is synthetic (tools/internal/synth): the shipped topic pages, theme and strings, "+
		"%d generated topic pages in kk, ru and en, and the given number of generated sample shelters spread "+
		"over the 20 regions (the shipped records removed). Every measurement is a separate process "+
		"started cold (no .build/ caches); peak memory is that process's maximum resident set size. "+
		"Times are the fastest of %d run(s), peak memory the highest. Load average (1, 5, 15 min) when each size started: %s.\n\n",
		*pages, *runs, loads)
	b.WriteString("## Whole build against the floor\n\n")
	b.WriteString("*site.Build*: load, validate, generate, Hugo and the audit of the output, as `go run ./tools build` runs them. ")
	b.WriteString("*Floor*: plain Hugo building a separate site with the same number of pages (index.html files) " +
		"in the same three languages from one trivial layout, no shelter logic, no minification.\n\n")
	b.WriteString("| shelters | pages built | site.Build | pages/s | peak memory | floor | floor pages/s | floor memory | build / floor | published |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		pagesBuilt := r.build.Pages
		published := "yes"
		if !r.build.Published {
			pagesBuilt = r.phases.Pages
			published = fmt.Sprintf("no: %d problem(s)", r.build.Errors)
		}
		fmt.Fprintf(&b, "| %d | %d | %.1f s | %.0f | %s | %.1f s | %.0f | %s | %.1f× | %s |\n",
			r.shelters, pagesBuilt, r.build.Seconds, float64(pagesBuilt)/r.build.Seconds, mb(r.build.MaxRSSKB),
			r.flor.Seconds, float64(r.flor.Pages)/r.flor.Seconds, mb(r.flor.MaxRSSKB),
			r.build.Seconds/r.flor.Seconds, published)
	}
	b.WriteString("\n## Where the time goes\n\n")
	b.WriteString("The phases timed one by one in another process (same code, same cold start): *load + validate* is " +
		"site.Check, *generate* the directory data and open data written to .build/gen (directory.Build, JSON, HSDS, CSV, vCards). " +
		"The share is (load + validate + generate) / the whole site.Build above.\n\n")
	b.WriteString("The last column is that process's peak memory so far after each phase (VmHWM): the phase " +
		"that raises it is the one that holds the memory.\n\n")
	b.WriteString("| shelters | load + validate | generate | Hugo | audit | share of site.Build | peak memory after check / generate / Hugo / audit |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		var peaks []string
		for _, kb := range r.phases.PeakKB {
			peaks = append(peaks, mb(kb))
		}
		fmt.Fprintf(&b, "| %d | %.2f s | %.2f s | %.1f s | %.1f s | %.1f %% | %s |\n", r.shelters, r.phases.Check,
			r.phases.Generate, r.phases.Hugo, r.phases.Audit, 100*(r.phases.Check+r.phases.Generate)/r.build.Seconds,
			strings.Join(peaks, " / "))
	}
	b.WriteString("\n## Page weight\n\n")
	fmt.Fprintf(&b, "Pages over the budget of %d bytes gzip (HTML, CSS and JS of one page), all languages counted; "+
		"the audit refuses to publish a site with any. Print editions (print.html, card.html) are exempt from the budget "+
		"and listed apart.\n\n", audit.MaxPageGzip)
	kinds := func(groups []overGroup) string {
		if len(groups) == 0 {
			return "none"
		}
		var out []string
		for _, g := range groups {
			out = append(out, fmt.Sprintf("`%s` ×%d (heaviest %.1f KB)", g.Kind, g.Count, float64(g.Max)/1024))
		}
		return strings.Join(out, ", ")
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "- %d shelters: %s; print editions over %d KB: %s.\n", r.shelters, kinds(r.phases.Over),
			audit.MaxPageGzip/1024, kinds(r.phases.OverPrint))
	}
	for _, r := range rows {
		if !r.build.Published && len(r.build.Messages) > 0 {
			fmt.Fprintf(&b, "\nsite.Build at %d shelters stopped with %d problem(s), first:\n\n", r.shelters, r.build.Errors)
			for _, m := range r.build.Messages {
				fmt.Fprintf(&b, "    %s\n", m)
			}
		}
	}
	b.WriteString("\n## Targets\n\n")
	for _, r := range rows {
		ratio := r.build.Seconds / r.flor.Seconds
		share := (r.phases.Check + r.phases.Generate) / r.build.Seconds
		fmt.Fprintf(&b, "- %d shelters: whole build ≤ 2× floor: %s (%.1f×); load + validate + generate ≤ 10 %%: %s (%.1f %%); "+
			"every page ≤ %d KB gzip: %s",
			r.shelters, verdict(ratio <= 2), ratio, verdict(share <= 0.10), 100*share, audit.MaxPageGzip/1024, verdict(len(r.phases.Over) == 0))
		if r.shelters == 10000 {
			fmt.Fprintf(&b, "; peak memory ≤ 3 GB: %s (%s)", verdict(r.build.MaxRSSKB <= 3<<20), mb(r.build.MaxRSSKB))
		}
		b.WriteString(".\n")
	}
	if !slices.ContainsFunc(rows, func(r row) bool { return r.shelters == 10000 }) {
		b.WriteString("- Peak memory ≤ 3 GB at 10,000 shelters: not measured in this run.\n")
	}
	report := b.String()
	fmt.Fprint(stdout, report)
	if *out != "" {
		notes := "\n" + benchMarker + "\n"
		if old, err := os.ReadFile(*out); err == nil {
			if _, after, ok := strings.Cut(string(old), benchMarker); ok {
				notes = "\n" + benchMarker + after
			}
		}
		if err := os.WriteFile(*out, []byte(report+notes), 0o644); err != nil {
			fmt.Fprintf(stderr, "tools: bench: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "bench: wrote %s\n", *out)
	}
	return 0
}

func verdict(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

func mb(kb int64) string { return fmt.Sprintf("%d MB", (kb+512)>>10) }

// revision names the commit of the sources measured, "-dirty" when files were changed
// since; "an unknown revision" without git.
func revision(root string) string {
	out, err := exec.Command("git", "-C", root, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "an unknown revision"
	}
	return "commit " + strings.TrimSpace(string(out))
}

// loadAverage returns the 1, 5 and 15 minute load averages, as /proc/loadavg has them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "an unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "an unknown CPU"
}

// benchChild runs one measurement in a child process and returns its result with the
// child's peak resident memory.
func benchChild(exe, mode, dir, out string) (benchResult, error) {
	var res benchResult
	result := out + ".result.json"
	cmd := exec.Command(exe, "bench", "child", mode, dir, out, result)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	err := cmd.Run()
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.MaxRSSKB = ru.Maxrss // kilobytes on Linux
		}
	}
	if err != nil {
		return res, fmt.Errorf("%s: %v\n%s", mode, err, tail(log.String(), 40))
	}
	b, err := os.ReadFile(result)
	if err != nil {
		return res, fmt.Errorf("%s: no result: %v\n%s", mode, err, tail(log.String(), 40))
	}
	rss := res.MaxRSSKB
	if err := json.Unmarshal(b, &res); err != nil {
		return res, err
	}
	res.MaxRSSKB = rss
	return res, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runBenchChild is one measurement: bench child <build|phases|floor> <site> <out> <result.json>.
func runBenchChild(args []string, stderr io.Writer) int {
	if len(args) != 4 {
		fmt.Fprintln(stderr, "usage: tools bench child build|phases|floor site-dir out-dir result.json")
		return 2
	}
	mode, dir, out, resultFile := args[0], args[1], args[2], args[3]
	var res benchResult
	var err error
	switch mode {
	case "build":
		res, err = benchBuild(dir, out)
	case "phases":
		res, err = benchPhases(dir, out)
	case "floor":
		res, err = benchFloor(dir, out)
	default:
		fmt.Fprintf(stderr, "tools: bench child: unknown mode %q\n", mode)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "tools: bench child %s: %v\n", mode, err)
		return 1
	}
	b, err := json.Marshal(res)
	if err == nil {
		err = os.WriteFile(resultFile, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tools: bench child %s: %v\n", mode, err)
		return 1
	}
	return 0
}

// benchBuild times the whole pipeline, as `tools build` runs it.
func benchBuild(dir, out string) (benchResult, error) {
	var res benchResult
	start := time.Now()
	_, probs, err := site.Build(site.Options{Root: dir, Out: out})
	res.Seconds = time.Since(start).Seconds()
	if err != nil {
		return res, err
	}
	errs := probs.Errors()
	res.Errors = len(errs)
	for i, p := range errs {
		if i == 3 {
			break
		}
		res.Messages = append(res.Messages, p.String())
	}
	if res.Published = len(errs) == 0; res.Published {
		if res.Pages, err = countPages(out); err != nil {
			return res, err
		}
	}
	return res, nil
}

// benchPhases times each step of the pipeline on its own: site.Check, the generate step
// (site.Generated), Hugo with the build's own flags, and the audit. It also
// counts the pages and lists those over the gzip budget, which a build that fails its
// audit cannot: that build publishes nothing.
func benchPhases(dir, out string) (benchResult, error) {
	var res benchResult
	now := time.Now()
	t := time.Now()
	src, probs, err := site.Check(site.Options{Root: dir, Now: now})
	res.Check = time.Since(t).Seconds()
	res.PeakKB = append(res.PeakKB, peakRSS())
	if err != nil {
		return res, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return res, fmt.Errorf("the synthetic site has problems:\n%v", errs)
	}
	t = time.Now()
	files, err := site.Generated(site.Options{Root: dir, Now: now}, src)
	if err == nil {
		err = site.WriteGenerated(dir, files)
	}
	res.Generate = time.Since(t).Seconds()
	res.PeakKB = append(res.PeakKB, peakRSS())
	if err != nil {
		return res, err
	}
	t = time.Now()
	err = commands.Execute([]string{"build", "--source", dir, "--destination", out,
		"--cacheDir", filepath.Join(dir, site.WorkDir, "cache"),
		"--printI18nWarnings", "--printPathWarnings", "--logLevel", "warn", "--noBuildLock"})
	res.Hugo = time.Since(t).Seconds()
	res.PeakKB = append(res.PeakKB, peakRSS())
	if err != nil {
		return res, fmt.Errorf("hugo: %w", err)
	}
	t = time.Now()
	built, err := audit.Read(out, "https://portal.example/")
	if err != nil {
		return res, err
	}
	aprobs := built.Check(filepath.Base(out) + "/")
	res.Audit = time.Since(t).Seconds()
	res.PeakKB = append(res.PeakKB, peakRSS())
	res.Errors = len(aprobs.Errors())
	screen, printed := map[string]*overGroup{}, map[string]*overGroup{}
	for _, pg := range built.Pages {
		if w := pg.Weight.Total(); w > audit.MaxPageGzip {
			groups := screen
			if audit.Printed(pg.Path) {
				groups = printed
			}
			k := pageKind(pg.Path)
			g := groups[k]
			if g == nil {
				g = &overGroup{Kind: k}
				groups[k] = g
			}
			g.Count++
			g.Max = max(g.Max, w)
		}
	}
	res.Over, res.OverPrint = sortedGroups(screen), sortedGroups(printed)
	res.Pages, err = countPages(out)
	return res, err
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

// peakRSS returns this process's peak resident memory so far in KB (VmHWM), or 0.
func peakRSS() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
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

// benchFloor times plain Hugo building the floor site.
func benchFloor(dir, out string) (benchResult, error) {
	var res benchResult
	start := time.Now()
	err := commands.Execute([]string{"build", "--source", dir, "--destination", out,
		"--cacheDir", filepath.Join(dir, ".cache"), "--logLevel", "warn", "--noBuildLock"})
	res.Seconds = time.Since(start).Seconds()
	if err != nil {
		return res, fmt.Errorf("hugo: %w", err)
	}
	res.Published = true
	res.Pages, err = countPages(out)
	return res, err
}

// writeFloor writes the floor site: a Hugo site in kk, ru and en with one trivial layout
// and as many pages as the portal built. Hugo adds a home page per language and the root
// page that leads to the default language; the rest are leaf pages, one language each.
func writeFloor(dir string, pages int) error {
	files := map[string]string{
		"config.toml": `baseURL = "https://floor.example/"
defaultContentLanguage = "kk"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "rss", "sitemap", "404"]
[languages.kk]
weight = 1
[languages.ru]
weight = 2
[languages.en]
weight = 3
`,
		"layouts/all.html": `<!doctype html><html lang="{{ site.Language.Lang }}"><meta charset="utf-8"><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}</html>
`,
	}
	langs := []string{"kk", "ru", "en"}
	for i := 0; i < pages-4; i++ {
		files[fmt.Sprintf("content/p%06d/index.%s.md", i/3, langs[i%3])] = fmt.Sprintf(`---
title: "Page %d"
---

A page of the floor site, about as long as a shelter's entry. It has a heading, two short
paragraphs and a list, rendered from Markdown by one layout.

## Section %d

- first item
- second item

The second paragraph closes the page.
`, i, i)
	}
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			return err
		}
	}
	return nil
}
