package audit

import (
	"bytes"
	"html"
)

// scan reads what the checks need from one page: the start tags and their attributes, and
// the text of <style> elements. It follows the HTML tokenizer's rules for what it reads
// (comments, raw-text elements, quoted and unquoted attribute values, the first of a
// repeated attribute) but builds no token for the text between tags, which is most of a
// page: the audit reads tens of thousands of them.
func scan(rel string, src []byte) *Page {
	pg := &Page{Path: rel, IDs: map[string]bool{}, Alternate: map[string]string{}}
	var a tagAttrs
	for i := 0; i < len(src); {
		lt := bytes.IndexByte(src[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		switch {
		case i >= len(src):
		case bytes.HasPrefix(src[i:], []byte("!--")):
			i = skipPast(src, i+3, "-->")
		case src[i] == '!' || src[i] == '?':
			i = skipPast(src, i, ">") // doctype, bogus comment
		case src[i] == '/':
			i = skipPast(src, i, ">")
		case isLetter(src[i]):
			a = tagAttrs{}
			name, next, selfClosing := a.scanTag(src, i)
			if next > len(src) {
				return pg // a tag the page ends in: the tokenizer drops it too
			}
			i = next
			pg.element(name, &a)
			if raw := rawText(name); raw != "" && !selfClosing {
				end := endOf(src, i, raw)
				if raw == "style" {
					pg.Resources = append(pg.Resources, cssURLs(string(src[i:end]))...)
				}
				i = end
			}
		}
	}
	return pg
}

// scanTag reads a start tag's name (lower-cased) and attributes from src[i:], and returns
// where the tag ends: past the end of src when the tag is not closed.
func (a *tagAttrs) scanTag(src []byte, i int) (name []byte, next int, selfClosing bool) {
	start := i
	for i < len(src) && !isSpace(src[i]) && src[i] != '/' && src[i] != '>' {
		i++
	}
	name = bytes.ToLower(src[start:i])
	var seen [10]bool
	for i < len(src) {
		for i < len(src) && (isSpace(src[i]) || src[i] == '/') {
			selfClosing = src[i] == '/'
			i++
		}
		if i >= len(src) || src[i] == '>' {
			return name, i + 1, selfClosing
		}
		selfClosing = false
		ks := i
		for i < len(src) && !isSpace(src[i]) && src[i] != '/' && src[i] != '>' && (src[i] != '=' || i == ks) {
			i++
		}
		key := bytes.ToLower(src[ks:i])
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		var val []byte
		if i < len(src) && src[i] == '=' {
			i++
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			val, i = scanValue(src, i)
		}
		if i >= len(src) {
			break
		}
		if f, dst := a.field(string(key)); dst != nil && !seen[f] {
			seen[f] = true
			*dst = unescape(val)
			if f == 2 {
				a.hasHref = true
			}
		}
	}
	return name, len(src) + 1, selfClosing
}

// scanValue reads an attribute value, quoted or not, from src[i:].
func scanValue(src []byte, i int) ([]byte, int) {
	if i < len(src) && (src[i] == '"' || src[i] == '\'') {
		q := src[i]
		end := bytes.IndexByte(src[i+1:], q)
		if end < 0 {
			return src[i+1:], len(src)
		}
		return src[i+1 : i+1+end], i + 2 + end
	}
	start := i
	for i < len(src) && !isSpace(src[i]) && src[i] != '>' {
		i++
	}
	return src[start:i], i
}

// unescape decodes the character references of an attribute value.
func unescape(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	return html.UnescapeString(string(v))
}

// rawText names the elements whose content is text up to their end tag, as the tokenizer
// has them.
func rawText(name []byte) string {
	switch string(name) {
	case "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp":
		return string(name)
	}
	return ""
}

// endOf returns where the raw text that starts at src[i:] ends: at </name (any case).
func endOf(src []byte, i int, name string) int {
	if name == "plaintext" {
		return len(src)
	}
	for j := i; ; {
		k := bytes.Index(src[j:], []byte("</"))
		if k < 0 {
			return len(src)
		}
		j += k
		if e := j + 2 + len(name); e <= len(src) && bytes.EqualFold(src[j+2:e], []byte(name)) &&
			(e == len(src) || isSpace(src[e]) || src[e] == '>' || src[e] == '/') {
			return j
		}
		j += 2
	}
}

// skipPast returns where the first end after src[i:] is passed, or the end of src.
func skipPast(src []byte, i int, end string) int {
	if k := bytes.Index(src[i:], []byte(end)); k >= 0 {
		return i + k + len(end)
	}
	return len(src)
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
