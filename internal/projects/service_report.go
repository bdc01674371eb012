package projects

import (
	"context"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

const keyDeadlineDay = "projects.settings.deadline_day"

// Reports returns a project's current reports, newest month first; with
// history, every correction too.
func (s *Service) Reports(ctx context.Context, projectID int64, history bool) ([]ProgressReport, error) {
	if _, err := getProject(ctx, s.d.Read(), projectID); err != nil {
		return nil, err
	}
	return reports(ctx, s.d.Read(), projectID, history)
}

// SubmitReport files a month's progress report for a project the caller
// may report on (an enterprise: its own projects). A second report for the
// same month is a correction: it becomes the current revision and the
// earlier one stays in history. Refused, changing nothing: negative or
// malformed amounts, a future month, a cumulative total above the
// project's total investment, and — for anyone but the responsible bureau
// — a month whose deadline has passed. The project's lights for the month
// are recomputed in the same transaction.
func (s *Service) SubmitReport(ctx context.Context, in ReportInput) (ProgressReport, error) {
	pr, err := reporter(ctx)
	if err != nil {
		return ProgressReport{}, err
	}
	var out ProgressReport
	err = s.d.Tx(ctx, func(c db.Conn) error {
		p, err := getProject(ctx, c, in.ProjectID)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		r := ProgressReport{Narrative: trim(in.Narrative), Problems: trim(in.Problems), Reporter: pr.Username, ReportedAt: s.now().UTC()}
		r.Month = month(v, "month", in.Month, true)
		r.PhysicalAmount = amount(v, "physical_amount", in.PhysicalAmount, true)
		r.StatsAmount = amount(v, "stats_amount", in.StatsAmount, false)
		pct := percent(v, "physical_pct", in.PhysicalPct)
		if pct >= 0 {
			r.PhysicalPct = &pct
		}
		text(v, "narrative", r.Narrative, false, maxNotes)
		text(v, "problems", r.Problems, false, maxNotes)
		dd, err := deadlineDay(ctx, c)
		if err != nil {
			return err
		}
		other := p.PriorCompleted
		if !v.Has("month") {
			sum, err := otherCumulative(ctx, c, p.ID, r.Month)
			if err != nil {
				return err
			}
			other += sum
			rc := ReportCheck{Month: r.Month, Now: s.now(), Physical: r.PhysicalAmount, OtherCumulative: other, Total: p.TotalInvestment,
				PhysicalPct: pct, DeadlineDay: dd, MayPassLock: isBureau(pr)}
			if v.Has("physical_amount") {
				rc.Physical, rc.Total = 0, 0
			}
			rc.Problems(v)
			r.AfterLock = Locked(r.Month, s.now(), dd)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if out, err = insertReport(ctx, c, p, r, pr.UserID); err != nil {
			return err
		}
		action := audit.ActionCreate
		if out.Revision > 1 {
			action = "correct"
		}
		if err := audit.Write(ctx, c, audit.Change{Action: action, ObjectType: ObjectReport, ObjectID: idStr(out.ID), Division: p.DivisionCode, After: out}); err != nil {
			return err
		}
		return s.refreshLights(ctx, c, p.ID, out.Month)
	})
	return out, err
}

// ReportDeadlineDay is the day of the following month on which a month's
// reports lock (at the end of that day, China time).
func (s *Service) ReportDeadlineDay(ctx context.Context) (int, error) {
	if _, err := reader(ctx); err != nil {
		return 0, err
	}
	return deadlineDay(ctx, s.d.Read())
}

// SetReportDeadlineDay changes the deadline (1–28, so that it exists in
// every month); only the responsible bureau may.
func (s *Service) SetReportDeadlineDay(ctx context.Context, day int) error {
	if _, err := bureau(ctx); err != nil {
		return err
	}
	if day < 1 || day > 28 {
		return errs.Invalid("deadline_day", keyDeadlineDay)
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := deadlineDay(ctx, c)
		if err != nil {
			return err
		}
		if err := setSetting(ctx, c, settingDeadlineDay, strconv.Itoa(day)); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectSettings, ObjectID: settingDeadlineDay,
			Before: before, After: day})
	})
}
