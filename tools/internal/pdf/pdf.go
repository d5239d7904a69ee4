// Package pdf prints the portal's print editions to PDF with headless Chromium (Debian's
// chromium package), driven with chromedp. The pages are served from the built folder on
// 127.0.0.1 and nothing else is loaded.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// A Job prints one page of the built site to one PDF.
type Job struct {
	Page  string // slash path under the site folder, e.g. ru/rights/print.html
	Out   string // slash path of the PDF, e.g. ru/rights/print-a4.pdf
	Paper string // "a4" or "a5"
}

// Jobs lists what to print in a built site: every leaflet (print.html) in A4 and A5, except
// region shelter lists (A4 only), and every pocket-card sheet (card.html) in A4.
func Jobs(dir string) ([]Job, error) {
	var jobs []Job
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		base := strings.TrimSuffix(rel, ".html")
		switch d.Name() {
		case "print.html":
			jobs = append(jobs, Job{rel, base + "-a4.pdf", "a4"})
			if !strings.Contains(rel, "/shelters/regions/") {
				jobs = append(jobs, Job{rel, base + "-a5.pdf", "a5"})
			}
		case "card.html":
			jobs = append(jobs, Job{rel, base + "-a4.pdf", "a4"})
		}
		return nil
	})
	return jobs, err
}

// ErrNoChromium says how to get the browser the PDFs need.
var ErrNoChromium = errors.New("Chromium was not found: install it (on Debian: apt-get install chromium) " +
	"or set CHROMIUM_PATH to its binary; the site itself builds without it")

// FindChromium returns the browser to print with: path if set, else CHROMIUM_PATH, else the
// first of the usual names on PATH.
func FindChromium(path string) (string, error) {
	candidates := []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"}
	if v := os.Getenv("CHROMIUM_PATH"); v != "" {
		candidates = []string{v}
	}
	if path != "" {
		candidates = []string{path}
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Render prints every job of the site in dir. baseURL is the address the site was built for;
// its pages are served from dir at that path on a local port, so links and images resolve.
func Render(dir, chromium string, jobs []Job) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	defer srv.Close()
	root := "http://" + ln.Addr().String() + "/"

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer func() { chromedp.Cancel(ctx); cancel() }()
	if err := chromedp.Do(ctx); err != nil {
		return fmt.Errorf("starting %s: %w", chromium, err)
	}
	for _, j := range jobs {
		if err := render(ctx, root, dir, j); err != nil {
			return fmt.Errorf("%s: %w", j.Out, err)
		}
	}
	return nil
}

func render(ctx context.Context, root, dir string, j Job) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(root+j.Page)); err != nil {
		return err
	}
	paper := chromedp.PaperA4
	if j.Paper == "a5" {
		paper = chromedp.PaperA5
	}
	buf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, filepath.FromSlash(j.Out)), buf, 0o644)
}
