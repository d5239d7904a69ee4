// Package phone validates the phone numbers the portal publishes, with libphonenumber's
// metadata (the nyaruka/phonenumbers port): numbers in E.164, or short numbers that
// Kazakhstan's networks connect, from libphonenumber's list plus an explicit allow-list for
// the numbers it does not know.
package phone

import (
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Region is the country numbers are read for.
const Region = "KZ"

// ExtraShortCodes are short numbers libphonenumber does not know but the portal may
// publish, each with its source (data/sources.yaml).
var ExtraShortCodes = map[string]string{
	"111": "the state contact centre for family, women's and children's rights (line-111-* sources)",
	"150": "the national helpline for children and young people (line-150)",
}

// A Number is a checked phone number.
type Number struct {
	E164    string // +77271234567, or the short number itself (111)
	Display string // +7 727 123 45 67, or 111
	Short   bool
	Region  string // the number's country (ISO 3166-1), e.g. KZ; "" for short numbers
}

// An Error says what is wrong with a number, as a problem code of the tool's messages
// (phone.*), and what to write instead where that is known.
type Error struct {
	Code    string // e.g. phone.national_form
	Number  string // as written
	Suggest string // the number to write instead, or ""
}

func (e *Error) Error() string { return e.Code + ": " + e.Number }

var (
	e164Pattern  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	shortPattern = regexp.MustCompile(`^[0-9]{2,4}$`)
	separators   = strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "\u00a0", "")
)

// Parse checks s. Spaces, hyphens and brackets between digits are allowed and dropped.
func Parse(s string) (Number, error) {
	fail := func(code, suggest string) (Number, error) {
		return Number{}, &Error{Code: code, Number: s, Suggest: suggest}
	}
	compact := separators.Replace(strings.TrimSpace(s))
	if shortPattern.MatchString(compact) {
		if _, ok := ExtraShortCodes[compact]; ok {
			return Number{E164: compact, Display: compact, Short: true}, nil
		}
		pn, err := phonenumbers.Parse(compact, Region)
		if err == nil && phonenumbers.IsValidShortNumberForRegion(pn, Region) {
			return Number{E164: compact, Display: compact, Short: true}, nil
		}
		return fail("phone.short_unknown", "")
	}
	if !e164Pattern.MatchString(compact) {
		if pn, err := phonenumbers.Parse(compact, Region); err == nil {
			e164 := phonenumbers.Format(pn, phonenumbers.E164)
			switch {
			case phonenumbers.IsValidNumber(pn):
				return fail("phone.national_form", e164)
			case e164Pattern.MatchString(e164) && pn.GetCountryCode() == 7 && len(phonenumbers.GetNationalSignificantNumber(pn)) == 10:
				// Written as dialled at home, and no number starts so: the reader's own
				// digits in international form, to check against the source.
				return fail("phone.national_form_check", e164)
			}
		}
		return fail("phone.not_a_number", "")
	}
	pn, err := phonenumbers.Parse(compact, Region)
	if err != nil {
		return fail("phone.not_a_number", "")
	}
	if !phonenumbers.IsValidNumber(pn) {
		national := phonenumbers.GetNationalSignificantNumber(pn)
		if pn.GetCountryCode() == 7 && len(national) != 10 {
			return fail("phone.wrong_length", "")
		}
		return fail("phone.unused_prefix", "")
	}
	return Number{
		E164:    phonenumbers.Format(pn, phonenumbers.E164),
		Display: Display(pn),
		Region:  phonenumbers.GetRegionCodeForNumber(pn),
	}, nil
}

// Display groups a number as people in Kazakhstan write it: mobile numbers and Almaty's
// (area code 727) as +7 727 200 00 00, numbers with a four-digit area code (Astana 7172,
// Shymkent 7252, …) as +7 7172 55 55 55. Other countries' numbers keep libphonenumber's
// international form.
func Display(pn *phonenumbers.PhoneNumber) string {
	n := phonenumbers.GetNationalSignificantNumber(pn)
	if phonenumbers.GetRegionCodeForNumber(pn) != "KZ" || len(n) != 10 {
		return strings.ReplaceAll(phonenumbers.Format(pn, phonenumbers.INTERNATIONAL), "-", " ")
	}
	if threeDigit(n) {
		return "+7 " + n[:3] + " " + n[3:6] + " " + n[6:8] + " " + n[8:]
	}
	return "+7 " + n[:4] + " " + n[4:6] + " " + n[6:8] + " " + n[8:]
}

// threeDigit reports whether a Kazakh national number has a three-digit code: a mobile
// network (7 0x, 747, 75x, 76x, 77x, 78x) or Almaty (727).
func threeDigit(n string) bool {
	return strings.HasPrefix(n, "727") || n[1] == '0' || n[1] == '4' || n[1] == '5' || n[1] == '6' || n[1] == '7' || n[1] == '8'
}
