package safety

import (
	"context"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func ladderSteps(ctx context.Context, c db.Conn) ([]LadderStep, error) {
	rows, err := c.Query(ctx, `SELECT id, ladder, ordinal, kind, days_overdue, effective_from, effective_to, source FROM safety_ladder_steps ORDER BY ladder, ordinal, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LadderStep{}
	for rows.Next() {
		var s LadderStep
		if err := rows.Scan(&s.ID, &s.Ladder, &s.Ordinal, &s.Kind, &s.DaysOverdue, &s.EffectiveFrom.Date, &s.EffectiveTo.Date, &s.Source); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Ladder returns every step of the escalation ladder, in and out of force.
func (s *Service) Ladder(ctx context.Context) ([]LadderStep, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return ladderSteps(ctx, s.d.Read())
}

// LadderStepInput adds a rung; dates "YYYY-MM-DD".
type LadderStepInput struct {
	Ordinal       int    `json:"ordinal"`
	Kind          string `json:"kind"`
	DaysOverdue   int    `json:"days_overdue"`
	EffectiveFrom string `json:"effective_from"`
	EffectiveTo   string `json:"effective_to"`
	Source        string `json:"source"`
}

// AddLadderStep adds a rung to the default ladder (library keepers only).
// A rung is withdrawn by adding it again with an end date, never edited
// in place, so past escalations keep their rule.
func (s *Service) AddLadderStep(ctx context.Context, in LadderStepInput) (LadderStep, error) {
	if _, err := librarian(ctx); err != nil {
		return LadderStep{}, err
	}
	var out LadderStep
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		st := LadderStep{Ladder: "default", Ordinal: in.Ordinal, Kind: ActionKind(strings.TrimSpace(in.Kind)), DaysOverdue: in.DaysOverdue, Source: strings.TrimSpace(in.Source)}
		if !oneOf(st.Kind, ActionKinds()) {
			v.Add("kind", keyBadChoice)
		}
		if st.DaysOverdue < 1 {
			v.Add("days_overdue", "safety.ladder.days_min")
		}
		text(v, "source", st.Source, false, maxURL)
		st.EffectiveFrom = parseDay(v, "effective_from", in.EffectiveFrom, true)
		st.EffectiveTo = parseDay(v, "effective_to", in.EffectiveTo, false)
		if !st.EffectiveFrom.IsZero() && !st.EffectiveTo.IsZero() && st.EffectiveTo.Before(st.EffectiveFrom.Time) {
			v.Add("effective_to", KeyDateOrder)
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		if err := c.QueryRow(ctx, `INSERT INTO safety_ladder_steps (ladder, ordinal, kind, days_overdue, effective_from, effective_to, source) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			st.Ladder, st.Ordinal, string(st.Kind), st.DaysOverdue, st.EffectiveFrom.Date, nullDate(st.EffectiveTo), st.Source).Scan(&st.ID); err != nil {
			return audit.Change{}, err
		}
		out = st
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectLadderStep, ObjectID: idStr(st.ID), After: st}, nil
	})
	return out, err
}

// Escalate climbs the ladder for every overdue open hazard in the caller's
// scope: each rung reached and not yet taken becomes an open action on the
// hazard (so the hazard cannot close until the department has dealt with
// it). It returns the actions created. Run daily by a job, or by hand.
func (s *Service) Escalate(ctx context.Context) ([]Action, error) {
	p, err := regulator(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := []Action{}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		steps, err := ladderSteps(ctx, c)
		if err != nil {
			return err
		}
		overdue, _, err := listHazards(ctx, c, HazardFilter{Overdue: true, Limit: -1}, today)
		if err != nil {
			return err
		}
		for _, h := range overdue {
			for _, st := range StepsDue(steps, h.Deadline.Time, today) {
				a, err := s.escalateOne(ctx, c, p, h, st, today)
				if err != nil {
					return err
				}
				if a.ID != 0 {
					out = append(out, a)
				}
			}
		}
		return nil
	})
	return out, err
}

// escalateOne creates the action of rung st for hazard h unless it exists
// (checked first: on PostgreSQL a failed INSERT would end the transaction).
func (s *Service) escalateOne(ctx context.Context, c db.Conn, p *access.Principal, h Hazard, st LadderStep, today time.Time) (Action, error) {
	var n int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_actions WHERE hazard_id = ? AND ladder_step_id = ?`, h.ID, st.ID).Scan(&n); err != nil || n > 0 {
		return Action{}, err
	}
	var regulatorName string
	if err := c.QueryRow(ctx, `SELECT regulator FROM safety_enterprises WHERE id = ?`, h.EnterpriseID).Scan(&regulatorName); err != nil {
		return Action{}, err
	}
	id, err := insertAction(ctx, c, p.UserID, Action{EnterpriseID: h.EnterpriseID, OrgID: h.OrgID, DivisionCode: h.DivisionCode, HazardID: h.ID,
		LadderStepID: st.ID, Kind: st.Kind, DecidedOn: DateOf(today), Authority: regulatorName, Notes: "escalation"})
	if err != nil {
		return Action{}, err
	}
	a, err := getAction(ctx, c, id)
	if err != nil {
		return Action{}, err
	}
	// The note is the action kind's code; the page names it from the catalog.
	if err := addEvent(ctx, c, p, h.ID, "escalate", h.Status, h.Status, string(st.Kind)); err != nil {
		return Action{}, err
	}
	return a, audit.Write(ctx, c, audit.Change{Action: "escalate", ObjectType: ObjectAction, ObjectID: idStr(id), Division: a.DivisionCode, After: a})
}
