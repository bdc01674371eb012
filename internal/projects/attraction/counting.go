package attraction

import (
	"sort"
	"time"

	"github.com/changji-gov/bogda/internal/projects"
)

// Exclusion is a reason a lead stays out of the attraction statistics
// (projects.md §2.9 "Exclusions" [P]: local or fiscal funding, PPP,
// restricted access, vertical-body branches, real estate, phase 2, local
// relocations). The lead stays in the pipeline; the rates skip it.
type Exclusion string

const (
	ExclNone       Exclusion = ""
	ExclLocalFunds Exclusion = "local_funds" // 本地或财政资金
	ExclPPP        Exclusion = "ppp"         // PPP 项目
	ExclRestricted Exclusion = "restricted"  // 限制类
	ExclBranch     Exclusion = "branch"      // 垂管单位分支机构
	ExclRealEstate Exclusion = "real_estate" // 房地产
	ExclPhaseTwo   Exclusion = "phase_two"   // 二期及以后
	ExclRelocation Exclusion = "relocation"  // 本地搬迁
)

// Exclusions returns the reasons in display order (without "none").
func Exclusions() []Exclusion {
	return []Exclusion{ExclLocalFunds, ExclPPP, ExclRestricted, ExclBranch, ExclRealEstate, ExclPhaseTwo, ExclRelocation}
}

// Valid reports whether e is "none" or a known reason.
func (e Exclusion) Valid() bool {
	if e == ExclNone {
		return true
	}
	for _, x := range Exclusions() {
		if x == e {
			return true
		}
	}
	return false
}

// CountRule is the counting rule in force from a date: leads whose
// contracted amount is below Floor do not count (e.g. 1亿 [P]).
type CountRule struct {
	ID            int64           `json:"id"`
	EffectiveFrom Date            `json:"effective_from"`
	Floor         projects.Amount `json:"floor"`
	Source        string          `json:"source"`
	CreatedAt     time.Time       `json:"created_at"`
}

// CountRuleInput sets the rule in force from a date.
type CountRuleInput struct {
	EffectiveFrom string `json:"effective_from"`
	Floor         string `json:"floor"`
	Source        string `json:"source"`
}

// RuleOn returns the rule in force on day: the latest effective on or
// before it; the zero rule (no floor) if none is.
func RuleOn(rules []CountRule, day time.Time) CountRule {
	sorted := append([]CountRule(nil), rules...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].EffectiveFrom.Before(sorted[j].EffectiveFrom.Time) })
	var out CountRule
	for _, r := range sorted {
		if !r.EffectiveFrom.After(day) {
			out = r
		}
	}
	return out
}

// counts reports whether a fact of the cohort counts under rules: not
// excluded, and its contracted amount at asOf at least the floor in force
// on its first signing day (the day it would count).
func counts(f Fact, rules []CountRule, asOf time.Time) bool {
	if f.Exclusion != ExclNone {
		return false
	}
	r := RuleOn(rules, f.Signings[0].SignedOn.Time)
	if r.Floor == 0 {
		return true
	}
	var upTo []Signing
	for _, s := range f.Signings {
		if !s.SignedOn.After(asOf) {
			upTo = append(upTo, s)
		}
	}
	_, c := Counted(upTo)
	return c >= r.Floor
}
