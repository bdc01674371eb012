package safety

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Action is an enforcement or supervision action on an enterprise,
// optionally about one hazard (whose closure it then blocks until done).
type Action struct {
	ID           int64        `json:"id"`
	EnterpriseID int64        `json:"enterprise_id"`
	OrgID        int64        `json:"org_id"`
	OrgName      string       `json:"org_name"`
	DivisionCode string       `json:"division_code"`
	HazardID     int64        `json:"hazard_id"`
	LadderStepID int64        `json:"ladder_step_id"` // set when the escalation ladder created it
	CaseID       int64        `json:"case_id"`
	Kind         ActionKind   `json:"kind"`
	Status       ActionStatus `json:"status"`
	DecidedOn    Date         `json:"decided_on"`
	DueOn        Date         `json:"due_on"`
	DoneOn       Date         `json:"done_on"`
	FineFen      int64        `json:"fine_fen"`
	DocNo        string       `json:"doc_no"`
	Authority    string       `json:"authority"`
	Notes        string       `json:"notes"`
	Published    bool         `json:"published"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// ActionInput records an action; dates "YYYY-MM-DD".
type ActionInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	HazardID     int64  `json:"hazard_id"`
	CaseID       int64  `json:"case_id"`
	Kind         string `json:"kind"`
	DecidedOn    string `json:"decided_on"`
	DueOn        string `json:"due_on"`
	FineFen      int64  `json:"fine_fen"`
	DocNo        string `json:"doc_no"`
	Authority    string `json:"authority"`
	Notes        string `json:"notes"`
	Published    bool   `json:"published"`
}

// ActionFilter selects actions.
type ActionFilter struct {
	Kind          string
	Status        string
	HazardID      int64
	EnterpriseID  int64
	DivisionCode  string
	Published     bool
	Limit, Offset int
}

const actionSelect = `SELECT a.id, a.enterprise_id, a.org_id, o.name, a.division_code, COALESCE(a.hazard_id, 0), COALESCE(a.ladder_step_id, 0), COALESCE(a.case_id, 0),
	a.kind, a.status, a.decided_on, a.due_on, a.done_on, a.fine_fen, a.doc_no, a.authority, a.notes, a.published, a.created_at, a.updated_at
	FROM safety_actions a JOIN registry_orgs o ON o.id = a.org_id`

func scanAction(sc interface{ Scan(...any) error }) (Action, error) {
	var a Action
	err := sc.Scan(&a.ID, &a.EnterpriseID, &a.OrgID, &a.OrgName, &a.DivisionCode, &a.HazardID, &a.LadderStepID, &a.CaseID, &a.Kind, &a.Status,
		&a.DecidedOn.Date, &a.DueOn.Date, &a.DoneOn.Date, &a.FineFen, &a.DocNo, &a.Authority, &a.Notes, &a.Published, &a.CreatedAt, &a.UpdatedAt)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

func getAction(ctx context.Context, c db.Conn, id int64) (Action, error) {
	p, err := reader(ctx)
	if err != nil {
		return Action{}, err
	}
	w := scoped(p, "a.division_code", "a.org_id")
	w.add("a.id = ?", id)
	a, err := scanAction(c.QueryRow(ctx, actionSelect+` WHERE `+w.sql(), w.args...))
	return a, notFound(err)
}

// GetAction returns an action within the caller's scope.
func (s *Service) GetAction(ctx context.Context, id int64) (Action, error) {
	return getAction(ctx, s.d.Read(), id)
}

// ListActions returns the actions matching f within scope, newest first.
func (s *Service) ListActions(ctx context.Context, f ActionFilter) ([]Action, int, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := s.d.Read()
	w := scoped(p, "a.division_code", "a.org_id")
	w.underDivision("a.division_code", f.DivisionCode)
	if f.Kind != "" {
		w.add("a.kind = ?", f.Kind)
	}
	if f.Status != "" {
		w.add("a.status = ?", f.Status)
	}
	if f.HazardID != 0 {
		w.add("a.hazard_id = ?", f.HazardID)
	}
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	if f.Published {
		w.add("a.published = ?", true)
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_actions a WHERE `+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, actionSelect+` WHERE `+w.sql()+` ORDER BY a.decided_on DESC, a.id DESC`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Action{}
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// CreateAction records an action taken by a department on an enterprise it
// can see; an action about a hazard must concern that hazard's enterprise.
func (s *Service) CreateAction(ctx context.Context, in ActionInput) (Action, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Action{}, err
	}
	var out Action
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		kind := ActionKind(strings.TrimSpace(in.Kind))
		if !oneOf(kind, ActionKinds()) {
			v.Add("kind", keyBadChoice)
		}
		doc, auth, notes := strings.TrimSpace(in.DocNo), strings.TrimSpace(in.Authority), strings.TrimSpace(in.Notes)
		text(v, "doc_no", doc, false, maxName)
		text(v, "authority", auth, true, maxName)
		text(v, "notes", notes, false, maxNotes)
		decided := parseDay(v, "decided_on", in.DecidedOn, true)
		due := parseDay(v, "due_on", in.DueOn, false)
		if !decided.IsZero() && decided.After(s.today()) {
			v.Add("decided_on", "safety.date.future")
		}
		if !decided.IsZero() && !due.IsZero() && due.Before(decided.Time) {
			v.Add("due_on", KeyDateOrder)
		}
		switch {
		case in.FineFen < 0:
			v.Add("fine_fen", keyNegative)
		case kind == ActionFine && in.FineFen == 0:
			v.Add("fine_fen", keyRequired)
		case kind != ActionFine && in.FineFen != 0:
			v.Add("fine_fen", "safety.action.fine_only")
		}
		e, err := getEnterprise(ctx, c, in.EnterpriseID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("enterprise_id", "safety.enterprise.unknown")
		} else if err != nil {
			return audit.Change{}, err
		}
		if in.HazardID != 0 {
			h, err := getHazard(ctx, c, in.HazardID, s.today())
			switch {
			case errors.Is(err, errs.ErrNotFound):
				v.Add("hazard_id", "safety.hazard.unknown")
			case err != nil:
				return audit.Change{}, err
			case h.EnterpriseID != in.EnterpriseID:
				v.Add("hazard_id", "safety.action.other_enterprise")
			case !h.Status.Open():
				v.Add("hazard_id", KeyClosed)
			}
		}
		if in.CaseID != 0 {
			k, err := getCase(ctx, c, in.CaseID)
			switch {
			case errors.Is(err, errs.ErrNotFound):
				v.Add("case_id", "safety.case.unknown")
			case err != nil:
				return audit.Change{}, err
			case k.EnterpriseID != in.EnterpriseID:
				v.Add("case_id", "safety.action.other_enterprise")
			}
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		id, err := insertAction(ctx, c, p.UserID, Action{EnterpriseID: e.ID, OrgID: e.OrgID, DivisionCode: e.DivisionCode, HazardID: in.HazardID, CaseID: in.CaseID,
			Kind: kind, DecidedOn: decided, DueOn: due, FineFen: in.FineFen, DocNo: doc, Authority: auth, Notes: notes, Published: in.Published})
		if err != nil {
			return audit.Change{}, err
		}
		if out, err = getAction(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectAction, ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

func insertAction(ctx context.Context, c db.Conn, by int64, a Action) (int64, error) {
	now := time.Now().UTC()
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO safety_actions (enterprise_id, org_id, division_code, hazard_id, ladder_step_id, case_id, kind, status, decided_on, due_on,
		fine_fen, doc_no, authority, notes, published, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.EnterpriseID, a.OrgID, a.DivisionCode, nullID(a.HazardID), nullID(a.LadderStepID), nullID(a.CaseID), string(a.Kind), string(ActionOpen), a.DecidedOn.Date,
		nullDate(a.DueOn), a.FineFen, a.DocNo, a.Authority, a.Notes, a.Published, by, now, now).Scan(&id)
	return id, err
}

// CompleteAction marks an action done (办结) on day doneOn.
func (s *Service) CompleteAction(ctx context.Context, id int64, doneOn, note string) (Action, error) {
	if _, err := regulator(ctx); err != nil {
		return Action{}, err
	}
	var out Action
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getAction(ctx, c, id)
		if err != nil {
			return audit.Change{}, err
		}
		v := &errs.Validation{}
		done := parseDay(v, "done_on", doneOn, true)
		note = strings.TrimSpace(note)
		text(v, "note", note, false, maxNotes)
		switch {
		case before.Status == ActionDone:
			v.Add("status", "safety.action.already_done")
		case !done.IsZero() && done.Before(before.DecidedOn.Time):
			v.Add("done_on", KeyDateOrder)
		case !done.IsZero() && done.After(s.today()):
			v.Add("done_on", "safety.date.future")
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		notes := before.Notes
		if note != "" {
			notes = strings.TrimSpace(notes + "\n" + note)
		}
		if _, err := c.Exec(ctx, `UPDATE safety_actions SET status = ?, done_on = ?, notes = ?, updated_at = ? WHERE id = ?`,
			string(ActionDone), done.Date, notes, time.Now().UTC(), id); err != nil {
			return audit.Change{}, err
		}
		if out, err = getAction(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "complete", ObjectType: ObjectAction, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out}, nil
	})
	return out, err
}

// FineYuan is the fine in yuan, for pages.
func (a Action) FineYuan() string { return Yuan(a.FineFen) }
