// Tools builds, checks and previews the portal.
//
// Usage:
//
//	go run ./tools build [-root dir] [-out dir] [-baseurl url] [-production] [-pdf] [-templatemetrics] [-cms [-cms-repo owner/name]]
//	go run ./tools print [build flags]
//	go run ./tools check [-root dir] [-json]
//	go run ./tools serve [-root dir] [-addr 127.0.0.1:1313] [-lang ru]
//	go run ./tools edit [-root dir] [-addr 127.0.0.1:1313] [-lang ru]
//	go run ./tools hash [-root dir] page-id
//	go run ./tools summaries [-root dir] [-lang ru]
//	go run ./tools weights [-dir public] [-top 20]
//	go run ./tools bench [-sizes 100,1000,10000] [-pages 20] [-serve] [-out BENCHMARKS.md]
//
// build validates the content, builds the site with Hugo into a temporary folder, checks
// the output, and only then replaces public/ with it; print does the same and also prints
// every print edition to PDF with Chromium. With -cms either also publishes the editing
// interface at /admin/. check validates without building.
// serve builds into .build/preview, serves it on a local address with the portal's security
// headers, rebuilds what a saved change touches, and makes the pages open in a browser
// reload, or show the problems of a change that broke the build. edit does what serve does
// and also serves the editing interface at /admin/ (Decap CMS) with its local backend, which
// writes what an editor saves in its forms into content/ of the working tree. hash prints the source hash a translation of a page
// records in translation.source_hash.
//
// Problems are printed as path:line:col: message, each with a hint, all at once. The exit
// status is 0 when all is well, 1 when problems were found, 2 for bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/mattn/go-isatty"
)

func main() {
	log.SetPrefix("tools: ")
	log.SetFlags(0)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: go run ./tools <command> [flags]

commands:
  build   validate, build with Hugo, check the output, publish to public/
  print   build, and print the print editions to PDF (needs Chromium)
  check   validate the content without building
  serve   preview on 127.0.0.1: a saved change shows in the open page
  edit    preview, with the editing interface at /admin/ writing into content/ (needs Node.js)
  hash    print a page's source hash for its translations
  summaries  print page summaries with their SMS length, for hotline staff
  weights    print the page-weight report of a built site
  bench      measure the whole build on synthetic sites against plain Hugo

Run 'go run ./tools <command> -h' for a command's flags.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{
		"build":     runBuild,
		"print":     runPrint,
		"check":     runCheck,
		"serve":     runServe,
		"edit":      runEdit,
		"hash":      runHash,
		"weights":   runWeights,
		"summaries": runSummaries,
		"bench":     runBench,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "tools: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}

// newFlags returns the flag set of a command; its usage names the command.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./tools %s [flags]\n\nflags:\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// parse reads the flags of a command that takes nargs arguments (-1: any number). On bad
// usage it prints what was wrong and the usage, and returns false: the command exits 2.
func parse(fs *flag.FlagSet, args []string, nargs int) bool {
	if err := fs.Parse(args); err != nil {
		return false // the flag package printed the error and the usage
	}
	if nargs >= 0 && fs.NArg() != nargs {
		if fs.NArg() > nargs {
			fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(nargs))
		} else {
			fmt.Fprintf(fs.Output(), "%s: missing argument\n", fs.Name())
		}
		fs.Usage()
		return false
	}
	return true
}

// isTerminal reports whether w is a terminal a person watches.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
