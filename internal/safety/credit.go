package safety

import (
	"slices"
	"time"
)

// The serious-dishonesty list (严重失信主体名单), 应急管理部令第11号, in force
// 2023-10-01 (domain reference §2.8): a listing lasts 3 years and then ends
// by itself; the subject may ask for early removal (信用修复) once 12 months
// have passed; the earlier regime (安监总办〔2017〕49号) listed for 1 year.
// It is statutory and kept apart from the local 红黑榜. Periods are policy
// rows with effective dates, chosen by the date of the listing decision.

// CreditPolicy is one regime of the serious-dishonesty list.
type CreditPolicy struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Months int    `json:"months"` // listing period (36 under 令11号)
	// EarlyRemovalMonths is how long a subject stays listed before it may
	// apply for early removal; 0: no early removal.
	EarlyRemovalMonths int `json:"early_removal_months"`
	// Sectors the regime covers (令11号 §2: not road, construction, fire).
	Sectors       []string `json:"sectors"`
	EffectiveFrom Date     `json:"effective_from"`
	EffectiveTo   Date     `json:"effective_to"`
	Source        string   `json:"source"`
}

// InForce reports whether the policy applies to a decision on day d.
func (p CreditPolicy) InForce(d time.Time) bool { return inForce(p.EffectiveFrom, p.EffectiveTo, d) }

// Covers reports whether the policy covers enterprises of sector.
func (p CreditPolicy) Covers(sector string) bool { return slices.Contains(p.Sectors, sector) }

// PolicyFor picks the policy in force on the decision day.
func PolicyFor(ps []CreditPolicy, decided time.Time) (CreditPolicy, bool) {
	for _, p := range ps {
		if p.InForce(decided) {
			return p, true
		}
	}
	return CreditPolicy{}, false
}

// PeriodEnd is the last day of a period of months counted from day start,
// by 民法典 §201 (the first day does not count; the period starts the next
// day) and §202 (it ends on the corresponding day of the last month, or
// that month's last day when it has no such day).
func PeriodEnd(start time.Time, months int) time.Time {
	s := day(start)
	y, m := s.Year(), int(s.Month())-1+months
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day() // days in month m+1
	return time.Date(y, time.Month(m+1), min(s.Day(), last), 0, 0, 0, 0, time.UTC)
}

// ListingEnds is the last day a subject published on day published stays
// on the list under p; it leaves by itself the next day.
func ListingEnds(p CreditPolicy, published time.Time) time.Time {
	return PeriodEnd(published, p.Months)
}

// EarlyRemovalFrom is the first day an early-removal application is
// admissible, and false when the policy allows none.
func EarlyRemovalFrom(p CreditPolicy, published time.Time) (time.Time, bool) {
	if p.EarlyRemovalMonths <= 0 {
		return time.Time{}, false
	}
	return PeriodEnd(published, p.EarlyRemovalMonths).AddDate(0, 0, 1), true
}

// OnList reports whether a listing published on day published, removed
// early on removed (zero if not), is in force on today.
func OnList(p CreditPolicy, published, removed, today time.Time) bool {
	t := day(today)
	if t.Before(day(published)) || t.After(ListingEnds(p, published)) {
		return false
	}
	return removed.IsZero() || t.Before(day(removed))
}

// Repeated reports whether n or more of the accident days fall within one
// period of months (令11号: "12个月内发生2起以上较大事故").
func Repeated(days []time.Time, n, months int) bool {
	if n <= 1 {
		return len(days) >= n
	}
	ds := make([]time.Time, len(days))
	for i, d := range days {
		ds[i] = day(d)
	}
	slices.SortFunc(ds, func(a, b time.Time) int { return a.Compare(b) })
	for i := 0; i+n-1 < len(ds); i++ {
		// The window starts with accident i and ends on the last day of the
		// period counted from it; an accident on that day is inside.
		if !ds[i+n-1].After(PeriodEnd(ds[i], months)) {
			return true
		}
	}
	return false
}
