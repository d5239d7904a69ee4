// Package audit checks a built site before it is published: every page has a language,
// internal links and #anchors resolve, hreflang alternates resolve and are reciprocal,
// nothing is loaded from another host, and each page stays within the weight budget.
package audit

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"kzportal.example/portal/tools/internal/problem"
)

// MaxPageGzip is the budget for one page: its HTML, CSS and JS together, gzip-compressed.
const MaxPageGzip = 14 * 1024

// MaxRequests is the budget of requests for one page, the page itself included.
const MaxRequests = 4

// A Page is what the audit read from one HTML file.
type Page struct {
	Path      string // slash path relative to the site folder, e.g. kk/rights/index.html
	Lang      string
	IDs       map[string]bool
	Links     []string          // href of <a>
	Alternate map[string]string // hreflang -> href
	Resources []string          // URLs the page loads: stylesheets, scripts, images, frames
	Weight    Weight
	Escaped   bool // html/template replaced an unsafe value with ZgotmplZ
}

// Weight is a page's size in bytes, gzip-compressed.
type Weight struct{ HTML, CSS, JS int }

// Total is the sum of the parts.
func (w Weight) Total() int { return w.HTML + w.CSS + w.JS }

// Site is the audited output: a summary of each page, no more than the checks across
// pages need (ids, links, alternates, language, resources, weight). The HTML itself is
// dropped once a page is read, so a large site is never held twice in memory.
type Site struct {
	Dir     string
	BaseURL *url.URL
	Pages   map[string]*Page // by Path

	mu      sync.Mutex
	strings map[string]string // one copy of each id and address: most repeat on every page
}

// New returns an empty audit of the site being built in dir; Add each page to it, then
// call Finish. baseURL is the address the site is built for; links to it count as internal.
func New(dir, baseURL string) (*Site, error) {
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	return &Site{Dir: dir, BaseURL: base, Pages: map[string]*Page{}, strings: map[string]string{}}, nil
}

// Read audits every HTML file under dir.
func Read(dir, baseURL string) (*Site, error) {
	s, err := New(dir, baseURL)
	if err != nil {
		return nil, err
	}
	var files []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// Parse on every core: a large directory has tens of thousands of pages.
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				errs[i] = s.readFile(files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s.Finish()
	return s, nil
}

func (s *Site) readFile(file string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(s.Dir, file)
	return s.Add(filepath.ToSlash(rel), src)
}

// Add audits one page from its bytes: as the build writes it, or as Read finds it. rel is
// its slash path in the site. It is safe to call from several goroutines; a page added
// again replaces the earlier one.
func (s *Site) Add(rel string, src []byte) error {
	pg, err := parse(rel, src)
	if err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	pg.Weight.HTML = gzipSize(src)
	pg.Escaped = bytes.Contains(src, []byte("ZgotmplZ"))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.share(pg)
	s.Pages[pg.Path] = pg
	return nil
}

// share replaces the strings of pg by the copies the site already holds.
func (s *Site) share(pg *Page) {
	one := func(v string) string {
		if c, ok := s.strings[v]; ok {
			return c
		}
		v = strings.Clone(v)
		s.strings[v] = v
		return v
	}
	ids := make(map[string]bool, len(pg.IDs))
	for id := range pg.IDs {
		ids[one(id)] = true
	}
	pg.IDs = ids
	for i, l := range pg.Links {
		pg.Links[i] = one(l)
	}
	for i, r := range pg.Resources {
		pg.Resources[i] = one(r)
	}
	for k, v := range pg.Alternate {
		pg.Alternate[k] = one(v)
	}
	pg.Lang = one(pg.Lang)
}

// Finish adds to each page's weight the stylesheets and scripts it loads, each compressed
// once. Call it when every page has been added.
func (s *Site) Finish() {
	sizes := map[string]int{}
	for _, pg := range s.Pages {
		pg.Weight.CSS, pg.Weight.JS = 0, 0
		for _, r := range pg.Resources {
			file, ok := s.local(pg.Path, r)
			if ext := path.Ext(file); !ok || (ext != ".css" && ext != ".js") {
				continue
			}
			n, seen := sizes[file]
			if !seen {
				src, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(file)))
				if err != nil {
					continue // reported by Check as a broken reference
				}
				n = gzipSize(src)
				sizes[file] = n
			}
			if path.Ext(file) == ".css" {
				pg.Weight.CSS += n
			} else {
				pg.Weight.JS += n
			}
		}
	}
	s.strings = map[string]string{}
}

// gzipWriters are reused: a compressor's state is large, and a site has many pages.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression) // what CDNs typically send
	return zw
}}

// counter counts the bytes written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

func gzipSize(b []byte) int {
	var n counter
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&n)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	return int(n)
}

// parse reads what the checks need from one page with the HTML tokenizer: no tree is built.
func parse(rel string, src []byte) (*Page, error) {
	pg := &Page{Path: rel, IDs: map[string]bool{}, Alternate: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	inStyle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return nil, err
			}
			return pg, nil
		case html.TextToken:
			if inStyle {
				pg.Resources = append(pg.Resources, cssURLs(string(z.Text()))...)
			}
		case html.EndTagToken:
			inStyle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			inStyle = tt == html.StartTagToken && tag == "style"
			var a map[string]string
			if hasAttr {
				a = attrs(z)
			}
			pg.element(tag, a)
		}
	}
}

// element records what one element contributes: its id, links, alternates and resources.
func (pg *Page) element(tag string, a map[string]string) {
	if id := a["id"]; id != "" {
		pg.IDs[id] = true
	}
	switch tag {
	case "html":
		if pg.Lang == "" {
			pg.Lang = a["lang"]
		}
	case "a":
		if h, ok := a["href"]; ok {
			pg.Links = append(pg.Links, h)
		}
	case "link":
		rel := strings.Fields(a["rel"])
		if slices.Contains(rel, "alternate") && a["hreflang"] != "" {
			pg.Alternate[a["hreflang"]] = a["href"]
		} else if a["href"] != "" {
			pg.Resources = append(pg.Resources, a["href"])
		}
	case "script", "img", "iframe", "frame", "embed", "source", "audio", "video", "track", "input":
		if v := a["src"]; v != "" {
			pg.Resources = append(pg.Resources, v)
		}
	case "object":
		if v := a["data"]; v != "" {
			pg.Resources = append(pg.Resources, v)
		}
	case "form":
		if v := a["action"]; v != "" {
			pg.Resources = append(pg.Resources, v)
		}
	}
	if v := a["srcset"]; v != "" {
		for _, part := range strings.Split(v, ",") {
			if f := strings.Fields(part); len(f) > 0 {
				pg.Resources = append(pg.Resources, f[0])
			}
		}
	}
	if v := a["style"]; v != "" {
		pg.Resources = append(pg.Resources, cssURLs(v)...)
	}
}

// attrs reads the attributes of the current tag; the first of a repeated name wins, as in
// the HTML parser.
func attrs(z *html.Tokenizer) map[string]string {
	m := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		if _, seen := m[string(k)]; !seen {
			m[string(k)] = string(v)
		}
		if !more {
			return m
		}
	}
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)`)

func cssURLs(css string) []string {
	var out []string
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// local resolves ref, found on page from, to a file in the site. ok is false for a
// reference to another host; file is "" for references that are not files (tel:, data:).
func (s *Site) local(from, ref string) (file string, ok bool) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "tel", "sms", "mailto", "data":
		return "", true
	case "http", "https":
		if u.Host != s.BaseURL.Host {
			return "", false
		}
	case "":
		if u.Host != "" {
			return "", false
		}
	default:
		return "", false
	}
	p := u.Path
	if p == "" {
		return from, true
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir("/"+from), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	} else if bp := strings.TrimSuffix(s.BaseURL.Path, "/"); bp != "" {
		p = strings.TrimPrefix(p, bp)
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return strings.TrimPrefix(path.Clean(p), "/"), true
}

func (s *Site) exists(file string) bool {
	if _, ok := s.Pages[file]; ok {
		return true
	}
	fi, err := os.Stat(filepath.Join(s.Dir, filepath.FromSlash(file)))
	return err == nil && !fi.IsDir()
}

// Check runs every output check. prefix is put before each file's path in problems
// (e.g. "public/").
func (s *Site) Check(prefix string) problem.List {
	var probs problem.List
	for _, rel := range sortedPages(s) {
		pg := s.Pages[rel]
		where := prefix + rel
		if pg.Lang == "" {
			probs.Add(problem.At(where, 0, 0, "audit.no_lang", nil))
		}
		if pg.Escaped {
			probs.Add(problem.At(where, 0, 0, "audit.escaped", nil))
		}
		for _, r := range pg.Resources {
			file, ok := s.local(rel, r)
			switch {
			case !ok:
				probs.Add(problem.At(where, 0, 0, "audit.other_host", problem.Args{"URL": r}))
			case file != "" && !s.exists(file):
				probs.Add(problem.At(where, 0, 0, "audit.not_built", problem.Args{"URL": r}))
			}
		}
		for _, l := range pg.Links {
			file, ok := s.local(rel, l)
			if !ok || file == "" {
				continue
			}
			if !s.exists(file) {
				probs.Add(problem.At(where, 0, 0, "audit.link_no_page", problem.Args{"Link": l}))
				continue
			}
			u, _ := url.Parse(l)
			if target := s.Pages[file]; target != nil && u.Fragment != "" && !target.IDs[u.Fragment] {
				probs.Add(problem.At(where, 0, 0, "audit.link_no_section", problem.Args{"Link": l, "ID": u.Fragment}))
			}
		}
		probs = append(probs, s.checkAlternates(where, pg)...)
		if Printed(rel) {
			continue // print editions are made for paper, not read on a phone: no budget
		}
		if n := s.Requests(pg); n > MaxRequests {
			probs.Add(problem.At(where, 0, 0, "audit.requests", problem.Args{"Count": n, "Limit": MaxRequests}))
		}
		if w := pg.Weight; w.Total() > MaxPageGzip {
			probs.Add(problem.At(where, 0, 0, "audit.weight", problem.Args{"Count": w.Total(), "HTML": w.HTML, "CSS": w.CSS, "JS": w.JS, "Limit": MaxPageGzip}))
		}
	}
	return probs
}

// Printed reports whether a built file is a print edition (a leaflet, a region list or a
// pocket-card sheet), which the page budgets do not cover.
func Printed(rel string) bool {
	base := path.Base(rel)
	return base == "print.html" || base == "card.html"
}

// Requests counts what loading pg fetches: the page and each distinct file it loads.
func (s *Site) Requests(pg *Page) int {
	files := map[string]bool{}
	for _, r := range pg.Resources {
		if f, ok := s.local(pg.Path, r); ok && f != "" {
			files[f] = true
		}
	}
	return 1 + len(files)
}

// checkAlternates requires that each hreflang alternate leads to a built page that lists
// this page among its own alternates, and that the page lists itself.
func (s *Site) checkAlternates(where string, pg *Page) problem.List {
	var probs problem.List
	if len(pg.Alternate) == 0 {
		return nil
	}
	self := false
	for _, lang := range sortedKeys(pg.Alternate) {
		href := pg.Alternate[lang]
		file, ok := s.local(pg.Path, href)
		if !ok || file == "" {
			probs.Add(problem.At(where, 0, 0, "audit.hreflang_outside", problem.Args{"Lang": lang, "URL": href}))
			continue
		}
		target := s.Pages[file]
		if target == nil {
			probs.Add(problem.At(where, 0, 0, "audit.hreflang_not_built", problem.Args{"Lang": lang, "URL": href}))
			continue
		}
		if file == pg.Path {
			self = true
		}
		if lang != "x-default" && target.Lang != lang {
			probs.Add(problem.At(where, 0, 0, "audit.hreflang_lang", problem.Args{"Lang": lang, "URL": href, "Got": target.Lang}))
		}
		back := false
		for _, h := range target.Alternate {
			if f, ok := s.local(file, h); ok && f == pg.Path {
				back = true
			}
		}
		if !back {
			probs.Add(problem.At(where, 0, 0, "audit.hreflang_no_back", problem.Args{"Lang": lang, "File": file}))
		}
	}
	if !self && pg.Alternate["x-default"] != "" && len(pg.Alternate) > 1 {
		probs.Add(problem.At(where, 0, 0, "audit.hreflang_no_self", nil))
	}
	return probs
}

func sortedPages(s *Site) []string { return sortedKeys(s.Pages) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
