package safety

import (
	"context"
	"database/sql"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// Hazard is one entry of the hazard ledger (事故隐患台账).
type Hazard struct {
	ID            int64  `json:"id"`
	EnterpriseID  int64  `json:"enterprise_id"`
	OrgID         int64  `json:"org_id"`
	OrgName       string `json:"org_name"`
	DivisionCode  string `json:"division_code"`
	DivisionName  string `json:"division_name"`
	Sector        string `json:"sector"`
	Source        Source `json:"source"`
	Grade         Grade  `json:"grade"`
	Kind          Kind   `json:"kind"`
	Status        Status `json:"status"`
	Title         string `json:"title"`
	Description   string `json:"description"`
	CriterionID   int64  `json:"criterion_id"`
	CriterionCode string `json:"criterion_code"`
	CriterionText string `json:"criterion_text"`
	InspectionID  int64  `json:"inspection_id"`
	ReportID      int64  `json:"report_id"`
	FoundOn       Date   `json:"found_on"`
	// Deadline is the last day allowed for rectification (for a major
	// hazard, the plan's).
	Deadline       Date         `json:"deadline"`
	At             *Point       `json:"at"`
	ListedLevel    ListingLevel `json:"listed_level"` // "" when not under listed supervision
	ListedBy       string       `json:"listed_by"`
	ListedOn       Date         `json:"listed_on"`
	PublicationURL string       `json:"publication_url"`
	ReportedAt     *time.Time   `json:"reported_at"` // plan reported to the regulator
	AppliedAt      *time.Time   `json:"applied_at"`
	ClosedAt       *time.Time   `json:"closed_at"`
	// DaysOverdue is filled in against the service's today; 0 when on time
	// or closed.
	DaysOverdue int       `json:"days_overdue"`
	CreatedBy   int64     `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// HazardInput records a hazard. Dates are "YYYY-MM-DD".
type HazardInput struct {
	EnterpriseID int64    `json:"enterprise_id"`
	Source       string   `json:"source"`
	Grade        string   `json:"grade"`
	Kind         string   `json:"kind"`
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	CriterionID  int64    `json:"criterion_id"`
	FoundOn      string   `json:"found_on"`
	Deadline     string   `json:"deadline"`
	Lat          *float64 `json:"lat"`
	Lng          *float64 `json:"lng"`
}

// HazardFilter selects hazards.
type HazardFilter struct {
	Q            string
	Status       string
	Grade        string
	Source       string
	Kind         string
	Sector       string
	DivisionCode string
	EnterpriseID int64
	// Open keeps hazards not yet closed; Overdue those open past deadline;
	// Listed those under listed supervision.
	Open, Overdue, Listed bool
	// FoundFrom, FoundTo bound the day found (inclusive); zero: unbounded.
	FoundFrom, FoundTo time.Time
	Limit, Offset      int
}

// HazardEvent is one step of a hazard's history.
type HazardEvent struct {
	ID    int64     `json:"id"`
	Event string    `json:"event"`
	From  Status    `json:"from"`
	To    Status    `json:"to"`
	Note  string    `json:"note"`
	Actor string    `json:"actor"`
	At    time.Time `json:"at"`
}

const hazardSelect = `SELECT h.id, h.enterprise_id, h.org_id, o.name, h.division_code, COALESCE(dv.name, ''), h.sector, h.source, h.grade,
	h.kind, h.status, h.title, h.description, COALESCE(h.criterion_id, 0), COALESCE(cr.code, ''), COALESCE(cr.text, ''),
	COALESCE(h.inspection_id, 0), COALESCE(h.report_id, 0), h.found_on, h.deadline, h.lat, h.lng, COALESCE(h.listed_level, ''),
	h.listed_by, h.listed_on, h.publication_url, h.reported_at, h.applied_at, h.closed_at, h.created_by, h.created_at, h.updated_at
	FROM safety_hazards h
	JOIN registry_orgs o ON o.id = h.org_id
	LEFT JOIN registry_divisions dv ON dv.code = h.division_code
	LEFT JOIN safety_criteria cr ON cr.id = h.criterion_id`

func scanHazard(sc interface{ Scan(...any) error }, today time.Time) (Hazard, error) {
	var h Hazard
	var lat, lng sql.NullFloat64
	var rep, app, clo sql.NullTime
	err := sc.Scan(&h.ID, &h.EnterpriseID, &h.OrgID, &h.OrgName, &h.DivisionCode, &h.DivisionName, &h.Sector, &h.Source, &h.Grade,
		&h.Kind, &h.Status, &h.Title, &h.Description, &h.CriterionID, &h.CriterionCode, &h.CriterionText,
		&h.InspectionID, &h.ReportID, &h.FoundOn.Date, &h.Deadline.Date, &lat, &lng, &h.ListedLevel,
		&h.ListedBy, &h.ListedOn.Date, &h.PublicationURL, &rep, &app, &clo, &h.CreatedBy, &h.CreatedAt, &h.UpdatedAt)
	if lat.Valid && lng.Valid {
		h.At = &Point{Lat: lat.Float64, Lng: lng.Float64}
	}
	h.ReportedAt, h.AppliedAt, h.ClosedAt = utcPtr(rep), utcPtr(app), utcPtr(clo)
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	if h.Status.Open() {
		h.DaysOverdue = DaysOverdue(h.Deadline.Time, today)
	}
	return h, err
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// getHazard reads a hazard within the reader's scope: division subtree for
// staff and inspectors, the own organisation for enterprise users.
func getHazard(ctx context.Context, c db.Conn, id int64, today time.Time) (Hazard, error) {
	p, err := reader(ctx)
	if err != nil {
		return Hazard{}, err
	}
	w := scoped(p, "h.division_code", "h.org_id")
	w.add("h.id = ?", id)
	h, err := scanHazard(c.QueryRow(ctx, hazardSelect+` WHERE `+w.sql(), w.args...), today)
	return h, notFound(err)
}

func hazardConds(ctx context.Context, f HazardFilter, today time.Time) (*conds, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := scoped(p, "h.division_code", "h.org_id")
	w.search(f.Q, "h.title", "h.description", "o.name")
	w.underDivision("h.division_code", f.DivisionCode)
	for col, val := range map[string]string{"h.status": f.Status, "h.grade": f.Grade, "h.source": f.Source, "h.kind": f.Kind, "h.sector": f.Sector} {
		if val != "" {
			w.add(col+" = ?", val)
		}
	}
	if f.EnterpriseID != 0 {
		w.add("h.enterprise_id = ?", f.EnterpriseID)
	}
	if f.Open || f.Overdue {
		w.add("h.status <> ?", string(StatusClosed))
	}
	if f.Overdue {
		w.add("h.deadline < ?", db.DateOf(today))
	}
	if f.Listed {
		w.add("h.listed_level IS NOT NULL")
	}
	if !f.FoundFrom.IsZero() {
		w.add("h.found_on >= ?", db.DateOf(f.FoundFrom))
	}
	if !f.FoundTo.IsZero() {
		w.add("h.found_on <= ?", db.DateOf(f.FoundTo))
	}
	return w, nil
}

func listHazards(ctx context.Context, c db.Conn, f HazardFilter, today time.Time) ([]Hazard, int, error) {
	w, err := hazardConds(ctx, f, today)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_hazards h JOIN registry_orgs o ON o.id = h.org_id WHERE `+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, hazardSelect+` WHERE `+w.sql()+` ORDER BY h.found_on DESC, h.id DESC`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Hazard{}
	for rows.Next() {
		h, err := scanHazard(rows, today)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, h)
	}
	return out, total, rows.Err()
}

// hazardFacts gathers what the lifecycle guards look at.
func hazardFacts(ctx context.Context, c db.Conn, h Hazard) (Facts, error) {
	f := Facts{Grade: h.Grade, Status: h.Status}
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_files WHERE hazard_id = ? AND purpose = 'evidence'`, h.ID).Scan(&f.Evidence); err != nil {
		return f, err
	}
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_actions WHERE hazard_id = ? AND status = ?`, h.ID, string(ActionOpen)).Scan(&f.OpenActions); err != nil {
		return f, err
	}
	if p, ok, err := getPlan(ctx, c, h.ID); err != nil {
		return f, err
	} else if ok {
		f.PlanComplete = PlanComplete(p, h.FoundOn.Time)
	}
	return f, nil
}

func getPlan(ctx context.Context, c db.Conn, hazardID int64) (Plan, bool, error) {
	var p Plan
	err := c.QueryRow(ctx, `SELECT goal, measures, funds_fen, materials, responsible, deadline, contingency FROM safety_plans WHERE hazard_id = ?`, hazardID).
		Scan(&p.Goal, &p.Measures, &p.FundsFen, &p.Materials, &p.Responsible, &p.Deadline.Date, &p.Contingency)
	if err == sql.ErrNoRows {
		return p, false, nil
	}
	return p, err == nil, err
}

func hazardEvents(ctx context.Context, c db.Conn, id int64) ([]HazardEvent, error) {
	rows, err := c.Query(ctx, `SELECT id, event, from_status, to_status, note, actor, at FROM safety_hazard_events WHERE hazard_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []HazardEvent{}
	for rows.Next() {
		var e HazardEvent
		if err := rows.Scan(&e.ID, &e.Event, &e.From, &e.To, &e.Note, &e.Actor, &e.At); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
