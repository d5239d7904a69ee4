// Package phone validates the phone numbers the portal publishes, with libphonenumber's
// metadata (the nyaruka/phonenumbers port): numbers in E.164, or short codes that Kazakhstan's
// networks connect, from libphonenumber's list plus an explicit allow-list for the codes it
// does not know.
package phone

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Region is the country numbers are read for.
const Region = "KZ"

// ExtraShortCodes are short numbers libphonenumber does not know but the portal may
// publish, each with the reason. 111: the contact centre for families, women and children's
// rights, free and 24/7 since 2023 (vlast.kz, 16 October 2023; ../shared/facts.md).
var ExtraShortCodes = map[string]string{
	"111": "contact centre for families, women and children's rights",
}

// A Number is a checked phone number.
type Number struct {
	E164    string // +77271234567, or the short code itself (111)
	Display string // +7 727 123 4567, or 111
	Short   bool
	Region  string // the number's country (ISO 3166-1), e.g. KZ; "" for short codes
}

var (
	e164Pattern  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	shortPattern = regexp.MustCompile(`^[0-9]{2,6}$`)
)

// Parse checks s. The error says what is wrong and, where it can, what to write instead.
func Parse(s string) (Number, error) {
	if shortPattern.MatchString(s) && len(s) <= 4 {
		if _, ok := ExtraShortCodes[s]; ok {
			return Number{E164: s, Display: s, Short: true}, nil
		}
		pn, err := phonenumbers.Parse(s, Region)
		if err == nil && phonenumbers.IsValidShortNumberForRegion(pn, Region) {
			return Number{E164: s, Display: s, Short: true}, nil
		}
		return Number{}, fmt.Errorf("%q is not a short number that works in Kazakhstan", s)
	}
	if !e164Pattern.MatchString(s) {
		if pn, err := phonenumbers.Parse(s, Region); err == nil && phonenumbers.IsValidNumber(pn) {
			return Number{}, fmt.Errorf("%q is not in international form: write %q", s, phonenumbers.Format(pn, phonenumbers.E164))
		}
		return Number{}, fmt.Errorf("%q is not a phone number in international form, e.g. \"+77172000000\"", s)
	}
	pn, err := phonenumbers.Parse(s, Region)
	if err != nil {
		return Number{}, fmt.Errorf("%q: %v", s, err)
	}
	if !phonenumbers.IsValidNumber(pn) {
		return Number{}, fmt.Errorf("%q is not a valid number (wrong length or an unused prefix): check every digit", s)
	}
	return Number{
		E164:    phonenumbers.Format(pn, phonenumbers.E164),
		Display: strings.ReplaceAll(phonenumbers.Format(pn, phonenumbers.INTERNATIONAL), "-", " "),
		Region:  phonenumbers.GetRegionCodeForNumber(pn),
	}, nil
}
