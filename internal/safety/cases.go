package safety

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Enforcement cases (执法案件): an enterprise's actions grouped under one
// case, and typical cases published in batches (典型执法案例, "一批") on a
// public page with a summary written for publication — the internal
// notes are never published.

// Case is one enforcement case.
type Case struct {
	ID           int64     `json:"id"`
	EnterpriseID int64     `json:"enterprise_id"`
	OrgName      string    `json:"org_name"`
	DivisionCode string    `json:"division_code"`
	DivisionName string    `json:"division_name"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"` // the text that is published
	OpenedOn     Date      `json:"opened_on"`
	Published    bool      `json:"published"`
	Batch        string    `json:"batch"`
	PublishedOn  Date      `json:"published_on"`
	Actions      []string  `json:"actions"` // kinds of its actions
	CreatedAt    time.Time `json:"created_at"`
}

// CaseInput opens a case.
type CaseInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Title        string `json:"title"`
	Summary      string `json:"summary"`
	OpenedOn     string `json:"opened_on"`
}

// PublishInput publishes cases as one batch.
type PublishInput struct {
	CaseIDs     []int64 `json:"case_ids"`
	Batch       string  `json:"batch"`
	PublishedOn string  `json:"published_on"`
}

const caseSelect = `SELECT k.id, k.enterprise_id, o.name, k.division_code, COALESCE(dv.name, ''), k.title, k.summary, k.opened_on, k.published, k.batch,
	k.published_on, k.created_at FROM safety_cases k JOIN registry_orgs o ON o.id = k.org_id LEFT JOIN registry_divisions dv ON dv.code = k.division_code`

func scanCase(sc interface{ Scan(...any) error }) (Case, error) {
	var k Case
	err := sc.Scan(&k.ID, &k.EnterpriseID, &k.OrgName, &k.DivisionCode, &k.DivisionName, &k.Title, &k.Summary, &k.OpenedOn.Date, &k.Published, &k.Batch,
		&k.PublishedOn.Date, &k.CreatedAt)
	k.CreatedAt = k.CreatedAt.UTC()
	k.Actions = []string{}
	return k, err
}

func getCase(ctx context.Context, c db.Conn, id int64) (Case, error) {
	p, err := reader(ctx)
	if err != nil {
		return Case{}, err
	}
	w := scoped(p, "k.division_code", "k.org_id")
	w.add("k.id = ?", id)
	k, err := scanCase(c.QueryRow(ctx, caseSelect+` WHERE `+w.sql(), w.args...))
	if err != nil {
		return k, notFound(err)
	}
	return k, caseActions(ctx, c, []*Case{&k})
}

func caseActions(ctx context.Context, c db.Conn, ks []*Case) error {
	for _, k := range ks {
		rows, err := c.Query(ctx, `SELECT kind FROM safety_actions WHERE case_id = ? ORDER BY decided_on, id`, k.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var kind string
			if err := rows.Scan(&kind); err != nil {
				rows.Close()
				return err
			}
			k.Actions = append(k.Actions, kind)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// GetCase returns a case within scope.
func (s *Service) GetCase(ctx context.Context, id int64) (Case, error) {
	return getCase(ctx, s.d.Read(), id)
}

// CreateCase opens a case on an enterprise the regulator can see.
func (s *Service) CreateCase(ctx context.Context, in CaseInput) (Case, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Case{}, err
	}
	var out Case
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		title, summary := strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
		text(v, "title", title, true, maxName)
		text(v, "summary", summary, false, maxText)
		on := parseDay(v, "opened_on", in.OpenedOn, true)
		if !on.IsZero() && on.After(s.today()) {
			v.Add("opened_on", "safety.date.future")
		}
		e, err := getEnterprise(ctx, c, in.EnterpriseID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("enterprise_id", "safety.enterprise.unknown")
		} else if err != nil {
			return audit.Change{}, err
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		now := time.Now().UTC()
		var id int64
		if err := c.QueryRow(ctx, `INSERT INTO safety_cases (enterprise_id, org_id, division_code, title, summary, opened_on, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ID, e.OrgID, e.DivisionCode, title, summary, on.Date, p.UserID, now, now).Scan(&id); err != nil {
			return audit.Change{}, err
		}
		if out, err = getCase(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: "safety.case", ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// PublishCases publishes cases the caller can see as one batch (e.g.
// "2026年第1批"). Every case needs a summary for publication and at least
// one action; a case is published once. Field inspectors do not publish.
func (s *Service) PublishCases(ctx context.Context, in PublishInput) ([]Case, error) {
	if _, err := creditKeeper(ctx); err != nil {
		return nil, err
	}
	var out []Case
	err := s.d.Tx(ctx, func(c db.Conn) error {
		v := &errs.Validation{}
		batch := strings.TrimSpace(in.Batch)
		text(v, "batch", batch, true, maxName)
		on := parseDay(v, "published_on", in.PublishedOn, true)
		if len(in.CaseIDs) == 0 {
			v.Add("case_ids", keyRequired)
		}
		var cases []Case
		for _, id := range in.CaseIDs {
			k, err := getCase(ctx, c, id)
			switch {
			case errors.Is(err, errs.ErrNotFound):
				v.Add("case_ids", "safety.case.unknown")
				continue
			case err != nil:
				return err
			case k.Published:
				v.Add("case_ids", "safety.case.already_published", k.Title)
			case k.Summary == "":
				v.Add("case_ids", "safety.case.summary_required", k.Title)
			case len(k.Actions) == 0:
				v.Add("case_ids", "safety.case.no_actions", k.Title)
			case !on.IsZero() && on.Before(k.OpenedOn.Time):
				v.Add("published_on", KeyDateOrder)
			}
			cases = append(cases, k)
		}
		if err := v.Err(); err != nil {
			return err
		}
		for _, k := range cases {
			if _, err := c.Exec(ctx, `UPDATE safety_cases SET published = ?, batch = ?, published_on = ?, updated_at = ? WHERE id = ?`,
				true, batch, on.Date, time.Now().UTC(), k.ID); err != nil {
				return err
			}
			after, err := getCase(ctx, c, k.ID)
			if err != nil {
				return err
			}
			out = append(out, after)
			if err := audit.Write(ctx, c, audit.Change{Action: "publish", ObjectType: "safety.case", ObjectID: idStr(k.ID), Division: k.DivisionCode, Before: k, After: after}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PublishedCases lists the published typical cases, newest batch first,
// for the public page: no principal is needed, and only published fields
// (enterprise, county, title, summary, batch, action kinds) are returned.
func (s *Service) PublishedCases(ctx context.Context, limit int) ([]Case, error) {
	ctx = access.With(ctx, access.System("public case list"))
	c := s.d.Read()
	lim, args := page(limit, 0)
	rows, err := c.Query(ctx, caseSelect+` WHERE k.published = ? ORDER BY k.published_on DESC, k.id DESC`+lim, append([]any{true}, args...)...)
	if err != nil {
		return nil, err
	}
	var out []Case
	for rows.Next() {
		k, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*Case, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, caseActions(ctx, c, ptrs)
}
