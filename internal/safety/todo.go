package safety

import (
	"context"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Todo is something waiting on the caller.
type Todo struct {
	What       string `json:"what"` // catalog key of the task
	ObjectType string `json:"object_type"`
	ObjectID   int64  `json:"object_id"`
	Title      string `json:"title"`
	// ActionKind is the kind of an enforcement action to do (a code; the
	// page names it from the catalog, safety.action_kind.*).
	ActionKind string `json:"action_kind,omitempty"`
	Due        Date   `json:"due"`
	Overdue    bool   `json:"overdue"`
}

// Todo keys.
const (
	TodoRectify   = "safety.todo.rectify"   // enterprise: fix a general hazard
	TodoPlan      = "safety.todo.plan"      // enterprise: submit the plan of a major hazard
	TodoRemediate = "safety.todo.remediate" // enterprise: finish remediation and apply
	TodoVerify    = "safety.todo.verify"    // regulator: verify an application (销号核查)
	TodoOverdue   = "safety.todo.overdue"   // regulator: an overdue hazard
	TodoAction    = "safety.todo.action"    // regulator: an open action
	TodoTriage    = "safety.todo.triage"    // regulator: a public report to triage
	TodoApprove   = "safety.todo.approve"   // reward handler: approve a reward
	TodoPay       = "safety.todo.pay"       // reward handler: pay a reward
)

// Todos lists what waits on the caller within scope, grouped by task:
// enterprises see their hazards to fix, plan and finish; regulators the
// applications to verify, overdue hazards, open actions and reports to
// triage; reward handlers the rewards to approve (proposed by someone
// else) and to pay.
func (s *Service) Todos(ctx context.Context) ([]Todo, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := []Todo{}
	hz := func(f HazardFilter, what string, due func(Hazard) (time.Time, bool)) error {
		f.Limit = 500
		list, _, err := s.ListHazards(ctx, f)
		if err != nil {
			return err
		}
		for _, h := range list {
			t := Todo{What: what, ObjectType: ObjectHazard, ObjectID: h.ID, Title: h.OrgName + "：" + h.Title}
			if d, ok := due(h); ok {
				t.Due, t.Overdue = DateOf(d), day(d).Before(today)
			}
			out = append(out, t)
		}
		return nil
	}
	deadline := func(h Hazard) (time.Time, bool) { return h.Deadline.Time, !h.Deadline.IsZero() }
	switch {
	case p.Role == access.RoleEnterprise:
		if err := hz(HazardFilter{Status: string(StatusRectifying)}, TodoRectify, deadline); err != nil {
			return nil, err
		}
		if err := hz(HazardFilter{Status: string(StatusPlanning)}, TodoPlan, deadline); err != nil {
			return nil, err
		}
		if err := hz(HazardFilter{Status: string(StatusRemediating)}, TodoRemediate, deadline); err != nil {
			return nil, err
		}
	case isRegulator(p):
		if err := hz(HazardFilter{Status: string(StatusVerifying)}, TodoVerify, s.ReviewDue); err != nil {
			return nil, err
		}
		if err := hz(HazardFilter{Overdue: true}, TodoOverdue, deadline); err != nil {
			return nil, err
		}
		acts, _, err := s.ListActions(ctx, ActionFilter{Status: string(ActionOpen), Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, a := range acts {
			t := Todo{What: TodoAction, ObjectType: ObjectAction, ObjectID: a.ID, Title: a.OrgName, ActionKind: string(a.Kind), Due: a.DueOn}
			t.Overdue = !a.DueOn.IsZero() && a.DueOn.Before(today)
			out = append(out, t)
		}
		reps, _, err := s.ListReports(ctx, ReportFilter{Status: string(ReportReceived), Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, r := range reps {
			out = append(out, Todo{What: TodoTriage, ObjectType: ObjectReport, ObjectID: r.ID, Title: r.TrackingCode})
		}
	}
	if p.Can(PermSafetyRewards) {
		w := scoped(p, "r.division_code", "")
		w.add("w.status IN (?, ?)", RewardProposed, RewardApproved)
		rows, err := s.d.Read().Query(ctx, `SELECT w.id, w.status, w.proposed_by, r.tracking_code FROM safety_rewards w JOIN safety_reports r ON r.id = w.report_id
			WHERE `+w.sql()+` ORDER BY w.id`, w.args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id, by int64
			var st, code string
			if err := rows.Scan(&id, &st, &by, &code); err != nil {
				return nil, err
			}
			switch {
			case st == RewardProposed && by != p.UserID:
				out = append(out, Todo{What: TodoApprove, ObjectType: ObjectReward, ObjectID: id, Title: code})
			case st == RewardApproved:
				out = append(out, Todo{What: TodoPay, ObjectType: ObjectReward, ObjectID: id, Title: code})
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
