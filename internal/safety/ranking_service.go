package safety

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Indicators the service computes for a county over a period.
const (
	IndicatorOverdue    = "overdue"            // open hazards past deadline today
	IndicatorListedOpen = "listed_open"        // listed hazards not closed by the period's end
	IndicatorRate       = "rectification_rate" // % of hazards found in the period closed by its end
	IndicatorMajorFound = "major_found"
)

// Ranking is a published 红黑榜.
type Ranking struct {
	ID          int64    `json:"id"`
	SchemeCode  string   `json:"scheme_code"`
	SchemeName  string   `json:"scheme_name"`
	PeriodFrom  Date     `json:"period_from"`
	PeriodTo    Date     `json:"period_to"`
	PublishedOn Date     `json:"published_on"`
	Entries     []Ranked `json:"entries"`
}

// Subjects a 红黑榜 scheme ranks.
const (
	SubjectCounty     = "county"
	SubjectEnterprise = "enterprise"
)

// RankingInput asks for a ranking of a scheme over a period; Negative
// names the subjects (county codes, or enterprise ids for an enterprise
// scheme) with a negative event in it.
type RankingInput struct {
	Scheme   string   `json:"scheme"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Negative []string `json:"negative"`
}

func getScheme(ctx context.Context, c db.Conn, code string) (Scheme, error) {
	var s Scheme
	var items string
	err := c.QueryRow(ctx, `SELECT id, code, name, subject, base, red_top, black_below, items_json, effective_from, effective_to, source FROM safety_ranking_schemes WHERE code = ?`, code).
		Scan(&s.ID, &s.Code, &s.Name, &s.Subject, &s.Base, &s.RedTop, &s.BlackBelow, &items, &s.EffectiveFrom.Date, &s.EffectiveTo.Date, &s.Source)
	if err != nil {
		return s, notFound(err)
	}
	return s, json.Unmarshal([]byte(items), &s.Items)
}

// ComputeRanking ranks the counties in the caller's scope that have
// enterprises in the campaign, over from..to, by scheme code.
func (s *Service) ComputeRanking(ctx context.Context, in RankingInput) (Scheme, []Ranked, Date, Date, error) {
	p, err := reader(ctx)
	if err != nil {
		return Scheme{}, nil, Date{}, Date{}, err
	}
	c := s.d.Read()
	v := &errs.Validation{}
	from := parseDay(v, "from", in.From, true)
	to := parseDay(v, "to", in.To, true)
	if !from.IsZero() && !to.IsZero() && to.Before(from.Time) {
		v.Add("to", KeyDateOrder)
	}
	sch, err := getScheme(ctx, c, strings.TrimSpace(in.Scheme))
	if errors.Is(err, errs.ErrNotFound) {
		v.Add("scheme", keyBadChoice)
	} else if err != nil {
		return sch, nil, from, to, err
	}
	if !v.Has("scheme") && !to.IsZero() && !sch.InForce(to.Time) {
		v.Add("scheme", "safety.ranking.not_in_force")
	}
	if err := v.Err(); err != nil {
		return sch, nil, from, to, err
	}
	// Counties are ranked by their hazards' division, enterprises (a
	// blacklist scheme) by their own hazards.
	by, subjectSQL := ByDivision, `SELECT DISTINCT o.division_code, COALESCE(dv.name, '') FROM safety_enterprises e JOIN registry_orgs o ON o.id = e.org_id
		LEFT JOIN registry_divisions dv ON dv.code = o.division_code WHERE `
	order := ` ORDER BY o.division_code`
	if sch.Subject == SubjectEnterprise {
		by, subjectSQL = ByEnterprise, `SELECT e.id, o.name FROM safety_enterprises e JOIN registry_orgs o ON o.id = e.org_id WHERE `
		order = ` ORDER BY e.id`
	}
	tab, err := s.Statistics(ctx, from.Time, to.Time, by)
	if err != nil {
		return sch, nil, from, to, err
	}
	byKey := map[string]Figures{}
	for _, f := range tab.Rows {
		byKey[f.Key] = f
	}
	negative := map[string]bool{}
	for _, k := range in.Negative {
		negative[strings.TrimSpace(k)] = true
	}
	w := scoped(p, "o.division_code", "o.id")
	rows, err := c.Query(ctx, subjectSQL+w.sql()+order, w.args...)
	if err != nil {
		return sch, nil, from, to, err
	}
	defer rows.Close()
	var subjects []Ranked
	for rows.Next() {
		var r Ranked
		if err := rows.Scan(&r.Key, &r.Name); err != nil {
			return sch, nil, from, to, err
		}
		f := byKey[r.Key]
		rate := 100.0 // nothing found: nothing left unrectified
		if f.Found() > 0 {
			rate = Rate(f.Closed(), f.Found())
		}
		r.Values = map[string]float64{IndicatorOverdue: float64(f.Overdue), IndicatorListedOpen: float64(f.Listed - f.ListedClosed),
			IndicatorRate: rate, IndicatorMajorFound: float64(f.MajorFound)}
		r.Negative = negative[r.Key]
		subjects = append(subjects, r)
	}
	if err := rows.Err(); err != nil {
		return sch, nil, from, to, err
	}
	return sch, Rank(sch, subjects), from, to, nil
}

// PublishRanking computes a ranking and stores it as published today
// (library keepers: bureau_safety, administrator).
func (s *Service) PublishRanking(ctx context.Context, in RankingInput) (Ranking, error) {
	p, err := librarian(ctx)
	if err != nil {
		return Ranking{}, err
	}
	sch, entries, from, to, err := s.ComputeRanking(ctx, in)
	if err != nil {
		return Ranking{}, err
	}
	var out Ranking
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		today := DateOf(s.today())
		var id int64
		if err := c.QueryRow(ctx, `INSERT INTO safety_rankings (scheme_id, period_from, period_to, published_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			sch.ID, from.Date, to.Date, today.Date, p.UserID, time.Now().UTC()).Scan(&id); err != nil {
			return audit.Change{}, err
		}
		for _, e := range entries {
			vals, _ := json.Marshal(e.Values)
			if _, err := c.Exec(ctx, `INSERT INTO safety_ranking_entries (ranking_id, subject_key, name, score, place, list, negative, values_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				id, e.Key, e.Name, e.Score, e.Rank, e.List, e.Negative, string(vals)); err != nil {
				return audit.Change{}, err
			}
		}
		out = Ranking{ID: id, SchemeCode: sch.Code, SchemeName: sch.Name, PeriodFrom: from, PeriodTo: to, PublishedOn: today, Entries: entries}
		return audit.Change{Action: "publish", ObjectType: "safety.ranking", ObjectID: idStr(id), After: out}, nil
	})
	return out, err
}

// GetRanking returns a published ranking; publications are public
// information, so every reader of the module sees all of it.
func (s *Service) GetRanking(ctx context.Context, id int64) (Ranking, error) {
	if _, err := reader(ctx); err != nil {
		return Ranking{}, err
	}
	c := s.d.Read()
	var r Ranking
	err := c.QueryRow(ctx, `SELECT r.id, sc.code, sc.name, r.period_from, r.period_to, r.published_on FROM safety_rankings r JOIN safety_ranking_schemes sc ON sc.id = r.scheme_id WHERE r.id = ?`, id).
		Scan(&r.ID, &r.SchemeCode, &r.SchemeName, &r.PeriodFrom.Date, &r.PeriodTo.Date, &r.PublishedOn.Date)
	if err != nil {
		return r, notFound(err)
	}
	rows, err := c.Query(ctx, `SELECT subject_key, name, score, place, list, negative, values_json FROM safety_ranking_entries WHERE ranking_id = ? ORDER BY place, subject_key`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	r.Entries = []Ranked{}
	for rows.Next() {
		var e Ranked
		var vals string
		if err := rows.Scan(&e.Key, &e.Name, &e.Score, &e.Rank, &e.List, &e.Negative, &vals); err != nil {
			return r, err
		}
		if err := json.Unmarshal([]byte(vals), &e.Values); err != nil {
			return r, err
		}
		r.Entries = append(r.Entries, e)
	}
	return r, rows.Err()
}

// ListRankings returns the published rankings, newest first, without entries.
func (s *Service) ListRankings(ctx context.Context) ([]Ranking, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	rows, err := s.d.Read().Query(ctx, `SELECT r.id, sc.code, sc.name, r.period_from, r.period_to, r.published_on FROM safety_rankings r
		JOIN safety_ranking_schemes sc ON sc.id = r.scheme_id ORDER BY r.published_on DESC, r.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Ranking{}
	for rows.Next() {
		var r Ranking
		if err := rows.Scan(&r.ID, &r.SchemeCode, &r.SchemeName, &r.PeriodFrom.Date, &r.PeriodTo.Date, &r.PublishedOn.Date); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
