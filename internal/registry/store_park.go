package registry

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Parks are scoped by their county: a county user sees the parks of its
// county, an enterprise user none (parks have no organisation column; an
// enterprise sees its own park's name on its organisation record).

const parkSelect = `SELECT p.id, p.name, p.short_name, p.level, p.kind, p.division_code, COALESCE(dv.name, ''),
	p.committee, p.area_km2, p.established, p.notes, p.illustrative, p.created_at, p.updated_at
	FROM registry_parks p LEFT JOIN registry_divisions dv ON dv.code = p.division_code`

func scanPark(sc interface{ Scan(...any) error }) (Park, error) {
	var p Park
	var area sql.NullFloat64
	err := sc.Scan(&p.ID, &p.Name, &p.ShortName, &p.Level, &p.Kind, &p.DivisionCode, &p.DivisionName,
		&p.Committee, &area, &p.Established, &p.Notes, &p.Illustrative, &p.CreatedAt, &p.UpdatedAt)
	if area.Valid {
		p.AreaKm2 = &area.Float64
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func getPark(ctx context.Context, c db.Conn, id int64) (Park, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Park{}, err
	}
	w := db.Scoped(pr.Scope, "p.division_code", "")
	w.Add("p.id = ?", id)
	p, err := scanPark(c.QueryRow(ctx, parkSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return Park{}, errs.ErrNotFound
	}
	return p, err
}

func parkConds(pr *access.Principal, f ParkFilter) *db.Where {
	w := db.Scoped(pr.Scope, "p.division_code", "")
	w.Search(f.Q, "p.name", "p.short_name", "p.committee")
	w.UnderDivision("p.division_code", f.DivisionCode)
	if f.Level != "" {
		w.Add("p.level = ?", f.Level)
	}
	if f.Kind != "" {
		w.Add("p.kind = ?", f.Kind)
	}
	return w
}

func listParks(ctx context.Context, c db.Conn, f ParkFilter) ([]Park, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := parkConds(pr, f)
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_parks p WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, parkSelect+` WHERE `+w.SQL()+` ORDER BY p.division_code, p.id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Park{}
	for rows.Next() {
		p, err := scanPark(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// parkNameTaken looks across the whole prefecture: park names are unique
// everywhere, whoever can see the other park.
func parkNameTaken(ctx context.Context, c db.Conn, name string, except int64) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_parks WHERE name = ? AND id <> ?`, name, except).Scan(&n)
	return n > 0, err
}

func insertPark(ctx context.Context, c db.Conn, p Park) (int64, error) {
	pr, err := writer(ctx)
	if err != nil {
		return 0, err
	}
	if !pr.Scope.Covers(p.DivisionCode, 0) {
		return 0, access.ErrForbidden
	}
	now := time.Now().UTC()
	var id int64
	err = c.QueryRow(ctx, `INSERT INTO registry_parks (name, short_name, level, kind, division_code, committee, area_km2, established, notes, illustrative, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Name, p.ShortName, string(p.Level), string(p.Kind), p.DivisionCode, p.Committee, p.AreaKm2, p.Established.Date, p.Notes, p.Illustrative, now, now).Scan(&id)
	return id, err
}

// updatePark changes a park the principal can see, and only to a county
// the principal covers.
func updatePark(ctx context.Context, c db.Conn, p Park) error {
	pr, err := writer(ctx)
	if err != nil {
		return err
	}
	if !pr.Scope.Covers(p.DivisionCode, 0) {
		return access.ErrForbidden
	}
	w := db.Scoped(pr.Scope, "division_code", "")
	w.Add("id = ?", p.ID)
	args := append([]any{p.Name, p.ShortName, string(p.Level), string(p.Kind), p.DivisionCode, p.Committee, p.AreaKm2, p.Established.Date, p.Notes, p.Illustrative, time.Now().UTC()}, w.Args()...)
	res, err := c.Exec(ctx, `UPDATE registry_parks SET name = ?, short_name = ?, level = ?, kind = ?, division_code = ?, committee = ?, area_km2 = ?, established = ?, notes = ?, illustrative = ?, updated_at = ?
		WHERE `+w.SQL(), args...)
	return oneRow(res, err)
}

func deletePark(ctx context.Context, c db.Conn, id int64) error {
	pr, err := writer(ctx)
	if err != nil {
		return err
	}
	w := db.Scoped(pr.Scope, "division_code", "")
	w.Add("id = ?", id)
	res, err := c.Exec(ctx, `DELETE FROM registry_parks WHERE `+w.SQL(), w.Args()...)
	return oneRow(res, err)
}
