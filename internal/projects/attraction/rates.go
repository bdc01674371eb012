package attraction

import (
	"sort"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/projects"
)

// The attraction rates (projects.md §2.9, "Rates (Xuchang 2017)" [V] and
// "No double counting" [P]) are counted over a cohort: the leads whose
// FIRST signing falls in the year (and on or before the as-of day). A
// lead counts once, in the year of its first signing, however many
// agreements, upgrades or increases follow; a lead never signed is in no
// cohort. Over that cohort:
//
//	履约率   performing ÷ signed: not called off (终止/流失) by the as-of day
//	落地率   reached 履约/落地 ÷ signed
//	开工率   reached 开工 ÷ signed
//	投产率   reached 投产 ÷ signed
//	资金到位率 arrived funds ÷ contracted amount (到位 ÷ 合同), both to the as-of day
//
// "Reached" means the stage history reached it on or before the as-of day,
// even if the lead was later called off: the start happened. Which stages
// and exits count is the reference's reading [U], kept in this one file.

// Fact is what the rates need of one lead: where it is, its dated stage
// history, signings and arrived funds.
type Fact struct {
	LeadID    int64
	Exclusion Exclusion
	Division  string // county code
	ParkID    int64
	ClusterID int64
	History   []StageChange
	Signings  []Signing // in date order
	Funds     []Fund
}

// Rate is a count or amount ratio; Den 0 means "no cohort".
type Rate struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// Permille returns the rate in tenths of a percent, rounded half up
// (244/247 → 988, printed "98.8%").
func (r Rate) Permille() int64 {
	if r.Den <= 0 {
		return 0
	}
	return (r.Num*2000 + r.Den) / (2 * r.Den)
}

// String prints "98.8%", or "—" without a cohort.
func (r Rate) String() string {
	if r.Den <= 0 {
		return "—"
	}
	p := r.Permille()
	return strconv.FormatInt(p/10, 10) + "." + strconv.FormatInt(p%10, 10) + "%"
}

// Rates is one row of the rates table.
type Rates struct {
	Key        string          `json:"key"`   // group key: year, county code, park id or cluster id
	Label      string          `json:"label"` // the county, park or cluster name (filled by the service)
	Signed     int64           `json:"signed"`
	Performing Rate            `json:"performing"` // 履约率
	Landed     Rate            `json:"landed"`     // 落地率
	Started    Rate            `json:"started"`    // 开工率
	Producing  Rate            `json:"producing"`  // 投产率
	Funds      Rate            `json:"funds"`      // 资金到位率 (amounts in hundredths of 万元)
	Contracted projects.Amount `json:"contracted"`
	Arrived    projects.Amount `json:"arrived"`
	Official   projects.Amount `json:"official"` // arrived and counted in the official total
}

// firstSigned returns the first signing day and whether it is in year and
// not after asOf.
func firstSigned(f Fact, year int, asOf time.Time) bool {
	if len(f.Signings) == 0 {
		return false
	}
	d := f.Signings[0].SignedOn.Time
	return d.Year() == year && !d.After(asOf)
}

// reached reports whether the history reached stage s (or further) on or
// before asOf.
func reached(h []StageChange, s Stage, asOf time.Time) bool {
	for _, c := range h {
		if c.Stage.AtLeast(s) && !c.On.After(asOf) {
			return true
		}
	}
	return false
}

// closedBy reports whether the lead left the pipeline on or before asOf.
func closedBy(h []StageChange, asOf time.Time) bool {
	for _, c := range h {
		if c.Stage.Closed() && !c.On.After(asOf) {
			return true
		}
	}
	return false
}

// add counts one fact into r.
func (r *Rates) add(f Fact, asOf time.Time) {
	r.Signed++
	for _, x := range []struct {
		rate *Rate
		hit  bool
	}{
		{&r.Performing, !closedBy(f.History, asOf)},
		{&r.Landed, reached(f.History, StageLanded, asOf)},
		{&r.Started, reached(f.History, StageStarted, asOf)},
		{&r.Producing, reached(f.History, StageProducing, asOf)},
	} {
		x.rate.Den++
		if x.hit {
			x.rate.Num++
		}
	}
	var upTo []Signing
	for _, s := range f.Signings {
		if !s.SignedOn.After(asOf) {
			upTo = append(upTo, s)
		}
	}
	_, c := Counted(upTo)
	r.Contracted += c
	for _, m := range f.Funds {
		if !m.ArrivedOn.After(asOf) {
			r.Arrived += m.Amount
			if m.Official {
				r.Official += m.Amount
			}
		}
	}
	r.Funds = Rate{Num: int64(r.Arrived), Den: int64(r.Contracted)}
}

// Grouping names a breakdown of the rates table.
type Grouping string

const (
	ByWhole   Grouping = "whole"
	ByCounty  Grouping = "county"
	ByPark    Grouping = "park"
	ByCluster Grouping = "cluster"
)

// Groupings returns the breakdowns in display order.
func Groupings() []Grouping { return []Grouping{ByWhole, ByCounty, ByPark, ByCluster} }

func (g Grouping) key(f Fact) string {
	switch g {
	case ByCounty:
		return f.Division
	case ByPark:
		return strconv.FormatInt(f.ParkID, 10)
	case ByCluster:
		return strconv.FormatInt(f.ClusterID, 10)
	}
	return ""
}

// Compute returns the rates of the year's cohort as of asOf, one row per
// group in key order (ByWhole: one row keyed by the year). Leads without
// a park or cluster group under "0". Excluded leads and leads below the
// floor of the counting rule in force (counting.go) are left out.
func Compute(facts []Fact, rules []CountRule, year int, asOf time.Time, g Grouping) []Rates {
	rows := map[string]*Rates{}
	for _, f := range facts {
		if !firstSigned(f, year, asOf) || !counts(f, rules, asOf) {
			continue
		}
		k := g.key(f)
		if g == ByWhole || g == "" {
			k = strconv.Itoa(year)
		}
		r := rows[k]
		if r == nil {
			r = &Rates{Key: k}
			rows[k] = r
		}
		r.add(f, asOf)
	}
	out := make([]Rates, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	if len(out) == 0 && (g == ByWhole || g == "") {
		out = append(out, Rates{Key: strconv.Itoa(year)})
	}
	return out
}
