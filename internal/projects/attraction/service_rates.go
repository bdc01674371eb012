package attraction

import (
	"context"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// cohortWhere restricts leads to those first signed in year: the
// counting rule of rates.go, applied in SQL so that only the cohort is read.
const cohortWhere = `l.id IN (SELECT lead_id FROM attraction_signings GROUP BY lead_id HAVING MIN(signed_on) >= ? AND MIN(signed_on) < ?)`

func yearBounds(year int) (db.Date, db.Date) {
	return db.DateOf(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)), db.DateOf(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC))
}

// Rates returns the rates table of the year's cohort (leads first signed
// in year) as of asOf (today if zero), grouped by g, within the caller's
// scope. Each row carries the county, park or cluster name as Label.
func (s *Service) Rates(ctx context.Context, year int, asOf time.Time, g Grouping) ([]Rates, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	asOf = db.DateOf(asOf).Time
	facts, labels, err := s.facts(ctx, year)
	if err != nil {
		return nil, err
	}
	rules, err := listCountRules(ctx, s.d.Read())
	if err != nil {
		return nil, err
	}
	rows := Compute(facts, rules, year, asOf, g)
	for i := range rows {
		rows[i].Label = labels[string(g)+":"+rows[i].Key]
	}
	return rows, nil
}

// facts loads the cohort's leads with their histories, signings and funds,
// and the names of their counties, parks and clusters keyed "county:652328".
func (s *Service) facts(ctx context.Context, year int) ([]Fact, map[string]string, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, nil, err
	}
	c := s.d.Read()
	from, to := yearBounds(year)
	w := scoped(pr)
	w.add(cohortWhere, from, to)
	rows, err := c.Query(ctx, `SELECT l.id, l.exclusion, l.division_code, COALESCE(dv.name, ''), COALESCE(l.park_id, 0), COALESCE(pk.name, ''),
		COALESCE(l.cluster_id, 0), COALESCE(cl.name, '') FROM attraction_leads l
		LEFT JOIN registry_divisions dv ON dv.code = l.division_code
		LEFT JOIN registry_parks pk ON pk.id = l.park_id
		LEFT JOIN registry_clusters cl ON cl.id = l.cluster_id
		WHERE `+w.sql()+` ORDER BY l.id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	index := map[int64]int{}
	var facts []Fact
	labels := map[string]string{}
	for rows.Next() {
		var f Fact
		var dn, pn, cn string
		if err := rows.Scan(&f.LeadID, &f.Exclusion, &f.Division, &dn, &f.ParkID, &pn, &f.ClusterID, &cn); err != nil {
			return nil, nil, err
		}
		index[f.LeadID] = len(facts)
		facts = append(facts, f)
		labels["county:"+f.Division] = dn
		labels["park:"+strconv.FormatInt(f.ParkID, 10)] = pn
		labels["cluster:"+strconv.FormatInt(f.ClusterID, 10)] = cn
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// The children of the cohort, read by the same scoped condition
	// rather than an IN list that could outgrow the engines' limits.
	join := ` JOIN attraction_leads l ON l.id = x.lead_id WHERE ` + w.sql() + ` ORDER BY x.lead_id, `
	hr, err := c.Query(ctx, `SELECT x.lead_id, x.stage, x.on_date FROM attraction_stages x`+join+`x.on_date, x.id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer hr.Close()
	for hr.Next() {
		var sc StageChange
		if err := hr.Scan(&sc.LeadID, &sc.Stage, &sc.On); err != nil {
			return nil, nil, err
		}
		f := &facts[index[sc.LeadID]]
		f.History = append(f.History, sc)
	}
	if err := hr.Err(); err != nil {
		return nil, nil, err
	}
	sr, err := c.Query(ctx, `SELECT x.lead_id, x.kind, x.signed_on, x.amount FROM attraction_signings x`+join+`x.signed_on, x.id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer sr.Close()
	for sr.Next() {
		var sg Signing
		if err := sr.Scan(&sg.LeadID, &sg.Kind, &sg.SignedOn, &sg.Amount); err != nil {
			return nil, nil, err
		}
		f := &facts[index[sg.LeadID]]
		f.Signings = append(f.Signings, sg)
	}
	if err := sr.Err(); err != nil {
		return nil, nil, err
	}
	fr, err := c.Query(ctx, `SELECT x.lead_id, x.arrived_on, x.amount, x.official FROM attraction_funds x`+join+`x.arrived_on, x.id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer fr.Close()
	for fr.Next() {
		var fd Fund
		if err := fr.Scan(&fd.LeadID, &fd.ArrivedOn, &fd.Amount, &fd.Official); err != nil {
			return nil, nil, err
		}
		f := &facts[index[fd.LeadID]]
		f.Funds = append(f.Funds, fd)
	}
	return facts, labels, fr.Err()
}
