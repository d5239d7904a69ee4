package browser

import (
	"encoding/json"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kzportal.example/portal/tools/internal/cms"
	"kzportal.example/portal/tools/internal/preview"
	"kzportal.example/portal/tools/internal/problem"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
)

// today is the day the tests count ages from: the entry the test adds was called 11 days before.
var today = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// An editor is the site as go run ./tools edit serves it: a temporary copy of the sources
// (never the checkout), built with the editing interface for local editing, served as
// Netlify would, with the local backend writing into the copy, behind this run's key.
type editor struct {
	dir, URL string
	modules  string
	public   string
	backend  *cms.Backend
}

func startEditor(t *testing.T) *editor {
	t.Helper()
	abs, err := filepath.Abs(repo)
	if err != nil {
		t.Fatal(err)
	}
	modules := cms.ModulesDir(abs)
	if _, err := os.Stat(cms.BundleFile(modules)); err != nil {
		require(t, "DECAP_BUNDLE", cms.BundleFile(modules)) // skips, or fails under CI=true
	}
	ed := &editor{dir: t.TempDir(), modules: modules}
	if err := site.CopySources(repo, ed.dir); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ed.URL = "http://" + ln.Addr().String()
	trial := site.NewTrial(site.Options{Root: ed.dir, Now: today})
	ed.backend = &cms.Backend{Root: ed.dir, Origin: ed.URL, Key: cms.NewKey(), Printer: problem.NewPrinter("ru"), Check: trial.Check, Log: io.Discard}
	ed.public = filepath.Join(ed.dir, "public")
	ed.build(t)
	netlify, err := preview.Load(filepath.Join(ed.dir, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux() // as tools/internal/preview composes it in edit mode
	mux.Handle(cms.APIPath, ed.backend)
	mux.Handle("/", ed.backend.Gate(preview.Handler(ed.public, netlify)))
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: preview.OnlyHosts(preview.Hosts(ln.Addr().String()), problem.English, io.Discard, mux)}}
	srv.Start()
	t.Cleanup(srv.Close)
	return ed
}

// build builds the copy as the preview does in edit mode.
func (ed *editor) build(t *testing.T) {
	t.Helper()
	_, probs, err := site.Build(site.Options{Root: ed.dir, Out: ed.public, BaseURL: ed.URL + "/", Now: today,
		CMS: &cms.Options{Local: ed.URL, Modules: ed.modules}})
	if err != nil {
		t.Fatal(err)
	}
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("build: %v", errs)
	}
}

// check runs the tools' check on the copy, as go run ./tools check -today 2026-12-01 does.
func (ed *editor) check(t *testing.T) problem.List {
	t.Helper()
	_, probs, err := site.Check(site.Options{Root: ed.dir, Now: today})
	if err != nil {
		t.Fatal(err)
	}
	return probs
}

func (ed *editor) read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ed.dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// form are the page functions the test drives Decap's forms with. field(path) finds the
// input of a field by the names of its groups ("phones.number"), in the first pane (the
// default language, Kazakh, on a page).
const form = `window.t = {
  field(path) {
    let scope = document, el = null;
    for (const name of path.split(".")) {
      const label = scope.querySelector('label[for^="' + name + '-field-"]');
      if (!label) return null;
      el = document.getElementById(label.htmlFor);
      scope = label.closest('[class*="ControlContainer"]') || label.parentElement.parentElement;
    }
    return el;
  },
  set(path, value) {
    const el = t.field(path);
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.dispatchEvent(new Event("change", {bubbles: true}));
    return el.value;
  },
  button(text, scope) {
    return [...(scope || document).querySelectorAll("button, [role=button], [role=menuitem]")].find(b => b.textContent.trim() === text);
  },
  click(text) { const b = t.button(text); if (!b) return false; b.click(); return true; },
  addTo(path) { return t.click("Добавить " + t.label(path)); },
  label(path) { const l = document.querySelector('label[for^="' + path + '-field-"]'); return l.firstChild.textContent.trim().toLowerCase(); },
  options() { return [...document.querySelectorAll('[id*="-option-"]')].map(o => o.textContent); },
  text() { return document.body.innerText; },
};
window.__csp = window.__csp || [];`

// cspWatch records every Content-Security-Policy violation of the page, from its start.
const cspWatch = `window.__csp = []; document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`

// TestAdminEditsAsCheckReads opens /admin/ in Chromium with the local backend, as an NGO
// editor does after go run ./tools edit: she adds a directory entry (a centre known by a
// call, with every field a called entry needs) and fixes a sentence of a page's Kazakh
// translation, in the forms, and saves. The files the forms wrote under content/ pass check
// as a hand-written file does, keep every key the tools read in their order (the other
// languages of the page come back byte for byte), and show in the rebuilt preview. Before
// saving, the form refuses a phone number and a region the build would refuse. Nothing is
// loaded from another host and the policy of /admin/* is never violated.
func TestAdminEditsAsCheckReads(t *testing.T) {
	ed := startEditor(t)
	before := ed.check(t)
	if errs := before.Errors(); len(errs) > 0 {
		t.Fatalf("the shipped site does not pass check: %v", errs)
	}
	tb := newTab(t, &portal{URL: ed.URL})
	// Leaving a form with changes asks to confirm: yes.
	chromedp.Listen(tb.ctx, func(ev any) {
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			go chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		case *runtime.EventExceptionThrown:
			t.Logf("exception in /admin/: %s %s", e.ExceptionDetails.Text, description(e.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				t.Logf("console %s: %.300s", e.Type, strings.Join(parts, " "))
			}
		}
	})
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	tb.navigate(t, ed.backend.EditorURL())
	waitJS(t, tb, `!!document.querySelector("button") && [...document.querySelectorAll("button")].some(b => b.textContent.includes("Войти"))`)
	eval[chromedp.Void](t, tb, form)
	eval[bool](t, tb, `t.click([...document.querySelectorAll("button")].find(b => b.textContent.includes("Войти")).textContent.trim())`)
	waitJS(t, tb, `document.body.innerText.includes("Справочник: записи")`)

	// What the README says she sees, in words she understands: entries listed by their
	// Russian name and region, a create button in words, no media tab, the required-when of
	// each field in its hint (from record's rules), and «из другого языка», not «региона».
	t.Run("what she reads", func(t *testing.T) {
		eval[chromedp.Void](t, tb, `location.hash = "#/collections/records"`)
		waitJS(t, tb, `t.text().includes("Кризисный центр для жертв торговли людьми: Астана")`)
		text := eval[string](t, tb, `t.text()`)
		for _, want := range []string{"Создать запись справочника", "Единый контакт-центр 111"} {
			if !strings.Contains(text, want) {
				t.Errorf("the list of entries lacks %q:\n%.2000s", want, text)
			}
		}
		for _, unwanted := range []string{"Медиафайлы", "crisis-centre-astana", "＋"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("the list of entries shows %q", unwanted)
			}
		}
		eval[chromedp.Void](t, tb, `[...document.querySelectorAll("a")].find(a => a.textContent.trim() === "Создать запись справочника").click()`)
		waitJS(t, tb, `!!t.field("region")`)
		text = eval[string](t, tb, `t.text()`)
		for _, want := range []string{"Обязательно для центра.", "Обязательно для национальной линии и если запись проверена звонком.", "не всегда обязательно"} {
			if !strings.Contains(text, want) && !strings.Contains(text, strings.ToUpper(want)) {
				t.Errorf("the new entry's form lacks %q", want)
			}
		}
		eval[chromedp.Void](t, tb, `location.hash = "#/collections/page-about/entries/index"`)
		waitJS(t, tb, `t.text().includes("Пишем на")`)
		text = eval[string](t, tb, `t.text()`)
		if strings.Contains(text, "другого региона") || !strings.Contains(strings.ToLower(text), "заполнить из другого языка") {
			t.Errorf("a page's panes do not say «Заполнить из другого языка»:\n%.1500s", text)
		}
		eval[chromedp.Void](t, tb, `location.hash = "#/collections/records"`)
		waitJS(t, tb, `t.text().includes("Создать запись справочника")`)
	})

	// Every shipped file comes back byte for byte from the portal's format (read, then
	// written with its form's key order): comments at the top, quotes, lists of words,
	// the Markdown body. Saving a file in the interface changes only what was edited.
	t.Run("round trip", func(t *testing.T) {
		type file struct {
			Path, Text string
			Keys       []string
		}
		var files []file
		names := func(fields []cms.Field) []string {
			var n []string
			for _, f := range fields {
				n = append(n, f.Name)
			}
			return n
		}
		err := filepath.WalkDir(filepath.Join(ed.dir, "content"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
				return err
			}
			rel, _ := filepath.Rel(ed.dir, p)
			keys := names(cms.PageFields(cms.Input{}))
			if strings.HasPrefix(filepath.ToSlash(rel), record.Dir) {
				keys = names(cms.RecordFields(cms.Input{}))
			}
			files = append(files, file{filepath.ToSlash(rel), ed.read(t, rel), keys})
			return nil
		})
		if err != nil || len(files) < 40 {
			t.Fatalf("%d files: %v", len(files), err)
		}
		arg, _ := json.Marshal(files)
		diffs := eval[[]string](t, tb, `(`+string(arg)+`).filter(f => portalFormat.toFile(portalFormat.fromFile(f.Text), f.Keys) !== f.Text).map(f => f.Path)`)
		for _, d := range diffs {
			t.Errorf("%s changes when read and written by the portal's format", d)
		}
	})

	t.Run("new entry", func(t *testing.T) {
		const id = "test-called-centre"
		rel := record.Dir + "/" + id + ".md"
		eval[chromedp.Void](t, tb, `location.hash = "#/collections/records/new"`)
		waitJS(t, tb, `!!t.field("called.date")`)

		// The region is a list of the codes of data/regions.yaml, with their names; a code
		// not in it cannot be chosen.
		regions, err := record.LoadRegions(ed.dir)
		if err != nil {
			t.Fatal(err)
		}
		focus(t, tb, "region")
		key(t, tb, kb.ArrowDown)
		var codes []string
		for _, o := range eval[[]string](t, tb, `t.options()`) {
			codes = append(codes, strings.Fields(o)[0])
		}
		if want := slices.Sorted(maps.Keys(regions)); !slices.Equal(codes, want) {
			t.Errorf("the region list offers %v, data/regions.yaml has %v", codes, want)
		}
		typeText(t, tb, "KZ-99")
		if n := len(eval[[]string](t, tb, `t.options()`)); n != 0 {
			t.Errorf("typing an unknown region code leaves %d options", n)
		}
		key(t, tb, kb.Enter)
		key(t, tb, kb.Escape)
		if got := eval[string](t, tb, `t.field("region").closest('[class*="container"]').innerText`); strings.Contains(got, "KZ-99") {
			t.Errorf("the region field took an unknown code: %q", got)
		}

		fill := map[string]string{"id": id, "name.kk": "Сынақ орталығы (үлгі)", "name.ru": "Тестовый центр (образец)",
			"name.en": "Test centre (sample)", "hours": "24/7", "called.by": "Test NGO (sample)"}
		for _, f := range slices.Sorted(maps.Keys(fill)) {
			if got := eval[string](t, tb, `t.set(`+strconv.Quote(f)+`, `+strconv.Quote(fill[f])+`)`); got != fill[f] {
				t.Fatalf("%s: set %q, the field holds %q", f, fill[f], got)
			}
		}
		eval[string](t, tb, `t.set("called.date", "2026-11-20")`)
		choose(t, tb, "kind", "centre")
		choose(t, tb, "region", "KZ-75")
		choose(t, tb, "serves", "women", "labour_trafficking")
		choose(t, tb, "services", "accommodation", "legal")
		choose(t, tb, "languages", "kk", "ru")
		eval[bool](t, tb, `(t.field("sample").click(), true)`)
		if !eval[bool](t, tb, `t.addTo("phones")`) {
			t.Fatal("no button to add a phone")
		}
		waitJS(t, tb, `!!t.field("phones.number")`)
		for f, v := range map[string]string{"phones.label.kk": "Кезекші телефон", "phones.label.ru": "Дежурный телефон",
			"phones.label.en": "Duty phone", "phones.hours": "24/7"} {
			eval[string](t, tb, `t.set(`+strconv.Quote(f)+`, `+strconv.Quote(v)+`)`)
		}
		choose(t, tb, "phones.messengers", "whatsapp")

		// A number written in national form: check would refuse it (phone.national_form),
		// and so does the form, before anything is written.
		eval[string](t, tb, `t.set("phones.number", "87272000000")`)
		publish(t, tb)
		waitJS(t, tb, `[...document.querySelectorAll('[class*="ControlErrorsList"]')].some(e => e.textContent.includes(`+strconv.Quote(cms.PhoneMessage)+`))`)
		if _, err := os.Stat(filepath.Join(ed.dir, rel)); err == nil {
			t.Fatal("the form saved an entry with a phone number check refuses")
		}
		// An invented number (never published), in international form.
		eval[string](t, tb, `t.set("phones.number", "+77272000000")`)

		// A call dated after today: the form takes the date, check does not
		// (record.future_date); the backend refuses to save it, and the form says why in
		// Russian, with the file and line.
		eval[string](t, tb, `t.set("called.date", "2026-12-20")`)
		publish(t, tb)
		waitJS(t, tb, `document.body.innerText.includes("не сохранено") && document.body.innerText.includes(`+strconv.Quote(rel+":")+`)`)
		if _, err := os.Stat(filepath.Join(ed.dir, rel)); err == nil {
			t.Fatal("the backend saved an entry the build refuses")
		}
		eval[string](t, tb, `t.set("called.date", "2026-11-20")`)
		publish(t, tb)
		waitFile(t, tb, filepath.Join(ed.dir, rel))
		// Decap then leads to the saved entry's own address; wait for it, so that it does not
		// lead away from wherever the next step goes.
		waitJS(t, tb, `location.hash.includes("/entries/")`)

		want := `---
id: test-called-centre
kind: centre
sample: true
region: KZ-75
name:
  kk: "Сынақ орталығы (үлгі)"
  ru: "Тестовый центр (образец)"
  en: "Test centre (sample)"
serves: [women, labour_trafficking]
services: [accommodation, legal]
phones:
  - number: "+77272000000"
    label:
      kk: "Кезекші телефон"
      ru: "Дежурный телефон"
      en: "Duty phone"
    hours: "24/7"
    messengers: [whatsapp]
hours: "24/7"
languages: [kk, ru]
address_public: false
called:
  date: "2026-11-20"
  by: "Test NGO (sample)"
---
`
		if got := ed.read(t, rel); got != want {
			t.Errorf("%s as the form wrote it:\n%s\nwant:\n%s", rel, got, want)
		}
		for _, p := range ed.check(t) {
			if p.Path == rel {
				t.Errorf("check: %s", p.Path+":"+strconv.Itoa(p.Line)+": "+problem.English.Message(p))
			}
		}
	})

	t.Run("Kazakh sentence", func(t *testing.T) {
		const old = "Бұл ресми мемлекеттік сайт емес."
		const fixed = "Бұл — ресми мемлекеттік сайт емес."
		files := map[string]string{}
		for _, l := range []string{"kk", "ru", "en"} {
			files[l] = ed.read(t, "content/about/index."+l+".md")
		}
		if !strings.Contains(files["kk"], old) {
			t.Fatalf("content/about/index.kk.md no longer has the sentence %q", old)
		}
		// As she would: the page's collection in the list, then its entry.
		eval[chromedp.Void](t, tb, `location.hash = "#/collections/page-about"`)
		waitJS(t, tb, `!!document.querySelector('a[href$="/collections/page-about/entries/index"]')`)
		eval[chromedp.Void](t, tb, `document.querySelector('a[href$="/collections/page-about/entries/index"]').click()`)
		waitJS(t, tb, `document.querySelector('[role="textbox"]') && document.querySelector('[role="textbox"]').textContent.includes(`+strconv.Quote(old)+`)`)
		// Select the sentence in the Kazakh pane's text, and type over it.
		eval[bool](t, tb, `(() => {
  const box = document.querySelector('[role="textbox"]');
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const i = n.data.indexOf(`+strconv.Quote(old)+`);
    if (i < 0) continue;
    box.focus();
    const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + `+strconv.Itoa(len([]rune(old)))+`);
    const s = getSelection(); s.removeAllRanges(); s.addRange(r);
    return true;
  }
  return false;
})()`)
		time.Sleep(100 * time.Millisecond) // let the editor see the selection (selectionchange)
		if _, err := chromedp.Call(tb.ctx, input.InsertText, input.InsertTextParams{Text: fixed}); err != nil {
			t.Fatal(err)
		}
		waitJS(t, tb, `document.querySelector('[role="textbox"]').textContent.includes(`+strconv.Quote(fixed)+`)`)
		publish(t, tb)
		deadline := time.Now().Add(time.Minute)
		for ed.read(t, "content/about/index.kk.md") == files["kk"] {
			if time.Now().After(deadline) {
				t.Fatalf("the Kazakh file was not saved:\n%s", eval[string](t, tb, `t.text()`))
			}
			time.Sleep(100 * time.Millisecond)
		}
		if got, want := ed.read(t, "content/about/index.kk.md"), strings.Replace(files["kk"], old, fixed, 1); got != want {
			t.Errorf("content/about/index.kk.md as saved differs from the file with only the sentence fixed:\n%s", diffLines(want, got))
		}
		for _, l := range []string{"ru", "en"} {
			if got := ed.read(t, "content/about/index."+l+".md"); got != files[l] {
				t.Errorf("content/about/index.%s.md changed, though only the Kazakh text was edited:\n%s", l, diffLines(files[l], got))
			}
		}
	})

	// What the forms wrote passes check as the shipped files do: no new problem.
	after := ed.check(t)
	if errs := after.Errors(); len(errs) > 0 {
		for _, p := range errs {
			t.Errorf("check: %s:%d: %s", p.Path, p.Line, problem.English.Message(p))
		}
	}
	if len(after.Warnings()) != len(before.Warnings()) {
		t.Errorf("check: %d warnings before the edits, %d after", len(before.Warnings()), len(after.Warnings()))
	}
	// And shows in the preview once rebuilt.
	ed.build(t)
	for path, want := range map[string]string{"/kk/about/": "Бұл — ресми мемлекеттік сайт емес.",
		"/ru/shelters/test-called-centre/": "Тестовый центр (образец)"} {
		resp, err := http.Get(ed.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := readAll(resp)
		if resp.StatusCode != 200 || !strings.Contains(b, want) {
			t.Errorf("preview %s: %s, without %q", path, resp.Status, want)
		}
	}
	if v := eval[[]string](t, tb, `window.__csp`); len(v) > 0 {
		t.Errorf("Content-Security-Policy of /admin/ violated: %v", v)
	}
	if b := tb.takeBlocked(); len(b) > 0 {
		t.Errorf("/admin/ asked other hosts: %v", b)
	}
}

func description(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

// waitJS waits until js is true in the page.
func waitJS(t *testing.T, tb *tab, js string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(time.Minute))); err != nil {
		text, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("waiting for %s: %v\npage text:\n%.3000s", js, err, text)
	}
}

// waitFile waits until a file exists.
func waitFile(t *testing.T, tb *tab, p string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(p); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was not written:\n%.3000s", p, eval[string](t, tb, `t.text()`))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func focus(t *testing.T, tb *tab, path string) {
	t.Helper()
	eval[chromedp.Void](t, tb, `t.field(`+strconv.Quote(path)+`).focus()`)
}

func key(t *testing.T, tb *tab, k string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatal(err)
	}
}

func typeText(t *testing.T, tb *tab, s string) {
	t.Helper()
	if _, err := chromedp.Call(tb.ctx, input.InsertText, input.InsertTextParams{Text: s}); err != nil {
		t.Fatal(err)
	}
}

// choose picks values in a select by typing each and pressing Enter, as a person does.
func choose(t *testing.T, tb *tab, path string, values ...string) {
	t.Helper()
	for _, v := range values {
		focus(t, tb, path)
		typeText(t, tb, v)
		waitJS(t, tb, `t.options().some(o => o.includes("(`+v+`)") || o.startsWith(`+strconv.Quote(v+" ")+`))`)
		key(t, tb, kb.Enter)
	}
	key(t, tb, kb.Escape)
}

// publish saves the entry: Decap's "Опубликовать", then "Опубликовать сейчас".
func publish(t *testing.T, tb *tab) {
	t.Helper()
	waitJS(t, tb, `!!t.button("Опубликовать")`)
	eval[bool](t, tb, `t.click("Опубликовать")`)
	waitJS(t, tb, `!!t.button("Опубликовать сейчас")`)
	eval[bool](t, tb, `t.click("Опубликовать сейчас")`)
}

func readAll(resp *http.Response) (string, error) {
	defer resp.Body.Close()
	var b strings.Builder
	_, err := io.Copy(&b, resp.Body)
	return b.String(), err
}

// diffLines lists the lines of got that differ from want.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "line "+strconv.Itoa(i+1)+":\n\twant "+strconv.Quote(a)+"\n\tgot  "+strconv.Quote(b))
		}
		if len(out) > 10 {
			break
		}
	}
	return strings.Join(out, "\n")
}
