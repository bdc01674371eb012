package projects

import (
	"math/big"
)

// The dispatch measures of the domain reference §2.4 and §2.6. Every figure
// is computed exactly as a rational from integer inputs (amounts, counts,
// months) and rounded only for display, so that a gap of exactly 10 pp is
// exactly 10 pp when a rule compares it with a band edge, and the printed
// gap is the one official reports print: they subtract the unrounded
// percentages and round the difference (629.0/647.4 = 97.16 %, 10/12 =
// 83.33 %, "超过时间进度13.8个百分点", not 97.2 − 83.3 = 13.9).

// ratio returns a/b, or nil when b is 0.
func ratio(a, b int64) *big.Rat {
	if b == 0 {
		return nil
	}
	return big.NewRat(a, b)
}

// CompletionRate is 投资完成率 = A_m / P_y: cumulative completed investment
// of the year to month m over the annual plan. nil when there is no plan.
func CompletionRate(cumulative, plan Amount) *big.Rat {
	if plan <= 0 {
		return nil
	}
	return ratio(int64(cumulative), int64(plan))
}

// ScheduleProgress is 序时进度 (时间进度) = m / 12 for month m of the year.
// It stays linear for parity with 发改 reports; the seasonal view is SPI
// against a curve (CurvePV).
func ScheduleProgress(m int) *big.Rat { return big.NewRat(int64(m), 12) }

// ScheduleGapPP is 超(+)/欠(−)序时进度 in percentage points:
// (A_m / P_y − m / 12) × 100. nil when there is no plan.
func ScheduleGapPP(cumulative, plan Amount, m int) *big.Rat {
	rate := CompletionRate(cumulative, plan)
	if rate == nil {
		return nil
	}
	g := new(big.Rat).Sub(rate, ScheduleProgress(m))
	return g.Mul(g, big.NewRat(100, 1))
}

// ScheduleGapRelative is the shortfall against 序时进度 as a percentage of
// it: (A_m/P_y ÷ m/12 − 1) × 100 — the reading of Sanya's "低于序时进度50%"
// as relative rather than pp (domain reference §2.5). nil without a plan.
func ScheduleGapRelative(cumulative, plan Amount, m int) *big.Rat {
	rate := CompletionRate(cumulative, plan)
	if rate == nil || m <= 0 {
		return nil
	}
	g := new(big.Rat).Quo(rate, ScheduleProgress(m))
	g.Sub(g, big.NewRat(1, 1))
	return g.Mul(g, big.NewRat(100, 1))
}

// PlanPV is the planned value to month m from the project's own monthly
// plan (月度计划投资): the sum of the planned amounts of months 1..m.
// plan[i] is month i+1; missing months count as 0.
func PlanPV(plan []Amount, m int) Amount {
	var sum Amount
	for i := 0; i < m && i < len(plan); i++ {
		sum += plan[i]
	}
	return sum
}

// CurvePV is the planned value to month m from a seasonal curve: the
// annual plan × (weights of months 1..m ÷ all weights). Weights are data
// (a Xinjiang curve puts nearly nothing in the winter stop). nil when the
// weights sum to 0.
func CurvePV(annual Amount, weights [12]int, m int) *big.Rat {
	total, upTo := int64(0), int64(0)
	for i, w := range weights {
		total += int64(w)
		if i < m {
			upTo += int64(w)
		}
	}
	if total == 0 {
		return nil
	}
	return big.NewRat(int64(annual)*upTo, total)
}

// SPI is the schedule performance index EV / PV, with EV the earned value
// (the 发改 physical-basis cumulative A_m) and PV the planned value. nil
// when PV is 0 (nothing was planned yet, e.g. during the winter stop): a
// ratio to nothing is not a measure.
func SPI(ev Amount, pv *big.Rat) *big.Rat {
	if pv == nil || pv.Sign() <= 0 {
		return nil
	}
	return new(big.Rat).Quo(big.NewRat(int64(ev), 1), pv)
}

// Rate is a count ratio such as 开工率 (started ÷ planned starts), 投产率
// or 纳统率; nil when the denominator is 0.
func Rate(n, of int) *big.Rat {
	if of <= 0 {
		return nil
	}
	return big.NewRat(int64(n), int64(of))
}

// StartOverdue counts the months a planned start is overdue at month asOf,
// counting the month it was due as the first (Yinchuan 2025: yellow when
// "due this month, not started", red after 3 consecutive overdue months).
// 0 when the project has started, or its start is not yet due, or it has
// no planned start.
func StartOverdue(plannedStart Month, started bool, asOf Month) int {
	if started || plannedStart == 0 || asOf.Since(plannedStart) < 0 {
		return 0
	}
	return asOf.Since(plannedStart) + 1
}

// EnrolmentLag counts the whole months since the start month that a
// started project is still not enrolled (入库) in the statistics at month
// asOf: started in May and not enrolled in June is 1 (Yinchuan: yellow "1
// month after start", red "> 2 months"). 0 when not started or enrolled.
func EnrolmentLag(startMonth, enrolledMonth, asOf Month) int {
	if startMonth == 0 || asOf.Since(startMonth) <= 0 {
		return 0
	}
	if enrolledMonth != 0 && asOf.Since(enrolledMonth) >= 0 {
		return 0
	}
	return asOf.Since(startMonth)
}

// Percent returns r × 100 rounded half away from zero to digits decimals,
// as official tables print it ("97.2"); "" for nil.
func Percent(r *big.Rat, digits int) string {
	if r == nil {
		return ""
	}
	return Round(new(big.Rat).Mul(r, big.NewRat(100, 1)), digits)
}

// Round returns r rounded half away from zero to digits decimals; "" for nil.
// (big.Rat.FloatString rounds half away from zero too; this names the rule.)
func Round(r *big.Rat, digits int) string {
	if r == nil {
		return ""
	}
	return r.FloatString(digits)
}

// EarnedSchedule is Lipke's earned schedule (2003) ES = n + (EV − PV_n) /
// (PV_{n+1} − PV_n): the time at which the plan expected the value earned,
// in months, where PV_n is the cumulative plan at the end of month n (pv[n-1])
// and n the last month whose cumulative plan EV reaches. SPI(t) = ES / AT
// stays meaningful late in a project, where SPI($) drifts to 1 however
// late it is (domain reference §2.6). ES never exceeds the plan's length.
func EarnedSchedule(ev *big.Rat, pv []*big.Rat) *big.Rat {
	if ev == nil || len(pv) == 0 {
		return nil
	}
	n := 0
	prev := new(big.Rat)
	for n < len(pv) && pv[n] != nil && pv[n].Cmp(ev) <= 0 {
		prev = pv[n]
		n++
	}
	if n == len(pv) {
		return big.NewRat(int64(n), 1)
	}
	// The next month the plan rises past EV (flat months, like the winter
	// stop, add no schedule).
	next := n
	for next < len(pv) && pv[next].Cmp(prev) == 0 {
		next++
	}
	if next == len(pv) {
		return big.NewRat(int64(n), 1)
	}
	frac := new(big.Rat).Sub(ev, prev)
	frac.Quo(frac, new(big.Rat).Sub(pv[next], prev))
	return frac.Add(frac, big.NewRat(int64(next), 1))
}

// SPIt is the time-based schedule performance index ES / AT, AT the months
// elapsed; nil without an earned schedule or time.
func SPIt(es *big.Rat, at int) *big.Rat {
	if es == nil || at <= 0 {
		return nil
	}
	return new(big.Rat).Quo(es, big.NewRat(int64(at), 1))
}
