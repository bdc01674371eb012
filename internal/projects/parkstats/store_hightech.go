package parkstats

import (
	"context"
	"database/sql"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Certificates are scoped by the county and organisation they carry:
// county staff see their county's, an enterprise its own.

const certSelect = `SELECT h.id, h.org_id, COALESCE(o.name, ''), COALESCE(h.park_id, 0), COALESCE(p.name, ''), h.division_code,
	h.cert_no, h.issued_on, h.expires_on, h.notes, h.illustrative, h.created_at, h.updated_at
	FROM parkstats_hightech h LEFT JOIN registry_orgs o ON o.id = h.org_id LEFT JOIN registry_parks p ON p.id = h.park_id`

func scanCert(sc interface{ Scan(...any) error }) (Certificate, error) {
	var c Certificate
	err := sc.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.ParkID, &c.ParkName, &c.DivisionCode, &c.CertNo, &c.IssuedOn.Date, &c.ExpiresOn.Date,
		&c.Notes, &c.Illustrative, &c.CreatedAt, &c.UpdatedAt)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

func getCert(ctx context.Context, c db.Conn, id int64) (Certificate, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Certificate{}, err
	}
	w := db.Scoped(pr.Scope, "h.division_code", "h.org_id")
	w.Add("h.id = ?", id)
	out, err := scanCert(c.QueryRow(ctx, certSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return out, errs.ErrNotFound
	}
	return out, err
}

func certConds(ctx context.Context, f CertFilter) (*db.Where, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "h.division_code", "h.org_id")
	w.Search(f.Q, "h.cert_no", "o.name")
	if f.ParkID != 0 {
		w.Add("h.park_id = ?", f.ParkID)
	}
	if f.ValidOn != "" {
		d, err := db.ParseDate(f.ValidOn)
		if err != nil {
			return nil, errs.Invalid("valid_on", keyBadDate)
		}
		// Both bounds inclusive, as Period.ValidOn (hightech.go).
		w.Add("h.issued_on <= ? AND h.expires_on >= ?", d, d)
	}
	return w, nil
}

func listCerts(ctx context.Context, c db.Conn, f CertFilter) ([]Certificate, int, error) {
	w, err := certConds(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM parkstats_hightech h LEFT JOIN registry_orgs o ON o.id = h.org_id WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, certSelect+` WHERE `+w.SQL()+` ORDER BY h.division_code, h.park_id, h.issued_on, h.id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Certificate{}
	for rows.Next() {
		x, err := scanCert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// countValid counts certificates valid on day per park (park 0: not in a
// park) within the prefecture prefix, whatever the caller's scope: counts
// are the published aggregate every park's share divides by, and reveal
// no record.
func countValid(ctx context.Context, c db.Conn, prefix string, day db.Date) (map[int64]int, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, `SELECT COALESCE(park_id, 0), COUNT(*) FROM parkstats_hightech
		WHERE division_code LIKE ? AND issued_on <= ? AND expires_on >= ? GROUP BY COALESCE(park_id, 0)`, prefix+"%", day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var park int64
		var n int
		if err := rows.Scan(&park, &n); err != nil {
			return nil, err
		}
		out[park] = n
	}
	return out, rows.Err()
}

func insertCert(ctx context.Context, c db.Conn, x Certificate) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO parkstats_hightech (org_id, park_id, division_code, cert_no, issued_on, expires_on, notes, illustrative, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.OrgID, nullID(x.ParkID), x.DivisionCode, x.CertNo, x.IssuedOn.Date, x.ExpiresOn.Date,
		x.Notes, x.Illustrative, x.CreatedAt, x.UpdatedAt).Scan(&id)
	return id, err
}

func updateCert(ctx context.Context, c db.Conn, x Certificate) error {
	_, err := c.Exec(ctx, `UPDATE parkstats_hightech SET org_id = ?, park_id = ?, division_code = ?, cert_no = ?, issued_on = ?, expires_on = ?,
		notes = ?, illustrative = ?, updated_at = ? WHERE id = ?`, x.OrgID, nullID(x.ParkID), x.DivisionCode, x.CertNo, x.IssuedOn.Date, x.ExpiresOn.Date,
		x.Notes, x.Illustrative, x.UpdatedAt, x.ID)
	return err
}

func deleteCert(ctx context.Context, c db.Conn, id int64) error {
	_, err := c.Exec(ctx, `DELETE FROM parkstats_hightech WHERE id = ?`, id)
	return err
}

// setting reads an integer setting.
func intSetting(ctx context.Context, c db.Conn, key string, def int) (int, error) {
	var v string
	err := c.QueryRow(ctx, `SELECT value FROM parkstats_settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return def, err
	}
	n := 0
	for _, r := range v {
		if r < '0' || r > '9' {
			return def, nil
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}
