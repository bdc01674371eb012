package projects

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is a calendar month as the integer yyyymm (202305 for May 2023):
// reports, plans and lights are kept per project-month, and an integer sorts,
// indexes and compares the same way on both engines.
type Month int

// MonthOf returns the month of year y.
func MonthOf(y int, m time.Month) Month { return Month(y*100 + int(m)) }

// MonthOfTime returns the month t falls in, in China time (UTC+8): a
// report sent at 07:00 on the 1st in Changji belongs to the new month even
// though it is still the previous day in UTC.
func MonthOfTime(t time.Time) Month {
	c := t.In(time.FixedZone("CST", 8*3600))
	return MonthOf(c.Year(), c.Month())
}

// ParseMonth reads "YYYY-MM" (or "YYYYMM").
func ParseMonth(s string) (Month, bool) {
	s = strings.TrimSpace(s)
	var y, m int
	var err error
	switch {
	case len(s) == 7 && s[4] == '-':
		y, err = strconv.Atoi(s[:4])
		if err == nil {
			m, err = strconv.Atoi(s[5:])
		}
	case len(s) == 6:
		y, err = strconv.Atoi(s[:4])
		if err == nil {
			m, err = strconv.Atoi(s[4:])
		}
	default:
		return 0, false
	}
	if err != nil {
		return 0, false
	}
	out := Month(y*100 + m)
	return out, out.Valid()
}

// Valid reports whether m is a month of the years 1990–2999.
func (m Month) Valid() bool {
	return m.Year() >= 1990 && m.Year() <= 2999 && m.Num() >= 1 && m.Num() <= 12
}

// Year is the calendar year.
func (m Month) Year() int { return int(m) / 100 }

// Num is the month of the year, 1–12.
func (m Month) Num() int { return int(m) % 100 }

// Add returns the month n months later (earlier if n < 0).
func (m Month) Add(n int) Month {
	i := m.Year()*12 + m.Num() - 1 + n
	return Month((i/12)*100 + i%12 + 1)
}

// Since returns how many months m is after o (negative if before).
func (m Month) Since(o Month) int {
	return (m.Year()*12 + m.Num()) - (o.Year()*12 + o.Num())
}

// String is "YYYY-MM", or "" for the zero month.
func (m Month) String() string {
	if m == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year(), m.Num())
}
