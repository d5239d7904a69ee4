// Command testsum reads `go test -json` on its input and says, as the packages run, which
// are done and which still run, then ends with a summary. tools/check.sh pipes the tests
// through it:
//
//	go test -json ./tools/... | go run ./tools/testsum
//
// Each package's result is go test's own line ("ok  \tpkg\t12.3s", "FAIL\tpkg\t12.3s"); a
// failed test's output is printed in full; every 30 seconds a line names the packages still
// running and for how long. The last line is "N passed, N failed" (packages; skipped tests are
// counted on the line above it). It exits 1 when anything failed, or the input was not go
// test's.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// An event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build output (go 1.24 and later)
}

func main() {
	os.Exit(run(os.Stdin, os.Stdout, 30*time.Second, time.Now))
}

// run reads events from in and reports on out; every tick it names the packages running.
func run(in io.Reader, out io.Writer, tick time.Duration, now func() time.Time) int {
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	s := newSummary(out, now)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				return s.end()
			}
			s.line(line)
		case <-ticker.C:
			s.running()
		}
	}
}

type summary struct {
	out            io.Writer
	now            func() time.Time
	start          time.Time
	started        map[string]time.Time // packages running
	output         map[string][]string  // package/test -> its output, until it passes
	passed, failed int                  // packages
	skipped        int                  // tests
	failedNames    []string
	other          int // lines that were not go test's events
}

func newSummary(out io.Writer, now func() time.Time) *summary {
	return &summary{out: out, now: now, start: now(), started: map[string]time.Time{}, output: map[string][]string{}}
}

func (s *summary) line(line string) {
	var e event
	if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &e) != nil {
		fmt.Fprintln(s.out, line) // go vet's or the go command's own words
		s.other++
		return
	}
	key := e.Package + " " + e.Test
	switch e.Action {
	case "build-output":
		fmt.Fprint(s.out, e.Output)
	case "start":
		s.started[e.Package] = s.now()
	case "run":
		if _, ok := s.started[e.Package]; !ok {
			s.started[e.Package] = s.now()
		}
	case "output":
		s.output[key] = append(s.output[key], e.Output)
	case "skip":
		if e.Test != "" {
			s.skipped++
		} else {
			delete(s.started, e.Package)
			fmt.Fprintf(s.out, "?   \t%s\t[no test files]\n", e.Package)
		}
		delete(s.output, key)
	case "pass":
		if e.Test == "" {
			s.done(e, "ok  ")
		}
		delete(s.output, key)
	case "fail":
		if e.Test != "" {
			fmt.Fprint(s.out, strings.Join(s.output[key], ""))
			s.failedNames = append(s.failedNames, e.Package+" "+e.Test)
		} else {
			if len(s.output[key]) > 0 {
				fmt.Fprint(s.out, strings.Join(s.output[key], "")) // a panic or a build error
			}
			s.done(e, "FAIL")
		}
		delete(s.output, key)
	}
}

// done reports a package's result as go test does.
func (s *summary) done(e event, result string) {
	delete(s.started, e.Package)
	for k := range s.output {
		if strings.HasPrefix(k, e.Package+" ") {
			delete(s.output, k)
		}
	}
	if result == "FAIL" {
		s.failed++
	} else {
		s.passed++
	}
	fmt.Fprintf(s.out, "%s\t%s\t%.1fs\n", result, e.Package, e.Elapsed)
}

// running names the packages still running, longest first.
func (s *summary) running() {
	if len(s.started) == 0 {
		return
	}
	var names []string
	for p := range s.started {
		names = append(names, p)
	}
	slices.SortFunc(names, func(a, b string) int { return s.started[a].Compare(s.started[b]) })
	var parts []string
	for _, p := range names {
		parts = append(parts, fmt.Sprintf("%s (%s)", strings.TrimPrefix(p, "kzportal.example/portal/"), s.now().Sub(s.started[p]).Round(time.Second)))
	}
	fmt.Fprintf(s.out, "… %s: still running %s\n", s.now().Sub(s.start).Round(time.Second), strings.Join(parts, ", "))
}

func (s *summary) end() int {
	failed := s.failed
	if len(s.failedNames) > 0 {
		fmt.Fprintf(s.out, "failed tests: %s\n", strings.Join(s.failedNames, ", "))
	}
	fmt.Fprintf(s.out, "%d packages in %s; %d tests skipped\n", s.passed+failed, s.now().Sub(s.start).Round(time.Second), s.skipped)
	fmt.Fprintf(s.out, "%d passed, %d failed\n", s.passed, failed)
	if failed > 0 || s.passed == 0 {
		return 1
	}
	return 0
}
