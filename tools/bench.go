package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"kzportal.example/portal/tools/internal/bench"
)

// runBench measures whole builds on synthetic sites of several sizes against plain Hugo,
// and with -serve how soon serve shows an edit (package bench); -out writes BENCHMARKS.md,
// keeping the notes below its marker.
func runBench(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "child" {
		return bench.Child(args[1:], stderr)
	}
	fs := newFlags("bench", stderr)
	o := bench.Options{Stderr: stderr}
	fs.StringVar(&o.Root, "root", ".", "the site whose sources the synthetic sites copy")
	sizes := fs.String("sizes", "100,1000,10000", "numbers of synthetic shelters, comma-separated")
	fs.IntVar(&o.Pages, "pages", 20, "synthetic topic pages (each in kk, ru and en) besides the shipped ones")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the synthetic data")
	fs.IntVar(&o.Runs, "runs", 1, "build each size this many times and keep the fastest (the machine may be busy)")
	fs.BoolVar(&o.Serve, "serve", false, "also time serve: an edit until it is served, on the shipped site and at sizes up to 1000")
	fs.IntVar(&o.Edits, "edits", bench.DefaultEdits, "with -serve, edits of each kind to time")
	fs.StringVar(&o.Out, "out", "", "also write the report to this Markdown file (e.g. BENCHMARKS.md)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the synthetic sites and their output (their folders are printed)")
	if !parse(fs, args, 0) {
		return 2
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			fmt.Fprintf(stderr, "bench: -sizes: %q is not a number of shelters\n", s)
			return 2
		}
		o.Sizes = append(o.Sizes, n)
	}
	if o.Pages < 0 || o.Runs < 1 || o.Edits < 1 {
		fmt.Fprintf(stderr, "bench: -pages must not be negative, -runs and -edits at least 1\n")
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "tools: bench: %v\n", err)
		return 1
	}
	o.Exe = exe
	report, err := bench.Run(o)
	if err != nil {
		fmt.Fprintf(stderr, "tools: bench: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, report)
	if o.Out != "" {
		if err := bench.Write(o.Out, report); err != nil {
			fmt.Fprintf(stderr, "tools: bench: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "bench: wrote %s\n", o.Out)
	}
	return 0
}
