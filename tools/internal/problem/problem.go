// Package problem holds findings about the portal's sources and output as values with a
// position, so that every problem can be collected, sorted and reported together, in the
// editor's language (see Printer).
package problem

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// A Problem is one finding: where it is, what is wrong, and what to write instead.
//
// Code names the message in the tool's message files (messages/*.toml): the text of the
// problem is the message "<code>.message" and its hint "<code>.hint" (or "<code>.<Hint>"
// when Hint names another one), both filled in with Args. Codes are stable: -json prints
// them beside the text for machines.
type Problem struct {
	Path    string // slash-separated, relative to the site root
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Col     int    // 1-based; 0 when unknown
	Code    string // e.g. "shelter.region_unknown"
	Hint    string // which hint of the code to print: "" for "hint", "-" for none
	Args    Args   // the values the message and hint name
	Warning bool   // reported, but does not stop a build
	Key     string // the front matter key whose value is wrong, if any
}

// A Word is an argument the printer says in its own language: the message "word.<w>".
type Word string

// Args are the values a message names, by the name it uses: {{ .Value }}. A message with
// plural forms is chosen by Args["Count"].
type Args map[string]any

// At returns a problem at path:line:col.
func At(path string, line, col int, code string, args Args) Problem {
	return Problem{Path: path, Line: line, Col: col, Code: code, Args: args}
}

// WithHint returns p with another of its code's hints ("hint_region", say), or "-" for none.
func (p Problem) WithHint(hint string) Problem {
	p.Hint = hint
	return p
}

// AsWarning returns p as a warning: reported, but not stopping a build.
func (p Problem) AsWarning() Problem {
	p.Warning = true
	return p
}

// ForKey returns p marked as concerning the front matter key.
func (p Problem) ForKey(key string) Problem {
	p.Key = key
	return p
}

// With returns p with more arguments.
func (p Problem) With(args Args) Problem {
	a := maps.Clone(p.Args)
	if a == nil {
		a = Args{}
	}
	maps.Copy(a, args)
	p.Args = a
	return p
}

// String formats p in English as path:line:col: message, with its hint on the next line.
func (p Problem) String() string { return English.Format(p) }

// A List collects problems. The zero value is ready to use.
type List []Problem

// Add appends problems.
func (l *List) Add(p ...Problem) { *l = append(*l, p...) }

// Sort orders the list by path, line, column and (English) text, and drops exact duplicates.
func (l List) Sort() List {
	key := func(p Problem) string {
		return English.Message(p) + "\x00" + fmt.Sprint(p.Code, p.Hint, p.Args, p.Warning)
	}
	slices.SortFunc(l, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(key(a), key(b)))
	})
	return slices.CompactFunc(l, func(a, b Problem) bool {
		return a.Path == b.Path && a.Line == b.Line && a.Col == b.Col && key(a) == key(b)
	})
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

// Warnings returns the problems that are warnings.
func (l List) Warnings() List {
	var ws List
	for _, p := range l {
		if p.Warning {
			ws = append(ws, p)
		}
	}
	return ws
}

// Err returns nil when the list holds no errors (warnings aside), and the sorted list
// otherwise.
func (l List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Sort()
}

// Error reports every problem in English, one per line.
func (l List) Error() string { return English.FormatList(l) }
