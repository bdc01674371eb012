package safety

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Dishonesty is an entry of the statutory serious-dishonesty list
// (严重失信主体名单, 令11号), kept apart from any 红黑榜.
type Dishonesty struct {
	ID            int64  `json:"id"`
	OrgID         int64  `json:"org_id"`
	OrgName       string `json:"org_name"`
	DivisionCode  string `json:"division_code"`
	PolicyCode    string `json:"policy_code"`
	SituationCode string `json:"situation_code"`
	SituationText string `json:"situation_text"`
	DecisionNo    string `json:"decision_no"`
	Authority     string `json:"authority"`
	DecidedOn     Date   `json:"decided_on"`
	PublishedOn   Date   `json:"published_on"`
	// EndsOn is the last day on the list; the entry leaves by itself after.
	EndsOn           Date   `json:"ends_on"`
	RemovedOn        Date   `json:"removed_on"`
	RemovalReason    string `json:"removal_reason"`
	EarlyRemovalFrom Date   `json:"early_removal_from"` // zero: the regime allows none
	OnList           bool   `json:"on_list"`            // against the service's today
	Notes            string `json:"notes"`
}

// DishonestyInput lists an enterprise; dates "YYYY-MM-DD".
type DishonestyInput struct {
	OrgID         int64  `json:"org_id"`
	SituationCode string `json:"situation_code"`
	DecisionNo    string `json:"decision_no"`
	Authority     string `json:"authority"`
	DecidedOn     string `json:"decided_on"`
	PublishedOn   string `json:"published_on"`
	Notes         string `json:"notes"`
}

// CreditSituation is one listing situation of a regime.
type CreditSituation struct {
	ID         int64  `json:"id"`
	PolicyCode string `json:"policy_code"`
	Code       string `json:"code"`
	Text       string `json:"text"`
	Tag        string `json:"tag"`
}

// creditKeeper returns the acting principal if it decides listings: the
// emergency management bureaus at county level and above ("谁处罚、谁决定"),
// not field inspectors.
func creditKeeper(ctx context.Context) (*access.Principal, error) {
	p, err := regulator(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role == access.RoleInspector {
		return nil, access.ErrForbidden
	}
	return p, nil
}

func creditPolicies(ctx context.Context, c db.Conn) ([]CreditPolicy, error) {
	rows, err := c.Query(ctx, `SELECT id, code, name, months, early_removal_months, sectors, effective_from, effective_to, source FROM safety_credit_policies ORDER BY effective_from`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CreditPolicy{}
	for rows.Next() {
		var p CreditPolicy
		var sectors string
		if err := rows.Scan(&p.ID, &p.Code, &p.Name, &p.Months, &p.EarlyRemovalMonths, &sectors, &p.EffectiveFrom.Date, &p.EffectiveTo.Date, &p.Source); err != nil {
			return nil, err
		}
		p.Sectors = strings.Split(sectors, ",")
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreditPolicies lists the regimes of the list.
func (s *Service) CreditPolicies(ctx context.Context) ([]CreditPolicy, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return creditPolicies(ctx, s.d.Read())
}

// CreditSituations lists the listing situations of every regime.
func (s *Service) CreditSituations(ctx context.Context) ([]CreditSituation, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	rows, err := s.d.Read().Query(ctx, `SELECT cs.id, p.code, cs.code, cs.text, cs.tag FROM safety_credit_situations cs JOIN safety_credit_policies p ON p.id = cs.policy_id ORDER BY p.effective_from, cs.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CreditSituation{}
	for rows.Next() {
		var x CreditSituation
		if err := rows.Scan(&x.ID, &x.PolicyCode, &x.Code, &x.Text, &x.Tag); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

const dishonestySelect = `SELECT d.id, d.org_id, o.name, d.division_code, p.code, cs.code, cs.text, d.decision_no, d.authority, d.decided_on,
	d.published_on, d.ends_on, d.removed_on, d.removal_reason, d.notes, p.months, p.early_removal_months
	FROM safety_dishonesty d
	JOIN registry_orgs o ON o.id = d.org_id
	JOIN safety_credit_policies p ON p.id = d.policy_id
	JOIN safety_credit_situations cs ON cs.id = d.situation_id`

func scanDishonesty(sc interface{ Scan(...any) error }, today time.Time) (Dishonesty, error) {
	var x Dishonesty
	var pol CreditPolicy
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.DivisionCode, &x.PolicyCode, &x.SituationCode, &x.SituationText, &x.DecisionNo, &x.Authority,
		&x.DecidedOn.Date, &x.PublishedOn.Date, &x.EndsOn.Date, &x.RemovedOn.Date, &x.RemovalReason, &x.Notes, &pol.Months, &pol.EarlyRemovalMonths)
	if err != nil {
		return x, err
	}
	if from, ok := EarlyRemovalFrom(pol, x.PublishedOn.Time); ok {
		x.EarlyRemovalFrom = DateOf(from)
	}
	x.OnList = OnList(pol, x.PublishedOn.Time, x.RemovedOn.Time, today)
	return x, nil
}

// ListDishonesty returns the entries within the caller's scope; current
// keeps those on the list today.
func (s *Service) ListDishonesty(ctx context.Context, current bool) ([]Dishonesty, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	w := scoped(p, "d.division_code", "d.org_id")
	if current {
		w.add("d.published_on <= ? AND d.ends_on >= ? AND (d.removed_on IS NULL OR d.removed_on > ?)", db.DateOf(today), db.DateOf(today), db.DateOf(today))
	}
	rows, err := s.d.Read().Query(ctx, dishonestySelect+` WHERE `+w.sql()+` ORDER BY d.published_on DESC, d.id DESC`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Dishonesty{}
	for rows.Next() {
		x, err := scanDishonesty(rows, today)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func getDishonesty(ctx context.Context, c db.Conn, id int64, today time.Time) (Dishonesty, error) {
	p, err := reader(ctx)
	if err != nil {
		return Dishonesty{}, err
	}
	w := scoped(p, "d.division_code", "d.org_id")
	w.add("d.id = ?", id)
	x, err := scanDishonesty(c.QueryRow(ctx, dishonestySelect+` WHERE `+w.sql(), w.args...), today)
	return x, notFound(err)
}

// AddDishonesty lists an enterprise under the regime in force on the day
// of the decision, for one of that regime's situations; the end of the
// listing follows from the regime (令11号: 3 years).
func (s *Service) AddDishonesty(ctx context.Context, in DishonestyInput) (Dishonesty, error) {
	p, err := creditKeeper(ctx)
	if err != nil {
		return Dishonesty{}, err
	}
	var out Dishonesty
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		no, auth, notes := strings.TrimSpace(in.DecisionNo), strings.TrimSpace(in.Authority), strings.TrimSpace(in.Notes)
		text(v, "decision_no", no, true, maxName)
		text(v, "authority", auth, true, maxName)
		text(v, "notes", notes, false, maxNotes)
		decided := parseDay(v, "decided_on", in.DecidedOn, true)
		published := parseDay(v, "published_on", in.PublishedOn, true)
		if !decided.IsZero() && !published.IsZero() && published.Before(decided.Time) {
			v.Add("published_on", KeyDateOrder)
		}
		if !decided.IsZero() && decided.After(s.today()) {
			v.Add("decided_on", "safety.date.future")
		}
		org, err := visibleOrg(ctx, c, p, in.OrgID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("org_id", "safety.org.unknown")
		} else if err != nil {
			return audit.Change{}, err
		}
		var pol CreditPolicy
		var situationID int64
		if !decided.IsZero() {
			pols, err := creditPolicies(ctx, c)
			if err != nil {
				return audit.Change{}, err
			}
			var ok bool
			if pol, ok = PolicyFor(pols, decided.Time); !ok {
				v.Add("decided_on", "safety.credit.no_policy")
			} else {
				err := c.QueryRow(ctx, `SELECT id FROM safety_credit_situations WHERE policy_id = ? AND code = ?`, pol.ID, strings.TrimSpace(in.SituationCode)).Scan(&situationID)
				if errors.Is(err, sql.ErrNoRows) {
					v.Add("situation_code", "safety.credit.situation_unknown")
				} else if err != nil {
					return audit.Change{}, err
				}
				var sector string
				err = c.QueryRow(ctx, `SELECT sector FROM safety_enterprises WHERE org_id = ?`, in.OrgID).Scan(&sector)
				switch {
				case errors.Is(err, sql.ErrNoRows):
					if !v.Has("org_id") {
						v.Add("org_id", "safety.enterprise.unknown")
					}
				case err != nil:
					return audit.Change{}, err
				case !pol.Covers(sector):
					v.Add("org_id", "safety.credit.sector_not_covered")
				}
			}
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		ends := DateOf(ListingEnds(pol, published.Time))
		now := time.Now().UTC()
		var id int64
		if err := c.QueryRow(ctx, `INSERT INTO safety_dishonesty (org_id, division_code, policy_id, situation_id, decision_no, authority, decided_on, published_on, ends_on, notes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, org.ID, org.DivisionCode, pol.ID, situationID, no, auth, decided.Date, published.Date, ends.Date, notes, now, now).Scan(&id); err != nil {
			return audit.Change{}, err
		}
		if out, err = getDishonesty(ctx, c, id, s.today()); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectDishonesty, ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// RemoveDishonestyEarly takes an entry off the list after a successful
// credit repair (信用修复), no earlier than the regime allows.
func (s *Service) RemoveDishonestyEarly(ctx context.Context, id int64, removedOn, reason string) (Dishonesty, error) {
	if _, err := creditKeeper(ctx); err != nil {
		return Dishonesty{}, err
	}
	var out Dishonesty
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getDishonesty(ctx, c, id, s.today())
		if err != nil {
			return audit.Change{}, err
		}
		v := &errs.Validation{}
		reason = strings.TrimSpace(reason)
		text(v, "reason", reason, true, maxText)
		on := parseDay(v, "removed_on", removedOn, true)
		switch {
		case !before.OnList || !before.RemovedOn.IsZero():
			v.Add("status", "safety.credit.not_listed")
		case before.EarlyRemovalFrom.IsZero():
			v.Add("removed_on", "safety.credit.no_early_removal")
		case !on.IsZero() && on.Before(before.EarlyRemovalFrom.Time):
			v.Add("removed_on", "safety.credit.too_early", before.EarlyRemovalFrom.String())
		case !on.IsZero() && on.After(s.today()):
			v.Add("removed_on", "safety.date.future")
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		if _, err := c.Exec(ctx, `UPDATE safety_dishonesty SET removed_on = ?, removal_reason = ?, updated_at = ? WHERE id = ?`, on.Date, reason, time.Now().UTC(), id); err != nil {
			return audit.Change{}, err
		}
		if out, err = getDishonesty(ctx, c, id, s.today()); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "remove_early", ObjectType: ObjectDishonesty, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out}, nil
	})
	return out, err
}
