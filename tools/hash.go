package main

import (
	"fmt"
	"io"

	"kzportal.example/portal/tools/internal/page"
)

func runHash(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("hash", stderr)
	root := fs.String("root", ".", "the site's root folder")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./tools hash [-root dir] page-id")
		fs.PrintDefaults()
	}
	if !parse(fs, args, 1) {
		return 2
	}
	id := fs.Arg(0)
	set, _ := page.Load(*root, "shelters/records")
	for _, l := range page.AllLanguages() {
		pg := set.Get(id, l)
		if pg == nil || pg.Front.Translation.Source != l {
			continue
		}
		fmt.Fprintf(stdout, "%s\t%s\n", page.Hash(pg), pg.Path)
		return 0
	}
	fmt.Fprintf(stderr, "hash: no original of page %q (page ids: %v)\n", id, set.IDs())
	return 1
}
