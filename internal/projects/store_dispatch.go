package projects

import (
	"context"
	"sort"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// dispatchTotals is the dispatch table by county, park, cluster or for the
// whole prefecture, totalled by the database: three GROUP BY queries over
// the list's items, the current year's reports (through the reports'
// project-month index) and the stored lights, whatever the number of
// projects or years of history. Rates are computed from the integer sums
// exactly as dispatchRows computes them; a test holds the two equal.
func dispatchTotals(ctx context.Context, c db.Conn, listID int64, m Month, group DispatchGroup) ([]DispatchRow, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	l, err := getList(ctx, c, listID)
	if err != nil {
		return nil, err
	}
	if m.Year() != l.Year || !m.Valid() {
		return nil, validationMonth()
	}
	var key, name, join string
	switch group {
	case GroupCounty:
		key, name, join = "p.division_code", "COALESCE(dv.name, '')", " LEFT JOIN registry_divisions dv ON dv.code = p.division_code"
	case GroupPark:
		key, name, join = "CAST(COALESCE(p.park_id, 0) AS TEXT)", "COALESCE(pk.name, '')", " LEFT JOIN registry_parks pk ON pk.id = p.park_id"
	case GroupCluster:
		// Clusters of different taxonomy versions may share a name: the
		// row names the version too.
		key, name, join = "CAST(COALESCE(pc.cluster_id, 0) AS TEXT)", "COALESCE(cl.name || ' · ' || tx.name || ' ' || tx.version, '')",
			" LEFT JOIN projects_clusters pc ON pc.project_id = p.id LEFT JOIN registry_clusters cl ON cl.id = pc.cluster_id"+
				" LEFT JOIN registry_taxonomies tx ON tx.id = cl.taxonomy_id"
	default:
		key, name, join = "'all'", "''", ""
	}
	// PostgreSQL refuses a constant in GROUP BY: the whole prefecture is
	// one aggregate without it.
	groupBy, groupByName, groupByColour := " GROUP BY "+key, " GROUP BY "+key+", "+name, " GROUP BY "+key+", lt.colour"
	if group != GroupCounty && group != GroupPark && group != GroupCluster {
		groupBy, groupByName, groupByColour = "", "", " GROUP BY lt.colour"
	}
	w := db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
	w.Add("i.list_id = ? AND i.removed = FALSE", listID)
	from := ` FROM projects_list_items i JOIN projects_projects p ON p.id = i.project_id` + join
	first, last := int(MonthOf(l.Year, time.January)), int(MonthOf(l.Year, time.December))
	planned := "COALESCE(i.planned_start_month, p.planned_start_month)"

	rows := map[string]*DispatchRow{}
	q := `SELECT ` + key + `, ` + name + `, COUNT(*), COALESCE(SUM(i.annual_plan), 0),
		COALESCE(SUM(CASE WHEN ` + planned + ` BETWEEN ? AND ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ` + planned + ` BETWEEN ? AND ? AND p.start_month IS NOT NULL AND p.start_month <= ? THEN 1 ELSE 0 END), 0)` +
		from + ` WHERE ` + w.SQL() + groupByName
	res, err := c.Query(ctx, q, append([]any{first, last, first, last, int(m)}, w.Args()...)...)
	if err != nil {
		return nil, err
	}
	for res.Next() {
		r := &DispatchRow{}
		if err := res.Scan(&r.Key, &r.Name, &r.Projects, &r.AnnualPlan, &r.PlannedStarts, &r.Started); err != nil {
			res.Close()
			return nil, err
		}
		if r.Projects > 0 { // the ungrouped aggregate of an empty list
			rows[r.Key] = r
		}
	}
	if err := res.Err(); err != nil {
		res.Close()
		return nil, err
	}
	res.Close()

	q = `SELECT ` + key + `, COALESCE(SUM(r.physical_amount), 0), COALESCE(SUM(r.stats_amount), 0)` + from +
		` JOIN projects_reports r ON r.project_id = i.project_id AND r.is_current = TRUE AND r.month >= ? AND r.month <= ?
		WHERE ` + w.SQL() + groupBy
	if res, err = c.Query(ctx, q, append([]any{first, int(m)}, w.Args()...)...); err != nil {
		return nil, err
	}
	for res.Next() {
		var k string
		var ph, st Amount
		if err := res.Scan(&k, &ph, &st); err != nil {
			res.Close()
			return nil, err
		}
		if r, ok := rows[k]; ok {
			r.YearToDate, r.StatsToDate = ph, st
		}
	}
	if err := res.Err(); err != nil {
		res.Close()
		return nil, err
	}
	res.Close()

	q = `SELECT ` + key + `, lt.colour, COUNT(*)` + from +
		` JOIN projects_lights lt ON lt.project_id = i.project_id AND lt.list_id = i.list_id AND lt.month = ?
		WHERE ` + w.SQL() + groupByColour
	if res, err = c.Query(ctx, q, append([]any{int(m)}, w.Args()...)...); err != nil {
		return nil, err
	}
	defer res.Close()
	for res.Next() {
		var k string
		var col Colour
		var n int
		if err := res.Scan(&k, &col, &n); err != nil {
			return nil, err
		}
		r, ok := rows[k]
		if !ok {
			continue
		}
		switch col {
		case Red:
			r.Red = n
		case Yellow:
			r.Yellow = n
		case Green:
			r.Green = n
		}
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	out := make([]DispatchRow, 0, len(rows))
	for _, r := range rows {
		r.Completion = Percent(CompletionRate(r.YearToDate, r.AnnualPlan), pctDigits)
		r.Schedule = Percent(ScheduleProgress(m.Num()), pctDigits)
		r.GapPP = Round(ScheduleGapPP(r.YearToDate, r.AnnualPlan, m.Num()), pctDigits)
		r.StartRate = Percent(Rate(r.Started, r.PlannedStarts), pctDigits)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}
