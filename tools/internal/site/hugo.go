package site

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"kzportal.example/portal/tools/internal/problem"
)

// hugoConfig says how to run Hugo in this process.
type hugoConfig struct {
	Root, Dest, BaseURL string
	Log                 io.Writer // also gets Hugo's own output; may be nil
	// Watch keeps the sites for incremental rebuilds (Hugo's server mode, fast render).
	Watch bool
	// Metrics makes Hugo time every template (--templateMetrics --templateMetricsHints).
	Metrics bool
}

// A hugoSite is a Hugo site in this process: its sites, and its log read for problems.
type hugoSite struct {
	c   hugoConfig
	h   *hugolib.HugoSites
	log *logBuffer
}

// newHugo loads the site's configuration and creates its sites, as `hugo build` (or, with
// Watch, `hugo server`) would with the flags the pipeline always used: the cache in the
// work folder, i18n and path warnings on (they become problems), no build lock. Hugo's
// memory limit (HUGO_MEMORYLIMIT) must be set before this, as Hugo reads it here.
func newHugo(c hugoConfig) (*hugoSite, problem.List) {
	log := &logBuffer{also: c.Log}
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, DistinctLevel: logg.LevelWarn,
		StdOut: log, StdErr: log, StoreErrors: c.Watch})
	cfg := config.New()
	cfg.Set("workingDir", c.Root)
	cfg.Set("publishDir", c.Dest)
	cfg.Set("cacheDir", filepath.Join(c.Root, WorkDir, "cache"))
	cfg.Set("printI18nWarnings", true)
	cfg.Set("printPathWarnings", true)
	cfg.Set("noBuildLock", true)
	if c.BaseURL != "" {
		cfg.Set("baseURL", c.BaseURL)
	}
	if c.Metrics {
		cfg.Set("templateMetrics", true)
		cfg.Set("templateMetricsHints", true)
	}
	cfg.Set("internal", hmaps.Params{"running": c.Watch, "watch": c.Watch, "fastRenderMode": c.Watch})
	if c.Watch {
		// A preview has no use for the sitemaps and robots.txt, which Hugo would otherwise
		// render again after every change, each sitemap listing every page.
		cfg.Set("disableKinds", append(disabledKinds(c.Root), "sitemap", "robotstxt"))
	}
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{Flags: cfg, Fs: hugofs.Os,
		Logger: logger, Environment: "production"})
	if err != nil {
		return nil, append(hugoProblems(c.Root, err), warnings(c.Root, log.take())...)
	}
	base := configs.Base
	cfg.Set("publishDir", base.PublishDir)
	cfg.Set("publishDirStatic", base.PublishDir)
	cfg.Set("publishDirDynamic", base.PublishDir)
	fs := hugofs.NewFromSourceAndDestination(hugofs.Os, hugofs.Os, cfg)
	fs.PublishDir = hugofs.NewCreateCountingFs(fs.PublishDir) // for "Duplicate target paths"
	h, err := hugolib.NewHugoSites(deps.DepsCfg{Configs: configs, Fs: fs, StdOut: log, StdErr: log, LogLevel: logg.LevelWarn})
	if err != nil {
		return nil, append(hugoProblems(c.Root, err), warnings(c.Root, log.take())...)
	}
	return &hugoSite{c: c, h: h, log: log}, warnings(c.Root, log.take())
}

// close releases the sites.
func (hs *hugoSite) close() { hs.h.Close() }

// disabledKinds are the kinds of pages config.toml disables.
func disabledKinds(root string) []string {
	var cfg struct {
		DisableKinds []string `toml:"disableKinds"`
	}
	if src, err := os.ReadFile(filepath.Join(root, "config.toml")); err == nil {
		_ = decodeTOML(src, &cfg)
	}
	return cfg.DisableKinds
}

// build runs a full build, or with events a rebuild of what they change (Watch only). It
// returns Hugo's error as problems, and as it is.
func (hs *hugoSite) build(cfg hugolib.BuildCfg, events ...fsnotify.Event) (problem.List, error) {
	cfg.NoBuildLock = true
	err := hs.h.Build(cfg, events...)
	probs := warnings(hs.c.Root, hs.log.take())
	if err != nil {
		probs = append(hugoProblems(hs.c.Root, err), probs...)
	}
	return probs, err
}

// copyStatic copies the files of every static mount into the destination, as Hugo's own
// command does beside the build: Hugo's sites render pages, not static files.
func (hs *hugoSite) copyStatic() error {
	for _, sfs := range hs.h.BaseFs.SourceFilesystems.Static {
		err := afero.Walk(sfs.Fs, "", func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			b, err := afero.ReadFile(sfs.Fs, p)
			if err != nil {
				return err
			}
			return writeFile(filepath.Join(hs.c.Dest, p), b)
		})
		if err != nil && !herrors.IsNotExist(err) { // no static folder at all
			return fmt.Errorf("copying static files: %w", err)
		}
	}
	return nil
}

// writeFile writes b to p, making its folder.
func writeFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// warnings turns the WARN and ERROR lines of Hugo's log into problems. Hugo's own
// --panicOnWarning would panic in a render goroutine, which no caller can recover from.
func warnings(root, log string) problem.List {
	var probs problem.List
	for _, line := range strings.Split(log, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "WARN") || strings.HasPrefix(line, "ERROR") {
			probs.Add(hugoProblem(root, "hugo.warning", line))
		}
	}
	return probs
}

// A logBuffer collects Hugo's log lines (and passes them on to also).
type logBuffer struct {
	mu   sync.Mutex
	b    bytes.Buffer
	also io.Writer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.also != nil {
		l.also.Write(p)
	}
	return l.b.Write(p)
}

// take returns what was logged since the last take.
func (l *logBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}
