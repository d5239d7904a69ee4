package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/site"
)

// buildSite copies the shipped site and builds it; it fails the test if the build fails.
func buildSite(t *testing.T) string {
	t.Helper()
	dir := copySite(t)
	if code, stdout, stderr := runTool(t, "build", "-root", dir); code != 0 {
		t.Fatalf("build exit %d\n%s%s", code, stdout, stderr)
	}
	return dir
}

// TestShippedSite builds the content shipped in the repository and checks the output: every
// page in kk, ru and en, reciprocal hreflang alternates that resolve to files, and the same
// section ids in the three translations of each page.
func TestShippedSite(t *testing.T) {
	dir := buildSite(t)
	public := filepath.Join(dir, "public")
	src, probs, err := site.Check(site.Options{Root: dir})
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	set := src.Pages
	if len(set.IDs()) < 9 {
		t.Errorf("only %d pages: %v", len(set.IDs()), set.IDs())
	}
	for _, id := range set.IDs() {
		var sections [][]string
		for _, lang := range page.Languages {
			rel := filepath.Join(lang, id, "index.html")
			if id == "home" {
				rel = filepath.Join(lang, "index.html")
			}
			ids, lang2 := h2IDs(t, filepath.Join(public, rel))
			if lang2 != lang {
				t.Errorf("%s: lang %q, want %q", rel, lang2, lang)
			}
			sections = append(sections, ids)
		}
		for i := 1; i < len(sections); i++ {
			if !slices.Equal(sections[0], sections[i]) {
				t.Errorf("page %s: section ids differ: %s %v, %s %v", id, page.Languages[0], sections[0], page.Languages[i], sections[i])
			}
		}
	}
	site, err := audit.Read(public, "https://portal.example/")
	if err != nil {
		t.Fatal(err)
	}
	for rel, pg := range site.Pages {
		if strings.HasPrefix(rel, "go/") || !strings.HasSuffix(rel, "/index.html") {
			continue // short-link fallbacks, print editions and error pages list no translations
		}
		if rel != "index.html" && len(pg.Alternate) != 4 {
			t.Errorf("%s: %d alternates, want kk, ru, en and x-default: %v", rel, len(pg.Alternate), pg.Alternate)
		}
	}
	if probs := site.Check("public/"); len(probs) > 0 {
		t.Errorf("output checks:\n%v", probs)
	}
	code, out, _ := runTool(t, "weights", "-dir", public, "-top", "3")
	if code != 0 || !strings.Contains(out, " 0 over the budget") {
		t.Errorf("weights: exit %d\n%s", code, out)
	}
	root, err := os.ReadFile(filepath.Join(public, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href=tel:112`, `href=/kk/ hreflang=kk`, `href=/ru/ hreflang=ru`, `href=/en/ hreflang=en`, `data-quick-exit`, `lang=ru`} {
		if !strings.Contains(string(root), want) {
			t.Errorf("root page lacks %s", want)
		}
	}
}

// h2IDs returns the ids of a built page's H2 headings that come from the content (the
// sources list the template adds is left out), and the page's lang.
func h2IDs(t *testing.T, file string) (ids []string, lang string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if n.Data == "html" && a.Key == "lang" {
					lang = a.Val
				}
				if n.Data == "h2" && a.Key == "id" && a.Val != "sources-list" && a.Val != "numbers" {
					ids = append(ids, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return ids, lang
}

// treeHash summarises every file under dir (names and contents).
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s %x\n", p, sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestFailedBuildKeepsPublic breaks the sources of a site that built once, in ways each
// caught at a different stage, and checks that each build fails naming the problem while
// public/ stays exactly as it was.
func TestFailedBuildKeepsPublic(t *testing.T) {
	dir := buildSite(t)
	public := filepath.Join(dir, "public")
	before := treeHash(t, public)
	cases := []struct {
		name, file, from, to, want string
	}{
		{"front matter does not parse", "content/help/index.ru.md", "\ntopic: help\n", "\ntopic: [help\n",
			"content/help/index.ru.md:4: front matter is not valid YAML"},
		{"interface string missing in one language", "i18n/ru.toml", "\nquick_exit = ", "\n# quick_exit = ",
			`i18n/ru.toml: key "quick_exit" is missing`},
		{"template error caught by Hugo", "themes/portal/layouts/page.html", "{{ .Content }}", "{{ .Content.Nope }}",
			"hugo: "},
		{"Hugo warning (pages written to one path) caught", "content/_content.gotmpl", `"url" (printf "/go/%s/" .id)`, `"url" "/go/all/"`,
			"hugo: WARN  Duplicate target paths: /go/all/index.html"},
		{"output check: resource from another host", "themes/portal/layouts/_partials/head-common.html",
			`<link rel="icon" href="data:,">`, `<link rel="icon" href="https://cdn.example.com/x.ico">`,
			`loads "https://cdn.example.com/x.ico" from another host`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			orig, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(orig), c.from) {
				t.Fatalf("%s does not contain %q", c.file, c.from)
			}
			os.WriteFile(p, []byte(strings.Replace(string(orig), c.from, c.to, 1)), 0o644)
			defer os.WriteFile(p, orig, 0o644)
			code, _, stderr := runTool(t, "build", "-root", dir)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, stderr)
			}
			if after := treeHash(t, public); after != before {
				t.Error("public/ changed after a failed build")
			}
		})
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".public-new-*")); len(leftovers) > 0 {
		t.Errorf("temporary build folders left behind: %v", leftovers)
	}
}

// TestDirectoryOutput: every shelter in the source appears in every language as a page, on
// its region's page, on a filter page for each group it serves, in the HSDS export and in the
// CSV; the counts are equal everywhere.
func TestDirectoryOutput(t *testing.T) {
	dir := buildSite(t)
	src, _, err := site.Check(site.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(dir, "public")
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(rel)))
		if err != nil {
			t.Error(err)
		}
		return string(b)
	}
	if len(src.Shelters) < 20 {
		t.Fatalf("%d shelters", len(src.Shelters))
	}
	for _, lang := range page.Languages {
		var hsds []map[string]any
		if err := json.Unmarshal([]byte(read(lang+"/shelters/hsds.json")), &hsds); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(read(lang + "/shelters/shelters.csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(hsds) != len(src.Shelters) || len(rows)-1 != len(src.Shelters) {
			t.Errorf("%s: %d shelters, HSDS %d, CSV %d", lang, len(src.Shelters), len(hsds), len(rows)-1)
		}
		for _, s := range src.Shelters {
			link := fmt.Sprintf("href=/%s/shelters/%s/>", lang, s.ID)
			if !strings.Contains(read(fmt.Sprintf("%s/shelters/%s/index.html", lang, s.ID)), s.Name[lang]) {
				t.Errorf("%s: %s has no page with its name", lang, s.ID)
			}
			if !strings.Contains(read(fmt.Sprintf("%s/shelters/regions/%s/index.html", lang, strings.ToLower(s.Region))), link) {
				t.Errorf("%s: %s is not on its region's page", lang, s.ID)
			}
			for _, g := range s.Serves {
				filter := fmt.Sprintf("href=/%s/shelters/regions/%s/%s/>", lang, strings.ToLower(s.Region), g)
				if !strings.Contains(read(fmt.Sprintf("%s/shelters/regions/%s/index.html", lang, strings.ToLower(s.Region))), filter) {
					t.Errorf("%s: the region page of %s has no filter link %s", lang, s.ID, filter)
				}
				for _, f := range []string{fmt.Sprintf("%s/shelters/regions/%s/%s/index.html", lang, strings.ToLower(s.Region), g),
					fmt.Sprintf("%s/shelters/for/%s/index.html", lang, g)} {
					if !strings.Contains(read(f), link) {
						t.Errorf("%s is not on %s", s.ID, f)
					}
				}
			}
			if _, err := os.Stat(filepath.Join(public, lang, "shelters", s.ID, "contact.vcf")); err != nil {
				t.Errorf("%s: no vCard", s.ID)
			}
		}
	}
}

// TestConfidentialAddressNeverPublished gives a confidential shelter an address: the build
// must refuse it, and no file under public/ may contain it. With the address made public,
// the same text must appear, or the search proves nothing.
func TestConfidentialAddressNeverPublished(t *testing.T) {
	dir := buildSite(t)
	public := filepath.Join(dir, "public")
	const canary = "Secret street 17, flat 4"
	record := filepath.Join(dir, "content", "shelters", "records", "sample-almaty.md")
	orig, _ := os.ReadFile(record)
	leaked := func() []string {
		var files []string
		filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, _ := os.ReadFile(p); strings.Contains(string(b), canary) {
					files = append(files, p)
				}
			}
			return err
		})
		return files
	}
	withAddress := strings.Replace(string(orig), "address_public: false",
		"address_public: false\naddress: {kk: \""+canary+"\", ru: \""+canary+"\", en: \""+canary+"\"}", 1)
	os.WriteFile(record, []byte(withAddress), 0o644)
	code, _, stderr := runTool(t, "build", "-root", dir)
	if code != 1 || !strings.Contains(stderr, "address.kk is written for a confidential shelter") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if files := leaked(); len(files) > 0 {
		t.Errorf("the confidential address is in %v", files)
	}
	public2 := strings.Replace(withAddress, "address_public: false", "address_public: true", 1)
	os.WriteFile(record, []byte(public2), 0o644)
	if code, _, stderr := runTool(t, "build", "-root", dir); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if files := leaked(); len(files) < 9 {
		t.Errorf("a public address appears in only %d files: %v", len(files), files)
	}
}

// TestFreshnessAndProduction: check lists entries not verified within the period as
// warnings (exit 0); a production build refuses sample entries and entries past the hard
// limit, naming each, and publishes nothing.
func TestFreshnessAndProduction(t *testing.T) {
	dir := copySite(t)
	record := filepath.Join(dir, "content", "shelters", "records", "sample-taraz.md")
	orig, _ := os.ReadFile(record)
	old := strings.Replace(string(orig), `date: "2026-11-26"`, `date: "2024-01-15"`, 1)
	if old == string(orig) {
		t.Fatal("the sample's verified date changed; update this test")
	}
	os.WriteFile(record, []byte(old), 0o644)

	code, stdout, _ := runTool(t, "check", "-root", dir, "-stale-after", "30")
	if code != 0 || !strings.Contains(stdout, "content/shelters/records/sample-taraz.md:38: warning: last verified") {
		t.Errorf("check: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runTool(t, "check", "-root", dir, "-production")
	lines := problemLines(stdout)
	samples := 0
	for _, l := range lines {
		if strings.HasSuffix(l, "sample entry in a production build") {
			samples++
		}
	}
	if code != 1 || samples != 20 || !slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "content/shelters/records/sample-taraz.md:38: last verified") &&
			strings.HasSuffix(l, "a production build refuses entries older than 365 days")
	}) {
		t.Errorf("check -production: exit %d, %d samples refused\n%s", code, samples, stdout)
	}
	code, _, stderr := runTool(t, "build", "-root", dir, "-production")
	if code != 1 || !strings.Contains(stderr, "public/ was not changed") {
		t.Errorf("build -production: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a refused production build published a site")
	}
}

// TestToolsNeverWriteContent builds twice and checks that nothing under content/, i18n/,
// data/ or themes/ changed.
func TestToolsNeverWriteContent(t *testing.T) {
	dir := copySite(t)
	var before []string
	for _, d := range []string{"content", "i18n", "data", "themes"} {
		before = append(before, treeHash(t, filepath.Join(dir, d)))
	}
	for range 2 {
		if code, _, stderr := runTool(t, "build", "-root", dir); code != 0 {
			t.Fatal(stderr)
		}
	}
	for i, d := range []string{"content", "i18n", "data", "themes"} {
		if treeHash(t, filepath.Join(dir, d)) != before[i] {
			t.Errorf("%s/ changed during a build", d)
		}
	}
}

// TestLongListsArePaged adds 45 shelters to one region: its list is split in screen pages of
// at most directory.PerPage shelters, linked to each other, and every shelter is on one of them.
func TestLongListsArePaged(t *testing.T) {
	dir := copySite(t)
	records := filepath.Join(dir, "content", "shelters", "records")
	orig, _ := os.ReadFile(filepath.Join(records, "sample-almaty.md"))
	for i := range 45 {
		id := fmt.Sprintf("sample-almaty-%02d", i)
		os.WriteFile(filepath.Join(records, id+".md"), []byte(strings.Replace(string(orig), "id: sample-almaty", "id: "+id, 1)), 0o644)
	}
	if code, _, stderr := runTool(t, "build", "-root", dir); code != 0 {
		t.Fatal(stderr)
	}
	public := filepath.Join(dir, "public", "en", "shelters", "regions", "kz-75")
	seen := map[string]int{}
	for _, page := range []string{"", "2", "3"} {
		b, err := os.ReadFile(filepath.Join(public, page, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		cards := regexp.MustCompile(`<h2 id=(sample-almaty[-0-9]*)-name>`).FindAllStringSubmatch(html, -1)
		if len(cards) == 0 || len(cards) > 20 {
			t.Errorf("page %q has %d shelters", page, len(cards))
		}
		for _, c := range cards {
			seen[c[1]]++
		}
		for _, link := range []string{"href=/en/shelters/regions/kz-75/>1<", "href=/en/shelters/regions/kz-75/2/>2<", "href=/en/shelters/regions/kz-75/3/>3<"} {
			if !strings.Contains(strings.ReplaceAll(html, " aria-current=page", ""), link) {
				t.Errorf("page %q lacks the pager link %s", page, link)
			}
		}
	}
	if len(seen) != 46 {
		t.Errorf("%d shelters across the pages, want 46", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s is on %d pages", id, n)
		}
	}
}
