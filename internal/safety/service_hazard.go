package safety

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetHazard returns a hazard within the caller's scope.
func (s *Service) GetHazard(ctx context.Context, id int64) (Hazard, error) {
	return getHazard(ctx, s.d.Read(), id, s.today())
}

// ListHazards returns the hazards matching f within the caller's scope,
// newest finding first.
func (s *Service) ListHazards(ctx context.Context, f HazardFilter) ([]Hazard, int, error) {
	return listHazards(ctx, s.d.Read(), f, s.today())
}

// HazardHistory returns a hazard's events, oldest first.
func (s *Service) HazardHistory(ctx context.Context, id int64) ([]HazardEvent, error) {
	c := s.d.Read()
	if _, err := getHazard(ctx, c, id, s.today()); err != nil {
		return nil, err
	}
	return hazardEvents(ctx, c, id)
}

// HazardPlan returns a major hazard's treatment plan, false if none yet.
func (s *Service) HazardPlan(ctx context.Context, id int64) (Plan, bool, error) {
	c := s.d.Read()
	if _, err := getHazard(ctx, c, id, s.today()); err != nil {
		return Plan{}, false, err
	}
	return getPlan(ctx, c, id)
}

// checkHazard validates a new hazard against the enterprise it is recorded
// for; the acting side decides which sources it may use.
func (s *Service) checkHazard(ctx context.Context, c db.Conn, actor Actor, in HazardInput) (Hazard, Enterprise, error) {
	v := &errs.Validation{}
	h := Hazard{Source: Source(strings.TrimSpace(in.Source)), Grade: Grade(strings.TrimSpace(in.Grade)), Kind: Kind(strings.TrimSpace(in.Kind)),
		Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description), CriterionID: in.CriterionID}
	text(v, "title", h.Title, true, maxName)
	text(v, "description", h.Description, false, maxText)
	if !oneOf(h.Source, Sources()) {
		v.Add("source", keyBadChoice)
	} else if actor == ActorEnterprise && h.Source != SourceSelf {
		// An enterprise records what it finds itself; department findings
		// and public reports come in through their own doors.
		v.Add("source", "safety.hazard.source_not_yours")
	}
	if !oneOf(h.Grade, Grades()) {
		v.Add("grade", keyBadChoice)
	}
	if !oneOf(h.Kind, Kinds()) {
		v.Add("kind", keyBadChoice)
	}
	h.FoundOn = parseDay(v, "found_on", in.FoundOn, true)
	// Every hazard is recorded with a deadline (限期): for a major one it is
	// the time allowed to report the treatment plan, whose own deadline
	// then replaces it; so a major hazard left without a plan is overdue
	// and climbs the ladder like any other.
	h.Deadline = parseDay(v, "deadline", in.Deadline, true)
	today := s.today()
	if !h.FoundOn.IsZero() && h.FoundOn.After(today) {
		v.Add("found_on", "safety.date.future")
	}
	if !h.FoundOn.IsZero() && !h.Deadline.IsZero() && h.Deadline.Before(h.FoundOn.Time) {
		v.Add("deadline", KeyDateOrder)
	}
	if (in.Lat == nil) != (in.Lng == nil) {
		v.Add("lat", "safety.point.incomplete")
	} else if in.Lat != nil {
		pt := Point{Lat: *in.Lat, Lng: *in.Lng}
		if !pt.Valid() {
			v.Add("lat", "safety.point.invalid")
		}
		h.At = &pt
	}
	var e Enterprise
	if in.EnterpriseID <= 0 {
		v.Add("enterprise_id", keyRequired)
	} else {
		var err error
		e, err = getEnterprise(ctx, c, in.EnterpriseID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("enterprise_id", "safety.enterprise.unknown")
		} else if err != nil {
			return h, e, err
		}
	}
	if h.CriterionID != 0 && !v.Has("found_on") {
		cr, set, err := criterionInForce(ctx, c, v, "criterion_id", h.CriterionID, h.FoundOn.Time)
		if err != nil {
			return h, e, err
		}
		if !v.Has("criterion_id") {
			if e.ID != 0 && set.Sector != e.Sector {
				v.Add("criterion_id", "safety.criterion.other_sector")
			}
			// A failed item of a 判定标准 is a major hazard by definition.
			if cr.Grade == GradeMajor && h.Grade == GradeGeneral {
				v.Add("grade", "safety.hazard.criterion_major")
			}
		}
	}
	h.EnterpriseID, h.OrgID, h.DivisionCode, h.Sector = e.ID, e.OrgID, e.DivisionCode, e.Sector
	h.Status = InitialStatus(h.Grade)
	return h, e, v.Err()
}

// insertHazard writes a checked hazard and its first event.
func insertHazard(ctx context.Context, c db.Conn, p *access.Principal, h Hazard, inspectionID, reportID int64) (int64, error) {
	now := time.Now().UTC()
	var lat, lng any
	if h.At != nil {
		lat, lng = h.At.Lat, h.At.Lng
	}
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO safety_hazards (enterprise_id, org_id, division_code, sector, source, grade, kind, status, title, description,
		criterion_id, inspection_id, report_id, found_on, deadline, lat, lng, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		h.EnterpriseID, h.OrgID, h.DivisionCode, h.Sector, string(h.Source), string(h.Grade), string(h.Kind), string(h.Status), h.Title, h.Description,
		nullID(h.CriterionID), nullID(inspectionID), nullID(reportID), h.FoundOn.Date, nullDate(h.Deadline), lat, lng, p.UserID, now, now).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, addEvent(ctx, c, p, id, "create", "", h.Status, "")
}

func addEvent(ctx context.Context, c db.Conn, p *access.Principal, hazardID int64, ev string, from, to Status, note string) error {
	_, err := c.Exec(ctx, `INSERT INTO safety_hazard_events (hazard_id, event, from_status, to_status, note, actor_id, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		hazardID, ev, string(from), string(to), note, p.UserID, p.Username, time.Now().UTC())
	return err
}

// CreateHazard records a hazard: a regulator's finding (source department),
// or an enterprise's own (source self, own organisation only).
func (s *Service) CreateHazard(ctx context.Context, in HazardInput) (Hazard, error) {
	p, actor, err := party(ctx)
	if err != nil {
		return Hazard{}, err
	}
	var out Hazard
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		h, _, err := s.checkHazard(ctx, c, actor, in)
		if err != nil {
			return audit.Change{}, err
		}
		id, err := insertHazard(ctx, c, p, h, 0, 0)
		if err != nil {
			return audit.Change{}, err
		}
		if out, err = getHazard(ctx, c, id, s.today()); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectHazard, ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// step runs one lifecycle event on hazard id: it gathers the facts, asks
// Next, lets change write what the event carries, and records the new
// status, the history line and the audit record in one transaction.
func (s *Service) step(ctx context.Context, id int64, ev Event, note string, prepare func(c db.Conn, f *Facts) error, change func(c db.Conn, h Hazard, to Status) error) (Hazard, error) {
	p, actor, err := party(ctx)
	if err != nil {
		return Hazard{}, err
	}
	note = strings.TrimSpace(note)
	v := &errs.Validation{}
	text(v, "note", note, ev == EventReject, maxText)
	if err := v.Err(); err != nil {
		return Hazard{}, err
	}
	var out Hazard
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getHazard(ctx, c, id, s.today())
		if err != nil {
			return audit.Change{}, err
		}
		f, err := hazardFacts(ctx, c, before)
		if err != nil {
			return audit.Change{}, err
		}
		if prepare != nil {
			if err := prepare(c, &f); err != nil {
				return audit.Change{}, err
			}
		}
		to, key := Next(f, ev, actor)
		if key != "" {
			return audit.Change{}, errs.Invalid("status", key)
		}
		if change != nil {
			if err := change(c, before, to); err != nil {
				return audit.Change{}, err
			}
		}
		now := s.now().UTC()
		var closed any
		if to == StatusClosed {
			closed = now
		}
		// The status read above is a condition of the write: if another
		// transaction moved the hazard meanwhile (PostgreSQL runs them side
		// by side), this one changes nothing and says so.
		res, err := c.Exec(ctx, `UPDATE safety_hazards SET status = ?, closed_at = ?, updated_at = ? WHERE id = ? AND status = ?`, string(to), closed, now, id, string(before.Status))
		if err := oneRow(res, err); errors.Is(err, errs.ErrNotFound) {
			return audit.Change{}, errs.Invalid("status", "safety.hazard.changed")
		} else if err != nil {
			return audit.Change{}, err
		}
		if err := addEvent(ctx, c, p, id, string(ev), before.Status, to, note); err != nil {
			return audit.Change{}, err
		}
		if out, err = getHazard(ctx, c, id, s.today()); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: string(ev), ObjectType: ObjectHazard, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out}, nil
	})
	return out, err
}

// FixHazard closes a general hazard once fixed and self-checked, with
// evidence stored and no action open (16号令 §15).
func (s *Service) FixHazard(ctx context.Context, id int64, note string) (Hazard, error) {
	return s.step(ctx, id, EventFix, note, nil, nil)
}

// RegradeHazard moves a hazard to grade g (regulators only): a general
// hazard found to be major needs a plan; a major one downgraded is fixed
// like a general one, by deadline ("YYYY-MM-DD"; it keeps its own if it
// has one).
func (s *Service) RegradeHazard(ctx context.Context, id int64, g Grade, deadline, note string) (Hazard, error) {
	v := &errs.Validation{}
	if !oneOf(g, Grades()) {
		v.Add("grade", keyBadChoice)
	}
	dl := parseDay(v, "deadline", deadline, false)
	if err := v.Err(); err != nil {
		return Hazard{}, err
	}
	return s.step(ctx, id, EventRegrade, note,
		func(_ db.Conn, f *Facts) error { f.NewGrade = g; return nil },
		func(c db.Conn, h Hazard, _ Status) error {
			if g == GradeGeneral {
				if dl.IsZero() {
					dl = h.Deadline
				}
				switch {
				case dl.IsZero():
					return errs.Invalid("deadline", keyRequired)
				case dl.Before(h.FoundOn.Time):
					return errs.Invalid("deadline", KeyDateOrder)
				}
				_, err := c.Exec(ctx, `UPDATE safety_hazards SET grade = ?, deadline = ? WHERE id = ?`, string(g), dl.Date, id)
				return err
			}
			_, err := c.Exec(ctx, `UPDATE safety_hazards SET grade = ? WHERE id = ?`, string(g), id)
			return err
		})
}

// SubmitPlan stores the treatment plan of a major hazard and reports it to
// the regulator (§14 report; 安全生产法 §41 双报告); its deadline becomes the
// hazard's. A plan may be revised while remediation runs.
func (s *Service) SubmitPlan(ctx context.Context, id int64, plan Plan) (Hazard, error) {
	plan.Goal, plan.Measures, plan.Materials = strings.TrimSpace(plan.Goal), strings.TrimSpace(plan.Measures), strings.TrimSpace(plan.Materials)
	plan.Responsible, plan.Contingency = strings.TrimSpace(plan.Responsible), strings.TrimSpace(plan.Contingency)
	return s.step(ctx, id, EventSubmitPlan, "",
		func(c db.Conn, f *Facts) error {
			h, err := getHazard(ctx, c, id, s.today())
			if err != nil {
				return err
			}
			if f.Grade == GradeMajor && f.Status != StatusClosed {
				if err := CheckPlan(plan, h.FoundOn.Time).Err(); err != nil {
					return err
				}
			}
			f.PlanComplete = true
			return nil
		},
		func(c db.Conn, h Hazard, _ Status) error {
			now := s.now().UTC()
			if _, err := c.Exec(ctx, `DELETE FROM safety_plans WHERE hazard_id = ?`, id); err != nil {
				return err
			}
			if _, err := c.Exec(ctx, `INSERT INTO safety_plans (hazard_id, goal, measures, funds_fen, materials, responsible, deadline, contingency, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, plan.Goal, plan.Measures, plan.FundsFen, plan.Materials, plan.Responsible, plan.Deadline.Date, plan.Contingency, now); err != nil {
				return err
			}
			_, err := c.Exec(ctx, `UPDATE safety_hazards SET deadline = ?, reported_at = COALESCE(reported_at, ?) WHERE id = ?`, plan.Deadline.Date, now, id)
			return err
		})
}

// ApplyClosure records the enterprise's application for write-off (申请销号)
// with its evidence; the regulator's review is due within the calendar's
// days (§§20–23: 10).
func (s *Service) ApplyClosure(ctx context.Context, id int64, note string) (Hazard, error) {
	return s.step(ctx, id, EventApply, note, nil, func(c db.Conn, _ Hazard, _ Status) error {
		_, err := c.Exec(ctx, `UPDATE safety_hazards SET applied_at = ? WHERE id = ?`, s.now().UTC(), id)
		return err
	})
}

// VerifyClosure is the regulator's on-site verification and write-off (销号).
func (s *Service) VerifyClosure(ctx context.Context, id int64, note string) (Hazard, error) {
	return s.step(ctx, id, EventVerify, note, nil, nil)
}

// RejectClosure sends an application back to remediation; the reason is
// required, so the enterprise knows what to correct.
func (s *Service) RejectClosure(ctx context.Context, id int64, reason string) (Hazard, error) {
	return s.step(ctx, id, EventReject, reason, nil, nil)
}

// ReviewDue is the last day for the regulator's review of a hazard whose
// write-off was applied for, false if none is pending.
func (s *Service) ReviewDue(h Hazard) (time.Time, bool) {
	if h.Status != StatusVerifying || h.AppliedAt == nil {
		return time.Time{}, false
	}
	return s.cal.ReviewDue(h.AppliedAt.In(time.FixedZone("CST", 8*3600))), true
}

// ListingInput puts a major hazard under listed supervision (挂牌督办).
type ListingInput struct {
	Level          string `json:"level"`
	ListedBy       string `json:"listed_by"` // the government or safety office listing it
	ListedOn       string `json:"listed_on"`
	PublicationURL string `json:"publication_url"`
}

// ListHazard puts an open major hazard under listed supervision by a level
// of government, optionally with the address where it was published.
func (s *Service) ListHazard(ctx context.Context, id int64, in ListingInput) (Hazard, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Hazard{}, err
	}
	var out Hazard
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getHazard(ctx, c, id, s.today())
		if err != nil {
			return audit.Change{}, err
		}
		v := &errs.Validation{}
		level := ListingLevel(strings.TrimSpace(in.Level))
		if !oneOf(level, ListingLevels()) {
			v.Add("level", keyBadChoice)
		}
		by, link := strings.TrimSpace(in.ListedBy), strings.TrimSpace(in.PublicationURL)
		text(v, "listed_by", by, true, maxName)
		on := parseDay(v, "listed_on", in.ListedOn, true)
		if !on.IsZero() && on.Before(before.FoundOn.Time) {
			v.Add("listed_on", KeyDateOrder)
		}
		if link != "" {
			u, err := url.Parse(link)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > maxURL {
				v.Add("publication_url", "safety.url.invalid")
			}
		}
		switch {
		case before.Grade != GradeMajor:
			v.Add("status", "safety.hazard.list_major_only")
		case !before.Status.Open():
			v.Add("status", KeyClosed)
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		if _, err := c.Exec(ctx, `UPDATE safety_hazards SET listed_level = ?, listed_by = ?, listed_on = ?, publication_url = ?, updated_at = ? WHERE id = ?`,
			string(level), by, on.Date, link, time.Now().UTC(), id); err != nil {
			return audit.Change{}, err
		}
		if err := addEvent(ctx, c, p, id, "list", before.Status, before.Status, by); err != nil {
			return audit.Change{}, err
		}
		if out, err = getHazard(ctx, c, id, s.today()); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "list", ObjectType: ObjectHazard, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out}, nil
	})
	return out, err
}

// ListedHazard is what the public sees of a hazard under listed
// supervision (挂牌督办), which local rules publish in the media: the
// enterprise, the hazard, who listed it, the deadline and where it stands.
type ListedHazard struct {
	OrgName      string       `json:"org_name"`
	DivisionName string       `json:"division_name"`
	Title        string       `json:"title"`
	Level        ListingLevel `json:"level"`
	ListedBy     string       `json:"listed_by"`
	ListedOn     Date         `json:"listed_on"`
	Deadline     Date         `json:"deadline"`
	Closed       bool         `json:"closed"`
}

// PublicListedHazards lists the hazards under listed supervision, open
// ones first, for the public page; no principal is needed.
func (s *Service) PublicListedHazards(ctx context.Context, limit int) ([]ListedHazard, error) {
	ctx = access.With(ctx, access.System("public listed hazards"))
	items, _, err := s.ListHazards(ctx, HazardFilter{Listed: true, Limit: limit})
	if err != nil {
		return nil, err
	}
	open, closed := []ListedHazard{}, []ListedHazard{}
	for _, h := range items {
		x := ListedHazard{OrgName: h.OrgName, DivisionName: h.DivisionName, Title: h.Title, Level: h.ListedLevel, ListedBy: h.ListedBy,
			ListedOn: h.ListedOn, Deadline: h.Deadline, Closed: !h.Status.Open()}
		if x.Closed {
			closed = append(closed, x)
		} else {
			open = append(open, x)
		}
	}
	return append(open, closed...), nil
}
