package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"kzportal.example/portal/tools/internal/audit"
)

// runWeights prints the page-weight report of a built site: for each page the gzip bytes of
// its HTML, CSS and JS and the requests it makes, heaviest first, against the budget (which
// print editions, made for paper, are not held to); the editing interface at /admin/ is
// named apart.
func runWeights(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("weights", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "public", "the built site")
	top := fs.Int("top", 20, "how many pages to list (0: all)")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	s, err := audit.Read(*dir, "/")
	if err != nil {
		fmt.Fprintf(stderr, "tools: weights: %v\n", err)
		return 1
	}
	pages := make([]*audit.Page, 0, len(s.Pages))
	var admin []*audit.Page
	for _, pg := range s.Pages {
		if audit.Admin(pg.Path) {
			admin = append(admin, pg) // the editing interface: no public page loads it
			continue
		}
		pages = append(pages, pg)
	}
	slices.SortFunc(pages, func(a, b *audit.Page) int {
		if d := b.Weight.Total() - a.Weight.Total(); d != 0 {
			return d
		}
		return strings.Compare(a.Path, b.Path)
	})
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "gzip total\tHTML\tCSS\tJS\trequests\t page (print editions have no budget)")
	over := 0
	for i, pg := range pages {
		w := pg.Weight
		if !audit.Printed(pg.Path) && (w.Total() > audit.MaxPageGzip || s.Requests(pg) > audit.MaxRequests) {
			over++
		}
		if *top == 0 || i < *top {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t %s\n", w.Total(), w.HTML, w.CSS, w.JS, s.Requests(pg), filepath.ToSlash(pg.Path))
		}
	}
	tw.Flush()
	if len(pages) > 0 {
		largest := slices.IndexFunc(pages, func(pg *audit.Page) bool { return !audit.Printed(pg.Path) })
		fmt.Fprintf(stdout, "%d pages; largest page for the screen %s, %d bytes gzip; %d over the budget of %d bytes or %d requests\n",
			len(pages), pages[largest].Path, pages[largest].Weight.Total(), over, audit.MaxPageGzip, audit.MaxRequests)
	}
	for _, pg := range admin {
		fmt.Fprintf(stdout, "not counted: %s, the editing interface (no budget; no public page loads it), %d bytes gzip\n",
			filepath.ToSlash(pg.Path), pg.Weight.Total())
	}
	if over > 0 {
		return 1
	}
	return 0
}
