package browser

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kzportal.example/portal/tools/internal/preview"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/site"
)

// startPreview runs serve's preview of a copy of the shipped site, with its messages in
// lang, until the test ends. It returns the copy and the preview's address.
func startPreview(t *testing.T, lang string) (dir, base string) {
	t.Helper()
	dir = t.TempDir()
	if err := site.CopySources(repo, dir); err != nil {
		t.Fatal(err)
	}
	netlify, err := preview.Load(filepath.Join(dir, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String()
	built := make(chan problem.List, 1)
	srv := &preview.Server{
		Site:    site.Options{Root: dir, Out: filepath.Join(dir, ".build", "preview"), BaseURL: base + "/", Now: day},
		Netlify: netlify, Printer: problem.NewPrinter(lang), Stdout: io.Discard, Stderr: io.Discard,
		Built: func(_ time.Duration, probs problem.List) {
			select {
			case built <- probs:
			default:
			}
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- srv.Run(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	if errs := (<-built).Errors(); len(errs) > 0 {
		t.Fatalf("the first build failed:\n%v", errs)
	}
	return dir, base
}

// day is the day the preview counts the shipped entries' ages from.
var day = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// TestPreviewFollowsEdits opens a page of serve's preview in a browser and leaves it alone:
// an edit of the page's source appears in it; a broken edit shows its problem, with file
// and line, in the editor's language (Russian here), above the page; fixing it clears the
// problem and shows the fixed text.
func TestPreviewFollowsEdits(t *testing.T) {
	dir, base := startPreview(t, "ru")
	tb := newTab(t, &portal{URL: base, Exit: "https://www.google.com/"})
	pr := problem.NewPrinter("ru")
	src := filepath.Join(dir, "content", "about", "index.en.md")
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	tb.navigate(t, base+"/en/about/")
	if h1 := eval[string](t, tb, `document.querySelector("h1").textContent`); h1 != "About this portal" {
		t.Fatalf("h1 %q", h1)
	}
	// The script is the preview's: added as the page is sent, never in the built files.
	if !eval[bool](t, tb, `!!document.querySelector('script[src="/_preview/live.js"]')`) {
		t.Error("the page has no reload script")
	}
	if b, err := os.ReadFile(filepath.Join(dir, ".build", "preview", "en", "about", "index.html")); err != nil || strings.Contains(string(b), preview.LivePath) {
		t.Errorf("the built page names %s (%v)", preview.LivePath, err)
	}
	// A mark that a reload clears: the page must be a new one, not the same one changed.
	eval[chromedp.Void](t, tb, `window.previewMark = 1`)
	// waitFor waits until js is true in the tab, which may be reloading meanwhile. The limit
	// only ends a test that fails.
	waitFor := func(what, js string) {
		t.Helper()
		for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
		}
		t.Fatalf("%s; the page shows:\n%s", what, eval[string](t, tb, `document.body ? document.body.innerText.slice(0, 400) : ""`))
	}

	edited := strings.Replace(string(orig), `title: "About this portal"`, `title: "About this portal, edited"`, 1)
	write(t, src, edited)
	waitFor("the edit did not appear", `document.querySelector("h1").textContent === "About this portal, edited"`)
	if eval[bool](t, tb, `window.previewMark === 1`) {
		t.Error("the page changed without reloading")
	}

	write(t, src, strings.Replace(edited, "topic: about", "topic: [about", 1))
	waitFor("the broken edit's problem is not shown", `!!document.getElementById("preview-problems")`)
	overlay := eval[string](t, tb, `document.getElementById("preview-problems").innerText`)
	for _, want := range []string{pr.T("serve.overlay_title", problem.Args{"Count": 1}), "content/about/index.en.md:4",
		pr.T("serve.overlay_note", nil)} {
		if !strings.Contains(overlay, want) {
			t.Errorf("the problems shown lack %q:\n%s", want, overlay)
		}
	}
	if lang := eval[string](t, tb, `document.getElementById("preview-problems").lang`); lang != "ru" {
		t.Errorf("the problems are in %q, want ru", lang)
	}
	if h1 := eval[string](t, tb, `document.querySelector("h1").textContent`); h1 != "About this portal, edited" {
		t.Errorf("under the problems the page shows %q, want the last good build", h1)
	}
	// The box of problems itself passes axe (the pages under it have tests of their own;
	// covered by the box, their colours cannot be judged).
	eval[chromedp.Void](t, tb, axeSource(t))
	onBox := strings.Replace(axeRun, "axe.run(document,", `axe.run("#preview-problems",`, 1)
	for _, v := range eval[axeResult](t, tb, onBox, chromedp.EvalAwaitPromise).Violations {
		t.Errorf("the problems shown: axe %s: %s", v.ID, v.Help)
	}

	fixed := strings.Replace(string(orig), `title: "About this portal"`, `title: "About this portal, fixed"`, 1)
	write(t, src, fixed)
	waitFor("the fix did not appear", `document.querySelector("h1").textContent === "About this portal, fixed"`)
	if eval[bool](t, tb, `!!document.getElementById("preview-problems")`) {
		t.Error("the problems are still shown after the fix")
	}
	if b := tb.takeBlocked(); len(b) > 0 {
		t.Errorf("requests to other hosts: %v", b)
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
