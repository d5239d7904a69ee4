package audit

import (
	"bytes"
	"io"
	"reflect"
	"testing"

	"golang.org/x/net/html"
)

// tokenize is what scan does, with the HTML tokenizer of golang.org/x/net/html: the
// reference scan is held to.
func tokenize(rel string, src []byte) (*Page, error) {
	pg := &Page{Path: rel, IDs: map[string]bool{}, Alternate: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	inStyle := false
	var a tagAttrs
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return nil, err
			}
			return pg, nil
		case html.TextToken:
			if inStyle {
				pg.Resources = append(pg.Resources, cssURLs(string(z.Text()))...)
			}
		case html.EndTagToken:
			inStyle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			inStyle = tt == html.StartTagToken && string(name) == "style"
			a = tagAttrs{}
			if hasAttr {
				a.read(z)
			}
			pg.element(name, &a)
		}
	}
}

// read reads the attributes of the current tag; the first of a repeated name wins, as in
// the HTML parser.
func (a *tagAttrs) read(z *html.Tokenizer) {
	var seen [10]bool
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		i, dst := a.field(string(k))
		if dst == nil || seen[i] {
			continue
		}
		seen[i] = true
		*dst = string(v)
		if i == 2 {
			a.hasHref = true
		}
	}
}

// TestScanAgreesWithTokenizer: on pages of every shape the checks meet, scan finds what the
// HTML tokenizer finds.
func TestScanAgreesWithTokenizer(t *testing.T) {
	pages := []string{
		`<!doctype html><html lang=kk><head><link rel=stylesheet href=/css/a.css><link rel="alternate" hreflang=ru href='/ru/'></head>`,
		`<HTML LANG="ru"><BODY><A HREF="/x/">x</A><a href=/y/>y</a><a href>empty</a><a>none</a>`,
		`<p id=a id=b>first of two wins</p><a href="?a=1&amp;b=2">entities</a><a href="/z/"id=q>no space</a>`,
		`<!-- <a href="/commented/"> --><a href=/after/>after</a>`,
		`<script>var s = "<a href='/in-script/'>";</script><a href=/outside/>x</a>`,
		`<style>body{background:url("/bg.png")} @import "/more.css";</style><div style="background:url(/d.png)">x</div>`,
		`<img src=/i.png srcset="/i-1.png 1x, /i-2.png 2x"><input src=/in.png><object data=/o.svg></object><form action=/f></form>`,
		`<title>a <a href=/not-a-link/> in a title</title><textarea><a href=/nor/></textarea><a href=/yes/>y</a>`,
		`<a href=/slash/>x</a><br/><hr /><a href = "/spaced/" >s</a><a href=/last`,
		"<p>a < b, c <3, </ not a tag> \n <a\nhref=/nl/>n</a>",
	}
	for _, src := range pages {
		want, err := tokenize("p.html", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := scan("p.html", []byte(src)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %+v\nwant %+v", src, got, want)
		}
	}
	for name, src := range good() {
		want, _ := tokenize(name, []byte(src))
		if got := scan(name, []byte(src)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %+v\nwant %+v", name, got, want)
		}
	}
}
