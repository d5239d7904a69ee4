package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

func TestSummary(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string // lines of the output, in order
		code     int
	}{
		{"all pass", `{"Action":"start","Package":"p/a"}
{"Action":"run","Package":"p/a","Test":"TestX"}
{"Action":"output","Package":"p/a","Test":"TestX","Output":"noise\n"}
{"Action":"pass","Package":"p/a","Test":"TestX"}
{"Action":"skip","Package":"p/a","Test":"TestY"}
{"Action":"pass","Package":"p/a","Elapsed":1.25}
{"Action":"skip","Package":"p/b"}
`, []string{"ok  \tp/a\t1.2s", "?   \tp/b\t[no test files]", "1 packages in 0s; 1 tests skipped", "1 passed, 0 failed"}, 0},
		{"a test fails", `{"Action":"start","Package":"p/a"}
{"Action":"run","Package":"p/a","Test":"TestX"}
{"Action":"output","Package":"p/a","Test":"TestX","Output":"    x_test.go:9: wrong\n"}
{"Action":"fail","Package":"p/a","Test":"TestX"}
{"Action":"fail","Package":"p/a","Elapsed":2}
{"Action":"pass","Package":"p/c","Elapsed":0.5}
`, []string{"    x_test.go:9: wrong", "FAIL\tp/a\t2.0s", "ok  \tp/c\t0.5s", "failed tests: p/a TestX", "1 passed, 1 failed"}, 1},
		{"a package does not build", `# p/d
{"ImportPath":"p/d [p/d.test]","Action":"build-output","Output":"d.go:3: undefined: x\n"}
{"ImportPath":"p/d [p/d.test]","Action":"build-fail"}
{"Action":"fail","Package":"p/d","Elapsed":0}
`, []string{"# p/d", "d.go:3: undefined: x", "FAIL\tp/d\t0.0s", "0 passed, 1 failed"}, 1},
		{"nothing ran", "", []string{"0 passed, 0 failed"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			clock := time.Unix(0, 0)
			code := run(strings.NewReader(tt.in), &out, time.Hour, func() time.Time { return clock })
			got := out.String()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(got[at:], w+"\n")
				if i < 0 {
					t.Fatalf("output lacks %q after offset %d:\n%s", w, at, got)
				}
				at += i + len(w)
			}
			if !strings.HasSuffix(got, tt.want[len(tt.want)-1]+"\n") {
				t.Errorf("the last line is not %q:\n%s", tt.want[len(tt.want)-1], got)
			}
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
		})
	}
}

// TestRunning: while packages run, a line names each with how long it has run.
func TestRunning(t *testing.T) {
	r, w := io.Pipe()
	var out bytes.Buffer
	done := make(chan int)
	go func() { done <- run(r, &out, 10*time.Millisecond, time.Now) }()
	io.WriteString(w, `{"Action":"start","Package":"kzportal.example/portal/tools/internal/browser"}`+"\n")
	time.Sleep(50 * time.Millisecond)
	io.WriteString(w, `{"Action":"pass","Package":"kzportal.example/portal/tools/internal/browser","Elapsed":0.05}`+"\n")
	w.Close()
	<-done
	if !strings.Contains(out.String(), "still running tools/internal/browser (") {
		t.Errorf("no progress line:\n%s", out.String())
	}
}
