package safety

// The hazard lifecycle (隐患闭环) as a state machine, after 16号令 §§3, 14–15
// and the derived chart of the domain reference §2.4:
//
//	general: rectifying --fix--> closed
//	major:   planning --submit_plan--> remediating --apply--> verifying
//	         verifying --verify--> closed (销号) | --reject--> remediating
//	either:  regrade moves a hazard between the two tracks before it closes
//
// Guards that make "nothing quietly dropped" true: no closure without
// evidence; no closure while an action on the hazard is open (Cority
// BR-0000001); a major hazard closes only on the regulator's verification;
// a plan must carry the five elements (五落实) before remediation starts.

// Status is where a hazard stands.
type Status string

const (
	StatusRectifying  Status = "rectifying"  // 整改中 (general hazard)
	StatusPlanning    Status = "planning"    // 待制定治理方案 (major hazard)
	StatusRemediating Status = "remediating" // 治理中 (major hazard, plan reported)
	StatusVerifying   Status = "verifying"   // 申请销号，待核查
	StatusClosed      Status = "closed"      // 已整改/已销号
)

// Statuses lists the statuses in lifecycle order.
func Statuses() []Status {
	return []Status{StatusRectifying, StatusPlanning, StatusRemediating, StatusVerifying, StatusClosed}
}

// Open reports whether a hazard in status s still needs work.
func (s Status) Open() bool { return s != StatusClosed }

// InitialStatus is where a new hazard of grade g starts.
func InitialStatus(g Grade) Status {
	if g == GradeMajor {
		return StatusPlanning
	}
	return StatusRectifying
}

// Event is something done to a hazard.
type Event string

const (
	EventFix        Event = "fix"         // general hazard fixed and self-checked (§15: removed at once)
	EventRegrade    Event = "regrade"     // grade changed by the regulator
	EventSubmitPlan Event = "submit_plan" // treatment plan reported to the regulator (§14, §41 双报告)
	EventApply      Event = "apply"       // enterprise applies for write-off with evidence (申请销号)
	EventVerify     Event = "verify"      // regulator verifies on site and writes off (核查销号)
	EventReject     Event = "reject"      // regulator finds the remediation short
)

// Actor is the side acting on a hazard.
type Actor string

const (
	ActorEnterprise Actor = "enterprise" // the enterprise itself
	ActorRegulator  Actor = "regulator"  // a supervising department (应急、行业主管部门)
)

// Facts are what the guards look at.
type Facts struct {
	Grade  Grade
	Status Status
	// NewGrade is the target grade of EventRegrade.
	NewGrade Grade
	// PlanComplete: the treatment plan carries the five elements (plan.go).
	PlanComplete bool
	// Evidence is the number of evidence files stored for the hazard.
	Evidence int
	// OpenActions is the number of the hazard's actions not yet done.
	OpenActions int
}

// Transition refusals, as catalog keys.
const (
	KeyTransition       = "safety.hazard.bad_transition"
	KeyClosed           = "safety.hazard.already_closed"
	KeyRegulatorOnly    = "safety.hazard.regulator_only"
	KeyEvidenceRequired = "safety.hazard.evidence_required"
	KeyActionsOpen      = "safety.hazard.actions_open"
	KeyPlanIncomplete   = "safety.hazard.plan_incomplete"
	KeySameGrade        = "safety.hazard.same_grade"
)

// Next returns the status after event ev by actor a, or the catalog key of
// the rule that refuses it.
func Next(f Facts, ev Event, a Actor) (Status, string) {
	if f.Status == StatusClosed {
		return f.Status, KeyClosed
	}
	switch ev {
	case EventFix:
		if f.Grade != GradeGeneral || f.Status != StatusRectifying {
			return f.Status, KeyTransition
		}
		return closing(f, StatusClosed)
	case EventRegrade:
		if a != ActorRegulator {
			return f.Status, KeyRegulatorOnly
		}
		switch {
		case f.NewGrade == f.Grade:
			return f.Status, KeySameGrade
		case f.NewGrade == GradeMajor:
			return StatusPlanning, ""
		case f.NewGrade == GradeGeneral && f.Status != StatusVerifying:
			return StatusRectifying, ""
		}
		return f.Status, KeyTransition
	case EventSubmitPlan:
		// A plan may be revised while remediation runs; it stays reported.
		if f.Grade != GradeMajor || (f.Status != StatusPlanning && f.Status != StatusRemediating) {
			return f.Status, KeyTransition
		}
		if !f.PlanComplete {
			return f.Status, KeyPlanIncomplete
		}
		return StatusRemediating, ""
	case EventApply:
		if f.Grade != GradeMajor || f.Status != StatusRemediating {
			return f.Status, KeyTransition
		}
		if f.Evidence == 0 {
			return f.Status, KeyEvidenceRequired
		}
		return StatusVerifying, ""
	case EventVerify:
		if f.Status != StatusVerifying {
			return f.Status, KeyTransition
		}
		if a != ActorRegulator {
			return f.Status, KeyRegulatorOnly
		}
		return closing(f, StatusClosed)
	case EventReject:
		if f.Status != StatusVerifying {
			return f.Status, KeyTransition
		}
		if a != ActorRegulator {
			return f.Status, KeyRegulatorOnly
		}
		return StatusRemediating, ""
	}
	return f.Status, KeyTransition
}

// closing applies the guards every closure shares.
func closing(f Facts, to Status) (Status, string) {
	if f.Evidence == 0 {
		return f.Status, KeyEvidenceRequired
	}
	if f.OpenActions > 0 {
		return f.Status, KeyActionsOpen
	}
	return to, ""
}
