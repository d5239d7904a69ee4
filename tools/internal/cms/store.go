package cms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"kzportal.example/portal/tools/internal/problem"
)

// The file actions of the local backend, on content/ of the working tree only. Every path
// is a slash path relative to the tree, as Decap sends it, checked by name first (Editable)
// and then opened through an os.Root on content/, which no link or ".." can leave.

// ContentDir is the only folder the backend reads or writes.
const ContentDir = "content"

// request is one call of Decap's local protocol.
type request struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

// entry is a file as Decap reads it: its text and a hash that names its version.
type entry struct {
	Data *string   `json:"data"`
	File entryFile `json:"file"`
}

type entryFile struct {
	Path  string  `json:"path"`
	Label string  `json:"label,omitempty"`
	ID    *string `json:"id"`
}

// dataFile is a file Decap saves.
type dataFile struct {
	Path    string `json:"path"`
	Raw     string `json:"raw"`
	NewPath string `json:"newPath"`
}

var segment = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// Editable reports whether the slash path p names a file the forms edit: a Markdown file
// under content/, by a plain name (no hidden file or folder, no "..", no link to follow
// later: Open checks that).
func Editable(p string) bool {
	return strings.HasSuffix(p, ".md") && folderOK(path.Dir(p)) && segment.MatchString(path.Base(p))
}

// folderOK reports whether the slash path p is content/ or a folder below it, by a plain name.
func folderOK(p string) bool {
	if p != path.Clean(p) || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	parts := strings.Split(p, "/")
	if parts[0] != ContentDir {
		return false
	}
	for _, s := range parts[1:] {
		if !segment.MatchString(s) || strings.Trim(s, ".") == "" {
			return false
		}
	}
	return true
}

// open opens content/ of the tree as a root nothing can leave.
func (b *Backend) open() (*os.Root, error) {
	return os.OpenRoot(filepath.Join(b.Root, ContentDir))
}

// inside returns p relative to content/, after making sure that no part of it is a link.
func inside(root *os.Root, p string) (string, *refusal) {
	rel := strings.TrimPrefix(strings.TrimPrefix(p, ContentDir), "/")
	if rel == "" {
		rel = "."
	}
	walked := ""
	for _, s := range strings.Split(rel, "/") {
		walked = path.Join(walked, s)
		fi, err := root.Lstat(walked)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil || fi.Mode()&fs.ModeSymlink != 0 {
			return "", refuse(http.StatusForbidden, "edit.refused_link", problem.Args{"Path": problem.Printable(p)})
		}
	}
	return rel, nil
}

// do carries out one request.
func (b *Backend) do(req request) (any, *refusal) {
	if !slices.Contains(Actions, req.Action) {
		return nil, refuse(http.StatusForbidden, "edit.refused_action", problem.Args{"Action": problem.Printable(req.Action)})
	}
	if req.Action == "info" {
		return map[string]any{"repo": filepath.Base(b.Root), "publish_modes": []string{"simple"}, "type": "local_fs"}, nil
	}
	root, err := b.open()
	if err != nil {
		return nil, refuse(http.StatusInternalServerError, "edit.failed", problem.Args{"Err": err.Error()})
	}
	defer root.Close()
	bad := func(err error) *refusal {
		return refuse(http.StatusBadRequest, "edit.refused_json", problem.Args{"Err": err.Error()})
	}
	switch req.Action {
	case "entriesByFolder":
		var p struct {
			Folder    string `json:"folder"`
			Extension string `json:"extension"`
			Depth     int    `json:"depth"`
		}
		if err := json.Unmarshal(req.Params, &p); err != nil {
			return nil, bad(err)
		}
		return b.list(root, p.Folder, p.Extension, p.Depth)
	case "entriesByFiles":
		var p struct {
			Files []struct {
				Path  string `json:"path"`
				Label string `json:"label"`
			} `json:"files"`
		}
		if err := json.Unmarshal(req.Params, &p); err != nil {
			return nil, bad(err)
		}
		out := []entry{}
		for _, f := range p.Files {
			e, ref := b.read(root, f.Path)
			if ref != nil {
				return nil, ref
			}
			e.File.Label = f.Label
			out = append(out, e)
		}
		return out, nil
	case "getEntry":
		var p struct {
			Path string `json:"path"`
		}
		if err := json.Unmarshal(req.Params, &p); err != nil {
			return nil, bad(err)
		}
		return b.read(root, p.Path)
	case "persistEntry":
		var p struct {
			Entry     *dataFile         `json:"entry"`
			DataFiles []dataFile        `json:"dataFiles"`
			Assets    []json.RawMessage `json:"assets"`
		}
		if err := json.Unmarshal(req.Params, &p); err != nil {
			return nil, bad(err)
		}
		if len(p.DataFiles) == 0 && p.Entry != nil {
			p.DataFiles = []dataFile{*p.Entry}
		}
		return b.persist(root, p.DataFiles, len(p.Assets))
	}
	return nil, refuse(http.StatusForbidden, "edit.refused_action", problem.Args{"Action": problem.Printable(req.Action)})
}

// read reads one file for the forms; a file that is not there reads as no data, as Decap
// expects of a new entry.
func (b *Backend) read(root *os.Root, p string) (entry, *refusal) {
	if !Editable(p) {
		return entry{}, refuse(http.StatusForbidden, "edit.refused_path", problem.Args{"Path": problem.Printable(p)})
	}
	rel, ref := inside(root, p)
	if ref != nil {
		return entry{}, ref
	}
	e := entry{File: entryFile{Path: p}}
	data, err := root.ReadFile(rel)
	if err != nil {
		return e, nil
	}
	s, id := string(data), hash(data)
	e.Data, e.File.ID = &s, &id
	return e, nil
}

// list reads the Markdown files of a folder, depth levels down (1: the folder itself).
func (b *Backend) list(root *os.Root, folder, ext string, depth int) (any, *refusal) {
	folder = strings.TrimSuffix(folder, "/")
	if !folderOK(folder) || strings.TrimPrefix(ext, ".") != "md" {
		return nil, refuse(http.StatusForbidden, "edit.refused_path", problem.Args{"Path": problem.Printable(folder + "/*." + ext)})
	}
	rel, ref := inside(root, folder)
	if ref != nil {
		return nil, ref
	}
	out := []entry{}
	err := fs.WalkDir(root.FS(), rel, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder that is not there lists nothing
		}
		level := strings.Count(strings.TrimPrefix(p, rel), "/")
		if rel == "." {
			level = strings.Count(p, "/") + 1
		}
		if d.IsDir() {
			if p != rel && (level >= depth || !segment.MatchString(d.Name())) {
				return fs.SkipDir
			}
			return nil
		}
		full := path.Join(ContentDir, p)
		if d.Type().IsRegular() && Editable(full) {
			if e, ref := b.read(root, full); ref == nil && e.Data != nil {
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, refuse(http.StatusInternalServerError, "edit.failed", problem.Args{"Err": err.Error()})
	}
	return out, nil
}

// persist writes the files of one save, each only after the site was checked with it in
// place; any error refuses the whole save, and nothing is written.
func (b *Backend) persist(root *os.Root, files []dataFile, assets int) (any, *refusal) {
	if assets > 0 {
		return nil, refuse(http.StatusForbidden, "edit.refused_media", nil)
	}
	if len(files) == 0 {
		return nil, refuse(http.StatusBadRequest, "edit.refused_json", problem.Args{"Err": "no file"})
	}
	rels := make([]string, len(files))
	for i, f := range files {
		if f.NewPath != "" && f.NewPath != f.Path {
			return nil, refuse(http.StatusForbidden, "edit.refused_move", problem.Args{"Path": problem.Printable(f.Path), "NewPath": problem.Printable(f.NewPath)})
		}
		if !Editable(f.Path) {
			return nil, refuse(http.StatusForbidden, "edit.refused_path", problem.Args{"Path": problem.Printable(f.Path)})
		}
		rel, ref := inside(root, f.Path)
		if ref != nil {
			return nil, ref
		}
		if fi, err := root.Stat(path.Dir(rel)); err != nil || !fi.IsDir() {
			return nil, refuse(http.StatusForbidden, "edit.refused_path", problem.Args{"Path": problem.Printable(f.Path)})
		}
		rels[i] = rel
	}
	if b.Check != nil {
		changed := map[string][]byte{}
		for _, f := range files {
			changed[f.Path] = []byte(f.Raw)
		}
		probs, err := b.Check(changed)
		if err != nil {
			return nil, refuse(http.StatusInternalServerError, "edit.failed", problem.Args{"Err": err.Error()})
		}
		if errs := probs.Errors(); len(errs) > 0 {
			return nil, refuse(http.StatusUnprocessableEntity, "edit.refused_problems",
				problem.Args{"Count": len(errs), "Problems": b.printer().FormatList(errs.Sort())})
		}
	}
	for i, f := range files {
		if err := root.WriteFile(rels[i], []byte(f.Raw), 0o644); err != nil {
			return nil, refuse(http.StatusInternalServerError, "edit.failed", problem.Args{"Err": err.Error()})
		}
	}
	return map[string]string{"message": "entry persisted"}, nil
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
