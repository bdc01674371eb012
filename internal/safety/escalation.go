package safety

import (
	"slices"
	"time"
)

// The overdue escalation ladder (逾期升级): when a hazard passes its
// deadline, the supervising side climbs a ladder — supervision letter
// (督办函) → 约谈 → public notice (通报/曝光) → stop order (停产整顿) →
// credit listing (失信惩戒). The steps and their day counts are local rules
// (domain reference §2.3 county rule and §3 "Escalation steps/intervals"),
// so they are data: rows of safety_ladder_steps with an effective date.

// LadderStep is one rung: once a hazard is DaysOverdue days past its
// deadline, an action of Kind is due.
type LadderStep struct {
	ID            int64      `json:"id"`
	Ladder        string     `json:"ladder"`
	Ordinal       int        `json:"ordinal"`
	Kind          ActionKind `json:"kind"`
	DaysOverdue   int        `json:"days_overdue"`
	EffectiveFrom Date       `json:"effective_from"`
	EffectiveTo   Date       `json:"effective_to"`
	Source        string     `json:"source"`
}

// InForce reports whether the step applies on day d.
func (s LadderStep) InForce(d time.Time) bool { return inForce(s.EffectiveFrom, s.EffectiveTo, d) }

// DaysOverdue is the number of whole days day today lies past deadline: 0
// on the deadline itself and before it (a deadline is the last day allowed).
func DaysOverdue(deadline, today time.Time) int {
	if deadline.IsZero() {
		return 0
	}
	d := int(day(today).Sub(day(deadline)).Hours() / 24)
	return max(d, 0)
}

// Overdue reports whether an open hazard with this deadline is late on today.
func Overdue(deadline, today time.Time) bool { return DaysOverdue(deadline, today) > 0 }

// StepsDue returns the steps in force on today whose threshold the hazard
// has reached, in ladder order. The caller creates the ones not yet taken.
func StepsDue(steps []LadderStep, deadline, today time.Time) []LadderStep {
	n := DaysOverdue(deadline, today)
	var out []LadderStep
	if n == 0 {
		return out
	}
	for _, s := range steps {
		if s.InForce(today) && s.DaysOverdue <= n {
			out = append(out, s)
		}
	}
	sortSteps(out)
	return out
}

func sortSteps(s []LadderStep) {
	slices.SortStableFunc(s, func(a, b LadderStep) int { return a.Ordinal - b.Ordinal })
}

// inForce is the shared effective-date rule: from is the first day in
// force, to the last (inclusive); a zero to is open-ended.
func inForce(from, to Date, d time.Time) bool {
	dd := day(d)
	if !from.IsZero() && dd.Before(from.Time) {
		return false
	}
	return to.IsZero() || !dd.After(to.Time)
}
