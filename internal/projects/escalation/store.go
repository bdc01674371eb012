package escalation

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Items are scoped through their project: scope.SQL("p.division_code",
// "p.owner_org_id"), the same columns package projects scopes on.

const issueSelect = `SELECT i.id, i.project_id, p.name, COALESCE(p.code, ''), p.division_code, COALESCE(dv.name, ''),
	COALESCE(i.report_id, 0), i.category, i.description, i.raised_by, i.raised_on, COALESCE(i.responsible_org_id, 0),
	COALESCE(ro.name, i.responsible_unit), COALESCE(i.leader_person_id, 0), COALESCE(ld.name, ''), i.measures,
	i.requirements, i.deadline, i.status, i.level, i.escalated_on, i.resolution, i.resolved_on, i.notice_year,
	i.notice_seq, i.illustrative, i.created_by, i.created_at, i.updated_at
	FROM escalation_issues i
	JOIN projects_projects p ON p.id = i.project_id
	LEFT JOIN registry_divisions dv ON dv.code = p.division_code
	LEFT JOIN registry_orgs ro ON ro.id = i.responsible_org_id
	LEFT JOIN registry_people ld ON ld.id = i.leader_person_id`

func scanIssue(sc interface{ Scan(...any) error }) (Issue, error) {
	var i Issue
	err := sc.Scan(&i.ID, &i.ProjectID, &i.ProjectName, &i.ProjectCode, &i.DivisionCode, &i.DivisionName, &i.ReportID,
		&i.Category, &i.Description, &i.RaisedBy, &i.RaisedOn, &i.ResponsibleOrgID, &i.ResponsibleUnit, &i.LeaderPersonID,
		&i.LeaderName, &i.Measures, &i.Requirements, &i.Deadline, &i.Status, &i.Level, &i.EscalatedOn, &i.Resolution,
		&i.ResolvedOn, &i.noticeYear, &i.noticeSeq, &i.Illustrative, &i.CreatedBy, &i.CreatedAt, &i.UpdatedAt)
	i.CreatedAt, i.UpdatedAt = i.CreatedAt.UTC(), i.UpdatedAt.UTC()
	return i, err
}

func scopedWhere(pr *access.Principal) *db.Where {
	return db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
}

// getIssue reads one item the principal may see; errs.ErrNotFound for an
// unknown one and for one out of scope alike.
func getIssue(ctx context.Context, c db.Conn, pr *access.Principal, id int64) (Issue, error) {
	w := scopedWhere(pr)
	w.Add("i.id = ?", id)
	i, err := scanIssue(c.QueryRow(ctx, issueSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return Issue{}, errs.ErrNotFound
	}
	return i, err
}

func queryIssues(ctx context.Context, c db.Conn, w *db.Where, tail string, args ...any) ([]Issue, error) {
	rows, err := c.Query(ctx, issueSelect+` WHERE `+w.SQL()+tail, append(w.Args(), args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Issue{}
	for rows.Next() {
		i, err := scanIssue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

func filterWhere(pr *access.Principal, f Filter, today db.Date) *db.Where {
	w := scopedWhere(pr)
	w.Search(f.Q, "i.description", "p.name", "i.responsible_unit", "i.measures")
	w.UnderDivision("p.division_code", f.DivisionCode)
	if f.ProjectID != 0 {
		w.Add("i.project_id = ?", f.ProjectID)
	}
	switch st := Status(f.Status); {
	case f.Status == "open":
		w.Add("i.status <> ?", string(StatusResolved))
	case st.Valid():
		w.Add("i.status = ?", f.Status)
	}
	if f.Category != "" {
		w.Add("i.category = ?", f.Category)
	}
	if f.OverdueOnly {
		w.Add("i.status <> ? AND i.deadline < ?", string(StatusResolved), today)
	}
	return w
}

// listIssues returns a page of items: unresolved first, earliest deadline
// first, so what is most urgent leads.
func listIssues(ctx context.Context, c db.Conn, pr *access.Principal, f Filter, today db.Date) ([]Issue, int, error) {
	w := filterWhere(pr, f, today)
	var total int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM escalation_issues i JOIN projects_projects p ON p.id = i.project_id WHERE `+w.SQL(),
		w.Args()...).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	items, err := queryIssues(ctx, c, w, ` ORDER BY CASE WHEN i.status = 'resolved' THEN 1 ELSE 0 END, i.deadline, i.id`+lim, largs...)
	return items, total, err
}

// meetingIssues returns the items that matter to a month's meeting: raised
// by its day and not resolved before the month began.
func meetingIssues(ctx context.Context, c db.Conn, pr *access.Principal, first, day db.Date) ([]Issue, error) {
	w := scopedWhere(pr)
	w.Add("i.raised_on <= ?", day)
	w.Add("(i.resolved_on IS NULL OR i.resolved_on >= ?)", first)
	return queryIssues(ctx, c, w, ` ORDER BY p.division_code, i.deadline, i.id`)
}

func history(ctx context.Context, c db.Conn, issueID int64) ([]Change, error) {
	rows, err := c.Query(ctx, `SELECT id, issue_id, from_status, to_status, on_day, level, note, actor, recorded_at
		FROM escalation_history WHERE issue_id = ? ORDER BY id`, issueID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var h Change
		if err := rows.Scan(&h.ID, &h.IssueID, &h.From, &h.To, &h.On, &h.Level, &h.Note, &h.Actor, &h.RecordedAt); err != nil {
			return nil, err
		}
		h.RecordedAt = h.RecordedAt.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// lastChangeDay is the day of the item's latest recorded change.
func lastChangeDay(ctx context.Context, c db.Conn, issueID int64) (db.Date, error) {
	var d db.Date
	err := c.QueryRow(ctx, `SELECT on_day FROM escalation_history WHERE issue_id = ? ORDER BY on_day DESC, id DESC LIMIT 1`, issueID).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return db.Date{}, nil
	}
	return d, err
}

// firstDayOf is the day of the item's first move to a status, zero if none.
func firstDayOf(ctx context.Context, c db.Conn, issueID int64, st Status) (db.Date, error) {
	var d db.Date
	err := c.QueryRow(ctx, `SELECT on_day FROM escalation_history WHERE issue_id = ? AND to_status = ? ORDER BY id LIMIT 1`,
		issueID, string(st)).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return db.Date{}, nil
	}
	return d, err
}

func addHistory(ctx context.Context, c db.Conn, h Change) error {
	_, err := c.Exec(ctx, `INSERT INTO escalation_history (issue_id, from_status, to_status, on_day, level, note, actor, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, h.IssueID, string(h.From), string(h.To), h.On, string(h.Level), h.Note, h.Actor, h.RecordedAt)
	return err
}

// projectRef is what the service needs of a project it attaches an item to.
type projectRef struct {
	ID       int64
	Division string
	LeaderID int64
}

// scopedProject reads a project the principal may see, errs.ErrNotFound
// otherwise (an unknown and an out-of-scope project look the same).
func scopedProject(ctx context.Context, c db.Conn, pr *access.Principal, id int64) (projectRef, error) {
	w := scopedWhere(pr)
	w.Add("p.id = ?", id)
	var p projectRef
	err := c.QueryRow(ctx, `SELECT p.id, p.division_code, COALESCE(p.leader_person_id, 0) FROM projects_projects p WHERE `+w.SQL(),
		w.Args()...).Scan(&p.ID, &p.Division, &p.LeaderID)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.ErrNotFound
	}
	return p, err
}

// reportProject returns the project a monthly report belongs to, 0 if the
// report does not exist.
func reportProject(ctx context.Context, c db.Conn, reportID int64) (int64, error) {
	var pid int64
	err := c.QueryRow(ctx, `SELECT project_id FROM projects_reports WHERE id = ?`, reportID).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return pid, err
}

// nextNoticeSeq takes the next 督办单 sequence number of a year. The
// UPDATE holds the year's row until the transaction ends, so two writers
// never get the same number and a rolled-back create gives its number back.
func nextNoticeSeq(ctx context.Context, c db.Conn, year int) (int, error) {
	if _, err := c.Exec(ctx, `INSERT INTO escalation_notice_seq (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING`, year); err != nil {
		return 0, err
	}
	var n int
	err := c.QueryRow(ctx, `UPDATE escalation_notice_seq SET last = last + 1 WHERE year = ? RETURNING last`, year).Scan(&n)
	return n, err
}

func insertIssue(ctx context.Context, c db.Conn, i Issue, unitText string) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO escalation_issues (project_id, report_id, category, description, raised_by, raised_on,
		responsible_org_id, responsible_unit, leader_person_id, measures, requirements, deadline, status, level, notice_year,
		notice_seq, illustrative, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		i.ProjectID, nullID(i.ReportID), i.Category, i.Description, i.RaisedBy, i.RaisedOn, nullID(i.ResponsibleOrgID), unitText,
		nullID(i.LeaderPersonID), i.Measures, i.Requirements, i.Deadline, string(i.Status), string(i.Level), i.noticeYear,
		i.noticeSeq, i.Illustrative, i.CreatedBy, i.CreatedAt, i.UpdatedAt).Scan(&id)
	return id, err
}

func updateIssue(ctx context.Context, c db.Conn, i Issue, unitText string) error {
	_, err := c.Exec(ctx, `UPDATE escalation_issues SET category = ?, description = ?, raised_by = ?, responsible_org_id = ?,
		responsible_unit = ?, leader_person_id = ?, measures = ?, requirements = ?, deadline = ?, level = ?, illustrative = ?,
		updated_at = ? WHERE id = ?`,
		i.Category, i.Description, i.RaisedBy, nullID(i.ResponsibleOrgID), unitText, nullID(i.LeaderPersonID), i.Measures,
		i.Requirements, i.Deadline, string(i.Level), i.Illustrative, i.UpdatedAt, i.ID)
	return err
}

// moveIssue writes a status change if the item is still in status from;
// it reports false when another change got there first.
func moveIssue(ctx context.Context, c db.Conn, i Issue, from Status) (bool, error) {
	res, err := c.Exec(ctx, `UPDATE escalation_issues SET status = ?, level = ?, escalated_on = ?, resolution = ?, resolved_on = ?,
		updated_at = ? WHERE id = ? AND status = ?`,
		string(i.Status), string(i.Level), i.EscalatedOn, i.Resolution, i.ResolvedOn, i.UpdatedAt, i.ID, string(from))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func readSettings(ctx context.Context, c db.Conn) (Settings, error) {
	rows, err := c.Query(ctx, `SELECT key, value FROM escalation_settings`)
	if err != nil {
		return Settings{}, err
	}
	defer rows.Close()
	var s Settings
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "notice_prefix":
			s.NoticePrefix = v
		case "issuing_unit":
			s.IssuingUnit = v
		}
	}
	return s, rows.Err()
}

func writeSetting(ctx context.Context, c db.Conn, key, value string, at time.Time) error {
	_, err := c.Exec(ctx, `UPDATE escalation_settings SET value = ?, updated_at = ? WHERE key = ?`, value, at, key)
	return err
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
