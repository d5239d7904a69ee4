package site

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// tempPrefix names the temporary folder a build of out writes into, beside out:
// .<out>-new-<pid>-, so that a later build can tell a folder a killed build left behind
// from one a running build is still writing.
func tempPrefix(out string) string {
	return "." + filepath.Base(out) + "-new-" + strconv.Itoa(os.Getpid()) + "-"
}

// removeLeftovers removes the temporary folders of builds of out that were killed before
// they finished: those whose process no longer runs. A folder of an older naming, without
// a process id, goes once it is an hour old.
func removeLeftovers(out string) {
	prefix := "." + filepath.Base(out) + "-new-"
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), prefix+"*"))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), prefix)
		pidText, _, named := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		switch {
		case named && err == nil && pid > 0:
			if pid == os.Getpid() || running(pid) {
				continue
			}
		default:
			if fi, err := os.Stat(m); err != nil || time.Since(fi.ModTime()) < time.Hour {
				continue
			}
		}
		os.RemoveAll(m)
	}
}

// running reports whether a process with this id exists.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
