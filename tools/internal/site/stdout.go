package site

import (
	"io"
	"os"
)

// redirectStdout sends what Hugo prints on standard output to w while it builds, and
// returns a function that restores it. Hugo writes its summary table there.
func redirectStdout(w io.Writer) (restore func()) {
	r, pw, err := os.Pipe()
	if err != nil {
		return func() {}
	}
	saved := os.Stdout
	os.Stdout = pw
	done := make(chan struct{})
	go func() {
		io.Copy(w, r)
		close(done)
	}()
	return func() {
		os.Stdout = saved
		pw.Close()
		<-done
		r.Close()
	}
}
