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

// People are scoped by their division and, for enterprise users, by their
// organisation: scope.SQL("pp.division_code", "pp.org_id").

const personSelect = `SELECT pp.id, pp.name, pp.title, COALESCE(pp.org_id, 0), COALESCE(o.name, ''), pp.division_code, COALESCE(dv.name, ''),
	pp.phone, pp.role_note, pp.notes, pp.illustrative, pp.created_at, pp.updated_at
	FROM registry_people pp
	LEFT JOIN registry_orgs o ON o.id = pp.org_id
	LEFT JOIN registry_divisions dv ON dv.code = pp.division_code`

func scanPerson(sc interface{ Scan(...any) error }) (Person, error) {
	var p Person
	err := sc.Scan(&p.ID, &p.Name, &p.Title, &p.OrgID, &p.OrgName, &p.DivisionCode, &p.DivisionName,
		&p.Phone, &p.RoleNote, &p.Notes, &p.Illustrative, &p.CreatedAt, &p.UpdatedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func getPerson(ctx context.Context, c db.Conn, id int64) (Person, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Person{}, err
	}
	w := db.Scoped(pr.Scope, "pp.division_code", "pp.org_id")
	w.Add("pp.id = ?", id)
	p, err := scanPerson(c.QueryRow(ctx, personSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, errs.ErrNotFound
	}
	return p, err
}

func personConds(pr *access.Principal, f PersonFilter) *db.Where {
	w := db.Scoped(pr.Scope, "pp.division_code", "pp.org_id")
	w.Search(f.Q, "pp.name", "pp.title", "pp.phone", "pp.role_note")
	w.UnderDivision("pp.division_code", f.DivisionCode)
	if f.OrgID != 0 {
		w.Add("pp.org_id = ?", f.OrgID)
	}
	return w
}

func listPeople(ctx context.Context, c db.Conn, f PersonFilter) ([]Person, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := personConds(pr, f)
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_people pp WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, personSelect+` WHERE `+w.SQL()+` ORDER BY pp.division_code, pp.id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

func insertPerson(ctx context.Context, c db.Conn, p Person) (int64, error) {
	pr, err := writer(ctx)
	if err != nil {
		return 0, err
	}
	if !pr.Scope.Covers(p.DivisionCode, p.OrgID) {
		return 0, access.ErrForbidden
	}
	now := time.Now().UTC()
	var id int64
	err = c.QueryRow(ctx, `INSERT INTO registry_people (name, title, org_id, division_code, phone, role_note, notes, illustrative, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Name, p.Title, nullID(p.OrgID), p.DivisionCode, p.Phone, p.RoleNote, p.Notes, p.Illustrative, now, now).Scan(&id)
	return id, err
}

func updatePerson(ctx context.Context, c db.Conn, p Person) error {
	pr, err := writer(ctx)
	if err != nil {
		return err
	}
	if !pr.Scope.Covers(p.DivisionCode, p.OrgID) {
		return access.ErrForbidden
	}
	w := db.Scoped(pr.Scope, "division_code", "org_id")
	w.Add("id = ?", p.ID)
	args := append([]any{p.Name, p.Title, nullID(p.OrgID), p.DivisionCode, p.Phone, p.RoleNote, p.Notes, p.Illustrative, time.Now().UTC()}, w.Args()...)
	res, err := c.Exec(ctx, `UPDATE registry_people SET name = ?, title = ?, org_id = ?, division_code = ?, phone = ?, role_note = ?, notes = ?, illustrative = ?, updated_at = ?
		WHERE `+w.SQL(), args...)
	return oneRow(res, err)
}

func deletePerson(ctx context.Context, c db.Conn, id int64) error {
	pr, err := writer(ctx)
	if err != nil {
		return err
	}
	w := db.Scoped(pr.Scope, "division_code", "org_id")
	w.Add("id = ?", id)
	res, err := c.Exec(ctx, `DELETE FROM registry_people WHERE `+w.SQL(), w.Args()...)
	return oneRow(res, err)
}

// counts returns the overview figures within the principal's scope.
func counts(ctx context.Context, c db.Conn) (Counts, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Counts{}, err
	}
	var n Counts
	q := func(dst *int, sql string, w *db.Where) error {
		return c.QueryRow(ctx, sql+` WHERE `+w.SQL(), w.Args()...).Scan(dst)
	}
	if err := q(&n.Divisions, `SELECT COUNT(*) FROM registry_divisions`, &db.Where{}); err != nil {
		return n, err
	}
	if err := q(&n.Parks, `SELECT COUNT(*) FROM registry_parks p`, db.Scoped(pr.Scope, "p.division_code", "")); err != nil {
		return n, err
	}
	if err := q(&n.Organisations, `SELECT COUNT(*) FROM registry_orgs o`, db.Scoped(pr.Scope, "o.division_code", "o.id")); err != nil {
		return n, err
	}
	ent := db.Scoped(pr.Scope, "o.division_code", "o.id")
	ent.Add("o.kind = ?", string(OrgEnterprise))
	if err := q(&n.Enterprises, `SELECT COUNT(*) FROM registry_orgs o`, ent); err != nil {
		return n, err
	}
	if err := q(&n.Taxonomies, `SELECT COUNT(*) FROM registry_taxonomies`, &db.Where{}); err != nil {
		return n, err
	}
	err = q(&n.People, `SELECT COUNT(*) FROM registry_people pp`, db.Scoped(pr.Scope, "pp.division_code", "pp.org_id"))
	return n, err
}
