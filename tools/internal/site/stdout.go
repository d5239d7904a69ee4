package site

import (
	"bytes"
	"io"
	"os"
	"strings"

	"kzportal.example/portal/tools/internal/problem"
)

// captureOutput sends what Hugo prints on standard output and standard error to a buffer
// (and to w) while it builds, and returns a function that restores both and returns what was
// printed. Hugo builds its logger from os.Stdout and os.Stderr when a command starts.
func captureOutput(w io.Writer) (restore func() string) {
	r, pw, err := os.Pipe()
	if err != nil {
		return func() string { return "" }
	}
	savedOut, savedErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = pw, pw
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(io.MultiWriter(&buf, w), r)
		close(done)
	}()
	return func() string {
		os.Stdout, os.Stderr = savedOut, savedErr
		pw.Close()
		<-done
		r.Close()
		return buf.String()
	}
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
