package projects

import (
	"context"
	"errors"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/access"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

const (
	keyDeadlineDay    = "projects.settings.deadline_day"
	keyProjectUnknown = "projects.project.unknown"
)

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
	return s.SubmitReportWithPhotos(ctx, in, nil)
}

// SubmitReportWithPhotos is SubmitReport with photos of the progress
// (JPEG or PNG, see photos.go), stored with the report or not at all.
func (s *Service) SubmitReportWithPhotos(ctx context.Context, in ReportInput, photos [][]byte) (ProgressReport, error) {
	pr, err := reporter(ctx)
	if err != nil {
		return ProgressReport{}, err
	}
	var out ProgressReport
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.submitReport(ctx, c, pr, in, photos)
		return err
	})
	return out, err
}

// submitReport checks and stores one report inside the caller's transaction.
func (s *Service) submitReport(ctx context.Context, c db.Conn, pr *access.Principal, in ReportInput, photos [][]byte) (ProgressReport, error) {
	p, err := getProject(ctx, c, in.ProjectID)
	if err != nil {
		return ProgressReport{}, err
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
	types := photoProblems(v, photos)
	dd, err := deadlineDay(ctx, c)
	if err != nil {
		return r, err
	}
	if !v.Has("month") {
		sum, err := otherCumulative(ctx, c, p.ID, r.Month)
		if err != nil {
			return r, err
		}
		rc := ReportCheck{Month: r.Month, Now: s.now(), Physical: r.PhysicalAmount, OtherCumulative: p.PriorCompleted + sum,
			Total: p.TotalInvestment, PhysicalPct: pct, DeadlineDay: dd, MayPassLock: isBureau(pr)}
		if v.Has("physical_amount") {
			rc.Physical, rc.Total = 0, 0
		}
		rc.Problems(v)
		r.AfterLock = Locked(r.Month, s.now(), dd)
	}
	if err := v.Err(); err != nil {
		return r, err
	}
	out, err := insertReport(ctx, c, p, r, pr.UserID)
	if err != nil {
		return out, err
	}
	if out.Photos, err = insertPhotos(ctx, c, p, out, photos, types); err != nil {
		return out, err
	}
	action := audit.ActionCreate
	if out.Revision > 1 {
		action = "correct"
	}
	if err := audit.Write(ctx, c, audit.Change{Action: action, ObjectType: ObjectReport, ObjectID: idStr(out.ID), Division: p.DivisionCode, After: out}); err != nil {
		return out, err
	}
	return out, s.refreshLights(ctx, c, p.ID, out.Month)
}

// ImportReports files every report of rows or, if any row breaks a rule,
// none: the problems of every row come back in a *registry.ImportError
// (row numbers as the sheet gives them). Rows are checked in order, so a
// later row of the same project and month is a correction of an earlier
// one, exactly as if they had been sent one by one.
func (s *Service) ImportReports(ctx context.Context, rows []registry.ImportRow[ReportInput]) (int, error) {
	pr, err := reporter(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.d.Tx(ctx, func(c db.Conn) error {
		ie := &registry.ImportError{}
		for _, row := range rows {
			for _, p := range row.Problems {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: p.Field, Key: p.Key, Args: p.Args})
			}
			if len(row.Problems) > 0 {
				continue
			}
			_, err := s.submitReport(ctx, c, pr, row.Input, nil)
			if v, ok := errs.AsValidation(err); ok {
				for _, f := range v.Fields {
					ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: f.Field, Key: f.Key, Args: f.Args})
				}
				continue
			}
			if errors.Is(err, errs.ErrNotFound) {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: "project", Key: keyProjectUnknown})
				continue
			}
			if err != nil {
				// A database refusal aborts the transaction on PostgreSQL:
				// stop at the first one (platform/xlsx pattern).
				return err
			}
			n++
		}
		if len(ie.Problems) > 0 {
			n = 0
			return ie
		}
		return nil
	})
	return n, err
}

// ProjectIDByCode finds a visible project by its national code, for
// imports that name projects the way the bureaus do.
func (s *Service) ProjectIDByCode(ctx context.Context, code string) (int64, error) {
	ps, _, err := s.ListProjects(ctx, ProjectFilter{Code: NormalizeCode(code), Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(ps) == 0 {
		return 0, errs.ErrNotFound
	}
	return ps[0].ID, nil
}

// EnrolmentThreshold is the planned total (万元) from which a started
// project must be enrolled in the statistics (入库); below it no
// enrolment-lag warning applies.
func (s *Service) EnrolmentThreshold(ctx context.Context) (Amount, error) {
	if _, err := reader(ctx); err != nil {
		return 0, err
	}
	return enrolmentThreshold(ctx, s.d.Read())
}

// SetEnrolmentThreshold changes the threshold (the responsible bureau only).
func (s *Service) SetEnrolmentThreshold(ctx context.Context, wan string) error {
	if _, err := bureau(ctx); err != nil {
		return err
	}
	a, problem := ParseAmount(wan)
	if problem != "" {
		return errs.Invalid("enrolment_threshold", problem)
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := enrolmentThreshold(ctx, c)
		if err != nil {
			return err
		}
		if err := setSetting(ctx, c, settingEnrolment, a.String()); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectSettings, ObjectID: settingEnrolment,
			Before: before, After: a})
	})
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

// Settings are the module's place-dependent settings.
type Settings struct {
	ReportDeadlineDay  int    `json:"report_deadline_day"`
	EnrolmentThreshold Amount `json:"enrolment_threshold"`
}

// SettingsInput changes settings; zero or empty fields stay as they are.
type SettingsInput struct {
	ReportDeadlineDay  int    `json:"report_deadline_day"`
	EnrolmentThreshold string `json:"enrolment_threshold"`
}

// Settings returns the settings in force.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var st Settings
	var err error
	if st.ReportDeadlineDay, err = s.ReportDeadlineDay(ctx); err != nil {
		return st, err
	}
	st.EnrolmentThreshold, err = s.EnrolmentThreshold(ctx)
	return st, err
}

// SetSettings changes the settings given (the responsible bureau only).
func (s *Service) SetSettings(ctx context.Context, in SettingsInput) (Settings, error) {
	if in.ReportDeadlineDay != 0 {
		if err := s.SetReportDeadlineDay(ctx, in.ReportDeadlineDay); err != nil {
			return Settings{}, err
		}
	}
	if in.EnrolmentThreshold != "" {
		if err := s.SetEnrolmentThreshold(ctx, in.EnrolmentThreshold); err != nil {
			return Settings{}, err
		}
	}
	return s.Settings(ctx)
}
