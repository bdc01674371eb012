package projects

import (
	"math/big"
	"sort"
)

// Red/yellow/green warnings (红黄绿灯) are decided by rule sets that are
// data: each place and year publishes its own bands (domain reference
// §2.5; Changji's are unknown), so a rule is a row — dimension, colour,
// conditions on named metrics with thresholds, persistence — and this file
// only evaluates rows. Nothing here knows Yinchuan's numbers; the seeded
// rule set does.

// Colour is a warning light.
type Colour string

const (
	Green  Colour = "green"
	Yellow Colour = "yellow"
	Red    Colour = "red"
	// NoLight: no rule of the set applies (e.g. a reserve project without
	// a plan for the year).
	NoLight Colour = ""
)

// severity orders colours: the worst dimension wins.
func (c Colour) severity() int {
	switch c {
	case Red:
		return 3
	case Yellow:
		return 2
	case Green:
		return 1
	}
	return 0
}

// Colours lists the colours a rule may give.
func Colours() []Colour { return []Colour{Red, Yellow} }

// Metric names a figure a rule can test. Values are in the unit the
// official texts use: percentage points, percent, a plain ratio, months.
type Metric string

const (
	MetricGapPP          Metric = "schedule_gap_pp"      // (A_m/P_y − m/12) × 100, pp
	MetricGapRelative    Metric = "schedule_gap_rel"     // (A_m/P_y ÷ m/12 − 1) × 100, %
	MetricCompletion     Metric = "completion_pct"       // A_m/P_y × 100, %
	MetricSPIPlan        Metric = "spi_plan"             // EV / PV from the monthly plan
	MetricSPICurve       Metric = "spi_curve"            // EV / PV from the seasonal curve
	MetricSPITPlan       Metric = "spi_t_plan"           // earned schedule ÷ months, on the monthly plan
	MetricSPITCurve      Metric = "spi_t_curve"          // earned schedule ÷ months, on the seasonal curve
	MetricStartOverdue   Metric = "start_overdue_months" // months, the due month counting 1
	MetricEnrolmentLag   Metric = "enrolment_lag_months" // whole months since start, not enrolled
	MetricPhysicalPct    Metric = "physical_pct"         // 形象进度 percent, when reported
	MetricStatsShortfall Metric = "stats_shortfall_pct"  // (A_m − 入库)/A_m × 100
)

// Metrics lists the metrics a rule may name.
func Metrics() []Metric {
	return []Metric{MetricGapPP, MetricGapRelative, MetricCompletion, MetricSPIPlan, MetricSPICurve, MetricSPITPlan, MetricSPITCurve,
		MetricStartOverdue, MetricEnrolmentLag, MetricPhysicalPct, MetricStatsShortfall}
}

// Op compares a metric with a threshold.
type Op string

const (
	OpLT Op = "lt"
	OpLE Op = "le"
	OpGT Op = "gt"
	OpGE Op = "ge"
)

// Ops lists the comparison operators.
func Ops() []Op { return []Op{OpLT, OpLE, OpGT, OpGE} }

// Condition is one test of a rule: metric op threshold. Threshold is a
// decimal string ("-10", "0.8") so that band edges are exact.
type Condition struct {
	Metric    Metric `json:"metric"`
	Op        Op     `json:"op"`
	Threshold string `json:"threshold"`
}

// holds reports whether the condition holds for figures; a missing metric
// never holds (the rule does not apply).
func (c Condition) holds(f Figures) bool {
	v, ok := f[c.Metric]
	if !ok || v == nil {
		return false
	}
	t, ok := new(big.Rat).SetString(c.Threshold)
	if !ok {
		return false
	}
	cmp := v.Cmp(t)
	switch c.Op {
	case OpLT:
		return cmp < 0
	case OpLE:
		return cmp <= 0
	case OpGT:
		return cmp > 0
	case OpGE:
		return cmp >= 0
	}
	return false
}

// Rule gives Colour on Dimension when all its Conditions hold in each of
// the last Persistence months (1 or 0: this month only).
type Rule struct {
	ID          int64       `json:"id"`
	Dimension   string      `json:"dimension"` // start, progress, enrolment …
	Colour      Colour      `json:"colour"`
	Conditions  []Condition `json:"conditions"`
	Persistence int         `json:"persistence"`
	Action      string      `json:"action"` // what follows (督办函, 约谈 …), free text
	SortOrder   int         `json:"sort_order"`
}

// Figures are one project-month's metric values.
type Figures map[Metric]*big.Rat

// Finding is the verdict on one dimension: its colour and the rule that
// gave it (0 for green: no band matched).
type Finding struct {
	Dimension string      `json:"dimension"`
	Colour    Colour      `json:"colour"`
	RuleID    int64       `json:"rule_id"`
	Action    string      `json:"action,omitempty"`
	Applied   []Condition `json:"conditions,omitempty"`
}

// Verdict is the light of a project-month: the worst finding's colour.
type Verdict struct {
	Colour   Colour    `json:"colour"`
	Findings []Finding `json:"findings"`
}

// Evaluate applies rules to history, the project's figures of consecutive
// months with the current month last. On each dimension the red rules are
// tried before the yellow ones (then by SortOrder) and the first that holds
// decides; a dimension none of whose metrics is known is left out; one
// whose metrics are known and no rule holds is green. The worst dimension
// gives the light (domain reference §2.6: "worst dimension wins").
func Evaluate(rules []Rule, history []Figures) Verdict {
	if len(history) == 0 {
		return Verdict{Colour: NoLight, Findings: []Finding{}}
	}
	cur := history[len(history)-1]
	byDim := map[string][]Rule{}
	var dims []string
	for _, r := range rules {
		if _, ok := byDim[r.Dimension]; !ok {
			dims = append(dims, r.Dimension)
		}
		byDim[r.Dimension] = append(byDim[r.Dimension], r)
	}
	out := Verdict{Colour: NoLight, Findings: []Finding{}}
	for _, dim := range dims {
		rs := byDim[dim]
		sort.SliceStable(rs, func(i, j int) bool {
			if a, b := rs[i].Colour.severity(), rs[j].Colour.severity(); a != b {
				return a > b
			}
			return rs[i].SortOrder < rs[j].SortOrder
		})
		if !knowsAny(rs, cur) {
			continue
		}
		f := Finding{Dimension: dim, Colour: Green}
		for _, r := range rs {
			if persists(r, history) {
				f = Finding{Dimension: dim, Colour: r.Colour, RuleID: r.ID, Action: r.Action, Applied: r.Conditions}
				break
			}
		}
		out.Findings = append(out.Findings, f)
		if f.Colour.severity() > out.Colour.severity() {
			out.Colour = f.Colour
		}
	}
	return out
}

// knowsAny reports whether figures hold a value for any metric the rules test.
func knowsAny(rs []Rule, f Figures) bool {
	for _, r := range rs {
		for _, c := range r.Conditions {
			if v, ok := f[c.Metric]; ok && v != nil {
				return true
			}
		}
	}
	return false
}

// persists reports whether all of r's conditions hold in each of the last
// r.Persistence months of history.
func persists(r Rule, history []Figures) bool {
	n := max(r.Persistence, 1)
	if len(r.Conditions) == 0 || len(history) < n {
		return false
	}
	for _, f := range history[len(history)-n:] {
		for _, c := range r.Conditions {
			if !c.holds(f) {
				return false
			}
		}
	}
	return true
}

// ValidThreshold reports whether s is a decimal a condition can compare with.
func ValidThreshold(s string) bool {
	if s == "" {
		return false
	}
	_, ok := new(big.Rat).SetString(s)
	return ok
}
