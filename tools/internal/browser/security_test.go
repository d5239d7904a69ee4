package browser

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kzportal.example/portal/tools/internal/cms"
)

// attacker serves one page on localhost (another site than 127.0.0.1, where the preview
// and the editor listen), as a page the editor happens to have open elsewhere would be.
func attacker(t *testing.T, html string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(html))
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return "http://localhost:" + u.Port() + "/"
}

// waitResult waits until the page's window.results has every key in keys.
func waitResult(t *testing.T, tb *tab, keys ...string) map[string]string {
	t.Helper()
	js := `(() => { const r = window.results || {}; return ` + "[" + quoteAll(keys) + "].every(k => k in r) ? r : null })()"
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if r, err := chromedp.Run(tb.ctx, chromedp.Evaluate[map[string]string](js)); err == nil && r != nil {
			return r
		}
	}
	t.Fatalf("the page did not finish: %v", eval[map[string]string](t, tb, `window.results || {}`))
	return nil
}

func quoteAll(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = `"` + k + `"`
	}
	return strings.Join(q, ",")
}

// TestPreviewScriptsStayHome: a page on another site that includes the preview's reload
// script or its report of the last build (script tags are not bound by the same-origin
// policy) gets nothing: the browser is refused them, while the preview's own pages load them.
func TestPreviewScriptsStayHome(t *testing.T) {
	_, base := startPreview(t, "en")
	page := attacker(t, `<!doctype html><title>elsewhere</title><script>window.results = {};</script>
<script src="`+base+`/_preview/wait?seq=0" onload="results.wait='loaded'" onerror="results.wait='refused'"></script>
<script src="`+base+`/_preview/live.js" onload="results.live='loaded'" onerror="results.live='refused'"></script>`)
	pu, _ := url.Parse(page)
	bu, _ := url.Parse(base)
	tb := newTab(t, &portal{URL: "http://" + pu.Host}, bu.Host)
	tb.navigate(t, page)
	got := waitResult(t, tb, "wait", "live")
	if got["wait"] != "refused" || got["live"] != "refused" {
		t.Errorf("a page on another site loaded the preview's scripts: %v", got)
	}
	tb = newTab(t, &portal{URL: base})
	tb.navigate(t, base+"/en/about/")
	if !eval[bool](t, tb, `new Promise(ok => { const s = document.createElement("script"); s.src = "/_preview/wait?seq=0";
		s.onload = () => ok(true); s.onerror = () => ok(false); document.head.append(s); })`, chromedp.EvalAwaitPromise) {
		t.Error("the preview's own page could not load its report")
	}
}

// TestEditorRefusesOtherPages: the editor has opened /admin/ with this run's key, so her
// browser holds it; a page on another site she has open then tries to save a file through
// the local backend, as a form post and as a fetch with her credentials. Nothing is written.
func TestEditorRefusesOtherPages(t *testing.T) {
	ed := startEditor(t)
	rel := "content/about/index.en.md"
	before := ed.read(t, rel)
	// A save the check would pass (the page with a line added), so that only the
	// backend's guard stands in the way.
	save, _ := json.Marshal(map[string]any{"action": "persistEntry", "params": map[string]any{
		"dataFiles": []map[string]string{{"path": rel, "raw": before + "\nowned\n"}}, "assets": []string{}}})
	body, _ := json.Marshal(string(save))
	page := attacker(t, `<!doctype html><title>elsewhere</title><script>window.results = {};
fetch("`+ed.URL+cms.APIPath+`", {method: "POST", mode: "no-cors", credentials: "include",
  headers: {"Content-Type": "text/plain"}, body: `+string(body)+`})
  .then(() => results.fetch = "sent", () => results.fetch = "failed");
</script>
<form id="f" method="POST" action="`+ed.URL+cms.APIPath+`" enctype="text/plain" target="sink">
<input name='{"action":"persistEntry","x":"' value='"}'></form><iframe name="sink"></iframe>
<script>document.getElementById("f").submit(); setTimeout(() => results.form = "sent", 1500);</script>`)
	pu, _ := url.Parse(page)
	tb := newTab(t, &portal{URL: ed.URL}, pu.Host)
	tb.navigate(t, ed.backend.EditorURL()) // the key is now in the browser
	tb.navigate(t, page)
	waitResult(t, tb, "fetch", "form")
	if got := ed.read(t, rel); strings.Contains(got, "owned") {
		t.Errorf("a page on another site wrote %s:\n%.200s", rel, got)
	}
	if _, err := os.Stat(filepath.Join(ed.dir, "content", "owned.md")); err == nil {
		t.Error("a file was written")
	}
}
