package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// A Result is what one child process measured (sent as JSON in a file).
type Result struct {
	Seconds   float64      `json:"seconds"`          // the whole measured step
	Stages    []Stage      `json:"stages,omitempty"` // site.Build's stages, in order
	Pages     int          `json:"pages"`            // index.html files built
	Published bool         `json:"published"`
	Errors    int          `json:"errors"`             // problems that stopped the build
	Messages  []string     `json:"messages,omitempty"` // the first few of them
	Over      []overGroup  `json:"over,omitempty"`     // screen pages over the gzip budget, by kind
	OverPrint []overGroup  `json:"over_print,omitempty"`
	Serve     *ServeResult `json:"serve,omitempty"`
	MaxRSSKB  int64        `json:"-"` // the child's peak resident memory, from its rusage
	CPU       float64      `json:"-"` // the child's processor time (user and system), in seconds
}

// A Stage is one step of site.Build: how long it took and the process's peak memory at
// its end (VmHWM).
type Stage struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	PeakKB  int64   `json:"peak_kb"`
}

// Stage returns the time of the named stage, 0 if there was none.
func (r Result) Stage(name string) float64 {
	for _, s := range r.Stages {
		if s.Name == name {
			return s.Seconds
		}
	}
	return 0
}

// child runs one measurement in a child process: exe bench child <mode> <args...> <result>.
func child(exe, mode string, args ...string) (Result, error) {
	var res Result
	f, err := os.CreateTemp("", "portal-bench-result-")
	if err != nil {
		return res, err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := exec.Command(exe, append(append([]string{"bench", "child", mode}, args...), f.Name())...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	err = cmd.Run()
	var rss int64
	var cpu float64
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss // kilobytes on Linux
		}
		cpu = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	if err != nil {
		return res, fmt.Errorf("%s: %v\n%s", mode, err, tail(log.String(), 40))
	}
	b, err := os.ReadFile(f.Name())
	if err == nil {
		err = json.Unmarshal(b, &res)
	}
	if err != nil {
		return res, fmt.Errorf("%s: no result: %v\n%s", mode, err, tail(log.String(), 40))
	}
	res.MaxRSSKB, res.CPU = rss, cpu
	return res, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// Child is the child's side: bench child <build|floor|serve> <args...> <result.json>.
func Child(args []string, stderr io.Writer) int {
	modes := map[string]func(a, b string) (Result, error){"build": childBuild, "floor": childFloor, "serve": childServe}
	if len(args) != 4 || modes[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: go run ./tools bench child build|floor|serve dir arg result.json")
		return 2
	}
	res, err := modes[args[0]](args[1], args[2])
	if err == nil {
		var b []byte
		if b, err = json.Marshal(res); err == nil {
			err = os.WriteFile(args[3], b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "tools: bench child %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
