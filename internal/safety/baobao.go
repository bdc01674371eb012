package safety

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// 领导干部联系包保: leaders assigned to enterprises. No rule text is known
// (domain reference open question 12), so it is an assignment with a period
// and a visit log, and coverage is counted per county.

// Assignment is one leader assigned to one enterprise for a period.
type Assignment struct {
	ID           int64     `json:"id"`
	EnterpriseID int64     `json:"enterprise_id"`
	OrgName      string    `json:"org_name"`
	LeaderID     int64     `json:"leader_person_id"`
	LeaderName   string    `json:"leader_name"`
	LeaderTitle  string    `json:"leader_title"`
	DivisionCode string    `json:"division_code"`
	StartsOn     Date      `json:"starts_on"`
	EndsOn       Date      `json:"ends_on"` // zero: open-ended
	Notes        string    `json:"notes"`
	Visits       int       `json:"visits"`
	LastVisit    Date      `json:"last_visit"`
	CreatedAt    time.Time `json:"created_at"`
}

// AssignmentInput assigns a leader; dates "YYYY-MM-DD".
type AssignmentInput struct {
	EnterpriseID   int64  `json:"enterprise_id"`
	LeaderPersonID int64  `json:"leader_person_id"`
	StartsOn       string `json:"starts_on"`
	EndsOn         string `json:"ends_on"`
	Notes          string `json:"notes"`
}

// Coverage is one county's 包保 figures on a day.
type Coverage struct {
	DivisionCode string `json:"division_code"`
	DivisionName string `json:"division_name"`
	Enterprises  int    `json:"enterprises"`
	Covered      int    `json:"covered"` // with a leader assigned that day
	Visited      int    `json:"visited"` // of those, visited in the quarter so far
}

const assignmentSelect = `SELECT a.id, a.enterprise_id, o.name, a.leader_person_id, pp.name, pp.title, a.division_code, a.starts_on, a.ends_on, a.notes,
	(SELECT COUNT(*) FROM safety_visits v WHERE v.assignment_id = a.id), (SELECT MAX(v.visited_on) FROM safety_visits v WHERE v.assignment_id = a.id), a.created_at
	FROM safety_assignments a JOIN registry_orgs o ON o.id = a.org_id JOIN registry_people pp ON pp.id = a.leader_person_id`

func scanAssignment(sc interface{ Scan(...any) error }) (Assignment, error) {
	var a Assignment
	err := sc.Scan(&a.ID, &a.EnterpriseID, &a.OrgName, &a.LeaderID, &a.LeaderName, &a.LeaderTitle, &a.DivisionCode, &a.StartsOn.Date, &a.EndsOn.Date,
		&a.Notes, &a.Visits, &a.LastVisit.Date, &a.CreatedAt)
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

func getAssignment(ctx context.Context, c db.Conn, id int64) (Assignment, error) {
	p, err := reader(ctx)
	if err != nil {
		return Assignment{}, err
	}
	w := scoped(p, "a.division_code", "a.org_id")
	w.add("a.id = ?", id)
	a, err := scanAssignment(c.QueryRow(ctx, assignmentSelect+` WHERE `+w.sql(), w.args...))
	return a, notFound(err)
}

// ListAssignments returns the assignments of an enterprise (or all, when
// enterpriseID is 0) within scope.
func (s *Service) ListAssignments(ctx context.Context, enterpriseID int64) ([]Assignment, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := scoped(p, "a.division_code", "a.org_id")
	if enterpriseID != 0 {
		w.add("a.enterprise_id = ?", enterpriseID)
	}
	rows, err := s.d.Read().Query(ctx, assignmentSelect+` WHERE `+w.sql()+` ORDER BY a.division_code, a.starts_on DESC, a.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Assignment{}
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssignLeader assigns a registry person as the 包保 leader of an
// enterprise the caller covers.
func (s *Service) AssignLeader(ctx context.Context, in AssignmentInput) (Assignment, error) {
	_, err := regulator(ctx)
	if err != nil {
		return Assignment{}, err
	}
	var out Assignment
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		notes := strings.TrimSpace(in.Notes)
		text(v, "notes", notes, false, maxNotes)
		from := parseDay(v, "starts_on", in.StartsOn, true)
		to := parseDay(v, "ends_on", in.EndsOn, false)
		if !from.IsZero() && !to.IsZero() && to.Before(from.Time) {
			v.Add("ends_on", KeyDateOrder)
		}
		e, err := getEnterprise(ctx, c, in.EnterpriseID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("enterprise_id", "safety.enterprise.unknown")
		} else if err != nil {
			return audit.Change{}, err
		}
		var n int
		if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_people WHERE id = ?`, in.LeaderPersonID).Scan(&n); err != nil {
			return audit.Change{}, err
		}
		if n == 0 {
			v.Add("leader_person_id", "safety.person.unknown")
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		var id int64
		if err := c.QueryRow(ctx, `INSERT INTO safety_assignments (enterprise_id, leader_person_id, division_code, org_id, starts_on, ends_on, notes, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ID, in.LeaderPersonID, e.DivisionCode, e.OrgID, from.Date, nullDate(to), notes, time.Now().UTC()).Scan(&id); err != nil {
			return audit.Change{}, err
		}
		if out, err = getAssignment(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectAssignment, ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// RecordVisit logs a 包保 leader's visit to the enterprise, within the
// assignment's period and not in the future.
func (s *Service) RecordVisit(ctx context.Context, assignmentID int64, visitedOn, notes string) (Assignment, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Assignment{}, err
	}
	var out Assignment
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		a, err := getAssignment(ctx, c, assignmentID)
		if err != nil {
			return audit.Change{}, err
		}
		v := &errs.Validation{}
		notes = strings.TrimSpace(notes)
		text(v, "notes", notes, true, maxNotes)
		on := parseDay(v, "visited_on", visitedOn, true)
		switch {
		case on.IsZero():
		case on.After(s.today()):
			v.Add("visited_on", "safety.date.future")
		case on.Before(a.StartsOn.Time) || (!a.EndsOn.IsZero() && on.After(a.EndsOn.Time)):
			v.Add("visited_on", "safety.assignment.outside_period")
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		if _, err := c.Exec(ctx, `INSERT INTO safety_visits (assignment_id, visited_on, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			assignmentID, on.Date, notes, p.UserID, time.Now().UTC()); err != nil {
			return audit.Change{}, err
		}
		if out, err = getAssignment(ctx, c, assignmentID); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "visit", ObjectType: ObjectAssignment, ObjectID: idStr(assignmentID), Division: out.DivisionCode, Before: a, After: out}, nil
	})
	return out, err
}

// CoverageByCounty counts, per county in scope, the enterprises in the
// campaign, those with a leader assigned today, and those visited since
// the start of the current quarter.
func (s *Service) CoverageByCounty(ctx context.Context) ([]Coverage, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	y, q := QuarterOf(today)
	qStart, _ := QuarterBounds(y, q)
	t, qs := db.DateOf(today), db.DateOf(qStart)
	w := scoped(p, "o.division_code", "o.id")
	args := append([]any{t, t, t, t, qs}, w.args...)
	rows, err := s.d.Read().Query(ctx, `SELECT o.division_code, COALESCE(dv.name, ''), COUNT(*),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM safety_assignments a WHERE a.enterprise_id = e.id AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?)) THEN 1 ELSE 0 END),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM safety_assignments a JOIN safety_visits v ON v.assignment_id = a.id
			WHERE a.enterprise_id = e.id AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?) AND v.visited_on >= ?) THEN 1 ELSE 0 END)
		FROM safety_enterprises e JOIN registry_orgs o ON o.id = e.org_id LEFT JOIN registry_divisions dv ON dv.code = o.division_code
		WHERE `+w.sql()+` GROUP BY o.division_code, dv.name ORDER BY o.division_code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Coverage{}
	for rows.Next() {
		var x Coverage
		if err := rows.Scan(&x.DivisionCode, &x.DivisionName, &x.Enterprises, &x.Covered, &x.Visited); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
