package cms

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
	"google.golang.org/protobuf/proto"

	"kzportal.example/portal/tools/internal/phone"
)

var (
	phoneOnce    sync.Once
	phonePattern string
)

// PhonePattern is the form's rule for a phone number, derived from phone.Parse, which check
// applies: a short number Parse accepts (every two- to four-digit number is tried); a +7
// number (Kazakhstan, and Russia, which shares the code) whose first five national digits
// Parse accepts (libphonenumber's rules for +7 depend on no more, which the test shows); or
// another country's number in E.164 form, whose digits the form cannot judge and check
// does. Written without spaces, as the records keep numbers. Computed once (about half a
// second).
func PhonePattern() string {
	phoneOnce.Do(func() {
		var short []string
		for n := 2; n <= 4; n++ {
			for i := range pow10(n) {
				s := fmt.Sprintf("%0*d", n, i)
				if _, err := phone.Parse(s); err == nil {
					short = append(short, s)
				}
			}
		}
		root := &trie{}
		for p := range pow10(5) {
			// The same test phone.Parse makes of an E.164 number, without parsing text.
			pn := &phonenumbers.PhoneNumber{CountryCode: proto.Int32(7), NationalNumber: proto.Uint64(uint64(p) * 100000)}
			if p >= 10000 && phonenumbers.IsValidNumber(pn) {
				root.add(fmt.Sprintf("%05d", p))
			}
		}
		phonePattern = `^(` + strings.Join(short, "|") + `|\+7` + root.regexp(5) + `[0-9]{5}|\+[1-689][0-9]{6,14})$`
	})
	return phonePattern
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// A trie holds digit strings of one length.
type trie struct {
	next  map[byte]*trie
	count int // strings below
}

func (t *trie) add(s string) {
	t.count++
	if s == "" {
		return
	}
	if t.next == nil {
		t.next = map[byte]*trie{}
	}
	c := t.next[s[0]]
	if c == nil {
		c = &trie{}
		t.next[s[0]] = c
	}
	c.add(s[1:])
}

// regexp matches exactly the strings of t, which are depth digits long: digits whose
// subtries match the same are merged into a class, full subtries become [0-9]{n}.
func (t *trie) regexp(depth int) string {
	if depth == 0 {
		return ""
	}
	switch {
	case t.count == pow10(depth) && depth == 1:
		return "[0-9]"
	case t.count == pow10(depth):
		return fmt.Sprintf("[0-9]{%d}", depth)
	}
	byRest := map[string][]byte{}
	for _, d := range slices.Sorted(maps.Keys(t.next)) {
		rest := t.next[d].regexp(depth - 1)
		byRest[rest] = append(byRest[rest], d)
	}
	var alts []string
	for _, rest := range slices.Sorted(maps.Keys(byRest)) {
		alts = append(alts, class(byRest[rest])+rest)
	}
	slices.Sort(alts)
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, "|") + ")"
}

// class writes digits as a character class: [0-35-7], or the digit alone.
func class(ds []byte) string {
	if len(ds) == 1 {
		return string(ds)
	}
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && ds[j+1] == ds[j]+1 {
			j++
		}
		b.WriteByte(ds[i])
		if j > i+1 {
			b.WriteByte('-')
		}
		if j > i {
			b.WriteByte(ds[j])
		}
		i = j + 1
	}
	b.WriteByte(']')
	return b.String()
}
