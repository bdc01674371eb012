package parkstats

import "time"

// DefaultValidityYears is the validity of a 高新技术企业 certificate under
// 国科发火〔2016〕32号: three years [U] (projects.md §5 q.5). It is the
// default of the setting hightech_validity_years, not a rule in code.
const DefaultValidityYears = 3

// ExpiryFor is the last valid day of a certificate issued on issued that
// is valid for years: the day before the anniversary (issued 2020-12-02,
// three years → 2023-12-01), as certificates print "有效期三年" from the
// issue date.
func ExpiryFor(issued time.Time, years int) time.Time {
	return issued.AddDate(years, 0, -1)
}

// Period is a certificate's first and last valid day, both inclusive.
type Period struct{ From, To time.Time }

// ValidOn reports whether day falls inside the period, bounds included;
// times of day are ignored.
func (p Period) ValidOn(day time.Time) bool {
	d := dayOf(day)
	return !d.Before(dayOf(p.From)) && !d.After(dayOf(p.To))
}

// CountValidOn counts the periods valid on day.
func CountValidOn(ps []Period, day time.Time) int {
	n := 0
	for _, p := range ps {
		if p.ValidOn(day) {
			n++
		}
	}
	return n
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
