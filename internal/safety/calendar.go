package safety

import "time"

// Report calendars (统计报表时限), 16号令 §14 as quoted in the domain
// reference §2.3: the quarterly hazard statistics table is due by the 15th
// of the month after the quarter, the annual one by 31 January; a resumption
// application gets its on-site review within 10 days of receipt (§§20–23,
// wording [U]). The day counts are parameters so that a local calendar can
// differ; the defaults are the statutory ones.

// Calendar holds the report and review deadlines.
type Calendar struct {
	QuarterlyDueDay  int // day of the month after the quarter (15)
	AnnualDueMonth   time.Month
	AnnualDueDay     int // day of AnnualDueMonth of the next year (31 January)
	ReviewWithinDays int // on-site review after a resumption/write-off application (10)
}

// DefaultCalendar is 16号令 §14 and §§20–23.
func DefaultCalendar() Calendar {
	return Calendar{QuarterlyDueDay: 15, AnnualDueMonth: time.January, AnnualDueDay: 31, ReviewWithinDays: 10}
}

// QuarterOf returns the year and quarter (1–4) of day d.
func QuarterOf(d time.Time) (int, int) { return d.Year(), (int(d.Month())-1)/3 + 1 }

// QuarterlyDue is the last day for the table of quarter q of year y.
func (c Calendar) QuarterlyDue(y, q int) time.Time {
	// The month after the quarter is 3q+1; time.Date carries month 13 into
	// January of the next year.
	return time.Date(y, time.Month(3*q+1), c.QuarterlyDueDay, 0, 0, 0, 0, time.UTC)
}

// AnnualDue is the last day for the annual table of year y.
func (c Calendar) AnnualDue(y int) time.Time {
	return time.Date(y+1, c.AnnualDueMonth, c.AnnualDueDay, 0, 0, 0, 0, time.UTC)
}

// ReviewDue is the last day for the regulator's on-site review of an
// application received on day received.
func (c Calendar) ReviewDue(received time.Time) time.Time {
	return day(received).AddDate(0, 0, c.ReviewWithinDays)
}

// QuarterBounds returns the first and last day of quarter q of year y.
func QuarterBounds(y, q int) (time.Time, time.Time) {
	first := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
	return first, first.AddDate(0, 3, -1)
}
