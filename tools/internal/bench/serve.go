package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/preview"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
)

// A ServeResult is serve measured on one site: its first build, and for each kind of edit
// the time from saving it until a request for the page returned the edited text.
type ServeResult struct {
	First       float64   `json:"first"` // seconds
	Topic       Latencies `json:"topic"`
	Shelter     Latencies `json:"shelter"`
	TopicPage   string    `json:"topic_page"`
	ShelterPage string    `json:"shelter_page"`
	MaxRSSKB    int64     `json:"-"`
}

// Latencies are the times of repeated edits, in seconds.
type Latencies []float64

// Median is the middle of the times (the mean of the two middle ones for an even count).
func (l Latencies) Median() float64 {
	if len(l) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(l))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(s float64) string { return fmt.Sprintf("%.0f ms", 1000*s) }

func (l Latencies) summary() string {
	if len(l) == 0 {
		return "not measured"
	}
	return fmt.Sprintf("median %s (%s–%s, %d edits)", ms(l.Median()), ms(slices.Min(l)), ms(slices.Max(l)), len(l))
}

// An edit changes one source file so that a page shows a new text.
type edit struct {
	file, page string // relative to the site, and the page's path
	apply      func(orig string, n int) (text, marker string)
}

// edits are the two kinds serve is timed with: a sentence added to a topic page (a
// translation, so nothing goes stale), and a sentence of a shelter record's text changed.
func edits(dir string) (topic, shelter edit, err error) {
	topic = edit{file: "content/about/index.kk.md", page: "/kk/about/", apply: func(orig string, n int) (string, string) {
		m := fmt.Sprintf("Түзету %d.", n)
		return strings.TrimRight(orig, "\n") + "\n\n" + m + "\n", m
	}}
	id, from := "line-111", "It registers all calls."
	synthetic, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(record.Dir), "synth-shelter-*.md"))
	if len(synthetic) > 0 {
		slices.Sort(synthetic)
		id = strings.TrimSuffix(filepath.Base(synthetic[len(synthetic)/2]), ".md")
		from = "This entry was generated for a benchmark and is not a real shelter."
	}
	shelter = edit{file: record.Dir + "/" + id + ".md", page: "/en/shelters/" + id + "/", apply: func(orig string, n int) (string, string) {
		m := fmt.Sprintf("Edit %d.", n)
		return strings.Replace(orig, from, strings.TrimSuffix(from, ".")+", edit "+strconv.Itoa(n)+". "+m, 1), m
	}}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(shelter.file)))
	if err == nil && !strings.Contains(string(b), from) {
		err = fmt.Errorf("%s does not contain %q", shelter.file, from)
	}
	return topic, shelter, err
}

// childServe runs serve's preview of dir and times that many edits of each kind.
func childServe(dir, count string) (Result, error) {
	n, err := strconv.Atoi(count)
	if err != nil {
		return Result{}, err
	}
	topic, shelter, err := edits(dir)
	if err != nil {
		return Result{}, err
	}
	p, err := startServe(dir)
	if err != nil {
		return Result{}, err
	}
	defer p.stop()
	s := &ServeResult{First: p.first.Seconds(), TopicPage: topic.page, ShelterPage: shelter.page}
	for i := 1; i <= n; i++ {
		for _, e := range []struct {
			edit
			into *Latencies
		}{{topic, &s.Topic}, {shelter, &s.Shelter}} {
			took, err := p.time(e.edit, i)
			if err != nil {
				return Result{}, err
			}
			*e.into = append(*e.into, took.Seconds())
		}
	}
	return Result{Seconds: p.first.Seconds(), Serve: s}, nil
}

// A running is serve's preview running in this process.
type running struct {
	dir, base string
	first     time.Duration
	built     chan problem.List
	stop      func()
	orig      map[string]string // each edited file as it was first
}

func startServe(dir string) (*running, error) {
	netlify, err := preview.Load(filepath.Join(dir, "netlify.toml"))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &running{dir: dir, base: "http://" + ln.Addr().String(), built: make(chan problem.List, 64), orig: map[string]string{}}
	srv := &preview.Server{
		Site:    site.Options{Root: dir, Out: filepath.Join(dir, site.WorkDir, "preview"), BaseURL: p.base + "/"},
		Netlify: netlify, Printer: problem.English, Stdout: io.Discard, Stderr: io.Discard,
		Built: func(_ time.Duration, probs problem.List) { p.built <- probs },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	start := time.Now()
	go func() { done <- srv.Run(ctx, ln) }()
	p.stop = func() { cancel(); <-done }
	if errs := (<-p.built).Errors(); len(errs) > 0 {
		p.stop()
		return nil, fmt.Errorf("the first build failed: %v", errs)
	}
	p.first = time.Since(start)
	return p, nil
}

// time saves the i-th edit of e and returns how long until its page served the edited
// text. The page is asked for first, as a page open in a browser would have been, and the
// preview is let finish the build (the open data come after the pages) before it returns.
func (p *running) time(e edit, i int) (time.Duration, error) {
	if _, err := p.get(e.page); err != nil {
		return 0, err
	}
	file := filepath.Join(p.dir, filepath.FromSlash(e.file))
	if _, ok := p.orig[file]; !ok {
		b, err := os.ReadFile(file)
		if err != nil {
			return 0, err
		}
		p.orig[file] = string(b)
	}
	text, marker := e.apply(p.orig[file], i)
	for len(p.built) > 0 {
		<-p.built // builds of earlier edits
	}
	start := time.Now()
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		return 0, err
	}
	for {
		body, err := p.get(e.page)
		if err != nil {
			return 0, err
		}
		if strings.Contains(body, marker) {
			break
		}
		if time.Since(start) > time.Minute {
			return 0, fmt.Errorf("%s: the edit of %s did not appear within a minute", e.page, e.file)
		}
		time.Sleep(2 * time.Millisecond)
	}
	took := time.Since(start)
	if errs := (<-p.built).Errors(); len(errs) > 0 {
		return 0, fmt.Errorf("the edit of %s failed: %v", e.file, errs)
	}
	time.Sleep(300 * time.Millisecond) // an editor does not save again at once
	return took, nil
}

func (p *running) get(page string) (string, error) {
	resp, err := http.Get(p.base + page)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", page, resp.Status)
	}
	return string(b), err
}
