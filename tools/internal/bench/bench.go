// Package bench measures the portal's build and preview on synthetic sites (package
// synth) and writes BENCHMARKS.md. Every measurement runs in a child process of its own
// (this tool, "bench child ..."), so that its peak memory is its own and it starts cold:
//
//   - build: site.Build, as `go run ./tools build` runs it, each stage timed;
//   - floor: plain Hugo rendering as many pages from one trivial layout;
//   - serve: serve's preview, timed from saving an edit until the edited text is served.
package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kzportal.example/portal/tools/internal/site"
	"kzportal.example/portal/tools/internal/synth"
)

// Options say what to measure.
type Options struct {
	Root   string // the site the synthetic sites copy
	Sizes  []int  // numbers of synthetic shelters
	Pages  int    // synthetic topic pages besides the shipped ones
	Seed   int64
	Runs   int    // builds per size; the fastest counts
	Serve  bool   // also measure serve: the shipped site and every size up to MaxServe
	Edits  int    // edits of each kind per serve measurement
	Out    string // the Markdown file to write, or ""
	Keep   bool   // keep the synthetic sites
	Exe    string // this tool, to run the children
	Stderr io.Writer
}

// MaxServe is the largest size serve is measured at: its targets stop at 1,000 shelters.
const MaxServe = 1000

// A Row is what was measured at one size.
type Row struct {
	Shelters int // -1: the shipped site
	Load     string
	Build    Result
	Floor    Result
	Serve    *ServeResult
}

// Run measures every size and returns the report.
func Run(o Options) (string, error) {
	var rows []Row
	if o.Serve {
		r, err := o.shipped()
		if err != nil {
			return "", fmt.Errorf("the shipped site: %w", err)
		}
		rows = append(rows, r)
	}
	for _, n := range o.Sizes {
		r, err := o.size(n)
		if err != nil {
			return "", fmt.Errorf("%d shelters: %w", n, err)
		}
		rows = append(rows, r)
	}
	return report(o, rows), nil
}

func (o Options) logf(n int, format string, a ...any) {
	what := fmt.Sprintf("%d shelters", n)
	if n < 0 {
		what = "shipped site"
	}
	fmt.Fprintf(o.Stderr, "bench: %s: %s\n", what, fmt.Sprintf(format, a...))
}

// shipped measures serve on a copy of the shipped site.
func (o Options) shipped() (Row, error) {
	r := Row{Shelters: -1, Load: loadAverage()}
	tmp, err := os.MkdirTemp("", "portal-bench-")
	if err != nil {
		return r, err
	}
	defer o.cleanup(-1, tmp)
	src := filepath.Join(tmp, "site")
	if err := os.Mkdir(src, 0o755); err != nil {
		return r, err
	}
	if err := site.CopySources(o.Root, src); err != nil {
		return r, err
	}
	r.Serve, err = o.serve(-1, src)
	return r, err
}

// size measures the builds (and serve, when asked) at n synthetic shelters.
func (o Options) size(n int) (Row, error) {
	r := Row{Shelters: n, Load: loadAverage()}
	tmp, err := os.MkdirTemp("", "portal-bench-")
	if err != nil {
		return r, err
	}
	defer o.cleanup(n, tmp)
	src := filepath.Join(tmp, "site")
	o.logf(n, "writing a synthetic site in %s", src)
	if err := synth.Write(o.Root, src, n, o.Pages, o.Seed); err != nil {
		return r, err
	}
	for run := 1; run <= o.Runs; run++ {
		o.logf(n, "run %d of %d: site.Build; load average %s", run, o.Runs, loadAverage())
		b, err := o.build(src, filepath.Join(tmp, "public"))
		if err != nil {
			return r, err
		}
		o.logf(n, "site.Build: %.1f s, peak %s, published %t", b.Seconds, mb(b.MaxRSSKB), b.Published)
		f, err := o.floor(filepath.Join(tmp, "floor"), b.Pages, run == 1)
		if err != nil {
			return r, err
		}
		o.logf(n, "floor: %.1f s, peak %s, %d pages", f.Seconds, mb(f.MaxRSSKB), f.Pages)
		r.Build, r.Floor = fastest(r.Build, b, run), fastest(r.Floor, f, run)
	}
	if o.Serve && n <= MaxServe {
		r.Serve, err = o.serve(n, src)
	}
	return r, err
}

func (o Options) cleanup(n int, tmp string) {
	if o.Keep {
		o.logf(n, "kept %s", tmp)
		return
	}
	os.RemoveAll(tmp)
}

// build runs site.Build cold: no work folder, no output.
func (o Options) build(src, out string) (Result, error) {
	for _, d := range []string{filepath.Join(src, site.WorkDir), out} {
		if err := os.RemoveAll(d); err != nil {
			return Result{}, err
		}
	}
	return child(o.Exe, "build", src, out)
}

// floor writes the floor site of that many pages (on the first run) and builds it cold.
func (o Options) floor(dir string, pages int, write bool) (Result, error) {
	if write {
		if err := writeFloor(dir, pages); err != nil {
			return Result{}, err
		}
	}
	for _, d := range []string{filepath.Join(dir, "public"), filepath.Join(dir, ".cache")} {
		if err := os.RemoveAll(d); err != nil {
			return Result{}, err
		}
	}
	return child(o.Exe, "floor", dir, filepath.Join(dir, "public"))
}

// serve measures serve's preview of the site in src.
func (o Options) serve(n int, src string) (*ServeResult, error) {
	if err := os.RemoveAll(filepath.Join(src, site.WorkDir)); err != nil {
		return nil, err
	}
	o.logf(n, "serve: %d edits of a topic page and %d of a shelter record", o.Edits, o.Edits)
	res, err := child(o.Exe, "serve", src, fmt.Sprint(o.Edits))
	if err != nil {
		return nil, err
	}
	s := res.Serve
	s.MaxRSSKB = res.MaxRSSKB
	o.logf(n, "serve: first build %.1f s; topic page %s; shelter record %s", s.First, s.Topic.summary(), s.Shelter.summary())
	return s, nil
}

// fastest keeps the fastest time of the runs and the highest peak memory.
func fastest(best, this Result, run int) Result {
	if run == 1 {
		return this
	}
	peak := max(best.MaxRSSKB, this.MaxRSSKB)
	if this.Seconds < best.Seconds {
		best = this
	}
	best.MaxRSSKB = peak
	return best
}

// Command is the command line that repeats a measurement with these options.
func (o Options) Command() string {
	var sizes []string
	for _, n := range o.Sizes {
		sizes = append(sizes, fmt.Sprint(n))
	}
	c := "go run ./tools bench -sizes " + strings.Join(sizes, ",") + fmt.Sprintf(" -pages %d", o.Pages)
	if o.Runs != 1 {
		c += fmt.Sprintf(" -runs %d", o.Runs)
	}
	if o.Seed != 1 {
		c += fmt.Sprintf(" -seed %d", o.Seed)
	}
	if o.Serve {
		c += " -serve"
		if o.Edits != DefaultEdits {
			c += fmt.Sprintf(" -edits %d", o.Edits)
		}
	}
	if o.Out != "" {
		c += " -out " + filepath.ToSlash(o.Out)
	}
	return c
}

// DefaultEdits is how many edits of each kind serve is timed with.
const DefaultEdits = 15
