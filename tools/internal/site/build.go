package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/hugolib"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/pdf"
	"kzportal.example/portal/tools/internal/problem"
)

// A Report says what a build published, for its closing line.
type Report struct {
	Out         string
	BaseURL     string
	Placeholder bool           // the base URL is only a placeholder (config.toml's portal.example)
	Pages       map[string]int // screen pages per language
	Entries     int            // directory entries
	PDFs        int            // PDFs published, made by this build or kept from the last one
	PDFsKept    bool           // the PDFs were kept: their sources did not change since `print`
	PDFsDropped int            // PDFs of the previous site this build did not publish again
	Took        time.Duration
}

// Build runs the whole pipeline. It returns what it published, the problems found (only
// warnings when the site was published), or an error when the pipeline itself failed.
func Build(o Options) (*Report, problem.List, error) {
	start := time.Now()
	defer limitMemory()()
	o.defaults()
	rep := &Report{Out: o.Out, BaseURL: baseURL(o), Pages: map[string]int{}}
	rep.Placeholder = Placeholder(rep.BaseURL)
	removeLeftovers(o.Out)
	o.progress("check")
	src, probs, err := Check(o)
	if err != nil || len(probs.Errors()) > 0 {
		return nil, probs, err
	}
	if o.Production && rep.Placeholder {
		probs.Add(problem.At("config.toml", 0, 0, "build.placeholder_base_url", problem.Args{"URL": rep.BaseURL}))
		return nil, probs, nil
	}
	admin, ps := adminFiles(o, src)
	probs = append(probs, ps...)
	if len(probs.Errors()) > 0 {
		return nil, probs, nil
	}
	warnings := probs
	var chromium string
	if o.PDF {
		if chromium, err = pdf.FindChromium(o.Chromium); err != nil {
			return nil, problem.List{problem.At("print", 0, 0, "print.no_chromium", nil)}, nil
		}
	}
	o.progress("generate")
	id, err := BuildID(o.Root)
	if err != nil {
		return nil, nil, err
	}
	stamp := Stamp{ID: id, AsOf: o.Now.Format("2006-01-02")}
	prev := readStamp(o.Root, o.Out)
	oldPDFs := pdfFiles(o.Out)
	keep := !o.PDF && prev.ID == stamp.ID && prev.AsOf == stamp.AsOf && len(oldPDFs) > 0 && len(oldPDFs) == prev.PDFs
	o.PDF = o.PDF || keep
	dir, err := generate(o, src, stamp)
	if err != nil {
		return nil, nil, fmt.Errorf("generating: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(o.Out), tempPrefix(o.Out))
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp) // after a successful swap this holds the previous site

	o.progress("hugo")
	if probs := runHugo(o, tmp); len(probs) > 0 {
		return nil, probs, nil
	}
	// The editing interface goes in before the audit reads the site: its pages are checked too.
	if err := writeStatic(tmp, admin); err != nil {
		return nil, nil, fmt.Errorf("generating: %w", err)
	}
	o.progress("opendata")
	runtime.GC() // Hugo's sites are closed: what they held goes before the open data are made
	defer collectLess()()
	// The audit reads the pages Hugo wrote while the open data (no page among them) are
	// written: one stage waits on the processor, the other on the disk. Its checks, which look
	// for the files links name, run once every file is there.
	built, err := audit.New(tmp, rep.BaseURL) // pages weighed only where the budget is at stake
	if err != nil {
		return nil, nil, err
	}
	var readErr error
	read := make(chan struct{})
	go func() { readErr = built.ReadDir(); close(read) }()
	defer func() { <-read }() // whatever happens, the reading ends before tmp goes
	if err := writeOpenData(dir, tmp); err != nil {
		return nil, nil, fmt.Errorf("generating: %w", err)
	}
	switch {
	case keep:
		for _, f := range oldPDFs {
			if err := copyFile(filepath.Join(o.Out, f), filepath.Join(tmp, f)); err != nil {
				return nil, nil, err
			}
		}
		rep.PDFsKept = true
	case o.PDF:
		o.progress("pdf")
		jobs, err := pdf.Jobs(tmp)
		if err != nil {
			return nil, nil, err
		}
		if err := pdf.Render(tmp, chromium, jobs); err != nil {
			return nil, problem.List{problem.At("print", 0, 0, "print.failed", problem.Args{"Err": err.Error()})}, nil
		}
	default:
		rep.PDFsDropped = len(oldPDFs)
	}
	o.progress("audit")
	if <-read; readErr != nil {
		return nil, nil, fmt.Errorf("reading the built site: %w", readErr)
	}
	if o.Audited != nil {
		o.Audited(built)
	}
	if probs := built.Check(filepath.Base(o.Out) + "/").Sort(); len(probs) > 0 {
		return nil, probs, nil
	}
	rep.PDFs = len(pdfFiles(tmp))
	for rel := range built.Pages {
		if lang, rest, ok := strings.Cut(rel, "/"); ok && strings.HasSuffix(rest, "index.html") && lang != "go" {
			rep.Pages[lang]++
		}
	}
	rep.Entries = len(src.Records)
	o.progress("publish")
	if err := swap(tmp, o.Out); err != nil {
		return nil, nil, err
	}
	stamp.PDFs = rep.PDFs
	writeStamp(o.Root, o.Out, stamp)
	rep.Took = time.Since(start)
	return rep, warnings, nil
}

// progress tells o.Progress that a long step starts.
func (o *Options) progress(step string) {
	if o.Progress != nil {
		o.Progress(step)
	}
}

// Placeholder reports whether u cannot be a published site's address: empty, not https, on
// this machine, or on a host reserved for examples (portal.example, example.org, .test …).
func Placeholder(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Hostname() == "" {
		return true
	}
	host := strings.ToLower(p.Hostname())
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified()
	}
	for _, reserved := range []string{"example", "example.com", "example.org", "example.net", "invalid", "test", "localhost"} {
		if host == reserved || strings.HasSuffix(host, "."+reserved) {
			return true
		}
	}
	return false
}

func baseURL(o Options) string {
	if o.BaseURL != "" {
		return o.BaseURL
	}
	var cfg struct {
		BaseURL string `toml:"baseURL"`
	}
	if src, err := os.ReadFile(filepath.Join(o.Root, "config.toml")); err == nil {
		_ = decodeTOML(src, &cfg)
	}
	return cfg.BaseURL
}

// A Stamp records what a published folder was built from, so that the next build can tell
// whether the PDFs in it still match their sources.
type Stamp struct {
	ID   string `json:"id"`    // BuildID of the sources
	AsOf string `json:"as_of"` // the date the build was made for
	PDFs int    `json:"pdfs"`  // how many PDFs it published
}

// stampFile is where the stamp of out is kept: in the work folder, never in the site.
func stampFile(root, out string) string {
	abs, _ := filepath.Abs(out)
	name := strings.NewReplacer("/", "_", "\\", "_", ":", "_").Replace(strings.Trim(abs, "/"))
	return filepath.Join(root, WorkDir, "published", name+".json")
}

func readStamp(root, out string) Stamp {
	var s Stamp
	if b, err := os.ReadFile(stampFile(root, out)); err == nil {
		_ = json.Unmarshal(b, &s)
	}
	return s
}

func writeStamp(root, out string, s Stamp) {
	p := stampFile(root, out)
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		b, _ := json.Marshal(s)
		_ = os.WriteFile(p, b, 0o644)
	}
}

// pdfFiles lists the PDFs under dir (slash paths relative to it).
func pdfFiles(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".pdf") {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return files
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// runHugo builds the site into dest with Hugo, in this process. Its errors, and its
// warnings (a missing translation, a missing layout, two pages at one path), are problems:
// the build must not publish a site Hugo had doubts about.
func runHugo(o Options, dest string) problem.List {
	hs, probs := newHugo(hugoConfig{Root: o.Root, Dest: dest, BaseURL: o.BaseURL, Log: o.Log, Metrics: o.TemplateMetrics})
	if hs == nil {
		return probs
	}
	var static error
	done := make(chan struct{})
	go func() { // as Hugo's own command does, beside the build
		static = hs.copyStatic()
		close(done)
	}()
	built, _ := hs.build(hugolib.BuildCfg{})
	probs = append(probs, built...)
	<-done
	if static != nil {
		probs.Add(problem.At("hugo", 0, 0, "hugo.error", problem.Args{"Text": static.Error()}))
	}
	hs.close()
	return probs
}

// hugoProblems turns Hugo's errors into problems, each at the source file and line Hugo
// names. The checks run before Hugo are meant to catch everything Hugo would refuse, so what
// reaches this is an internal error of the portal's templates.
func hugoProblems(root string, err error) problem.List {
	var probs problem.List
	for _, e := range herrors.Errors(err) {
		probs.Add(hugoProblem(root, "hugo.error", e.Error()))
	}
	if len(probs) == 0 {
		probs.Add(hugoProblem(root, "hugo.error", err.Error()))
	}
	return probs
}

// hugoPosition finds the last "file:line:col" Hugo names in a message: the innermost
// template or content file.
var hugoPosition = regexp.MustCompile(`"([^"\s]+):(\d+):(\d+)"`)

// hugoProblem is one message of Hugo's as a problem at the position it names, relative to
// the site root, and with the absolute paths of this machine taken out of its text.
func hugoProblem(root, code, text string) problem.Problem {
	p := problem.At("hugo", 0, 0, code, nil)
	prefix := filepath.ToSlash(root) + "/"
	if m := hugoPosition.FindAllStringSubmatch(text, -1); m != nil {
		last := m[len(m)-1]
		if rel, ok := strings.CutPrefix(filepath.ToSlash(last[1]), prefix); ok {
			p.Path = rel
			p.Line, _ = strconv.Atoi(last[2])
			p.Col, _ = strconv.Atoi(last[3])
		}
	}
	p.Args = problem.Args{"Text": strings.ReplaceAll(text, prefix, "")}
	return p
}

// adminFiles returns the editing interface's files when o asks for it, named by their path
// under static/ (static/admin/index.html, …); without its bundle (npm ci not run) or a
// repository to edit, that is a problem.
func adminFiles(o Options, src *Sources) (map[string][]byte, problem.List) {
	if o.CMS == nil {
		return nil, nil
	}
	files, err := cms.Files(*o.CMS, cmsInput(src))
	if err != nil {
		return nil, adminProblem(err)
	}
	return underStatic(files), nil
}

// cmsInput is what the editing interface's forms offer from the sources.
func cmsInput(src *Sources) cms.Input {
	return cms.Input{Regions: src.Regions, Sources: src.Sources, Pages: src.Pages, Catalog: src.Catalog}
}

// adminProblem is the problem the editing interface could not be made for.
func adminProblem(err error) problem.List {
	var probs problem.List
	switch {
	case errors.Is(err, cms.ErrNoBundle):
		probs.Add(problem.At(cms.Dir+"/package.json", 0, 0, "cms.no_bundle", problem.Args{"Dir": cms.Dir}))
	case errors.Is(err, cms.ErrNoRepo):
		probs.Add(problem.At("netlify.toml", 0, 0, "cms.no_repo", nil))
	default:
		probs.Add(problem.At(cms.Dir, 0, 0, "cms.failed", problem.Args{"Err": err.Error()}))
	}
	return probs
}

// underStatic names files, given by their path in the built site, by their path under static/.
func underStatic(files map[string][]byte) map[string][]byte {
	static := make(map[string][]byte, len(files))
	for name, b := range files {
		static["static/"+name] = b
	}
	return static
}
