package front

import (
	"testing"
	"time"
)

func TestMisindented(t *testing.T) {
	for src, want := range map[string]int{
		"id: a\ntranslation:\n  source: en\n   reviewed: false\n":                     3 + 1,
		"id: a\ntranslation:\n  source: en\n reviewed: false\n":                       3 + 1,
		"notes:\n  - kk: a\n    ru: b\n   en: c\n":                                    4,
		"notes:\n  - kk: a\n    ru: b\n  - kk: c\n    ru: d\nid: x\n":                 0,
		"id: a\n# a comment\n\nphones:\n  - number: \"1\"\n    label:\n      kk: x\n": 0,
		"id: a\n  title: b\n": 2,
	} {
		if got := misindented([]byte(src)); got != want {
			t.Errorf("misindented(%q) = %d, want %d", src, got, want)
		}
	}
}

func TestTypography(t *testing.T) {
	for _, tt := range []struct{ src, code, fix string }{
		{"title: “Права: жертв”\n", "front.curly_quotes", `title: "Права: жертв"`},
		{"  - number: «+77272000000»\n", "front.curly_quotes", `  - number: "+77272000000"`},
		{"title: \"a\tb\"\n", "front.tab_in_value", `title: "a b"`},
		{"translation:\n\treviewed: false\n", "front.tab_indent", "  reviewed: false"},
		{"title: \"Закон «О правах»\"\n", "", ""},
	} {
		probs := typography("x.md", []byte(tt.src))
		switch {
		case tt.code == "" && len(probs) > 0:
			t.Errorf("%q: %v", tt.src, probs)
		case tt.code != "" && (len(probs) != 1 || probs[0].Code != tt.code || probs[0].Args["Fix"] != tt.fix):
			t.Errorf("%q: %v, want %s with %q", tt.src, probs, tt.code, tt.fix)
		}
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{"01.12.2026": "2026-12-01", "1/12/2026": "2026-12-01", "2026.12.01": "2026-12-01",
		"2026/12/1": "2026-12-01", "31.02.2026": "", "tomorrow": "", "2026-12-01": ""} {
		if got := SuggestDate(in); got != want {
			t.Errorf("SuggestDate(%q) = %q, want %q", in, got, want)
		}
	}
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	for in, days := range map[string]int{"2026-12-01": 0, "2026-11-01": 30, "2025": 335, "2025-12": 335, "2026-11": 1} {
		d, err := ParseDate(in)
		if err != nil || d.String() != in || d.DaysBefore(now) != days {
			t.Errorf("ParseDate(%q) = %v (%v), %d days before, want %d", in, d, err, d.DaysBefore(now), days)
		}
	}
	for _, bad := range []string{"2026-13-01", "2026-02-30", "26.11.2026", "2026-1-1", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}
