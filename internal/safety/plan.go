package safety

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Plan is the treatment plan of a major hazard (重大事故隐患治理方案). 16号令
// §15 lists six contents; practice checks the "five elements" (五落实:
// 责任、措施、资金、时限、预案), which are required here. The goal is the
// sixth §15 content and is optional.
type Plan struct {
	Goal        string `json:"goal"`        // 治理的目标和任务
	Measures    string `json:"measures"`    // 采取的方法和措施
	FundsFen    int64  `json:"funds_fen"`   // 经费 in fen (分)
	Materials   string `json:"materials"`   // 物资的落实
	Responsible string `json:"responsible"` // 负责治理的机构和人员
	Deadline    Date   `json:"deadline"`    // 治理的时限
	Contingency string `json:"contingency"` // 安全措施和应急预案
}

// Plan field lengths, in characters.
const (
	maxPlanText = 4000
	maxShort    = 200
)

// CheckPlan applies the five-element rule to a plan for a hazard found on
// foundOn: responsibility, measures, funds (an amount or the materials
// committed), a deadline not before the finding, and the contingency plan.
func CheckPlan(p Plan, foundOn time.Time) *errs.Validation {
	v := &errs.Validation{}
	need := func(field, val string, max int) {
		val = strings.TrimSpace(val)
		switch {
		case val == "":
			v.Add(field, keyRequired)
		case utf8.RuneCountInString(val) > max:
			v.Add(field, keyTooLong, max)
		case HasMarkup(val):
			v.Add(field, KeyMarkup)
		}
	}
	need("responsible", p.Responsible, maxShort)
	need("measures", p.Measures, maxPlanText)
	need("contingency", p.Contingency, maxPlanText)
	if strings.TrimSpace(p.Goal) != "" {
		need("goal", p.Goal, maxPlanText)
	}
	switch {
	case p.FundsFen < 0:
		v.Add("funds_fen", keyNegative)
	case p.FundsFen == 0 && strings.TrimSpace(p.Materials) == "":
		v.Add("funds_fen", "safety.plan.funds_required")
	}
	if strings.TrimSpace(p.Materials) != "" {
		need("materials", p.Materials, maxPlanText)
	}
	switch {
	case p.Deadline.IsZero():
		v.Add("deadline", keyRequired)
	case p.Deadline.Before(day(foundOn)):
		v.Add("deadline", KeyDateOrder)
	}
	return v
}

// PlanComplete reports whether p passes CheckPlan.
func PlanComplete(p Plan, foundOn time.Time) bool { return CheckPlan(p, foundOn).Err() == nil }

// Yuan formats an amount in fen as yuan with two decimals (12345 → "123.45").
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// FundsYuan is the plan's funds in yuan, for pages.
func (p Plan) FundsYuan() string { return Yuan(p.FundsFen) }
