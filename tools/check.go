package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"kzportal.example/portal/tools/internal/site"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's root folder")
	asJSON := fs.Bool("json", false, "print problems as a JSON array")
	production := fs.Bool("production", false, "check as a production build does (no sample shelters)")
	staleDays := fs.Int("stale-after", 180, "list shelters not verified within this many days")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	_, probs, err := site.Check(site.Options{Root: *root, Production: *production,
		StaleAfter: time.Duration(*staleDays) * 24 * time.Hour})
	if err != nil {
		fmt.Fprintf(stderr, "tools: check: %v\n", err)
		return 1
	}
	probs.Write(stdout, *asJSON)
	errs := len(probs.Errors())
	if !*asJSON && len(probs) > 0 {
		fmt.Fprintf(stderr, "check: %d problem(s), %d warning(s)\n", errs, len(probs)-errs)
	}
	if errs > 0 {
		return 1
	}
	return 0
}
