package projects

import (
	"context"
	"database/sql"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
)

// The details of a project — stage history, phases, milestones, approvals
// — are reached only through a project the caller has already been shown
// (getProject applies the scope), so these functions take a project id
// that has passed that check.

func insertStage(ctx context.Context, c db.Conn, pr *access.Principal, sc StageChange) error {
	_, err := c.Exec(ctx, `INSERT INTO projects_stages (project_id, phase_id, stage, on_date, note, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, sc.ProjectID, nullID(sc.PhaseID), string(sc.Stage), sc.On.Date, sc.Note, pr.Username, time.Now().UTC())
	return err
}

// setStage moves the project's current stage (and its start month, the
// first time it breaks ground).
func setStage(ctx context.Context, c db.Conn, p Project) error {
	_, err := c.Exec(ctx, `UPDATE projects_projects SET stage = ?, stage_on = ?, start_month = ?, updated_at = ? WHERE id = ?`,
		string(p.Stage), p.StageOn.Date, nullMonth(p.StartMonth), time.Now().UTC(), p.ID)
	return err
}

func stageHistory(ctx context.Context, c db.Conn, projectID int64) ([]StageChange, error) {
	rows, err := c.Query(ctx, `SELECT id, project_id, COALESCE(phase_id, 0), stage, on_date, note, recorded_by, recorded_at
		FROM projects_stages WHERE project_id = ? ORDER BY on_date, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StageChange{}
	for rows.Next() {
		var s StageChange
		if err := rows.Scan(&s.ID, &s.ProjectID, &s.PhaseID, &s.Stage, &s.On, &s.Note, &s.RecordedBy, &s.RecordedAt); err != nil {
			return nil, err
		}
		s.RecordedAt = s.RecordedAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

func phases(ctx context.Context, c db.Conn, projectID int64) ([]Phase, error) {
	rows, err := c.Query(ctx, `SELECT id, project_id, seq, name, capacity, investment, notes FROM projects_phases
		WHERE project_id = ? ORDER BY seq`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Phase{}
	for rows.Next() {
		var p Phase
		if err := rows.Scan(&p.ID, &p.ProjectID, &p.Seq, &p.Name, &p.Capacity, &p.Investment, &p.Notes); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func milestones(ctx context.Context, c db.Conn, projectID int64) ([]Milestone, error) {
	rows, err := c.Query(ctx, `SELECT id, project_id, COALESCE(phase_id, 0), kind, name, planned, actual, notes
		FROM projects_milestones WHERE project_id = ? ORDER BY COALESCE(phase_id, 0), id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Milestone{}
	for rows.Next() {
		var m Milestone
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.PhaseID, &m.Kind, &m.Name, &m.Planned, &m.Actual, &m.Notes); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// approvals returns the whole checklist in the kinds' order, with the
// project's status where it has one and pending elsewhere.
func approvals(ctx context.Context, c db.Conn, projectID int64, lang string) ([]Approval, error) {
	nameCol := "k.name_zh"
	if lang == "en" {
		nameCol = "k.name_en"
	}
	rows, err := c.Query(ctx, `SELECT k.code, `+nameCol+`, COALESCE(a.status, 'pending'), COALESCE(a.doc_no, ''), a.obtained_on, COALESCE(a.notes, '')
		FROM projects_approval_kinds k LEFT JOIN projects_approvals a ON a.kind_code = k.code AND a.project_id = ?
		WHERE k.active = TRUE OR a.project_id IS NOT NULL ORDER BY k.sort_order, k.code`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Approval{}
	for rows.Next() {
		var a Approval
		if err := rows.Scan(&a.KindCode, &a.KindName, &a.Status, &a.DocNo, &a.ObtainedOn, &a.Notes); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func memberships(ctx context.Context, c db.Conn, projectID int64) ([]Membership, error) {
	rows, err := c.Query(ctx, `SELECT l.id, l.year, l.name, i.category, i.annual_plan, i.baseline_plan, i.removed
		FROM projects_list_items i JOIN projects_lists l ON l.id = i.list_id WHERE i.project_id = ? ORDER BY l.year DESC, l.id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Membership{}
	for rows.Next() {
		var m Membership
		var base sql.NullInt64
		if err := rows.Scan(&m.ListID, &m.Year, &m.ListName, &m.Category, &m.AnnualPlan, &base, &m.Removed); err != nil {
			return nil, err
		}
		if base.Valid {
			b := Amount(base.Int64)
			m.BaselinePlan = &b
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
