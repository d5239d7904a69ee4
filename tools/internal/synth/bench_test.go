package synth

import (
	"testing"
	"time"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
)

// benchShelters and benchPages size the synthetic site of the benchmarks.
const benchShelters, benchPages = 1000, 20

func benchSite(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if err := Write(root, dir, benchShelters, benchPages, 1); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoad reads every topic page and shelter record (parsing only, no checks).
func BenchmarkLoad(b *testing.B) {
	dir := benchSite(b)
	for b.Loop() {
		set, probs := page.Load(dir, "shelters/records")
		shelters, ps := record.Load(dir)
		if len(probs)+len(ps) > 0 || len(shelters) != benchShelters || len(set.Pages) == 0 {
			b.Fatalf("%d shelters, problems %v %v", len(shelters), probs, ps)
		}
	}
}

// BenchmarkCheck runs the whole validation the build starts with (site.Check).
func BenchmarkCheck(b *testing.B) {
	dir := benchSite(b)
	for b.Loop() {
		_, probs, err := site.Check(site.Options{Root: dir})
		if err != nil || len(probs) > 0 {
			b.Fatal(err, probs)
		}
	}
}

// BenchmarkGenerate derives the directory data and the open data (directory.Build, the JSON
// for Hugo, HSDS, CSV and vCards in every language), in memory.
func BenchmarkGenerate(b *testing.B) {
	dir := benchSite(b)
	src, probs, err := site.Check(site.Options{Root: dir})
	if err != nil || len(probs) > 0 {
		b.Fatal(err, probs)
	}
	now := time.Now()
	for b.Loop() {
		files, err := site.Generated(site.Options{Root: dir, Now: now}, src)
		if err != nil {
			b.Fatal(err)
		}
		if len(files) < 3*benchShelters {
			b.Fatalf("%d files", len(files))
		}
	}
}
