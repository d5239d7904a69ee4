package preview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/site"
	"kzportal.example/portal/tools/internal/watch"
)

// Pause is how long the sources must stay unchanged before a change is built: editors save
// a file in several steps, and a batch of files (a folder copied in) is one change.
const Pause = 25 * time.Millisecond

// A Server is serve's preview: it builds the site into its own folder, serves it as Netlify
// would, watches the sources, rebuilds incrementally on each change (site.Preview) and
// tells the open pages (Live).
type Server struct {
	Site    site.Options // Root, Out (the preview's folder), BaseURL; Now for tests
	Netlify *Config
	Printer *problem.Printer // the editor's language
	Stdout  io.Writer
	Stderr  io.Writer
	// Beside, when set, serves the paths its patterns name (http.ServeMux patterns) beside
	// the site: edit's local backend of the editing interface.
	Beside map[string]http.Handler
	// Plain are the folders (/admin/) whose pages are sent as built, without the script
	// that reloads them: the editing interface must not reload under an editor's hands.
	Plain []string
	// Gate, when set, stands before the site's files: edit's key for /admin/.
	Gate func(http.Handler) http.Handler
	// Ready, when set, is printed once the preview serves, after its address.
	Ready string
	// Built, when set, is told after each build how long it took (benchmarks).
	Built func(took time.Duration, probs problem.List)

	live     *Live
	warnings string // the warnings last printed
}

// Run builds, then serves on ln until ctx ends. It returns the exit status: 0 when stopped,
// 1 when serving failed.
func (s *Server) Run(ctx context.Context, ln net.Listener) int {
	pr := s.Printer
	if abs, err := filepath.Abs(s.Site.Root); err == nil {
		s.Site.Root = abs // events name absolute paths
	}
	s.live = NewLive()
	pv := site.NewPreview(s.Site)
	defer pv.Close()
	// Watch before the first build, so that nothing saved meanwhile is missed.
	w, err := watch.New(s.Site.Root, site.SourceFiles)
	if err != nil {
		fmt.Fprintf(s.Stderr, "serve: %s\n", pr.T("tool.failed", problem.Args{"Err": err.Error()}))
		return 1
	}
	s.update(pv, nil)
	mux := http.NewServeMux()
	var files http.Handler = s.live.Handler(&Site{Dir: s.Site.Out, Config: s.Netlify, Page: pv.Page, Plain: s.Plain})
	if s.Gate != nil {
		files = s.Gate(files)
	}
	mux.Handle("/", files)
	for pattern, h := range s.Beside {
		mux.Handle(pattern, h)
	}
	srv := &http.Server{Handler: OnlyHosts(Hosts(ln.Addr().String()), pr, s.Stderr, mux), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() {
		err := w.Run(ctx, Pause, func(events []fsnotify.Event) { s.update(pv, events) })
		if err != nil {
			fmt.Fprintf(s.Stderr, "serve: %s\n", pr.T("tool.failed", problem.Args{"Err": err.Error()}))
		}
	}()
	fmt.Fprintf(s.Stdout, "serve: http://%s/ %s\n", ln.Addr(), pr.T("serve.stop_hint", nil))
	if s.Ready != "" {
		fmt.Fprintln(s.Stdout, s.Ready)
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(s.Stderr, "serve: %v\n", err)
		return 1
	}
	return 0
}

// update builds after a change, prints the outcome and tells the open pages.
func (s *Server) update(pv *site.Preview, events []fsnotify.Event) {
	pr := s.Printer
	start := time.Now()
	probs, err := pv.Update(events)
	took := time.Since(start)
	errs := probs.Errors()
	switch {
	case err != nil:
		msg := pr.T("tool.failed", problem.Args{"Err": err.Error()})
		fmt.Fprintf(s.Stderr, "serve: %s\n", msg)
		s.live.Built(&Report{Lang: pr.Lang, Title: pr.T("serve.overlay_title", problem.Args{"Count": 1}),
			Note: pr.T("serve.overlay_note", nil), Items: []Item{{Where: "serve", Message: msg}}})
	case len(errs) > 0:
		pr.Write(s.Stderr, append(errs, probs.Warnings()...), false)
		fmt.Fprintf(s.Stderr, "serve: %s\n", pr.T("serve.failed", problem.Args{"Count": len(errs)}))
		s.live.Built(s.report(errs))
	default:
		if ws := pr.FormatList(probs); ws != s.warnings { // warnings, printed again only when they change
			s.warnings = ws
			pr.Write(s.Stderr, probs, false)
		}
		fmt.Fprintf(s.Stdout, "serve: %s\n", pr.T("serve.built", problem.Args{"Ms": took.Milliseconds()}))
		s.live.Built(nil)
	}
	if s.Built != nil {
		s.Built(took, probs)
	}
}

// report is a failed build's problems as the open pages show them.
func (s *Server) report(errs problem.List) *Report {
	pr := s.Printer
	r := &Report{Lang: pr.Lang, Title: pr.T("serve.overlay_title", problem.Args{"Count": len(errs)}),
		Note: pr.T("serve.overlay_note", nil)}
	for _, p := range errs {
		where := p.Path
		if p.Line > 0 {
			where += fmt.Sprintf(":%d", p.Line)
			if p.Col > 0 {
				where += fmt.Sprintf(":%d", p.Col)
			}
		}
		r.Items = append(r.Items, Item{Where: where, Message: pr.Message(p), Hint: pr.HintText(p)})
	}
	return r
}
