package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

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
	// Stop on Ctrl+C, on kill (SIGTERM) and when the terminal closes; and when the parent
	// process dies, as `go run` does when it is killed (it does not pass SIGTERM on), so
	// that no preview is left holding the port.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
	return serve(ctx, *root, *addr, problem.NewPrinter(problem.Lang(*lang)), stdout, stderr)
}

// serve builds the site into PreviewDir, serves it as Netlify would, and rebuilds when a
// source file changes, until ctx ends.
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
	out := filepath.Join(root, filepath.FromSlash(PreviewDir))
	o := site.Options{Root: root, Out: out, BaseURL: base}
	mux := http.NewServeMux()
	mux.Handle("/", preview.Handler(out, netlify))
	if edit {
		o.CMS = &cms.Options{Local: base, Modules: cms.ModulesDir(root)}
		api, err := cms.Backend{Modules: o.CMS.Modules, Root: root, Origin: strings.TrimSuffix(base, "/"), Log: stderr}.Start(ctx)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "edit: %s\n", editProblem(pr, err))
			return 1
		}
		mux.Handle(cms.APIPath, api)
	}
	rebuild := func() {
		_, probs, err := site.Build(o)
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "serve: %s\n", pr.T("tool.failed", problem.Args{"Err": err.Error()}))
		case len(probs.Errors()) > 0:
			pr.Write(stderr, problems(probs), false)
			fmt.Fprintf(stderr, "serve: %s\n", pr.T("serve.failed", problem.Args{"Count": len(probs.Errors())}))
		default:
			pr.Write(stderr, probs, false) // warnings
			fmt.Fprintf(stdout, "serve: %s\n", pr.T("serve.built", nil))
		}
	}
	rebuild()
	srv := &http.Server{Handler: mux}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go watch(ctx, root, 250*time.Millisecond, rebuild)
	fmt.Fprintf(stdout, "serve: %s %s\n", base, pr.T("serve.stop_hint", nil))
	if edit {
		fmt.Fprintf(stdout, "edit: %s\n", pr.T("edit.ready", problem.Args{"URL": base}))
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	return 0
}

// nextAddr suggests the port after addr's.
func nextAddr(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	var n int
	fmt.Sscan(port, &n)
	return net.JoinHostPort(host, fmt.Sprint(n+1))
}

// watch calls rebuild whenever a source file's size or modification time changes.
func watch(ctx context.Context, root string, every time.Duration, rebuild func()) {
	last := stamp(root)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if now := stamp(root); now != last {
				last = now
				rebuild()
			}
		}
	}
}

// stamp summarises the sources' names, sizes and modification times.
func stamp(root string) string {
	var b strings.Builder
	for _, name := range site.SourceFiles {
		filepath.WalkDir(filepath.Join(root, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if info, err := d.Info(); err == nil && !d.IsDir() {
				fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}
