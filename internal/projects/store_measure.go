package projects

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// yearData is what the measures of one list item need for a year: the
// current reports' monthly figures and everything completed before.
type yearData struct {
	physical [12]Amount
	stats    [12]Amount
	pct      [12]int // -1: not reported
	reported [12]bool
	before   Amount // current reports of earlier years
}

// reportData loads the current reports of the visible projects of a list
// for the year of m, months up to m, and — when withBefore — each
// project's total of earlier years (only the cumulative-since-start figure
// needs it; the dispatch table and the lights do not, so they read one
// year of rows however long the history). projectID 0 means every item.
func reportData(ctx context.Context, c db.Conn, listID, projectID int64, m Month, withBefore bool) (map[int64]*yearData, error) {
	out := map[int64]*yearData{}
	get := func(id int64) *yearData {
		d, ok := out[id]
		if !ok {
			d = &yearData{}
			for i := range d.pct {
				d.pct[i] = -1
			}
			out[id] = d
		}
		return d
	}
	first := MonthOf(m.Year(), time.January)
	filter, args := "", []any{listID}
	if projectID != 0 {
		filter, args = " AND i.project_id = ?", append(args, projectID)
	}
	if !withBefore {
		return out, yearRows(ctx, c, filter, args, first, m, get)
	}
	rows, err := c.Query(ctx, `SELECT r.project_id, COALESCE(SUM(r.physical_amount), 0) FROM projects_reports r
		JOIN projects_list_items i ON i.project_id = r.project_id AND i.list_id = ?`+filter+`
		WHERE r.is_current = TRUE AND r.month < ? GROUP BY r.project_id`, append(args, int(first))...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var sum Amount
		if err := rows.Scan(&id, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		get(id).before = sum
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	rows.Close()
	return out, yearRows(ctx, c, filter, args, first, m, get)
}

// yearRows reads the current reports of months first..m.
func yearRows(ctx context.Context, c db.Conn, filter string, args []any, first, m Month, get func(int64) *yearData) error {
	rows, err := c.Query(ctx, `SELECT r.project_id, r.month, r.physical_amount, r.stats_amount, COALESCE(r.physical_pct, -1) FROM projects_reports r
		JOIN projects_list_items i ON i.project_id = r.project_id AND i.list_id = ?`+filter+`
		WHERE r.is_current = TRUE AND r.month >= ? AND r.month <= ?`, append(args, int(first), int(m))...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var mon Month
		var ph, st Amount
		var pct int
		if err := rows.Scan(&id, &mon, &ph, &st, &pct); err != nil {
			return err
		}
		d := get(id)
		k := mon.Num() - 1
		d.physical[k], d.stats[k], d.pct[k], d.reported[k] = ph, st, pct, true
	}
	return rows.Err()
}

// curveOf returns a curve by id, or the linear one when id is 0 or unknown.
func curveOf(ctx context.Context, c db.Conn, id int64) (Curve, error) {
	q, args := `SELECT id, code, name, weights, notes, illustrative FROM projects_curves WHERE code = 'linear'`, []any{}
	if id != 0 {
		q, args = `SELECT id, code, name, weights, notes, illustrative FROM projects_curves WHERE id = ?`, []any{id}
	}
	var cv Curve
	var w string
	err := c.QueryRow(ctx, q, args...).Scan(&cv.ID, &cv.Code, &cv.Name, &w, &cv.Notes, &cv.Illustrative)
	if errors.Is(err, sql.ErrNoRows) {
		for i := range cv.Weights {
			cv.Weights[i] = 1
		}
		return cv, nil
	}
	if err != nil {
		return cv, err
	}
	cv.Weights, _ = parseWeights(w)
	return cv, nil
}

// parseWeights reads "w1,…,w12"; ok false unless 12 non-negative integers
// with a positive sum.
func parseWeights(s string) ([12]int, bool) {
	var w [12]int
	parts := strings.Split(s, ",")
	if len(parts) != 12 {
		return w, false
	}
	sum := 0
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || n > 1000 {
			return w, false
		}
		w[i] = n
		sum += n
	}
	return w, sum > 0
}

func curves(ctx context.Context, c db.Conn) ([]Curve, error) {
	rows, err := c.Query(ctx, `SELECT id, code, name, weights, notes, illustrative FROM projects_curves ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Curve{}
	for rows.Next() {
		var cv Curve
		var w string
		if err := rows.Scan(&cv.ID, &cv.Code, &cv.Name, &w, &cv.Notes, &cv.Illustrative); err != nil {
			return nil, err
		}
		cv.Weights, _ = parseWeights(w)
		out = append(out, cv)
	}
	return out, rows.Err()
}

// Rule sets.

func ruleSet(ctx context.Context, c db.Conn, id int64) (RuleSet, error) {
	var rs RuleSet
	err := c.QueryRow(ctx, `SELECT id, code, name, issuer, year, effective_from, effective_to, source, notes, illustrative, created_at
		FROM projects_rule_sets WHERE id = ?`, id).Scan(&rs.ID, &rs.Code, &rs.Name, &rs.Issuer, &rs.Year, &rs.EffectiveFrom,
		&rs.EffectiveTo, &rs.Source, &rs.Notes, &rs.Illustrative, &rs.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return rs, errNoRuleSet
	}
	if err != nil {
		return rs, err
	}
	rs.CreatedAt = rs.CreatedAt.UTC()
	rows, err := c.Query(ctx, `SELECT id, dimension, colour, conditions, persistence, action, sort_order FROM projects_rules
		WHERE rule_set_id = ? ORDER BY sort_order, id`, id)
	if err != nil {
		return rs, err
	}
	defer rows.Close()
	rs.Rules = []Rule{}
	for rows.Next() {
		var r Rule
		var conds string
		if err := rows.Scan(&r.ID, &r.Dimension, &r.Colour, &conds, &r.Persistence, &r.Action, &r.SortOrder); err != nil {
			return rs, err
		}
		if err := json.Unmarshal([]byte(conds), &r.Conditions); err != nil {
			return rs, err
		}
		rs.Rules = append(rs.Rules, r)
	}
	return rs, rows.Err()
}

var errNoRuleSet = errors.New("projects: no rule set")

// ruleSetFor returns the list's own rule set, else the one in force in
// month m: the latest effective_from not after the month's end whose
// effective_to (if any) is not before its start.
func ruleSetFor(ctx context.Context, c db.Conn, l AnnualList, m Month) (RuleSet, error) {
	if l.RuleSetID != 0 {
		return ruleSet(ctx, c, l.RuleSetID)
	}
	start := time.Date(m.Year(), time.Month(m.Num()), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, -1)
	var id int64
	err := c.QueryRow(ctx, `SELECT id FROM projects_rule_sets WHERE effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)
		ORDER BY effective_from DESC, id DESC LIMIT 1`, db.DateOf(end), db.DateOf(start)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return RuleSet{}, errNoRuleSet
	}
	if err != nil {
		return RuleSet{}, err
	}
	return ruleSet(ctx, c, id)
}

func listRuleSets(ctx context.Context, c db.Conn) ([]RuleSet, error) {
	rows, err := c.Query(ctx, `SELECT id FROM projects_rule_sets ORDER BY year DESC, id`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []RuleSet{}
	for _, id := range ids {
		rs, err := ruleSet(ctx, c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, rs)
	}
	return out, nil
}

// Lights.

func storeLight(ctx context.Context, c db.Conn, p Project, l Light) error {
	if _, err := c.Exec(ctx, `DELETE FROM projects_lights WHERE list_id = ? AND project_id = ? AND month = ?`, l.ListID, l.ProjectID, int(l.Month)); err != nil {
		return err
	}
	_, err := c.Exec(ctx, `INSERT INTO projects_lights (project_id, list_id, month, colour, rule_set_id, findings, figures, division_code, owner_org_id, computed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ProjectID, l.ListID, int(l.Month), string(l.Colour), nullID(l.RuleSetID),
		jsonText(l.Findings), jsonText(l.Figures), p.DivisionCode, nullID(p.OwnerOrgID), l.ComputedAt)
	return err
}

// storedLightMonths returns the months after m of the year with a stored
// light for the project on the list: a report changes their cumulative too.
func storedLightMonths(ctx context.Context, c db.Conn, listID, projectID int64, m Month) ([]Month, error) {
	rows, err := c.Query(ctx, `SELECT month FROM projects_lights WHERE list_id = ? AND project_id = ? AND month > ? AND month <= ? ORDER BY month`,
		listID, projectID, int(m), int(MonthOf(m.Year(), time.December)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Month
	for rows.Next() {
		var mm Month
		if err := rows.Scan(&mm); err != nil {
			return nil, err
		}
		out = append(out, mm)
	}
	return out, rows.Err()
}

func lights(ctx context.Context, c db.Conn, listID int64, m Month, projectID int64) ([]Light, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "lt.division_code", "lt.owner_org_id")
	if listID != 0 {
		w.Add("lt.list_id = ?", listID)
	}
	if m != 0 {
		w.Add("lt.month = ?", int(m))
	}
	if projectID != 0 {
		w.Add("lt.project_id = ?", projectID)
	}
	rows, err := c.Query(ctx, `SELECT lt.id, lt.project_id, p.name, lt.list_id, lt.month, lt.colour, COALESCE(lt.rule_set_id, 0), lt.findings, lt.figures, lt.computed_at
		FROM projects_lights lt JOIN projects_projects p ON p.id = lt.project_id WHERE `+w.SQL()+` ORDER BY lt.month, lt.list_id, p.division_code, p.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Light{}
	for rows.Next() {
		var l Light
		var fnd, fig string
		if err := rows.Scan(&l.ID, &l.ProjectID, &l.ProjectName, &l.ListID, &l.Month, &l.Colour, &l.RuleSetID, &fnd, &fig, &l.ComputedAt); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(fnd), &l.Findings)
		_ = json.Unmarshal([]byte(fig), &l.Figures)
		l.ComputedAt = l.ComputedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}
