package browser

import (
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/preview"
)

// TestPartialEditionsReached: a browser that asks for Uzbek, Kyrgyz or Tajik reaches that
// edition at / and at the short link of an essential page, and a page the edition does not
// have in Russian, with the redirects of netlify.toml (as Netlify and serve follow them).
func TestPartialEditionsReached(t *testing.T) {
	p := build(t)
	netlify, err := preview.Load(filepath.Join(p.dir, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(preview.Handler(filepath.Join(p.dir, "public"), netlify))
	defer srv.Close()
	for _, l := range page.Partial {
		tb := newTab(t, &portal{URL: srv.URL})
		if _, err := chromedp.Call(tb.ctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(tb.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": l}}); err != nil {
			t.Fatal(err)
		}
		for from, want := range map[string]string{"/": "/" + l + "/", "/go/rights/": "/" + l + "/rights/", "/go/court/": "/ru/court/"} {
			tb.navigate(t, srv.URL+from)
			got := eval[[]string](t, tb, `[location.pathname, document.documentElement.lang]`)
			wantLang := l
			if want == "/ru/court/" {
				wantLang = "ru"
			}
			if got[0] != want || got[1] != wantLang {
				t.Errorf("%s asks for %s: reached %s (lang %s), want %s", l, from, got[0], got[1], want)
			}
		}
	}
}
