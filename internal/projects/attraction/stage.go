package attraction

// Stage is a lead's place in the investment-attraction pipeline
// (招商引资): 线索 → 研判 → 在谈 → 签约 → 履约/落地 → 开工 → 投产 → 达产,
// with the terminal exits 终止 and 流失 (projects.md §2.9).
type Stage string

// The pipeline in order, then the two exits.
const (
	StageClue       Stage = "clue"       // 线索
	StageAssess     Stage = "assess"     // 研判
	StageNegotiate  Stage = "negotiate"  // 在谈 / 洽谈
	StageSigned     Stage = "signed"     // 签约 (framework or contract)
	StageLanded     Stage = "landed"     // 履约/落地: company registered, land paid
	StageStarted    Stage = "started"    // 开工
	StageProducing  Stage = "producing"  // 投产
	StageFull       Stage = "full"       // 达产
	StageTerminated Stage = "terminated" // 终止 (called off)
	StageLost       Stage = "lost"       // 流失 (went elsewhere)
)

// Catalog keys of stage problems.
const (
	keyStageUnknown  = "attraction.stage.unknown"
	keyStageBackward = "attraction.stage.backward"
	keyStageClosed   = "attraction.stage.closed"
	keyStageSame     = "attraction.stage.same"
	keyStageUnsigned = "attraction.stage.unsigned"
)

// Pipeline returns the forward stages in order.
func Pipeline() []Stage {
	return []Stage{StageClue, StageAssess, StageNegotiate, StageSigned, StageLanded, StageStarted, StageProducing, StageFull}
}

// Stages returns every stage, the pipeline first.
func Stages() []Stage { return append(Pipeline(), StageTerminated, StageLost) }

// order is the position in the pipeline (1…8), 0 for an exit or unknown.
func (s Stage) order() int {
	for i, p := range Pipeline() {
		if p == s {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return s.order() > 0 || s.Closed() }

// Closed reports whether s is a terminal exit (终止, 流失).
func (s Stage) Closed() bool { return s == StageTerminated || s == StageLost }

// AtLeast reports whether s is t or further along the pipeline.
func (s Stage) AtLeast(t Stage) bool { return s.order() > 0 && s.order() >= t.order() }

// TransitionProblem returns "" if a lead at from (or new, from "") may
// move to to, else a catalog key. Moves go forward only and may skip
// stages (a lead may be signed straight from 线索); the documented
// exceptions are the exits 终止 and 流失, allowed from any open stage
// and final. A lead reaches 签约 or beyond only with a signing on record
// (signed tells whether one is), because every rate counts a lead from
// its first signing.
func TransitionProblem(from, to Stage, signed bool) string {
	switch {
	case !to.Valid():
		return keyStageUnknown
	case from.Closed():
		return keyStageClosed
	case from == to:
		return keyStageSame
	case to.Closed():
		return ""
	case from != "" && to.order() < from.order():
		return keyStageBackward
	case to.AtLeast(StageSigned) && !signed:
		return keyStageUnsigned
	}
	return ""
}
