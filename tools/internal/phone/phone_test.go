package phone

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		e164    string
		display string
		short   bool
		code    string // the error's problem code
		suggest string
	}{
		{in: "112", e164: "112", display: "112", short: true},
		{in: "102", e164: "102", display: "102", short: true},
		{in: "103", e164: "103", display: "103", short: true},
		{in: "111", e164: "111", display: "111", short: true}, // allow-listed: libphonenumber does not know it
		{in: "150", e164: "150", display: "150", short: true}, // allow-listed too
		{in: "+77172123456", e164: "+77172123456", display: "+7 7172 12 34 56"},
		{in: "+77272000000", e164: "+77272000000", display: "+7 727 200 00 00"},
		{in: "+77011234567", e164: "+77011234567", display: "+7 701 123 45 67"},
		{in: "+7 701 123 45 67", e164: "+77011234567", display: "+7 701 123 45 67"}, // spaces are dropped
		{in: "+7 (727) 200-00-00", e164: "+77272000000", display: "+7 727 200 00 00"},
		{in: "+74951234567", e164: "+74951234567", display: "+7 495 123 45 67"}, // Moscow: foreign numbers are fine
		{in: "+998712345678", e164: "+998712345678", display: "+998 71 234 56 78"},
		{in: "8 701 123 45 67", code: "phone.national_form", suggest: "+77011234567"},
		{in: "87011234567", code: "phone.national_form", suggest: "+77011234567"},
		{in: "8 (727) 123-45-67", code: "phone.national_form_check", suggest: "+77271234567"},
		{in: "+7701123456", code: "phone.wrong_length"},
		{in: "+7 727 000 0000", code: "phone.unused_prefix"},
		{in: "+70001234567", code: "phone.unused_prefix"},
		{in: "999", code: "phone.short_unknown"},
		{in: "hello", code: "phone.not_a_number"},
		{in: "", code: "phone.not_a_number"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if tt.code != "" {
			var pe *Error
			if !errors.As(err, &pe) || pe.Code != tt.code || pe.Suggest != tt.suggest {
				t.Errorf("Parse(%q) error = %#v, want code %s suggesting %q", tt.in, err, tt.code, tt.suggest)
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
