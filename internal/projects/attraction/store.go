package attraction

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Leads are scoped by county and, for enterprise users, by investor:
// scope.SQL("l.division_code", "l.investor_org_id") in every query.

const leadSelect = `SELECT l.id, l.name, l.investor_name, l.investor_province, l.ownership, COALESCE(l.investor_org_id, 0),
	COALESCE(l.cluster_id, 0), COALESCE(cl.name, ''), COALESCE(tx.version, ''), COALESCE(l.park_id, 0), COALESCE(pk.name, ''),
	l.division_code, COALESCE(dv.name, ''), l.planned_investment,
	CAST(COALESCE((SELECT SUM(s.counted) FROM attraction_signings s WHERE s.lead_id = l.id), 0) AS BIGINT),
	CAST(COALESCE((SELECT SUM(f.amount) FROM attraction_funds f WHERE f.lead_id = l.id), 0) AS BIGINT),
	(SELECT MIN(s.signed_on) FROM attraction_signings s WHERE s.lead_id = l.id),
	l.stage, l.stage_on, COALESCE(l.project_id, 0), l.exclusion, l.notes, l.illustrative, l.created_at, l.updated_at
	FROM attraction_leads l
	LEFT JOIN registry_clusters cl ON cl.id = l.cluster_id
	LEFT JOIN registry_taxonomies tx ON tx.id = cl.taxonomy_id
	LEFT JOIN registry_parks pk ON pk.id = l.park_id
	LEFT JOIN registry_divisions dv ON dv.code = l.division_code`

func scanLead(sc interface{ Scan(...any) error }) (Lead, error) {
	var l Lead
	err := sc.Scan(&l.ID, &l.Name, &l.InvestorName, &l.InvestorProvince, &l.Ownership, &l.InvestorOrgID,
		&l.ClusterID, &l.ClusterName, &l.TaxonomyVersion, &l.ParkID, &l.ParkName,
		&l.DivisionCode, &l.DivisionName, &l.Planned, &l.Contracted, &l.Arrived, &l.FirstSignedOn,
		&l.Stage, &l.StageOn, &l.ProjectID, &l.Exclusion, &l.Notes, &l.Illustrative, &l.CreatedAt, &l.UpdatedAt)
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return l, err
}

// getLead returns a lead within the caller's scope, else errs.ErrNotFound
// (a lead out of scope does not exist for the caller).
func getLead(ctx context.Context, c db.Conn, id int64) (Lead, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Lead{}, err
	}
	w := scoped(pr)
	w.add("l.id = ?", id)
	l, err := scanLead(c.QueryRow(ctx, leadSelect+` WHERE `+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Lead{}, errs.ErrNotFound
	}
	return l, err
}

func leadWhere(pr *access.Principal, f LeadFilter) *conds {
	w := scoped(pr)
	w.search(f.Q, "l.name", "l.investor_name")
	if f.Stage != "" {
		w.add("l.stage = ?", f.Stage)
	}
	if f.DivisionCode != "" {
		w.add("l.division_code LIKE ?", access.DivisionPrefix(f.DivisionCode)+"%")
	}
	if f.ParkID != 0 {
		w.add("l.park_id = ?", f.ParkID)
	}
	if f.ClusterID != 0 {
		w.add("l.cluster_id = ?", f.ClusterID)
	}
	return w
}

func listLeads(ctx context.Context, c db.Conn, f LeadFilter) ([]Lead, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := leadWhere(pr, f)
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM attraction_leads l WHERE `+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, leadSelect+` WHERE `+w.sql()+` ORDER BY l.stage_on DESC, l.id DESC`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Lead{}
	for rows.Next() {
		l, err := scanLead(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, l)
	}
	return out, total, rows.Err()
}

// stageCounts counts the leads in each stage under the filter (its stage
// ignored), for the pipeline's columns.
func stageCounts(ctx context.Context, c db.Conn, f LeadFilter) (map[Stage]int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	f.Stage = ""
	w := leadWhere(pr, f)
	rows, err := c.Query(ctx, `SELECT l.stage, COUNT(*) FROM attraction_leads l WHERE `+w.sql()+` GROUP BY l.stage`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[Stage]int{}
	for rows.Next() {
		var s Stage
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

func insertLead(ctx context.Context, c db.Conn, l Lead) (int64, error) {
	now := time.Now().UTC()
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO attraction_leads (name, investor_name, investor_province, ownership, investor_org_id,
		cluster_id, park_id, division_code, planned_investment, stage, stage_on, exclusion, notes, illustrative, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		l.Name, l.InvestorName, l.InvestorProvince, string(l.Ownership), nullID(l.InvestorOrgID), nullID(l.ClusterID),
		nullID(l.ParkID), l.DivisionCode, l.Planned, string(l.Stage), l.StageOn.Date, string(l.Exclusion), l.Notes, l.Illustrative,
		now, now).Scan(&id)
	return id, err
}

func updateLead(ctx context.Context, c db.Conn, l Lead) error {
	_, err := c.Exec(ctx, `UPDATE attraction_leads SET name = ?, investor_name = ?, investor_province = ?, ownership = ?,
		investor_org_id = ?, cluster_id = ?, park_id = ?, division_code = ?, planned_investment = ?, exclusion = ?, notes = ?,
		illustrative = ?, updated_at = ? WHERE id = ?`,
		l.Name, l.InvestorName, l.InvestorProvince, string(l.Ownership), nullID(l.InvestorOrgID), nullID(l.ClusterID),
		nullID(l.ParkID), l.DivisionCode, l.Planned, string(l.Exclusion), l.Notes, l.Illustrative, time.Now().UTC(), l.ID)
	return err
}

func insertStage(ctx context.Context, c db.Conn, pr *access.Principal, sc StageChange) error {
	now := time.Now().UTC()
	if _, err := c.Exec(ctx, `INSERT INTO attraction_stages (lead_id, stage, on_date, note, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, sc.LeadID, string(sc.Stage), sc.On.Date, sc.Note, pr.Username, now); err != nil {
		return err
	}
	_, err := c.Exec(ctx, `UPDATE attraction_leads SET stage = ?, stage_on = ?, updated_at = ? WHERE id = ?`,
		string(sc.Stage), sc.On.Date, now, sc.LeadID)
	return err
}

// history returns the stage history of leads (already scope-checked by
// the caller), oldest first.
func history(ctx context.Context, c db.Conn, ids []int64) (map[int64][]StageChange, error) {
	out := map[int64][]StageChange{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args := inList("lead_id", ids)
	rows, err := c.Query(ctx, `SELECT id, lead_id, stage, on_date, note, recorded_by, recorded_at FROM attraction_stages
		WHERE `+q+` ORDER BY lead_id, on_date, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s StageChange
		if err := rows.Scan(&s.ID, &s.LeadID, &s.Stage, &s.On, &s.Note, &s.By, &s.CreatedAt); err != nil {
			return nil, err
		}
		s.CreatedAt = s.CreatedAt.UTC()
		out[s.LeadID] = append(out[s.LeadID], s)
	}
	return out, rows.Err()
}

// signings returns the signings of leads (scope-checked by the caller) in
// date order.
func signings(ctx context.Context, c db.Conn, ids []int64) (map[int64][]Signing, error) {
	out := map[int64][]Signing{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args := inList("lead_id", ids)
	rows, err := c.Query(ctx, `SELECT id, lead_id, kind, signed_on, amount, counted, contract_no, notes, created_at
		FROM attraction_signings WHERE `+q+` ORDER BY lead_id, signed_on, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s Signing
		if err := rows.Scan(&s.ID, &s.LeadID, &s.Kind, &s.SignedOn, &s.Amount, &s.Counted, &s.ContractNo, &s.Notes, &s.CreatedAt); err != nil {
			return nil, err
		}
		s.CreatedAt = s.CreatedAt.UTC()
		out[s.LeadID] = append(out[s.LeadID], s)
	}
	return out, rows.Err()
}

func insertSigning(ctx context.Context, c db.Conn, s Signing) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO attraction_signings (lead_id, kind, signed_on, amount, counted, contract_no, notes, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.LeadID, string(s.Kind), s.SignedOn.Date, s.Amount, s.Counted,
		s.ContractNo, s.Notes, time.Now().UTC()).Scan(&id)
	return id, err
}

const fundSelect = `SELECT f.id, f.lead_id, l.name, l.division_code, f.arrived_on, f.amount, f.source_province, f.ownership,
	COALESCE(l.cluster_id, 0), COALESCE(cl.name, ''), f.official, f.notes, f.created_at
	FROM attraction_funds f JOIN attraction_leads l ON l.id = f.lead_id
	LEFT JOIN registry_clusters cl ON cl.id = l.cluster_id`

func scanFund(sc interface{ Scan(...any) error }) (Fund, error) {
	var f Fund
	err := sc.Scan(&f.ID, &f.LeadID, &f.LeadName, &f.DivisionCode, &f.ArrivedOn, &f.Amount, &f.SourceProvince, &f.Ownership,
		&f.ClusterID, &f.ClusterName, &f.Official, &f.Notes, &f.CreatedAt)
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

// listFunds returns ledger entries of leads in the caller's scope, newest
// first.
func listFunds(ctx context.Context, c db.Conn, ff FundFilter) ([]Fund, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(pr)
	if ff.LeadID != 0 {
		w.add("f.lead_id = ?", ff.LeadID)
	}
	if ff.Year != 0 {
		w.add("f.arrived_on >= ? AND f.arrived_on < ?", db.DateOf(time.Date(ff.Year, 1, 1, 0, 0, 0, 0, time.UTC)),
			db.DateOf(time.Date(ff.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)))
	}
	if ff.DivisionCode != "" {
		w.add("l.division_code LIKE ?", access.DivisionPrefix(ff.DivisionCode)+"%")
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM attraction_funds f JOIN attraction_leads l ON l.id = f.lead_id WHERE `+w.sql(),
		w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := page(ff.Limit, ff.Offset)
	rows, err := c.Query(ctx, fundSelect+` WHERE `+w.sql()+` ORDER BY f.arrived_on DESC, f.id DESC`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Fund{}
	for rows.Next() {
		f, err := scanFund(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, f)
	}
	return out, total, rows.Err()
}

func insertFund(ctx context.Context, c db.Conn, f Fund) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO attraction_funds (lead_id, arrived_on, amount, source_province, ownership, official, notes, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.LeadID, f.ArrivedOn.Date, f.Amount, f.SourceProvince, string(f.Ownership),
		f.Official, f.Notes, time.Now().UTC()).Scan(&id)
	return id, err
}

// setProject links a lead to its library project, once: false if another
// request linked it first.
func setProject(ctx context.Context, c db.Conn, leadID, projectID int64) (bool, error) {
	res, err := c.Exec(ctx, `UPDATE attraction_leads SET project_id = ?, updated_at = ? WHERE id = ? AND project_id IS NULL`,
		projectID, time.Now().UTC(), leadID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// leadOfProject returns the lead a library project came from.
func leadOfProject(ctx context.Context, c db.Conn, projectID int64) (Lead, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Lead{}, err
	}
	w := scoped(pr)
	w.add("l.project_id = ?", projectID)
	l, err := scanLead(c.QueryRow(ctx, leadSelect+` WHERE `+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Lead{}, errs.ErrNotFound
	}
	return l, err
}

func inList(col string, ids []int64) (string, []any) {
	q := col + " IN ("
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			q += ", "
		}
		q += "?"
		args[i] = id
	}
	return q + ")", args
}

func exists(ctx context.Context, c db.Conn, query string, args ...any) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM `+query, args...).Scan(&n)
	return n > 0, err
}

// parkDivision returns a park's county, ok false if unknown.
func parkDivision(ctx context.Context, c db.Conn, id int64) (string, bool, error) {
	var d string
	err := c.QueryRow(ctx, `SELECT division_code FROM registry_parks WHERE id = ?`, id).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return d, err == nil, err
}

// orgKind returns an organisation's kind, ok false if unknown.
func orgKind(ctx context.Context, c db.Conn, id int64) (string, bool, error) {
	var k string
	err := c.QueryRow(ctx, `SELECT kind FROM registry_orgs WHERE id = ?`, id).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return k, err == nil, err
}

func listCountRules(ctx context.Context, c db.Conn) ([]CountRule, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, `SELECT id, effective_from, floor, source, created_at FROM attraction_count_rules ORDER BY effective_from`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CountRule{}
	for rows.Next() {
		var r CountRule
		if err := rows.Scan(&r.ID, &r.EffectiveFrom, &r.Floor, &r.Source, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

func insertCountRule(ctx context.Context, c db.Conn, r CountRule) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO attraction_count_rules (effective_from, floor, source, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		r.EffectiveFrom.Date, r.Floor, r.Source, time.Now().UTC()).Scan(&id)
	return id, err
}
