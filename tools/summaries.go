package main

import (
	"flag"
	"fmt"
	"io"
	"slices"

	"kzportal.example/portal/tools/internal/page"
)

// runSummaries prints each page's one-sentence summary with its SMS length, for hotline
// staff who text them to callers.
func runSummaries(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("summaries", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's root folder")
	lang := fs.String("lang", "", "only this language (kk, ru or en)")
	if fs.Parse(args) != nil || fs.NArg() > 0 || (*lang != "" && !slices.Contains(page.Languages, *lang)) {
		return 2
	}
	set, probs := page.Load(*root, "shelters/records")
	if len(probs.Errors()) > 0 {
		probs.Write(stderr, false)
		return 1
	}
	for _, id := range set.IDs() {
		for _, l := range page.Languages {
			pg := set.Get(id, l)
			if pg == nil || (*lang != "" && l != *lang) {
				continue
			}
			n, limit := page.SMSLength(pg.Front.Summary)
			fmt.Fprintf(stdout, "%s\t%s\t%d/%d\t%s\n", id, l, n, limit, pg.Front.Summary)
		}
	}
	return 0
}
