package projects

import (
	"context"
	"fmt"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Keys of the details.
const (
	keyStageBeforeLast = "projects.stage.before_last"
	keyStageFuture     = "projects.stage.future"
	keyPhaseUnknown    = "projects.phase.unknown"
	keyApprovalKind    = "projects.approval.unknown"
	keyActualFuture    = "projects.milestone.actual_future"
)

// ProjectDetail is everything the project page shows besides the project itself.
type ProjectDetail struct {
	Project    Project       `json:"project"`
	Stages     []StageChange `json:"stages"`
	Phases     []Phase       `json:"phases"`
	Milestones []Milestone   `json:"milestones"`
	Approvals  []Approval    `json:"approvals"`
	// Lists are the project's memberships of annual lists, newest year first.
	Lists []Membership `json:"lists"`
}

// Membership is a project's place on one annual list.
type Membership struct {
	ListID       int64        `json:"list_id"`
	Year         int          `json:"year"`
	ListName     string       `json:"list_name"`
	Category     ItemCategory `json:"category"`
	AnnualPlan   Amount       `json:"annual_plan"`
	BaselinePlan *Amount      `json:"baseline_plan"`
	Removed      bool         `json:"removed"`
}

// GetDetail returns a project with its history, phases, milestones and
// approvals checklist (kind names in lang, "zh-CN" or "en").
func (s *Service) GetDetail(ctx context.Context, id int64, lang string) (ProjectDetail, error) {
	c := s.d.Read()
	p, err := getProject(ctx, c, id)
	if err != nil {
		return ProjectDetail{}, err
	}
	d := ProjectDetail{Project: p}
	if d.Stages, err = stageHistory(ctx, c, id); err != nil {
		return d, err
	}
	if d.Phases, err = phases(ctx, c, id); err != nil {
		return d, err
	}
	if d.Milestones, err = milestones(ctx, c, id); err != nil {
		return d, err
	}
	if d.Approvals, err = approvals(ctx, c, id, lang); err != nil {
		return d, err
	}
	d.Lists, err = memberships(ctx, c, id)
	return d, err
}

// ChangeStage records a stage change on a day: forward only (see
// TransitionProblem), not before the last recorded change and not in the
// future. The first change into 新开工 or later sets the start month.
func (s *Service) ChangeStage(ctx context.Context, id int64, in StageInput) (Project, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Project{}, err
	}
	var out Project
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getProject(ctx, c, id)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		to := Stage(trim(in.Stage))
		if problem := TransitionProblem(before.Stage, to); problem != "" {
			v.Add("stage", problem)
		}
		on := day(v, "on", in.On, true)
		switch {
		case v.Has("on"):
		case on.Before(before.StageOn.Time):
			v.Add("on", keyStageBeforeLast, before.StageOn.String())
		case on.After(s.now().In(cst)):
			v.Add("on", keyStageFuture)
		}
		text(v, "note", trim(in.Note), false, maxText)
		if in.PhaseID != 0 {
			if ok, err := exists(ctx, c, `projects_phases WHERE id = ? AND project_id = ?`, in.PhaseID, id); err != nil {
				return err
			} else if !ok {
				v.Add("phase_id", keyPhaseUnknown)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		p := before
		p.Stage, p.StageOn = to, on
		if to.Started() && p.StartMonth == 0 {
			p.StartMonth = MonthOf(on.Year(), on.Month())
		}
		if err := insertStage(ctx, c, pr, StageChange{ProjectID: id, PhaseID: in.PhaseID, Stage: to, On: on, Note: trim(in.Note)}); err != nil {
			return err
		}
		if err := setStage(ctx, c, p); err != nil {
			return err
		}
		if out, err = getProject(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: "stage", ObjectType: ObjectProject, ObjectID: idStr(id), Division: out.DivisionCode,
			Before: map[string]any{"stage": before.Stage, "on": before.StageOn}, After: map[string]any{"stage": to, "on": on, "phase_id": in.PhaseID, "note": trim(in.Note)}})
	})
	return out, err
}

// editable returns the project if the caller may change it.
func editable(ctx context.Context, c db.Conn, id int64) (*access.Principal, Project, error) {
	pr, err := editor(ctx)
	if err != nil {
		return nil, Project{}, err
	}
	p, err := getProject(ctx, c, id)
	return pr, p, err
}

// SavePhase adds a phase (phaseID 0) or changes one.
func (s *Service) SavePhase(ctx context.Context, projectID, phaseID int64, in PhaseInput) (Phase, error) {
	var out Phase
	err := s.d.Tx(ctx, func(c db.Conn) error {
		_, p, err := editable(ctx, c, projectID)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		ph := Phase{ID: phaseID, ProjectID: projectID, Seq: in.Seq, Name: trim(in.Name), Capacity: trim(in.Capacity), Notes: trim(in.Notes)}
		text(v, "name", ph.Name, true, maxName)
		text(v, "capacity", ph.Capacity, false, maxText)
		text(v, "notes", ph.Notes, false, maxNotes)
		if ph.Seq < 1 || ph.Seq > 99 {
			v.Add("seq", keyBadNum)
		}
		ph.Investment = amount(v, "investment", in.Investment, false)
		if !v.Has("investment") && p.TotalInvestment > 0 && ph.Investment > p.TotalInvestment {
			v.Add("investment", ReportAboveTotal, ph.Investment.String(), p.TotalInvestment.String())
		}
		if err := v.Err(); err != nil {
			return err
		}
		action := audit.ActionUpdate
		if phaseID == 0 {
			action = audit.ActionCreate
			err = c.QueryRow(ctx, `INSERT INTO projects_phases (project_id, seq, name, capacity, investment, notes) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				projectID, ph.Seq, ph.Name, ph.Capacity, int64(ph.Investment), ph.Notes).Scan(&ph.ID)
		} else {
			res, e := c.Exec(ctx, `UPDATE projects_phases SET seq = ?, name = ?, capacity = ?, investment = ?, notes = ? WHERE id = ? AND project_id = ?`,
				ph.Seq, ph.Name, ph.Capacity, int64(ph.Investment), ph.Notes, phaseID, projectID)
			err = oneRow(res, e)
		}
		if db.IsUniqueViolation(err) {
			return errs.Invalid("seq", keyDuplicate)
		}
		if err != nil {
			return err
		}
		out = ph
		return audit.Write(ctx, c, audit.Change{Action: action, ObjectType: ObjectProject + ".phase", ObjectID: fmt.Sprintf("%d/%d", projectID, ph.ID), Division: p.DivisionCode, After: ph})
	})
	return out, err
}

// SaveMilestone adds a milestone (milestoneID 0) or changes one. An actual
// date cannot lie in the future.
func (s *Service) SaveMilestone(ctx context.Context, projectID, milestoneID int64, in MilestoneInput) (Milestone, error) {
	var out Milestone
	err := s.d.Tx(ctx, func(c db.Conn) error {
		_, p, err := editable(ctx, c, projectID)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		m := Milestone{ID: milestoneID, ProjectID: projectID, PhaseID: in.PhaseID, Kind: MilestoneKind(trim(in.Kind)), Name: trim(in.Name), Notes: trim(in.Notes)}
		if !oneOf(string(m.Kind), MilestoneKinds()) {
			v.Add("kind", keyBadChoice)
		}
		text(v, "name", m.Name, m.Kind == MilestoneOther, maxName)
		text(v, "notes", m.Notes, false, maxNotes)
		m.Planned = day(v, "planned", in.Planned, false)
		m.Actual = day(v, "actual", in.Actual, false)
		if !m.Actual.IsZero() && m.Actual.After(s.now().In(cst)) {
			v.Add("actual", keyActualFuture)
		}
		if m.PhaseID != 0 {
			if ok, err := exists(ctx, c, `projects_phases WHERE id = ? AND project_id = ?`, m.PhaseID, projectID); err != nil {
				return err
			} else if !ok {
				v.Add("phase_id", keyPhaseUnknown)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		action := audit.ActionUpdate
		if milestoneID == 0 {
			action = audit.ActionCreate
			err = c.QueryRow(ctx, `INSERT INTO projects_milestones (project_id, phase_id, kind, name, planned, actual, notes) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				projectID, nullID(m.PhaseID), string(m.Kind), m.Name, m.Planned.Date, m.Actual.Date, m.Notes).Scan(&m.ID)
		} else {
			res, e := c.Exec(ctx, `UPDATE projects_milestones SET phase_id = ?, kind = ?, name = ?, planned = ?, actual = ?, notes = ? WHERE id = ? AND project_id = ?`,
				nullID(m.PhaseID), string(m.Kind), m.Name, m.Planned.Date, m.Actual.Date, m.Notes, milestoneID, projectID)
			err = oneRow(res, e)
		}
		if err != nil {
			return err
		}
		out = m
		return audit.Write(ctx, c, audit.Change{Action: action, ObjectType: ObjectProject + ".milestone", ObjectID: fmt.Sprintf("%d/%d", projectID, m.ID), Division: p.DivisionCode, After: m})
	})
	return out, err
}

// SetApproval sets one item of the 前期 checklist.
func (s *Service) SetApproval(ctx context.Context, projectID int64, in ApprovalInput) (Approval, error) {
	var out Approval
	err := s.d.Tx(ctx, func(c db.Conn) error {
		_, p, err := editable(ctx, c, projectID)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		a := Approval{KindCode: trim(in.KindCode), Status: ApprovalStatus(trim(in.Status)), DocNo: trim(in.DocNo), Notes: trim(in.Notes)}
		if ok, err := exists(ctx, c, `projects_approval_kinds WHERE code = ?`, a.KindCode); err != nil {
			return err
		} else if !ok {
			v.Add("kind_code", keyApprovalKind)
		}
		if !oneOf(string(a.Status), ApprovalStatuses()) {
			v.Add("status", keyBadChoice)
		}
		text(v, "doc_no", a.DocNo, false, maxName)
		text(v, "notes", a.Notes, false, maxNotes)
		a.ObtainedOn = day(v, "obtained_on", in.ObtainedOn, false)
		if !a.ObtainedOn.IsZero() && a.ObtainedOn.After(s.now().In(cst)) {
			v.Add("obtained_on", keyActualFuture)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := c.Exec(ctx, `DELETE FROM projects_approvals WHERE project_id = ? AND kind_code = ?`, projectID, a.KindCode); err != nil {
			return err
		}
		if _, err := c.Exec(ctx, `INSERT INTO projects_approvals (project_id, kind_code, status, doc_no, obtained_on, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			projectID, a.KindCode, string(a.Status), a.DocNo, a.ObtainedOn.Date, a.Notes, s.now().UTC()); err != nil {
			return err
		}
		out = a
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectProject + ".approval", ObjectID: fmt.Sprintf("%d/%s", projectID, a.KindCode), Division: p.DivisionCode, After: a})
	})
	return out, err
}
