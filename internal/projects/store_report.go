package projects

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// Reports repeat their project's county and owner, so that a scoped list
// of reports needs no join: scope.SQL("r.division_code", "r.owner_org_id").

const reportSelect = `SELECT r.id, r.project_id, r.month, r.revision, r.is_current, r.physical_amount, r.stats_amount,
	r.physical_pct, r.narrative, r.problems, r.reporter, r.reported_at, r.after_lock FROM projects_reports r`

func scanReport(sc interface{ Scan(...any) error }) (ProgressReport, error) {
	var r ProgressReport
	var pct sql.NullInt64
	err := sc.Scan(&r.ID, &r.ProjectID, &r.Month, &r.Revision, &r.Current, &r.PhysicalAmount, &r.StatsAmount, &pct,
		&r.Narrative, &r.Problems, &r.Reporter, &r.ReportedAt, &r.AfterLock)
	if pct.Valid {
		n := int(pct.Int64)
		r.PhysicalPct = &n
	}
	r.ReportedAt = r.ReportedAt.UTC()
	return r, err
}

// reports returns a visible project's reports, newest month first; with
// history, the superseded revisions too.
func reports(ctx context.Context, c db.Conn, projectID int64, history bool) ([]ProgressReport, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := db.Scoped(pr.Scope, "r.division_code", "r.owner_org_id")
	w.Add("r.project_id = ?", projectID)
	if !history {
		w.Add("r.is_current = TRUE")
	}
	rows, err := c.Query(ctx, reportSelect+` WHERE `+w.SQL()+` ORDER BY r.month DESC, r.revision DESC`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ProgressReport{}
	var ids []int64
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		ids = append(ids, r.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	photos, err := photoIDs(ctx, c, ids)
	for i := range out {
		out[i].Photos = append([]int64{}, photos[out[i].ID]...)
	}
	return out, err
}

// otherCumulative is a project's completed investment outside month m:
// every other month's current report (prior_completed is added by the caller).
func otherCumulative(ctx context.Context, c db.Conn, projectID int64, m Month) (Amount, error) {
	var sum Amount
	err := c.QueryRow(ctx, `SELECT COALESCE(SUM(physical_amount), 0) FROM projects_reports
		WHERE project_id = ? AND is_current = TRUE AND month <> ?`, projectID, int(m)).Scan(&sum)
	return sum, err
}

// insertReport stores a new revision of (project, month) and makes it the
// current one; the earlier revisions stay as history.
func insertReport(ctx context.Context, c db.Conn, p Project, r ProgressReport, reportedBy int64) (ProgressReport, error) {
	var last int
	if err := c.QueryRow(ctx, `SELECT COALESCE(MAX(revision), 0) FROM projects_reports WHERE project_id = ? AND month = ?`,
		p.ID, int(r.Month)).Scan(&last); err != nil {
		return r, err
	}
	if _, err := c.Exec(ctx, `UPDATE projects_reports SET is_current = FALSE WHERE project_id = ? AND month = ?`, p.ID, int(r.Month)); err != nil {
		return r, err
	}
	r.Revision, r.Current, r.ProjectID = last+1, true, p.ID
	var pct any
	if r.PhysicalPct != nil {
		pct = *r.PhysicalPct
	}
	err := c.QueryRow(ctx, `INSERT INTO projects_reports (project_id, month, revision, is_current, physical_amount, stats_amount,
		physical_pct, narrative, problems, division_code, owner_org_id, reported_by, reporter, reported_at, after_lock)
		VALUES (?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.ID, int(r.Month), r.Revision, int64(r.PhysicalAmount), int64(r.StatsAmount), pct, r.Narrative, r.Problems,
		p.DivisionCode, nullID(p.OwnerOrgID), reportedBy, r.Reporter, r.ReportedAt, r.AfterLock).Scan(&r.ID)
	return r, err
}

// Settings.

const settingDeadlineDay = "report_deadline_day"

// defaultDeadlineDay applies when the setting row is missing or unreadable.
const defaultDeadlineDay = 10

func deadlineDay(ctx context.Context, c db.Conn) (int, error) {
	var v string
	err := c.QueryRow(ctx, `SELECT value FROM projects_settings WHERE key = ?`, settingDeadlineDay).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return defaultDeadlineDay, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 28 {
		return defaultDeadlineDay, nil
	}
	return n, nil
}

const settingEnrolment = "enrolment_threshold"

// defaultEnrolment is the statistics bureau's threshold since 2011: projects
// of a planned total of 500万 and more are enrolled (入库) (domain reference
// §2.3, [P]); a setting, because the threshold has changed before.
const defaultEnrolment = Amount(500 * 100)

func enrolmentThreshold(ctx context.Context, c db.Conn) (Amount, error) {
	var v string
	err := c.QueryRow(ctx, `SELECT value FROM projects_settings WHERE key = ?`, settingEnrolment).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return defaultEnrolment, nil
	}
	if err != nil {
		return 0, err
	}
	a, problem := ParseAmount(v)
	if problem != "" {
		return defaultEnrolment, nil
	}
	return a, nil
}

func setSetting(ctx context.Context, c db.Conn, key, value string) error {
	if _, err := c.Exec(ctx, `DELETE FROM projects_settings WHERE key = ?`, key); err != nil {
		return err
	}
	_, err := c.Exec(ctx, `INSERT INTO projects_settings (key, value, updated_at) VALUES (?, ?, ?)`, key, value, time.Now().UTC())
	return err
}
