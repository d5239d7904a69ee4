package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/problem"
)

// runSummaries prints each page's one-sentence summary with its SMS length, for hotline
// staff who text them to callers.
func runSummaries(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("summaries", stderr)
	root := fs.String("root", ".", "the site's root folder")
	only := fs.String("lang", "", "only the summaries in this language (kk, ru or en); also the language of the messages")
	if !parse(fs, args, 0) {
		return 2
	}
	if *only != "" && !slices.Contains(page.AllLanguages(), *only) {
		fmt.Fprintf(stderr, "summaries: -lang %q: use kk, ru or en\n", *only)
		fs.Usage()
		return 2
	}
	pr := problem.NewPrinter(problem.Lang(*only))
	set, probs := page.Load(*root, "shelters/records")
	if len(probs.Errors()) > 0 {
		pr.Write(stderr, probs.Errors(), false)
		return 1
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, pr.T("summaries.header", nil))
	for _, id := range set.IDs() {
		for _, l := range page.AllLanguages() {
			pg := set.Get(id, l)
			if pg == nil || (*only != "" && l != *only) {
				continue
			}
			n, limit := page.SMSLength(pg.Front.Summary)
			fmt.Fprintf(w, "%s\t%s\t%d/%d\t%s\n", id, l, n, limit, pg.Front.Summary)
		}
	}
	w.Flush()
	return 0
}
