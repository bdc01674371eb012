package registry

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Divisions are reference data: every principal that may read the registry
// reads all of them (a county user still needs the names of the others);
// only the administrator writes them.

const divisionCols = `code, name, level, COALESCE(parent_code, ''), created_at, updated_at`

func scanDivision(sc interface{ Scan(...any) error }) (Division, error) {
	var d Division
	err := sc.Scan(&d.Code, &d.Name, &d.Level, &d.ParentCode, &d.CreatedAt, &d.UpdatedAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

func getDivision(ctx context.Context, c db.Conn, code string) (Division, error) {
	if _, err := reader(ctx); err != nil {
		return Division{}, err
	}
	d, err := scanDivision(c.QueryRow(ctx, `SELECT `+divisionCols+` FROM registry_divisions WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Division{}, errs.ErrNotFound
	}
	return d, err
}

func listDivisions(ctx context.Context, c db.Conn, f DivisionFilter) ([]Division, int, error) {
	if _, err := reader(ctx); err != nil {
		return nil, 0, err
	}
	w := &db.Where{}
	w.Search(f.Q, "code", "name")
	if f.Level != "" {
		w.Add("level = ?", f.Level)
	}
	if f.Parent != "" {
		w.Add("parent_code = ?", f.Parent)
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_divisions WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, `SELECT `+divisionCols+` FROM registry_divisions WHERE `+w.SQL()+` ORDER BY code`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Division{}
	for rows.Next() {
		d, err := scanDivision(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

func divisionExists(ctx context.Context, c db.Conn, code string) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_divisions WHERE code = ?`, code).Scan(&n)
	return n > 0, err
}

func insertDivision(ctx context.Context, c db.Conn, d Division) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	now := time.Now().UTC()
	_, err := c.Exec(ctx, `INSERT INTO registry_divisions (code, name, level, parent_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		d.Code, d.Name, string(d.Level), nullText(d.ParentCode), now, now)
	return err
}

func updateDivision(ctx context.Context, c db.Conn, d Division) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `UPDATE registry_divisions SET name = ?, level = ?, parent_code = ?, updated_at = ? WHERE code = ?`,
		d.Name, string(d.Level), nullText(d.ParentCode), time.Now().UTC(), d.Code)
	return oneRow(res, err)
}

func deleteDivision(ctx context.Context, c db.Conn, code string) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `DELETE FROM registry_divisions WHERE code = ?`, code)
	return oneRow(res, err)
}

// oneRow turns "no row changed" into not found: the row is gone, or the
// scope condition of the statement excluded it.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.ErrNotFound
	}
	return nil
}
