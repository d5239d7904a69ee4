package front

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A Date is a day, or only a month or a year where a source gives no more ("2023").
type Date struct {
	Year, Month, Day int // Month and Day are 0 when not known
}

var datePattern = regexp.MustCompile(`^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$`)

// ParseDate reads YYYY-MM-DD, YYYY-MM or YYYY.
func ParseDate(s string) (Date, error) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return Date{}, fmt.Errorf("not a date")
	}
	var d Date
	d.Year, _ = strconv.Atoi(m[1])
	d.Month, _ = strconv.Atoi(m[2])
	d.Day, _ = strconv.Atoi(m[3])
	switch {
	case m[2] != "" && (d.Month < 1 || d.Month > 12):
		return Date{}, fmt.Errorf("no month %d", d.Month)
	case m[3] != "" && d.Day > daysIn(d.Year, d.Month):
		return Date{}, fmt.Errorf("no day %d in that month", d.Day)
	case m[3] != "" && d.Day < 1:
		return Date{}, fmt.Errorf("no day 0")
	}
	return d, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Full reports whether d names a day.
func (d Date) Full() bool { return d.Day > 0 }

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// String writes d as it was written: YYYY-MM-DD, YYYY-MM or YYYY.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Day > 0:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case d.Month > 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d", d.Year)
}

// Start is the first day d can mean.
func (d Date) Start() time.Time {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// End is the last day d can mean: a fact "as of 2023" was still true late in 2023, so ages
// are counted from here.
func (d Date) End() time.Time {
	switch {
	case d.Day > 0:
		return d.Start()
	case d.Month > 0:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
}

// DaysBefore returns how many whole days before now d ends.
func (d Date) DaysBefore(now time.Time) int {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return int(today.Sub(d.End()).Hours() / 24)
}

// After reports whether d starts after the day of now.
func (d Date) After(now time.Time) bool {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return d.Start().After(today)
}

var (
	dayFirst  = regexp.MustCompile(`^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})$`)
	yearFirst = regexp.MustCompile(`^([0-9]{4})[./]([0-9]{1,2})[./]([0-9]{1,2})$`)
)

// SuggestDate turns a date written as people in Kazakhstan often write it (01.12.2026,
// 1/12/2026: day first) or with other separators (2026.12.01, 2026/12/1) into YYYY-MM-DD,
// or returns "" when s is not such a date.
func SuggestDate(s string) string {
	s = strings.TrimSpace(s)
	var y, m, d string
	if p := dayFirst.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else if p := yearFirst.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else {
		return ""
	}
	out := fmt.Sprintf("%s-%02s-%02s", y, m, d)
	out = strings.ReplaceAll(out, " ", "0")
	if date, err := ParseDate(out); err != nil || !date.Full() {
		return ""
	}
	return out
}
