package safety

import "time"

// Rewards for reports (举报奖励), after 安监总财〔2018〕19号 (domain reference
// §2.7): a verified report of a major hazard or illegal production earns a
// share of the fine with a floor and a cap; a report of a concealed accident
// earns a fixed amount per concealed death by accident grade, capped. Local
// rules (Changji 昌州政办发〔2025〕14号, amounts unknown) change the numbers,
// so every number is a RewardRule row with effective dates.

// RewardBasis is what a rule pays on.
type RewardBasis string

const (
	BasisFineShare      RewardBasis = "fine_share"      // share of the fine imposed
	BasisConcealedDeath RewardBasis = "concealed_death" // per death of a concealed accident
)

// AccidentGrade is the grade of a production-safety accident (生产安全事故等级).
type AccidentGrade string

const (
	AccidentGeneral         AccidentGrade = "general"          // 一般事故
	AccidentLarger          AccidentGrade = "larger"           // 较大事故
	AccidentMajor           AccidentGrade = "major"            // 重大事故
	AccidentEspeciallyMajor AccidentGrade = "especially_major" // 特别重大事故
)

// AccidentGrades lists the accident grades, least severe first.
func AccidentGrades() []AccidentGrade {
	return []AccidentGrade{AccidentGeneral, AccidentLarger, AccidentMajor, AccidentEspeciallyMajor}
}

// RewardRule is one rule of a reward scheme. Amounts are in fen (分) so
// that 15 % of any fine is exact to the fen.
type RewardRule struct {
	ID    int64       `json:"id"`
	Code  string      `json:"code"`
	Name  string      `json:"name"`
	Basis RewardBasis `json:"basis"`
	// RateBP is the share of the fine in basis points (1500 = 15 %).
	RateBP int64 `json:"rate_bp"`
	MinFen int64 `json:"min_fen"`
	MaxFen int64 `json:"max_fen"` // 0: no cap
	// PerDeathFen is the amount per concealed death by accident grade.
	PerDeathFen   map[AccidentGrade]int64 `json:"per_death_fen"`
	EffectiveFrom Date                    `json:"effective_from"`
	EffectiveTo   Date                    `json:"effective_to"`
	Source        string                  `json:"source"`
}

// InForce reports whether the rule applies on day d.
func (r RewardRule) InForce(d time.Time) bool { return inForce(r.EffectiveFrom, r.EffectiveTo, d) }

// FineShareReward is min(max(rate × fine, min), max), the fine in fen,
// the share rounded half up to the fen.
func FineShareReward(r RewardRule, fineFen int64) int64 {
	share := (max(fineFen, 0)*r.RateBP + 5000) / 10000
	share = max(share, r.MinFen)
	if r.MaxFen > 0 {
		share = min(share, r.MaxFen)
	}
	return share
}

// ConcealedDeathReward is min(Σ per-death amount by grade, cap) for the
// concealed deaths counted per accident grade. An unknown grade pays nothing.
func ConcealedDeathReward(r RewardRule, deaths map[AccidentGrade]int) int64 {
	var sum int64
	for g, n := range deaths {
		sum += r.PerDeathFen[g] * int64(max(n, 0))
	}
	if r.MaxFen > 0 {
		sum = min(sum, r.MaxFen)
	}
	return sum
}

// RuleFor picks the rule of basis b in force on day d; when two are, the
// one in force from the later date wins (a local rule replacing the
// national one).
func RuleFor(rules []RewardRule, b RewardBasis, d time.Time) (RewardRule, bool) {
	var best RewardRule
	found := false
	for _, r := range rules {
		if r.Basis != b || !r.InForce(d) {
			continue
		}
		if !found || r.EffectiveFrom.After(best.EffectiveFrom.Time) {
			best, found = r, true
		}
	}
	return best, found
}
