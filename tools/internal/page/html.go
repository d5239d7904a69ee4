package page

import (
	"regexp"
	"strings"
)

// rawHTML names what raw HTML on a line of text is best written as in Markdown: the name of
// the hint of page.raw_html and, where the line can be rewritten, the line to write.
func rawHTML(line string) (hint, fix string) {
	if strings.Contains(line, "<!--") {
		rest := strings.TrimSpace(htmlComment.ReplaceAllString(line, ""))
		if rest == "" {
			return "hint_comment_line", ""
		}
		return "hint_comment", rest
	}
	names := map[string]bool{}
	for _, m := range htmlTag.FindAllStringSubmatch(line, -1) {
		names[strings.ToLower(m[1])] = true
	}
	switch {
	case names["table"] || names["tr"] || names["td"] || names["th"] || names["thead"] || names["tbody"]:
		return "hint_table", ""
	case names["a"]:
		if fixed := htmlLink.ReplaceAllString(line, "[$2]($1)"); !htmlTag.MatchString(fixed) {
			return "hint_link", fixed
		}
		return "hint_link", ""
	case names["ul"] || names["ol"] || names["li"]:
		return "hint_list", ""
	case names["h1"] || names["h2"] || names["h3"] || names["h4"]:
		return "hint_heading", ""
	case names["p"]:
		return "hint_paragraph", ""
	}
	inline := strings.NewReplacer("<b>", "**", "</b>", "**", "<strong>", "**", "</strong>", "**",
		"<i>", "*", "</i>", "*", "<em>", "*", "</em>", "*")
	fixed := inline.Replace(htmlBreak.ReplaceAllString(line, "<br>"))
	cell := strings.HasPrefix(strings.TrimSpace(line), "|")
	switch {
	case strings.Contains(fixed, "<br>") && cell:
		fixed = strings.ReplaceAll(fixed, "<br>", "; ")
		if !htmlTag.MatchString(fixed) {
			return "hint_cell_break", fixed
		}
	case strings.Contains(fixed, "<br>"):
		before, _, _ := strings.Cut(fixed, "<br>")
		if !htmlTag.MatchString(before) {
			return "hint_break", strings.TrimRight(before, " ") + `\`
		}
	case !htmlTag.MatchString(fixed):
		return "hint_inline", fixed
	}
	return "", ""
}

var (
	htmlTag     = regexp.MustCompile(`</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>`)
	htmlBreak   = regexp.MustCompile(`(?i)<br\s*/?>`)
	htmlComment = regexp.MustCompile(`<!--.*?(-->|$)`)
	htmlLink    = regexp.MustCompile(`(?i)<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>(.*?)</a>`)
)
