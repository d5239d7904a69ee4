package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"kzportal.example/portal/tools/internal/site"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's root folder")
	out := fs.String("out", "", "where to publish the site (default <root>/public)")
	baseURL := fs.String("baseurl", "", "the address the site is published at (default: config.toml's baseURL)")
	verbose := fs.Bool("v", false, "show Hugo's own output")
	production := fs.Bool("production", false, "refuse sample shelters and shelters not verified within a year")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	o := site.Options{Root: *root, Out: *out, BaseURL: *baseURL, Production: *production}
	if *verbose {
		o.Log = stderr
	}
	probs, err := site.Build(o)
	if err != nil {
		fmt.Fprintf(stderr, "tools: build: %v\n", err)
		return 1
	}
	if errs := probs.Errors(); len(errs) > 0 {
		errs.Write(stderr, false)
		fmt.Fprintf(stderr, "build: %d problem(s); public/ was not changed\n", len(errs))
		return 1
	}
	probs.Write(stderr, false) // warnings
	dest := o.Out
	if dest == "" {
		dest = filepath.Join(*root, "public")
	}
	fmt.Fprintf(stdout, "build: published %s\n", dest)
	return 0
}
