package main

import (
	"flag"
	"fmt"
	"io"

	"kzportal.example/portal/tools/internal/site"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's root folder")
	asJSON := fs.Bool("json", false, "print problems as a JSON array")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	_, probs, err := site.Check(*root)
	if err != nil {
		fmt.Fprintf(stderr, "tools: check: %v\n", err)
		return 1
	}
	if *asJSON {
		probs.Write(stdout, true)
	} else {
		probs.Write(stdout, false)
	}
	if len(probs) > 0 {
		if !*asJSON {
			fmt.Fprintf(stderr, "check: %d problem(s)\n", len(probs))
		}
		return 1
	}
	return 0
}
