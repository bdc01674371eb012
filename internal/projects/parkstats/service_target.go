package parkstats

import (
	"context"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// withProgress fills a target's latest progress, history and percent.
func withProgress(ctx context.Context, c db.Conn, t *Target, history bool) error {
	ps, err := progress(ctx, c, t.ID)
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		t.Latest = &ps[0]
		if bp, met, ok := TargetProgress(int64(ps[0].Actual), int64(t.TargetValue)); ok {
			t.ProgressBP, t.Met = &bp, met
		}
	}
	if history {
		t.History = ps
	}
	return nil
}

// Targets returns the visible targets with their latest progress.
func (s *Service) Targets(ctx context.Context) ([]Target, error) {
	c := s.d.Read()
	ts, err := listTargets(ctx, c)
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if err := withProgress(ctx, c, &ts[i], false); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// GetTarget returns a visible target with its whole progress history.
func (s *Service) GetTarget(ctx context.Context, id int64) (Target, error) {
	c := s.d.Read()
	t, err := getTarget(ctx, c, id)
	if err != nil {
		return t, err
	}
	return t, withProgress(ctx, c, &t, true)
}

func (s *Service) checkTarget(ctx context.Context, pr *access.Principal, in TargetInput, id int64) (Target, error) {
	v := &errs.Validation{}
	t := Target{ID: id, ParkID: in.ParkID, Name: trim(in.Name), BaseYear: in.BaseYear, DueYear: in.DueYear, Source: trim(in.Source),
		Illustrative: in.Illustrative, UpdatedAt: s.now().UTC()}
	text(v, "name", t.Name, true, maxName)
	text(v, "source", t.Source, false, maxNotes)
	t.TargetValue = reqAmount(v, "target_value", in.TargetValue, true)
	if !v.Has("target_value") && t.TargetValue == 0 {
		v.Add("target_value", keyBadNum)
	}
	if !validYear(t.DueYear) {
		v.Add("due_year", keyBadYear)
	}
	if t.BaseYear != 0 && (!validYear(t.BaseYear) || t.BaseYear > t.DueYear) {
		v.Add("base_year", keyBadYear)
	}
	if t.ParkID != 0 {
		p, err := s.park(ctx, "park_id", t.ParkID)
		if ve, ok := errs.AsValidation(err); ok {
			v.Fields = append(v.Fields, ve.Fields...)
		} else if err != nil {
			return t, err
		}
		t.ParkName, t.DivisionCode = p.Name, p.DivisionCode
	} else {
		t.DivisionCode = trim(in.DivisionCode)
		if _, err := s.reg.GetDivision(ctx, t.DivisionCode); errors.Is(err, errs.ErrNotFound) {
			v.Add("division_code", keyDivUnknown)
		} else if err != nil {
			return t, err
		}
	}
	if t.DivisionCode != "" && !pr.Scope.CoversDivision(t.DivisionCode) {
		v.Add("division_code", keyDivUnknown)
	}
	return t, v.Err()
}

// CreateTarget sets a target for a park or a division the caller covers.
func (s *Service) CreateTarget(ctx context.Context, in TargetInput) (Target, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Target{}, err
	}
	t, err := s.checkTarget(ctx, pr, in, 0)
	if err != nil {
		return t, err
	}
	var out Target
	err = s.d.Tx(ctx, func(c db.Conn) error {
		id, err := insertTarget(ctx, c, t)
		if err != nil {
			return err
		}
		if out, err = getTarget(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectTarget, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
	})
	return out, err
}

// UpdateTarget changes a visible target.
func (s *Service) UpdateTarget(ctx context.Context, id int64, in TargetInput) (Target, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Target{}, err
	}
	var out Target
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getTarget(ctx, c, id)
		if err != nil {
			return err
		}
		t, err := s.checkTarget(ctx, pr, in, id)
		if err != nil {
			return err
		}
		if err := updateTarget(ctx, c, t); err != nil {
			return err
		}
		if out, err = getTarget(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectTarget, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// RecordProgress records a target's actual figure as of a day (not in the
// future); a second entry for the same day corrects the first.
func (s *Service) RecordProgress(ctx context.Context, targetID int64, in ProgressInput) (Target, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Target{}, err
	}
	v := &errs.Validation{}
	p := Progress{TargetID: targetID, Note: trim(in.Note), Illustrative: in.Illustrative, Reporter: pr.Username, ReportedAt: s.now().UTC()}
	d, derr := db.ParseDate(trim(in.AsOf))
	switch {
	case derr != nil:
		v.Add("as_of", keyBadDate)
	case d.After(s.today()):
		v.Add("as_of", keyFuturePeriod)
	}
	p.AsOf = Date{Date: d}
	p.Actual = reqAmount(v, "actual", in.Actual, true)
	text(v, "note", p.Note, false, maxNotes)
	var out Target
	err = s.d.Tx(ctx, func(c db.Conn) error {
		t, err := getTarget(ctx, c, targetID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before, id, err := upsertProgress(ctx, c, p)
		if err != nil {
			return err
		}
		p.ID = id
		ch := audit.Change{Action: audit.ActionCreate, ObjectType: ObjectProgress, ObjectID: idStr(id), Division: t.DivisionCode, After: p}
		if before != nil {
			ch.Action, ch.Before = "correct", before
		}
		if err := audit.Write(ctx, c, ch); err != nil {
			return err
		}
		out = t
		return withProgress(ctx, c, &out, true)
	})
	return out, err
}
