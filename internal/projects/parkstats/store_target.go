package parkstats

import (
	"context"
	"database/sql"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Targets are scoped by the county they carry.

const targetSelect = `SELECT t.id, COALESCE(t.park_id, 0), COALESCE(p.name, ''), t.division_code, t.name, t.target_value,
	COALESCE(t.base_year, 0), t.due_year, t.source, t.illustrative, t.created_at, t.updated_at
	FROM parkstats_targets t LEFT JOIN registry_parks p ON p.id = t.park_id`

func scanTarget(sc interface{ Scan(...any) error }) (Target, error) {
	var t Target
	err := sc.Scan(&t.ID, &t.ParkID, &t.ParkName, &t.DivisionCode, &t.Name, &t.TargetValue, &t.BaseYear, &t.DueYear, &t.Source,
		&t.Illustrative, &t.CreatedAt, &t.UpdatedAt)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

func getTarget(ctx context.Context, c db.Conn, id int64) (Target, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Target{}, err
	}
	w := db.Scoped(pr.Scope, "t.division_code", "")
	w.Add("t.id = ?", id)
	t, err := scanTarget(c.QueryRow(ctx, targetSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.ErrNotFound
	}
	return t, err
}

func listTargets(ctx context.Context, c db.Conn) ([]Target, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "t.division_code", "")
	rows, err := c.Query(ctx, targetSelect+` WHERE `+w.SQL()+` ORDER BY t.due_year, t.division_code, t.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Target{}
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func insertTarget(ctx context.Context, c db.Conn, t Target) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO parkstats_targets (park_id, division_code, name, target_value, base_year, due_year, source, illustrative, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, nullID(t.ParkID), t.DivisionCode, t.Name, int64(t.TargetValue), nullID(int64(t.BaseYear)),
		t.DueYear, t.Source, t.Illustrative, t.UpdatedAt, t.UpdatedAt).Scan(&id)
	return id, err
}

func updateTarget(ctx context.Context, c db.Conn, t Target) error {
	_, err := c.Exec(ctx, `UPDATE parkstats_targets SET park_id = ?, division_code = ?, name = ?, target_value = ?, base_year = ?, due_year = ?,
		source = ?, illustrative = ?, updated_at = ? WHERE id = ?`, nullID(t.ParkID), t.DivisionCode, t.Name, int64(t.TargetValue),
		nullID(int64(t.BaseYear)), t.DueYear, t.Source, t.Illustrative, t.UpdatedAt, t.ID)
	return err
}

// progress returns a target's progress entries, newest first. The caller
// has already fetched the target within scope.
func progress(ctx context.Context, c db.Conn, targetID int64) ([]Progress, error) {
	rows, err := c.Query(ctx, `SELECT id, target_id, as_of, actual, note, illustrative, reporter, reported_at
		FROM parkstats_target_progress WHERE target_id = ? ORDER BY as_of DESC`, targetID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Progress{}
	for rows.Next() {
		var p Progress
		if err := rows.Scan(&p.ID, &p.TargetID, &p.AsOf.Date, &p.Actual, &p.Note, &p.Illustrative, &p.Reporter, &p.ReportedAt); err != nil {
			return nil, err
		}
		p.ReportedAt = p.ReportedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// upsertProgress records the actual as of a day, replacing an earlier
// entry for the same day; it returns the replaced entry, if any.
func upsertProgress(ctx context.Context, c db.Conn, p Progress) (*Progress, int64, error) {
	var before *Progress
	old, err := progress(ctx, c, p.TargetID)
	if err != nil {
		return nil, 0, err
	}
	for i := range old {
		if old[i].AsOf.Equal(p.AsOf.Time) {
			before = &old[i]
		}
	}
	if before != nil {
		if _, err := c.Exec(ctx, `DELETE FROM parkstats_target_progress WHERE id = ?`, before.ID); err != nil {
			return nil, 0, err
		}
	}
	var id int64
	err = c.QueryRow(ctx, `INSERT INTO parkstats_target_progress (target_id, as_of, actual, note, illustrative, reporter, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.TargetID, p.AsOf.Date, int64(p.Actual), p.Note, p.Illustrative, p.Reporter, p.ReportedAt).Scan(&id)
	return before, id, err
}
