package parkstats

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Sheets are prefecture-wide reference data, readable by anyone with the
// module; inputs and results are scoped by county and organisation.

const sheetSelect = `SELECT id, year, population, version, name, method, exempt_grade, lines, bands, source, illustrative, created_at FROM parkstats_mj_sheets`

func scanSheet(sc interface{ Scan(...any) error }) (Sheet, error) {
	var s Sheet
	var lines, bands string
	if err := sc.Scan(&s.ID, &s.Year, &s.Population, &s.Version, &s.Name, &s.Method, &s.ExemptGrade, &lines, &bands, &s.Source, &s.Illustrative, &s.CreatedAt); err != nil {
		return s, err
	}
	s.CreatedAt = s.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(lines), &s.Lines); err != nil {
		return s, err
	}
	return s, json.Unmarshal([]byte(bands), &s.Bands)
}

func getSheet(ctx context.Context, c db.Conn, id int64) (Sheet, error) {
	if _, err := reader(ctx); err != nil {
		return Sheet{}, err
	}
	s, err := scanSheet(c.QueryRow(ctx, sheetSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.ErrNotFound
	}
	return s, err
}

func listSheets(ctx context.Context, c db.Conn, year int) ([]Sheet, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	w := &db.Where{}
	if year != 0 {
		w.Add("year = ?", year)
	}
	rows, err := c.Query(ctx, sheetSelect+` WHERE `+w.SQL()+` ORDER BY year DESC, population, version DESC`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Sheet{}
	for rows.Next() {
		s, err := scanSheet(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func insertSheet(ctx context.Context, c db.Conn, s Sheet) (int64, error) {
	lines, _ := json.Marshal(s.Lines)
	bands, _ := json.Marshal(s.Bands)
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO parkstats_mj_sheets (year, population, version, name, method, exempt_grade, lines, bands, source, illustrative, created_at)
		VALUES (?, ?, (SELECT COALESCE(MAX(version), 0) + 1 FROM parkstats_mj_sheets WHERE year = ? AND population = ?), ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.Year, string(s.Population), s.Year, string(s.Population), s.Name, string(s.Method), s.ExemptGrade, string(lines), string(bands),
		s.Source, s.Illustrative, s.CreatedAt).Scan(&id)
	return id, err
}

const mjSelect = `SELECT m.id, m.org_id, COALESCE(o.name, ''), COALESCE(m.park_id, 0), COALESCE(p.name, ''), m.division_code, m.year, m.population,
	m.tax, m.added_value, m.revenue, m.rd, m.land_mu, m.energy_tce, m.emission_t, m.electricity, m.employees, m.exempt, m.illustrative, m.updated_at
	FROM parkstats_mj_inputs m LEFT JOIN registry_orgs o ON o.id = m.org_id LEFT JOIN registry_parks p ON p.id = m.park_id`

func scanMJ(sc interface{ Scan(...any) error }) (MJRecord, error) {
	var m MJRecord
	err := sc.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.ParkID, &m.ParkName, &m.DivisionCode, &m.Year, &m.Population,
		&m.Tax, &m.AddedValue, &m.Revenue, &m.RD, &m.LandMu, &m.EnergyTce, &m.EmissionT, &m.Electricity, &m.Employees, &m.Exempt, &m.Illustrative, &m.UpdatedAt)
	m.UpdatedAt = m.UpdatedAt.UTC()
	return m, err
}

// listMJ returns the visible inputs of a year (population "" for both).
// The evaluation calls it as the unrestricted bureau, so it sees all.
func listMJ(ctx context.Context, c db.Conn, year int, pop Population) ([]MJRecord, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "m.division_code", "m.org_id")
	w.Add("m.year = ?", year)
	if pop != "" {
		w.Add("m.population = ?", string(pop))
	}
	rows, err := c.Query(ctx, mjSelect+` WHERE `+w.SQL()+` ORDER BY m.division_code, m.org_id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []MJRecord{}
	for rows.Next() {
		m, err := scanMJ(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func getMJ(ctx context.Context, c db.Conn, orgID int64, year int) (MJRecord, error) {
	pr, err := reader(ctx)
	if err != nil {
		return MJRecord{}, err
	}
	w := db.Scoped(pr.Scope, "m.division_code", "m.org_id")
	w.Add("m.org_id = ? AND m.year = ?", orgID, year)
	m, err := scanMJ(c.QueryRow(ctx, mjSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, errs.ErrNotFound
	}
	return m, err
}

// upsertMJ replaces an enterprise's figures for a year.
func upsertMJ(ctx context.Context, c db.Conn, m MJRecord) error {
	if _, err := c.Exec(ctx, `DELETE FROM parkstats_mj_inputs WHERE org_id = ? AND year = ?`, m.OrgID, m.Year); err != nil {
		return err
	}
	_, err := c.Exec(ctx, `INSERT INTO parkstats_mj_inputs (org_id, park_id, division_code, year, population, tax, added_value, revenue, rd,
		land_mu, energy_tce, emission_t, electricity, employees, exempt, illustrative, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.OrgID, nullID(m.ParkID), m.DivisionCode, m.Year, string(m.Population), int64(m.Tax), int64(m.AddedValue), int64(m.Revenue), int64(m.RD),
		int64(m.LandMu), int64(m.EnergyTce), int64(m.EmissionT), int64(m.Electricity), m.Employees, m.Exempt, m.Illustrative, m.UpdatedAt)
	return err
}

const resultSelect = `SELECT r.sheet_id, r.org_id, COALESCE(o.name, ''), COALESCE(r.park_id, 0), COALESCE(p.name, ''), r.division_code,
	r.score, r.rank_no, r.grade, r.exempt, r.evaluated_at
	FROM parkstats_mj_results r LEFT JOIN registry_orgs o ON o.id = r.org_id LEFT JOIN registry_parks p ON p.id = r.park_id`

func listResults(ctx context.Context, c db.Conn, sheetID int64) ([]Result, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "r.division_code", "r.org_id")
	w.Add("r.sheet_id = ?", sheetID)
	rows, err := c.Query(ctx, resultSelect+` WHERE `+w.SQL()+` ORDER BY r.exempt, r.score DESC, r.org_id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Result{}
	for rows.Next() {
		var r Result
		if err := rows.Scan(&r.SheetID, &r.OrgID, &r.OrgName, &r.ParkID, &r.ParkName, &r.DivisionCode, &r.Score, &r.Rank, &r.Grade, &r.Exempt, &r.EvaluatedAt); err != nil {
			return nil, err
		}
		r.EvaluatedAt = r.EvaluatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// replaceResults stores a sheet's results, dropping its earlier ones.
func replaceResults(ctx context.Context, c db.Conn, sheetID int64, rs []Result) error {
	if _, err := c.Exec(ctx, `DELETE FROM parkstats_mj_results WHERE sheet_id = ?`, sheetID); err != nil {
		return err
	}
	for _, r := range rs {
		if _, err := c.Exec(ctx, `INSERT INTO parkstats_mj_results (sheet_id, org_id, park_id, division_code, score, rank_no, grade, exempt, evaluated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sheetID, r.OrgID, nullID(r.ParkID), r.DivisionCode, int64(r.Score), r.Rank, r.Grade, r.Exempt, r.EvaluatedAt); err != nil {
			return err
		}
	}
	return nil
}
