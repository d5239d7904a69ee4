package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kzportal.example/portal/tools/internal/problem"
)

const base = "https://portal.example/"

func page(lang, body string, alternates ...string) string {
	var head strings.Builder
	for i := 0; i+1 < len(alternates); i += 2 {
		head.WriteString(`<link rel="alternate" hreflang="` + alternates[i] + `" href="` + alternates[i+1] + `">`)
	}
	return `<!doctype html><html lang="` + lang + `"><head><link rel="stylesheet" href="/css/a.css">` + head.String() +
		`</head><body><main id="main">` + body + `</main></body></html>`
}

// good is a small site that passes every check; each case changes one file of it.
func good() map[string]string {
	return map[string]string{
		"css/a.css":           "body{color:#000}",
		"index.html":          page("kk", `<a href="/kk/">kk</a>`, "kk", base+"kk/", "ru", base+"ru/", "x-default", base),
		"kk/index.html":       page("kk", `<h2 id="now">x</h2><a href="/ru/#now">ru</a><a href="tel:112">112</a>`, "kk", base+"kk/", "ru", base+"ru/", "x-default", base),
		"ru/index.html":       page("ru", `<h2 id="now">x</h2><a href="../kk/">kk</a><a href="#now">here</a>`, "kk", base+"kk/", "ru", base+"ru/", "x-default", base),
		"ru/about/index.html": page("ru", `<a href="https://adilet.zan.kz/">law</a><img src="data:,">`),
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change map[string]string
		want   []string
	}{
		{"good", nil, nil},
		{"no lang", map[string]string{"ru/about/index.html": `<html><body>x</body></html>`},
			[]string{"public/ru/about/index.html: page has no lang attribute"}},
		{"broken link and anchor", map[string]string{"ru/about/index.html": page("ru", `<a href="/ru/nope/">x</a><a href="/kk/#later">y</a>`)},
			[]string{`public/ru/about/index.html: link /kk/#later leads to a missing #later`,
				`public/ru/about/index.html: link /ru/nope/ leads to no page`}},
		{"resources from other hosts", map[string]string{"ru/about/index.html": page("ru",
			`<img src="https://maps.example.com/x.png"><script src="//cdn.example.com/a.js"></script><div style="background:url(https://t.example/p.gif)"></div>`)},
			[]string{`public/ru/about/index.html: loads //cdn.example.com/a.js from another host`,
				`public/ru/about/index.html: loads https://maps.example.com/x.png from another host`,
				`public/ru/about/index.html: loads https://t.example/p.gif from another host`}},
		{"missing stylesheet", map[string]string{"css/a.css": ""},
			nil},
		{"hreflang not reciprocal", map[string]string{"ru/index.html": page("ru", `<h2 id="now">x</h2>`, "ru", base+"ru/", "x-default", base)},
			// The root still gets a link back: ru's x-default is the root.
			[]string{"public/kk/index.html: hreflang ru page ru/index.html does not link back"}},
		{"hreflang to a missing page and a wrong language", map[string]string{"kk/index.html": page("kk", `<h2 id="now">x</h2>`,
			"kk", base+"kk/", "ru", base+"ru/", "en", base+"en/", "x-default", base), "ru/index.html": page("kk", `<h2 id="now">x</h2>`, "kk", base+"kk/", "ru", base+"ru/", "x-default", base)},
			[]string{`public/index.html: hreflang ru points to https://portal.example/ru/, whose lang is kk`,
				`public/kk/index.html: hreflang en points to https://portal.example/en/, which was not built`,
				`public/kk/index.html: hreflang ru points to https://portal.example/ru/, whose lang is kk`,
				`public/ru/index.html: hreflang ru points to https://portal.example/ru/, whose lang is kk`}},
		{"unsafe value escaped by html/template", map[string]string{"ru/about/index.html": page("ru", `<a href="#ZgotmplZ">x</a>`)},
			[]string{`public/ru/about/index.html: link #ZgotmplZ leads to a missing #ZgotmplZ`,
				"public/ru/about/index.html: page contains ZgotmplZ"}},
		{"too many requests", map[string]string{"ru/about/index.html": page("ru", `<img src="/a.png"><img src="/b.png"><img src="/c.png">`),
			"a.png": "x", "b.png": "x", "c.png": "x"},
			[]string{"public/ru/about/index.html: page makes 5 requests; the budget is 4"}},
		{"over the weight budget", map[string]string{"ru/about/index.html": page("ru", randomText(40000))},
			[]string{"public/ru/about/index.html: page weighs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := good()
			for k, v := range tt.change {
				files[k] = v
			}
			for name, body := range files {
				if body == "" && strings.HasSuffix(name, ".css") {
					continue // a deleted file
				}
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(body), 0o644)
			}
			s, err := Read(dir, base)
			if err != nil {
				t.Fatal(err)
			}
			probs := s.Check("public/").Sort()
			if tt.name == "missing stylesheet" {
				if len(probs) != len(files)-1 || !strings.Contains(problem.English.Message(probs[0]), `loads /css/a.css, which was not built`) {
					t.Errorf("got %v", probs)
				}
				return
			}
			if len(probs) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(probs), len(tt.want), probs)
			}
			for i, p := range probs {
				if got := p.Path + ": " + problem.English.Message(p); !strings.HasPrefix(got, tt.want[i]) {
					t.Errorf("problem %d:\n got %s\nwant %s", i, got, tt.want[i])
				}
			}
		})
	}
}

// randomText is text that gzip cannot shrink much.
func randomText(n int) string {
	var b strings.Builder
	x := uint32(2463534242)
	for b.Len() < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte("abcdefghijklmnopqrstuvwxyz ,."[x%29])
	}
	return b.String()
}
