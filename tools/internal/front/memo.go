package front

import (
	"bytes"
	"slices"
	"sync"

	"kzportal.example/portal/tools/internal/problem"
)

// A Memo remembers what parsing each file gave, so that reading a folder again parses only
// the files whose bytes changed: the preview reads the sources on every edit. A nil *Memo
// remembers nothing. What it returns is shared between reads: callers must not change it.
type Memo[T any] struct {
	mu    sync.Mutex
	files map[string]memoEntry[T]
	seen  map[string]bool
}

type memoEntry[T any] struct {
	src   []byte
	v     T
	probs problem.List
}

// Parse returns what parse gave for the file rel the last time its bytes were src, or
// calls it now.
func (m *Memo[T]) Parse(rel string, src []byte, parse func() (T, problem.List)) (T, problem.List) {
	if m == nil {
		return parse()
	}
	m.mu.Lock()
	e, ok := m.files[rel]
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	m.seen[rel] = true
	m.mu.Unlock()
	if ok && bytes.Equal(e.src, src) {
		return e.v, e.probs
	}
	v, probs := parse()
	m.mu.Lock()
	if m.files == nil {
		m.files = map[string]memoEntry[T]{}
	}
	probs = slices.Clip(probs)
	m.files[rel] = memoEntry[T]{src: bytes.Clone(src), v: v, probs: probs}
	m.mu.Unlock()
	return v, probs
}

// Prune forgets the files not parsed since the last Prune: those that are gone.
func (m *Memo[T]) Prune() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for rel := range m.files {
		if !m.seen[rel] {
			delete(m.files, rel)
		}
	}
	m.seen = nil
}
