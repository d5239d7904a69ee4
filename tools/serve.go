package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

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
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "tools: serve: -addr %q: %v\n", *addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "tools: serve: %s is not a loopback address; the preview is for this machine only\n", host)
		return 2
	}
	rules, err := loadHeaderRules(filepath.Join(*root, "netlify.toml"))
	if err != nil {
		fmt.Fprintf(stderr, "tools: serve: %v\n", err)
		return 1
	}
	base := "http://" + net.JoinHostPort(host, port) + "/"
	rebuild := func() {
		start := time.Now()
		probs, err := site.Build(site.Options{Root: *root, BaseURL: base})
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "tools: serve: build: %v\n", err)
		case len(probs.Errors()) > 0:
			probs.Write(stderr, false)
			fmt.Fprintf(stderr, "serve: %d problem(s); still serving the previous build\n", len(probs.Errors()))
		default:
			fmt.Fprintf(stdout, "serve: built in %v\n", time.Since(start).Round(time.Millisecond))
		}
	}
	rebuild()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "tools: serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "serve: %s (Ctrl+C to stop)\n", base)
	go watch(*root, 300*time.Millisecond, rebuild)
	srv := &http.Server{Handler: withHeaders(rules, http.FileServer(http.Dir(filepath.Join(*root, "public"))))}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintf(stderr, "tools: serve: %v\n", err)
		return 1
	}
	return 0
}

// A headerRule is one [[headers]] table of netlify.toml.
type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

func loadHeaderRules(path string) ([]headerRule, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Headers []headerRule `toml:"headers"`
	}
	if err := toml.Unmarshal(src, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg.Headers, nil
}

// matches reports whether a Netlify path pattern (an exact path, or a prefix ending in *)
// covers p.
func (r headerRule) matches(p string) bool {
	if prefix, ok := strings.CutSuffix(r.For, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == r.For
}

// withHeaders sets, as Netlify does, the headers of every rule that matches the request.
func withHeaders(rules []headerRule, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if rule.matches(r.URL.Path) {
				for k, v := range rule.Values {
					w.Header().Set(k, v)
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// watch calls rebuild whenever a source file's size or modification time changes.
func watch(root string, every time.Duration, rebuild func()) {
	last := stamp(root)
	for range time.Tick(every) {
		if now := stamp(root); now != last {
			last = now
			rebuild()
		}
	}
}

// stamp summarises the sources' names, sizes and modification times.
func stamp(root string) string {
	var b strings.Builder
	for _, dir := range []string{"content", "themes", "i18n", "data", "config.toml", "netlify.toml"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
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
