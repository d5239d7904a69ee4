package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"kzportal.example/portal/tools/internal/audit"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/site"
	"kzportal.example/portal/tools/internal/source"
)

// today is the fixed day the tests build on, so that they do not start failing as time
// passes (the shipped entries' ages are counted from it); day is the same as a time.
const today = "2026-12-01"

var day = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// buildSite copies the shipped site, with the test records in testdata/records when
// samples is set, and builds it on the fixed day; it fails the test if the build fails.
func buildSite(t *testing.T, samples bool) string {
	t.Helper()
	dir := copySite(t)
	if samples {
		addSamples(t, dir)
	}
	if code, stdout, stderr := runTool(t, "build", "-root", dir, "-today", today); code != 0 {
		t.Fatalf("build exit %d\n%s%s", code, stdout, stderr)
	}
	return dir
}

// addSamples copies the test records (testdata/records/*.md) into the site in dir.
func addSamples(t testing.TB, dir string) {
	t.Helper()
	files, _ := filepath.Glob("testdata/records/*.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "content", "shelters", "records", filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestShippedSite builds the content shipped in the repository and checks the output: every
// page in kk, ru and en, reciprocal hreflang alternates that resolve to files, and the same
// section ids in the three translations of each page.
func TestShippedSite(t *testing.T) {
	dir := buildSite(t, false)
	public := filepath.Join(dir, "public")
	src, probs, err := site.Check(site.Options{Root: dir, Now: day})
	if err != nil || len(probs.Errors()) > 0 {
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
		if rel == "index.html" {
			continue
		}
		// Every page has the full editions and x-default; an essential page also the partial ones.
		id := strings.TrimSuffix(strings.SplitN(rel, "/", 2)[1], "/index.html")
		want := 4
		if id == "index.html" {
			id = "home"
		}
		if slices.Contains(page.Essentials, id) {
			want += len(page.Partial)
		}
		if len(pg.Alternate) != want {
			t.Errorf("%s: %d alternates, want %d (kk, ru, en, x-default, and uz, ky, tg on an essential page): %v", rel, len(pg.Alternate), want, pg.Alternate)
		}
	}
	if probs := site.Check("public/"); len(probs) > 0 {
		t.Errorf("output checks:\n%v", probs)
	}
	code, out, _ := runTool(t, "weights", "-dir", public, "-top", "3")
	if code != 0 || !strings.Contains(out, " 0 over the budget") {
		t.Errorf("weights: exit %d\n%s", code, out)
	}
	// A Russian date ends in "г." where Go's locale data writes it; a full stop after it made
	// «15 июля 2026 г..». No page may show that.
	err = filepath.WalkDir(public, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if bytes.Contains(b, []byte("г..")) {
			t.Errorf("%s: a date ends in «г..»", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
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
	// The root is a complete page: a description in every language, and the alternates
	// every home page's x-default leads back from.
	for _, l := range page.AllLanguages() {
		summary := stdhtml.EscapeString(set.Get("home", l).Front.Summary)
		if !strings.Contains(stdhtml.UnescapeString(string(root)), stdhtml.UnescapeString(summary)) {
			t.Errorf("the root's description lacks the %s summary", l)
		}
	}
	if rootPage := site.Pages["index.html"]; len(rootPage.Alternate) != len(page.AllLanguages())+1 || rootPage.Alternate["x-default"] == "" {
		t.Errorf("root alternates: %v", rootPage.Alternate)
	}
	checkSourceTitles(t, public, src.Sources)
}

// sourceItem is one entry of a page's list of sources, as the minified output writes it.
var sourceItem = regexp.MustCompile(`<li id=source-\d+>(.*?)</li>`)

// checkSourceTitles: no Kazakh or Russian page shows a source's English title (where it has
// its own), each shows the titles in its language, and every source in a page's list links
// to its address.
func checkSourceTitles(t *testing.T, public string, sources source.Set) {
	t.Helper()
	for _, lang := range []string{"kk", "ru"} {
		shown := 0
		err := filepath.WalkDir(filepath.Join(public, lang), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			text := stdhtml.UnescapeString(string(b))
			for key, s := range sources {
				if en := s.Title["en"]; en != s.Title[lang] && strings.Contains(text, en) {
					t.Errorf("%s shows the English title of source %s: %q", p, key, en)
				}
				if strings.Contains(text, s.Title[lang]) {
					shown++
				}
			}
			for _, m := range sourceItem.FindAllStringSubmatch(string(b), -1) {
				if !strings.Contains(m[1], "<a href=https://") && !strings.Contains(m[1], `<a href="https://`) {
					t.Errorf("%s: a source without its address: %s", p, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if shown < 20 {
			t.Errorf("%s pages show only %d source titles in %s", lang, shown, lang)
		}
	}
}

// templateSections are the ids of the sections templates add to pages (the sources, the
// help numbers, the directory's lists), which no content file has.
var templateSections = []string{"sources-list", "numbers", "lines", "by-region", "by-group", "open-data"}

// h2IDs returns the ids of a built page's H2 headings that come from the content, and the
// page's lang.
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
				if n.Data == "h2" && a.Key == "id" && !slices.Contains(templateSections, a.Val) {
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
	dir := buildSite(t, false)
	public := filepath.Join(dir, "public")
	before := treeHash(t, public)
	cases := []struct {
		name, file, from, to, want string
	}{
		{"front matter does not parse", "content/help/index.ru.md", "\ntopic: help\n", "\ntopic: [help\n",
			"content/help/index.ru.md:4: a list opened with [ on this line is not closed"},
		{"interface string missing in one language", "i18n/ru.toml", "\nquick_exit = ", "\n# quick_exit = ",
			`i18n/ru.toml: key quick_exit is missing`},
		// One page only: Hugo v0.165 can deadlock when ten or more pages fail to render (its
		// error collator stops reading after ten while the renderers still send).
		{"template error caught by Hugo", "themes/portal/layouts/home.chooser.html", "<main id=\"main\">", "<main id=\"main\">{{ .Nope }}",
			"themes/portal/layouts/home.chooser.html:18:"},
		{"Hugo warning (pages written to one path) caught", "content/_content.gotmpl", `"url" (printf "/go/%s/" .id)`, `"url" "/go/all/"`,
			"WARN  Duplicate target paths: /go/all/index.html"},
		{"output check: resource from another host", "themes/portal/layouts/_partials/head-common.html",
			`<link rel="icon" href="data:,">`, `<link rel="icon" href="https://cdn.example.com/x.ico">`,
			`loads https://cdn.example.com/x.ico from another host`},
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
			code, _, stderr := runTool(t, "build", "-root", dir, "-today", today)
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

// TestDirectoryOutput: every entry appears in every language as a page; every centre on its
// region's page and on a filter page for each group it serves; every line on the directory's
// home and on every region's page; every region has its page, entries or not; the HSDS
// export and the CSV hold every entry; entries with a phone have a vCard.
func TestDirectoryOutput(t *testing.T) {
	dir := buildSite(t, true)
	src, _, err := site.Check(site.Options{Root: dir, Now: day})
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
	if len(src.Records) < 16 || len(src.Regions) != 20 {
		t.Fatalf("%d records, %d regions", len(src.Records), len(src.Regions))
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
		if len(hsds) != len(src.Records) || len(rows)-1 != len(src.Records) {
			t.Errorf("%s: %d entries, HSDS %d, CSV %d", lang, len(src.Records), len(hsds), len(rows)-1)
		}
		home := read(lang + "/shelters/index.html")
		for code := range src.Regions {
			region := read(fmt.Sprintf("%s/shelters/regions/%s/index.html", lang, strings.ToLower(code)))
			if !strings.Contains(home, fmt.Sprintf("href=/%s/shelters/regions/%s/>", lang, strings.ToLower(code))) {
				t.Errorf("%s: the directory's home does not link region %s", lang, code)
			}
			for _, r := range src.Records {
				if r.Kind == "line" && !strings.Contains(region, fmt.Sprintf("href=/%s/shelters/%s/>", lang, r.ID)) {
					t.Errorf("%s: region %s does not show the line %s", lang, code, r.ID)
				}
			}
		}
		for _, r := range src.Records {
			link := fmt.Sprintf("href=/%s/shelters/%s/>", lang, r.ID)
			entry := read(fmt.Sprintf("%s/shelters/%s/index.html", lang, r.ID))
			if !strings.Contains(entry, "<h1 id="+r.ID+"-name>") {
				t.Errorf("%s: %s has no page with its title", lang, r.ID)
			}
			if r.Kind == "line" {
				if !strings.Contains(home, link) {
					t.Errorf("%s: the directory's home does not show the line %s", lang, r.ID)
				}
				continue
			}
			regionPage := read(fmt.Sprintf("%s/shelters/regions/%s/index.html", lang, strings.ToLower(r.Region)))
			if !strings.Contains(regionPage, link) {
				t.Errorf("%s: %s is not on its region's page", lang, r.ID)
			}
			for _, g := range r.Serves {
				filter := fmt.Sprintf("href=/%s/shelters/regions/%s/%s/>", lang, strings.ToLower(r.Region), g)
				if !strings.Contains(regionPage, filter) {
					t.Errorf("%s: the region page of %s has no filter link %s", lang, r.ID, filter)
				}
				for _, f := range []string{fmt.Sprintf("%s/shelters/regions/%s/%s/index.html", lang, strings.ToLower(r.Region), g),
					fmt.Sprintf("%s/shelters/for/%s/index.html", lang, g)} {
					if !strings.Contains(read(f), link) {
						t.Errorf("%s is not on %s", r.ID, f)
					}
				}
			}
			_, err := os.Stat(filepath.Join(public, lang, "shelters", r.ID, "contact.vcf"))
			if (err == nil) != (len(r.Phones) > 0) {
				t.Errorf("%s: %d phones, vCard: %v", r.ID, len(r.Phones), err == nil)
			}
		}
	}
}

// TestRegionPages: a region with a listed centre says how it is known and how to reach it;
// a region with none says so and what to do instead; both in every language.
func TestRegionPages(t *testing.T) {
	dir := buildSite(t, false)
	public := filepath.Join(dir, "public")
	for _, tt := range []struct{ lang, region, want string }{
		{"en", "kz-11", "Taken from a published source (as of January 1, 2025), not checked by phone"},
		{"en", "kz-11", "The official list gives no phone or address for this centre."},
		{"en", "kz-23", "No crisis centre in this region is on the official list this directory is taken from (as of January 1, 2025)."},
		{"ru", "kz-11", "Взято из опубликованного источника (сведения: 1 января 2025"},
		{"ru", "kz-23", "кризисного центра в этом регионе нет"},
		{"kk", "kz-11", "Жарияланған дереккөзден алынған"},
		{"kk", "kz-23", "бұл өңірде дағдарыс орталығы жоқ"},
		{"ru", "kz-61", "Туркестанская область (2 из 2)"},
		{"kk", "kz-61", "Түркістан облысы (2-ші, барлығы 2)"},
	} {
		b, err := os.ReadFile(filepath.Join(public, tt.lang, "shelters", "regions", tt.region, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if text := stdhtml.UnescapeString(string(b)); !strings.Contains(text, tt.want) {
			t.Errorf("%s/%s lacks %q", tt.lang, tt.region, tt.want)
		}
	}
}

// TestConfidentialAddressNeverPublished gives a confidential entry an address: the build
// must refuse it, and no file under public/ may contain it. With the address made public,
// the same text must appear, or the search proves nothing.
func TestConfidentialAddressNeverPublished(t *testing.T) {
	dir := buildSite(t, true)
	public := filepath.Join(dir, "public")
	const canary = "Secret street 17, flat 4"
	rec := filepath.Join(dir, "content", "shelters", "records", "sample-almaty.md")
	orig, _ := os.ReadFile(rec)
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
	os.WriteFile(rec, []byte(withAddress), 0o644)
	code, _, stderr := runTool(t, "build", "-root", dir, "-today", today)
	if code != 1 || !strings.Contains(stderr, "address is written for an entry whose address is confidential") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if files := leaked(); len(files) > 0 {
		t.Errorf("the confidential address is in %v", files)
	}
	public2 := strings.Replace(withAddress, "address_public: false", "address_public: true", 1)
	os.WriteFile(rec, []byte(public2), 0o644)
	if code, _, stderr := runTool(t, "build", "-root", dir, "-today", today); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if files := leaked(); len(files) < 9 {
		t.Errorf("a public address appears in only %d files: %v", len(files), files)
	}
}

// TestFreshnessAndProduction: check lists entries past the warn ages as warnings (exit 0);
// a production build refuses samples, entries that say neither how they are known, and
// entries past the max ages, naming each, and publishes nothing; it refuses the placeholder
// base URL unless Netlify's URL (or -baseurl) gives the real address. The shipped site,
// given its address, builds for production.
func TestFreshnessAndProduction(t *testing.T) {
	t.Setenv("URL", "")
	dir := copySite(t)
	if code, stdout, stderr := runTool(t, "build", "-root", dir, "-today", today, "-production"); code != 1 ||
		!strings.Contains(stderr, "config.toml: a production build needs the site's real address, but the base URL is https://portal.example/") {
		t.Errorf("production with the placeholder: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Setenv("URL", "https://kz-portal.netlify.app")
	code, stdout, stderr := runTool(t, "build", "-root", dir, "-today", today, "-production")
	if code != 0 || !strings.Contains(stdout, "base URL https://kz-portal.netlify.app") {
		t.Fatalf("the shipped site does not build for production: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "public", "en", "rights", "print.html")); !strings.Contains(string(b), "https://kz-portal.netlify.app/en/rights/") {
		t.Error("the production build does not use Netlify's address")
	}

	addSamples(t, dir)
	records := filepath.Join(dir, "content", "shelters", "records")
	sample, _ := os.ReadFile(filepath.Join(records, "sample-almaty.md"))
	old := strings.Replace(string(sample), `date: "2026-11-26"`, `date: "2025-06-15"`, 1)
	os.WriteFile(filepath.Join(records, "sample-almaty.md"), []byte(old), 0o644)
	listed, _ := os.ReadFile(filepath.Join(records, "crisis-centre-akmola.md"))
	os.WriteFile(filepath.Join(records, "crisis-centre-akmola.md"), []byte(strings.Replace(string(listed), `as_of: "2025-01-01"`, `as_of: "2022-06-01"`, 1)), 0o644)
	unknown := strings.Replace(strings.Replace(string(listed), "listed:\n  sources: [sss-2024]\n  as_of: \"2025-01-01\"\n", "", 1), "crisis-centre-akmola", "crisis-centre-draft", 1)
	os.WriteFile(filepath.Join(records, "crisis-centre-draft.md"), []byte(unknown), 0o644)

	code, stdout, _ = runTool(t, "check", "-root", dir, "-today", today, "-called-warn", "30")
	if code != 0 || !strings.Contains(stdout, "content/shelters/records/sample-almaty.md:39: warning: checked by phone 534 days ago (more than 30)") ||
		!strings.Contains(stdout, "content/shelters/records/crisis-centre-draft.md:1: warning: the entry does not say how it is known") {
		t.Errorf("check: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runTool(t, "check", "-root", dir, "-today", today, "-production")
	for _, want := range []string{
		"content/shelters/records/sample-almaty.md:6: sample entry in a production build",
		"content/shelters/records/sample-almaty.md:39: checked by phone 534 days ago; a production build refuses entries checked more than 365 days ago",
		"content/shelters/records/crisis-centre-akmola.md:12: listed as of 2022-06-01, 1644 days ago; a production build refuses entries whose source is more than 1095 days old",
		"content/shelters/records/crisis-centre-draft.md:1: the entry does not say how it is known; a production build refuses it",
	} {
		if !slices.Contains(problemLines(stdout), want) {
			t.Errorf("check -production lacks %q", want)
		}
	}
	if code != 1 {
		t.Errorf("check -production: exit %d\n%s", code, stdout)
	}
	before := treeHash(t, filepath.Join(dir, "public"))
	code, _, stderr = runTool(t, "build", "-root", dir, "-today", today, "-production")
	if code != 1 || !strings.Contains(stderr, "public/ was not changed") {
		t.Errorf("build -production: exit %d\n%s", code, stderr)
	}
	if treeHash(t, filepath.Join(dir, "public")) != before {
		t.Error("a refused production build changed public/")
	}
	// The limits can be set.
	if code, stdout, _ := runTool(t, "check", "-root", dir, "-today", today, "-production", "-listed-max", "2000", "-called-max", "600"); code != 1 ||
		slices.ContainsFunc(problemLines(stdout), func(l string) bool { return strings.Contains(l, "refuses entries") }) {
		t.Errorf("check -production with longer limits: exit %d\n%s", code, stdout)
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
		if code, _, stderr := runTool(t, "build", "-root", dir, "-today", today); code != 0 {
			t.Fatal(stderr)
		}
	}
	for i, d := range []string{"content", "i18n", "data", "themes"} {
		if treeHash(t, filepath.Join(dir, d)) != before[i] {
			t.Errorf("%s/ changed during a build", d)
		}
	}
}

// TestSameSourcesSameSite: two builds of unchanged sources give byte-identical sites (no
// layout chosen at random, no file that comes and goes).
func TestSameSourcesSameSite(t *testing.T) {
	dir := copySite(t)
	var hashes []string
	for range 3 {
		if code, _, stderr := runTool(t, "build", "-root", dir, "-today", today); code != 0 {
			t.Fatal(stderr)
		}
		hashes = append(hashes, treeHash(t, filepath.Join(dir, "public")))
	}
	if hashes[0] != hashes[1] || hashes[1] != hashes[2] {
		t.Error("three builds of the same sources differ")
	}
	for _, lang := range page.Languages {
		b, _ := os.ReadFile(filepath.Join(dir, "public", lang, "404.html"))
		if !strings.Contains(string(b), "data-quick-exit") || strings.Contains(string(b), "print.min") {
			t.Errorf("%s/404.html is not the screen page with the quick exit", lang)
		}
	}
}

// TestKilledBuildsLeaveNothing: the temporary folders of builds killed part way (their
// process gone) are removed by the next build; one of a build still running is kept.
func TestKilledBuildsLeaveNothing(t *testing.T) {
	dir := copySite(t)
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a process:", err)
	}
	gone := cmd.Process.Pid // a process that has ended
	dead := filepath.Join(dir, fmt.Sprintf(".public-new-%d-123", gone))
	alive := filepath.Join(dir, fmt.Sprintf(".public-new-%d-456", os.Getppid()))
	for _, d := range []string{dead, alive} {
		os.MkdirAll(filepath.Join(d, "en"), 0o755)
		os.WriteFile(filepath.Join(d, "en", "index.html"), []byte("half a site"), 0o644)
	}
	if code, _, stderr := runTool(t, "build", "-root", dir, "-today", today); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(dead); err == nil {
		t.Error("the folder of a killed build is still there")
	}
	if _, err := os.Stat(alive); err != nil {
		t.Error("the folder of a running build was removed")
	}
}

// TestLongListsArePaged adds 45 entries to one region: its list is split in screen pages of
// at most directory.PerPage entries, linked to each other, and every entry is on one of them.
func TestLongListsArePaged(t *testing.T) {
	dir := copySite(t)
	records := filepath.Join(dir, "content", "shelters", "records")
	orig, _ := os.ReadFile(filepath.Join("testdata", "records", "sample-almaty.md"))
	for i := range 46 {
		id := fmt.Sprintf("sample-almaty-%02d", i)
		os.WriteFile(filepath.Join(records, id+".md"), []byte(strings.Replace(string(orig), "id: sample-almaty", "id: "+id, 1)), 0o644)
	}
	if code, _, stderr := runTool(t, "build", "-root", dir, "-today", today); code != 0 {
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
			t.Errorf("page %q has %d entries", page, len(cards))
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
		t.Errorf("%d entries across the pages, want 46", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s is on %d pages", id, n)
		}
	}
}

// TestStaleTranslationBuilds: editing the English text of a page no longer stops the build: it
// warns, with the new hash, and each translation says on the page that its original changed,
// on the day it changed, with a link to it; -strict refuses.
func TestStaleTranslationBuilds(t *testing.T) {
	dir := copySite(t)
	p := filepath.Join(dir, "content", "safety", "index.en.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, append(src, []byte("\nOne more sentence.\n")...), 0o644)
	os.Chtimes(p, day, day) // outside Git, a file changed on its modification day
	code, stdout, stderr := runTool(t, "build", "-root", dir, "-today", today)
	if code != 0 || !strings.Contains(stderr, "content/safety/index.kk.md:11: warning: translation is stale") || !strings.Contains(stdout, "published") {
		t.Fatalf("exit %d:\n%s%s", code, stdout, stderr)
	}
	// The shipped entries' ages are one line; -v names each.
	if !strings.Contains(stderr, "build: warning: 14 directory entries are past their warn age") || strings.Contains(stderr, "days ago") {
		t.Errorf("the entries past their age are not one line:\n%s", stderr)
	}
	if _, _, stderr := runTool(t, "build", "-root", dir, "-today", today, "-v"); !strings.Contains(stderr, "content/shelters/records/line-150.md:33: warning: listed as of 2023") {
		t.Errorf("build -v does not name the entries past their age:\n%s", stderr)
	}
	for lang, want := range map[string]string{"ru": "Английский оригинал изменился 1 декабря 2026", "kk": "Ағылшынша түпнұсқа 2026 ж. 1 желтоқсан күні өзгерді"} {
		b, _ := os.ReadFile(filepath.Join(dir, "public", lang, "safety", "index.html"))
		text := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(stdhtml.UnescapeString(string(b)))
		if !strings.Contains(text, want) || !strings.Contains(text, `href=/en/safety/ hreflang=en`) {
			t.Errorf("%s/safety/ lacks the notice %q with a link to the original", lang, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "public", "ru", "rights", "index.html")); strings.Contains(string(b), "оригинал изменился") {
		t.Error("a translation whose original did not change shows the notice")
	}
	if code, _, stderr := runTool(t, "build", "-root", dir, "-today", today, "-strict"); code != 1 || !strings.Contains(stderr, "translation is stale") {
		t.Errorf("build -strict: exit %d\n%s", code, stderr)
	}
}
