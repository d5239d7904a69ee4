package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/problem"
)

// runEdit starts the editing interface for this working tree: the preview of serve, which
// also builds /admin/ (Decap CMS) with the local backend, so that an editor changes pages
// and directory entries in forms, without an account; what she saves is written into
// content/ and rebuilt into the preview like a file saved by hand. The first time, it
// installs the interface (npm ci).
func runEdit(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("edit", stderr)
	root := fset.String("root", ".", "the site's root folder (the working tree the editor writes into)")
	addr := fset.String("addr", "127.0.0.1:1313", "where to listen (keep it on the loopback address)")
	lang := fset.String("lang", "", "language of the messages: kk, ru or en (default $PORTAL_LANG, then $LANG, then ru, the interface's)")
	if !parse(fset, args, 0) {
		return 2
	}
	ctx, stop := stopContext()
	defer stop()
	pr := problem.NewPrinter(problem.LangOr(*lang, "ru"))
	if code := install(ctx, *root, pr, stderr); code != 0 {
		return code
	}
	return serveSite(ctx, *root, *addr, true, pr, stdout, stderr)
}

// install installs the editing interface the first time, from its lock file (npm ci, install
// scripts off), so that one command starts the editor on a fresh clone.
func install(ctx context.Context, root string, pr *problem.Printer, stderr io.Writer) int {
	if _, err := os.Stat(cms.BundleFile(cms.ModulesDir(root))); err == nil {
		return 0
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		fmt.Fprintf(stderr, "edit: %s\n", pr.T("edit.no_npm", problem.Args{"Dir": cms.Dir}))
		return 1
	}
	fmt.Fprintf(stderr, "edit: %s\n", pr.T("edit.installing", problem.Args{"Dir": cms.Dir}))
	cmd := exec.CommandContext(ctx, npm, "ci", "--prefix", filepath.Join(root, filepath.FromSlash(cms.Dir)),
		"--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(stderr, "edit: %s\n", pr.T("edit.install_failed", problem.Args{"Dir": cms.Dir, "Err": err.Error()}))
		return 1
	}
	return 0
}
