// Package problem holds findings about the portal's sources and output as values with a
// position, so that every problem can be collected, sorted and reported together.
package problem

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A Problem is one finding: where it is, what is wrong, and what to write instead.
type Problem struct {
	Path    string `json:"path"`           // slash-separated, relative to the site root
	Line    int    `json:"line,omitempty"` // 1-based; 0 when the problem concerns the whole file
	Col     int    `json:"col,omitempty"`  // 1-based; 0 when unknown
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`    // what to write instead, in plain words
	Warning bool   `json:"warning,omitempty"` // reported, but does not stop a build
	Key     string `json:"-"`                 // the front matter key whose value is wrong, if any
}

// String formats p as path:line:col: message (hint).
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// A List collects problems. The zero value is ready to use.
type List []Problem

// Add appends a problem.
func (l *List) Add(path string, line, col int, hint, format string, args ...any) {
	*l = append(*l, Problem{Path: path, Line: line, Col: col, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Sort orders the list by path, line, column and message, and drops exact duplicates.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(l)
}

// Errors returns the problems that are not warnings.
func (l List) Errors() List {
	var errs List
	for _, p := range l {
		if !p.Warning {
			errs = append(errs, p)
		}
	}
	return errs
}

// Err returns nil when the list holds no errors (warnings aside), and the sorted list
// otherwise.
func (l List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Sort()
}

// Error reports every problem, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Write prints the problems to w as text, or as a JSON array when asJSON is set.
func (l List) Write(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if l == nil {
			l = List{}
		}
		return enc.Encode(l)
	}
	for _, p := range l {
		if _, err := fmt.Fprintln(w, p.String()); err != nil {
			return err
		}
	}
	return nil
}
