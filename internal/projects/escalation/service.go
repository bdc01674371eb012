package escalation

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// Service runs the escalation workflows: it validates input (messages are
// catalog keys), checks references inside the writing transaction, and
// writes each change with its history row and audit record in one
// transaction. Who may see what is decided in the store (scope through the
// item's project).
type Service struct {
	d   *db.DB
	reg *registry.Service
	log *slog.Logger
	// now is the clock; tests set it to put "today" at a rule's edge.
	now func() time.Time
}

// NewService returns the escalation service on d. reg is the shared
// registry (responsible organisations, 包联 leaders).
func NewService(d *db.DB, reg *registry.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{d: d, reg: reg, log: log, now: time.Now}
}

// WithClock returns a copy of s whose "now" is fn (tests, demo backfill).
func (s *Service) WithClock(fn func() time.Time) *Service {
	c := *s
	c.now = fn
	return &c
}

// today is the current calendar day in China time.
func (s *Service) today() db.Date { return Today(s.now()) }

// Text limits, in characters.
const (
	maxText  = 2000
	maxShort = 200
)

// Catalog keys of input problems.
const (
	keyRequired       = "shell.form.required"
	keyTooLong        = "shell.form.too_long"
	keyBadDate        = "shell.form.bad_date"
	keyProjectUnknown = "escalation.error.project_unknown"
	keyReportUnknown  = "escalation.error.report_unknown"
	keyOrgUnknown     = "escalation.error.org_unknown"
	keyPersonUnknown  = "escalation.error.person_unknown"
	keyCategory       = "escalation.error.category"
	keyLevel          = "escalation.error.level"
	keyDeadlineEarly  = "escalation.error.deadline_before_raised"
	keyRaisedFuture   = "escalation.error.raised_future"
	keyClosed         = "escalation.error.closed"
	keyStale          = "escalation.error.stale"
	keyStatus         = "escalation.error.status"
)

func text(v *errs.Validation, field, s string, required bool, limit int) {
	switch {
	case required && s == "":
		v.Add(field, keyRequired)
	case utf8.RuneCountInString(s) > limit:
		v.Add(field, keyTooLong, limit)
	}
}

// date reads "YYYY-MM-DD"; "" gives def.
func date(v *errs.Validation, field, s string, def db.Date) db.Date {
	if s == "" {
		return def
	}
	d, err := db.ParseDate(s)
	if err != nil {
		v.Add(field, keyBadDate)
		return db.Date{}
	}
	return d
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// Get returns one item with its overdue days as of today.
func (s *Service) Get(ctx context.Context, id int64) (Issue, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Issue{}, err
	}
	c := s.d.Read()
	i, err := getIssue(ctx, c, pr, id)
	if err != nil {
		return Issue{}, err
	}
	set, err := readSettings(ctx, c)
	s.decorate(&i, set, s.today())
	return i, err
}

// List returns a page of the items within the principal's scope.
func (s *Service) List(ctx context.Context, f Filter) ([]Issue, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := s.d.Read()
	today := s.today()
	items, total, err := listIssues(ctx, c, pr, f, today)
	if err != nil {
		return nil, 0, err
	}
	set, err := readSettings(ctx, c)
	for k := range items {
		s.decorate(&items[k], set, today)
	}
	return items, total, err
}

// History returns an item's status changes, oldest first (the first row is
// its raising).
func (s *Service) History(ctx context.Context, id int64) ([]Change, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	c := s.d.Read()
	if _, err := getIssue(ctx, c, pr, id); err != nil {
		return nil, err
	}
	return history(ctx, c, id)
}

// decorate fills the computed fields: the notice number and overdue days.
func (s *Service) decorate(i *Issue, set Settings, asOf db.Date) {
	i.NoticeNo = NoticeNumber(set.NoticePrefix, i.noticeYear, i.noticeSeq)
	i.OverdueDays = OverdueDays(i.Deadline.Date, i.ResolvedOn.Date, asOf)
}

// check validates input into an item (without id, status or numbering),
// reading its references in c within the principal's scope. cur is the
// item being edited, nil on create: its project, report and raising day
// stay as they were.
func (s *Service) check(ctx context.Context, c db.Conn, pr *access.Principal, in IssueInput, cur *Issue) (Issue, error) {
	v := &errs.Validation{}
	today := s.today()
	i := Issue{Category: strings.TrimSpace(in.Category), Description: strings.TrimSpace(in.Description),
		RaisedBy: strings.TrimSpace(in.RaisedBy), Measures: strings.TrimSpace(in.Measures),
		Requirements: strings.TrimSpace(in.Requirements), Level: Level(strings.TrimSpace(in.Level)),
		ResponsibleOrgID: in.ResponsibleOrgID, LeaderPersonID: in.LeaderPersonID, Illustrative: in.Illustrative}
	unit := strings.TrimSpace(in.ResponsibleUnit)
	text(v, "description", i.Description, true, maxText)
	text(v, "measures", i.Measures, false, maxText)
	text(v, "requirements", i.Requirements, false, maxText)
	text(v, "responsible_unit", unit, false, maxShort)
	if i.RaisedBy == "" {
		i.RaisedBy = pr.Name
	}
	text(v, "raised_by", i.RaisedBy, false, maxShort)
	switch {
	case i.Category == "":
		v.Add("category", keyRequired)
	case !validCategory(i.Category):
		v.Add("category", keyCategory)
	}
	if i.Level == "" {
		i.Level = LevelCounty
	}
	if !i.Level.Valid() {
		v.Add("level", keyLevel)
	}
	if cur != nil {
		i.ProjectID, i.ReportID, i.RaisedOn = cur.ProjectID, cur.ReportID, cur.RaisedOn
	} else {
		i.ProjectID, i.ReportID = in.ProjectID, in.ReportID
		i.RaisedOn = Date{Date: date(v, "raised_on", strings.TrimSpace(in.RaisedOn), today)}
		if !i.RaisedOn.IsZero() && i.RaisedOn.After(today.Time) {
			v.Add("raised_on", keyRaisedFuture)
		}
	}
	if s := strings.TrimSpace(in.Deadline); s == "" {
		v.Add("deadline", keyRequired)
	} else {
		i.Deadline = Date{Date: date(v, "deadline", s, db.Date{})}
		if !i.Deadline.IsZero() && !i.RaisedOn.IsZero() && i.Deadline.Before(i.RaisedOn.Time) {
			v.Add("deadline", keyDeadlineEarly, i.RaisedOn.String())
		}
	}
	// References: the project within scope, the report of that project,
	// the organisation and person as the registry lets this principal see.
	var proj projectRef
	if i.ProjectID == 0 {
		v.Add("project_id", keyRequired)
	} else {
		p, err := scopedProject(ctx, c, pr, i.ProjectID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("project_id", keyProjectUnknown)
		case err != nil:
			return Issue{}, err
		}
		proj = p
	}
	if i.ReportID != 0 && proj.ID != 0 && cur == nil {
		pid, err := reportProject(ctx, c, i.ReportID)
		if err != nil {
			return Issue{}, err
		}
		if pid != proj.ID {
			v.Add("report_id", keyReportUnknown)
		}
	}
	switch {
	case i.ResponsibleOrgID != 0 && cur != nil && cur.ResponsibleOrgID == i.ResponsibleOrgID:
		// Unchanged: a county may keep a prefecture unit the bureau chose,
		// though the registry does not show it that unit.
		i.ResponsibleUnit, unit = cur.ResponsibleUnit, ""
	case i.ResponsibleOrgID != 0:
		o, err := s.reg.GetOrganisation(ctx, i.ResponsibleOrgID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("responsible_org_id", keyOrgUnknown)
		case err != nil:
			return Issue{}, err
		default:
			i.ResponsibleUnit = o.Name
			unit = ""
		}
	default:
		i.ResponsibleUnit = unit
	}
	if i.LeaderPersonID == 0 && cur == nil {
		i.LeaderPersonID = proj.LeaderID
	}
	if i.LeaderPersonID != 0 && i.LeaderPersonID != proj.LeaderID && (cur == nil || cur.LeaderPersonID != i.LeaderPersonID) {
		_, err := s.reg.GetPerson(ctx, i.LeaderPersonID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("leader_person_id", keyPersonUnknown)
		case err != nil:
			return Issue{}, err
		}
	}
	i.DivisionCode = proj.Division
	if err := v.Err(); err != nil {
		return Issue{}, err
	}
	i.unitText = unit
	return i, nil
}

// Create raises a problem as a new item (待交办), numbers its 督办单 and
// records the raising as the first history row.
func (s *Service) Create(ctx context.Context, in IssueInput) (Issue, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Issue{}, err
	}
	var id int64
	err = s.d.Tx(ctx, func(c db.Conn) error {
		i, err := s.check(ctx, c, pr, in, nil)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		i.Status, i.CreatedBy, i.CreatedAt, i.UpdatedAt = StatusPending, pr.Username, now, now
		i.noticeYear = i.RaisedOn.Year()
		if i.noticeSeq, err = nextNoticeSeq(ctx, c, i.noticeYear); err != nil {
			return err
		}
		if id, err = insertIssue(ctx, c, i, i.unitText); err != nil {
			return err
		}
		i.ID = id
		if err := addHistory(ctx, c, Change{IssueID: id, To: StatusPending, On: i.RaisedOn, Level: i.Level,
			Note: i.Description, Actor: pr.Username, RecordedAt: now}); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectIssue, ObjectID: idStr(id),
			Division: i.DivisionCode, After: i})
	})
	if err != nil {
		return Issue{}, err
	}
	return s.Get(ctx, id)
}

// Update changes an open item's fields — category, description,
// responsible unit, leader, measures, requirements, deadline (an extension
// is an audited change), level. The project, the source report and the
// raising day stay; a resolved item is closed to edits.
func (s *Service) Update(ctx context.Context, id int64, in IssueInput) (Issue, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Issue{}, err
	}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		cur, err := getIssue(ctx, c, pr, id)
		if err != nil {
			return err
		}
		if cur.Status == StatusResolved {
			return errs.Invalid("status", keyClosed)
		}
		i, err := s.check(ctx, c, pr, in, &cur)
		if err != nil {
			return err
		}
		i.ID, i.UpdatedAt = id, s.now().UTC()
		if err := updateIssue(ctx, c, i, i.unitText); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectIssue, ObjectID: idStr(id),
			Division: cur.DivisionCode, Before: cur, After: i})
	})
	if err != nil {
		return Issue{}, err
	}
	return s.Get(ctx, id)
}

// Move changes an item's status by the workflow's rules (CheckMove) and
// records who, when and why in its history.
func (s *Service) Move(ctx context.Context, id int64, in MoveInput) (Issue, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Issue{}, err
	}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		cur, err := getIssue(ctx, c, pr, id)
		if err != nil {
			return err
		}
		last, err := lastChangeDay(ctx, c, id)
		if err != nil {
			return err
		}
		if last.IsZero() {
			last = cur.RaisedOn.Date
		}
		v := &errs.Validation{}
		to := Status(strings.TrimSpace(in.To))
		if !to.Valid() {
			return errs.Invalid("to", keyStatus)
		}
		today := s.today()
		m := Move{From: cur.Status, To: to, On: date(v, "on", strings.TrimSpace(in.On), today), Last: last, Today: today,
			Note: strings.TrimSpace(in.Note), Level: Level(strings.TrimSpace(in.Level)), Current: cur.Level,
			HasUnit: cur.ResponsibleUnit != ""}
		text(v, "note", m.Note, false, maxText)
		if err := v.Err(); err != nil {
			return err
		}
		if mv := CheckMove(m); mv != nil {
			return mv
		}
		next := cur
		next.Status, next.UpdatedAt = to, s.now().UTC()
		switch to {
		case StatusEscalated:
			next.Level, next.EscalatedOn = m.Level, Date{Date: m.On}
		case StatusResolved:
			next.Resolution, next.ResolvedOn = m.Note, Date{Date: m.On}
		}
		ok, err := moveIssue(ctx, c, next, cur.Status)
		if err != nil {
			return err
		}
		if !ok {
			return errs.Invalid("status", keyStale)
		}
		lvl := Level("")
		if to == StatusEscalated {
			lvl = m.Level
		}
		if err := addHistory(ctx, c, Change{IssueID: id, From: cur.Status, To: to, On: Date{Date: m.On}, Level: lvl, Note: m.Note,
			Actor: pr.Username, RecordedAt: next.UpdatedAt}); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: "status", ObjectType: ObjectIssue, ObjectID: idStr(id),
			Division: cur.DivisionCode, Before: cur, After: next})
	})
	if err != nil {
		return Issue{}, err
	}
	return s.Get(ctx, id)
}

// Notice returns the item's supervision notice (督办单). It is issued on the
// day the item was handed to its unit (交办), or raised if not yet.
func (s *Service) Notice(ctx context.Context, id int64) (Notice, error) {
	i, err := s.Get(ctx, id)
	if err != nil {
		return Notice{}, err
	}
	c := s.d.Read()
	set, err := readSettings(ctx, c)
	if err != nil {
		return Notice{}, err
	}
	on, err := firstDayOf(ctx, c, id, StatusCoordinating)
	if err != nil {
		return Notice{}, err
	}
	if on.IsZero() {
		on = i.RaisedOn.Date
	}
	return Notice{No: i.NoticeNo, IssuingUnit: set.IssuingUnit, IssuedOn: Date{Date: on}, Issue: i, Requirements: i.Requirements}, nil
}

// Settings returns the notice's issuer data.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	if _, err := reader(ctx); err != nil {
		return Settings{}, err
	}
	return readSettings(ctx, s.d.Read())
}

// SetSettings changes the notice's issuer data (the 发改委 only). Numbers
// already given keep their sequence; they print with the new prefix.
func (s *Service) SetSettings(ctx context.Context, in Settings) (Settings, error) {
	if _, err := bureau(ctx); err != nil {
		return Settings{}, err
	}
	in.NoticePrefix, in.IssuingUnit = strings.TrimSpace(in.NoticePrefix), strings.TrimSpace(in.IssuingUnit)
	v := &errs.Validation{}
	text(v, "notice_prefix", in.NoticePrefix, true, 40)
	text(v, "issuing_unit", in.IssuingUnit, true, maxShort)
	if err := v.Err(); err != nil {
		return Settings{}, err
	}
	err := s.d.Tx(ctx, func(c db.Conn) error {
		before, err := readSettings(ctx, c)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if err := writeSetting(ctx, c, "notice_prefix", in.NoticePrefix, now); err != nil {
			return err
		}
		if err := writeSetting(ctx, c, "issuing_unit", in.IssuingUnit, now); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectSettings, ObjectID: "notice",
			Before: before, After: in})
	})
	if err != nil {
		return Settings{}, err
	}
	return in, nil
}
