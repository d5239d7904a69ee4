package site

import (
	"os"
	"runtime/debug"
)

// Memory limits of a build. A country-size directory (10,000 shelters, 40,000 pages) must
// build within 3 GB: most of what the process holds at its peak is garbage the collector
// has not reclaimed yet, and Hugo's caches, which it trims only when told how much memory
// it may use.
const (
	// SoftMemoryLimit is the heap size past which the Go runtime collects garbage sooner
	// (debug.SetMemoryLimit); GOMEMLIMIT overrides it. It is a soft limit: a build that
	// needs more gets more, at the price of more collections.
	SoftMemoryLimit = 2560 << 20 // 2.5 GiB
	// HugoMemoryLimit is the memory, in gigabytes, past which Hugo's caches give entries
	// back (HUGO_MEMORYLIMIT, read when the sites are created; by default a quarter of the
	// machine's memory); the environment variable overrides it.
	HugoMemoryLimit = "2"
	// AuditGCPercent is how far the heap may grow past what is live before the collector
	// runs (debug.SetGCPercent) while the open data are written and the audit reads the built
	// pages, after Hugo's memory is given back. What the audit keeps of each page grows with
	// every page read, and at Go's default of 100 the collector took a third of its time (10,000
	// shelters: 4.7 s at 100, 3.6 s at 400). The soft limit still bounds the heap, so
	// the peak stays Hugo's. GOGC overrides it.
	AuditGCPercent = 400
)

// collectLess sets AuditGCPercent, unless GOGC is set, and returns what undoes that.
func collectLess() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(AuditGCPercent)
	return func() { debug.SetGCPercent(prev) }
}

// limitMemory sets both limits for the build to come, unless the environment sets them,
// and returns what undoes that.
func limitMemory() (restore func()) {
	var undo []func()
	if os.Getenv("GOMEMLIMIT") == "" {
		prev := debug.SetMemoryLimit(SoftMemoryLimit)
		undo = append(undo, func() { debug.SetMemoryLimit(prev) })
	}
	if _, set := os.LookupEnv("HUGO_MEMORYLIMIT"); !set {
		os.Setenv("HUGO_MEMORYLIMIT", HugoMemoryLimit)
		undo = append(undo, func() { os.Unsetenv("HUGO_MEMORYLIMIT") })
	}
	return func() {
		for _, f := range undo {
			f()
		}
	}
}
