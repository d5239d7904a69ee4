package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"kzportal.example/portal/tools/internal/site"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	return build("build", false, args, stdout, stderr)
}

// runPrint builds the site with the PDFs of every print edition.
func runPrint(args []string, stdout, stderr io.Writer) int {
	return build("print", true, args, stdout, stderr)
}

func build(name string, pdf bool, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's root folder")
	out := fs.String("out", "", "where to publish the site (default <root>/public)")
	baseURL := fs.String("baseurl", "", "the address the site is published at (default: config.toml's baseURL)")
	verbose := fs.Bool("v", false, "show Hugo's own output")
	production := fs.Bool("production", false, "refuse sample shelters and shelters not verified within a year")
	fs.BoolVar(&pdf, "pdf", pdf, "also print the print editions to PDF with Chromium")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	o := site.Options{Root: *root, Out: *out, BaseURL: *baseURL, Production: *production, PDF: pdf}
	if *verbose {
		o.Log = stderr
	}
	probs, err := site.Build(o)
	if err != nil {
		fmt.Fprintf(stderr, "tools: %s: %v\n", name, err)
		return 1
	}
	if errs := probs.Errors(); len(errs) > 0 {
		errs.Write(stderr, false)
		fmt.Fprintf(stderr, "%s: %d problem(s); public/ was not changed\n", name, len(errs))
		return 1
	}
	probs.Write(stderr, false) // warnings
	dest := o.Out
	if dest == "" {
		dest = filepath.Join(*root, "public")
	}
	fmt.Fprintf(stdout, "%s: published %s\n", name, dest)
	return 0
}
