package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/preview"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/site"
)

// PreviewDir is where serve builds the site: its own folder in the work folder, so that
// public/ only ever holds a site built for its real address.
const PreviewDir = site.WorkDir + "/preview"

func runServe(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("serve", stderr)
	root := fset.String("root", ".", "the site's root folder")
	addr := fset.String("addr", "127.0.0.1:1313", "where to listen (keep it on the loopback address)")
	lang := fset.String("lang", "", "language of the messages: kk, ru or en (default $PORTAL_LANG, then $LANG)")
	if !parse(fset, args, 0) {
		return 2
	}
	ctx, stop := stopContext()
	defer stop()
	return serve(ctx, *root, *addr, problem.NewPrinter(problem.Lang(*lang)), stdout, stderr)
}

// stopContext is done on Ctrl+C, on kill (SIGTERM) and when the terminal closes; and when the
// parent process dies, as `go run` does when it is killed (it does not pass SIGTERM on), so
// that no preview is left holding the port.
func stopContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
	return ctx, stop
}

// serve builds the site into PreviewDir, serves it as Netlify would, and rebuilds what a
// change of the sources touches as soon as it is saved, until ctx ends; open pages reload
// (preview.Server).
func serve(ctx context.Context, root, addr string, pr *problem.Printer, stdout, stderr io.Writer) int {
	return serveSite(ctx, root, addr, false, pr, stdout, stderr)
}

// serveSite is serve; with edit it also builds the editing interface at /admin/ for local
// editing and serves its local backend at cms.APIPath (go run ./tools edit).
func serveSite(ctx context.Context, root, addr string, edit bool, pr *problem.Printer, stdout, stderr io.Writer) int {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: -addr %q: %v\n", addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "serve: %s\n", pr.T("serve.not_loopback", problem.Args{"Host": host}))
		return 2
	}
	netlify, err := preview.Load(filepath.Join(root, "netlify.toml"))
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintf(stderr, "serve: %s\n", pr.T("serve.port_in_use", problem.Args{"Addr": addr, "Next": nextAddr(addr)}))
		} else {
			fmt.Fprintf(stderr, "serve: %v\n", err)
		}
		return 1
	}
	base := "http://" + ln.Addr().String() + "/"
	srv := &preview.Server{
		Site:    site.Options{Root: root, Out: filepath.Join(root, filepath.FromSlash(PreviewDir)), BaseURL: base},
		Netlify: netlify, Printer: pr, Stdout: stdout, Stderr: stderr,
	}
	if edit {
		origin := strings.TrimSuffix(base, "/")
		srv.Site.CMS = &cms.Options{Local: base, Modules: cms.ModulesDir(root)}
		trial := site.NewTrial(site.Options{Root: root})
		api := &cms.Backend{Root: root, Origin: origin, Key: cms.NewKey(), Printer: pr, Check: trial.Check, Log: stderr}
		srv.Beside = map[string]http.Handler{cms.APIPath: api}
		srv.Gate = api.Gate
		srv.Plain = []string{"/" + cms.Path + "/"}
		srv.Ready = "edit: " + pr.T("edit.ready", problem.Args{"URL": api.EditorURL(), "Base": base})
	}
	return srv.Run(ctx, ln)
}

// nextAddr suggests the port after addr's.
func nextAddr(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	var n int
	fmt.Sscan(port, &n)
	return net.JoinHostPort(host, fmt.Sprint(n+1))
}
