package phone

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		e164    string
		display string
		short   bool
		errHas  string
	}{
		{in: "112", e164: "112", display: "112", short: true},
		{in: "102", e164: "102", display: "102", short: true},
		{in: "103", e164: "103", display: "103", short: true},
		{in: "111", e164: "111", display: "111", short: true}, // allow-listed: libphonenumber does not know it
		{in: "+77172123456", e164: "+77172123456", display: "+7 7172 12 34 56"},
		{in: "+77011234567", e164: "+77011234567", display: "+7 701 123 4567"},
		{in: "+74951234567", e164: "+74951234567", display: "+7 495 123 45 67"}, // Moscow: foreign numbers are fine
		{in: "+998712345678", e164: "+998712345678", display: "+998 71 234 56 78"},
		{in: "8 701 123 45 67", errHas: `write "+77011234567"`},
		{in: "+7 701 123 45 67", errHas: `write "+77011234567"`},
		{in: "+7701123456", errHas: "not a valid number"},
		{in: "+70001234567", errHas: "not a valid number"},
		{in: "999", errHas: "not a short number"},
		{in: "hello", errHas: "international form"},
		{in: "", errHas: "international form"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if tt.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("Parse(%q) error = %v, want one containing %q", tt.in, err, tt.errHas)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if n.E164 != tt.e164 || n.Display != tt.display || n.Short != tt.short {
			t.Errorf("Parse(%q) = %+v, want %s %q short=%v", tt.in, n, tt.e164, tt.display, tt.short)
		}
	}
}
