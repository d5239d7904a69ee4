package site

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// changedOn returns the day (YYYY-MM-DD) a source file last changed: the day of its last
// commit where the site is a Git checkout and the file is committed as it is, else the day
// its modification time gives (a file edited but not yet committed changed today).
func changedOn(root, rel string) string {
	git := func(args ...string) (string, bool) {
		cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
		var out bytes.Buffer
		cmd.Stdout = &out
		if cmd.Run() != nil {
			return "", false
		}
		return strings.TrimSpace(out.String()), true
	}
	if status, ok := git("status", "--porcelain", "--", rel); ok && status == "" {
		if day, ok := git("log", "-1", "--format=%cs", "--", rel); ok && day != "" {
			return day
		}
	}
	if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err == nil {
		return fi.ModTime().In(time.Local).Format("2006-01-02")
	}
	return time.Now().Format("2006-01-02")
}

// changedOn is changedOn(o.Root, rel), remembered in o.Cache while the file's size and
// modification time stay the same: each answer runs git twice.
func (o Options) changedOn(rel string) string {
	c := o.Cache
	if c == nil {
		return changedOn(o.Root, rel)
	}
	fi, err := os.Stat(filepath.Join(o.Root, filepath.FromSlash(rel)))
	if err != nil {
		return changedOn(o.Root, rel)
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", rel, fi.Size(), fi.ModTime().UnixNano())
	c.mu.Lock()
	day, ok := c.days[key]
	c.mu.Unlock()
	if !ok {
		day = changedOn(o.Root, rel)
		c.mu.Lock()
		if c.days == nil {
			c.days = map[string]string{}
		}
		c.days[key] = day
		c.mu.Unlock()
	}
	return day
}
