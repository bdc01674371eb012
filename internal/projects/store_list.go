package projects

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// List headers (year, name, issuer) are visible to every reader of the
// module: a county must see the prefecture's list to find its projects in
// it. The items are scoped by their project. Changing a list needs a scope
// covering the list's division.

const listSelect = `SELECT l.id, l.year, l.name, l.issuer, l.division_code, COALESCE(l.rule_set_id, 0), COALESCE(l.curve_id, 0),
	l.adopted_at, l.adopted_by, l.notes, l.created_at, l.updated_at FROM projects_lists l`

func scanList(sc interface{ Scan(...any) error }) (AnnualList, error) {
	var l AnnualList
	var adopted sql.NullTime
	err := sc.Scan(&l.ID, &l.Year, &l.Name, &l.Issuer, &l.DivisionCode, &l.RuleSetID, &l.CurveID, &adopted, &l.AdoptedBy,
		&l.Notes, &l.CreatedAt, &l.UpdatedAt)
	if adopted.Valid {
		l.AdoptedAt = adopted.Time.UTC()
	}
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return l, err
}

func getList(ctx context.Context, c db.Conn, id int64) (AnnualList, error) {
	pr, err := reader(ctx)
	if err != nil {
		return AnnualList{}, err
	}
	l, err := scanList(c.QueryRow(ctx, listSelect+` WHERE l.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return AnnualList{}, errs.ErrNotFound
	}
	if err != nil {
		return l, err
	}
	w := db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
	w.Add("i.list_id = ? AND i.removed = FALSE", id)
	err = c.QueryRow(ctx, `SELECT COUNT(*) FROM projects_list_items i JOIN projects_projects p ON p.id = i.project_id WHERE `+w.SQL(), w.Args()...).Scan(&l.Items)
	return l, err
}

func listLists(ctx context.Context, c db.Conn, year int) ([]AnnualList, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	q, args := listSelect+` ORDER BY l.year DESC, l.division_code, l.id`, []any{}
	if year != 0 {
		q, args = listSelect+` WHERE l.year = ? ORDER BY l.division_code, l.id`, []any{year}
	}
	rows, err := c.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AnnualList{}
	for rows.Next() {
		l, err := scanList(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// listEditable returns the list if the caller may change it.
func listEditable(ctx context.Context, c db.Conn, id int64) (*access.Principal, AnnualList, error) {
	pr, err := editor(ctx)
	if err != nil {
		return nil, AnnualList{}, err
	}
	l, err := getList(ctx, c, id)
	if err != nil {
		return nil, l, err
	}
	if !pr.Scope.CoversDivision(l.DivisionCode) {
		return nil, l, access.ErrForbidden
	}
	return pr, l, nil
}

func insertList(ctx context.Context, c db.Conn, l AnnualList) (int64, error) {
	now := time.Now().UTC()
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO projects_lists (year, name, issuer, division_code, rule_set_id, curve_id, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, l.Year, l.Name, l.Issuer, l.DivisionCode, nullID(l.RuleSetID),
		nullID(l.CurveID), l.Notes, now, now).Scan(&id)
	return id, err
}

const itemSelect = `SELECT i.list_id, i.project_id, p.name, i.category, i.annual_plan, COALESCE(i.planned_start_month, 0),
	i.in_baseline, i.baseline_plan, i.removed
	FROM projects_list_items i JOIN projects_projects p ON p.id = i.project_id`

// items returns a list's items the caller may see, with monthly plans.
func items(ctx context.Context, c db.Conn, listID int64, projectID int64, withRemoved bool) ([]ListItem, error) {
	return itemsOf(ctx, c, listID, projectID, withRemoved, true)
}

// itemsOf is items, with the monthly plans only if withMonths (the
// dispatch table does not show SPI, and 12 rows a project add up).
func itemsOf(ctx context.Context, c db.Conn, listID int64, projectID int64, withRemoved, withMonths bool) ([]ListItem, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
	w.Add("i.list_id = ?", listID)
	if projectID != 0 {
		w.Add("i.project_id = ?", projectID)
	}
	if !withRemoved {
		w.Add("i.removed = FALSE")
	}
	rows, err := c.Query(ctx, itemSelect+` WHERE `+w.SQL()+` ORDER BY p.division_code, p.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ListItem{}
	idx := map[int64]int{}
	for rows.Next() {
		var it ListItem
		var base sql.NullInt64
		if err := rows.Scan(&it.ListID, &it.ProjectID, &it.ProjectName, &it.Category, &it.AnnualPlan, &it.PlannedStart,
			&it.InBaseline, &base, &it.Removed); err != nil {
			return nil, err
		}
		if base.Valid {
			b := Amount(base.Int64)
			it.BaselinePlan = &b
		}
		it.Monthly, it.BaselineMonthly = []Amount{}, []Amount{}
		idx[it.ProjectID] = len(out)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if !withMonths {
		return out, nil
	}
	q := `SELECT project_id, month, plan, baseline FROM projects_item_months WHERE list_id = ?`
	args := []any{listID}
	if projectID != 0 {
		q += ` AND project_id = ?`
		args = append(args, projectID)
	}
	mrows, err := c.Query(ctx, q+` ORDER BY project_id, month`, args...)
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var pid int64
		var m int
		var plan, base sql.NullInt64
		if err := mrows.Scan(&pid, &m, &plan, &base); err != nil {
			return nil, err
		}
		i, ok := idx[pid]
		if !ok {
			continue // outside the caller's scope
		}
		it := &out[i]
		if plan.Valid {
			it.Monthly = append(it.Monthly, Amount(plan.Int64))
		}
		if base.Valid {
			it.BaselineMonthly = append(it.BaselineMonthly, Amount(base.Int64))
		}
	}
	return out, mrows.Err()
}

func saveItem(ctx context.Context, c db.Conn, it ListItem, monthly []Amount) error {
	if _, err := c.Exec(ctx, `DELETE FROM projects_item_months WHERE list_id = ? AND project_id = ?`, it.ListID, it.ProjectID); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `UPDATE projects_list_items SET category = ?, annual_plan = ?, planned_start_month = ?, removed = FALSE
		WHERE list_id = ? AND project_id = ?`, string(it.Category), int64(it.AnnualPlan), nullMonth(it.PlannedStart), it.ListID, it.ProjectID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := c.Exec(ctx, `INSERT INTO projects_list_items (list_id, project_id, category, annual_plan, planned_start_month, in_baseline, added_at)
			VALUES (?, ?, ?, ?, ?, FALSE, ?)`, it.ListID, it.ProjectID, string(it.Category), int64(it.AnnualPlan), nullMonth(it.PlannedStart), time.Now().UTC()); err != nil {
			return err
		}
	}
	// The frozen baseline of a re-planned item stays with it, with or
	// without a new monthly plan.
	n := len(monthly)
	if it.InBaseline {
		n = max(n, len(it.BaselineMonthly))
	}
	for i := 0; i < n; i++ {
		var plan, base any
		if i < len(monthly) {
			plan = int64(monthly[i])
		}
		if it.InBaseline && i < len(it.BaselineMonthly) {
			base = int64(it.BaselineMonthly[i])
		}
		if _, err := c.Exec(ctx, `INSERT INTO projects_item_months (list_id, project_id, month, plan, baseline) VALUES (?, ?, ?, ?, ?)`,
			it.ListID, it.ProjectID, i+1, plan, base); err != nil {
			return err
		}
	}
	return nil
}

func insertChange(ctx context.Context, c db.Conn, pr *access.Principal, ch ListChange) error {
	_, err := c.Exec(ctx, `INSERT INTO projects_list_changes (list_id, project_id, kind, reason, before_json, after_json, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ch.ListID, ch.ProjectID, ch.Kind, ch.Reason, ch.Before, ch.After, pr.Username, time.Now().UTC())
	return err
}

func listChanges(ctx context.Context, c db.Conn, listID int64) ([]ListChange, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
	w.Add("ch.list_id = ?", listID)
	rows, err := c.Query(ctx, `SELECT ch.id, ch.list_id, ch.project_id, ch.kind, ch.reason, ch.before_json, ch.after_json, ch.changed_by, ch.changed_at
		FROM projects_list_changes ch JOIN projects_projects p ON p.id = ch.project_id WHERE `+w.SQL()+` ORDER BY ch.changed_at, ch.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ListChange{}
	for rows.Next() {
		var ch ListChange
		if err := rows.Scan(&ch.ID, &ch.ListID, &ch.ProjectID, &ch.Kind, &ch.Reason, &ch.Before, &ch.After, &ch.ChangedBy, &ch.ChangedAt); err != nil {
			return nil, err
		}
		ch.ChangedAt = ch.ChangedAt.UTC()
		out = append(out, ch)
	}
	return out, rows.Err()
}
