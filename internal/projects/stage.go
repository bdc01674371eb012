package projects

// Stage is where a project is in its life (domain reference §2.2). It is
// kept as a dated history, not one status field: every change is a row
// with the day it happened, so "started this year" and "in production at
// the end of June" can be answered for any date.
type Stage string

const (
	StageConcept     Stage = "concept"     // 谋划 / 策划生成
	StageReserve     Stage = "reserve"     // 储备
	StagePreparation Stage = "preparation" // 前期 (approvals under way)
	StageStarted     Stage = "started"     // 新开工 (started)
	StageContinuing  Stage = "continuing"  // 续建 (under construction from an earlier year)
	StagePartialOp   Stage = "partial_op"  // 部分建成投产 (a phase in production)
	StageCompleted   Stage = "completed"   // 竣工 / 全部建成投产
	StageSuspended   Stage = "suspended"   // 停缓建
	StageCancelled   Stage = "cancelled"   // 终止
)

// Stages lists the stages in life order.
func Stages() []Stage {
	return []Stage{StageConcept, StageReserve, StagePreparation, StageStarted, StageContinuing,
		StagePartialOp, StageCompleted, StageSuspended, StageCancelled}
}

// order places the forward stages; suspended and cancelled stand apart.
func (s Stage) order() int {
	switch s {
	case StageConcept:
		return 1
	case StageReserve:
		return 2
	case StagePreparation:
		return 3
	case StageStarted:
		return 4
	case StageContinuing:
		return 5
	case StagePartialOp:
		return 6
	case StageCompleted:
		return 7
	}
	return 0
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return oneOf(string(s), Stages()) }

// Started reports whether a project in stage s has broken ground.
func (s Stage) Started() bool { return s.order() >= StageStarted.order() }

// Stage-change problems (catalog keys).
const (
	StageBackwards = "projects.stage.backwards"
	StageFinal     = "projects.stage.final"
	StageSame      = "projects.stage.same"
	StageUnknown   = "projects.stage.unknown"
)

// TransitionProblem returns "" if a project may move from stage from to
// stage to, else a catalog key. Stages move forward and may skip (a
// project can be listed straight into 前期, and a small one can go from
// 新开工 to 竣工 within a year); they never move back, except that a
// suspended project resumes (复工) to 续建 or to the stage it left, and
// cancelled or completed projects are final. The empty from is a new
// project, which may start in any stage but the final ones.
func TransitionProblem(from, to Stage) string {
	switch {
	case !to.Valid():
		return StageUnknown
	case from == to:
		return StageSame
	case from == StageCompleted || from == StageCancelled:
		return StageFinal
	case from == "":
		return ""
	case to == StageSuspended || to == StageCancelled:
		return ""
	case from == StageSuspended:
		return ""
	case to.order() < from.order():
		return StageBackwards
	}
	return ""
}

func oneOf[T ~string](val string, all []T) bool {
	for _, a := range all {
		if string(a) == val {
			return true
		}
	}
	return false
}
