package main

import (
	"flag"
	"fmt"
	"io"

	"kzportal.example/portal/tools/internal/page"
)

func runHash(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's root folder")
	if fs.Parse(args) != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: go run ./tools hash [-root dir] page-id")
		return 2
	}
	id := fs.Arg(0)
	set, _ := page.Load(*root)
	for _, l := range page.Languages {
		pg := set.Get(id, l)
		if pg == nil || pg.Front.Translation.Source != l {
			continue
		}
		fmt.Fprintf(stdout, "%s\t%s\n", page.Hash(pg), pg.Path)
		return 0
	}
	fmt.Fprintf(stderr, "tools: hash: no source-language version of page %q\n", id)
	return 1
}
