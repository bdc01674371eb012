package escalation

import (
	"embed"
	"io/fs"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/registry"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

// Migrations returns the escalation schema. It references the registry's
// and the projects' tables, so it migrates after projects.Migrations().
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "escalation", FS: sub}
}

// Locale returns the package's message catalog files (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Object types written to the audit trail.
const (
	ObjectIssue    = "escalation.issue"
	ObjectSettings = "escalation.settings"
)

// Categories of problems (问题类别), after the model of projects.md §2.7:
// 用地, 规划, 环评, 能评, 资金, 征迁, 要素保障 (水电气), 审批, 其他. Their
// names are catalog keys "escalation.category.<code>".
var categoryOrder = [...]string{"land", "planning", "eia", "energy", "funding", "relocation", "utilities", "approval", "other"}

// Categories returns the category codes in display order.
func Categories() []string { return categoryOrder[:] }

func validCategory(c string) bool {
	for _, x := range categoryOrder {
		if c == x {
			return true
		}
	}
	return false
}

// Date is a calendar date that reads and writes JSON as "YYYY-MM-DD".
type Date = registry.Date

// Issue is one tracked problem of a project.
type Issue struct {
	ID           int64  `json:"id"`
	ProjectID    int64  `json:"project_id"`
	ProjectName  string `json:"project_name"`
	ProjectCode  string `json:"project_code"`
	DivisionCode string `json:"division_code"` // the project's county
	DivisionName string `json:"division_name"`
	// ReportID is the monthly report the problem was raised in, 0 if staff
	// raised it directly.
	ReportID    int64  `json:"report_id"`
	Category    string `json:"category"`
	Description string `json:"description"`
	RaisedBy    string `json:"raised_by"`
	RaisedOn    Date   `json:"raised_on"`
	// ResponsibleOrgID is the registry organisation responsible (责任单位),
	// 0 when the unit is only named in ResponsibleUnit.
	ResponsibleOrgID int64  `json:"responsible_org_id"`
	ResponsibleUnit  string `json:"responsible_unit"` // the org's name, or the free text
	LeaderPersonID   int64  `json:"leader_person_id"` // 包联 leader
	LeaderName       string `json:"leader_name"`
	Measures         string `json:"measures"`     // 措施
	Requirements     string `json:"requirements"` // 督办要求 printed on the notice
	Deadline         Date   `json:"deadline"`     // 时限
	Status           Status `json:"status"`
	Level            Level  `json:"level"` // level handling it now
	EscalatedOn      Date   `json:"escalated_on"`
	Resolution       string `json:"resolution"`
	ResolvedOn       Date   `json:"resolved_on"`
	NoticeNo         string `json:"notice_no"`
	// OverdueDays is computed for today (China time), 0 when in time.
	OverdueDays  int       `json:"overdue_days"`
	Illustrative bool      `json:"illustrative"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`

	noticeYear, noticeSeq int
	// unitText is the free-text unit as stored ("" when an org is named).
	unitText string
}

// Overdue reports whether the item was past its deadline when read.
func (i Issue) Overdue() bool { return i.OverdueDays > 0 }

// IssueInput raises or edits a problem. Dates are "YYYY-MM-DD"; RaisedOn
// defaults to today and RaisedBy to the acting user's name; LeaderPersonID
// 0 takes the project's 包联 leader; Level "" is county. Status changes go
// through Move, never through an edit.
type IssueInput struct {
	ProjectID        int64  `json:"project_id"`
	ReportID         int64  `json:"report_id"`
	Category         string `json:"category"`
	Description      string `json:"description"`
	RaisedBy         string `json:"raised_by"`
	RaisedOn         string `json:"raised_on"`
	ResponsibleOrgID int64  `json:"responsible_org_id"`
	ResponsibleUnit  string `json:"responsible_unit"`
	LeaderPersonID   int64  `json:"leader_person_id"`
	Measures         string `json:"measures"`
	Requirements     string `json:"requirements"`
	Deadline         string `json:"deadline"`
	Level            string `json:"level"`
	Illustrative     bool   `json:"illustrative"`
}

// Input returns the item as input, for a change of some of its fields.
func (i Issue) Input() IssueInput {
	unit := i.ResponsibleUnit
	if i.ResponsibleOrgID != 0 {
		unit = ""
	}
	return IssueInput{ProjectID: i.ProjectID, ReportID: i.ReportID, Category: i.Category, Description: i.Description,
		RaisedBy: i.RaisedBy, RaisedOn: i.RaisedOn.String(), ResponsibleOrgID: i.ResponsibleOrgID, ResponsibleUnit: unit,
		LeaderPersonID: i.LeaderPersonID, Measures: i.Measures, Requirements: i.Requirements, Deadline: i.Deadline.String(),
		Level: string(i.Level), Illustrative: i.Illustrative}
}

// MoveInput changes an item's status on a day ("YYYY-MM-DD", default
// today). Note is required to resolve (the resolution, 销号说明); Level is
// required to escalate.
type MoveInput struct {
	To    string `json:"to"`
	On    string `json:"on"`
	Note  string `json:"note"`
	Level string `json:"level"`
}

// Change is one row of an item's status history.
type Change struct {
	ID         int64     `json:"id"`
	IssueID    int64     `json:"issue_id"`
	From       Status    `json:"from"`
	To         Status    `json:"to"`
	On         Date      `json:"on"`
	Level      Level     `json:"level"`
	Note       string    `json:"note"`
	Actor      string    `json:"actor"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Filter selects items. Limit 0 is the default page (50), negative every
// row (exports).
type Filter struct {
	Q            string
	ProjectID    int64
	DivisionCode string
	Status       string // a status, or "open" for every unresolved one
	Category     string
	OverdueOnly  bool
	Limit        int
	Offset       int
}

// Notice is the supervision notice (督办单) of an item, ready to print.
type Notice struct {
	No           string `json:"no"`
	IssuingUnit  string `json:"issuing_unit"`
	IssuedOn     Date   `json:"issued_on"`
	Issue        Issue  `json:"issue"`
	Requirements string `json:"requirements"` // "" prints the standard wording
}

// Settings are the notice's issuer data.
type Settings struct {
	NoticePrefix string `json:"notice_prefix"` // 机关代字, e.g. 昌州项目督
	IssuingUnit  string `json:"issuing_unit"`
}

// Group is one line of the monthly meeting view: a county or a
// responsible unit with its counts.
type Group struct {
	Key      string `json:"key"` // division code, "org:<id>" or "text:<name>"
	Name     string `json:"name"`
	Open     int    `json:"open"`     // unresolved on the meeting day
	Overdue  int    `json:"overdue"`  // of those, past their deadline
	New      int    `json:"new"`      // raised in the month
	Resolved int    `json:"resolved"` // resolved in the month
}

// Meeting is the monthly dispatch meeting's view (月度调度会): the state
// on Day (the month's last day, or today while it runs).
type Meeting struct {
	Month    string  `json:"month"` // YYYY-MM
	Day      Date    `json:"day"`
	Total    Group   `json:"total"`
	ByCounty []Group `json:"by_county"`
	ByUnit   []Group `json:"by_unit"`
	// Open are the items unresolved on Day, overdue first (most days),
	// each with OverdueDays as of Day.
	Open []Issue `json:"open"`
	// Resolved are the items resolved in the month.
	Resolved []Issue `json:"resolved"`
}
