package projects

import (
	"time"

	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Monthly progress reports (月度进度填报), domain reference §2.3: the
// physical-work figure (按照实物工作量, the 发改 figure) and the statistics
// bureau's 入库 figure are two separate amounts of the same project-month.

// Report problems (catalog keys).
const (
	ReportFutureMonth = "projects.report.future_month"
	ReportAboveTotal  = "projects.report.above_total"
	ReportLocked      = "projects.report.locked"
	ReportBadMonth    = "projects.report.bad_month"
	ReportPercent     = "projects.report.percent"
)

var cst = time.FixedZone("CST", 8*3600)

// LockedAt is the first instant a report for month m is locked: the end of
// day deadlineDay of the following month, China time (a deadline of 5
// means reports for May close when 5 June ends). deadlineDay is data
// (settings) — provincial calendars differ (Sichuan: before the 20th).
func LockedAt(m Month, deadlineDay int) time.Time {
	next := m.Add(1)
	return time.Date(next.Year(), time.Month(next.Num()), deadlineDay+1, 0, 0, 0, 0, cst)
}

// Locked reports whether a report for month m is locked at now.
func Locked(m Month, now time.Time, deadlineDay int) bool {
	return !now.Before(LockedAt(m, deadlineDay))
}

// ReportCheck is what a report is checked against.
type ReportCheck struct {
	Month Month
	Now   time.Time
	// Physical is this month's completed investment on the physical basis.
	Physical Amount
	// OtherCumulative is everything else completed on the project: before
	// the system (截至上年底累计) and every other month's current report.
	OtherCumulative Amount
	// Total is the project's total investment (总投资); 0 means not set.
	Total Amount
	// PhysicalPct is the optional 形象进度 percent, -1 when not given.
	PhysicalPct int
	// DeadlineDay and MayPassLock: the lock, and whether the reporter is
	// the responsible bureau, who may still correct a locked month.
	DeadlineDay int
	MayPassLock bool
}

// Problems adds the rules a report breaks to v: a month in the future, a
// cumulative total above the project's total investment, a locked month
// for anyone but the responsible bureau, a physical percent outside 0–100.
// Negative amounts are refused when they are parsed (ParseAmount).
func (rc ReportCheck) Problems(v *errs.Validation) {
	switch {
	case !rc.Month.Valid():
		v.Add("month", ReportBadMonth)
	case rc.Month.Since(MonthOfTime(rc.Now)) > 0:
		v.Add("month", ReportFutureMonth)
	case !rc.MayPassLock && Locked(rc.Month, rc.Now, rc.DeadlineDay):
		v.Add("month", ReportLocked, LockedAt(rc.Month, rc.DeadlineDay).Format(time.DateOnly))
	}
	if cum := rc.OtherCumulative + rc.Physical; rc.Total > 0 && cum > rc.Total {
		v.Add("physical_amount", ReportAboveTotal, cum.String(), rc.Total.String())
	}
	if rc.PhysicalPct > 100 || rc.PhysicalPct < -1 {
		v.Add("physical_pct", ReportPercent)
	}
}
