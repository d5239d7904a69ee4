package site

import (
	"errors"
	"os"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/sys/unix"
)

// swap publishes the finished site in tmp as out. Where out exists, the two folders are
// exchanged in one atomic rename, so a reader (or a build killed at any moment) sees either
// the old site or the new one, never a mix; the old site is then left in tmp for removal.
func swap(tmp, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOENT) {
		return os.Rename(tmp, out)
	}
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		// No atomic exchange on this file system: fall back to two renames.
		old := tmp + "-old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
		return os.Rename(old, tmp)
	}
	return err
}

func decodeTOML(src []byte, v any) error { return toml.Unmarshal(src, v) }
