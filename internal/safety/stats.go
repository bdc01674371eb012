package safety

import (
	"context"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Statistics: the quarterly and annual hazard tables of 16号令 §14 and the
// campaign figures of the national progress notice (MEM 2023-09-15, domain
// reference §2.9: major hazards found by department inspection and by
// self-inspection, rectified, listed, listed-and-rectified), by county,
// sector or kind.

// Figures is one row of a statistics table.
type Figures struct {
	Key           string `json:"key"` // division code, sector code or kind
	GeneralFound  int    `json:"general_found"`
	GeneralClosed int    `json:"general_closed"`
	MajorFound    int    `json:"major_found"`
	MajorClosed   int    `json:"major_closed"`
	MajorDept     int    `json:"major_department"`
	MajorDeptDone int    `json:"major_department_closed"`
	MajorSelf     int    `json:"major_self"`
	MajorSelfDone int    `json:"major_self_closed"`
	MajorPublic   int    `json:"major_public"`
	Listed        int    `json:"listed"`
	ListedClosed  int    `json:"listed_closed"`
	Overdue       int    `json:"overdue"` // open and past deadline today
	Open          int    `json:"open"`    // open today
}

// Found is every hazard the row counts.
func (f Figures) Found() int { return f.GeneralFound + f.MajorFound }

// Closed is every hazard of the row rectified by the end of the period.
func (f Figures) Closed() int { return f.GeneralClosed + f.MajorClosed }

// Rate is n/d as a percentage with one decimal, 0 when d is 0 (a county
// with nothing found has nothing unrectified).
func Rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(int(float64(n)*1000/float64(d)+0.5)) / 10
}

// Table is a statistics table over a period.
type Table struct {
	From  Date      `json:"from"`
	To    Date      `json:"to"`
	Due   Date      `json:"due"` // the statutory due date of the table, if any
	By    string    `json:"by"`
	Rows  []Figures `json:"rows"`
	Total Figures   `json:"total"`
}

// Dimensions a table may be broken down by.
const (
	ByDivision = "division"
	BySector   = "sector"
	ByKind     = "kind"
	// ByEnterprise keys rows by enterprise id (enterprise 红黑榜 schemes).
	ByEnterprise = "enterprise"
)

// dimensionCol is the column a table is grouped by.
func dimensionCol(by string) (string, bool) {
	switch by {
	case ByDivision:
		return "h.division_code", true
	case BySector:
		return "h.sector", true
	case ByKind:
		return "h.kind", true
	case ByEnterprise:
		return "h.enterprise_id", true
	}
	return "", false
}

// cstMidnight is 00:00 in China on calendar day d, as UTC.
func cstMidnight(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).UTC()
}

// Statistics counts the hazards found from..to (inclusive) within the
// caller's scope, broken down by, with closures counted up to the end of
// the period and "overdue"/"open" as of today.
func (s *Service) Statistics(ctx context.Context, from, to time.Time, by string) (Table, error) {
	col, ok := dimensionCol(by)
	if !ok {
		return Table{}, errs.Invalid("by", keyBadChoice)
	}
	if to.Before(from) {
		return Table{}, errs.Invalid("to", KeyDateOrder)
	}
	// No search text: the conditions name only h's columns, so the query
	// needs no join.
	w, err := hazardConds(ctx, HazardFilter{FoundFrom: from, FoundTo: to}, s.today())
	if err != nil {
		return Table{}, err
	}
	end := cstMidnight(day(to).AddDate(0, 0, 1))
	today := db.DateOf(s.today())
	closed := `h.status = 'closed' AND h.closed_at < ?`
	q := `SELECT ` + col + `,
		SUM(CASE WHEN h.grade = 'general' THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'general' AND ` + closed + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' AND ` + closed + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' AND h.source = 'department' THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' AND h.source = 'department' AND ` + closed + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' AND h.source = 'self' THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' AND h.source = 'self' AND ` + closed + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.grade = 'major' AND h.source = 'public' THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.listed_level IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.listed_level IS NOT NULL AND ` + closed + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.status <> 'closed' AND h.deadline < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN h.status <> 'closed' THEN 1 ELSE 0 END)
		FROM safety_hazards h
		WHERE ` + w.sql() + ` GROUP BY ` + col + ` ORDER BY ` + col
	args := append([]any{end, end, end, end, end, today}, w.args...)
	rows, err := s.d.Read().Query(ctx, q, args...)
	if err != nil {
		return Table{}, err
	}
	defer rows.Close()
	t := Table{From: DateOf(from), To: DateOf(to), By: by, Rows: []Figures{}}
	for rows.Next() {
		var f Figures
		if err := rows.Scan(&f.Key, &f.GeneralFound, &f.GeneralClosed, &f.MajorFound, &f.MajorClosed, &f.MajorDept, &f.MajorDeptDone,
			&f.MajorSelf, &f.MajorSelfDone, &f.MajorPublic, &f.Listed, &f.ListedClosed, &f.Overdue, &f.Open); err != nil {
			return Table{}, err
		}
		t.Rows = append(t.Rows, f)
		t.Total = add(t.Total, f)
	}
	t.Total.Key = "total"
	return t, rows.Err()
}

func add(a, b Figures) Figures {
	a.GeneralFound += b.GeneralFound
	a.GeneralClosed += b.GeneralClosed
	a.MajorFound += b.MajorFound
	a.MajorClosed += b.MajorClosed
	a.MajorDept += b.MajorDept
	a.MajorDeptDone += b.MajorDeptDone
	a.MajorSelf += b.MajorSelf
	a.MajorSelfDone += b.MajorSelfDone
	a.MajorPublic += b.MajorPublic
	a.Listed += b.Listed
	a.ListedClosed += b.ListedClosed
	a.Overdue += b.Overdue
	a.Open += b.Open
	return a
}

// QuarterlyTable is the quarterly hazard statistics table (§14) of quarter
// q of year y by county, with its due date (the 15th of the next month).
func (s *Service) QuarterlyTable(ctx context.Context, y, q int) (Table, error) {
	if q < 1 || q > 4 {
		return Table{}, errs.Invalid("quarter", keyBadChoice)
	}
	from, to := QuarterBounds(y, q)
	t, err := s.Statistics(ctx, from, to, ByDivision)
	t.Due = DateOf(s.cal.QuarterlyDue(y, q))
	return t, err
}

// AnnualTable is the annual table of year y by county, due 31 January.
func (s *Service) AnnualTable(ctx context.Context, y int) (Table, error) {
	t, err := s.Statistics(ctx, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), ByDivision)
	t.Due = DateOf(s.cal.AnnualDue(y))
	return t, err
}

// RectificationRate is the share of the row's hazards rectified by the end
// of the period, in per cent.
func (f Figures) RectificationRate() float64 { return Rate(f.Closed(), f.Found()) }

// MajorRectificationRate is the same for major hazards.
func (f Figures) MajorRectificationRate() float64 { return Rate(f.MajorClosed, f.MajorFound) }

// OverdueRate is the share of the row's open hazards that are overdue
// today, in per cent.
func (f Figures) OverdueRate() float64 { return Rate(f.Overdue, f.Open) }
