package parkstats

import (
	"context"
	"database/sql"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Figures carry their park's county, so a scoped list needs no join; the
// prefecture's own figures carry the prefecture's code, which a county
// scope does not cover.

const figureSelect = `SELECT f.id, COALESCE(f.park_id, 0), COALESCE(p.name, ''), f.division_code, f.period_kind, f.period,
	f.stat_scope, f.gross_output, f.added_value, f.revenue, f.tax, f.employment, f.land_mu, f.revision, f.is_current,
	f.note, f.illustrative, f.reporter, f.reported_at
	FROM parkstats_figures f LEFT JOIN registry_parks p ON p.id = f.park_id`

func scanFigure(sc interface{ Scan(...any) error }) (Figure, error) {
	var f Figure
	var g, a, r, t, e, l sql.NullInt64
	err := sc.Scan(&f.ID, &f.ParkID, &f.ParkName, &f.DivisionCode, &f.Kind, &f.Period, &f.Scope, &g, &a, &r, &t, &e, &l,
		&f.Revision, &f.Current, &f.Note, &f.Illustrative, &f.Reporter, &f.ReportedAt)
	amt := func(n sql.NullInt64) *Amount {
		if !n.Valid {
			return nil
		}
		v := Amount(n.Int64)
		return &v
	}
	f.GrossOutput, f.AddedValue, f.Revenue, f.Tax, f.LandMu = amt(g), amt(a), amt(r), amt(t), amt(l)
	if e.Valid {
		f.Employment = &e.Int64
	}
	f.ReportedAt = f.ReportedAt.UTC()
	return f, err
}

func queryFigures(ctx context.Context, c db.Conn, w *db.Where, order string) ([]Figure, error) {
	rows, err := c.Query(ctx, figureSelect+` WHERE `+w.SQL()+` ORDER BY `+order, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Figure{}
	for rows.Next() {
		f, err := scanFigure(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// parkFigures returns the visible current figures of one period, parks
// only (not the prefecture's own).
func parkFigures(ctx context.Context, c db.Conn, kind PeriodKind, period int) ([]Figure, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "f.division_code", "")
	w.Add("f.park_id IS NOT NULL")
	w.Add("f.period_kind = ? AND f.period = ? AND f.is_current = TRUE", string(kind), period)
	return queryFigures(ctx, c, w, "f.park_id")
}

// prefectureFigure returns the prefecture's current figure for a period
// whatever the caller's scope: it is the published denominator of every
// park's share, not a record of anyone's jurisdiction. Reading it still
// needs the module permission.
func prefectureFigure(ctx context.Context, c db.Conn, code string, kind PeriodKind, period int) (*Figure, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	w := &db.Where{}
	w.Add("f.park_id IS NULL AND f.division_code = ?", code)
	w.Add("f.period_kind = ? AND f.period = ? AND f.is_current = TRUE", string(kind), period)
	fs, err := queryFigures(ctx, c, w, "f.id")
	if err != nil || len(fs) == 0 {
		return nil, err
	}
	return &fs[0], nil
}

// figureHistory returns every revision of a park's (parkID 0: the
// prefecture's) figures for one period, newest first; a park outside the
// caller's scope has none.
func figureHistory(ctx context.Context, c db.Conn, parkID int64, division string, kind PeriodKind, period int) ([]Figure, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := &db.Where{}
	if parkID != 0 {
		w = db.Scoped(pr.Scope, "f.division_code", "")
		w.Add("f.park_id = ?", parkID)
	} else {
		w.Add("f.park_id IS NULL AND f.division_code = ?", division)
	}
	w.Add("f.period_kind = ? AND f.period = ?", string(kind), period)
	return queryFigures(ctx, c, w, "f.revision DESC")
}

// parkSeries returns a visible park's current figures of one kind, oldest
// period first.
func parkSeries(ctx context.Context, c db.Conn, parkID int64, kind PeriodKind) ([]Figure, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "f.division_code", "")
	w.Add("f.park_id = ? AND f.period_kind = ? AND f.is_current = TRUE", parkID, string(kind))
	return queryFigures(ctx, c, w, "f.period")
}

// insertFigure stores f as the next revision of its park and period and
// makes it current. The caller has checked scope.
func insertFigure(ctx context.Context, c db.Conn, f Figure) (Figure, error) {
	var prev int
	err := c.QueryRow(ctx, `SELECT COALESCE(MAX(revision), 0) FROM parkstats_figures
		WHERE division_code = ? AND COALESCE(park_id, 0) = ? AND period_kind = ? AND period = ?`,
		f.DivisionCode, f.ParkID, string(f.Kind), f.Period).Scan(&prev)
	if err != nil {
		return f, err
	}
	if prev > 0 {
		if _, err := c.Exec(ctx, `UPDATE parkstats_figures SET is_current = FALSE
			WHERE division_code = ? AND COALESCE(park_id, 0) = ? AND period_kind = ? AND period = ?`,
			f.DivisionCode, f.ParkID, string(f.Kind), f.Period); err != nil {
			return f, err
		}
	}
	f.Revision, f.Current = prev+1, true
	var id int64
	err = c.QueryRow(ctx, `INSERT INTO parkstats_figures (park_id, division_code, period_kind, period, stat_scope,
		gross_output, added_value, revenue, tax, employment, land_mu, revision, is_current, note, illustrative, reporter, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?) RETURNING id`,
		nullID(f.ParkID), f.DivisionCode, string(f.Kind), f.Period, string(f.Scope),
		nullAmt(f.GrossOutput), nullAmt(f.AddedValue), nullAmt(f.Revenue), nullAmt(f.Tax), nullInt(f.Employment), nullAmt(f.LandMu),
		f.Revision, f.Note, f.Illustrative, f.Reporter, f.ReportedAt).Scan(&id)
	if err != nil {
		return f, err
	}
	f.ID = id
	return f, nil
}

func getFigure(ctx context.Context, c db.Conn, id int64) (Figure, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Figure{}, err
	}
	w := db.Scoped(pr.Scope, "f.division_code", "")
	w.Add("f.id = ?", id)
	fs, err := queryFigures(ctx, c, w, "f.id")
	if err != nil {
		return Figure{}, err
	}
	if len(fs) == 0 {
		return Figure{}, errs.ErrNotFound
	}
	return fs[0], nil
}

func nullAmt(a *Amount) any {
	if a == nil {
		return nil
	}
	return int64(*a)
}

func nullInt(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}
