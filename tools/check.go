package main

import (
	"fmt"
	"io"

	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/site"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	root := fs.String("root", ".", "the site's root folder")
	asJSON := fs.Bool("json", false, "print problems as a JSON array, with stable codes")
	production := fs.Bool("production", false, "check as a production build does (no samples, age limits)")
	strict := fs.Bool("strict", false, "report stale translations as errors")
	lang := fs.String("lang", "", "language of the messages: kk, ru or en (default $PORTAL_LANG, then $LANG)")
	ages := ageFlags(fs)
	if !parse(fs, args, 0) || !ages.valid(fs) {
		return 2
	}
	pr := problem.NewPrinter(problem.Lang(*lang))
	o := site.Options{Root: *root, Production: *production, Strict: *strict}
	ages.apply(&o)
	_, probs, err := site.Check(o)
	if err != nil {
		fmt.Fprintf(stderr, "check: %s\n", pr.T("tool.failed", problem.Args{"Err": err.Error()}))
		return 1
	}
	errs := len(probs.Errors())
	pr.Write(stdout, problems(probs), *asJSON)
	switch {
	case *asJSON:
	case len(probs) == 0:
		fmt.Fprintf(stderr, "check: %s\n", pr.T("check.clean", nil))
	default:
		fmt.Fprintf(stderr, "check: %s, %s\n", pr.T("check.problems", problem.Args{"Count": errs}),
			pr.T("check.warnings", problem.Args{"Count": len(probs) - errs}))
	}
	if errs > 0 {
		return 1
	}
	return 0
}
