package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/problem"
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
	fs := newFlags(name, stderr)
	root := fs.String("root", ".", "the site's root folder")
	out := fs.String("out", "", "where to publish the site (default <root>/public)")
	baseURL := fs.String("baseurl", "", "the address the site is published at (default: $URL with -production, else config.toml's baseURL)")
	verbose := fs.Bool("v", false, "show Hugo's own output, and each entry past its warn age (else counted in one line)")
	metrics := fs.Bool("templatemetrics", false, "time every template and print the table (Hugo's --templateMetrics and hints; implies -v)")
	production := fs.Bool("production", false, "refuse sample entries, entries past their age limits and a placeholder base URL")
	strict := fs.Bool("strict", false, "refuse stale translations instead of publishing them with a notice")
	lang := fs.String("lang", "", "language of the messages: kk, ru or en (default $PORTAL_LANG, then $LANG)")
	ages := ageFlags(fs)
	fs.BoolVar(&pdf, "pdf", pdf, "also print the print editions to PDF with Chromium")
	withCMS := fs.Bool("cms", false, "also publish the editing interface at /admin/ (needs npm ci --prefix "+cms.Dir+" --ignore-scripts)")
	cmsRepo := fs.String("cms-repo", "", "the GitHub repository the editing interface commits to, owner/name (default $CMS_REPO, then Netlify's $REPOSITORY_URL)")
	cmsBranch := fs.String("cms-branch", "", "the branch its changes go to by pull request (default $CMS_BRANCH, then main)")
	if !parse(fs, args, 0) || !ages.valid(fs) {
		return 2
	}
	pr := problem.NewPrinter(problem.Lang(*lang))
	o := site.Options{Root: *root, Out: *out, BaseURL: *baseURL, Production: *production, PDF: pdf,
		Strict: *strict, Progress: progress(name, pr, stderr)}
	ages.apply(&o)
	if *withCMS {
		o.CMS = &cms.Options{Repo: cmp.Or(*cmsRepo, os.Getenv("CMS_REPO"), githubRepo(os.Getenv("REPOSITORY_URL"))),
			Branch: cmp.Or(*cmsBranch, os.Getenv("CMS_BRANCH"), "main")}
	}
	if o.BaseURL == "" && *production {
		o.BaseURL = os.Getenv("URL") // set by Netlify on every deploy
	}
	o.TemplateMetrics = *metrics
	if *verbose || *metrics {
		o.Log = stderr
	}
	rep, probs, err := site.Build(o)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", name, pr.T("tool.failed", problem.Args{"Err": err.Error()}))
		return 1
	}
	if errs := probs.Errors(); len(errs) > 0 {
		pr.Write(stderr, problems(probs), false)
		fmt.Fprintf(stderr, "%s: %s\n", name, pr.T("build.failed", problem.Args{"Count": len(errs)}))
		return 1
	}
	warnings, aged := splitAged(probs)
	if *verbose {
		warnings, aged = probs, nil
	}
	pr.Write(stderr, warnings, false)
	if len(aged) > 0 {
		fmt.Fprintf(stderr, "%s: %s\n", name, pr.T("build.aged", problem.Args{"Count": len(aged)}))
	}
	fmt.Fprintf(stdout, "%s: %s\n", name, closingLine(pr, rep))
	return 0
}

// splitAged parts a clean build's warnings into those printed one by one and the warnings
// that directory entries are past their warn age: those the shipped data always has (its
// sources are dated), so a build says them in one line and `check` (or build -v) names each.
func splitAged(warnings problem.List) (rest, aged problem.List) {
	for _, p := range warnings {
		if p.Code == "record.listed_old" || p.Code == "record.called_old" {
			aged = append(aged, p)
		} else {
			rest = append(rest, p)
		}
	}
	return rest, aged
}

// problems orders a failed build's findings: errors, then the warnings that came with them.
func problems(l problem.List) problem.List {
	return append(l.Errors(), l.Warnings()...)
}

// closingLine says in one line what a build published.
func closingLine(pr *problem.Printer, r *site.Report) string {
	var langs []string
	for _, l := range page.AllLanguages() {
		langs = append(langs, fmt.Sprintf("%s %d", l, r.Pages[l]))
	}
	parts := []string{
		pr.T("build.published", problem.Args{"Out": r.Out}),
		pr.T("build.pages", problem.Args{"Count": r.Pages["en"], "Langs": strings.Join(langs, ", ")}),
		pr.T("build.entries", problem.Args{"Count": r.Entries}),
	}
	switch {
	case r.PDFsKept:
		parts = append(parts, pr.T("build.pdfs_kept", problem.Args{"Count": r.PDFs}))
	case r.PDFs > 0:
		parts = append(parts, pr.T("build.pdfs", problem.Args{"Count": r.PDFs}))
	case r.PDFsDropped > 0:
		parts = append(parts, pr.T("build.pdfs_dropped", problem.Args{"Count": r.PDFsDropped}))
	}
	if r.Placeholder {
		parts = append(parts, pr.T("build.base_url_placeholder", problem.Args{"URL": r.BaseURL}))
	} else {
		parts = append(parts, pr.T("build.base_url", problem.Args{"URL": r.BaseURL}))
	}
	parts = append(parts, pr.T("build.took", problem.Args{"Seconds": fmt.Sprintf("%.1f", r.Took.Seconds())}))
	return strings.Join(parts, "; ")
}

// progress returns what tells a person at a terminal which long step runs now; nil (say
// nothing) when stderr is not a terminal, as in CI logs and tests.
func progress(name string, pr *problem.Printer, stderr io.Writer) func(string) {
	if !isTerminal(stderr) {
		return nil
	}
	start := time.Now()
	return func(step string) {
		fmt.Fprintf(stderr, "%s: %s (%.0f s)\n", name, pr.T("progress."+step, nil), time.Since(start).Seconds())
	}
}

// ageFlags are the freshness limits of directory entries and the day they are counted
// from, shared by build and check.
type ages struct {
	calledWarn, listedWarn, calledMax, listedMax *int
	today                                        *string
	now                                          time.Time
}

func ageFlags(fs *flag.FlagSet) ages {
	return ages{
		today:      fs.String("today", "", "count ages from this day (YYYY-MM-DD) instead of today: for tests, and to rebuild an old site"),
		calledWarn: fs.Int("called-warn", 180, "warn about entries checked by phone longer ago than this many days"),
		listedWarn: fs.Int("listed-warn", 365, "warn about entries taken from a source older than this many days"),
		calledMax:  fs.Int("called-max", 365, "with -production, refuse entries checked by phone longer ago than this many days"),
		listedMax:  fs.Int("listed-max", 3*365, "with -production, refuse entries taken from a source older than this many days"),
	}
}

// valid reads -today; a bad value is bad usage.
func (a *ages) valid(fs *flag.FlagSet) bool {
	if *a.today == "" {
		return true
	}
	t, err := time.Parse("2006-01-02", *a.today)
	if err != nil {
		fmt.Fprintf(fs.Output(), "%s: -today %q: write the day as YYYY-MM-DD\n", fs.Name(), *a.today)
		fs.Usage()
		return false
	}
	a.now = t
	return true
}

func (a ages) apply(o *site.Options) {
	o.Now = a.now
	day := 24 * time.Hour
	o.Ages = site.Ages{CalledWarn: time.Duration(*a.calledWarn) * day, ListedWarn: time.Duration(*a.listedWarn) * day,
		CalledMax: time.Duration(*a.calledMax) * day, ListedMax: time.Duration(*a.listedMax) * day}
}

// githubRepo returns owner/name of a GitHub repository's address as Netlify gives it in
// $REPOSITORY_URL (https://github.com/owner/name or git@github.com:owner/name.git), or "".
func githubRepo(u string) string {
	for _, prefix := range []string{"https://github.com/", "http://github.com/", "git@github.com:", "ssh://git@github.com/"} {
		if rest, ok := strings.CutPrefix(u, prefix); ok {
			rest = strings.TrimSuffix(strings.TrimSuffix(rest, "/"), ".git")
			if owner, name, ok := strings.Cut(rest, "/"); ok && owner != "" && name != "" && !strings.Contains(name, "/") {
				return rest
			}
		}
	}
	return ""
}
