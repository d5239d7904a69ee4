package bench

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/site"
)

// Marker ends the part of BENCHMARKS.md the bench command writes; what follows it in an
// existing file (notes written by hand) is kept when the report is written again.
const Marker = "<!-- end of the report written by `go run ./tools bench`; notes below are kept -->"

// Targets.
const (
	serveShipped = 0.300 // seconds: a topic-page edit shown at the shipped size
	serve1000    = 0.500 // seconds: a topic-page or shelter edit shown at 1,000 shelters
	maxPeakKB    = 3 << 20
	maxOurs      = 0.20 // our stages' share of the whole build at 10,000 shelters
	maxHugo      = 5.0  // Hugo's own time against the floor at 10,000 shelters
	// before is site.Build's time at 10,000 shelters before issue 14 (BENCHMARKS.md of commit
	// 6fe8eb7, on this machine), which may grow by 10 % at most.
	before = 141.2
)

// ours are the stages of site.Build that are the portal's own, not Hugo's.
var ours = []string{"check", "generate", "opendata", "audit", "publish"}

// oursShare is the share of the build's time spent in our own stages.
func oursShare(r Result) float64 {
	var s float64
	for _, name := range ours {
		s += r.Stage(name)
	}
	return s / r.Seconds
}

func report(o Options, rows []Row) string {
	var b strings.Builder
	header(&b, o, rows)
	builds := rows
	if len(rows) > 0 && rows[0].Shelters < 0 {
		builds = rows[1:]
	}
	if len(builds) > 0 {
		buildTable(&b, builds)
		stageTable(&b, builds)
		weights(&b, builds)
	}
	if o.Serve {
		serveTable(&b, rows)
	}
	targets(&b, o, rows)
	return b.String()
}

func header(b *strings.Builder, o Options, rows []Row) {
	fmt.Fprintf(b, "# Benchmarks\n\nMeasured %s on %s: %d CPU cores, %s/%s, %s, Hugo v%s in-process; sources of %s.\n\n",
		time.Now().UTC().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), site.HugoVersion, revision(o.Root))
	fmt.Fprintf(b, "Reproduce with:\n\n```sh\n%s\ngo test -run '^$' -bench . -benchmem ./tools/internal/synth\n```\n\n", o.Command())
	var loads []string
	for _, r := range rows {
		loads = append(loads, fmt.Sprintf("%s: %s", name(r), r.Load))
	}
	fmt.Fprintf(b, "Each site is synthetic (tools/internal/synth): the shipped topic pages, theme and strings, "+
		"%d generated topic pages in kk, ru and en, and the given number of generated sample shelters spread "+
		"over the 20 regions (the shipped records removed); *shipped* is the repository's own site. "+
		"Every measurement is a separate process started cold (no .build/ caches); peak memory is that "+
		"process's maximum resident set size. Build times are the fastest of %d run(s), peak memory the highest. "+
		"The machine has other users: the load average (1, 5, 15 min) when each site started: %s.\n\n",
		o.Pages, o.Runs, strings.Join(loads, "; "))
}

func name(r Row) string {
	if r.Shelters < 0 {
		return "shipped"
	}
	return fmt.Sprintf("%d shelters", r.Shelters)
}

func buildTable(b *strings.Builder, rows []Row) {
	b.WriteString("## Whole build against the floor\n\n")
	b.WriteString("*site.Build*: load, validate, generate, Hugo and the audit of the output, as `go run ./tools build` runs them. ")
	b.WriteString("*Floor*: plain Hugo (its own command) building a separate site with the same number of pages " +
		"(index.html files) in the same three languages from one trivial layout, no shelter logic, no minification. " +
		"*Hugo / floor* compares the Hugo stage of site.Build alone with the floor. *CPU* is the processor time of " +
		"the process (both cores counted), steadier than the wall-clock time on a busy machine.\n\n")
	b.WriteString("| shelters | pages built | site.Build | CPU | pages/s | peak memory | floor | floor CPU | floor memory | build / floor | Hugo / floor | published |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		published := "yes"
		if !r.Build.Published {
			published = fmt.Sprintf("no: %d problem(s)", r.Build.Errors)
		}
		fmt.Fprintf(b, "| %d | %d | %.1f s | %.1f s | %.0f | %s | %.1f s | %.1f s | %s | %.1f× | %.1f× | %s |\n",
			r.Shelters, r.Floor.Pages, r.Build.Seconds, r.Build.CPU, float64(r.Floor.Pages)/r.Build.Seconds, mb(r.Build.MaxRSSKB),
			r.Floor.Seconds, r.Floor.CPU, mb(r.Floor.MaxRSSKB), r.Build.Seconds/r.Floor.Seconds, r.Build.Stage("hugo")/r.Floor.Seconds, published)
	}
	for _, r := range rows {
		if !r.Build.Published && len(r.Build.Messages) > 0 {
			fmt.Fprintf(b, "\nsite.Build at %d shelters stopped with %d problem(s), first:\n\n", r.Shelters, r.Build.Errors)
			for _, m := range r.Build.Messages {
				fmt.Fprintf(b, "    %s\n", strings.ReplaceAll(m, "\n", "\n    "))
			}
		}
	}
}

func stageTable(b *strings.Builder, rows []Row) {
	b.WriteString("\n## Where the time goes\n\n")
	b.WriteString("The stages of the same site.Build runs: *check* is load and validate (site.Check), *generate* " +
		"the data for Hugo written to .build/gen with the build id, *Hugo* Hugo's build and the copy of static files, " +
		"*open data* the HSDS, CSV and vCard files written into the built site while the audit already reads the " +
		"built pages (one waits on the disk, the other on the processor), *audit* what remains of reading them and the " +
		"checks across pages, *publish* the swap into the output folder. " +
		"*Ours* is every stage but Hugo's, as a share of the whole build. The last column is the peak memory at the " +
		"end of each stage (VmHWM): the stage that raises it is the one that holds the memory.\n\n")
	b.WriteString("| shelters | check | generate | Hugo | open data | audit | publish | ours | peak memory after check / generate / Hugo / open data / audit / publish |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		var peaks []string
		for _, s := range r.Build.Stages {
			peaks = append(peaks, mb(s.PeakKB))
		}
		fmt.Fprintf(b, "| %d | %.2f s | %.2f s | %.1f s | %.2f s | %.1f s | %.2f s | %.1f %% | %s |\n", r.Shelters,
			r.Build.Stage("check"), r.Build.Stage("generate"), r.Build.Stage("hugo"), r.Build.Stage("opendata"),
			r.Build.Stage("audit"), r.Build.Stage("publish"), 100*oursShare(r.Build), strings.Join(peaks, " / "))
	}
}

func weights(b *strings.Builder, rows []Row) {
	b.WriteString("\n## Page weight\n\n")
	fmt.Fprintf(b, "Pages over the budget of %d bytes gzip (HTML, CSS and JS of one page), all languages counted; "+
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
		fmt.Fprintf(b, "- %d shelters: %s; print editions over %d KB: %s.\n", r.Shelters, kinds(r.Build.Over),
			audit.MaxPageGzip/1024, kinds(r.Build.OverPrint))
	}
}

func serveTable(b *strings.Builder, rows []Row) {
	b.WriteString("\n## serve: from saving an edit to the edited text served\n\n")
	fmt.Fprintf(b, "serve's preview (tools/internal/preview, in the child process) runs on the site; then each kind of edit is "+
		"saved in turn, the page asked for once before (as a page open in a browser), and the time is from writing the file "+
		"until a request for that page over HTTP returns the edited text (asked every 2 ms). *Topic page*: a sentence added "+
		"to content/about/index.kk.md, shown on /kk/about/. *Shelter record*: a sentence changed in one record's English text "+
		"(a synthetic shelter's description; on the shipped site line-111's first note), shown on its page. Between edits the "+
		"preview finishes its build and rests 300 ms. Medians, with the fastest and slowest edit.\n\n")
	b.WriteString("| site | first build | topic page | shelter record | peak memory |\n|---|---:|---|---|---:|\n")
	for _, r := range rows {
		if s := r.Serve; s != nil {
			fmt.Fprintf(b, "| %s | %.1f s | %s | %s | %s |\n", name(r), s.First, s.Topic.summary(), s.Shelter.summary(), mb(s.MaxRSSKB))
		}
	}
}

func targets(b *strings.Builder, o Options, rows []Row) {
	b.WriteString("\n## Targets\n\n")
	for _, r := range rows {
		var t []string
		if s := r.Serve; s != nil {
			switch {
			case r.Shelters < 0:
				t = append(t, check(fmt.Sprintf("a topic-page edit shown within %s", ms(serveShipped)), s.Topic.Median() <= serveShipped, ms(s.Topic.Median())))
			case r.Shelters == 1000:
				t = append(t, check(fmt.Sprintf("a topic-page edit shown within %s", ms(serve1000)), s.Topic.Median() <= serve1000, ms(s.Topic.Median())),
					check(fmt.Sprintf("a shelter-record edit shown within %s", ms(serve1000)), s.Shelter.Median() <= serve1000, ms(s.Shelter.Median())))
			}
		}
		if r.Shelters >= 0 {
			ratio := r.Build.Seconds / r.Floor.Seconds
			share := (r.Build.Stage("check") + r.Build.Stage("generate") + r.Build.Stage("opendata")) / r.Build.Seconds
			t = append(t, check("whole build ≤ 2× floor", ratio <= 2, fmt.Sprintf("%.1f×", ratio)),
				check("load + validate + generate ≤ 10 %", share <= 0.10, fmt.Sprintf("%.1f %%", 100*share)),
				check(fmt.Sprintf("every page ≤ %d KB gzip", audit.MaxPageGzip/1024), len(r.Build.Over) == 0, fmt.Sprintf("%d kinds over", len(r.Build.Over))))
		}
		if r.Shelters == 10000 {
			hugo := r.Build.Stage("hugo") / r.Floor.Seconds
			t = append(t, check("peak memory ≤ 3 GB", r.Build.MaxRSSKB <= maxPeakKB, mb(r.Build.MaxRSSKB)),
				check("our stages ≤ 20 % of the build", oursShare(r.Build) <= maxOurs, fmt.Sprintf("%.1f %%", 100*oursShare(r.Build))),
				check("Hugo ≤ 5× the floor", hugo <= maxHugo, fmt.Sprintf("%.1f×", hugo)),
				check(fmt.Sprintf("whole build ≤ %.0f s (%.1f s before issue 14, +10 %%)", 1.1*before, before), r.Build.Seconds <= 1.1*before, fmt.Sprintf("%.1f s", r.Build.Seconds)))
		}
		if len(t) > 0 {
			fmt.Fprintf(b, "- %s: %s.\n", name(r), strings.Join(t, "; "))
		}
	}
	if !containsSize(rows, 10000) {
		b.WriteString("- 10000 shelters: not measured in this run.\n")
	}
	if o.Serve && !containsSize(rows, 1000) {
		b.WriteString("- serve at 1000 shelters: not measured in this run.\n")
	}
}

func check(what string, ok bool, got string) string {
	v := "**missed**"
	if ok {
		v = "**met**"
	}
	return fmt.Sprintf("%s: %s (%s)", what, v, got)
}

func containsSize(rows []Row, n int) bool {
	for _, r := range rows {
		if r.Shelters == n {
			return true
		}
	}
	return false
}

// Write writes the report to the file out, keeping what follows Marker in it.
func Write(out, report string) error {
	notes := "\n" + Marker + "\n"
	if old, err := os.ReadFile(out); err == nil {
		if _, after, ok := strings.Cut(string(old), Marker); ok {
			notes = "\n" + Marker + after
		}
	}
	return os.WriteFile(out, []byte(report+notes), 0o644)
}
