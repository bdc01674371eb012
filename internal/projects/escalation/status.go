package escalation

import (
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Status is where a tracked problem stands. The workflow follows the
// published practice (projects.md §2.7): an issue is raised, 交办 to a
// responsible unit with a 督办单 and coordinated until it is 销号 (resolved)
// or escalated (上报/升级) to a higher level.
type Status string

const (
	StatusPending      Status = "pending"      // 待交办: raised, not yet handed to a unit
	StatusCoordinating Status = "coordinating" // 协调中: handed over, being worked on
	StatusResolved     Status = "resolved"     // 已解决 (销号): closed with a resolution note
	StatusEscalated    Status = "escalated"    // 已上报/升级: sent to a higher level
)

// Statuses in workflow order, for filters and menus.
var statusOrder = [...]Status{StatusPending, StatusCoordinating, StatusEscalated, StatusResolved}

// Statuses returns every status in workflow order.
func Statuses() []Status { return statusOrder[:] }

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range statusOrder {
		if s == x {
			return true
		}
	}
	return false
}

// Open reports whether the problem still needs work: everything but 已解决.
// An escalated problem stays open until the higher level resolves it.
func (s Status) Open() bool { return s.Valid() && s != StatusResolved }

// Level is the government level that handles a problem (县级 → 州级 →
// 自治区级 → 国家级); escalation only ever goes up.
type Level string

const (
	LevelCounty     Level = "county"     // 县市级
	LevelPrefecture Level = "prefecture" // 州级
	LevelRegion     Level = "region"     // 自治区级
	LevelState      Level = "state"      // 国家级
)

var levelOrder = [...]Level{LevelCounty, LevelPrefecture, LevelRegion, LevelState}

// Levels returns the levels from lowest to highest.
func Levels() []Level { return levelOrder[:] }

// rank is the position of l from the bottom, -1 if unknown.
func (l Level) rank() int {
	for i, x := range levelOrder {
		if l == x {
			return i
		}
	}
	return -1
}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l.rank() >= 0 }

// allowed lists the moves of the workflow. 已解决 is final: a problem that
// comes back is a new item, so the closed one keeps its record. An
// escalated problem may be escalated again (to a still higher level),
// handed back for coordination, or resolved.
var allowed = map[Status][]Status{
	StatusPending:      {StatusCoordinating, StatusEscalated, StatusResolved},
	StatusCoordinating: {StatusEscalated, StatusResolved},
	StatusEscalated:    {StatusEscalated, StatusCoordinating, StatusResolved},
}

// CanMove reports whether the workflow allows from → to.
func CanMove(from, to Status) bool {
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Move is one requested status change as the rules see it.
type Move struct {
	From, To Status
	// On is the day of the change (China calendar); Last the day of the
	// item's latest recorded change (its raising day at first); Today the
	// current day in China time.
	On, Last, Today db.Date
	Note            string
	// Level is the level escalated to (only for To = escalated); Current
	// the level handling the item now.
	Level, Current Level
	// HasUnit reports whether the item names a responsible unit.
	HasUnit bool
}

// Catalog keys of the workflow rules.
const (
	keyBadMove       = "escalation.error.move"
	keyNoteRequired  = "escalation.error.resolution_required"
	keyLevelRequired = "escalation.error.level_required"
	keyLevelNotUp    = "escalation.error.level_not_higher"
	keyUnitRequired  = "escalation.error.unit_required"
	keyDateRequired  = "shell.form.required"
	keyBeforeLast    = "escalation.error.before_last"
	keyFuture        = "escalation.error.future"
)

// CheckMove returns the problems of a status change, nil if it may happen.
func CheckMove(m Move) *errs.Validation {
	v := &errs.Validation{}
	if !CanMove(m.From, m.To) {
		v.Add("status", keyBadMove)
		return v
	}
	switch {
	case m.On.IsZero():
		v.Add("on", keyDateRequired)
	case m.On.Before(m.Last.Time):
		v.Add("on", keyBeforeLast, m.Last.String())
	case !m.Today.IsZero() && m.On.After(m.Today.Time):
		v.Add("on", keyFuture)
	}
	switch m.To {
	case StatusResolved:
		if m.Note == "" {
			v.Add("note", keyNoteRequired)
		}
	case StatusEscalated:
		switch {
		case !m.Level.Valid():
			v.Add("level", keyLevelRequired)
		case m.Level.rank() <= m.Current.rank():
			v.Add("level", keyLevelNotUp)
		}
	case StatusCoordinating:
		if !m.HasUnit {
			v.Add("responsible_unit", keyUnitRequired)
		}
	}
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// cst is China Standard Time (UTC+8, no daylight saving): deadlines and
// "today" are the Changji calendar's, not UTC's.
var cst = time.FixedZone("CST", 8*3600)

// Today returns the calendar day of t in China time.
func Today(t time.Time) db.Date { return db.DateOf(t.In(cst)) }

// OverdueDays returns how many days past its deadline a problem is on day
// asOf: 0 when it is not overdue. The deadline day itself is still in time
// (时限 "by the 30th" includes the 30th); a problem resolved on or before
// asOf is no longer overdue, whatever day it closed.
func OverdueDays(deadline, resolvedOn, asOf db.Date) int {
	if deadline.IsZero() || !asOf.After(deadline.Time) {
		return 0
	}
	if !resolvedOn.IsZero() && !resolvedOn.After(asOf.Time) {
		return 0
	}
	return int(asOf.Sub(deadline.Time).Hours() / 24)
}

// ResolvedLate reports whether a resolved problem closed after its deadline.
func ResolvedLate(deadline, resolvedOn db.Date) bool {
	return !deadline.IsZero() && !resolvedOn.IsZero() && resolvedOn.After(deadline.Time)
}
