package bench

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func mb(kb int64) string { return fmt.Sprintf("%d MB", (kb+512)>>10) }

// revision names the commit of the sources measured, "-dirty" when files were changed
// since; "an unknown revision" without git.
func revision(root string) string {
	out, err := exec.Command("git", "-C", root, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "an unknown revision"
	}
	return "commit " + strings.TrimSpace(string(out))
}

// loadAverage returns the 1, 5 and 15 minute load averages, as /proc/loadavg has them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "an unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "an unknown CPU"
}
