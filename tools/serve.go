package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/preview"
	"kzportal.example/portal/tools/internal/site"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	root := fset.String("root", ".", "the site's root folder")
	addr := fset.String("addr", "127.0.0.1:1313", "where to listen (keep it on the loopback address)")
	if fset.Parse(args) != nil || fset.NArg() > 0 {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return serve(ctx, *root, *addr, stdout, stderr)
}

// serve builds the site, serves public/ as Netlify would, and rebuilds when a source file
// changes, until ctx ends.
func serve(ctx context.Context, root, addr string, stdout, stderr io.Writer) int {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "tools: serve: -addr %q: %v\n", addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "tools: serve: %s is not a loopback address; the preview is for this machine only\n", host)
		return 2
	}
	netlify, err := preview.Load(filepath.Join(root, "netlify.toml"))
	if err != nil {
		fmt.Fprintf(stderr, "tools: serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "tools: serve: %v\n", err)
		return 1
	}
	base := "http://" + ln.Addr().String() + "/"
	rebuild := func() {
		start := time.Now()
		probs, err := site.Build(site.Options{Root: root, BaseURL: base})
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "tools: serve: build: %v\n", err)
		case len(probs.Errors()) > 0:
			probs.Write(stderr, false)
			fmt.Fprintf(stderr, "serve: %d problem(s); still serving the previous build\n", len(probs.Errors()))
		default:
			probs.Write(stderr, false) // warnings
			fmt.Fprintf(stdout, "serve: built in %v\n", time.Since(start).Round(time.Millisecond))
		}
	}
	rebuild()
	srv := &http.Server{Handler: preview.Handler(filepath.Join(root, "public"), netlify)}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go watch(ctx, root, 250*time.Millisecond, rebuild)
	fmt.Fprintf(stdout, "serve: %s (Ctrl+C to stop)\n", base)
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "tools: serve: %v\n", err)
		return 1
	}
	return 0
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
